//! One middleware for every request: a request id, one log event, Prometheus metrics, and
//! the last word on errors (problem+json everywhere, in the client's language).

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use prometheus::{HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry};
use tracing::Instrument;

use crate::error::{ApiError, PROBLEM_JSON};
use crate::i18n::Lang;

/// The header carrying the request id, both ways.
pub const REQUEST_ID: &str = "x-request-id";

/// The service's Prometheus metrics, in a registry of its own.
#[derive(Clone)]
pub struct Metrics {
    /// Where everything is registered.
    pub registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    /// Connections the pool holds.
    pub pool_connections: IntGauge,
    /// Idle connections in the pool.
    pub pool_idle: IntGauge,
}

impl Metrics {
    /// Creates and registers the metrics.
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("motcua".into()), None)?;
        let requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests by method, route and status",
            ),
            &["method", "route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "HTTP request latency by route",
            )
            .buckets(vec![
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ]),
            &["method", "route"],
        )?;
        let pool_connections = IntGauge::new(
            "db_pool_connections",
            "Database connections held by the pool",
        )?;
        let pool_idle = IntGauge::new("db_pool_idle_connections", "Idle database connections")?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(pool_connections.clone()))?;
        registry.register(Box::new(pool_idle.clone()))?;
        Ok(Self {
            registry,
            requests,
            latency,
            pool_connections,
            pool_idle,
        })
    }
}

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

/// Maps an error response that did not come from [`ApiError`] (actix's own 404/405,
/// payload errors) onto the same envelope.
fn foreign_error(status: StatusCode, cause: Option<String>) -> ApiError {
    match status {
        StatusCode::NOT_FOUND => ApiError::NotFound("route_not_found"),
        StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
        s if s.is_server_error() => {
            ApiError::internal(anyhow::anyhow!(cause.unwrap_or_else(|| s.to_string())))
        }
        _ => ApiError::BadRequest {
            code: "bad_request",
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
    let lang = Lang::of(req.request());
    let method = req.method().to_string();
    let metrics = req
        .app_data::<actix_web::web::Data<super::AppState>>()
        .map(|s| s.metrics.clone());
    // The path is not logged: it can hold application codes; the query can hold PINs.
    let span = tracing::info_span!("request", request_id = %id, method = %method);
    // No clone of the request may live across this call: routing needs it unshared.
    let mut res = next.call(req).instrument(span.clone()).await?;

    let status = res.status();
    if status.is_client_error() || status.is_server_error() {
        let api_error = res
            .response()
            .error()
            .and_then(|e| e.as_error::<ApiError>());
        let replacement = match api_error {
            Some(e) if lang != Lang::Vi => Some(e.to_response(lang)),
            Some(_) => None,
            None => {
                // A handler's own body is left alone; actix's bare or plain-text errors are not.
                let has_json_body = res.headers().get(CONTENT_TYPE).is_some_and(|v| {
                    v.as_bytes().starts_with(PROBLEM_JSON.as_bytes())
                        || v.as_bytes().starts_with(b"application/json")
                });
                (!has_json_body || res.response().error().is_some()).then(|| {
                    let cause = res.response().error().map(ToString::to_string);
                    let error = foreign_error(status, cause);
                    if let ApiError::Internal(cause) = &error {
                        tracing::error!(parent: &span, error = %cause, "internal error");
                    }
                    error.to_response(lang)
                })
            }
        };
        if let Some(replacement) = replacement {
            res = res.into_response(replacement);
        }
    }

    let status = res.status();
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
