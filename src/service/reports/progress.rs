//! The reform-progress report of a unit on a date.

use chrono::NaiveDate;

use super::may_see;
use crate::db::{DbConnection, units};
use crate::error::{Code, Error};
use crate::reports::progress::{self as report, ProgressReport};
use crate::service::Staff;

/// The reform bulletin's figures for unit `code` on day `on`, if the staff member may see it.
pub fn progress(
    conn: &mut DbConnection,
    staff: &Staff,
    code: &str,
    on: NaiveDate,
) -> Result<ProgressReport, Error> {
    let binding = &staff.binding;
    if units::find_valid_on(conn, code, on)?.is_none() {
        return Err(Error::NotFound(Code::UnitNotFound));
    }
    if !may_see(conn, binding, code, on)? {
        return Err(Error::Forbidden);
    }
    report::compute(conn, code, on)?.ok_or(Error::NotFound(Code::UnitNotFound))
}
