//! Applying online (`/apply/{code}`), one thing per page in the GOV.UK pattern: where the
//! application goes, the applicant's details, a file for each document, check your answers,
//! then the confirmation with the code and the PIN (shown once, printable, with slip 01's QR
//! code).
//!
//! The answers and files live in a draft ([`crate::service::files::drafts`]) opened by a
//! random token in the `draft` cookie, whose path is the procedure's own `/apply/{code}`, so
//! two procedures have two drafts. Each handler parses, calls one operation and renders; a
//! form with errors comes back with every message in the summary and beside its field, what
//! was typed and the files already received kept.

use actix_multipart::Multipart;
use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::context::Ctx;
use super::forms::{
    Choice, Errors, TextInput, button, error_summary, field_id, file_input, radios,
    secondary_button,
};
use super::i18n::args;
use super::layout;
use crate::domain::procedure::ProcedureCode;
use crate::error::{Error, FieldIssue};
use crate::service::catalog::procedures::parse_code;
use crate::service::files::drafts::{self, ApplicantAnswers, Apply, Confirmation, Step, Submitted};
use crate::service::files::{Storage, Upload};
use crate::state::{db, db_write};

mod check;
mod details;
mod documents;

pub use check::{SubmitForm, check, submit};
pub use details::{DetailsForm, details, details_post};
pub use documents::{documents, documents_post};

/// The cookie holding a draft's token.
const DRAFT_COOKIE: &str = "draft";

/// What the file pickers offer (the server reads the type from the content).
const ACCEPT: &str =
    ".pdf,.jpg,.jpeg,.png,.heic,.heif,application/pdf,image/jpeg,image/png,image/heic,image/heif";

fn base(code: &str) -> String {
    format!("/apply/{code}")
}

fn token_of(ctx: &Ctx) -> Option<String> {
    ctx.req
        .cookie(DRAFT_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

/// The draft's cookie: only for this procedure's pages, not readable by scripts.
fn draft_cookie(ctx: &Ctx, code: &str, token: &str) -> Cookie<'static> {
    Cookie::build(DRAFT_COOKIE, token.to_owned())
        .path(base(code))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(ctx.secure())
        .max_age(Duration::hours(
            ctx.state.settings.uploads.draft_hours.max(1),
        ))
        .finish()
}

/// The form's field a service issue belongs to: `applicant.phone` → `phone`.
fn form_field(field: &str) -> &str {
    field.strip_prefix("applicant.").unwrap_or(field)
}

fn errors_of(ctx: &Ctx, issues: &[FieldIssue]) -> Errors {
    let mut errors = Errors::default();
    for issue in issues {
        errors.add(form_field(&issue.field), issue.message_in(ctx.lang));
    }
    errors
}

fn status_of(errors: &Errors) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// The frame of every step: the trail, the errors, the caption and the heading.
fn frame(ctx: &Ctx, apply: &Apply, errors: &Errors, heading: &str, body: Markup) -> Markup {
    let procedure_href = format!("/procedures/{}", apply.procedure_code);
    html! {
        (layout::breadcrumbs(ctx, &[
            ("/", &ctx.t("nav-home")),
            (&procedure_href, &apply.procedure_name),
            ("", &ctx.t("apply-title")),
        ]))
        (error_summary(ctx, errors))
        span.caption { (apply.procedure_name) }
        h1.heading-xl { (heading) }
        (body)
    }
}

fn step_page(
    ctx: &Ctx,
    apply: &Apply,
    errors: &Errors,
    heading: &str,
    body: Markup,
) -> HttpResponse {
    let title = if errors.is_empty() {
        heading.to_owned()
    } else {
        format!("{}: {heading}", ctx.t("apply-error-prefix"))
    };
    layout::page_with(
        ctx,
        status_of(errors),
        &title,
        frame(ctx, apply, errors, heading, body),
    )
}

/// Where a step goes when the draft is missing or already submitted.
fn elsewhere(ctx: &Ctx, apply: &Apply) -> HttpResponse {
    let to = match apply.submitted {
        Some(_) => format!("{}/done", base(&apply.procedure_code)),
        None => base(&apply.procedure_code),
    };
    layout::redirect(ctx, &to)
}

async fn view(ctx: &Ctx, code: ProcedureCode) -> Result<Apply, Error> {
    let token = token_of(ctx);
    db(&ctx.state, move |conn| {
        drafts::view(conn, &code, token.as_deref())
    })
    .await
}

/// The form of the first step.
#[derive(Debug, Default, Deserialize)]
pub struct OfficeForm {
    /// The office's agency code.
    #[serde(default)]
    pub office: String,
    /// The form token.
    #[serde(default)]
    pub csrf: String,
}

/// `GET /apply/{code}`: what the citizen will need, and where the application goes.
pub async fn start(ctx: Ctx, path: web::Path<String>) -> Result<HttpResponse, Error> {
    let apply = view(&ctx, parse_code(&path)?).await?;
    Ok(start_page(&ctx, &apply, &Errors::default()))
}

/// `POST /apply/{code}`: the office chosen; starts the draft.
pub async fn start_post(
    ctx: Ctx,
    path: web::Path<String>,
    form: web::Form<OfficeForm>,
) -> Result<HttpResponse, Error> {
    super::csrf::verify(&ctx, &form.csrf, "")?;
    let code = parse_code(&path)?;
    let token = token_of(&ctx);
    let state = ctx.state.clone();
    let office = form.office.trim().to_owned();
    let step: Step = db_write(&ctx.state, move |conn| {
        drafts::choose_office(conn, &state, &code, token.as_deref(), &office)
    })
    .await?;
    if !step.issues.is_empty() {
        return Ok(start_page(
            &ctx,
            &step.apply,
            &errors_of(&ctx, &step.issues),
        ));
    }
    let mut res = layout::redirect(&ctx, &next(&ctx, &step.apply, "details"));
    if let Some(token) = &step.token {
        res.add_cookie(&draft_cookie(&ctx, &step.apply.procedure_code, token))
            .map_err(Error::internal)?;
    }
    Ok(res)
}

/// The next step's address, or back to check your answers when the step was a change.
fn next(ctx: &Ctx, apply: &Apply, step: &str) -> String {
    let code = &apply.procedure_code;
    if ctx.query_param("change").is_some() {
        format!("{}/check", base(code))
    } else {
        format!("{}/{step}", base(code))
    }
}

/// The form's action, keeping `?change=1` for a change from check your answers.
fn action(ctx: &Ctx, path: &str) -> String {
    if ctx.query_param("change").is_some() {
        format!("{path}?change=1")
    } else {
        path.to_owned()
    }
}

fn start_page(ctx: &Ctx, apply: &Apply, errors: &Errors) -> HttpResponse {
    let heading = ctx.t("apply-start-title");
    let choices: Vec<(String, String)> = apply
        .offices
        .iter()
        .map(|o| (o.code.clone(), o.name.clone()))
        .collect();
    let hints: Vec<String> = apply.offices.iter().map(|o| o.unit_name.clone()).collect();
    let choices: Vec<Choice<'_>> = choices
        .iter()
        .zip(&hints)
        .map(|((value, label), hint)| Choice {
            value,
            label,
            hint: Some(hint),
        })
        .collect();
    let selected = apply
        .office
        .as_ref()
        .map(|o| o.code.as_str())
        .or_else(|| (apply.offices.len() == 1).then(|| apply.offices[0].code.as_str()));
    let body = html! {
        @if apply.offices.is_empty() {
            p.lead { (ctx.t("apply-not-online")) }
            p { a href={ "/procedures/" (apply.procedure_code) } { (ctx.t("apply-back-to-procedure")) } }
        } @else {
            p.lead { (ctx.t("apply-start-lead")) }
            h2.heading-m { (ctx.t("apply-you-need")) }
            ul.list {
                li { (ctx.t("apply-need-id")) }
                li { (ctx.t("apply-need-contact")) }
                @if !apply.slots.is_empty() {
                    li {
                        (ctx.t("apply-need-files"))
                        ul.list {
                            @for slot in &apply.slots {
                                li { (slot.name) @if slot.optional { " " span.muted { (ctx.t("apply-optional")) } } }
                            }
                        }
                    }
                }
            }
            p.hint { (ctx.t_args("apply-files-rule", &file_rule_args(ctx))) }
            form method="post" action=(action(ctx, &base(&apply.procedure_code))) novalidate {
                (ctx.csrf_field())
                (radios(ctx, "office", &ctx.t("apply-office"), None, &choices, selected, errors))
                (button(&ctx.t("form-continue")))
            }
        }
    };
    step_page(ctx, apply, errors, &heading, body)
}

/// A file's size in words.
fn size_words(size: i64) -> String {
    let size = size.max(0) as f64;
    if size >= 1024.0 * 1024.0 {
        format!("{:.1} MB", size / (1024.0 * 1024.0))
    } else {
        format!("{:.0} KB", (size / 1024.0).max(1.0))
    }
}

fn file_rule_args(ctx: &Ctx) -> super::i18n::Args<'static> {
    let uploads = &ctx.state.settings.uploads;
    let mb = |b: u64| format!("{:.0}", b as f64 / (1024.0 * 1024.0));
    args(&[
        ("file", mb(uploads.max_file_bytes).into()),
        ("total", mb(uploads.max_application_bytes).into()),
    ])
}

/// `GET /apply/{code}/done`: the confirmation; the PIN and the QR code the first time only.
pub async fn done(ctx: Ctx, path: web::Path<String>) -> Result<HttpResponse, Error> {
    let code = parse_code(&path)?;
    let base_path = base(code.as_str());
    let token = token_of(&ctx);
    let state = ctx.state.clone();
    let found = db_write(&ctx.state, move |conn| {
        drafts::confirmation(conn, &state, &code, token.as_deref())
    })
    .await?;
    let Some(confirmation) = found else {
        return Ok(layout::redirect(&ctx, &base_path));
    };
    let mut res = done_page(&ctx, &confirmation);
    // Nothing after this page needs to see the code and PIN again: no shared cache.
    res.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

fn done_page(ctx: &Ctx, c: &Confirmation) -> HttpResponse {
    let heading = ctx.t("apply-done-title");
    let code_words = args(&[("code", c.code.clone().into())]);
    let main = html! {
        div.confirmation-panel {
            h1.confirmation-title { (heading) }
            div.confirmation-body {
                (ctx.t("apply-done-code")) br;
                strong.confirmation-code { (c.code) }
            }
        }
        @match &c.secret {
            Some((pin, link)) => {
                section.pin-box aria-labelledby="pin-title" {
                    h2 #pin-title.heading-l { (ctx.t("apply-done-pin")) }
                    p.pin-value { strong { (pin) } }
                    p { strong { (ctx.t("apply-done-pin-once")) } }
                    @if let Some(svg) = crate::slips::qr::svg(link) {
                        figure.qr {
                            div.qr-code role="img" aria-label=(ctx.t("apply-done-qr")) { (PreEscaped(svg)) }
                            figcaption.hint { (ctx.t("apply-done-qr")) }
                        }
                    }
                    p.no-print {
                        button.button.button-secondary type="button" data-print="true" hidden { (ctx.t("apply-done-print")) }
                    }
                }
            }
            None => {
                div.callout { p { (ctx.t("apply-done-pin-gone")) } }
            }
        }
        h2.heading-m { (ctx.t("apply-done-next")) }
        p { (ctx.t("apply-done-next-body")) }
        p { a href="/track" { (ctx.t_args("apply-done-track", &code_words)) } }
    };
    layout::page(ctx, &heading, main)
}
