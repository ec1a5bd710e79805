//! Bearer-token sessions, stored by the token's digest.

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
}

/// Stores a new session.
pub fn insert(conn: &mut DbConnection, session: &NewSession<'_>) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values(session)
        .execute(conn)
        .map(drop)
}

/// The account behind a live token (not revoked, not expired, account active),
/// with the token's expiry.
pub fn find_live(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<(UserView, NaiveDateTime)>> {
    let found: Option<(String, NaiveDateTime)> = sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(token_hash))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .filter(users::active.eq(true))
        .select((sessions::user_id, sessions::expires_at))
        .get_result(conn)
        .optional()?;
    let Some((user_id, expires_at)) = found else {
        return Ok(None);
    };
    Ok(find_by_id(conn, &user_id)?.map(|user| (user, expires_at)))
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
