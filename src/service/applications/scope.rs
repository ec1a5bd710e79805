//! Loading an application for a decision, and what a staff member may see.

use crate::db::applications::{self as store, ApplicationRow, EventRow, Projection};
use crate::db::{DbConnection, offices, units};
use crate::domain::account::Binding;
use crate::domain::application::{Actor, ActorRole, Event, State, due_of, replay};
use crate::domain::calendar::{Calendar, TimeLimit};
use crate::error::{Code, Error};
use crate::service::Staff;
use chrono::NaiveDateTime;

/// An application loaded for a decision: the row, the events and their projection.
pub struct Loaded {
    /// The stored row.
    pub row: ApplicationRow,
    /// The events.
    pub events: Vec<Event>,
    /// Their projection.
    pub state: State,
}

/// Loads an application by code, or 404.
pub fn load(conn: &mut DbConnection, code: &str) -> Result<Loaded, Error> {
    let row = store::find(conn, code)?.ok_or(Error::NotFound(Code::ApplicationNotFound))?;
    let events = to_events(&store::events(conn, row.id)?)?;
    let state = replay(&events);
    Ok(Loaded { row, events, state })
}

/// Domain events from rows.
pub fn to_events(rows: &[EventRow]) -> Result<Vec<Event>, Error> {
    rows.iter()
        .map(|r| r.to_event().map_err(Error::internal))
        .collect()
}

/// The projection's columns for a state.
pub fn projection(
    calendar: &Calendar,
    limit: Option<TimeLimit>,
    state: &State,
    now: NaiveDateTime,
) -> Result<Projection, Error> {
    Projection::of(state, due_of(calendar, limit, state), now).map_err(Error::internal)
}

/// The acting staff member as the domain sees them.
pub fn actor_of(staff: &Staff, office_id: Option<String>) -> Actor {
    Actor {
        user_id: Some(staff.user_id.clone()),
        role: ActorRole::from(staff.role()),
        office_id,
    }
}

/// The id of the caller's office, for clerks and specialists.
pub fn caller_office_id(conn: &mut DbConnection, staff: &Staff) -> Result<Option<String>, Error> {
    match &staff.binding {
        Binding::Office { office_code, .. } => Ok(offices::find_id_by_code(conn, office_code)?),
        _ => Ok(None),
    }
}

/// What a caller may read: everything (admins), their office's applications (clerks and
/// specialists), or their unit's and those under it (officials).
pub enum Scope {
    /// Everything.
    All,
    /// Applications received or handled by this office (id).
    Office(String),
    /// Applications received in these units (ids).
    Units(Vec<String>),
}

impl Scope {
    /// The caller's scope.
    pub fn of(conn: &mut DbConnection, staff: &Staff) -> Result<Self, Error> {
        Ok(match &staff.binding {
            Binding::Admin => Self::All,
            Binding::Office { office_code, .. } => {
                Self::Office(offices::find_id_by_code(conn, office_code)?.ok_or(Error::Forbidden)?)
            }
            Binding::Unit { unit_code } => Self::Units(units::subtree_ids(conn, unit_code)?),
        })
    }

    /// Whether the scope covers an application.
    pub fn covers(&self, row: &ApplicationRow) -> bool {
        match self {
            Self::All => true,
            Self::Office(id) => &row.receiving_office_id == id || &row.handling_office_id == id,
            Self::Units(ids) => ids.contains(&row.unit_id),
        }
    }
}

/// An application the staff member may see, or 404.
pub fn visible(
    conn: &mut DbConnection,
    staff: &Staff,
    code: &str,
) -> Result<ApplicationRow, Error> {
    let row = store::find(conn, code)?.ok_or(Error::NotFound(Code::ApplicationNotFound))?;
    if !Scope::of(conn, staff)?.covers(&row) {
        return Err(Error::NotFound(Code::ApplicationNotFound));
    }
    Ok(row)
}
