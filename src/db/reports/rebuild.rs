//! Rebuilding the tallies: whether they hold every application, the recount from the
//! applications and ratings, and the lock that keeps it to one at a time.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{applications as apps, ratings, report_state, report_tallies as rt};
use crate::domain::calendar::Calendar;

use super::{Changes, FactsRow, Rating, vn_day};

/// Whether the tallies hold every application.
pub fn built(conn: &mut DbConnection) -> QueryResult<bool> {
    report_state::table
        .select(report_state::tallies_built)
        .get_result(conn)
        .optional()
        .map(|b| b.unwrap_or(false))
}

/// Recounts every tally from the applications and ratings. Runs inside the caller's write
/// transaction (PostgreSQL refuses its table lock outside one). `progress(done)` is called
/// every batch.
pub fn rebuild(
    conn: &mut DbConnection,
    calendar: &Calendar,
    progress: impl Fn(u64),
) -> QueryResult<u64> {
    // On PostgreSQL, writers of applications and ratings wait until the recount commits, so
    // none is counted twice or missed; SQLite's write transaction holds them off already.
    if let DbConnection::Pg(c) = conn {
        diesel::sql_query("LOCK TABLE applications, ratings IN SHARE MODE").execute(c)?;
    }
    diesel::delete(rt::table).execute(conn)?;
    let mut last_id = 0i64;
    let mut done = 0u64;
    loop {
        let batch: Vec<(i64, FactsRow, Rating)> = apps::table
            .left_join(ratings::table)
            .filter(apps::id.gt(last_id))
            .order(apps::id)
            .limit(5_000)
            .select((
                apps::id,
                FactsRow::as_select(),
                (ratings::created_at, ratings::overall).nullable(),
            ))
            .load(conn)?;
        let Some((id, _, _)) = batch.last() else {
            break;
        };
        last_id = *id;
        let mut changes = Changes::default();
        for (_, row, rating) in &batch {
            changes.application(calendar, None, row);
            if let Some((at, overall)) = rating {
                changes.rating(&row.key(), vn_day(*at), *overall);
            }
        }
        changes.write(conn)?;
        done += batch.len() as u64;
        progress(done);
    }
    diesel::update(report_state::table)
        .set(report_state::tallies_built.eq(true))
        .execute(conn)?;
    Ok(done)
}

/// Locks the state row until the transaction ends (one rebuild at a time).
pub fn lock_state(conn: &mut DbConnection) -> QueryResult<()> {
    diesel::update(report_state::table)
        .set(report_state::tallies_built.eq(report_state::tallies_built))
        .execute(conn)
        .map(drop)
}

/// How many applications there are.
pub fn count_applications(conn: &mut DbConnection) -> QueryResult<u64> {
    apps::table
        .count()
        .get_result::<i64>(conn)
        .map(|n| n.max(0).unsigned_abs())
}
