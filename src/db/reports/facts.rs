//! What the tallies read of an application, where it is counted, and its facts in Vietnam
//! dates.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::applications::{ApplicationRow, Projection};
use crate::db::schema::applications as apps;
use crate::domain::application::Status;
use crate::domain::calendar::{Calendar, to_local};
use crate::domain::report::{End, Facts};

/// Where an application is counted: its unit of receipt, receiving office and field.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TallyKey {
    /// The receiving office's unit on the day of receipt.
    pub unit_id: String,
    /// The receiving office.
    pub office_id: String,
    /// The procedure's field.
    pub field_code: String,
}

/// What the tallies read of an application.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = apps)]
pub struct FactsRow {
    pub unit_id: String,
    pub receiving_office_id: String,
    pub field_code: String,
    pub channel: String,
    pub status: i32,
    pub received_at: Option<NaiveDateTime>,
    pub due_at: Option<NaiveDateTime>,
    pub promised_at: Option<NaiveDateTime>,
    pub resolved_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
    /// The processing time's amount; none when the procedure has no time.
    pub limit_amount: Option<i64>,
}

/// A UTC instant's date in Vietnam.
pub fn vn_day(t: NaiveDateTime) -> NaiveDate {
    to_local(DateTime::<Utc>::from_naive_utc_and_offset(t, Utc)).date()
}

impl FactsRow {
    /// The facts of a stored application.
    pub fn of(row: &ApplicationRow) -> Self {
        Self {
            unit_id: row.unit_id.clone(),
            receiving_office_id: row.receiving_office_id.clone(),
            field_code: row.field_code.clone(),
            channel: row.channel.clone(),
            status: row.status,
            received_at: row.received_at,
            due_at: row.due_at,
            promised_at: row.promised_at,
            resolved_at: row.resolved_at,
            finished_at: row.finished_at,
            limit_amount: row.limit_amount,
        }
    }

    /// The facts once `projection` is written over them.
    pub fn with(&self, projection: &Projection) -> Self {
        Self {
            status: projection.status,
            received_at: projection.received_at,
            due_at: projection.due_at,
            promised_at: projection.promised_at,
            resolved_at: projection.resolved_at,
            finished_at: projection.finished_at,
            ..self.clone()
        }
    }

    /// The facts with another due instant (after a calendar change).
    pub fn with_due(&self, due_at: Option<NaiveDateTime>) -> Self {
        Self {
            due_at,
            ..self.clone()
        }
    }

    /// Where it is counted.
    pub fn key(&self) -> TallyKey {
        TallyKey {
            unit_id: self.unit_id.clone(),
            office_id: self.receiving_office_id.clone(),
            field_code: self.field_code.clone(),
        }
    }

    /// The report's facts, in Vietnam dates. The resolution time is the calendar's office
    /// time from reception to resolution; a resolution is never undone, so the calendar of
    /// the moment gives the same minutes to the change that adds it and to every later change
    /// that restates it.
    pub fn facts(&self, calendar: &Calendar) -> Facts {
        let local = |t: NaiveDateTime| to_local(DateTime::<Utc>::from_naive_utc_and_offset(t, Utc));
        let end = Status::from_code(self.status).and_then(End::of);
        Facts {
            online: self.channel == "online",
            received_on: self.received_at.map(vn_day),
            resolved_on: self.resolved_at.map(vn_day),
            ended: end.zip(self.finished_at.map(vn_day)),
            due_on: self.due_at.map(vn_day),
            no_deadline: self.limit_amount.is_none(),
            apologized: self.promised_at.is_some(),
            resolution_minutes: match (self.received_at, self.resolved_at) {
                (Some(from), Some(to)) => calendar.working_minutes_between(local(from), local(to)),
                _ => 0,
            },
            rating: None,
        }
    }
}

/// A rating's time and overall score, when there is one.
pub type Rating = Option<(NaiveDateTime, i32)>;

/// The facts of one application.
pub fn facts_of(conn: &mut DbConnection, id: i64) -> QueryResult<FactsRow> {
    apps::table
        .filter(apps::id.eq(id))
        .select(FactsRow::as_select())
        .get_result(conn)
}
