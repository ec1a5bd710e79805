//! Tracking from the receipt: the tracking form (`/track`), an application's status page
//! (`/track/{code}`, opened directly by slip 01's QR link `?t=`), and rating the service once
//! (`/track/{code}/rate`, then a thank-you page).
//!
//! Each handler parses, calls one operation of [`crate::service::applications::tracking`] and
//! renders. A PIN typed into the form is never kept in an address: after it opens, the page
//! moves to the status page's link-token address. A status page without a proof shows the PIN
//! form and counts nothing; a wrong proof comes back to the form with its message; past the
//! limits the site's 429 page says how long to wait.

use actix_web::{HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;

use super::context::Ctx;
use super::format::{vn_time, vnd};
use super::forms::{Choice, Errors, TextInput, button, error_summary, radios, textarea};
use super::i18n::args;
use super::layout;
use crate::api::auth::client_address;
use crate::domain::application::NextStep;
use crate::error::{Code, Error};
use crate::service::applications::tracking::{Proof, RatingIn, TrackingOut};
use crate::state::{db, db_write};

/// The tracking form's fields (also what the home page's tracking box sends).
#[derive(Debug, Default, Deserialize)]
pub struct TrackForm {
    /// The application code.
    #[serde(default)]
    pub code: String,
    /// The PIN or the applicant's ID number, in one field.
    #[serde(default)]
    pub pin: String,
    /// The form token.
    #[serde(default)]
    pub csrf: String,
}

/// An application code as typed: no spaces, letters in upper case.
pub(super) fn clean_code(code: &str) -> String {
    code.split_whitespace().collect::<String>().to_uppercase()
}

/// The one field "PIN or ID number": 8 digits (spaces and dashes allowed between them) are a
/// PIN; anything else is an ID number (12-digit citizen ID, passport, tax code).
pub fn proof_of(value: &str) -> Proof {
    let value = value.trim();
    let digits: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.'))
        .collect();
    if value.is_empty() {
        Proof::default()
    } else if digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit()) {
        Proof {
            pin: Some(digits),
            ..Proof::default()
        }
    } else {
        Proof {
            id_number: Some(value.to_owned()),
            ..Proof::default()
        }
    }
}

/// The proof a status page's address carries: `t`, `pin` or `id_number`.
pub(super) fn proof_in_query(ctx: &Ctx) -> Proof {
    Proof {
        pin: ctx.query_param("pin"),
        id_number: ctx.query_param("id_number"),
        t: ctx.query_param("t"),
    }
}

pub(super) fn has_proof(proof: &Proof) -> bool {
    [&proof.pin, &proof.id_number, &proof.t]
        .iter()
        .any(|v| v.as_deref().is_some_and(|v| !v.trim().is_empty()))
}

/// The status page's address with its link token.
pub(super) fn status_href(code: &str, token: &str) -> String {
    format!("/track/{}?t={token}", urlencode(code))
}

pub(super) fn urlencode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The result of a lookup for the site: the view and its link token, the form again with
/// its messages (unknown code, wrong proof, a PIN that is not 8 digits), or an error page.
enum Looked {
    Open(Box<TrackingOut>, String),
    Again(Errors),
}

/// Calls the status page's operation with the request's client address (the API's rule).
async fn look(ctx: &Ctx, code: &str, proof: Proof) -> Result<Looked, Error> {
    let client = client_address(&ctx.req, ctx.state.settings.auth.trust_forwarded_headers);
    let state = ctx.state.clone();
    let code = code.to_owned();
    let found = db(&ctx.state, move |conn| {
        state.tracking().status_page(conn, &client, &code, &proof)
    })
    .await;
    match found {
        Ok((view, token)) => Ok(Looked::Open(Box::new(view), token)),
        Err(error) => lookup_refused(ctx, error).map(Looked::Again),
    }
}

/// A refused lookup as the PIN form's messages (unknown code or wrong proof, a PIN that is
/// not 8 digits); any other error is a page of its own.
pub(super) fn lookup_refused(ctx: &Ctx, error: Error) -> Result<Errors, Error> {
    match error {
        Error::NotFound(Code::ApplicationNotFound) => {
            let mut errors = Errors::default();
            errors.add("pin", ctx.t("track-not-found"));
            Ok(errors)
        }
        error => Errors::from_error(&error, ctx.lang, |_| Some("pin")).ok_or(error),
    }
}

/// `GET /track`: the form; with `code` and `pin` (the home page's box) it looks them up.
pub async fn form(ctx: Ctx) -> Result<HttpResponse, Error> {
    let given = TrackForm {
        code: ctx.query_param("code").unwrap_or_default(),
        pin: ctx.query_param("pin").unwrap_or_default(),
        csrf: String::new(),
    };
    if given.code.is_empty() && given.pin.is_empty() {
        return Ok(form_page(&ctx, &given, &Errors::default(), false));
    }
    submit(&ctx, given).await
}

/// `POST /track`: looks the code up with the PIN or ID number.
pub async fn post(ctx: Ctx, form: web::Form<TrackForm>) -> Result<HttpResponse, Error> {
    super::csrf::verify(&ctx, &form.csrf, "")?;
    submit(&ctx, form.into_inner()).await
}

async fn submit(ctx: &Ctx, mut given: TrackForm) -> Result<HttpResponse, Error> {
    given.code = clean_code(&given.code);
    let mut errors = Errors::default();
    if given.code.is_empty() {
        errors.add("code", ctx.t("track-code-missing"));
    }
    if given.pin.trim().is_empty() {
        errors.add("pin", ctx.t("track-pin-missing"));
    }
    if !errors.is_empty() {
        return Ok(form_page(ctx, &given, &errors, false));
    }
    match look(ctx, &given.code, proof_of(&given.pin)).await? {
        Looked::Open(view, token) => Ok(layout::redirect(ctx, &status_href(&view.code, &token))),
        Looked::Again(errors) => Ok(form_page(ctx, &given, &errors, false)),
    }
}

/// The tracking form; `fixed` when it stands on a status page that needs its PIN.
pub(super) fn form_page(
    ctx: &Ctx,
    given: &TrackForm,
    errors: &Errors,
    fixed: bool,
) -> HttpResponse {
    let title = if fixed {
        ctx.t_args(
            "track-status-title",
            &args(&[("code", given.code.clone().into())]),
        )
    } else {
        ctx.t("track-title")
    };
    let main = html! {
        (layout::breadcrumbs(ctx, &[("/", &ctx.t("nav-home")), ("/track", &ctx.t("nav-track"))]))
        (error_summary(ctx, errors))
        h1.heading-xl { (title) }
        @if fixed {
            p.lead { (ctx.t("track-proof-needed")) }
        } @else {
            p.lead { (ctx.t("track-lead")) }
        }
        form method="post" action="/track" novalidate {
            (ctx.csrf_field())
            (TextInput::new("code", &ctx.t("track-code")).value(&given.code)
                .hint(&ctx.t("track-code-hint")).autocomplete("off").errors(ctx, errors).render())
            (TextInput::new("pin", &ctx.t("track-pin-or-id")).value(&given.pin)
                .hint(&ctx.t("track-pin-or-id-hint")).autocomplete("off")
                .width("width-20").errors(ctx, errors).render())
            (button(&ctx.t("track-button")))
        }
        p.muted { (ctx.t("track-qr-hint")) }
    };
    let status = if errors.is_empty() {
        actix_web::http::StatusCode::OK
    } else {
        actix_web::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    layout::page_with(ctx, status, &title, main)
}

/// `GET /track/{code}`: the status page, with `?t=` (slip 01's QR code), `?pin=` or
/// `?id_number=`; without one, the PIN form (nothing counted).
pub async fn status(ctx: Ctx, path: web::Path<String>) -> Result<HttpResponse, Error> {
    let code = clean_code(&path.into_inner());
    let proof = proof_in_query(&ctx);
    let given = TrackForm {
        code: code.clone(),
        ..TrackForm::default()
    };
    if !has_proof(&proof) {
        return Ok(form_page(&ctx, &given, &Errors::default(), true));
    }
    let by_token = proof.t.is_some();
    match look(&ctx, &code, proof).await? {
        // A PIN or ID number in the address moves to the token's address, off the history.
        Looked::Open(view, token) if !by_token => {
            Ok(layout::redirect(&ctx, &status_href(&view.code, &token)))
        }
        Looked::Open(view, token) => Ok(status_page(&ctx, &view, &token)),
        Looked::Again(errors) => Ok(form_page(&ctx, &given, &errors, true)),
    }
}

fn action_words(ctx: &Ctx, action: &str) -> String {
    ctx.t(&format!("track-action-{action}"))
}

fn status_page(ctx: &Ctx, view: &TrackingOut, token: &str) -> HttpResponse {
    let title = ctx.t_args(
        "track-status-title",
        &args(&[("code", view.code.clone().into())]),
    );
    let status_name = ctx.lang.pick(view.status.name, view.status.name_en);
    let hours = view.office_hours.join(", ");
    let main = html! {
        (layout::breadcrumbs(ctx, &[("/", &ctx.t("nav-home")), ("/track", &ctx.t("nav-track")), ("", &view.code)]))
        h1.heading-xl { (title) }
        p.lead { (ctx.t("track-status-now")) " " strong.tag { (status_name) } }
        (next_step(ctx, view, token, &hours))
        @if let Some(apology) = &view.apology {
            section.callout aria-labelledby="apology-title" {
                h2 #apology-title.heading-m { (ctx.t("track-apology-title")) }
                p { (ctx.t_args("track-apology-body", &args(&[("office", view.office_name.clone().into())]))) }
                @if let Some(reason) = &apology.reason {
                    p { (ctx.t("track-apology-reason")) " " (reason) }
                }
                p { strong { (ctx.t("track-apology-new-date")) " " (vn_time(apology.new_due_at)) } }
            }
        }
        h2.heading-l { (ctx.t("track-details-title")) }
        dl.summary-list {
            (row(&ctx.t("track-procedure"), html! { (view.procedure_name) }))
            (row(&ctx.t("track-office"), html! { (view.office_name) }))
            (row(&ctx.t("track-applicant"), html! { (view.applicant) }))
            (row(&ctx.t("track-submitted"), html! { (vn_time(view.submitted_at)) }))
            @if let Some(at) = view.received_at {
                (row(&ctx.t("track-received"), html! { (vn_time(at)) }))
            }
            @if let Some(at) = view.due_at {
                (row(&ctx.t("track-due"), html! { (vn_time(at)) " " span.muted { (ctx.t("track-vn-time")) } }))
            }
        }
        h2.heading-l { (ctx.t("track-timeline-title")) }
        ol.timeline {
            @for step in view.timeline.iter().rev() {
                li {
                    span.muted { (vn_time(step.at)) }
                    br;
                    (action_words(ctx, &step.action)) " · " (ctx.lang.pick(step.status.name, step.status.name_en))
                }
            }
        }
        p { a href="/track" { (ctx.t("track-another")) } }
    };
    let mut res = layout::page(ctx, &title, main);
    res.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    res
}

fn row(label: &str, value: Markup) -> Markup {
    html! { div.summary-row { dt { (label) } dd { (value) } } }
}

/// What the citizen must do next, in words.
fn next_step(ctx: &Ctx, view: &TrackingOut, token: &str, hours: &str) -> Markup {
    let code = urlencode(&view.code);
    let due = view.due_at.map(vn_time);
    html! {
        section.panel aria-labelledby="next-title" {
            h2 #next-title.heading-m { (ctx.t("track-next-title")) }
            @match &view.next_step {
                NextStep::AwaitReception => p { (ctx.t("track-next-await-reception")) },
                NextStep::Wait => {
                    p { (ctx.t("track-next-wait")) }
                    @if let Some(due) = &due {
                        p { (ctx.t_args("track-next-wait-due", &args(&[("due", due.clone().into())]))) }
                    }
                },
                NextStep::Supplement { items } => {
                    p { strong { (ctx.t("track-next-supplement")) } }
                    ul { @for item in items { li { (item) } } }
                    p {
                        a.button href={ "/track/" (code) "/supplement?t=" (token) } { (ctx.t("track-next-supplement-upload")) }
                    }
                    p { (ctx.t_args("track-next-supplement-desk", &args(&[("office", view.office_name.clone().into())]))) }
                },
                NextStep::Pay { amount_vnd } => {
                    @match amount_vnd {
                        Some(amount) => p { strong { (ctx.t_args("track-next-pay", &args(&[("amount", vnd(*amount).into())]))) } },
                        None => p { strong { (ctx.t("track-next-pay-unknown")) } },
                    }
                    p { (ctx.t_args("track-next-pay-where", &args(&[("office", view.office_name.clone().into())]))) }
                },
                NextStep::Collect { outcome, reason } => {
                    @if *outcome == Some(crate::domain::application::Outcome::Denied) {
                        p { strong { (ctx.t("track-next-denied")) } }
                        @if let Some(reason) = reason { p { (ctx.t("track-next-denied-reason")) " " (reason) } }
                    } @else {
                        p { strong { (ctx.t("track-next-collect")) } }
                    }
                    p { (ctx.t_args("track-next-collect-where", &args(&[("office", view.office_name.clone().into()), ("hours", hours.to_owned().into())]))) }
                    p { (ctx.t("track-next-collect-bring")) }
                },
                NextStep::Returned { rated } => {
                    p { (ctx.t("track-next-returned")) }
                    @if view.can_rate && !rated {
                        p { a.button href={ "/track/" (code) "/rate?t=" (token) } { (ctx.t("track-rate-link")) } }
                    } @else {
                        p { (ctx.t("track-rated-already")) }
                    }
                },
                NextStep::Refused { reasons } => {
                    p { strong { (ctx.t("track-next-refused")) } }
                    ul { @for reason in reasons { li { (reason) } } }
                },
                NextStep::Closed => p { (ctx.t("track-next-closed")) },
            }
        }
    }
}

/// The rating form's fields.
#[derive(Debug, Default, Deserialize)]
pub struct RateForm {
    /// The link token that opened the status page.
    #[serde(default)]
    pub t: String,
    /// Overall, 1–5.
    #[serde(default)]
    pub overall: String,
    /// Staff attitude, 1–5.
    #[serde(default)]
    pub attitude: String,
    /// Time taken, 1–5.
    #[serde(default)]
    pub timeliness: String,
    /// How many times the applicant had to come or get in touch.
    #[serde(default)]
    pub contacts: String,
    /// A comment.
    #[serde(default)]
    pub comment: String,
    /// The form token.
    #[serde(default)]
    pub csrf: String,
}

/// `GET /track/{code}/rate?t=…`: the rating form once the result is returned; the thank-you
/// page after it (`&done=1`); a clear message when it was rated already or cannot be yet.
pub async fn rate_form(ctx: Ctx, path: web::Path<String>) -> Result<HttpResponse, Error> {
    let code = clean_code(&path.into_inner());
    let proof = proof_in_query(&ctx);
    if !has_proof(&proof) {
        let given = TrackForm {
            code,
            ..TrackForm::default()
        };
        return Ok(form_page(&ctx, &given, &Errors::default(), true));
    }
    match look(&ctx, &code, proof).await? {
        Looked::Open(view, token) => {
            let done = ctx.query_param("done").is_some();
            Ok(rate_page(
                &ctx,
                &view,
                &token,
                &RateForm::default(),
                &Errors::default(),
                done,
            ))
        }
        Looked::Again(errors) => {
            let given = TrackForm {
                code,
                ..TrackForm::default()
            };
            Ok(form_page(&ctx, &given, &errors, true))
        }
    }
}

fn to_choice(pairs: &[(String, String)]) -> Vec<Choice<'_>> {
    pairs
        .iter()
        .map(|(value, label)| Choice {
            value,
            label,
            hint: None,
        })
        .collect()
}

fn score(value: &str) -> Option<i32> {
    value.trim().parse().ok()
}

/// `POST /track/{code}/rate`: rates once, then the thank-you page.
pub async fn rate_post(
    ctx: Ctx,
    path: web::Path<String>,
    form: web::Form<RateForm>,
) -> Result<HttpResponse, Error> {
    super::csrf::verify(&ctx, &form.csrf, "")?;
    let code = clean_code(&path.into_inner());
    let form = form.into_inner();
    let mut errors = Errors::default();
    let overall = score(&form.overall);
    if overall.is_none() {
        errors.add("overall", ctx.t("rate-overall-missing"));
    }
    let contacts = match form.contacts.trim() {
        "" => None,
        n => match n.parse::<i32>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.add("contacts", ctx.t("rate-contacts-invalid"));
                None
            }
        },
    };
    let body = RatingIn {
        pin: None,
        id_number: None,
        t: Some(form.t.clone()),
        overall: overall.unwrap_or_default(),
        attitude: score(&form.attitude),
        timeliness: score(&form.timeliness),
        contacts,
        comment: Some(form.comment.clone()).filter(|c| !c.trim().is_empty()),
    };
    let client = client_address(&ctx.req, ctx.state.settings.auth.trust_forwarded_headers);
    let state = ctx.state.clone();
    let lookup_code = code.clone();
    let rated = if errors.is_empty() {
        Some(
            db_write(&ctx.state, move |conn| {
                state
                    .tracking()
                    .rate(conn, &state.calendar, &client, &lookup_code, body)
            })
            .await,
        )
    } else {
        None
    };
    match rated {
        Some(Ok(_)) => Ok(layout::redirect(
            &ctx,
            &format!(
                "/track/{}/rate?t={}&done=1",
                urlencode(&code),
                urlencode(&form.t)
            ),
        )),
        Some(Err(Error::Conflict {
            code: Code::AlreadyRated,
            ..
        }))
        | None
        | Some(Err(Error::Validation(_))) => {
            if let Some(Err(error)) = &rated
                && let Some(found) = Errors::from_error(error, ctx.lang, |f| match f {
                    "overall" => Some("overall"),
                    "attitude" => Some("attitude"),
                    "timeliness" => Some("timeliness"),
                    "contacts" => Some("contacts"),
                    "comment" => Some("comment"),
                    _ => None,
                })
            {
                errors = found;
            }
            // Shown again over the current view (rated already: the clear message).
            match look(
                &ctx,
                &code,
                Proof {
                    t: Some(form.t.clone()),
                    ..Proof::default()
                },
            )
            .await?
            {
                Looked::Open(view, token) => {
                    let status = if errors.is_empty() {
                        actix_web::http::StatusCode::CONFLICT
                    } else {
                        actix_web::http::StatusCode::UNPROCESSABLE_ENTITY
                    };
                    let mut res = rate_page(&ctx, &view, &token, &form, &errors, false);
                    *res.status_mut() = status;
                    Ok(res)
                }
                Looked::Again(errors) => {
                    let given = TrackForm {
                        code,
                        ..TrackForm::default()
                    };
                    Ok(form_page(&ctx, &given, &errors, true))
                }
            }
        }
        Some(Err(error)) => Err(error),
    }
}

fn rate_page(
    ctx: &Ctx,
    view: &TrackingOut,
    token: &str,
    form: &RateForm,
    errors: &Errors,
    done: bool,
) -> HttpResponse {
    let back = status_href(&view.code, token);
    let rated = matches!(view.next_step, NextStep::Returned { rated: true });
    let title = if done && rated {
        ctx.t("rate-thanks-title")
    } else {
        ctx.t("rate-title")
    };
    let scale = |key: &str| -> Vec<(String, String)> {
        ["5", "4", "3", "2", "1"]
            .iter()
            .map(|n| ((*n).to_owned(), ctx.t(&format!("{key}-{n}"))))
            .collect()
    };
    let overall = scale("rate-overall");
    let scale = scale("rate-scale");
    let selected = |v: &str| Some(v.to_owned()).filter(|v| !v.is_empty());
    let main = html! {
        (layout::breadcrumbs(ctx, &[("/", &ctx.t("nav-home")), ("/track", &ctx.t("nav-track")), (&back, &view.code), ("", &ctx.t("rate-crumb"))]))
        (error_summary(ctx, errors))
        h1.heading-xl { (title) }
        @if done && rated {
            div.panel role="status" {
                p.lead { (ctx.t("rate-thanks-body")) }
            }
            p { a href=(back) { (ctx.t("rate-back")) } }
        } @else if rated {
            div.callout role="status" { p { strong { (ctx.t("rate-already")) } } }
            p { a href=(back) { (ctx.t("rate-back")) } }
        } @else if !view.can_rate {
            div.callout role="status" { p { (ctx.t("rate-not-yet")) } }
            p { a href=(back) { (ctx.t("rate-back")) } }
        } @else {
            p.lead { (ctx.t_args("rate-lead", &args(&[("procedure", view.procedure_name.clone().into()), ("office", view.office_name.clone().into())]))) }
            form method="post" action={ "/track/" (urlencode(&view.code)) "/rate" } novalidate {
                (ctx.csrf_field())
                input type="hidden" name="t" value=(token);
                (radios(ctx, "overall", &ctx.t("rate-overall"), None, &to_choice(&overall), selected(&form.overall).as_deref(), errors))
                (radios(ctx, "attitude", &ctx.t("rate-attitude"), Some(&ctx.t("rate-optional")), &to_choice(&scale), selected(&form.attitude).as_deref(), errors))
                (radios(ctx, "timeliness", &ctx.t("rate-timeliness"), Some(&ctx.t("rate-optional")), &to_choice(&scale), selected(&form.timeliness).as_deref(), errors))
                (TextInput::new("contacts", &ctx.t("rate-contacts")).value(&form.contacts)
                    .hint(&ctx.t("rate-contacts-hint")).inputmode("numeric").width("width-5")
                    .errors(ctx, errors).render())
                (textarea(ctx, "comment", &ctx.t("rate-comment"), Some(&ctx.t("rate-comment-hint")), &form.comment, errors))
                (button(&ctx.t("rate-button")))
            }
        }
    };
    let mut res = layout::page(ctx, &title, main);
    res.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_digits_are_a_pin_anything_else_an_id_number() {
        assert_eq!(proof_of("4821 3377").pin.as_deref(), Some("48213377"));
        assert_eq!(proof_of("4821-3377").pin.as_deref(), Some("48213377"));
        assert_eq!(
            proof_of("001203004567").id_number.as_deref(),
            Some("001203004567")
        );
        assert_eq!(proof_of("B1234567").id_number.as_deref(), Some("B1234567"));
        assert!(proof_of("  ").pin.is_none() && proof_of(" ").id_number.is_none());
        assert_eq!(clean_code(" h01.1-261202-0001 "), "H01.1-261202-0001");
    }
}
