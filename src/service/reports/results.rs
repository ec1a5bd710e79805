//! The results report of a period, within what the caller may see.

use crate::db::{DbConnection, offices, read_snapshot, units};
use crate::domain::account::Binding;
use crate::domain::report::{GroupBy, Period, View};
use crate::error::{Code, Error};
use crate::reports::form::{self, Heading};
use crate::reports::results::{self as report, Results, Selection};
use crate::service::Staff;
use crate::service::calendar::cache::CalendarCache;

/// What a results report asks for.
#[derive(Debug, Clone)]
pub struct ResultsQuery {
    /// The period.
    pub period: Period,
    /// A unit's GSO code (it and every unit under it).
    pub unit: Option<String>,
    /// An office's agency code.
    pub office: Option<String>,
    /// The lines.
    pub group_by: GroupBy,
    /// As the units were, or rolled up to today's.
    pub view: View,
}

/// What a caller asked for, once their role has had its say.
pub struct Scoped {
    /// The unit's code and the ids of the units of receipt counted.
    pub unit: Option<(String, Vec<String>)>,
    /// The office's code and id.
    pub office: Option<(String, String)>,
}

fn unit_not_found() -> Error {
    Error::NotFound(Code::UnitNotFound)
}

/// Applies the caller's scope: administrators ask for anything; officials for their unit or
/// what lies under it (their unit when they name none); clerks and specialists get their
/// own office.
pub fn scope(
    conn: &mut DbConnection,
    staff: &Staff,
    unit: Option<&str>,
    office: Option<&str>,
    roll_up: Option<&report::RollUp>,
) -> Result<Scoped, Error> {
    // What the caller names is looked up once: unknown codes are 404 whoever asks.
    let named_unit = match unit {
        Some(code) => {
            let ids: Vec<String> = units::by_code(conn, code)?
                .into_iter()
                .map(|u| u.id)
                .collect();
            if ids.is_empty() {
                return Err(unit_not_found());
            }
            Some((code, ids))
        }
        None => None,
    };
    let find_office =
        |conn: &mut DbConnection, code: &str| -> Result<(String, offices::OfficeView), Error> {
            let found =
                offices::find_by_code(conn, code)?.ok_or(Error::NotFound(Code::OfficeNotFound))?;
            Ok((code.to_owned(), found))
        };
    let named_office = office.map(|code| find_office(conn, code)).transpose()?;
    // An official's tree bounds whatever they ask for, office included: a unit code taken
    // over elsewhere, or an office moved in from another unit, brings nothing from outside.
    let (unit, office, within) = match &staff.binding {
        Binding::Admin => (unit.map(str::to_owned), named_office, None),
        Binding::Office { office_code, .. } => {
            if unit.is_some() || office.is_some_and(|o| o != office_code) {
                return Err(Error::Forbidden);
            }
            (None, Some(find_office(conn, office_code)?), None)
        }
        Binding::Unit { unit_code } => {
            let allowed = units::subtree_ids(conn, unit_code)?;
            if let Some((_, ids)) = &named_unit
                && !ids.iter().any(|id| allowed.contains(id))
            {
                return Err(Error::Forbidden);
            }
            if let Some((_, found)) = &named_office
                && !allowed.contains(&found.row.unit_id)
            {
                return Err(Error::Forbidden);
            }
            let unit = unit.unwrap_or(unit_code).to_owned();
            (Some(unit), named_office, Some(allowed))
        }
    };
    let unit = match unit {
        Some(code) => {
            let ids = report::unit_ids(conn, &code, roll_up, within.as_deref())?;
            Some((code, ids))
        }
        None => None,
    };
    let office = office.map(|(code, found)| (code, found.row.id));
    Ok(Scoped { unit, office })
}

/// The results report for a staff member: its scope (the unit and office it covers, by code),
/// its figures and the official form's heading (the unit's or office's name), read in one
/// snapshot.
pub fn results(
    conn: &mut DbConnection,
    calendar: &CalendarCache,
    staff: &Staff,
    query: &ResultsQuery,
) -> Result<(Scoped, Results, Heading), Error> {
    super::check_period(query.period.from, query.period.to)?;
    read_snapshot(conn, |conn| results_in(conn, calendar, staff, query))
}

/// [`results`] inside a read snapshot the caller holds (a page that reads several reports
/// at once); the period is checked by the caller.
pub fn results_in(
    conn: &mut DbConnection,
    calendar: &CalendarCache,
    staff: &Staff,
    query: &ResultsQuery,
) -> Result<(Scoped, Results, Heading), Error> {
    // Today's units are read once, for the unit filter and the lines alike.
    let roll_up = match query.view {
        View::RolledUp => Some(report::roll_up(conn)?),
        View::AsItWas => None,
    };
    let scoped = scope(
        conn,
        staff,
        query.unit.as_deref(),
        query.office.as_deref(),
        roll_up.as_ref(),
    )?;
    let calendar = calendar.current(conn)?;
    let selection = Selection {
        period: query.period,
        unit_ids: scoped.unit.as_ref().map(|(_, ids)| ids.clone()),
        office_id: scoped.office.as_ref().map(|(_, id)| id.clone()),
        group_by: query.group_by,
        roll_up,
    };
    let results = report::results(conn, &calendar, &selection)?;
    let heading = form::heading(
        conn,
        query.period,
        scoped.unit.as_ref().map(|(code, _)| code.as_str()),
        scoped.office.as_ref().map(|(_, id)| id.as_str()),
    )?;
    Ok((scoped, results, heading))
}
