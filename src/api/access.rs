//! Who is calling: bearer-token extractors. A handler states who may call it by the
//! extractor it takes ([`Caller`] for any signed-in staff, [`Admin`] for administrators);
//! a handler that takes neither is public, and the OpenAPI test lists those explicitly.
//!
//! The token is looked up by [`authenticate_first`], a middleware on the API's scope, before
//! any handler runs. actix polls a handler's extractors together, so a session lookup done by
//! the extractor itself (a database read, so never ready at once) would race the body's
//! extractor, and a bad token with a bad body would be answered 400 or 415 as often as 401.
//! With the outcome already decided, the caller's extractor, listed first, answers first.

use std::future::Future;
use std::pin::Pin;

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::AUTHORIZATION;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use crate::domain::account::Role;
use crate::error::Error;
pub use crate::service::users::sessions::Caller;
use crate::service::users::sessions::authenticate as session;
use crate::state::{AppState, db};

/// A signed-in administrator.
#[derive(Debug, Clone)]
pub struct Admin(pub Caller);

fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_owned())
}

async fn look_up(req: HttpRequest) -> Result<Caller, Error> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| Error::internal(anyhow::anyhow!("application state missing")))?;
    let token = bearer_token(&req).ok_or(Error::Unauthenticated)?;
    drop(req);
    db(&state, move |conn| session(conn, &token)).await
}

/// The outcome of the request's `Authorization` header, decided before the handler.
struct Authenticated(Result<Caller, Error>);

/// The middleware on the API's scope: a request with an `Authorization` header has its token
/// looked up before the handler's extractors run (see the module's documentation).
pub async fn authenticate_first(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.headers().contains_key(AUTHORIZATION) {
        // The clone is gone when the lookup ends: routing needs the request unshared.
        let outcome = look_up(req.request().clone()).await;
        req.extensions_mut().insert(Authenticated(outcome));
    }
    next.call(req).await
}

/// Whether [`authenticate_first`] found a valid token on this request.
pub(crate) fn signed_in(req: &ServiceRequest) -> bool {
    matches!(
        req.extensions().get::<Authenticated>(),
        Some(Authenticated(Ok(_)))
    )
}

/// The caller: the outcome [`authenticate_first`] decided, or a lookup now where it did not
/// run (a route outside the API's scope).
async fn authenticate(req: HttpRequest) -> Result<Caller, Error> {
    let decided = req.extensions_mut().remove::<Authenticated>();
    match decided {
        Some(Authenticated(outcome)) => outcome,
        None => look_up(req).await,
    }
}

impl FromRequest for Caller {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        Box::pin(authenticate(req.clone()))
    }
}

/// A signed-in staff member, or nobody: no `Authorization` header means an anonymous caller,
/// while a header with a bad token is still refused (401), never silently ignored.
#[derive(Debug, Clone)]
pub struct MaybeCaller(pub Option<Caller>);

impl FromRequest for MaybeCaller {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            if req.headers().contains_key(AUTHORIZATION) {
                authenticate(req).await.map(|c| Self(Some(c)))
            } else {
                Ok(Self(None))
            }
        })
    }
}

impl FromRequest for Admin {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let caller = authenticate(req).await?;
            if caller.role() == Role::Admin {
                Ok(Admin(caller))
            } else {
                Err(Error::Forbidden)
            }
        })
    }
}
