//! One application's page for clerks and specialists, with a form per action, its files, and
//! the specialist's worklist (see docs/WEB.md, "Staff application pages").
//!
//! | address | file |
//! | --- | --- |
//! | `GET /staff/work` | `worklist.rs` |
//! | `GET /staff/applications/{code}` | `application.rs` |
//! | `GET /staff/applications/{code}/files/{id}` | `files.rs` |
//! | `GET/POST /staff/applications/{code}/{action}` | `actions.rs` (forms in `forms.rs`) |

mod actions;
mod application;
mod body;
mod files;
mod forms;
mod worklist;

use actix_web::web;
use maud::{Markup, html};

use super::SignedIn;
use crate::domain::application::{Action, Status};
use crate::service::work::Urgency;

/// This group's routes, inside `/staff`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/work", web::get().to(worklist::page))
        .route("/applications/{code}", web::get().to(application::page))
        .route(
            "/applications/{code}/files/{id}",
            web::get().to(files::download),
        )
        .route(
            "/applications/{code}/{action}",
            web::get().to(actions::form),
        )
        .route(
            "/applications/{code}/{action}",
            web::post().to(actions::take),
        );
}

/// The address of an application's page.
fn app_href(code: &str) -> String {
    format!("/staff/applications/{}", urlencode(code))
}

/// The address of an action's form.
fn action_href(code: &str, action: Action) -> String {
    format!("{}/{}", app_href(code), token(action))
}

/// An action as the addresses write it: `request-supplement`.
fn token(action: Action) -> String {
    action.as_str().replace('_', "-")
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The status in words, as a tag.
fn status_tag(signed: &SignedIn, status: Status) -> Markup {
    let lang = signed.ctx.lang;
    html! {
        strong.tag.tag-grey { (lang.pick(status.name_vi(), status.name_en())) }
    }
}

/// The due-date mark, in words (never colour alone).
fn urgency_tag(signed: &SignedIn, urgency: Urgency) -> Markup {
    let ctx = &signed.ctx;
    html! {
        @match urgency {
            Urgency::Overdue => strong.tag.tag-overdue { (ctx.t("work-overdue")) },
            Urgency::DueSoon => strong.tag.tag-due-soon { (ctx.t("work-due-soon")) },
            Urgency::InTime | Urgency::NoDeadline => {},
        }
    }
}
