//! The one write path of applications. Every change to an application's stored state (a new
//! application, an event, a rating, a due date moved by the calendar) goes through [`record`],
//! which writes it and, in the same transaction, what it changes in the report tallies. The
//! submission, every action, ratings, calendar changes and the demo generator all call it.

use chrono::NaiveDateTime;

use super::scope::{Loaded, projection};
use crate::db::applications::{self as store, ApplicationRow, EventRow, RatingRow};
use crate::db::reports::{self, Changes, FactsRow, vn_day};
use crate::db::{DbConnection, is_unique_violation};
use crate::domain::application::{Event, limit_of};
use crate::domain::calendar::Calendar;
use crate::error::{Code, Error};
use crate::service::version::Expected;

/// One change to the stored applications.
pub enum Change<'a> {
    /// A new application: its row (the projection of its events), its events and, for
    /// generated histories, its rating (`application_id` is filled in).
    New {
        /// The row; its `id` is ignored.
        row: Box<ApplicationRow>,
        /// Its events, oldest first.
        events: Vec<Event>,
        /// A rating given with it.
        rating: Option<RatingRow>,
    },
    /// An event decided on a loaded application: appended, projected, and the row updated
    /// only where its version is still the loaded one.
    Event {
        /// The application as the decision saw it.
        loaded: &'a Loaded,
        /// What was decided.
        event: Event,
        /// The version the caller based the action on (for the stale answer).
        expected: Expected,
        /// When.
        now: NaiveDateTime,
    },
    /// A rating of an application (one per application: a second one is refused).
    Rating {
        /// The rated application.
        row: &'a ApplicationRow,
        /// The rating.
        rating: RatingRow,
    },
    /// A due instant moved by a calendar change; nothing else about the application changes.
    Due {
        /// The application's id.
        id: i64,
        /// The new due instant.
        due_at: Option<NaiveDateTime>,
    },
}

/// Writes changes and their tallies in the caller's transaction. Returns the ids of the new
/// applications, in order.
pub fn record(
    conn: &mut DbConnection,
    calendar: &Calendar,
    changes: Vec<Change<'_>>,
) -> Result<Vec<i64>, Error> {
    let mut tallies = Changes::default();
    let mut new_rows = Vec::new();
    let mut new_events = Vec::new();
    let mut new_ratings = Vec::new();
    for change in changes {
        match change {
            Change::New {
                row,
                events,
                rating,
            } => {
                let facts = FactsRow::of(&row);
                tallies.application(calendar, None, &facts);
                if let Some(rating) = &rating {
                    tallies.rating(&facts.key(), vn_day(rating.created_at), rating.overall);
                }
                new_rows.push(*row);
                new_events.push(events);
                new_ratings.push(rating);
            }
            Change::Event {
                loaded,
                event,
                expected,
                now,
            } => {
                let row = &loaded.row;
                let next = loaded.state.apply(&event);
                let limit = limit_of(row.limit_amount, row.limit_unit.as_deref());
                let projection = projection(calendar, limit, &next, now)?;
                let stored = EventRow::new(row.id, &event).map_err(Error::internal)?;
                // The event key (application, seq) refuses a concurrent writer's twin.
                if let Err(error) = store::append(conn, &stored) {
                    return Err(if is_unique_violation(&error) {
                        expected.stale(row.version + 1)
                    } else {
                        error.into()
                    });
                }
                if !store::store_projection(conn, row.id, row.version, &projection)? {
                    return Err(expected.stale(row.version + 1));
                }
                let before = FactsRow::of(row);
                tallies.application(calendar, Some(&before), &before.with(&projection));
            }
            Change::Rating { row, rating } => {
                store::rate(conn, &rating).map_err(|e| {
                    if is_unique_violation(&e) {
                        Error::conflict(Code::AlreadyRated)
                    } else {
                        e.into()
                    }
                })?;
                tallies.rating(
                    &FactsRow::of(row).key(),
                    vn_day(rating.created_at),
                    rating.overall,
                );
            }
            Change::Due { id, due_at } => {
                let before = reports::facts_of(conn, id)?;
                store::set_due(conn, id, due_at)?;
                tallies.application(calendar, Some(&before), &before.with_due(due_at));
            }
        }
    }
    let ids = insert_new(conn, &new_rows, &new_events, new_ratings)?;
    tallies.write(conn)?;
    Ok(ids)
}

/// Inserts new rows (one statement for one row, multi-row statements for a batch), their
/// events and ratings.
fn insert_new(
    conn: &mut DbConnection,
    rows: &[ApplicationRow],
    events: &[Vec<Event>],
    ratings: Vec<Option<RatingRow>>,
) -> Result<Vec<i64>, Error> {
    let ids: Vec<i64> = match rows {
        [] => return Ok(Vec::new()),
        [row] => vec![store::insert(conn, row)?],
        _ => {
            let by_code = store::insert_many(conn, rows)?;
            rows.iter()
                .map(|r| {
                    by_code.get(&r.code).copied().ok_or_else(|| {
                        Error::internal(anyhow::anyhow!(
                            "inserted application {} not found",
                            r.code
                        ))
                    })
                })
                .collect::<Result<_, _>>()?
        }
    };
    let mut event_rows = Vec::with_capacity(events.iter().map(Vec::len).sum());
    for (id, events) in ids.iter().zip(events) {
        for event in events {
            event_rows.push(EventRow::new(*id, event).map_err(Error::internal)?);
        }
    }
    store::append_many(conn, &event_rows)?;
    for (id, rating) in ids.iter().zip(ratings) {
        if let Some(rating) = rating {
            store::rate(
                conn,
                &RatingRow {
                    application_id: *id,
                    ..rating
                },
            )?;
        }
    }
    Ok(ids)
}
