//! Stored answers to `POST`s that carried an `Idempotency-Key`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::idempotency_keys;

/// The first answer to a keyed request.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = idempotency_keys)]
pub struct IdempotencyRecord {
    /// Who sent it (account id, or a public scope).
    pub scope: String,
    /// The client's key.
    pub key: String,
    /// Digest of method, path and body: a reused key with another request is refused.
    pub request_hash: String,
    /// The first answer's status.
    pub status_code: i32,
    /// The first answer's JSON body.
    pub response_body: String,
    /// The first answer's `Location`.
    pub location: Option<String>,
    /// When it was stored.
    pub created_at: NaiveDateTime,
}

/// The stored answer for a scope and key.
pub fn find(
    conn: &mut DbConnection,
    scope: &str,
    key: &str,
) -> QueryResult<Option<IdempotencyRecord>> {
    idempotency_keys::table
        .filter(idempotency_keys::scope.eq(scope))
        .filter(idempotency_keys::key.eq(key))
        .select(IdempotencyRecord::as_select())
        .get_result(conn)
        .optional()
}

/// Stores an answer; a concurrent twin fails with a unique violation and its transaction
/// rolls back, leaving one object and one answer.
pub fn insert(conn: &mut DbConnection, record: &IdempotencyRecord) -> QueryResult<()> {
    diesel::insert_into(idempotency_keys::table)
        .values(record)
        .execute(conn)
        .map(drop)
}

/// Forgets the answers stored before `before`.
pub fn prune(conn: &mut DbConnection, before: chrono::NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(before)))
        .execute(conn)
}
