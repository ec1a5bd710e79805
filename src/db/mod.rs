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
pub mod desk;
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
pub mod worklist;

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

/// How a connection is opened: SQLite's pragmas, and PostgreSQL's timeouts.
#[derive(Debug, Clone, Copy, Default)]
pub struct ConnectOptions {
    /// SQLite settings.
    pub sqlite: SqliteOptions,
    /// PostgreSQL: how long opening a connection may take; also how long sent data may stay
    /// unacknowledged before the connection counts as dead (`tcp_user_timeout`), and the
    /// keepalive interval. `None`: libpq's defaults (wait for ever).
    pub connect_timeout: Option<Duration>,
    /// PostgreSQL: the server cancels a statement running longer (`statement_timeout`).
    pub statement_timeout: Option<Duration>,
    /// PostgreSQL: the server ends a session that stays this long inside a transaction
    /// without sending anything (a client cut off mid-transaction), releasing its locks.
    pub idle_in_transaction_timeout: Option<Duration>,
}

impl From<SqliteOptions> for ConnectOptions {
    fn from(sqlite: SqliteOptions) -> Self {
        Self {
            sqlite,
            ..Self::default()
        }
    }
}

/// Milliseconds for a PostgreSQL setting, at least 1 (0 would mean no limit).
fn millis(d: Duration) -> u128 {
    d.as_millis().max(1)
}

/// The PostgreSQL URL with the connect timeout, `tcp_user_timeout` and keepalives added
/// where the URL does not set them itself.
fn with_link_timeouts(url: &str, connect_timeout: Option<Duration>) -> String {
    let Some(timeout) = connect_timeout else {
        return url.to_owned();
    };
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let has = |key: &str| {
        query
            .split('&')
            .any(|pair| pair.split('=').next() == Some(key))
    };
    // libpq counts whole seconds and treats less than 2 as 2.
    let seconds = timeout.as_secs_f64().ceil().max(2.0) as u64;
    let mut url = url.to_owned();
    for (key, value) in [
        ("connect_timeout", seconds.to_string()),
        ("tcp_user_timeout", millis(timeout).to_string()),
        ("keepalives_idle", seconds.to_string()),
        ("keepalives_interval", seconds.to_string()),
    ] {
        if !has(key) {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(key);
            url.push('=');
            url.push_str(&value);
        }
    }
    url
}

/// Opens one connection to the database the URL names, keeping the driver's error.
pub fn connect(url: &DatabaseUrl, sqlite: SqliteOptions) -> Result<DbConnection, ConnectError> {
    connect_with(url, &sqlite.into())
}

/// [`connect`] with PostgreSQL's timeouts as well.
pub fn connect_with(
    url: &DatabaseUrl,
    options: &ConnectOptions,
) -> Result<DbConnection, ConnectError> {
    let sqlite = options.sqlite;
    match url {
        DatabaseUrl::Postgres(url) => {
            let mut conn =
                PgConnection::establish(&with_link_timeouts(url, options.connect_timeout))
                    .map_err(|source| ConnectError::Connection {
                        backend: "postgres",
                        source,
                    })?;
            let mut settings = String::new();
            if let Some(timeout) = options.statement_timeout {
                settings.push_str(&format!("SET statement_timeout = {};", millis(timeout)));
            }
            if let Some(timeout) = options.idle_in_transaction_timeout {
                settings.push_str(&format!(
                    "SET idle_in_transaction_session_timeout = {};",
                    millis(timeout)
                ));
            }
            if !settings.is_empty() {
                conn.batch_execute(&settings)
                    .map_err(|source| ConnectError::Setup {
                        backend: "postgres",
                        source,
                    })?;
            }
            Ok(DbConnection::Pg(conn))
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

/// Why the database cannot serve a request right now, when a query failed for a reason that
/// passes (a lost link, a timeout, a lock held too long, a read-only or failing disk) rather
/// than a fault of the request or of the code: the request answers 503 with `Retry-After`.
pub fn outage(error: &diesel::result::Error) -> Option<&'static str> {
    use diesel::result::{DatabaseErrorKind as Kind, Error as Db};
    match error {
        Db::DatabaseError(Kind::ClosedConnection | Kind::UnableToSendCommand, _) => {
            Some("the connection to the database was lost")
        }
        Db::DatabaseError(Kind::ReadOnlyTransaction, _) => Some("the database is read-only"),
        Db::DatabaseError(Kind::Unknown, info) => outage_message(info.message()),
        Db::RollbackErrorOnCommit { commit_error, .. } => outage(commit_error),
        _ => None,
    }
}

/// The drivers' messages for the passing failures that have no error kind of their own.
fn outage_message(message: &str) -> Option<&'static str> {
    const KNOWN: [(&str, &str); 14] = [
        // PostgreSQL
        (
            "canceling statement due to statement timeout",
            "a statement took too long",
        ),
        (
            "canceling statement due to lock timeout",
            "a lock was held too long",
        ),
        (
            "terminating connection",
            "the database ended the connection",
        ),
        (
            "server closed the connection",
            "the connection to the database was lost",
        ),
        (
            "no connection to the server",
            "the connection to the database was lost",
        ),
        (
            "could not receive data from server",
            "the connection to the database was lost",
        ),
        (
            "the database system is",
            "the database is starting or stopping",
        ),
        ("read-only transaction", "the database is read-only"),
        // SQLite
        (
            "database is locked",
            "the database stayed locked past the busy timeout",
        ),
        (
            "database table is locked",
            "the database stayed locked past the busy timeout",
        ),
        (
            "attempt to write a readonly database",
            "the database is read-only",
        ),
        ("disk I/O error", "the database's disk failed"),
        ("database or disk is full", "the database's disk is full"),
        (
            "unable to open database file",
            "the database file cannot be opened",
        ),
    ];
    KNOWN
        .iter()
        .find(|(needle, _)| message.contains(needle))
        .map(|(_, cause)| *cause)
}

/// Whether the database takes writes: the answer of [`probe_writes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writes {
    /// A write would go through (on SQLite, perhaps after another writer's turn).
    Accepted,
    /// Writes fail: a read-only file, disk or server (a standby, `transaction_read_only`).
    Refused(&'static str),
}

/// Checks that the database takes writes, writing nothing and waiting for no lock.
///
/// On SQLite this opens a connection of its own with no busy timeout and starts a write that
/// changes no row: a read-only file fails at once, a database another writer holds answers
/// "locked" (it takes writes: that writer is writing), and a writable one answers. On
/// PostgreSQL it asks the session whether it is read-only or the server a standby.
pub fn probe_writes(conn: &mut DbConnection, url: &DatabaseUrl) -> QueryResult<Writes> {
    use diesel::sql_types::Bool;
    match (conn, url) {
        (DbConnection::Pg(pg), _) => {
            let read_only: bool = diesel::select(diesel::dsl::sql::<Bool>(
                "current_setting('transaction_read_only') = 'on' OR pg_is_in_recovery()",
            ))
            .get_result(pg)?;
            Ok(if read_only {
                Writes::Refused("the database is read-only")
            } else {
                Writes::Accepted
            })
        }
        (DbConnection::Sqlite(_), url) => {
            let mut own = match connect(
                url,
                SqliteOptions {
                    busy_timeout: Duration::ZERO,
                    ..SqliteOptions::default()
                },
            ) {
                Ok(conn) => conn,
                Err(_) => return Ok(Writes::Refused("the database file cannot be opened")),
            };
            // diesel's own table: there from the first migration on, whatever else is reverted.
            match own.batch_execute("DELETE FROM __diesel_schema_migrations WHERE 0") {
                Ok(()) => Ok(Writes::Accepted),
                Err(error) => match outage(&error) {
                    Some(cause) if cause.contains("locked") => Ok(Writes::Accepted),
                    Some(cause) => Ok(Writes::Refused(cause)),
                    None => Err(error),
                },
            }
        }
    }
}

/// The file a SQLite path names: the path itself, or the file of a `file:` URI filename
/// (`file:data/motcua.db?mode=ro`), which SQLite also accepts.
pub fn sqlite_file(path: &std::path::Path) -> PathBuf {
    let text = path.to_string_lossy();
    match text.strip_prefix("file:") {
        Some(uri) => {
            let file = uri.split(['?', '#']).next().unwrap_or_default();
            // `file:///abs` and `file://localhost/abs` name an absolute path.
            let file = file
                .strip_prefix("//localhost")
                .or_else(|| file.strip_prefix("//"))
                .unwrap_or(file);
            PathBuf::from(file)
        }
        None => path.to_path_buf(),
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
#[allow(clippy::unwrap_used)]
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
    fn link_timeouts_are_added_unless_the_url_sets_them() {
        let five = Some(Duration::from_millis(4_500));
        assert_eq!(
            with_link_timeouts("postgres://u@h/db", five),
            "postgres://u@h/db?connect_timeout=5&tcp_user_timeout=4500&keepalives_idle=5\
             &keepalives_interval=5"
        );
        assert_eq!(
            with_link_timeouts("postgres://u@h/db?connect_timeout=9&sslmode=disable", five),
            "postgres://u@h/db?connect_timeout=9&sslmode=disable&tcp_user_timeout=4500\
             &keepalives_idle=5&keepalives_interval=5"
        );
        assert_eq!(
            with_link_timeouts("postgres://u@h/db", Some(Duration::from_millis(300))),
            "postgres://u@h/db?connect_timeout=2&tcp_user_timeout=300&keepalives_idle=2\
             &keepalives_interval=2"
        );
        assert_eq!(
            with_link_timeouts("postgres://u@h/db", None),
            "postgres://u@h/db"
        );
    }

    #[test]
    fn passing_failures_are_told_from_faults() {
        use diesel::result::{DatabaseErrorKind as Kind, Error as Db};
        let db = |kind, message: &str| Db::DatabaseError(kind, Box::new(message.to_owned()));
        assert!(outage(&db(Kind::ClosedConnection, "gone")).is_some());
        assert!(outage(&db(Kind::UnableToSendCommand, "gone")).is_some());
        assert!(outage(&db(Kind::Unknown, "database is locked")).is_some());
        assert!(
            outage(&db(
                Kind::Unknown,
                "canceling statement due to statement timeout"
            ))
            .is_some()
        );
        assert!(outage(&db(Kind::Unknown, "attempt to write a readonly database")).is_some());
        assert!(outage(&db(Kind::Unknown, "no such table: users")).is_none());
        assert!(outage(&db(Kind::UniqueViolation, "database is locked")).is_none());
        assert!(outage(&Db::NotFound).is_none());
    }

    #[test]
    fn a_read_only_sqlite_file_refuses_writes_and_a_locked_one_takes_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let url = DatabaseUrl::Sqlite(path.clone());
        let mut conn = connect(&url, SqliteOptions::default()).unwrap();
        conn.batch_execute("CREATE TABLE __diesel_schema_migrations (version TEXT)")
            .unwrap();
        assert_eq!(probe_writes(&mut conn, &url).unwrap(), Writes::Accepted);
        // Another writer holds the lock: the database still takes writes.
        conn.batch_execute("BEGIN IMMEDIATE").unwrap();
        assert_eq!(probe_writes(&mut conn, &url).unwrap(), Writes::Accepted);
        conn.batch_execute("ROLLBACK").unwrap();
        let read_only = DatabaseUrl::Sqlite(format!("file:{}?mode=ro", path.display()).into());
        assert!(matches!(
            probe_writes(&mut conn, &read_only).unwrap(),
            Writes::Refused(_)
        ));
        assert_eq!(
            sqlite_file(std::path::Path::new("file:data/m.db?mode=ro")),
            PathBuf::from("data/m.db")
        );
        assert_eq!(
            sqlite_file(std::path::Path::new("file:///var/m.db")),
            PathBuf::from("/var/m.db")
        );
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
