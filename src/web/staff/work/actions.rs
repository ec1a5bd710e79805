//! `GET/POST /staff/applications/{code}/{action}`: one action's form, and taking it through
//! the API's own operation (`act`, with the form's version for optimistic concurrency; the
//! result's file with it in one transaction). Success is post/redirect/get to the
//! application's page with the confirmation banner; bad input comes back as the form with the
//! error summary and each message beside its field; a stale version or a refusal of the
//! state machine comes back as the form with what was typed and the reason, nothing lost.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::body::{self, Body};
use super::forms::{self, form_field, notice};
use super::{SignedIn, app_href, token};
use crate::domain::account::Role;
use crate::domain::application::Action;
use crate::error::{Code, Error};
use crate::service::applications::actions::parse_action;
use crate::service::files::Storage;
use crate::service::version::Expected;
use crate::service::work::acting::act_with_result;
use crate::service::work::page::ApplicationPage;
use crate::state::db_write;
use crate::web::forms::Errors;

fn action_of(token: &str) -> Result<Action, Error> {
    // Only the hyphenated form is an address of a page.
    if token.contains('_') {
        return Err(Error::NotFound(Code::ActionNotFound));
    }
    parse_action(token)
}

/// The page when the action is not open to this viewer now.
fn not_now(signed: &SignedIn, page: &ApplicationPage, action: Action) -> HttpResponse {
    let ctx = &signed.ctx;
    let app = &page.app.application;
    let name = super::application::action_name(signed, action.as_str());
    let status = ctx
        .lang
        .pick(app.status.name, app.status.name_en)
        .to_owned();
    let text = ctx.t_args(
        "work-not-now",
        &crate::web::i18n::args(&[("action", name.clone().into()), ("status", status.into())]),
    );
    let main = maud::html! {
        h1 { (name) }
        (notice(&text, Some((&app_href(&app.code), &ctx.t("work-back-to-application")))))
    };
    signed.page_with(StatusCode::CONFLICT, &name, main)
}

pub async fn form(
    signed: SignedIn,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    signed.require(&[Role::Clerk, Role::Specialist])?;
    let (code, action) = path.into_inner();
    let action = action_of(&action)?;
    let page = super::application::read(&signed, &code).await?;
    if !page.offered.contains(&action) {
        return Ok(not_now(&signed, &page, action));
    }
    let name = super::application::action_name(&signed, action.as_str());
    let main = forms::render(
        &signed,
        &page,
        action,
        &Body::default(),
        &Errors::default(),
        None,
    );
    Ok(signed.page(&name, main))
}

pub async fn take(
    signed: SignedIn,
    path: web::Path<(String, String)>,
    payload: web::Payload,
) -> Result<HttpResponse, Error> {
    signed.require(&[Role::Clerk, Role::Specialist])?;
    let (code, action) = path.into_inner();
    let action = action_of(&action)?;
    let storage = Storage::from_settings(&signed.ctx.state.settings.uploads);
    let body = match body::read(&signed.ctx.req, payload, &storage).await {
        Ok(body) => body,
        // A file past the limits stops the reading: the form again with the message (nothing
        // was stored; what was typed after the file could not be read).
        Err(error @ Error::Upload { .. }) => {
            let page = super::application::read(&signed, &code).await?;
            return Ok(again(&signed, &page, action, &Body::default(), &error));
        }
        Err(error) => return Err(error),
    };
    signed.verify_csrf(body.text("csrf"))?;
    let (input, mut errors) = forms::read(&signed, action, &body);
    let version = body.text("version").parse::<i64>().ok();
    if !errors.is_empty() || version.is_none() {
        let page = super::application::read(&signed, &code).await?;
        if version.is_none() {
            errors.add("version", signed.ctx.t("work-version-missing"));
        }
        let main = forms::render(&signed, &page, action, &body, &errors, None);
        let name = super::application::action_name(&signed, action.as_str());
        return Ok(signed.page_with(StatusCode::UNPROCESSABLE_ENTITY, &name, main));
    }
    let expected = Expected::Field(version.unwrap_or_default());
    let files: Vec<_> = body
        .files
        .iter()
        .filter(|f| f.field == "result_file")
        .cloned()
        .collect();
    let staff = signed.staff();
    let state = signed.ctx.state.clone();
    let acted_code = code.trim().to_owned();
    let done = db_write(&signed.ctx.state, move |conn| {
        act_with_result(
            conn,
            &state.calendar,
            &storage,
            &staff,
            &acted_code,
            action,
            expected,
            input,
            files,
        )
    })
    .await;
    match done {
        Ok(out) => Ok(signed.redirect(&format!(
            "{}?done={}",
            app_href(&out.application.code),
            token(action)
        ))),
        Err(
            error @ (Error::Validation(_)
            | Error::Upload { .. }
            | Error::Conflict { .. }
            | Error::PreconditionFailed { .. }),
        ) => {
            let page = super::application::read(&signed, &code).await?;
            Ok(again(&signed, &page, action, &body, &error))
        }
        Err(error) => Err(error),
    }
}

/// The form again after the operation refused it, with what was typed.
fn again(
    signed: &SignedIn,
    page: &ApplicationPage,
    action: Action,
    typed: &Body,
    error: &Error,
) -> HttpResponse {
    let ctx = &signed.ctx;
    let problem = error.problem(ctx.lang);
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    let name = super::application::action_name(signed, action.as_str());
    let back = app_href(&page.app.application.code);
    let back_label = ctx.t("work-back-to-application");
    let mut errors = Errors::default();
    let mut shown_notice = None;
    match error {
        Error::Validation(_) | Error::Upload { .. } => {
            for issue in problem.errors.unwrap_or_default() {
                let field = form_field(page, &issue.field);
                let key = format!("work-error-{field}-{}", issue.rule);
                let text = ctx.t(&key);
                errors.add(
                    &field,
                    if text == key {
                        capitalised(&issue.message)
                    } else {
                        text
                    },
                );
            }
        }
        Error::Conflict {
            code: Code::VersionConflict,
            ..
        }
        | Error::PreconditionFailed { .. } => {
            let text = if page.offered.contains(&action) {
                ctx.t("work-stale")
            } else {
                ctx.t("work-stale-gone")
            };
            shown_notice = Some(notice(&text, Some((&back, &back_label))));
            // The form is now based on the version read again; what was typed stays.
            let mut kept = Body {
                texts: typed
                    .texts
                    .iter()
                    .filter(|(n, _)| n != "version")
                    .cloned()
                    .collect(),
                files: Vec::new(),
            };
            kept.texts.push((
                "version".to_owned(),
                page.app.application.version.to_string(),
            ));
            let main = forms::render(signed, page, action, &kept, &errors, shown_notice);
            return signed.page_with(StatusCode::CONFLICT, &name, main);
        }
        _ => {
            shown_notice = Some(notice(&problem.detail, Some((&back, &back_label))));
        }
    }
    let main = forms::render(signed, page, action, typed, &errors, shown_notice);
    signed.page_with(status, &name, main)
}

/// A message of the operations (`list each item once`) as a sentence on a page.
fn capitalised(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
