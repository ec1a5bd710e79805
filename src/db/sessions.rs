//! Sessions (the API's bearer tokens and the staff pages' cookies), stored by the token's
//! digest.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{sessions, users};
use super::users::{UserView, find_by_id};

/// A new session.
#[derive(Debug, Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSession<'a> {
    /// SHA-256 of the token.
    pub token_hash: &'a str,
    /// The account.
    pub user_id: &'a str,
    /// Now.
    pub created_at: NaiveDateTime,
    /// When the token stops working.
    pub expires_at: NaiveDateTime,
    /// Minutes without a request after which it stops working (the pages' cookie); `None`
    /// for the API's bearer tokens.
    pub idle_minutes: Option<i64>,
    /// The last request seen with it (for the idle limit).
    pub last_seen_at: Option<NaiveDateTime>,
}

/// A live session's own facts.
#[derive(Debug, Clone, Queryable)]
pub struct SessionFacts {
    /// When it stops working.
    pub expires_at: NaiveDateTime,
    /// The idle limit in minutes, for a page session.
    pub idle_minutes: Option<i64>,
    /// The last request seen with it.
    pub last_seen_at: Option<NaiveDateTime>,
}

/// Stores a new session.
pub fn insert(conn: &mut DbConnection, session: &NewSession<'_>) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values(session)
        .execute(conn)
        .map(drop)
}

/// The account behind a live token (not revoked, not expired, account active),
/// with the session's facts. The idle limit is the caller's to check.
pub fn find_live(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<(UserView, SessionFacts)>> {
    let found: Option<(String, SessionFacts)> = sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(token_hash))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .filter(users::active.eq(true))
        .select((
            sessions::user_id,
            (
                sessions::expires_at,
                sessions::idle_minutes,
                sessions::last_seen_at,
            ),
        ))
        .get_result(conn)
        .optional()?;
    let Some((user_id, facts)) = found else {
        return Ok(None);
    };
    Ok(find_by_id(conn, &user_id)?.map(|user| (user, facts)))
}

/// Records a request seen with a session (for its idle limit).
pub fn touch(conn: &mut DbConnection, token_hash: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(sessions::table)
        .filter(sessions::token_hash.eq(token_hash))
        .set(sessions::last_seen_at.eq(now))
        .execute(conn)
        .map(drop)
}

/// Revokes every live token of an account but one (the session that changed the password
/// stays signed in).
pub fn revoke_others(
    conn: &mut DbConnection,
    user_id: &str,
    keep: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(sessions::table)
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::token_hash.ne(keep))
        .filter(sessions::revoked_at.is_null())
        .set(sessions::revoked_at.eq(now))
        .execute(conn)
}

/// Revokes one token; returns whether it was live.
pub fn revoke(conn: &mut DbConnection, token_hash: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(sessions::table)
        .filter(sessions::token_hash.eq(token_hash))
        .filter(sessions::revoked_at.is_null())
        .set(sessions::revoked_at.eq(now))
        .execute(conn)
        .map(|n| n > 0)
}

/// Revokes every live token of an account (password change, deactivation).
pub fn revoke_all_for_user(
    conn: &mut DbConnection,
    user_id: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(sessions::table)
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .set(sessions::revoked_at.eq(now))
        .execute(conn)
}

/// Deletes sessions that ended before `before` (expired or revoked): they prove nothing.
pub fn prune(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(sessions::table)
        .filter(
            sessions::expires_at
                .lt(before)
                .or(sessions::revoked_at.lt(before)),
        )
        .execute(conn)
}
