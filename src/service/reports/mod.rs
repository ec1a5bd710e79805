//! Reports for officials: read-only figures over a unit and everything under it, within what
//! the caller may see. Each report reads in one snapshot.

pub mod dashboard;
pub mod index766;
pub mod progress;
pub mod results;

use chrono::NaiveDate;

use crate::db::{DbConnection, offices};
use crate::domain::account::Binding;
use crate::error::Error;
use crate::reports::progress as report;

/// A period must not end before it starts, and lies within the years 1900–9999.
pub fn check_period(from: NaiveDate, to: NaiveDate) -> Result<(), Error> {
    use chrono::Datelike;
    for (name, day) in [("from", from), ("to", to)] {
        if !(1900..=9999).contains(&day.year()) {
            return Err(Error::field(
                name,
                "range",
                "phải trong các năm 1900–9999",
                "must be within the years 1900–9999",
            ));
        }
    }
    if from > to {
        return Err(Error::field(
            "from",
            "range",
            "ngày đầu kỳ phải không sau ngày cuối kỳ",
            "must not be after `to`",
        ));
    }
    Ok(())
}

/// Whether the caller may see `code`'s report: administrators any unit, officials their unit
/// and below, clerks and specialists their office's unit and below.
pub fn may_see(
    conn: &mut DbConnection,
    binding: &Binding,
    code: &str,
    on: NaiveDate,
) -> Result<bool, Error> {
    Ok(match binding {
        Binding::Admin => true,
        Binding::Unit { unit_code } => report::within(conn, code, unit_code, on)?,
        Binding::Office { office_code, .. } => match offices::find_by_code(conn, office_code)? {
            Some(office) => report::within(conn, code, &office.unit_code, on)?,
            None => false,
        },
    })
}
