//! Throttling state in the database, so every server behind a load balancer agrees.
//!
//! One row per counted event (a failed sign-in, a wrong PIN) in a named bucket. Counting the
//! rows of a bucket inside a window needs no upsert, which MultiConnection lacks.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::throttle_hits;

/// Counts a bucket's events at or after `since`, and returns the oldest of them.
pub fn window(
    conn: &mut DbConnection,
    bucket: &str,
    since: NaiveDateTime,
) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    throttle_hits::table
        .filter(throttle_hits::bucket.eq(bucket))
        .filter(throttle_hits::at.ge(since))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::min(throttle_hits::at),
        ))
        .get_result(conn)
}

/// Records one event, and forgets the bucket's events older than `forget_before`.
pub fn record(
    conn: &mut DbConnection,
    bucket: &str,
    at: NaiveDateTime,
    forget_before: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(throttle_hits::table)
        .filter(throttle_hits::bucket.eq(bucket))
        .filter(throttle_hits::at.lt(forget_before))
        .execute(conn)?;
    diesel::insert_into(throttle_hits::table)
        .values((throttle_hits::bucket.eq(bucket), throttle_hits::at.eq(at)))
        .execute(conn)
        .map(drop)
}

/// Forgets a bucket (after a successful sign-in).
pub fn clear(conn: &mut DbConnection, bucket: &str) -> QueryResult<()> {
    diesel::delete(throttle_hits::table)
        .filter(throttle_hits::bucket.eq(bucket))
        .execute(conn)
        .map(drop)
}

/// Forgets every event older than `before`, whatever its bucket.
pub fn prune(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(throttle_hits::table)
        .filter(throttle_hits::at.lt(before))
        .execute(conn)
}
