//! The connection pool: r2d2 over [`connect_with`], so pool errors keep the driver's message.
//!
//! Every pooled connection carries a [`Liveness`] record: when it last answered, and whether
//! a statement failed because the link is gone. A dead connection is dropped when it comes
//! back instead of being lent again; one that has been idle, or that predates a lost link
//! seen on another connection, is checked before it is lent, and replaced by a fresh one when
//! the check finds it dead ([`crate::state::db`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use diesel::Connection;
use diesel::connection::{
    Instrumentation, InstrumentationEvent, SimpleConnection, TransactionManager,
};
use diesel::r2d2::{ManageConnection, Pool, PoolError as R2d2Error, PooledConnection};

use super::{ConnectError, ConnectOptions, DatabaseUrl, DbConnection, connect_with, outage};

/// Opens connections for the pool with the project's own [`connect_with`].
#[derive(Debug, Clone)]
pub struct Manager {
    url: DatabaseUrl,
    options: ConnectOptions,
    /// Counts the lost links seen on this manager's connections: each one makes every other
    /// connection suspect (the database may have restarted) until it has been checked.
    losses: Arc<AtomicU64>,
}

impl Manager {
    /// A manager for this URL and these options.
    pub fn new(url: &DatabaseUrl, options: ConnectOptions) -> Self {
        Self {
            url: url.clone(),
            options,
            losses: Arc::default(),
        }
    }

    /// The URL connections are opened to.
    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// A new connection outside the pool, with the pool's settings and a [`Liveness`] record.
    pub fn open(&self) -> Result<DbConnection, ConnectError> {
        let mut conn = connect_with(&self.url, &self.options)?;
        conn.set_instrumentation(Liveness {
            last_answer: Instant::now(),
            checked_at_loss: self.losses.load(Ordering::Relaxed),
            dead: false,
            losses: self.losses.clone(),
        });
        Ok(conn)
    }
}

/// A connection idle longer than this is checked before it is lent: a restart of the
/// database or a cut link is most often met by a connection that waited in the pool.
const CHECK_AFTER_IDLE: Duration = Duration::from_secs(1);

/// What a connection's statements have shown: when it last answered, and whether its link
/// is gone.
#[derive(Debug)]
pub struct Liveness {
    /// When a statement last went through.
    last_answer: Instant,
    /// The manager's count of lost links when this connection last answered.
    checked_at_loss: u64,
    /// A statement failed because the link to the database is gone.
    dead: bool,
    losses: Arc<AtomicU64>,
}

impl Instrumentation for Liveness {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::FinishQuery { error, .. } = event {
            match error {
                None => {
                    self.last_answer = Instant::now();
                    self.checked_at_loss = self.losses.load(Ordering::Relaxed);
                }
                Some(error) if is_lost_link(error) && !self.dead => {
                    self.dead = true;
                    self.losses.fetch_add(1, Ordering::Relaxed);
                }
                Some(_) => {}
            }
        }
    }
}

/// Whether an error says the connection itself is gone (not a timeout or a lock).
fn is_lost_link(error: &diesel::result::Error) -> bool {
    use diesel::result::{DatabaseErrorKind as Kind, Error as Db};
    matches!(
        error,
        Db::DatabaseError(Kind::ClosedConnection | Kind::UnableToSendCommand, _)
    ) || outage(error).is_some_and(|cause| cause.contains("connection"))
}

impl Liveness {
    fn of(conn: &mut DbConnection) -> Option<&mut Self> {
        conn.instrumentation().downcast_mut::<Self>()
    }

    /// Whether the connection should be checked before it is lent: it has been idle a while,
    /// or a lost link was seen on another connection since it last answered.
    pub fn suspect(conn: &mut DbConnection) -> bool {
        Self::of(conn).is_some_and(|record| {
            record.last_answer.elapsed() > CHECK_AFTER_IDLE
                || record.checked_at_loss != record.losses.load(Ordering::Relaxed)
        })
    }

    /// Whether a statement on the connection failed on a lost link.
    pub fn is_dead(conn: &mut DbConnection) -> bool {
        Self::of(conn).is_some_and(|record| record.dead)
    }
}

/// A pool of connections to the configured database.
pub type DbPool = Pool<Manager>;
/// A connection borrowed from the pool.
pub type PooledConn = PooledConnection<Manager>;

/// Errors seen by the pool when it opens or checks a connection.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    /// Opening failed.
    #[error(transparent)]
    Connect(#[from] ConnectError),
    /// The health check query failed.
    #[error("connection check failed: {0}")]
    Check(#[from] diesel::result::Error),
    /// The pool could not fill itself.
    #[error("cannot start the connection pool: {0}")]
    Pool(#[from] R2d2Error),
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = PoolError;

    fn connect(&self) -> Result<DbConnection, PoolError> {
        Ok(self.open()?)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), PoolError> {
        Ok(conn.batch_execute("SELECT 1")?)
    }

    // A connection left inside a transaction (a panic, a failed commit) must not go back to
    // the pool: on SQLite it would hold the write lock for good. Nor may one whose link is
    // gone: the next request would fail on it too.
    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        std::thread::panicking()
            || Liveness::is_dead(conn)
            || <DbConnection as Connection>::TransactionManager::is_broken_transaction_manager(conn)
    }
}

/// Pool sizing.
#[derive(Debug, Clone, Copy)]
pub struct PoolOptions {
    /// Most connections open at once.
    pub max_size: u32,
    /// How long a request waits for a free connection.
    pub timeout: Duration,
}

/// Builds a pool and opens its first connection, so a bad URL fails here with its real cause.
pub fn build(manager: Manager, options: PoolOptions) -> Result<DbPool, PoolError> {
    // One direct connection first: r2d2 would only report a timeout.
    drop(manager.open()?);
    Pool::builder()
        .max_size(options.max_size)
        .min_idle(Some(1))
        .connection_timeout(options.timeout)
        .test_on_check_out(false)
        .build(manager)
        .map_err(PoolError::from)
}
