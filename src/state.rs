//! What both faces and the operations they call share: the pool, the settings, the caches,
//! and the queues in front of the database. Blocking diesel work runs on the blocking pool.

use std::sync::Arc;
use std::time::Duration;

use diesel::connection::SimpleConnection;

use crate::config::Settings;
use crate::db::pool::{Liveness, Manager};
use crate::db::{BackendKind, DbConnection, DbPool};
use crate::error::Error;

/// What every handler can reach.
pub struct AppState {
    /// The database pool.
    pub pool: DbPool,
    /// Opens connections like the pool's, outside it: in place of a pooled connection found
    /// dead.
    pub connector: Manager,
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

/// Runs blocking diesel work on the blocking thread pool with a pooled connection, within
/// `database.request_timeout_ms` (a 503 after that).
///
/// A pooled connection that has been idle, or that predates a lost link seen on another one,
/// is checked first (`SELECT 1`); when the check finds it dead (the database restarted, or the
/// link was cut and came back) the work runs on a fresh connection instead, so the request
/// does not fail on a connection that died while it waited in the pool.
pub async fn db<T, F>(state: &AppState, f: F) -> Result<T, Error>
where
    F: FnOnce(&mut DbConnection) -> Result<T, Error> + Send + 'static,
    T: Send + 'static,
{
    within(state.request_timeout(), run(state, None, f)).await
}

/// Like [`db`], answering 503 after `limit` (probes), the wait for a connection included.
pub async fn db_within<T, F>(state: &AppState, limit: Duration, f: F) -> Result<T, Error>
where
    F: FnOnce(&mut DbConnection) -> Result<T, Error> + Send + 'static,
    T: Send + 'static,
{
    within(limit, run(state, Some(limit), f)).await
}

/// The answer of `work`, or 503 once `limit` has passed. Work already on a blocking thread
/// goes on (a thread cannot be stopped): the database's own timeouts end it, and its
/// connection goes back to the pool, or is dropped when its link is gone.
async fn within<T>(
    limit: Duration,
    work: impl std::future::Future<Output = Result<T, Error>>,
) -> Result<T, Error> {
    tokio::time::timeout(limit, work).await.unwrap_or_else(|_| {
        Err(Error::Unavailable(format!(
            "the database did not answer within {} ms",
            limit.as_millis()
        )))
    })
}

/// Waits for a turn, then runs `f` on the blocking pool with a pooled connection (waiting at
/// most `wait` for it, else the pool's timeout), or a fresh one when the pooled one is found
/// dead.
async fn run<T, F>(state: &AppState, wait: Option<Duration>, f: F) -> Result<T, Error>
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
    let connector = state.connector.clone();
    tokio::task::spawn_blocking(move || {
        let conn = match wait {
            Some(wait) => pool.get_timeout(wait),
            None => pool.get(),
        };
        let mut pooled = conn.map_err(|e| Error::Unavailable(e.to_string()))?;
        if Liveness::suspect(&mut pooled)
            && pooled.batch_execute("SELECT 1").is_err()
            && Liveness::is_dead(&mut pooled)
        {
            // Dropped, not returned: the pool sees it is dead and opens another.
            drop(pooled);
            tracing::info!("a pooled connection was dead; using a fresh one");
            let mut conn = connector
                .open()
                .map_err(|e| Error::Unavailable(e.to_string()))?;
            return run_on(&mut conn, f);
        }
        run_on(&mut pooled, f)
    })
    .await
    .map_err(|e| Error::internal(anyhow::anyhow!("blocking task failed: {e}")))?
}

/// Runs `f`; when the connection's link was lost meanwhile, whatever `f` made of the error,
/// the answer is an outage (503), not a fault.
fn run_on<T>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, Error>,
) -> Result<T, Error> {
    match f(conn) {
        Err(error) if !matches!(error, Error::Unavailable(_)) && Liveness::is_dead(conn) => Err(
            Error::Unavailable(format!("the connection to the database was lost: {error}")),
        ),
        result => result,
    }
}

/// Runs a write transaction's work: like [`db`], queued behind the other writes of this
/// server on SQLite, which takes one writer at a time. The queue's wait counts in the
/// request's time limit.
pub async fn db_write<T, F>(state: &AppState, f: F) -> Result<T, Error>
where
    F: FnOnce(&mut DbConnection) -> Result<T, Error> + Send + 'static,
    T: Send + 'static,
{
    within(state.request_timeout(), async {
        if state.backend == BackendKind::Sqlite {
            let _turn = state
                .write_gate
                .acquire()
                .await
                .map_err(|e| Error::internal(anyhow::anyhow!("write queue closed: {e}")))?;
            return run(state, None, f).await;
        }
        run(state, None, f).await
    })
    .await
}

impl AppState {
    /// How long a request may wait for its database work (`database.request_timeout_ms`).
    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.settings.database.request_timeout_ms.max(1))
    }

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
