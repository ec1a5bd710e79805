//! What both faces and the operations they call share: the pool, the settings, the caches,
//! and the queues in front of the database. Blocking diesel work runs on the blocking pool.

use std::sync::Arc;
use std::time::Duration;

use crate::config::Settings;
use crate::db::{BackendKind, DbConnection, DbPool};
use crate::error::Error;

/// What every handler can reach.
pub struct AppState {
    /// The database pool.
    pub pool: DbPool,
    /// The settings the server started with.
    pub settings: Arc<Settings>,
    /// Prometheus metrics.
    pub metrics: crate::telemetry::Metrics,
    /// The backend in use.
    pub backend: BackendKind,
    /// Today's catalog in memory, for search.
    pub catalog: crate::service::catalog::cache::CatalogCache,
    /// The working-day calendar in memory.
    pub calendar: crate::service::calendar::cache::CalendarCache,
    /// The server secret that keys tracking PINs.
    pub secret: String,
    /// Where applicants reach this service: `tracking.public_url`, or the address it listens
    /// on (see [`crate::startup::public_url`]). Slip 01's QR code and the tracking links use it.
    pub public_url: String,
    /// Public tracking lookups under way in this server.
    pub tracking_in_flight: crate::service::applications::tracking::InFlight,
    /// On SQLite, write transactions queue here, first come first served, instead of
    /// polling the database lock (whose back-off lets some writers wait for seconds).
    pub write_gate: tokio::sync::Semaphore,
    /// One permit per pooled connection: requests wait here in arrival order, never in the
    /// pool, whose waiters are woken in no particular order (some would wait for seconds
    /// under load).
    pub db_gate: tokio::sync::Semaphore,
    /// The public site's slowly changing answers, kept for a few minutes.
    pub site: crate::service::site::SiteCache,
}

/// Runs blocking diesel work on the blocking thread pool with a pooled connection.
pub async fn db<T, F>(state: &AppState, f: F) -> Result<T, Error>
where
    F: FnOnce(&mut DbConnection) -> Result<T, Error> + Send + 'static,
    T: Send + 'static,
{
    db_within(state, None, f).await
}

/// Like [`db`], waiting at most `wait` for a connection (probes) instead of the pool's timeout.
pub async fn db_within<T, F>(state: &AppState, wait: Option<Duration>, f: F) -> Result<T, Error>
where
    F: FnOnce(&mut DbConnection) -> Result<T, Error> + Send + 'static,
    T: Send + 'static,
{
    let _turn = state
        .db_gate
        .acquire()
        .await
        .map_err(|e| Error::internal(anyhow::anyhow!("database queue closed: {e}")))?;
    let pool = state.pool.clone();
    tokio::task::spawn_blocking(move || {
        let conn = match wait {
            Some(wait) => pool.get_timeout(wait),
            None => pool.get(),
        };
        let mut conn = conn.map_err(|e| Error::Unavailable(e.to_string()))?;
        f(&mut conn)
    })
    .await
    .map_err(|e| Error::internal(anyhow::anyhow!("blocking task failed: {e}")))?
}

/// Runs a write transaction's work: like [`db`], queued behind the other writes of this
/// server on SQLite, which takes one writer at a time.
pub async fn db_write<T, F>(state: &AppState, f: F) -> Result<T, Error>
where
    F: FnOnce(&mut DbConnection) -> Result<T, Error> + Send + 'static,
    T: Send + 'static,
{
    if state.backend == BackendKind::Sqlite {
        let _turn = state
            .write_gate
            .acquire()
            .await
            .map_err(|e| Error::internal(anyhow::anyhow!("write queue closed: {e}")))?;
        return db(state, f).await;
    }
    db(state, f).await
}

impl AppState {
    /// Public tracking with this server's limits, secret and lookups under way.
    pub fn tracking(&self) -> crate::service::applications::tracking::Tracking<'_> {
        crate::service::applications::tracking::Tracking {
            limits: &self.settings.tracking,
            secret: self.secret.as_bytes(),
            in_flight: &self.tracking_in_flight,
            office_hours: &self.settings.calendar.office_hours,
        }
    }

    /// The links and PINs printed for applicants.
    pub fn links(&self) -> crate::service::applications::tracking::Links<'_> {
        crate::service::applications::tracking::Links {
            public_url: &self.public_url,
            secret: self.secret.as_bytes(),
        }
    }
}
