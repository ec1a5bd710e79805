//! Applications, their append-only events, the daily code sequences and ratings.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{
    application_events as ev, application_sequences as seqs, applications as apps, ratings,
};
use crate::domain::application::{Actor, ActorRole, Event, Payload, State, Status};

/// A stored application: its filing data and the projection of its events. A new one is
/// inserted with any `id`: the database assigns it.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = apps)]
pub struct ApplicationRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub code: String,
    pub receiving_office_id: String,
    pub handling_office_id: String,
    pub unit_id: String,
    pub procedure_code: String,
    pub procedure_version: i32,
    pub field_code: String,
    pub channel: String,
    pub status: i32,
    pub applicant_name: String,
    pub applicant_folded: String,
    pub id_kind: String,
    pub id_number: String,
    pub details: String,
    pub pin_nonce: String,
    pub limit_amount: Option<i64>,
    pub limit_unit: Option<String>,
    pub supplement_rule: String,
    pub clock: String,
    pub timeline: String,
    pub submitted_at: NaiveDateTime,
    pub received_at: Option<NaiveDateTime>,
    pub due_at: Option<NaiveDateTime>,
    pub promised_at: Option<NaiveDateTime>,
    pub resolved_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
    pub outcome: Option<String>,
    pub delivery: Option<String>,
    pub version: i64,
    pub updated_at: NaiveDateTime,
}

/// A stored event.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = ev)]
pub struct EventRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub application_id: i64,
    pub seq: i32,
    pub action: String,
    pub from_status: Option<i32>,
    pub to_status: i32,
    pub actor_id: Option<String>,
    pub actor_role: String,
    pub office_id: Option<String>,
    pub at: NaiveDateTime,
    pub note: Option<String>,
    pub payload: String,
}

/// A stored event that does not read back as a domain event.
#[derive(Debug, thiserror::Error)]
#[error("stored event {seq} of application {application_id} is unreadable: {reason}")]
pub struct BadEvent {
    application_id: i64,
    seq: i32,
    reason: String,
}

impl EventRow {
    /// The row for a domain event.
    pub fn new(application_id: i64, event: &Event) -> Result<Self, serde_json::Error> {
        Ok(Self {
            id: 0,
            application_id,
            seq: event.seq,
            action: event.payload.action().as_str().to_owned(),
            from_status: event.from.map(Status::code),
            to_status: event.to.code(),
            actor_id: event.actor.user_id.clone(),
            actor_role: event.actor.role.as_str().to_owned(),
            office_id: event.actor.office_id.clone(),
            at: event.at,
            note: event.note.clone(),
            payload: serde_json::to_string(&event.payload)?,
        })
    }

    /// The domain event back.
    pub fn to_event(&self) -> Result<Event, BadEvent> {
        let bad = |reason: String| BadEvent {
            application_id: self.application_id,
            seq: self.seq,
            reason,
        };
        let payload: Payload =
            serde_json::from_str(&self.payload).map_err(|e| bad(e.to_string()))?;
        Ok(Event {
            seq: self.seq,
            from: self
                .from_status
                .map(Status::try_from)
                .transpose()
                .map_err(bad)?,
            to: Status::try_from(self.to_status).map_err(bad)?,
            at: self.at,
            actor: Actor {
                user_id: self.actor_id.clone(),
                role: ActorRole::from_token(&self.actor_role)
                    .ok_or_else(|| bad(format!("role {}", self.actor_role)))?,
                office_id: self.office_id.clone(),
            },
            note: self.note.clone(),
            payload,
        })
    }
}

/// Takes the next number of an office's daily sequence, inside the caller's transaction: the
/// row lock (PostgreSQL) or the write lock (SQLite) holds until it commits. A first number of
/// the day inserts the row; two servers racing to insert it make one fail on the key, and its
/// transaction is retried by the caller.
pub fn next_seq(conn: &mut DbConnection, office_id: &str, day: NaiveDate) -> QueryResult<i32> {
    let key = seqs::office_id.eq(office_id).and(seqs::day.eq(day));
    let bump =
        diesel::update(seqs::table.filter(key)).set(seqs::last_value.eq(seqs::last_value + 1));
    // PostgreSQL returns the new value with the update: one round trip less on the busiest
    // write.
    let updated = match conn {
        DbConnection::Pg(c) => match bump.returning(seqs::last_value).get_result::<i32>(c) {
            Ok(value) => return Ok(value),
            Err(diesel::result::Error::NotFound) => 0,
            Err(e) => return Err(e),
        },
        DbConnection::Sqlite(c) => bump.execute(c)?,
    };
    if updated == 0 {
        diesel::insert_into(seqs::table)
            .values((
                seqs::office_id.eq(office_id),
                seqs::day.eq(day),
                seqs::last_value.eq(1),
            ))
            .execute(conn)?;
        return Ok(1);
    }
    seqs::table
        .filter(key)
        .select(seqs::last_value)
        .get_result(conn)
}

/// Stores a new application and returns its id.
pub fn insert(conn: &mut DbConnection, row: &ApplicationRow) -> QueryResult<i64> {
    let insert = diesel::insert_into(apps::table).values(row);
    // PostgreSQL returns the id with the insert; SQLite reads it back by the unique code.
    if let DbConnection::Pg(c) = conn {
        return insert.returning(apps::id).get_result(c);
    }
    insert.execute(conn)?;
    apps::table
        .filter(apps::code.eq(&row.code))
        .select(apps::id)
        .get_result(conn)
}

/// Stores many new applications (generated data) in multi-row INSERTs; returns their ids by
/// code.
pub fn insert_many(
    conn: &mut DbConnection,
    rows: &[ApplicationRow],
) -> QueryResult<std::collections::HashMap<String, i64>> {
    // SQLite binds at most 32,766 values per statement: 32 columns × 500 rows fits.
    for chunk in rows.chunks(500) {
        insert_rows!(conn, apps::table, chunk)?;
    }
    let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    Ok(apps::table
        .filter(apps::code.eq_any(&codes))
        .select((apps::code, apps::id))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect())
}

/// Appends many events (generated data) in multi-row INSERTs.
pub fn append_many(conn: &mut DbConnection, rows: &[EventRow]) -> QueryResult<()> {
    for chunk in rows.chunks(2_500) {
        insert_rows!(conn, ev::table, chunk)?;
    }
    Ok(())
}

/// Every office's last sequence number of every day.
pub fn sequences(conn: &mut DbConnection) -> QueryResult<Vec<(String, NaiveDate, i32)>> {
    seqs::table
        .select((seqs::office_id, seqs::day, seqs::last_value))
        .load(conn)
}

/// Sets an office's last sequence number of a day (after generated data).
pub fn set_seq(
    conn: &mut DbConnection,
    office_id: &str,
    day: NaiveDate,
    last: i32,
) -> QueryResult<()> {
    let key = seqs::office_id.eq(office_id).and(seqs::day.eq(day));
    let updated = diesel::update(seqs::table.filter(key))
        .set(seqs::last_value.eq(last))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(seqs::table)
            .values((
                seqs::office_id.eq(office_id),
                seqs::day.eq(day),
                seqs::last_value.eq(last),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Appends one event.
pub fn append(conn: &mut DbConnection, row: &EventRow) -> QueryResult<()> {
    diesel::insert_into(ev::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// An application by code.
pub fn find(conn: &mut DbConnection, code: &str) -> QueryResult<Option<ApplicationRow>> {
    apps::table
        .filter(apps::code.eq(code))
        .select(ApplicationRow::as_select())
        .get_result(conn)
        .optional()
}

/// An application's events, in order.
pub fn events(conn: &mut DbConnection, application_id: i64) -> QueryResult<Vec<EventRow>> {
    ev::table
        .filter(ev::application_id.eq(application_id))
        .order(ev::seq.asc())
        .select(EventRow::as_select())
        .load(conn)
}

/// The projection's columns after an event.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = apps, treat_none_as_null = true)]
pub struct Projection {
    pub handling_office_id: String,
    pub status: i32,
    pub clock: String,
    pub timeline: String,
    pub received_at: Option<NaiveDateTime>,
    pub due_at: Option<NaiveDateTime>,
    pub promised_at: Option<NaiveDateTime>,
    pub resolved_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
    pub outcome: Option<String>,
    pub delivery: Option<String>,
    pub version: i64,
    pub updated_at: NaiveDateTime,
}

impl Projection {
    /// The columns for a state, with the due instant the calendar gives it.
    pub fn of(
        state: &State,
        due_at: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> Result<Self, serde_json::Error> {
        Ok(Self {
            handling_office_id: state.handling_office_id.clone(),
            status: state.status.map_or(0, Status::code),
            clock: serde_json::to_string(&state.clock)?,
            timeline: serde_json::to_string(&state.timeline)?,
            received_at: state.received_at,
            due_at,
            promised_at: state.promised_at,
            resolved_at: state.resolved_at,
            finished_at: state.finished_at,
            outcome: state.outcome.map(|o| o.as_str().to_owned()),
            delivery: state.delivery.map(|d| d.as_str().to_owned()),
            version: i64::from(state.events),
            updated_at: now,
        })
    }
}

/// Writes the projection when the stored version is still `expected`; false when someone
/// else wrote first.
pub fn store_projection(
    conn: &mut DbConnection,
    id: i64,
    expected: i64,
    projection: &Projection,
) -> QueryResult<bool> {
    diesel::update(apps::table.filter(apps::id.eq(id).and(apps::version.eq(expected))))
        .set(projection)
        .execute(conn)
        .map(|n| n == 1)
}

/// An open application's clock: id, status, stretches (JSON), limit amount and unit, due
/// instant.
pub type OpenClock = (
    i64,
    i32,
    String,
    Option<i64>,
    Option<String>,
    Option<NaiveDateTime>,
);

/// The open applications' clocks, for recomputing due dates after a calendar change.
pub fn open_clocks(conn: &mut DbConnection) -> QueryResult<Vec<OpenClock>> {
    apps::table
        .filter(apps::status.eq_any(Status::OPEN_CODES))
        .select((
            apps::id,
            apps::status,
            apps::clock,
            apps::limit_amount,
            apps::limit_unit,
            apps::due_at,
        ))
        .load(conn)
}

/// Sets a due instant (after a calendar change).
pub fn set_due(conn: &mut DbConnection, id: i64, due_at: Option<NaiveDateTime>) -> QueryResult<()> {
    diesel::update(apps::table.filter(apps::id.eq(id)))
        .set(apps::due_at.eq(due_at))
        .execute(conn)
        .map(drop)
}

/// Filters of the staff list.
#[derive(Debug, Clone, Default)]
pub struct ApplicationFilter {
    /// Only these offices (receiving or handling); `None` for all.
    pub offices: Option<Vec<String>>,
    /// Only these units (of receipt); `None` for all.
    pub units: Option<Vec<String>>,
    /// Only these statuses.
    pub statuses: Vec<i32>,
    /// Only this receiving or handling office.
    pub office: Option<String>,
    /// Only this procedure.
    pub procedure: Option<String>,
    /// Only this field.
    pub field: Option<String>,
    /// With a due instant before this.
    pub due_before: Option<NaiveDateTime>,
    /// Only open ones past due at this instant.
    pub overdue_at: Option<NaiveDateTime>,
    /// Submitted at or after.
    pub submitted_from: Option<NaiveDateTime>,
    /// Submitted before.
    pub submitted_to: Option<NaiveDateTime>,
    /// Folded text the applicant's name must contain, or (`code_part`) the code.
    pub text: Option<String>,
    /// Text the code must contain (matched as typed, in capitals).
    pub code_part: Option<String>,
}

/// A page of applications, newest first (by id), after the id `after`; and the total.
pub fn list(
    conn: &mut DbConnection,
    filter: &ApplicationFilter,
    after: Option<i64>,
    limit: i64,
) -> QueryResult<(Vec<ApplicationRow>, i64)> {
    let query = || {
        let mut q = apps::table.into_boxed();
        if let Some(offices) = &filter.offices {
            q = q.filter(
                apps::receiving_office_id
                    .eq_any(offices.clone())
                    .or(apps::handling_office_id.eq_any(offices.clone())),
            );
        }
        if let Some(units) = &filter.units {
            q = q.filter(apps::unit_id.eq_any(units.clone()));
        }
        if !filter.statuses.is_empty() {
            q = q.filter(apps::status.eq_any(filter.statuses.clone()));
        }
        if let Some(office) = &filter.office {
            q = q.filter(
                apps::receiving_office_id
                    .eq(office.clone())
                    .or(apps::handling_office_id.eq(office.clone())),
            );
        }
        if let Some(procedure) = &filter.procedure {
            q = q.filter(apps::procedure_code.eq(procedure.clone()));
        }
        if let Some(field) = &filter.field {
            q = q.filter(apps::field_code.eq(field.clone()));
        }
        if let Some(before) = filter.due_before {
            q = q.filter(apps::due_at.lt(before));
        }
        if let Some(at) = filter.overdue_at {
            q = q
                .filter(apps::status.eq_any(Status::RUNNING_CODES))
                .filter(apps::due_at.lt(at));
        }
        if let Some(from) = filter.submitted_from {
            q = q.filter(apps::submitted_at.ge(from));
        }
        if let Some(to) = filter.submitted_to {
            q = q.filter(apps::submitted_at.lt(to));
        }
        let like = |text: &str| format!("%{}%", text.replace(['%', '_', '\\'], ""));
        match (&filter.text, &filter.code_part) {
            (Some(text), Some(code)) => {
                q = q.filter(
                    apps::applicant_folded
                        .like(like(text))
                        .or(apps::code.like(like(code))),
                );
            }
            (Some(text), None) => q = q.filter(apps::applicant_folded.like(like(text))),
            (None, Some(code)) => q = q.filter(apps::code.like(like(code))),
            (None, None) => {}
        }
        q
    };
    let total = query().count().get_result(conn)?;
    let mut page = query();
    if let Some(after) = after {
        page = page.filter(apps::id.lt(after));
    }
    let rows = page
        .order(apps::id.desc())
        .limit(limit)
        .select(ApplicationRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// A rating as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = ratings)]
pub struct RatingRow {
    pub application_id: i64,
    pub overall: i32,
    pub attitude: Option<i32>,
    pub timeliness: Option<i32>,
    pub contacts: Option<i32>,
    pub comment: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Stores a rating; a second one for the same application fails on the key.
pub fn rate(conn: &mut DbConnection, row: &RatingRow) -> QueryResult<()> {
    diesel::insert_into(ratings::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// What public tracking shows of an application, with what proves it.
#[derive(Debug, Clone, Queryable)]
pub struct TrackFields {
    pub id: i64,
    pub code: String,
    pub status: i32,
    pub details: String,
    pub applicant_name: String,
    pub id_number: String,
    pub pin_nonce: String,
    pub submitted_at: NaiveDateTime,
    pub received_at: Option<NaiveDateTime>,
    pub due_at: Option<NaiveDateTime>,
    pub promised_at: Option<NaiveDateTime>,
    pub outcome: Option<String>,
    pub timeline: String,
    pub office_name: String,
    pub rated: bool,
}

/// The tracked application and the failures counted in the window.
#[derive(Debug, Clone)]
pub struct TrackRow {
    /// The application.
    pub fields: TrackFields,
    /// Failures counted against the client.
    pub client_failures: i64,
    /// Failures counted against the code.
    pub code_failures: i64,
}

/// Public tracking's read: the application by code with its office's name, and the failures
/// counted against the client and the code since `since`, in one statement (one read
/// transaction). `None` when there is no such code.
pub fn track(
    conn: &mut DbConnection,
    code: &str,
    client_bucket: &str,
    code_bucket: &str,
    since: NaiveDateTime,
) -> QueryResult<Option<TrackRow>> {
    use super::schema::{offices, throttle_hits as hits};
    let failures = |bucket: &str| {
        hits::table
            .filter(hits::bucket.eq(bucket.to_owned()))
            .filter(hits::at.ge(since))
            .count()
            .single_value()
    };
    let query = apps::table
        .inner_join(offices::table.on(offices::id.eq(apps::receiving_office_id)))
        .filter(apps::code.eq(code))
        .select((
            (
                apps::id,
                apps::code,
                apps::status,
                apps::details,
                apps::applicant_name,
                apps::id_number,
                apps::pin_nonce,
                apps::submitted_at,
                apps::received_at,
                apps::due_at,
                apps::promised_at,
                apps::outcome,
                apps::timeline,
                offices::name,
                diesel::dsl::exists(ratings::table.filter(ratings::application_id.eq(apps::id))),
            ),
            failures(client_bucket),
            failures(code_bucket),
        ));
    // The busiest public read runs on the backend's own connection: through MultiConnection
    // every execution would first rebuild the statement's SQL text to find it in the cache.
    // (`get_result`, not `first`: SQLite plans a statement with a bound LIMIT again at every
    // execution.)
    type Found = (TrackFields, Option<i64>, Option<i64>);
    let found = match conn {
        DbConnection::Pg(c) => query.get_result::<Found>(c),
        DbConnection::Sqlite(c) => query.get_result::<Found>(c),
    }
    .optional()?;
    let Some((fields, client_failures, code_failures)) = found else {
        return Ok(None);
    };
    Ok(Some(TrackRow {
        fields,
        client_failures: client_failures.unwrap_or(0),
        code_failures: code_failures.unwrap_or(0),
    }))
}
