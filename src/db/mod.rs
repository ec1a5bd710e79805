//! Persistence: diesel only. One schema, one connection enum over SQLite and PostgreSQL.

/// A multi-row INSERT of `rows` into `table`. MultiConnection offers none, so this matches on
/// the backend; the statement is the same on both.
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            $crate::db::DbConnection::Pg(c) => diesel::insert_into($table).values($rows).execute(c),
            $crate::db::DbConnection::Sqlite(c) => {
                diesel::insert_into($table).values($rows).execute(c)
            }
        }
    };
}

pub mod applications;
pub mod backup;
pub mod calendar;
pub mod catalog_usage;
pub mod fields;
pub mod files;
pub mod idempotency;
pub mod migrations;
pub mod offices;
pub mod pool;
pub mod procedures;
pub mod reports;
pub mod schema;
pub mod sessions;
pub mod site;
pub mod throttle;
pub mod units;
pub mod users;

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::{PgConnection, SqliteConnection};

pub use pool::{DbPool, PooledConn};

/// A connection to whichever backend the configured URL names.
///
/// Built by [`connect`], never by `Connection::establish`: the derived `establish`
/// tries every backend in turn and reports only the last failure.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    /// PostgreSQL, for larger deployments.
    Pg(PgConnection),
    /// Embedded SQLite, the default.
    Sqlite(SqliteConnection),
}

/// The backend a URL selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    /// `sqlite://…`, `sqlite:…` or a plain file path.
    Sqlite,
    /// `postgres://…` or `postgresql://…`.
    Postgres,
}

impl BackendKind {
    /// A short lowercase name, for logs and metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// A parsed `DATABASE_URL`.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A SQLite database file (created on first connect).
    Sqlite(PathBuf),
    /// A PostgreSQL connection string, kept verbatim.
    Postgres(String),
}

/// Why a database URL or connection was refused. Keeps the backend's own message.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// The URL names a scheme motcua does not speak.
    #[error(
        "unsupported database URL scheme `{0}`: use `sqlite://PATH`, a plain file path, or `postgres://…`"
    )]
    UnknownScheme(String),
    /// The URL is empty.
    #[error("the database URL is empty")]
    Empty,
    /// The backend refused the connection.
    #[error("cannot connect to the {backend} database: {source}")]
    Connection {
        /// Which backend was tried.
        backend: &'static str,
        /// The driver's own error.
        #[source]
        source: diesel::ConnectionError,
    },
    /// A connection setting (SQLite pragmas) failed.
    #[error("cannot configure the {backend} connection: {source}")]
    Setup {
        /// Which backend was configured.
        backend: &'static str,
        /// The statement's error.
        #[source]
        source: diesel::result::Error,
    },
}

impl DatabaseUrl {
    /// Parses a URL: `sqlite://path`, `sqlite:path`, a plain path, or `postgres(ql)://…`.
    /// Any other `scheme://` is an error, never a silently created SQLite file.
    pub fn parse(url: &str) -> Result<Self, ConnectError> {
        let url = url.trim();
        if url.is_empty() {
            return Err(ConnectError::Empty);
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_owned()));
        }
        if let Some(rest) = url.strip_prefix("sqlite://") {
            return Ok(Self::Sqlite(PathBuf::from(rest)));
        }
        if let Some(rest) = url.strip_prefix("sqlite:") {
            return Ok(Self::Sqlite(PathBuf::from(rest)));
        }
        if let Some((scheme, _)) = url.split_once("://") {
            return Err(ConnectError::UnknownScheme(scheme.to_owned()));
        }
        Ok(Self::Sqlite(PathBuf::from(url)))
    }

    /// The backend this URL selects.
    pub fn backend(&self) -> BackendKind {
        match self {
            Self::Sqlite(_) => BackendKind::Sqlite,
            Self::Postgres(_) => BackendKind::Postgres,
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    // Never print a PostgreSQL password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "sqlite://{}", path.display()),
            Self::Postgres(url) => write!(f, "{}", redact_password(url)),
        }
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// SQLite settings applied to every connection.
#[derive(Debug, Clone, Copy)]
pub struct SqliteOptions {
    /// How long a writer waits for the lock before giving up.
    pub busy_timeout: Duration,
    /// `synchronous=FULL` (true) makes every commit durable on power loss;
    /// `NORMAL` survives process crashes only.
    pub synchronous_full: bool,
}

impl Default for SqliteOptions {
    fn default() -> Self {
        Self {
            busy_timeout: Duration::from_secs(5),
            synchronous_full: true,
        }
    }
}

/// Opens one connection to the database the URL names, keeping the driver's error.
pub fn connect(url: &DatabaseUrl, sqlite: SqliteOptions) -> Result<DbConnection, ConnectError> {
    match url {
        DatabaseUrl::Postgres(url) => {
            PgConnection::establish(url)
                .map(DbConnection::Pg)
                .map_err(|source| ConnectError::Connection {
                    backend: "postgres",
                    source,
                })
        }
        DatabaseUrl::Sqlite(path) => {
            let path = path.to_string_lossy();
            let mut conn =
                SqliteConnection::establish(&path).map_err(|source| ConnectError::Connection {
                    backend: "sqlite",
                    source,
                })?;
            let pragmas = format!(
                "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                 PRAGMA synchronous = {};",
                sqlite.busy_timeout.as_millis(),
                if sqlite.synchronous_full {
                    "FULL"
                } else {
                    "NORMAL"
                },
            );
            conn.batch_execute(&pragmas)
                .map_err(|source| ConnectError::Setup {
                    backend: "sqlite",
                    source,
                })?;
            Ok(DbConnection::Sqlite(conn))
        }
    }
}

impl DbConnection {
    /// Which backend this connection speaks.
    pub fn backend(&self) -> BackendKind {
        match self {
            Self::Sqlite(_) => BackendKind::Sqlite,
            Self::Pg(_) => BackendKind::Postgres,
        }
    }
}

/// Runs `f` in a transaction that takes the write lock up front.
///
/// On SQLite a plain `BEGIN` starts as a reader; upgrading to a writer later fails at once
/// with `database is locked` when another writer got in first, whatever the busy timeout.
/// `BEGIN IMMEDIATE` waits for the lock instead. PostgreSQL needs nothing special.
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConnection::Sqlite(inner) => {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?
        }
        DbConnection::Pg(inner) => {
            <AnsiTransactionManager as TransactionManager<PgConnection>>::begin_transaction(inner)?
        }
    }
    finish_transaction(conn, f)
}

/// Runs `f` in a read-only transaction that sees one snapshot of the database, so that a
/// report's several statements count the same data: a deferred `BEGIN` on SQLite (a WAL reader
/// keeps its snapshot), `REPEATABLE READ, READ ONLY` on PostgreSQL.
pub fn read_snapshot<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConnection::Sqlite(inner) => {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN")?
        }
        DbConnection::Pg(inner) => AnsiTransactionManager::begin_transaction_sql(
            inner,
            "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
        )?,
    }
    finish_transaction(conn, f)
}

/// Runs `f` in the transaction just begun: commits on success, rolls back on error.
fn finish_transaction<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match f(conn) {
        Ok(value) => {
            <DbConnection as Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(error) => {
            <DbConnection as Connection>::TransactionManager::rollback_transaction(conn)?;
            Err(error)
        }
    }
}

/// Runs `load` over `keys` in chunks small enough for SQLite's limit on bound parameters and
/// concatenates the results.
pub fn chunked<T>(
    keys: &[String],
    mut load: impl FnMut(&[String]) -> QueryResult<Vec<T>>,
) -> QueryResult<Vec<T>> {
    let mut rows = Vec::new();
    for chunk in keys.chunks(1000) {
        rows.extend(load(chunk)?);
    }
    Ok(rows)
}

/// The current time in UTC, truncated to microseconds: what both backends store.
pub fn now() -> chrono::NaiveDateTime {
    truncate_micros(chrono::Utc::now().naive_utc())
}

/// Drops sub-microsecond digits so a value reads back exactly as written on both backends.
pub fn truncate_micros(t: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    use chrono::Timelike;
    let nanos = t.nanosecond();
    t.with_nanosecond(nanos - nanos % 1_000).unwrap_or(t)
}

/// True when the error is a unique-constraint violation (a duplicate key).
pub fn is_unique_violation(error: &diesel::result::Error) -> bool {
    matches!(
        error,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_supported_urls() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://./motcua.db").ok(),
            Some(DatabaseUrl::Sqlite(PathBuf::from("./motcua.db")))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:data/m.db").ok(),
            Some(DatabaseUrl::Sqlite(PathBuf::from("data/m.db")))
        );
        assert_eq!(
            DatabaseUrl::parse("/var/lib/motcua/m.db").ok(),
            Some(DatabaseUrl::Sqlite(PathBuf::from("/var/lib/motcua/m.db")))
        );
        assert_eq!(
            DatabaseUrl::parse("postgres://u@h/db")
                .map(|u| u.backend())
                .ok(),
            Some(BackendKind::Postgres)
        );
        assert_eq!(
            DatabaseUrl::parse("postgresql://u@h/db")
                .map(|u| u.backend())
                .ok(),
            Some(BackendKind::Postgres)
        );
    }

    #[test]
    fn refuses_unknown_scheme_and_empty_url() {
        assert!(matches!(
            DatabaseUrl::parse("mysql://root@localhost/motcua"),
            Err(ConnectError::UnknownScheme(s)) if s == "mysql"
        ));
        assert!(matches!(DatabaseUrl::parse("  "), Err(ConnectError::Empty)));
    }

    #[test]
    fn debug_output_hides_the_password() {
        let url = DatabaseUrl::parse("postgres://motcua:s3cret@db:5432/motcua").ok();
        let shown = format!("{url:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("motcua:***@db:5432"), "{shown}");
    }

    #[test]
    fn truncates_to_microseconds() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 1, 2)
            .and_then(|d| d.and_hms_nano_opt(3, 4, 5, 123_456_789));
        let t = t
            .map(truncate_micros)
            .map(|t| t.and_utc().timestamp_subsec_nanos());
        assert_eq!(t, Some(123_456_000));
    }
}
