//! The staff pages: signed in with a cookie session, one group per role (the reception desk,
//! the specialist's work, the official's dashboard, the administrator's setup), under
//! `/staff`, in the site's frame with a navigation of their own.
//!
//! A handler takes [`SignedIn`] first, states the roles it serves with
//! [`SignedIn::require`], puts [`SignedIn::csrf_field`] in every form and checks it with
//! [`SignedIn::verify_csrf`] first in every POST. The session is looked up by
//! [`look_up_first`] (a middleware on the scope) before any extractor runs, for the reason
//! given in `api::access`. See docs/WEB.md.

pub mod admin;
pub mod dashboard;
pub mod desk;
pub mod session;
pub mod work;

use std::future::{Ready, ready};

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, web};
use maud::{Markup, html};

use super::context::Ctx;
use super::{csrf, layout};
use crate::domain::account::Role;
use crate::error::Error;
use crate::service::Staff;
use crate::service::users::sessions::{Caller, authenticate_page};
use crate::state::{AppState, db};

/// The cookie holding a staff page session's token (the server keeps only its digest).
pub const COOKIE: &str = "staff";

/// The staff pages' routes, inside `web::scope("/staff")`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    session::routes(cfg);
    desk::routes(cfg);
    work::routes(cfg);
    dashboard::routes(cfg);
    admin::routes(cfg);
}

/// Where a role starts after signing in.
pub fn home_of(role: Role) -> &'static str {
    match role {
        Role::Clerk => "/staff/desk",
        Role::Specialist => "/staff/work",
        Role::Official => "/staff/dashboard",
        Role::Admin => "/staff/admin/users",
    }
}

/// A role's navigation: (address, catalog key).
fn nav_of(role: Role) -> &'static [(&'static str, &'static str)] {
    match role {
        Role::Clerk => &[
            ("/staff/desk", "staff-nav-desk"),
            ("/staff/desk/intake", "staff-nav-intake"),
            // A commune's desk also processes much of what it receives.
            ("/staff/work", "staff-nav-work"),
        ],
        Role::Specialist => &[("/staff/work", "staff-nav-work")],
        Role::Official => &[
            ("/staff/dashboard", "staff-nav-dashboard"),
            ("/staff/reports/results", "staff-nav-results"),
            ("/staff/reports/progress", "staff-nav-progress"),
        ],
        Role::Admin => &[
            ("/staff/admin/users", "staff-nav-users"),
            ("/staff/admin/offices", "staff-nav-offices"),
            ("/staff/admin/calendar", "staff-nav-calendar"),
            ("/staff/admin/import", "staff-nav-import"),
            ("/staff/admin/units", "staff-nav-units"),
        ],
    }
}

/// The outcome of the request's session cookie, decided before the handler.
struct Looked(Result<Caller, Error>);

fn session_token(req: &HttpRequest) -> Option<String> {
    req.cookie(COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

/// The middleware on the staff scope: a request with a session cookie has it looked up
/// before the handler's extractors run.
pub async fn look_up_first(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if let Some(token) = session_token(req.request()) {
        let outcome = match req.app_data::<web::Data<AppState>>().cloned() {
            Some(state) => db(&state, move |conn| authenticate_page(conn, &token)).await,
            None => Err(Error::internal(anyhow::anyhow!(
                "application state missing"
            ))),
        };
        req.extensions_mut().insert(Looked(outcome));
    }
    next.call(req).await
}

/// Pages a signed-in account whose password must be changed may still open.
const WHILE_PASSWORD_CHANGE_REQUIRED: [&str; 2] = ["/staff/password", "/staff/sign-out"];

/// A signed-in staff member on a staff page. Without a live session a GET is sent to the
/// sign-in page (and back after it); any other request gets the 401 page.
pub struct SignedIn {
    /// The page context, as on the public pages.
    pub ctx: Ctx,
    /// The account and its role, office or unit.
    pub caller: Caller,
}

impl SignedIn {
    /// The staff member as the operations take it.
    pub fn staff(&self) -> Staff {
        Staff {
            user_id: self.caller.user.row.id.clone(),
            binding: self.caller.binding.clone(),
        }
    }

    /// The role.
    pub fn role(&self) -> Role {
        self.caller.role()
    }

    /// Refuses (403, the site's page) a role the page does not serve.
    pub fn require(&self, roles: &[Role]) -> Result<(), Error> {
        if roles.contains(&self.role()) {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }

    /// The hidden form field of a staff form: the form token bound to this session.
    pub fn csrf_field(&self) -> Markup {
        csrf::hidden_field(&csrf::token_for(&self.ctx, &self.caller.token_hash))
    }

    /// Checks a staff form's token (403 `csrf_failed`, the "form expired" page).
    pub fn verify_csrf(&self, submitted: &str) -> Result<(), Error> {
        csrf::verify(&self.ctx, submitted, &self.caller.token_hash)
    }

    /// A staff page with status 200.
    pub fn page(&self, title: &str, main: Markup) -> HttpResponse {
        self.page_with(StatusCode::OK, title, main)
    }

    /// A staff page with another status (422 for a form with errors).
    pub fn page_with(&self, status: StatusCode, title: &str, main: Markup) -> HttpResponse {
        let main = html! { (self.banner()) (main) };
        layout::respond(
            &self.ctx,
            status,
            layout::frame(&self.ctx, title, self.nav(), main),
        )
    }

    /// `303 See Other` to `to`, after a successful POST. To confirm what was done on the
    /// next page, add `done=<key>` to its query: the banner shows the message `done-<key>`.
    pub fn redirect(&self, to: &str) -> HttpResponse {
        layout::redirect(&self.ctx, to)
    }

    /// The confirmation of the action just done: the message `done-<key>` for `?done=<key>`
    /// (a key without a message shows nothing).
    fn banner(&self) -> Markup {
        let Some(key) = self.ctx.query_param("done").filter(|k| {
            k.len() <= 64
                && k.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        }) else {
            return html! {};
        };
        let key = format!("done-{key}");
        let text = self.ctx.t(&key);
        if text == key {
            return html! {};
        }
        html! {
            div.notice.notice-success role="status" tabindex="-1" data-focus="true" {
                p { (text) }
            }
        }
    }

    /// The staff navigation: the role's pages, the account, password and sign out.
    fn nav(&self) -> Markup {
        let ctx = &self.ctx;
        html! {
            nav.site-nav.staff-nav aria-label=(ctx.t("staff-nav-label")) {
                ul.wrap {
                    @for (href, key) in nav_of(self.role()) {
                        li {
                            @if ctx.req.path() == *href {
                                a href=(href) aria-current="page" { (ctx.t(key)) }
                            } @else {
                                a href=(href) { (ctx.t(key)) }
                            }
                        }
                    }
                    li.staff-account {
                        a href="/staff/password" title=(ctx.t("staff-nav-password")) {
                            (self.caller.user.row.display_name)
                            span.staff-role { " · " (ctx.t(&format!("staff-role-{}", self.role().as_str()))) }
                        }
                    }
                    li {
                        form.inline-form method="post" action="/staff/sign-out" {
                            (self.csrf_field())
                            button.link-button type="submit" { (ctx.t("staff-sign-out")) }
                        }
                    }
                }
            }
        }
    }
}

/// The answer for a request without a live session: the sign-in page for a GET (and back
/// here after it), the 401 page for anything else.
fn not_signed_in(req: &HttpRequest) -> actix_web::Error {
    if req.method() == actix_web::http::Method::GET {
        let here = match req.query_string() {
            "" => req.path().to_owned(),
            q => format!("{}?{q}", req.path()),
        };
        let next: String = form_urlencoded::byte_serialize(here.as_bytes()).collect();
        let to = format!("/staff/sign-in?next={next}");
        let response = HttpResponse::SeeOther()
            .insert_header((LOCATION, to))
            .insert_header(("Cache-Control", "no-store"))
            .finish();
        actix_web::error::InternalError::from_response("not signed in", response).into()
    } else {
        Error::Unauthenticated.into()
    }
}

impl FromRequest for SignedIn {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(signed_in(req))
    }
}

fn signed_in(req: &HttpRequest) -> Result<SignedIn, actix_web::Error> {
    let looked = req.extensions_mut().remove::<Looked>();
    let caller = match looked {
        Some(Looked(Ok(caller))) => caller,
        Some(Looked(Err(Error::Unauthenticated))) | None => return Err(not_signed_in(req)),
        Some(Looked(Err(other))) => return Err(other.into()),
    };
    if caller.user.row.password_change_required
        && !WHILE_PASSWORD_CHANGE_REQUIRED.contains(&req.path())
    {
        if req.method() == actix_web::http::Method::GET {
            let response = HttpResponse::SeeOther()
                .insert_header((LOCATION, "/staff/password"))
                .finish();
            return Err(
                actix_web::error::InternalError::from_response("password", response).into(),
            );
        }
        return Err(Error::Forbidden.into());
    }
    let ctx = Ctx::of(req).ok_or_else(|| {
        actix_web::error::ErrorInternalServerError("the application state is missing")
    })?;
    Ok(SignedIn { ctx, caller })
}

/// The signed-in account of a request on a staff page, if any (the sign-in page uses it to
/// send a signed-in visitor on).
pub fn caller_of(req: &HttpRequest) -> Option<Caller> {
    req.extensions()
        .get::<Looked>()
        .and_then(|looked| looked.0.as_ref().ok().cloned())
}
