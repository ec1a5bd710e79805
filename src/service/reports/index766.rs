//! The Decision 766/QĐ-TTg indicators of a unit over a period.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::may_see;
use crate::db::{DbConnection, desk, offices, read_snapshot, units};
use crate::domain::account::Binding;
use crate::domain::calendar::from_local;
use crate::domain::index766::{Indicator, digitisation, indicators};
use crate::domain::report::{GroupBy, Period};
use crate::error::{Code, Error};
use crate::reports::progress as progress_report;
use crate::reports::results::{self as results_report, Selection};
use crate::service::Staff;
use crate::service::calendar::cache::CalendarCache;

/// The indicators of a unit over a period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndexOut {
    /// The unit's GSO code.
    pub unit: String,
    /// Its name on the period's last day.
    pub name: String,
    /// The period's first day.
    pub from: NaiveDate,
    /// Its last day.
    pub to: NaiveDate,
    /// The indicators, each with its formula and inputs.
    pub indicators: Vec<Indicator>,
}

/// The indicators of unit `unit` from `from` to `to`, within what the staff member may see.
pub fn index_766(
    conn: &mut DbConnection,
    calendar: &CalendarCache,
    staff: &Staff,
    unit: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<IndexOut, Error> {
    super::check_period(from, to)?;
    read_snapshot(conn, |conn| index_in(conn, calendar, staff, unit, from, to))
}

/// [`index_766`] inside a read snapshot the caller holds; the period is checked by the caller.
pub fn index_in(
    conn: &mut DbConnection,
    calendar: &CalendarCache,
    staff: &Staff,
    unit: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<IndexOut, Error> {
    let code = unit.trim().to_owned();
    if units::find_valid_on(conn, &code, to)?.is_none() {
        return Err(Error::NotFound(Code::UnitNotFound));
    }
    if !may_see(conn, &staff.binding, &code, to)? {
        return Err(Error::Forbidden);
    }
    // The application counts follow the results report's scope: an official's own tree,
    // a clerk's or specialist's own office.
    let (within, office_id) = match &staff.binding {
        Binding::Admin => (None, None),
        Binding::Unit { unit_code } => (Some(units::subtree_ids(conn, unit_code)?), None),
        Binding::Office { office_code, .. } => (
            None,
            Some(offices::find_id_by_code(conn, office_code)?.ok_or(Error::Forbidden)?),
        ),
    };
    let progress =
        progress_report::compute(conn, &code, to)?.ok_or(Error::NotFound(Code::UnitNotFound))?;
    let calendar = calendar.current(conn)?;
    let selection = Selection {
        period: Period { from, to },
        unit_ids: Some(results_report::unit_ids(
            conn,
            &code,
            None,
            within.as_deref(),
        )?),
        office_id,
        group_by: GroupBy::Field,
        roll_up: None,
    };
    let results = results_report::results(conn, &calendar, &selection)?;
    // Digitisation is counted from the stored files, over the period's Vietnam days.
    let start =
        |day: NaiveDate| from_local(day.and_hms_opt(0, 0, 0).unwrap_or_default()).naive_utc();
    let counted = desk::digitised(
        conn,
        selection.unit_ids.as_deref(),
        selection.office_id.as_deref(),
        start(from),
        start(to + chrono::Duration::days(1)),
    )?;
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    let mut all = indicators(&results.total, &progress.figures);
    all.extend(digitisation(
        count(counted.received),
        count(counted.received_digitised),
        count(counted.resolved),
        count(counted.resolved_digitised),
    ));
    Ok(IndexOut {
        unit: code,
        name: progress.unit.full_name.clone(),
        from,
        to,
        indicators: all,
    })
}
