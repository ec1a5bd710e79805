//! Sign-in, sign-out and the session behind a bearer token.

use chrono::{Duration, NaiveDateTime};

use crate::config::AuthSettings;
use crate::db::throttle::{self, Limit};
use crate::db::users::UserView;
use crate::db::{self as store, DbConnection, sessions, users, write_transaction};
use crate::domain::account::{Binding, Role, normalize_username};
use crate::domain::credentials::{decoy_hash, new_secret, token_digest, verify_password};
use crate::error::Error;

/// A signed-in staff member: the account behind a live token.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The account, with its office or unit code.
    pub user: UserView,
    /// The role and what it is bound to.
    pub binding: Binding,
    /// The digest of the token used (to revoke it on sign-out).
    pub token_hash: String,
    /// When that token expires (UTC).
    pub expires_at: NaiveDateTime,
}

impl Caller {
    /// The caller's role.
    pub fn role(&self) -> Role {
        self.binding.role()
    }
}

/// A sign-in attempt.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The username as typed (case does not matter).
    pub username: String,
    /// The password.
    pub password: String,
    /// The client's address, for the per-address limit.
    pub address: String,
}

/// What a session is for: the API's bearer token, or the staff pages' cookie (which also ends
/// after a spell of inactivity).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// `Authorization: Bearer`, for `auth.token_ttl_minutes`.
    Bearer,
    /// The staff pages' cookie, for `auth.page_session_minutes`, ending after
    /// `auth.page_idle_minutes` without a request.
    Page,
}

/// How long after its last request a page session's last-seen time is written again: the
/// idle limit is kept to the minute without a write per request.
const TOUCH_EVERY_SECS: i64 = 60;

/// A new bearer token. The server keeps only its digest.
#[derive(Debug, Clone)]
pub struct Token {
    /// The token itself, shown once.
    pub token: String,
    /// When it stops working (UTC).
    pub expires_at: NaiveDateTime,
}

/// Signs in: a new token for the right password of an active account; otherwise 401
/// `invalid_credentials`, the same for an unknown username, or 429 once the username from this
/// address, or the address, has had too many failures within the window, or the username has
/// had too many from anywhere and this address has been failing.
///
/// The attempt is counted as a failure before the password is checked, in one write
/// transaction that counts and records together (see [`throttle::take`]): a parallel burst
/// of guesses cannot all pass the limit. A right password takes the count back. The password
/// is checked outside any transaction, so Argon2's time holds no lock.
pub fn sign_in(
    conn: &mut DbConnection,
    auth: &AuthSettings,
    attempt: &Credentials,
) -> Result<Token, Error> {
    open_session(conn, auth, attempt, SessionKind::Bearer)
}

/// Signs in to the staff pages: as [`sign_in`], with the same limits and counts, but the
/// session lives `auth.page_session_minutes` at most and ends after `auth.page_idle_minutes`
/// without a request.
pub fn sign_in_page(
    conn: &mut DbConnection,
    auth: &AuthSettings,
    attempt: &Credentials,
) -> Result<Token, Error> {
    open_session(conn, auth, attempt, SessionKind::Page)
}

fn open_session(
    conn: &mut DbConnection,
    auth: &AuthSettings,
    attempt: &Credentials,
    kind: SessionKind,
) -> Result<Token, Error> {
    // An impossible username still counts as a failure, so it cannot probe the throttle.
    let username =
        normalize_username(&attempt.username).unwrap_or_else(|| attempt.username.clone());
    let now = store::now();
    let window = Duration::minutes(auth.failure_window_minutes);
    let user_bucket = format!("login:user:{username}");
    let addr_bucket = format!("login:addr:{}", attempt.address);
    let pair_bucket = format!("login:pair:{username}:{}", attempt.address);
    // Per username and address, and per address, for everyone; per username from anywhere
    // only for addresses that have been failing, so a stranger's guesses cannot lock the
    // owner out: their clean address is still heard.
    let limits = [
        Limit::new(&pair_bucket, auth.max_failures_per_username),
        Limit::new(&addr_bucket, auth.max_failures_per_address),
        Limit::only_for(
            &user_bucket,
            auth.max_failures_per_username_overall,
            &addr_bucket,
            auth.failing_after,
        ),
    ];
    write_transaction(conn, |conn| throttle::take(conn, &limits, now, window))?.map_err(
        |full| Error::TooManyRequests {
            retry_after: full.retry_after_secs(now),
        },
    )?;

    let user = users::find_by_username(conn, &username)?;
    // Verify against a decoy when the user is unknown: both failures cost the same.
    let hash = user
        .as_ref()
        .map_or_else(|| decoy_hash().to_owned(), |u| u.row.password_hash.clone());
    let password_ok = verify_password(&attempt.password, &hash);
    let user = match user {
        Some(user) if password_ok && user.row.active => user,
        // The failure was recorded above.
        _ => return Err(Error::InvalidCredentials),
    };

    let token = new_secret().map_err(|e| Error::internal(anyhow::anyhow!("random: {e}")))?;
    let (expires_at, idle_minutes, last_seen_at) = match kind {
        SessionKind::Bearer => (now + Duration::minutes(auth.token_ttl_minutes), None, None),
        SessionKind::Page => (
            now + Duration::minutes(auth.page_session_minutes),
            Some(auth.page_idle_minutes),
            Some(now),
        ),
    };
    write_transaction(conn, |conn| -> Result<(), Error> {
        throttle::clear(conn, &pair_bucket)?;
        throttle::give_back(conn, &user_bucket, now)?;
        throttle::give_back(conn, &addr_bucket, now)?;
        sessions::insert(
            conn,
            &sessions::NewSession {
                token_hash: &token_digest(&token),
                user_id: &user.row.id,
                created_at: now,
                expires_at,
                idle_minutes,
                last_seen_at,
            },
        )?;
        Ok(())
    })?;
    Ok(Token { token, expires_at })
}

/// Signs out: revokes the token whose digest is given.
pub fn sign_out(conn: &mut DbConnection, token_hash: &str) -> Result<(), Error> {
    sessions::revoke(conn, token_hash, store::now())?;
    Ok(())
}

/// The signed-in staff member behind a bearer token: 401 `unauthenticated` for a token that
/// is unknown, expired or revoked, or whose account is disabled.
pub fn authenticate(conn: &mut DbConnection, token: &str) -> Result<Caller, Error> {
    live(conn, token, SessionKind::Bearer)
}

/// The signed-in staff member behind a staff page's session cookie: as [`authenticate`],
/// and also 401 for a page session idle longer than its limit or a bearer token presented
/// as a cookie. The last-seen time is written at most once a minute.
pub fn authenticate_page(conn: &mut DbConnection, token: &str) -> Result<Caller, Error> {
    live(conn, token, SessionKind::Page)
}

fn live(conn: &mut DbConnection, token: &str, kind: SessionKind) -> Result<Caller, Error> {
    let token_hash = token_digest(token);
    let now = store::now();
    let (user, facts) =
        sessions::find_live(conn, &token_hash, now)?.ok_or(Error::Unauthenticated)?;
    if let (Some(idle), Some(seen)) = (facts.idle_minutes, facts.last_seen_at) {
        if seen + Duration::minutes(idle) <= now {
            return Err(Error::Unauthenticated);
        }
        if kind == SessionKind::Page && (now - seen).num_seconds() >= TOUCH_EVERY_SECS {
            sessions::touch(conn, &token_hash, now)?;
        }
    } else if kind == SessionKind::Page {
        return Err(Error::Unauthenticated);
    }
    let expires_at = facts.expires_at;
    let role: Role = user
        .row
        .role
        .parse()
        .map_err(|e| Error::internal(anyhow::anyhow!("stored account: {e}")))?;
    let binding = Binding::new(role, user.office_code.clone(), user.unit_code.clone())
        .map_err(|e| Error::internal(anyhow::anyhow!("stored account: {e}")))?;
    Ok(Caller {
        user,
        binding,
        token_hash,
        expires_at,
    })
}

/// Signs an account out everywhere: every session of it, pages and API alike, ends.
pub fn sign_out_everywhere(conn: &mut DbConnection, user_id: &str) -> Result<(), Error> {
    sessions::revoke_all_for_user(conn, user_id, store::now())?;
    Ok(())
}

/// Why a password change was refused, field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordRefusal {
    /// The current password given is not the account's.
    WrongCurrent,
    /// The new password is shorter than 10 characters (or longer than 256).
    BadLength,
    /// The new password is the current one.
    Unchanged,
}

/// Changes the signed-in account's own password: the current one must be given; the new one
/// takes 10–256 characters and differs from it. Every other session of the account ends; the
/// one that made the change stays. A wrong current password counts as a failed sign-in for
/// the limits, so this form cannot be used to guess it.
pub fn change_own_password(
    conn: &mut DbConnection,
    auth: &AuthSettings,
    caller: &Caller,
    current: &str,
    new: &str,
    address: &str,
) -> Result<Result<(), PasswordRefusal>, Error> {
    let length = new.chars().count();
    if !(10..=256).contains(&length) {
        return Ok(Err(PasswordRefusal::BadLength));
    }
    let now = store::now();
    let window = Duration::minutes(auth.failure_window_minutes);
    let pair_bucket = format!("login:pair:{}:{address}", caller.user.row.username);
    let limits = [Limit::new(&pair_bucket, auth.max_failures_per_username)];
    write_transaction(conn, |conn| throttle::take(conn, &limits, now, window))?.map_err(
        |full| Error::TooManyRequests {
            retry_after: full.retry_after_secs(now),
        },
    )?;
    let user = users::find_by_id(conn, &caller.user.row.id)?.ok_or(Error::Unauthenticated)?;
    if !verify_password(current, &user.row.password_hash) {
        return Ok(Err(PasswordRefusal::WrongCurrent));
    }
    if current == new {
        throttle::give_back(conn, &pair_bucket, now)?;
        return Ok(Err(PasswordRefusal::Unchanged));
    }
    let hash = crate::domain::credentials::hash_password(new)
        .map_err(|e| Error::internal(anyhow::anyhow!("password hash: {e}")))?;
    write_transaction(conn, |conn| -> Result<(), Error> {
        throttle::give_back(conn, &pair_bucket, now)?;
        users::set_password_hash(conn, &user.row.id, &hash, now)?;
        users::set_password_change_required(conn, &user.row.id, false)?;
        sessions::revoke_others(conn, &user.row.id, &caller.token_hash, now)?;
        Ok(())
    })
    .map(Ok)
}
