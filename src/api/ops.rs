//! Operations: liveness, readiness, metrics.

use std::time::Duration;

use actix_web::{HttpResponse, get, web};
use diesel::connection::SimpleConnection;
use prometheus::{Encoder, TextEncoder};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{Writes, migrations};
use crate::error::{Error, Problem};
use crate::state::{AppState, db_within};

/// The process is up.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    #[schema(example = "ok")]
    pub status: &'static str,
    /// The running version.
    #[schema(example = "0.1.0")]
    pub version: &'static str,
}

/// The service can take traffic.
#[derive(Debug, Serialize, ToSchema)]
pub struct Readiness {
    /// Always `ready`.
    #[schema(example = "ready")]
    pub status: &'static str,
    /// `sqlite` or `postgres`.
    #[schema(example = "sqlite")]
    pub database: &'static str,
    /// Always `current`.
    #[schema(example = "current")]
    pub migrations: &'static str,
}

/// Liveness: the process answers. Touches nothing else.
#[utoipa::path(
    tag = "operations",
    operation_id = "get_health",
    responses((status = 200, description = "Up", body = Health))
)]
#[get("/healthz")]
pub async fn healthz() -> web::Json<Health> {
    web::Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// How long readiness may take: a probe that waits longer than its caller's own timeout
/// tells the caller nothing.
const READINESS_LIMIT: Duration = Duration::from_secs(2);

/// Readiness: the database answers, takes writes, and every migration is applied; 503
/// otherwise, within two seconds.
#[utoipa::path(
    tag = "operations",
    operation_id = "get_readiness",
    responses(
        (status = 200, description = "Ready", body = Readiness),
        (status = 503, description = "The database does not answer within two seconds, cannot be written, or has migrations pending", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<web::Json<Readiness>, Error> {
    let url = state.connector.url().clone();
    let current = db_within(&state, READINESS_LIMIT, move |conn| {
        conn.batch_execute("SELECT 1")?;
        // Whatever stops the probe or the migrations' check, the service is not ready (and
        // reading the migrations needs a write when diesel's table is missing).
        let writes = crate::db::probe_writes(conn, &url)
            .map_err(|e| Error::Unavailable(format!("cannot probe for writes: {e}")))?;
        if let Writes::Refused(cause) = writes {
            return Err(Error::Unavailable(cause.into()));
        }
        migrations::is_current(conn)
            .map_err(|e| Error::Unavailable(format!("cannot read the migrations: {e}")))
    })
    .await?;
    if !current {
        return Err(Error::Unavailable("migrations pending".into()));
    }
    Ok(web::Json(Readiness {
        status: "ready",
        database: state.backend.as_str(),
        migrations: "current",
    }))
}

/// Prometheus metrics: request counts and latencies per route, pool state.
#[utoipa::path(
    tag = "operations",
    operation_id = "get_metrics",
    responses((status = 200, description = "Prometheus text format", body = String, content_type = "text/plain; version=0.0.4"))
)]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> Result<HttpResponse, Error> {
    let pool = state.pool.state();
    state
        .metrics
        .pool_connections
        .set(i64::from(pool.connections));
    state
        .metrics
        .pool_idle
        .set(i64::from(pool.idle_connections));
    let encoder = TextEncoder::new();
    let mut buffer = Vec::new();
    encoder
        .encode(&state.metrics.registry.gather(), &mut buffer)
        .map_err(Error::internal)?;
    Ok(HttpResponse::Ok()
        .content_type(encoder.format_type())
        .body(buffer))
}
