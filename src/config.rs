//! Typed settings: defaults, then an optional TOML file, then `MOTCUA_*` variables.
//!
//! Nested keys use `__` in variables: `MOTCUA_AUTH__TOKEN_TTL_MINUTES=60`.
//! `DATABASE_URL` is read too; `MOTCUA_DATABASE_URL` wins over it.

use std::path::Path;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// Everything the service can be told.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// `sqlite://PATH`, a plain path, or `postgres://…`.
    pub database_url: String,
    /// Address and port to listen on.
    pub bind: String,
    /// HTTP worker threads; defaults to the number of cores.
    pub workers: Option<usize>,
    /// Password for the `admin` account created on the first start of an empty database;
    /// when unset, one is generated and printed once.
    pub admin_password: Option<String>,
    /// `text` (default) or `json` log lines.
    pub log_format: LogFormat,
    /// A `tracing` filter such as `info` or `motcua=debug,info`.
    pub log_level: String,
    /// Seconds to let requests in flight finish on shutdown.
    pub shutdown_timeout_secs: u64,
    /// Largest JSON body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Database pool and SQLite settings.
    pub database: DatabaseSettings,
    /// Sign-in settings.
    pub auth: AuthSettings,
    /// The server secret (at least 32 characters) that keys tracking PINs. Every server of one
    /// deployment needs the same one; it is never stored in the database. When unset, it is
    /// read from `secret_file`, which is created on the first start.
    pub secret: Option<String>,
    /// Where the secret is kept when `secret` is unset. By default it lies beside the SQLite
    /// database file (`data/motcua.db` → `data/motcua.secret`), never in the working
    /// directory, where a checkout of the source could bring one along.
    pub secret_file: Option<String>,
    /// Office hours and the cut-off for the deadline clock.
    pub calendar: CalendarSettings,
    /// Public tracking.
    pub tracking: TrackingSettings,
    /// The public site: the office's or province's name and contacts.
    pub site: SiteSettings,
    /// Files uploaded with applications.
    pub uploads: UploadSettings,
    /// Catalog search.
    pub search: SearchSettings,
    /// Online submissions.
    pub submissions: SubmissionSettings,
}

/// Online submissions (without an account): how many one client address may make.
///
/// Two windows: a short one against bursts and a day against a steady trickle. A commune
/// office's shared address (its public computers, or citizens on its Wi-Fi) stays far below
/// both in normal use; docs/OPERATIONS.md gives the reasoning.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SubmissionSettings {
    /// Online submissions allowed per client address within `burst_window_minutes`.
    pub max_online_per_client: i64,
    /// The short window, in minutes.
    pub burst_window_minutes: i64,
    /// Online submissions allowed per client address within a day (24 hours).
    pub max_online_per_client_per_day: i64,
}

impl Default for SubmissionSettings {
    fn default() -> Self {
        Self {
            max_online_per_client: 30,
            burst_window_minutes: 10,
            max_online_per_client_per_day: 300,
        }
    }
}

/// The public site's masthead and footer: whose site it is and how to reach them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SiteSettings {
    /// The office's or province's name, in Vietnamese (the masthead and page titles).
    pub name: String,
    /// The name in English; the Vietnamese one when empty.
    pub name_en: String,
    /// The body it belongs to, above the name (`UBND tỉnh …`); none when empty.
    pub parent: String,
    /// The parent body in English; the Vietnamese one when empty.
    pub parent_en: String,
    /// How to reach the office.
    pub contacts: SiteContacts,
}

/// How citizens reach the office; empty entries are not shown.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SiteContacts {
    /// Street address.
    pub address: String,
    /// Telephone (hotline).
    pub phone: String,
    /// Email.
    pub email: String,
    /// Opening hours, as they should read (`Thứ Hai – Thứ Sáu, 7:30–11:30, 13:00–17:00`).
    pub hours: String,
}

impl Default for SiteSettings {
    fn default() -> Self {
        Self {
            name: "Trung tâm Phục vụ hành chính công".into(),
            name_en: "Public Administrative Service Centre".into(),
            parent: String::new(),
            parent_en: String::new(),
            contacts: SiteContacts::default(),
        }
    }
}

/// Files uploaded with applications: limits and where the bytes are kept.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct UploadSettings {
    /// Largest file, in bytes.
    pub max_file_bytes: u64,
    /// Largest total of the files sent with one submission or supplement (or held by one
    /// draft), in bytes.
    pub max_application_bytes: u64,
    /// Most files sent with one submission or supplement (or held by one draft).
    pub max_files: usize,
    /// `database` (default: one backup holds everything) or `folder`.
    pub storage: UploadStorage,
    /// With `storage = "folder"`: where the files are kept, one per SHA-256.
    pub folder: String,
    /// Hours an online application's draft on the public pages lives after its last change.
    pub draft_hours: i64,
}

/// Where uploaded bytes are kept.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum UploadStorage {
    /// In the database, beside their description.
    Database,
    /// In a folder, named by their SHA-256.
    Folder,
}

impl Default for UploadSettings {
    fn default() -> Self {
        Self {
            max_file_bytes: 10 * 1024 * 1024,
            max_application_bytes: 40 * 1024 * 1024,
            max_files: 30,
            storage: UploadStorage::Database,
            folder: "uploads".into(),
            draft_hours: 24,
        }
    }
}

/// Catalog search.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SearchSettings {
    /// A synonym list to use instead of the shipped one (`src/domain/search/synonyms.txt`;
    /// same format). A list that cannot be read stops the server at start, with its line.
    pub synonyms_file: Option<String>,
}

/// Office hours and the cut-off for the deadline clock.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CalendarSettings {
    /// The sessions of a working day, `HH:MM-HH:MM`, 8 hours in all.
    pub office_hours: Vec<String>,
    /// Dossiers received at or after this time start the clock the next working morning.
    pub cutoff: String,
}

impl Default for CalendarSettings {
    fn default() -> Self {
        Self {
            office_hours: vec!["07:30-11:30".into(), "13:00-17:00".into()],
            cutoff: "17:00".into(),
        }
    }
}

/// Public tracking.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct TrackingSettings {
    /// Wrong PINs allowed per application code within the window, from anywhere. Past it the
    /// code is closed to the client addresses that have been failing (`failing_after`); an
    /// address that has not been failing is still heard, so nobody can lock the applicant out.
    pub max_failures_per_code: i64,
    /// Wrong PINs or unknown codes allowed per client address within the window; past it
    /// that address gets 429 for every lookup until the window moves on.
    pub max_failures_per_client: i64,
    /// The window, in minutes.
    pub failure_window_minutes: i64,
    /// The service's public address, such as `https://dichvucong.example.gov.vn`: the
    /// receipt's QR code opens `{public_url}/track/{code}?t=…`. Empty: `http://` and the
    /// address the server listens on (its outward address when it listens on all of them).
    pub public_url: String,
    /// Wrong PINs from one client address within the window from which it counts as
    /// failing: a code past `max_failures_per_code` refuses it.
    pub failing_after: i64,
}

impl Default for TrackingSettings {
    fn default() -> Self {
        Self {
            max_failures_per_code: 5,
            max_failures_per_client: 30,
            failure_window_minutes: 15,
            public_url: String::new(),
            failing_after: 3,
        }
    }
}

/// Log line format.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Database pool and SQLite settings.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseSettings {
    /// Most connections open at once.
    pub pool_size: u32,
    /// Milliseconds a request waits for a free connection before a 503.
    pub pool_timeout_ms: u64,
    /// Milliseconds a SQLite writer waits for the lock.
    pub sqlite_busy_timeout_ms: u64,
    /// `full` (default: every commit survives power loss) or `normal` (survives crashes only).
    pub sqlite_synchronous: SqliteSynchronous,
    /// Milliseconds PostgreSQL may spend on one statement of the server's (lock waits
    /// included) before it cancels it and the request answers 503; 0 for no limit. Command-line
    /// tasks (imports, the demo, reports) run without it.
    pub statement_timeout_ms: u64,
    /// Milliseconds to open a PostgreSQL connection before giving up (libpq counts whole
    /// seconds, at least 2). The same value bounds how long data sent on a connection may
    /// stay unacknowledged (`tcp_user_timeout`) before the connection counts as dead.
    pub connect_timeout_ms: u64,
    /// Milliseconds a request may wait for its database work in all (a connection, the
    /// statements, the commit) before it answers 503 with `Retry-After`, on both backends.
    /// What a stalled link leaves running is finished or ended by the timeouts above.
    pub request_timeout_ms: u64,
    /// Create the SQLite database's folder when it is missing. Off by default: a missing
    /// folder is most often a disk that is not mounted, and a new empty database there
    /// would hide that.
    pub create_missing_folder: bool,
}

/// SQLite's `synchronous` pragma.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SqliteSynchronous {
    /// fsync on every commit.
    Full,
    /// fsync at checkpoints.
    Normal,
}

/// Sign-in settings.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AuthSettings {
    /// Minutes a bearer token lives.
    pub token_ttl_minutes: i64,
    /// Minutes a staff page session (cookie) lives at most, however busy.
    pub page_session_minutes: i64,
    /// Minutes without a request after which a staff page session ends.
    pub page_idle_minutes: i64,
    /// Failed sign-ins allowed per username from one client address within the window.
    pub max_failures_per_username: i64,
    /// Failed sign-ins allowed per username from all addresses within the window; once
    /// reached, the username is closed only to addresses that have been failing
    /// (`failing_after`), so the owner's clean address still signs in.
    pub max_failures_per_username_overall: i64,
    /// Failed sign-ins (any username) within the window from which an address counts as
    /// failing.
    pub failing_after: i64,
    /// Failed sign-ins allowed per client address within the window.
    pub max_failures_per_address: i64,
    /// The window, in minutes.
    pub failure_window_minutes: i64,
    /// Take the client address from `X-Forwarded-For` / `Forwarded` (only behind a trusted proxy).
    pub trust_forwarded_headers: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            database_url: "sqlite://motcua.db".into(),
            bind: "127.0.0.1:8080".into(),
            workers: None,
            admin_password: None,
            log_format: LogFormat::Text,
            log_level: "info".into(),
            shutdown_timeout_secs: 30,
            max_body_bytes: 2 * 1024 * 1024,
            database: DatabaseSettings::default(),
            auth: AuthSettings::default(),
            secret: None,
            secret_file: None,
            calendar: CalendarSettings::default(),
            tracking: TrackingSettings::default(),
            site: SiteSettings::default(),
            uploads: UploadSettings::default(),
            search: SearchSettings::default(),
            submissions: SubmissionSettings::default(),
        }
    }
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self {
            pool_size: 8,
            pool_timeout_ms: 5_000,
            sqlite_busy_timeout_ms: 5_000,
            sqlite_synchronous: SqliteSynchronous::Full,
            statement_timeout_ms: 30_000,
            connect_timeout_ms: 5_000,
            request_timeout_ms: 45_000,
            create_missing_folder: false,
        }
    }
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            token_ttl_minutes: 12 * 60,
            page_session_minutes: 10 * 60,
            page_idle_minutes: 30,
            max_failures_per_username: 5,
            max_failures_per_username_overall: 50,
            failing_after: 3,
            max_failures_per_address: 20,
            failure_window_minutes: 15,
            trust_forwarded_headers: false,
        }
    }
}

/// Variables with the `MOTCUA_` prefix that are not settings.
const NOT_SETTINGS: [&str; 3] = ["config", "test_postgres_url", "new_user_password"];

impl Settings {
    /// The layered sources: defaults, the TOML file (if given), `DATABASE_URL`, `MOTCUA_*`.
    pub fn figment(file: Option<&Path>) -> Figment {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(file) = file {
            figment = figment.merge(Toml::file_exact(file));
        }
        figment
            .merge(
                Env::raw()
                    .only(&["DATABASE_URL"])
                    .map(|_| "database_url".into()),
            )
            .merge(Env::prefixed("MOTCUA_").split("__").ignore(&NOT_SETTINGS))
    }

    /// Loads the settings; an unknown key or a bad value names itself in the error.
    pub fn load(file: Option<&Path>) -> Result<Self, Box<figment::Error>> {
        Self::figment(file).extract().map_err(Box::new)
    }
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment::Jail's closures return figment::Error.
mod tests {
    use super::*;
    use figment::Jail;

    #[test]
    fn defaults_need_no_file_and_no_variables() {
        Jail::expect_with(|_| {
            let s = Settings::load(None).map_err(|e| *e)?;
            assert_eq!(s, Settings::default());
            assert_eq!(s.bind, "127.0.0.1:8080");
            assert_eq!(s.database_url, "sqlite://motcua.db");
            Ok(())
        });
    }

    #[test]
    fn file_then_variables_override() {
        Jail::expect_with(|jail| {
            jail.create_file(
                "motcua.toml",
                r#"
                bind = "0.0.0.0:9000"
                log_format = "json"
                [database]
                pool_size = 3
                [auth]
                token_ttl_minutes = 30
                "#,
            )?;
            jail.set_env("DATABASE_URL", "postgres://a@b/c");
            jail.set_env("MOTCUA_AUTH__TOKEN_TTL_MINUTES", "45");
            jail.set_env("MOTCUA_TEST_POSTGRES_URL", "postgres://ignored");
            let s = Settings::load(Some(Path::new("motcua.toml"))).map_err(|e| *e)?;
            assert_eq!(s.bind, "0.0.0.0:9000");
            assert_eq!(s.log_format, LogFormat::Json);
            assert_eq!(s.database.pool_size, 3);
            assert_eq!(s.auth.token_ttl_minutes, 45);
            assert_eq!(s.database_url, "postgres://a@b/c");
            jail.set_env("MOTCUA_DATABASE_URL", "sqlite://x.db");
            assert_eq!(
                Settings::load(None).map_err(|e| *e)?.database_url,
                "sqlite://x.db"
            );
            Ok(())
        });
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        Jail::expect_with(|jail| {
            jail.create_file("typo.toml", "bnid = \"0.0.0.0:1\"")?;
            let err = Settings::load(Some(Path::new("typo.toml")))
                .err()
                .map(|e| e.to_string());
            assert!(
                err.as_deref().is_some_and(|e| e.contains("bnid")),
                "{err:?}"
            );
            jail.create_file("bad.toml", "[database]\npool_size = \"many\"")?;
            let err = Settings::load(Some(Path::new("bad.toml")))
                .err()
                .map(|e| e.to_string());
            assert!(
                err.as_deref().is_some_and(|e| e.contains("pool_size")),
                "{err:?}"
            );
            assert!(Settings::load(Some(Path::new("missing.toml"))).is_err());
            Ok(())
        });
    }
}
