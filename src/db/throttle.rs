//! Throttling state in the database, so every server behind a load balancer agrees.
//!
//! One row per counted event (a failed sign-in, a wrong PIN) in a named bucket. Counting the
//! rows of a bucket inside a window needs no upsert, which MultiConnection lacks.
//!
//! [`take`] counts and records in one step, under a lock per bucket, so a burst of parallel
//! attempts cannot all pass the count before any of them is recorded. [`window`] and
//! [`record`] are the separate steps, for callers that count a failure only after the fact.
//!
//! A limit can hold for everyone ([`Limit::new`]: a client address's own failures) or only
//! for attempts from someone who has been failing ([`Limit::only_for`]: the failures against
//! one application code or one username, from anywhere). The second kind is what keeps a
//! stranger from locking the rightful owner out: their guesses fill the shared bucket, which
//! then stops the addresses that have been failing, while an address with a clean record is
//! still heard.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use sha2::{Digest, Sha256};

use super::DbConnection;
use super::schema::throttle_hits;

/// A bucket and how many events it may hold within the window.
#[derive(Debug, Clone, Copy)]
pub struct Limit<'a> {
    /// The bucket's name, such as `login:user:admin`.
    pub bucket: &'a str,
    /// Events allowed within the window; one more is refused.
    pub max: i64,
    /// When set, the limit holds only while this other bucket (the attempt's own record, such
    /// as its client address's failures) holds at least so many events: a full bucket stops
    /// those who have been failing and nobody else.
    pub only_for: Option<Guard<'a>>,
}

/// Who a [`Limit`] applies to: attempts whose own bucket holds at least `at_least` events.
#[derive(Debug, Clone, Copy)]
pub struct Guard<'a> {
    /// The attempt's own bucket, such as `track-client:203.0.113.7`.
    pub bucket: &'a str,
    /// Events in it from which the attempt counts as failing.
    pub at_least: i64,
}

impl<'a> Limit<'a> {
    /// A limit for every attempt.
    pub fn new(bucket: &'a str, max: i64) -> Self {
        Self {
            bucket,
            max,
            only_for: None,
        }
    }

    /// A limit only for attempts whose `guard` bucket holds at least `at_least` events.
    pub fn only_for(bucket: &'a str, max: i64, guard: &'a str, at_least: i64) -> Self {
        Self {
            bucket,
            max,
            only_for: Some(Guard {
                bucket: guard,
                // A guard of 0 would hold for everyone, clean record or not.
                at_least: at_least.max(1),
            }),
        }
    }
}

/// A bucket was full: the attempt was refused and nothing was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Full {
    /// When the same attempt would pass: every full limit has room again, or no longer
    /// applies to it (its guard bucket fell below the mark).
    pub retry_at: NaiveDateTime,
}

impl Full {
    /// Whole seconds from `now` until the attempt would pass, for `Retry-After`.
    pub fn retry_after_secs(&self, now: NaiveDateTime) -> u64 {
        seconds_until(self.retry_at, now)
    }
}

/// Whole seconds from `now` until `at`, at least 1 (a `Retry-After` of 0 invites a retry
/// storm).
pub fn seconds_until(at: NaiveDateTime, now: NaiveDateTime) -> u64 {
    u64::try_from((at - now).num_seconds().max(1)).unwrap_or(1)
}

/// Counts an attempt against every bucket in one step: when each has room, records one event
/// in each, at `now`, and forgets their events older than the window; when one is full,
/// records nothing and says which (the first full one in the order given).
///
/// Run it in a write transaction ([`super::write_transaction`]) and end that transaction soon:
/// the buckets stay locked until it ends, so parallel attempts on one bucket count one after
/// the other. An attempt that turns out to deserve no count (a right password) takes its event
/// back with [`give_back`] afterwards.
pub fn take(
    conn: &mut DbConnection,
    limits: &[Limit<'_>],
    now: NaiveDateTime,
    window: Duration,
) -> QueryResult<Result<(), Full>> {
    lock(
        conn,
        limits
            .iter()
            .flat_map(|l| std::iter::once(l.bucket).chain(l.only_for.map(|g| g.bucket))),
    )?;
    let since = now - window;
    if let Some(full) = check(conn, limits, now, window)? {
        return Ok(Err(full));
    }
    for limit in limits {
        record(conn, limit.bucket, now, since)?;
    }
    Ok(Ok(()))
}

/// Whether an attempt at `now` would be refused, without recording anything or locking: the
/// first full limit that applies, with when the attempt would pass. Inside [`take`] it is
/// exact; on its own it is a read that another attempt may overtake.
pub fn check(
    conn: &mut DbConnection,
    limits: &[Limit<'_>],
    now: NaiveDateTime,
    window: Duration,
) -> QueryResult<Option<Full>> {
    let since = now - window;
    let mut counts: Vec<(&str, i64)> = Vec::new();
    let mut count = |conn: &mut DbConnection, bucket| -> QueryResult<i64> {
        if let Some((_, n)) = counts.iter().find(|(b, _)| *b == bucket) {
            return Ok(*n);
        }
        let (n, _) = self::window(conn, bucket, since)?;
        counts.push((bucket, n));
        Ok(n)
    };
    let mut refused: Option<Full> = None;
    for limit in limits {
        let events = count(conn, limit.bucket)?;
        if events < limit.max {
            continue;
        }
        // When the bucket has room: once the event that keeps it full leaves the window.
        let mut clears = nth_oldest(conn, limit.bucket, since, events - limit.max)?;
        if let Some(guard) = limit.only_for {
            let own = count(conn, guard.bucket)?;
            if own < guard.at_least {
                continue;
            }
            // Or once the attempt's own record falls below the mark.
            let own_clears = nth_oldest(conn, guard.bucket, since, own - guard.at_least)?;
            clears = match (clears, own_clears) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        let retry_at = clears.map_or(now, |at| at + window).max(now);
        refused = Some(Full {
            retry_at: refused.map_or(retry_at, |first| first.retry_at.max(retry_at)),
        });
    }
    Ok(refused)
}

/// The time of a bucket's event at `offset` (0 = the oldest) at or after `since`.
fn nth_oldest(
    conn: &mut DbConnection,
    bucket: &str,
    since: NaiveDateTime,
    offset: i64,
) -> QueryResult<Option<NaiveDateTime>> {
    throttle_hits::table
        .filter(throttle_hits::bucket.eq(bucket))
        .filter(throttle_hits::at.ge(since))
        .order((throttle_hits::at.asc(), throttle_hits::id.asc()))
        .select(throttle_hits::at)
        .offset(offset.max(0))
        .limit(1)
        .get_result(conn)
        .optional()
}

/// Takes back one event [`take`] recorded in a bucket at `at`, for an attempt that proved
/// harmless. Removes at most one row, so another attempt's event of the same instant stays.
pub fn give_back(conn: &mut DbConnection, bucket: &str, at: NaiveDateTime) -> QueryResult<()> {
    let id: Option<i64> = throttle_hits::table
        .filter(throttle_hits::bucket.eq(bucket))
        .filter(throttle_hits::at.eq(at))
        .select(diesel::dsl::max(throttle_hits::id))
        .get_result(conn)?;
    if let Some(id) = id {
        diesel::delete(throttle_hits::table.find(id)).execute(conn)?;
    }
    Ok(())
}

/// Locks buckets until the transaction ends.
///
/// SQLite needs nothing: a write transaction begun with `BEGIN IMMEDIATE` already holds the
/// database's one write lock. PostgreSQL locks a transaction-scoped advisory lock per bucket,
/// keyed by a digest of its name, taken in key order so two attempts naming the same buckets
/// cannot deadlock. Rows cannot be locked instead: a bucket with no events has none.
fn lock<'a>(
    conn: &mut DbConnection,
    buckets: impl IntoIterator<Item = &'a str>,
) -> QueryResult<()> {
    let DbConnection::Pg(pg) = conn else {
        return Ok(());
    };
    let mut keys: Vec<i64> = buckets.into_iter().map(lock_key).collect();
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<BigInt, _>(key)
            .execute(pg)?;
    }
    Ok(())
}

/// A stable 64-bit advisory-lock key for a bucket: the same on every server of a deployment.
fn lock_key(bucket: &str) -> i64 {
    let digest = Sha256::digest(format!("motcua-throttle:{bucket}").as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_counts_down_to_when_the_attempt_would_pass() {
        let now = chrono::Utc::now().naive_utc();
        let full = Full {
            retry_at: now + Duration::minutes(10),
        };
        assert_eq!(full.retry_after_secs(now), 600);
        assert_eq!(seconds_until(now - Duration::minutes(5), now), 1);
        assert_eq!(seconds_until(now, now), 1);
    }

    #[test]
    fn a_guard_of_zero_still_spares_a_clean_record() {
        let limit = Limit::only_for("login:user:admin", 5, "login:addr:x", 0);
        assert_eq!(limit.only_for.map(|g| g.at_least), Some(1));
    }
}
