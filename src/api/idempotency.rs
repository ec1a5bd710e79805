//! The `Idempotency-Key` header of creating `POST`s, and the answer of an idempotent create
//! (`service::idempotency`) as an HTTP response.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, HttpResponse};

use super::access::Caller;
use crate::error::{Code, Error};
use crate::service::idempotency::{Created, Keyed};

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

impl IdempotencyKey {
    /// Binds the key to the caller and the request (`POST path` with `body`).
    pub fn bind(
        self,
        caller: &Caller,
        path: &str,
        body: &impl serde::Serialize,
    ) -> Result<Keyed, Error> {
        Keyed::for_user(&caller.user.row.id, self.0, path, body)
    }

    /// Binds the key to an anonymous request (`POST path` with `body`).
    pub fn bind_public(self, path: &str, body: &impl serde::Serialize) -> Result<Keyed, Error> {
        Keyed::public(self.0, path, body)
    }
}

/// The HTTP response of a create: 201, `Location`, and `Idempotent-Replayed: true` on replays.
pub fn created(answer: Created) -> HttpResponse {
    let mut builder = HttpResponse::Created();
    if let Some(location) = &answer.location {
        builder.insert_header(("Location", location.as_str()));
    }
    if answer.replayed {
        builder.insert_header(("Idempotent-Replayed", "true"));
    }
    builder.json(answer.body)
}
