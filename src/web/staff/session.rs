//! Signing in and out of the staff pages, and changing one's own password.
//!
//! The session is a cookie (`staff`: HttpOnly, SameSite=Strict, path `/staff`, Secure when
//! the site is served over https) holding a random token the server keeps only as a digest,
//! as the API's bearer tokens. It ends after `auth.page_idle_minutes` without a request and
//! at `auth.page_session_minutes` in any case, and with "sign out" (this browser) or "sign
//! out everywhere" (every session of the account, the API's too). Sign-in has the API's
//! limits (per username and address, per address, per username only for failing addresses:
//! a stranger cannot lock the owner out).

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;
use serde::Deserialize;

use super::{COOKIE, SignedIn, caller_of, home_of};
use crate::api::auth::client_address;
use crate::domain::credentials::token_digest;
use crate::error::Error;
use crate::service::users::sessions::{self, Credentials, PasswordRefusal};
use crate::state::db;
use crate::web::context::Ctx;
use crate::web::forms::{Errors, TextInput, button, error_summary, secondary_button};
use crate::web::layout;

/// The routes of this file, inside `/staff`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("", web::get().to(home))
        .route("/", web::get().to(home))
        .route("/sign-in", web::get().to(sign_in_form))
        .route("/sign-in", web::post().to(sign_in))
        .route("/sign-out", web::post().to(sign_out))
        .route("/password", web::get().to(password_form))
        .route("/password", web::post().to(change_password));
}

/// `GET /staff`: the signed-in role's first page.
async fn home(signed: SignedIn) -> HttpResponse {
    signed.redirect(home_of(signed.role()))
}

/// The sign-in form's fields.
#[derive(Debug, Default, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    /// Where to go after signing in (a staff page).
    #[serde(default)]
    next: String,
    #[serde(default)]
    csrf: String,
}

/// A `next` that stays on the staff pages (never another site).
fn safe_next(next: &str) -> Option<&str> {
    let ok = next.starts_with("/staff")
        && !next.starts_with("/staff/sign-")
        && !next.contains("//")
        && !next.contains('\\')
        && next.len() <= 1000;
    ok.then_some(next)
}

/// `GET /staff/sign-in`: the form (a signed-in visitor goes on to their page).
async fn sign_in_form(ctx: Ctx, req: HttpRequest) -> HttpResponse {
    if let Some(caller) = caller_of(&req) {
        return layout::redirect(&ctx, home_of(caller.role()));
    }
    let given = SignInForm {
        next: ctx.query_param("next").unwrap_or_default(),
        ..SignInForm::default()
    };
    sign_in_page(&ctx, &given, &Errors::default(), StatusCode::OK)
}

fn sign_in_page(
    ctx: &Ctx,
    given: &SignInForm,
    errors: &Errors,
    status: StatusCode,
) -> HttpResponse {
    let title = ctx.t("staff-sign-in-title");
    let main = html! {
        (error_summary(ctx, errors))
        @if ctx.query_param("signed_out").is_some() && errors.is_empty() {
            div.notice.notice-success role="status" { p { (ctx.t("staff-signed-out")) } }
        }
        @if ctx.query_param("expired").is_some() && errors.is_empty() {
            div.notice role="status" { p { (ctx.t("staff-session-ended")) } }
        }
        h1.heading-xl { (title) }
        p.lead { (ctx.t("staff-sign-in-lead")) }
        form.narrow-form method="post" action="/staff/sign-in" novalidate {
            (ctx.csrf_field())
            @if let Some(next) = safe_next(&given.next) {
                input type="hidden" name="next" value=(next);
            }
            (TextInput::new("username", &ctx.t("staff-username")).value(&given.username)
                .autocomplete("username").width("width-20").errors(ctx, errors).render())
            (TextInput::new("password", &ctx.t("staff-password")).kind("password")
                .autocomplete("current-password").width("width-20").errors(ctx, errors).render())
            (button(&ctx.t("staff-sign-in-button")))
        }
        p.muted { (ctx.t("staff-sign-in-help")) }
    };
    layout::page_with(ctx, status, &title, main)
}

fn session_cookie(ctx: &Ctx, value: String) -> Cookie<'static> {
    Cookie::build(COOKIE, value)
        .path("/staff")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(ctx.secure())
        .finish()
}

/// `POST /staff/sign-in`: a session for the right password; the form again with its message
/// otherwise (the same for an unknown username), or the 429 page once the limit is reached.
async fn sign_in(ctx: Ctx, form: web::Form<SignInForm>) -> Result<HttpResponse, Error> {
    crate::web::csrf::verify(&ctx, &form.csrf, "")?;
    let mut given = form.into_inner();
    let mut errors = Errors::default();
    if given.username.trim().is_empty() {
        errors.add("username", ctx.t("staff-username-missing"));
    }
    if given.password.is_empty() {
        errors.add("password", ctx.t("staff-password-missing"));
    }
    if !errors.is_empty() {
        given.password.clear();
        return Ok(sign_in_page(
            &ctx,
            &given,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let attempt = Credentials {
        username: given.username.trim().to_owned(),
        password: std::mem::take(&mut given.password),
        address: client_address(&ctx.req, ctx.state.settings.auth.trust_forwarded_headers),
    };
    let auth = ctx.state.settings.auth.clone();
    let previous = ctx.req.cookie(COOKIE).map(|c| token_digest(c.value()));
    let opened = db(&ctx.state, move |conn| {
        let token = sessions::sign_in_page(conn, &auth, &attempt)?;
        // The session this browser had before is over: one browser, one session.
        if let Some(previous) = previous {
            sessions::sign_out(conn, &previous)?;
        }
        let caller = sessions::authenticate_page(conn, &token.token)?;
        Ok::<_, Error>((token, caller))
    })
    .await;
    match opened {
        Ok((token, caller)) => {
            let to = if caller.user.row.password_change_required {
                "/staff/password".to_owned()
            } else {
                safe_next(&given.next)
                    .unwrap_or(home_of(caller.role()))
                    .to_owned()
            };
            let mut response = layout::redirect(&ctx, &to);
            response
                .add_cookie(&session_cookie(&ctx, token.token))
                .map_err(|e| Error::internal(anyhow::anyhow!("cookie: {e}")))?;
            Ok(response)
        }
        Err(Error::InvalidCredentials) => {
            errors.add("password", ctx.t("staff-sign-in-wrong"));
            Ok(sign_in_page(
                &ctx,
                &given,
                &errors,
                StatusCode::UNAUTHORIZED,
            ))
        }
        Err(other) => Err(other),
    }
}

/// The sign-out form's fields.
#[derive(Debug, Deserialize)]
pub struct SignOutForm {
    #[serde(default)]
    csrf: String,
    /// `everywhere` ends every session of the account.
    #[serde(default)]
    scope: String,
}

/// `POST /staff/sign-out`: ends this session, or with `scope=everywhere` every session of
/// the account; back to the sign-in page.
async fn sign_out(signed: SignedIn, form: web::Form<SignOutForm>) -> Result<HttpResponse, Error> {
    signed.verify_csrf(&form.csrf)?;
    let everywhere = form.scope == "everywhere";
    let token_hash = signed.caller.token_hash.clone();
    let user_id = signed.caller.user.row.id.clone();
    db(&signed.ctx.state, move |conn| {
        if everywhere {
            sessions::sign_out_everywhere(conn, &user_id)
        } else {
            sessions::sign_out(conn, &token_hash)
        }
    })
    .await?;
    let mut response = signed.redirect("/staff/sign-in?signed_out=1");
    let mut gone = session_cookie(&signed.ctx, String::new());
    gone.make_removal();
    response
        .add_cookie(&gone)
        .map_err(|e| Error::internal(anyhow::anyhow!("cookie: {e}")))?;
    Ok(response)
}

/// The password form's fields.
#[derive(Debug, Default, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    csrf: String,
}

/// `GET /staff/password`: change one's own password; sign out everywhere.
async fn password_form(signed: SignedIn) -> HttpResponse {
    password_page(&signed, &Errors::default(), StatusCode::OK)
}

fn password_page(signed: &SignedIn, errors: &Errors, status: StatusCode) -> HttpResponse {
    let ctx = &signed.ctx;
    let title = ctx.t("staff-password-title");
    let required = signed.caller.user.row.password_change_required;
    let main = html! {
        (error_summary(ctx, errors))
        h1.heading-xl { (title) }
        @if required {
            div.notice role="status" { p { (ctx.t("staff-password-required")) } }
        }
        p.lead { (ctx.t("staff-password-lead")) }
        form.narrow-form method="post" action="/staff/password" novalidate {
            (signed.csrf_field())
            (TextInput::new("current", &ctx.t("staff-password-current")).kind("password")
                .autocomplete("current-password").width("width-20").errors(ctx, errors).render())
            (TextInput::new("new", &ctx.t("staff-password-new")).kind("password")
                .hint(&ctx.t("staff-password-new-hint"))
                .autocomplete("new-password").width("width-20").errors(ctx, errors).render())
            (TextInput::new("confirm", &ctx.t("staff-password-confirm")).kind("password")
                .autocomplete("new-password").width("width-20").errors(ctx, errors).render())
            (button(&ctx.t("staff-password-button")))
        }
        h2.heading-m { (ctx.t("staff-sign-out-everywhere-title")) }
        p { (ctx.t("staff-sign-out-everywhere-lead")) }
        form method="post" action="/staff/sign-out" {
            (signed.csrf_field())
            (secondary_button(&ctx.t("staff-sign-out-everywhere"), "scope", "everywhere"))
        }
    };
    signed.page_with(status, &title, main)
}

/// `POST /staff/password`: the current password and the new one twice; every other session
/// ends.
async fn change_password(
    signed: SignedIn,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, Error> {
    signed.verify_csrf(&form.csrf)?;
    let ctx = &signed.ctx;
    let form = form.into_inner();
    let mut errors = Errors::default();
    if form.current.is_empty() {
        errors.add("current", ctx.t("staff-password-current-missing"));
    }
    if form.new != form.confirm {
        errors.add("confirm", ctx.t("staff-password-mismatch"));
    }
    if errors.is_empty() {
        let auth = ctx.state.settings.auth.clone();
        let caller = signed.caller.clone();
        let address = client_address(&ctx.req, auth.trust_forwarded_headers);
        let outcome = db(&ctx.state, move |conn| {
            sessions::change_own_password(conn, &auth, &caller, &form.current, &form.new, &address)
        })
        .await?;
        match outcome {
            Ok(()) => {
                return Ok(signed.redirect(&format!("{}?done=password", home_of(signed.role()))));
            }
            Err(PasswordRefusal::WrongCurrent) => {
                errors.add("current", ctx.t("staff-password-wrong"));
            }
            Err(PasswordRefusal::BadLength) => errors.add("new", ctx.t("staff-password-length")),
            Err(PasswordRefusal::Unchanged) => {
                errors.add("new", ctx.t("staff-password-unchanged"));
            }
        }
    }
    Ok(password_page(
        &signed,
        &errors,
        StatusCode::UNPROCESSABLE_ENTITY,
    ))
}
