//! One middleware for every request: a request id, one log event, Prometheus metrics, and
//! the last word on errors (problem+json everywhere, in the client's language).

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{ALLOW, CONTENT_TYPE, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;

use crate::error::{Code, Error, PROBLEM_JSON};
use crate::i18n::Lang;

/// The header carrying the request id, both ways.
pub const REQUEST_ID: &str = "x-request-id";

/// This request's id, in the request's extensions for the handlers (the site's error
/// pages show it).
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

fn request_id(req: &ServiceRequest) -> String {
    req.headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            (1..=64).contains(&v.len())
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned)
}

/// Maps an error response that did not come from [`Error`] (actix's own 404/405,
/// payload errors) onto the same envelope.
fn foreign_error(status: StatusCode, cause: Option<String>) -> Error {
    match status {
        StatusCode::NOT_FOUND => Error::NotFound(Code::RouteNotFound),
        StatusCode::METHOD_NOT_ALLOWED => Error::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => Error::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => Error::UnsupportedMediaType,
        s if s.is_server_error() => {
            Error::internal(anyhow::anyhow!(cause.unwrap_or_else(|| s.to_string())))
        }
        _ => Error::BadRequest {
            code: Code::BadRequest,
            detail: cause.unwrap_or_else(|| status.to_string()),
        },
    }
}

/// The middleware; registered with `actix_web::middleware::from_fn`.
pub async fn observe(
    req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let id = request_id(&req);
    let lang = crate::api::problem::lang_of(req.request());
    let method = req.method().to_string();
    let metrics = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .map(|s| s.metrics.clone());
    // The path is not logged: it can hold application codes; the query can hold PINs.
    let span = tracing::info_span!("request", request_id = %id, method = %method);
    actix_web::HttpMessage::extensions_mut(&req).insert(RequestId(id.clone()));
    // No clone of the request may live across this call: routing needs it unshared.
    let mut res = next.call(req).instrument(span.clone()).await?;

    let status = res.status();
    if status.is_client_error() || status.is_server_error() {
        let api_error = res.response().error().and_then(|e| e.as_error::<Error>());
        let replacement = match api_error {
            Some(e) if lang != Lang::Vi => Some(crate::api::problem::to_response(e, lang)),
            Some(_) => None,
            None => {
                // A handler's own body (JSON, or a page of the site) is left alone; actix's
                // bare or plain-text errors are not.
                let has_json_body = res.headers().get(CONTENT_TYPE).is_some_and(|v| {
                    v.as_bytes().starts_with(PROBLEM_JSON.as_bytes())
                        || v.as_bytes().starts_with(b"application/json")
                        || v.as_bytes().starts_with(b"text/html")
                });
                (!has_json_body || res.response().error().is_some()).then(|| {
                    let cause = res.response().error().map(ToString::to_string);
                    let error = foreign_error(status, cause);
                    if let Error::Internal(cause) = &error {
                        tracing::error!(parent: &span, error = %cause, "internal error");
                    }
                    crate::api::problem::to_response(&error, lang)
                })
            }
        };
        if let Some(replacement) = replacement {
            res = res.into_response(replacement);
        }
    }

    let status = res.status();
    if status == StatusCode::METHOD_NOT_ALLOWED && !res.headers().contains_key(ALLOW) {
        // actix's own 405 (a resource whose routes take other methods) names none.
        let allowed = crate::api::allowed_methods(res.request().path()).join(", ");
        if let Some(value) = Some(allowed)
            .filter(|a| !a.is_empty())
            .and_then(|a| HeaderValue::from_str(&a).ok())
        {
            res.headers_mut().insert(ALLOW, value);
        }
    }
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".into());
    let elapsed = started.elapsed();
    if let Some(metrics) = metrics {
        metrics
            .requests
            .with_label_values(&[method.as_str(), route.as_str(), status.as_str()])
            .inc();
        metrics
            .latency
            .with_label_values(&[method.as_str(), route.as_str()])
            .observe(elapsed.as_secs_f64());
    }
    let elapsed_ms = elapsed.as_secs_f64() * 1000.0;
    if status.is_server_error() {
        tracing::error!(parent: &span, route = %route, status = status.as_u16(), elapsed_ms, "request failed");
    } else {
        tracing::info!(parent: &span, route = %route, status = status.as_u16(), elapsed_ms, "request");
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut()
            .insert(HeaderName::from_static(REQUEST_ID), value);
    }
    Ok(res.map_body(|_, body| body.boxed()))
}
