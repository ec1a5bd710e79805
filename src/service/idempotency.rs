//! Idempotent creation: a retry with the same key gets the first answer and creates nothing.
//!
//! The answer is stored in the same transaction as the object it describes, so either both
//! exist or neither does, whichever server handles the retry.

use sha2::{Digest, Sha256};

use crate::db::idempotency::{self, IdempotencyRecord};
use crate::db::{self as store, DbConnection, write_transaction};
use crate::error::Error;

/// A created object's answer (always `201 Created`).
#[derive(Debug, Clone)]
pub struct Created {
    /// The JSON body.
    pub body: serde_json::Value,
    /// The new object's URL.
    pub location: Option<String>,
    /// True when this is a stored answer to an earlier request.
    pub replayed: bool,
}

impl Created {
    /// A fresh answer.
    pub fn new(body: serde_json::Value, location: impl Into<String>) -> Self {
        Self {
            body,
            location: Some(location.into()),
            replayed: false,
        }
    }

    fn from_record(record: IdempotencyRecord) -> Result<Self, Error> {
        Ok(Self {
            body: serde_json::from_str(&record.response_body).map_err(Error::internal)?,
            location: record.location,
            replayed: true,
        })
    }
}

/// A create request as idempotency sees it: who sent it, their key, what they asked.
#[derive(Debug, Clone)]
pub struct Keyed {
    scope: String,
    key: Option<String>,
    request_hash: String,
}

impl Keyed {
    /// A staff member's request (`POST path` with `body`), keyed per account.
    pub fn for_user(
        user_id: &str,
        key: Option<String>,
        path: &str,
        body: &impl serde::Serialize,
    ) -> Result<Self, Error> {
        Self::scoped(format!("user:{user_id}"), key, path, body)
    }

    /// An anonymous request (`POST path` with `body`): the fingerprint covers the whole body,
    /// so only the same request gets the stored answer.
    pub fn public(
        key: Option<String>,
        path: &str,
        body: &impl serde::Serialize,
    ) -> Result<Self, Error> {
        Self::scoped("public".to_owned(), key, path, body)
    }

    fn scoped(
        scope: String,
        key: Option<String>,
        path: &str,
        body: &impl serde::Serialize,
    ) -> Result<Self, Error> {
        let body = serde_json::to_value(body).map_err(Error::internal)?;
        Ok(Self {
            scope,
            key,
            request_hash: fingerprint("POST", path, &body),
        })
    }
}

/// A digest of what was asked, so a key reused for another request is caught.
pub fn fingerprint(method: &str, path: &str, body: &serde_json::Value) -> String {
    let mut hasher = Sha256::new();
    hasher.update(method.as_bytes());
    hasher.update([0]);
    hasher.update(path.as_bytes());
    hasher.update([0]);
    hasher.update(body.to_string().as_bytes());
    hex::encode(hasher.finalize())
}

/// Runs `create` in a write transaction, storing its answer under the key when one is given;
/// with a key already used, returns the stored answer instead (or 422 for another request).
pub fn create_once<F>(conn: &mut DbConnection, keyed: &Keyed, create: F) -> Result<Created, Error>
where
    F: FnOnce(&mut DbConnection) -> Result<Created, Error>,
{
    let (scope, request_hash) = (keyed.scope.as_str(), keyed.request_hash.as_str());
    let Some(key) = keyed.key.as_deref() else {
        return write_transaction(conn, create);
    };
    let replay = |conn: &mut DbConnection| -> Result<Option<Created>, Error> {
        match idempotency::find(conn, scope, key)? {
            Some(record) if record.request_hash == request_hash => {
                Created::from_record(record).map(Some)
            }
            Some(_) => Err(Error::IdempotencyKeyReused),
            None => Ok(None),
        }
    };
    let attempt = write_transaction(conn, |conn| {
        if let Some(stored) = replay(conn)? {
            return Ok(stored);
        }
        let created = create(conn)?;
        idempotency::insert(
            conn,
            &IdempotencyRecord {
                scope: scope.to_owned(),
                key: key.to_owned(),
                request_hash: request_hash.to_owned(),
                status_code: 201,
                response_body: created.body.to_string(),
                location: created.location.clone(),
                created_at: store::now(),
            },
        )?;
        Ok(created)
    });
    match attempt {
        Ok(created) => Ok(created),
        // A concurrent twin committed first (its insert won the key, or the object's own
        // unique constraint): answer with what it stored.
        Err(error) => match replay(conn)? {
            Some(stored) => Ok(stored),
            None => Err(error),
        },
    }
}
