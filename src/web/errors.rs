//! The site's own error pages, in the page's language: 404, 429 with the time to wait, 500
//! with the request id, and the others from the error's code; and the middleware that puts
//! them in place of any error a page or the router answers.
//!
//! A page handler returns `Result<HttpResponse, Error>` and uses `?`: an error that is not a
//! form's field message (see [`super::forms::Errors::from_error`]) becomes its error page here.

use actix_web::body::BoxBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{ACCEPT, RETRY_AFTER};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse};
use maud::{Markup, html};

use super::context::Ctx;
use super::i18n::args;
use super::layout;
use crate::error::{Code, Error};

/// Whether an error answer to this request should be a page: a route of the site, or an
/// unknown address asked for by a browser (anything under `/api/` keeps problem+json).
fn wants_page(req: &HttpRequest) -> bool {
    if req.path().starts_with("/api/") {
        return false;
    }
    req.match_pattern().is_some()
        || req
            .headers()
            .get(ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
}

/// The middleware on the site's routes.
pub async fn pages(
    req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = next.call(req).await?;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) || !wants_page(res.request()) {
        return Ok(res);
    }
    let is_page = res
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if is_page && res.response().error().is_none() {
        return Ok(res);
    }
    let Some(ctx) = Ctx::of(res.request()) else {
        return Ok(res);
    };
    let page = match res.response().error().and_then(|e| e.as_error::<Error>()) {
        Some(error) => error_page(&ctx, error),
        None => status_page(&ctx, status),
    };
    Ok(res.into_response(page))
}

/// The page for an error status that came without an [`Error`] (the router's 404 and 405).
pub fn status_page(ctx: &Ctx, status: StatusCode) -> HttpResponse {
    let error = match status {
        StatusCode::NOT_FOUND => Error::NotFound(Code::RouteNotFound),
        StatusCode::METHOD_NOT_ALLOWED => Error::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => Error::PayloadTooLarge,
        s if s.is_server_error() => Error::internal(anyhow::anyhow!("{s}")),
        _ => Error::BadRequest {
            code: Code::BadRequest,
            detail: status.to_string(),
        },
    };
    error_page(ctx, &error)
}

/// The error page for an error.
pub fn error_page(ctx: &Ctx, error: &Error) -> HttpResponse {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (title, body) = match error {
        Error::NotFound(_) => (ctx.t("error-404-title"), not_found(ctx)),
        Error::TooManyRequests { retry_after } => {
            (ctx.t("error-429-title"), too_many(ctx, *retry_after))
        }
        Error::Internal(_) | Error::Unavailable(_) => {
            (ctx.t("error-500-title"), server_error(ctx, status))
        }
        e if e.code() == Code::CsrfFailed => (
            ctx.t("error-csrf-title"),
            html! {
                p { (ctx.t("error-csrf-body")) }
                (home_link(ctx))
            },
        ),
        Error::Forbidden | Error::Unauthenticated => (
            ctx.t("error-403-title"),
            html! { p { (ctx.t("error-403-body")) } (home_link(ctx)) },
        ),
        other => (
            other.code().title(ctx.lang).to_owned(),
            html! { p { (other.detail(ctx.lang)) } (home_link(ctx)) },
        ),
    };
    let main = html! {
        h1.heading-xl { (title) }
        (body)
    };
    let mut response = layout::page_with(ctx, status, &title, main);
    if let Error::TooManyRequests { retry_after } = error
        && let Ok(value) = actix_web::http::header::HeaderValue::from_str(&retry_after.to_string())
    {
        response.headers_mut().insert(RETRY_AFTER, value);
    }
    if let Error::Unavailable(_) = error {
        response.headers_mut().insert(
            RETRY_AFTER,
            actix_web::http::header::HeaderValue::from(crate::error::UNAVAILABLE_RETRY_AFTER_SECS),
        );
    }
    response
}

fn home_link(ctx: &Ctx) -> Markup {
    html! { p { a href="/" { (ctx.t("error-go-home")) } } }
}

fn not_found(ctx: &Ctx) -> Markup {
    html! {
        p { (ctx.t("error-404-body")) }
        p { (ctx.t("error-404-typed")) }
        form.search-inline action="/procedures" method="get" role="search" {
            label.label for="error-q" { (ctx.t("search-label")) }
            div.search-row {
                input #error-q.input type="search" name="q" autocomplete="off";
                button.button type="submit" { (ctx.t("search-button")) }
            }
        }
        (home_link(ctx))
    }
}

/// Minutes to wait, rounded up (at least one).
fn minutes(seconds: u64) -> u64 {
    seconds.div_ceil(60).max(1)
}

fn too_many(ctx: &Ctx, retry_after: u64) -> Markup {
    html! {
        p { (ctx.t("error-429-body")) }
        p.callout {
            strong { (ctx.t_args("error-429-wait", &args(&[("minutes", minutes(retry_after).into())]))) }
        }
        (home_link(ctx))
    }
}

fn server_error(ctx: &Ctx, status: StatusCode) -> Markup {
    html! {
        @if status == StatusCode::SERVICE_UNAVAILABLE {
            p { (ctx.t("error-503-body")) }
        } @else {
            p { (ctx.t("error-500-body")) }
        }
        @if !ctx.request_id.is_empty() {
            p { (ctx.t("error-500-request-id")) " " code.request-id { (ctx.request_id) } }
        }
        (home_link(ctx))
    }
}

#[cfg(test)]
mod tests {
    use super::minutes;

    #[test]
    fn waits_are_whole_minutes() {
        assert_eq!(minutes(0), 1);
        assert_eq!(minutes(59), 1);
        assert_eq!(minutes(61), 2);
        assert_eq!(minutes(900), 15);
    }
}
