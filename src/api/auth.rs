//! Sign-in, sign-out and "who am I".

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::access::Caller;
use super::users::UserOut;
use crate::error::{Error, Problem};
use crate::service::users::sessions::{self, Credentials};
use crate::state::{AppState, db};

/// Credentials of a staff account.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// Username (case does not matter).
    #[validate(length(min = 1, max = 64))]
    #[schema(example = "admin")]
    pub username: String,
    /// Password.
    #[validate(length(min = 1, max = 256))]
    #[schema(example = "mật-khẩu-đủ-dài", format = Password)]
    pub password: String,
}

/// A new bearer token.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LoginResponse {
    /// Send as `Authorization: Bearer <token>`. Shown once; the server keeps only a digest.
    #[schema(example = "5f0c…64 hex characters…")]
    pub token: String,
    /// When the token stops working (UTC).
    pub expires_at: DateTime<Utc>,
}

/// The signed-in account and its session.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    /// The account.
    pub user: UserOut,
    /// When the current token expires (UTC).
    pub expires_at: DateTime<Utc>,
}

/// The address a request came from, for throttling. Behind a trusted proxy it is the last
/// `X-Forwarded-For` entry, the one the proxy appended: earlier entries are the client's to forge.
pub fn client_address(req: &HttpRequest, trust_forwarded: bool) -> String {
    let forwarded = trust_forwarded
        .then(|| req.headers().get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned);
    forwarded
        .or_else(|| req.peer_addr().map(|a| a.ip().to_string()))
        .unwrap_or_else(|| "unknown".into())
}

/// Sign in with a username and password.
///
/// Returns an opaque bearer token. A wrong password and an unknown username answer alike.
/// Repeated failures are throttled per username and per client address (429 with
/// `Retry-After`).
#[utoipa::path(
    tag = "auth",
    operation_id = "login",
    request_body(content = LoginRequest, example = json!({"username": "admin", "password": "mật-khẩu-đủ-dài"})),
    responses(
        (status = 200, description = "Signed in", body = LoginResponse),
        (status = 401, description = "Wrong username or password", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing or too long fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> Result<web::Json<LoginResponse>, Error> {
    body.validate()?;
    let body = body.into_inner();
    let attempt = Credentials {
        address: client_address(&req, state.settings.auth.trust_forwarded_headers),
        username: body.username,
        password: body.password,
    };
    let auth = state.settings.auth.clone();
    let token = db(&state, move |conn| sessions::sign_in(conn, &auth, &attempt)).await?;
    Ok(web::Json(LoginResponse {
        token: token.token,
        expires_at: token.expires_at.and_utc(),
    }))
}

/// Sign out: revoke the token used for this request.
#[utoipa::path(
    tag = "auth",
    operation_id = "logout",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Token revoked"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, Error> {
    db(&state, move |conn| {
        sessions::sign_out(conn, &caller.token_hash)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in account.
#[utoipa::path(
    tag = "auth",
    operation_id = "get_me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account behind the token", body = MeResponse),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/auth/me")]
pub async fn me(caller: Caller) -> web::Json<MeResponse> {
    web::Json(MeResponse {
        user: UserOut::from(&caller.user),
        expires_at: caller.expires_at.and_utc(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_proxy_appended_address_is_trusted() {
        let req = actix_web::test::TestRequest::default()
            .insert_header(("x-forwarded-for", "6.6.6.6, 203.0.113.7"))
            .peer_addr("10.0.0.2:40000".parse().unwrap_or_else(|_| unreachable!()))
            .to_http_request();
        assert_eq!(client_address(&req, true), "203.0.113.7");
        assert_eq!(client_address(&req, false), "10.0.0.2");
    }
}
