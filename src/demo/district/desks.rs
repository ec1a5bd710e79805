//! The offices: the desks and the agency, and the procedures each receives.

use chrono::{NaiveDate, NaiveDateTime};

use crate::db::{DbConnection, offices};

use super::catalog::Offered;

/// An office to add: its code, name, unit, kind and opening.
pub(super) struct NewDesk<'a> {
    pub(super) code: &'a str,
    pub(super) name: &'a str,
    pub(super) unit_id: &'a str,
    pub(super) kind: &'a str,
    pub(super) opened_on: NaiveDate,
    pub(super) closed_on: Option<NaiveDate>,
}

/// Adds an office and returns its id.
pub(super) fn add_office(
    conn: &mut DbConnection,
    desk: &NewDesk<'_>,
    now: NaiveDateTime,
) -> anyhow::Result<String> {
    let id = uuid::Uuid::new_v4().to_string();
    offices::insert(
        conn,
        &offices::NewOffice {
            id: &id,
            code: desk.code,
            name: desk.name,
            unit_id: desk.unit_id,
            kind: desk.kind,
            opened_on: Some(desk.opened_on),
            closed_on: desk.closed_on,
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )?;
    Ok(id)
}

/// Makes `list` available at an office from `from` (until the day before `closed_on`).
pub(super) fn make_available(
    conn: &mut DbConnection,
    office_id: &str,
    list: &[&Offered],
    from: NaiveDate,
    closed_on: Option<NaiveDate>,
    now: NaiveDateTime,
) -> anyhow::Result<()> {
    for p in list {
        offices::set_availability(
            conn,
            &offices::AvailabilityRow {
                office_id: office_id.to_owned(),
                procedure_code: p.code.clone(),
                available_from: from,
                available_to: closed_on.and_then(|d| d.pred_opt()),
                online_level: p.online_level.clone(),
                legacy_level: p.legacy_level,
                posted: p.published,
                updated_at: now,
            },
        )?;
    }
    // The site's procedure pages list the offices that receive each procedure.
    crate::db::procedures::bump_generation(conn)?;
    Ok(())
}

/// The name of a commune's reception desk.
pub(super) fn desk_name(kind: &str, name: &str) -> String {
    format!(
        "Bộ phận tiếp nhận và trả kết quả UBND {} {name}",
        kind.to_lowercase()
    )
}
