//! What staff read: the list with filters, one application with its history, the history.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::scope::{Scope, visible};
use super::views::{
    ApplicationOut, ApplicationWithEvents, EventOut, application_out, event_office_ids, events_out,
    office_codes, unit_code, with_events,
};
use crate::db::applications::{self as store, ApplicationFilter};
use crate::db::{self as dbmod, DbConnection, offices};
use crate::domain::text::fold;
use crate::error::Error;
use crate::service::Staff;
use crate::service::calendar::cache::CalendarCache;

/// The staff list's filters.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Status codes (1–10); empty for all.
    pub statuses: Vec<i32>,
    /// Received or handled by this office (agency code).
    pub office: Option<String>,
    /// This procedure's code.
    pub procedure: Option<String>,
    /// This field's code.
    pub field: Option<String>,
    /// Only open applications past their due date now.
    pub overdue: bool,
    /// Due before this instant.
    pub due_before: Option<DateTime<Utc>>,
    /// Submitted at or after this instant.
    pub received_from: Option<DateTime<Utc>>,
    /// Submitted before this instant.
    pub received_to: Option<DateTime<Utc>>,
    /// Words of the applicant's name (accents optional), or part of the code.
    pub q: Option<String>,
}

/// A page of the staff list: the applications with their row ids (the cursor), and the total.
pub struct Listed {
    /// Row id and view, newest first.
    pub items: Vec<(i64, ApplicationOut)>,
    /// How many match in all.
    pub total: i64,
}

/// The applications the staff member may see, newest first, after row id `after`.
pub fn list(
    conn: &mut DbConnection,
    staff: &Staff,
    query: ListFilter,
    after: Option<i64>,
    limit: i64,
) -> Result<Listed, Error> {
    let now = dbmod::now();
    let mut filter = ApplicationFilter {
        statuses: query.statuses,
        procedure: query.procedure.clone(),
        field: query.field.clone(),
        due_before: query.due_before.map(|t| t.naive_utc()),
        overdue_at: query.overdue.then_some(now),
        submitted_from: query.received_from.map(|t| t.naive_utc()),
        submitted_to: query.received_to.map(|t| t.naive_utc()),
        text: query.q.as_deref().map(fold).filter(|q| !q.is_empty()),
        code_part: query
            .q
            .as_deref()
            .map(|q| q.trim().to_uppercase())
            .filter(|q| !q.is_empty()),
        ..Default::default()
    };
    match Scope::of(conn, staff)? {
        Scope::All => {}
        Scope::Office(id) => filter.offices = Some(vec![id]),
        Scope::Units(ids) => filter.units = Some(ids),
    }
    if let Some(code) = &query.office {
        // An unknown office matches nothing.
        filter.office = Some(offices::find_id_by_code(conn, code)?.unwrap_or_default());
    }
    let (rows, total) = store::list(conn, &filter, after, limit)?;
    let codes = office_codes(
        conn,
        rows.iter()
            .flat_map(|r| [r.receiving_office_id.clone(), r.handling_office_id.clone()]),
    )?;
    let mut unit_codes = HashMap::new();
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        if !unit_codes.contains_key(&row.unit_id) {
            let code = unit_code(conn, &row.unit_id)?;
            unit_codes.insert(row.unit_id.clone(), code);
        }
        let unit = unit_codes.get(&row.unit_id).cloned().unwrap_or_default();
        items.push((row.id, application_out(row, &codes, unit, now)?));
    }
    Ok(Listed { items, total })
}

/// One application with its events and clock.
pub fn get(
    conn: &mut DbConnection,
    calendar: &CalendarCache,
    staff: &Staff,
    code: &str,
) -> Result<ApplicationWithEvents, Error> {
    let row = visible(conn, staff, code)?;
    let calendar = calendar.current(conn)?;
    with_events(conn, &calendar, &row, dbmod::now())
}

/// An application's events, oldest first.
pub fn events(conn: &mut DbConnection, staff: &Staff, code: &str) -> Result<Vec<EventOut>, Error> {
    let row = visible(conn, staff, code)?;
    let rows = store::events(conn, row.id)?;
    let codes = office_codes(conn, event_office_ids(&rows))?;
    Ok(events_out(&rows, &codes))
}
