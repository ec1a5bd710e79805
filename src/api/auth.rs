//! Sign-in, sign-out and "who am I".

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::access::Caller;
use super::users::UserOut;
use crate::config::AuthSettings;
use crate::db::{self as store, DbConnection, sessions, throttle, users};
use crate::domain::account::normalize_username;
use crate::domain::credentials::{decoy_hash, new_secret, token_digest, verify_password};
use crate::error::{Error, Problem};
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

/// Seconds until the oldest failure in a full window leaves it.
fn retry_after(oldest: Option<NaiveDateTime>, window: Duration, now: NaiveDateTime) -> u64 {
    oldest
        .map(|t| (t + window - now).num_seconds().max(1))
        .and_then(|s| u64::try_from(s).ok())
        .unwrap_or(1)
}

fn check_throttle(
    conn: &mut DbConnection,
    buckets: &[(&str, i64)],
    window: Duration,
    now: NaiveDateTime,
) -> Result<(), Error> {
    for (bucket, limit) in buckets {
        let (failures, oldest) = throttle::window(conn, bucket, now - window)?;
        if failures >= *limit {
            return Err(Error::TooManyRequests {
                retry_after: retry_after(oldest, window, now),
            });
        }
    }
    Ok(())
}

/// The whole sign-in decision, run on a blocking thread.
fn sign_in(
    conn: &mut DbConnection,
    auth: &AuthSettings,
    address: &str,
    username: &str,
    password: &str,
) -> Result<LoginResponse, Error> {
    let now = store::now();
    let window = Duration::minutes(auth.failure_window_minutes);
    let user_bucket = format!("login:user:{username}");
    let addr_bucket = format!("login:addr:{address}");
    check_throttle(
        conn,
        &[
            (&user_bucket, auth.max_failures_per_username),
            (&addr_bucket, auth.max_failures_per_address),
        ],
        window,
        now,
    )?;

    let user = users::find_by_username(conn, username)?;
    // Verify against a decoy when the user is unknown: both failures cost the same.
    let hash = user
        .as_ref()
        .map_or_else(|| decoy_hash().to_owned(), |u| u.row.password_hash.clone());
    let password_ok = verify_password(password, &hash);
    let user = match user {
        Some(user) if password_ok && user.row.active => user,
        _ => {
            for bucket in [&user_bucket, &addr_bucket] {
                throttle::record(conn, bucket, now, now - window)?;
            }
            return Err(Error::InvalidCredentials);
        }
    };

    throttle::clear(conn, &user_bucket)?;
    let token = new_secret().map_err(|e| Error::internal(anyhow::anyhow!("random: {e}")))?;
    let expires_at = now + Duration::minutes(auth.token_ttl_minutes);
    sessions::insert(
        conn,
        &sessions::NewSession {
            token_hash: &token_digest(&token),
            user_id: &user.row.id,
            created_at: now,
            expires_at,
        },
    )?;
    Ok(LoginResponse {
        token,
        expires_at: expires_at.and_utc(),
    })
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
    let address = client_address(&req, state.settings.auth.trust_forwarded_headers);
    // An impossible username still counts as a failure, so it cannot probe the throttle.
    let username = normalize_username(&body.username).unwrap_or_else(|| body.username.clone());
    let auth = state.settings.auth.clone();
    let response = db(&state, move |conn| {
        sign_in(conn, &auth, &address, &username, &body.password)
    })
    .await?;
    Ok(web::Json(response))
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
        Ok(sessions::revoke(conn, &caller.token_hash, store::now())?)
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

    #[test]
    fn retry_after_counts_down_to_the_window_end() {
        let now = store::now();
        let window = Duration::minutes(15);
        assert_eq!(
            retry_after(Some(now - Duration::minutes(5)), window, now),
            600
        );
        assert_eq!(
            retry_after(Some(now - Duration::minutes(20)), window, now),
            1
        );
        assert_eq!(retry_after(None, window, now), 1);
    }
}
