//! The HTTP layer: actix only. Request and response types, extractors and thin handlers.

pub mod access;
pub mod applications;
pub mod auth;
pub mod calendar;
pub mod calendar_cache;
pub mod catalog_cache;
pub mod fields;
pub mod idempotency;
pub mod observe;
pub mod offices;
pub mod ops;
pub mod pagination;
pub mod precondition;
pub mod procedures;
pub mod query;
pub mod reports;
pub mod responses;
pub mod tracking;
pub mod units;
pub mod users;
pub mod validation;

use std::sync::Arc;
use std::time::Duration;

use actix_web::web;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::config::Settings;
use crate::db::{BackendKind, DbConnection, DbPool};
use crate::error::ApiError;
use observe::Metrics;

/// What every handler can reach.
pub struct AppState {
    /// The database pool.
    pub pool: DbPool,
    /// The settings the server started with.
    pub settings: Arc<Settings>,
    /// Prometheus metrics.
    pub metrics: Metrics,
    /// The backend in use.
    pub backend: BackendKind,
    /// Today's catalog in memory, for search.
    pub catalog: catalog_cache::CatalogCache,
    /// The working-day calendar in memory.
    pub calendar: calendar_cache::CalendarCache,
    /// The server secret that keys tracking PINs.
    pub secret: String,
    /// On SQLite, write transactions queue here, first come first served, instead of
    /// polling the database lock (whose back-off lets some writers wait for seconds).
    pub write_gate: tokio::sync::Semaphore,
    /// One permit per pooled connection: requests wait here in arrival order, never in the
    /// pool, whose waiters are woken in no particular order (some would wait for seconds
    /// under load).
    pub db_gate: tokio::sync::Semaphore,
}

/// Runs blocking diesel work on the blocking thread pool with a pooled connection.
pub async fn db<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    db_within(state, None, f).await
}

/// Like [`db`], waiting at most `wait` for a connection (probes) instead of the pool's timeout.
pub async fn db_within<T, F>(state: &AppState, wait: Option<Duration>, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let _turn = state
        .db_gate
        .acquire()
        .await
        .map_err(|e| ApiError::internal(anyhow::anyhow!("database queue closed: {e}")))?;
    let pool = state.pool.clone();
    web::block(move || {
        let conn = match wait {
            Some(wait) => pool.get_timeout(wait),
            None => pool.get(),
        };
        let mut conn = conn.map_err(|e| ApiError::Unavailable(e.to_string()))?;
        f(&mut conn)
    })
    .await?
}

/// Runs a write transaction's work: like [`db`], queued behind the other writes of this
/// server on SQLite, which takes one writer at a time.
pub async fn db_write<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    if state.backend == BackendKind::Sqlite {
        let _turn = state
            .write_gate
            .acquire()
            .await
            .map_err(|e| ApiError::internal(anyhow::anyhow!("write queue closed: {e}")))?;
        return db(state, f).await;
    }
    db(state, f).await
}

/// Runs a short read. On SQLite it runs on the calling thread when a connection is free at
/// once: a point read takes microseconds there, less than handing it to another thread. On
/// PostgreSQL, or when the pool is busy, it runs like [`db`].
pub async fn db_read<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    if state.backend == BackendKind::Sqlite
        && let Some(mut conn) = state.pool.try_get()
    {
        return f(&mut conn);
    }
    db(state, f).await
}

/// Every route of the service, registered with its OpenAPI operation.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(ops::healthz)
        .service(ops::readyz)
        .service(ops::metrics)
        .service(
            utoipa_actix_web::scope("/api/v1")
                // actix tries routes in registration order: the public catalog, the
                // busiest, comes first.
                .service(procedures::list_procedures)
                .service(tracking::track_application)
                .service(tracking::rate_application)
                .service(applications::submit::submit_application)
                .service(applications::read::list_applications)
                .service(applications::read::list_application_events)
                .service(applications::slips::get_application_slip)
                .service(applications::actions::act_on_application)
                .service(applications::read::get_application)
                .service(reports::results::get_results_report)
                .service(reports::index766::get_index_766)
                .service(calendar::list_calendar_days)
                .service(calendar::compute_due_date)
                .service(calendar::set_calendar_day)
                .service(calendar::import_calendar)
                .service(calendar::set_calendar_year)
                .service(procedures::export_procedures)
                .service(procedures::get_procedure)
                .service(procedures::list_procedure_versions)
                .service(procedures::import_procedures)
                .service(procedures::create_procedure)
                .service(procedures::update_procedure)
                .service(fields::list_fields)
                .service(fields::create_field)
                .service(fields::update_field)
                .service(units::list_units)
                .service(units::create_unit)
                .service(units::create_reorganization)
                .service(units::get_unit_history)
                .service(units::get_unit)
                .service(units::update_unit)
                .service(offices::list_offices)
                .service(offices::create_office)
                .service(offices::list_office_procedures)
                .service(offices::set_office_procedures)
                .service(offices::get_office)
                .service(offices::update_office)
                .service(reports::progress::get_reform_progress)
                .service(auth::login)
                .service(auth::logout)
                .service(auth::me)
                .service(users::list_users)
                .service(users::create_user)
                .service(users::get_user)
                .service(users::update_user),
        );
}

/// The largest file an import accepts (the national catalog's CSV is about 2 MB).
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

/// Extractor settings that send every parse failure through [`ApiError`].
pub fn extractor_config(cfg: &mut web::ServiceConfig, max_body_bytes: usize) {
    cfg.app_data(web::PayloadConfig::new(MAX_IMPORT_BYTES))
        .app_data(
            web::JsonConfig::default()
                .limit(max_body_bytes)
                .error_handler(|e, _| ApiError::from(e).into()),
        )
        // Handlers use `query::Query`, whose errors name the parameter; this covers `web::Query`.
        .app_data(web::QueryConfig::default().error_handler(|e, _| ApiError::from(e).into()))
        .app_data(web::PathConfig::default().error_handler(|e, _| ApiError::from(e).into()));
}

/// The answer for any path the API does not have.
pub async fn no_route() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::NotFound("route_not_found"))
}
