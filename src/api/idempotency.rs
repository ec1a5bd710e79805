//! `Idempotency-Key` for creating `POST`s: a retry gets the first answer and creates nothing.
//!
//! The answer is stored in the same transaction as the object it describes, so either both
//! exist or neither does, whichever server handles the retry.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};

use super::access::Caller;
use crate::db::idempotency::{self, IdempotencyRecord};
use crate::db::{self as store, DbConnection, write_transaction};
use crate::error::{Code, Error};

/// The header's name.
pub const HEADER: &str = "Idempotency-Key";

/// The optional `Idempotency-Key` header: 1–255 visible ASCII characters.
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub Option<String>);

impl FromRequest for IdempotencyKey {
    type Error = Error;
    type Future = Ready<Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(value) = req.headers().get(HEADER) else {
            return ready(Ok(Self(None)));
        };
        let key =
            value.to_str().ok().map(str::trim).filter(|k| {
                (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic())
            });
        ready(match key {
            Some(key) => Ok(Self(Some(key.to_owned()))),
            None => Err(Error::BadRequest {
                code: Code::InvalidHeader,
                detail: format!("{HEADER} must be 1–255 visible ASCII characters"),
            }),
        })
    }
}

/// A created object's answer.
#[derive(Debug, Clone)]
pub struct Created {
    /// 201 usually.
    pub status: StatusCode,
    /// The JSON body.
    pub body: serde_json::Value,
    /// The new object's URL.
    pub location: Option<String>,
    /// True when this is a stored answer to an earlier request.
    pub replayed: bool,
}

impl Created {
    /// The HTTP response, marking replays with `Idempotent-Replayed: true`.
    pub fn into_response(self) -> HttpResponse {
        let mut builder = HttpResponse::build(self.status);
        if let Some(location) = &self.location {
            builder.insert_header(("Location", location.as_str()));
        }
        if self.replayed {
            builder.insert_header(("Idempotent-Replayed", "true"));
        }
        builder.json(self.body)
    }

    fn from_record(record: IdempotencyRecord) -> Result<Self, Error> {
        Ok(Self {
            status: u16::try_from(record.status_code)
                .ok()
                .and_then(|s| StatusCode::from_u16(s).ok())
                .unwrap_or(StatusCode::CREATED),
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

impl IdempotencyKey {
    /// Binds the key to the caller and the request (`POST path` with `body`).
    pub fn bind(
        self,
        caller: &Caller,
        path: &str,
        body: &impl serde::Serialize,
    ) -> Result<Keyed, Error> {
        let body = serde_json::to_value(body).map_err(Error::internal)?;
        Ok(Keyed {
            scope: format!("user:{}", caller.user.row.id),
            key: self.0,
            request_hash: fingerprint("POST", path, &body),
        })
    }
}

impl IdempotencyKey {
    /// Binds the key to an anonymous request (`POST path` with `body`): the fingerprint covers
    /// the whole body, so only the same request gets the stored answer.
    pub fn bind_public(self, path: &str, body: &impl serde::Serialize) -> Result<Keyed, Error> {
        let body = serde_json::to_value(body).map_err(Error::internal)?;
        Ok(Keyed {
            scope: "public".to_owned(),
            key: self.0,
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
                status_code: i32::from(created.status.as_u16()),
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
