//! Form tokens against cross-site requests: a signed double submit.
//!
//! The browser holds a random value in the `csrf` cookie (HttpOnly, SameSite=Lax); every form
//! carries `HMAC(server secret, cookie value, binding)` in its hidden `csrf` field. A POST
//! is accepted only when the field matches the cookie it came with. Another site can make
//! the browser send the cookie but can neither read it nor compute the token. `binding` ties
//! the token to more than the cookie: empty for the public forms, the session's id for the
//! staff pages (a token taken before sign-in then fails after it).
//!
//! In a page: `ctx.csrf_field()` (or `csrf::hidden_field(&csrf::token_for(&ctx, binding))`)
//! inside the form. In its POST handler: `csrf::verify(&ctx, &form.csrf, binding)?`, which
//! fails with the site's "form expired" page (403 `csrf_failed`).

use actix_web::cookie::{Cookie, SameSite};
use hmac::{Hmac, Mac};
use maud::{Markup, html};
use sha2::Sha256;

use super::context::Ctx;
use crate::error::{Code, Error};

/// The cookie holding the random half.
pub const COOKIE: &str = "csrf";
/// The form field holding the signed half.
pub const FIELD: &str = "csrf";

/// The cookie's value for this request: the one it came with, or a new one.
#[derive(Debug, Clone)]
pub(super) struct CookieToken {
    pub(super) value: String,
    /// Made for this response: it must be sent with `Set-Cookie`.
    pub(super) fresh: bool,
}

fn cookie_value(ctx: &Ctx) -> &CookieToken {
    ctx.csrf.get_or_init(|| {
        match ctx
            .req
            .cookie(COOKIE)
            .map(|c| c.value().to_owned())
            .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            Some(value) => CookieToken {
                value,
                fresh: false,
            },
            None => {
                let mut bytes = [0u8; 32];
                if getrandom::fill(&mut bytes).is_err() {
                    // No randomness: a token nobody can match, so forms fail safe.
                    bytes = [0; 32];
                }
                CookieToken {
                    value: hex::encode(bytes),
                    fresh: true,
                }
            }
        }
    })
}

fn mac(secret: &str, cookie: &str, binding: &str) -> Hmac<Sha256> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(b"motcua-csrf\0");
    mac.update(cookie.as_bytes());
    mac.update(b"\0");
    mac.update(binding.as_bytes());
    mac
}

/// The token a form of this page carries, bound to `binding` (empty for public forms).
pub fn token_for(ctx: &Ctx, binding: &str) -> String {
    let cookie = cookie_value(ctx);
    hex::encode(
        mac(&ctx.state.secret, &cookie.value, binding)
            .finalize()
            .into_bytes(),
    )
}

/// The hidden field with a token.
pub fn hidden_field(token: &str) -> Markup {
    html! { input type="hidden" name=(FIELD) value=(token); }
}

/// Checks a submitted token against the request's cookie and `binding`.
pub fn verify(ctx: &Ctx, submitted: &str, binding: &str) -> Result<(), Error> {
    let failed = || Error::BadRequest {
        code: Code::CsrfFailed,
        detail: "the form's token does not match its cookie".into(),
    };
    let cookie = ctx.req.cookie(COOKIE).ok_or_else(failed)?;
    let submitted = hex::decode(submitted.trim()).map_err(|_| failed())?;
    mac(&ctx.state.secret, cookie.value(), binding)
        .verify_slice(&submitted)
        .map_err(|_| failed())
}

/// The `Set-Cookie` for a cookie value made for this response, if one was.
pub(super) fn new_cookie(ctx: &Ctx) -> Option<Cookie<'static>> {
    let token = ctx.csrf.get().filter(|t| t.fresh)?;
    Some(
        Cookie::build(COOKIE, token.value.clone())
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(ctx.secure())
            .finish(),
    )
}
