//! Sending a supplement by upload (`/track/{code}/supplement?t=…`), linked from the status
//! page while the application waits for one: the exact items the office asked for, one file
//! input per item, and after sending a thank-you page with the files received.
//!
//! Both handlers call one operation of [`crate::service::files::supplement`] (the API's
//! supplement upload calls the same). The form carries the status page's link token in its
//! address (so a refused upload can still show the form again) and a retry key in a hidden
//! field: a form sent twice stores its files once. When the form comes back with errors
//! nothing was stored, and every file chosen is asked for again by name.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::{HttpResponse, web};
use maud::html;

use super::context::Ctx;
use super::format::vn_time;
use super::forms::{Errors, button, error_summary, file_input};
use super::i18n::args;
use super::layout;
use super::track::{
    TrackForm, clean_code, form_page, has_proof, lookup_refused, proof_in_query, status_href,
    urlencode,
};
use crate::api::auth::client_address;
use crate::domain::upload::clean_filename;
use crate::error::{Code, Error};
use crate::service::applications::tracking::Proof;
use crate::service::files::Storage;
use crate::service::files::supplement::{self, SupplementPage};
use crate::state::{db, db_write};

/// What the file inputs offer to the phone's picker; the server reads the type from the
/// content whatever the name says.
const ACCEPT: &str =
    ".pdf,.jpg,.jpeg,.png,.heic,.heif,application/pdf,image/jpeg,image/png,image/heic,image/heif";

/// The prefix of the retry keys the form carries (the API's clients choose their own).
const KEY_PREFIX: &str = "site-supplement-";

/// The form field of item `n`.
fn item_field(n: usize) -> String {
    format!("items[{n}]")
}

/// Reads the page with its proof, or the PIN form's messages.
async fn read(
    ctx: &Ctx,
    code: &str,
    proof: Proof,
) -> Result<Result<SupplementPage, Errors>, Error> {
    let client = client_address(&ctx.req, ctx.state.settings.auth.trust_forwarded_headers);
    let state = ctx.state.clone();
    let code = code.to_owned();
    let found = db(&ctx.state, move |conn| {
        supplement::page(conn, &state.tracking(), &client, &code, &proof)
    })
    .await;
    match found {
        Ok(page) => Ok(Ok(page)),
        Err(error) => lookup_refused(ctx, error).map(Err),
    }
}

fn pin_form(ctx: &Ctx, code: String, errors: &Errors) -> HttpResponse {
    let given = TrackForm {
        code,
        ..TrackForm::default()
    };
    form_page(ctx, &given, errors, true)
}

/// `GET /track/{code}/supplement?t=…`: the form while a supplement is awaited; the thank-you
/// page after sending (`&sent=1`); a clear message when none is awaited.
pub async fn form(ctx: Ctx, path: web::Path<String>) -> Result<HttpResponse, Error> {
    let code = clean_code(&path.into_inner());
    let proof = proof_in_query(&ctx);
    if !has_proof(&proof) {
        return Ok(pin_form(&ctx, code, &Errors::default()));
    }
    let by_token = proof.t.is_some();
    Ok(match read(&ctx, &code, proof).await? {
        // A PIN or ID number in the address moves to the token's address, off the history.
        Ok(page) if !by_token => layout::redirect(
            &ctx,
            &format!(
                "/track/{}/supplement?t={}",
                urlencode(&page.asked.code),
                urlencode(&page.token)
            ),
        ),
        Ok(page) => {
            let done = ctx.query_param("sent").is_some();
            render(&ctx, &page, &Errors::default(), &[], done, StatusCode::OK)
        }
        Err(errors) => pin_form(&ctx, code, &errors),
    })
}

/// `POST /track/{code}/supplement?t=…` (`multipart/form-data`): sends the files, then the
/// thank-you page; refused files come back beside their items.
pub async fn send(
    ctx: Ctx,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, Error> {
    let code = clean_code(&path.into_inner());
    let token = ctx.query_param("t").unwrap_or_default();
    let storage = Storage::from_settings(&ctx.state.settings.uploads);
    let body = Multipart::new(ctx.req.headers(), payload.into_inner());
    let form = match crate::multipart::read(body, &storage.limits).await {
        Ok(form) => form,
        // A file past the limits stops the reading: the form again, with nothing stored.
        Err(error @ Error::Upload { .. }) => {
            return again(&ctx, &code, &token, &error, &[]).await;
        }
        Err(error) => return Err(error),
    };
    super::csrf::verify(&ctx, form.text("csrf").unwrap_or_default(), "")?;
    let key = form
        .text("key")
        .filter(|k| k.starts_with(KEY_PREFIX) && k.len() <= 64)
        .filter(|k| k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .map(str::to_owned);
    let chosen: Vec<(String, String)> = form
        .files
        .iter()
        .map(|f| (f.field.clone(), clean_filename(&f.filename)))
        .collect();
    let client = client_address(&ctx.req, ctx.state.settings.auth.trust_forwarded_headers);
    let state = ctx.state.clone();
    let proof = Proof {
        t: Some(token.clone()),
        ..Proof::default()
    };
    let sent_code = code.clone();
    let sent = db_write(&ctx.state, move |conn| {
        supplement::send(
            conn,
            &state.tracking(),
            &storage,
            &client,
            &sent_code,
            &proof,
            key,
            form.files,
        )
    })
    .await;
    match sent {
        Ok(_) => Ok(layout::redirect(
            &ctx,
            &format!(
                "/track/{}/supplement?t={}&sent=1",
                urlencode(&code),
                urlencode(&token)
            ),
        )),
        // Refused files, or taken in at the desk meanwhile (the page then says none is
        // awaited now).
        Err(
            error @ (Error::Validation(_)
            | Error::Upload { .. }
            | Error::Conflict {
                code: Code::SupplementNotRequested,
                ..
            }),
        ) => again(&ctx, &code, &token, &error, &chosen).await,
        Err(error) => match lookup_refused(&ctx, error) {
            Ok(errors) => Ok(pin_form(&ctx, code, &errors)),
            Err(error) => Err(error),
        },
    }
}

/// The form again after a refusal, with each message beside its item (a message for no
/// item in particular goes beside the first).
async fn again(
    ctx: &Ctx,
    code: &str,
    token: &str,
    error: &Error,
    chosen: &[(String, String)],
) -> Result<HttpResponse, Error> {
    let proof = Proof {
        t: Some(token.to_owned()),
        ..Proof::default()
    };
    let page = match read(ctx, code, proof).await? {
        Ok(page) => page,
        Err(errors) => return Ok(pin_form(ctx, code.to_owned(), &errors)),
    };
    let items = page.asked.items.len();
    let mut errors = Errors::default();
    for issue in error.problem(ctx.lang).errors.unwrap_or_default() {
        let field = (0..items)
            .map(item_field)
            .find(|f| *f == issue.field)
            .unwrap_or_else(|| item_field(0));
        errors.add(&field, issue.message);
    }
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    Ok(render(ctx, &page, &errors, chosen, false, status))
}

fn render(
    ctx: &Ctx,
    page: &SupplementPage,
    errors: &Errors,
    chosen: &[(String, String)],
    done: bool,
    status: StatusCode,
) -> HttpResponse {
    let asked = &page.asked;
    let back = status_href(&asked.code, &page.token);
    let thanks = done && !asked.sent.is_empty();
    let title = if thanks {
        ctx.t("supplement-thanks-title")
    } else {
        ctx.t("supplement-title")
    };
    let limit = format!(
        "{:.0}",
        ctx.state.settings.uploads.max_file_bytes as f64 / (1024.0 * 1024.0)
    );
    let hint = ctx.t_args("supplement-file-hint", &args(&[("mb", limit.into())]));
    let office = || args(&[("office", page.office_name.clone().into())]);
    let key = format!("{KEY_PREFIX}{}", uuid::Uuid::new_v4().simple());
    let action = format!(
        "/track/{}/supplement?t={}",
        urlencode(&asked.code),
        urlencode(&page.token)
    );
    let main = html! {
        (layout::breadcrumbs(ctx, &[("/", &ctx.t("nav-home")), ("/track", &ctx.t("nav-track")), (&back, &asked.code), ("", &ctx.t("supplement-crumb"))]))
        (error_summary(ctx, errors))
        h1.heading-xl { (title) }
        @if thanks {
            div.panel role="status" {
                p.lead { (ctx.t_args("supplement-thanks-body", &office())) }
            }
        } @else if !asked.awaited {
            div.callout role="status" { p { strong { (ctx.t("supplement-not-awaited")) } } }
        } @else {
            p.lead { (ctx.t_args("supplement-lead", &office())) }
            @if let Some(at) = asked.requested_at {
                p.muted { (ctx.t_args("supplement-requested-at", &args(&[("at", vn_time(at).into())]))) }
            }
        }
        @if !asked.sent.is_empty() {
            h2.heading-m { (ctx.t("supplement-sent-title")) }
            ul.list {
                @for file in &asked.sent {
                    li { strong { (file.label) } ": " (file.filename) " " span.muted { "(" (vn_time(file.uploaded_at)) ")" } }
                }
            }
        }
        @if asked.awaited && !thanks {
            @if !chosen.is_empty() && !errors.is_empty() {
                div.callout { p { strong { (ctx.t("supplement-choose-again")) } } }
            }
            form method="post" action=(action) enctype="multipart/form-data" novalidate {
                (ctx.csrf_field())
                input type="hidden" name="key" value=(key);
                @for (n, item) in asked.items.iter().enumerate() {
                    @let field = item_field(n);
                    @let picked = chosen.iter().find(|(f, _)| *f == field).map(|(_, name)| name);
                    @let item_hint = match picked {
                        Some(name) => ctx.t_args("supplement-file-chosen", &args(&[("name", name.clone().into())])),
                        None => hint.clone(),
                    };
                    (file_input(ctx, &field, item, Some(&item_hint), ACCEPT, None, errors))
                }
                (button(&ctx.t("supplement-button")))
            }
            p { (ctx.t_args("track-next-supplement-desk", &office())) }
        } @else if thanks && asked.awaited {
            p { a href=(format!("/track/{}/supplement?t={}", urlencode(&asked.code), urlencode(&page.token))) { (ctx.t("supplement-send-more")) } }
        }
        p { a href=(back) { (ctx.t("supplement-back")) } }
    };
    let mut res = layout::page_with(ctx, status, &title, main);
    res.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
