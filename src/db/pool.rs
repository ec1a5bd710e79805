//! The connection pool: r2d2 over [`connect`], so pool errors keep the driver's message.

use std::time::Duration;

use diesel::Connection;
use diesel::connection::{SimpleConnection, TransactionManager};
use diesel::r2d2::{ManageConnection, Pool, PoolError as R2d2Error, PooledConnection};

use super::{ConnectError, DatabaseUrl, DbConnection, SqliteOptions, connect};

/// Opens connections for the pool with the project's own [`connect`].
#[derive(Debug)]
pub struct Manager {
    url: DatabaseUrl,
    sqlite: SqliteOptions,
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
        Ok(connect(&self.url, self.sqlite)?)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), PoolError> {
        Ok(conn.batch_execute("SELECT 1")?)
    }

    // A connection left inside a transaction (a panic, a failed commit) must not go back to
    // the pool: on SQLite it would hold the write lock for good.
    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        std::thread::panicking()
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
pub fn build(
    url: &DatabaseUrl,
    sqlite: SqliteOptions,
    options: PoolOptions,
) -> Result<DbPool, PoolError> {
    // One direct connection first: r2d2 would only report a timeout.
    drop(connect(url, sqlite)?);
    let manager = Manager {
        url: url.clone(),
        sqlite,
    };
    Pool::builder()
        .max_size(options.max_size)
        .min_idle(Some(1))
        .connection_timeout(options.timeout)
        .test_on_check_out(false)
        .build(manager)
        .map_err(PoolError::from)
}
