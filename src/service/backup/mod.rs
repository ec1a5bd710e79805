//! Backups: a consistent copy of a running database, its restore into a new database, and
//! the checks that a copy is whole (docs/OPERATIONS.md, "Backups").
//!
//! - SQLite: `VACUUM INTO` writes one snapshot to a new file while writers go on (`sqlite.rs`).
//! - PostgreSQL: `pg_dump --format=custom` of a snapshot exported by a transaction that counts
//!   the rows of the same state (`postgres.rs`).
//!
//! Beside the copy, `FILE.manifest.json` records the backend, the migrations applied and the
//! rows of every table in the copied state; a restore and a verification compare against it.
//! The server secret is never in the database (a file beside it, or a setting), so no backup
//! holds it. `verify.rs` checks a database: integrity, migrations, counts, and the report
//! tallies against a recount.

mod postgres;
mod sqlite;
mod verify;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::db::{BackendKind, ConnectError, DatabaseUrl, SqliteOptions};
use crate::domain::calendar::OfficeHours;

pub use postgres::Tools;
pub use verify::{MigrationCheck, TallyCheck, Verification, verify_database};

/// Why a backup, restore or verification could not be done.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The backup file exists already.
    #[error("{0} exists already: a backup never overwrites a file")]
    Exists(PathBuf),
    /// The target database holds tables.
    #[error("the target database is not empty (it has {0} tables): restore only into a new one")]
    NotEmpty(usize),
    /// The file is neither a SQLite database nor a pg_dump custom archive.
    #[error("{0} is neither a SQLite database nor a pg_dump archive in custom format")]
    UnknownFormat(PathBuf),
    /// The backup and the target database are of different backends.
    #[error("the backup is of a {backup} database and the target is {target}")]
    WrongBackend {
        /// The backup's backend.
        backup: &'static str,
        /// The target's backend.
        target: &'static str,
    },
    /// A PostgreSQL client program is older than the server.
    #[error(
        "{program} is version {tool}, the server {server}: it cannot dump a newer server; install \
         the client of version {server} or newer and give its folder with --pg-bin (MOTCUA_PG_BIN)"
    )]
    VersionMismatch {
        /// The program.
        program: String,
        /// Its major version.
        tool: u32,
        /// The server's major version.
        server: u32,
    },
    /// A PostgreSQL client program failed.
    #[error("{program} failed: {message}")]
    Tool {
        /// The program.
        program: String,
        /// What it said on standard error.
        message: String,
    },
    /// The database URL was refused or the database did not answer.
    #[error(transparent)]
    Connect(#[from] ConnectError),
    /// A statement failed.
    #[error("database: {0}")]
    Database(#[from] diesel::result::Error),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The system's error.
        #[source]
        source: std::io::Error,
    },
    /// The manifest could not be read or written.
    #[error("{path}: {source}")]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// The parser's error.
        #[source]
        source: serde_json::Error,
    },
}

/// The I/O error of a path.
fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_owned(),
        source,
    }
}

/// What a backup holds, written beside it as `FILE.manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// When the copied state was read (UTC).
    pub taken_at: chrono::NaiveDateTime,
    /// How long the backup took, in seconds.
    pub seconds: f64,
    /// The backup file's size.
    pub bytes: u64,
    /// The migration versions applied in the copied state.
    pub migrations: Vec<String>,
    /// Rows per table in the copied state.
    pub counts: BTreeMap<String, i64>,
}

impl Manifest {
    /// The backend it names.
    pub fn backend_kind(&self) -> Option<BackendKind> {
        match self.backend.as_str() {
            "sqlite" => Some(BackendKind::Sqlite),
            "postgres" => Some(BackendKind::Postgres),
            _ => None,
        }
    }

    /// Rows in all tables.
    pub fn rows(&self) -> i64 {
        self.counts.values().sum()
    }

    /// Reads the manifest of a backup file, when there is one.
    pub fn read(file: &Path) -> Result<Option<Self>, BackupError> {
        let path = manifest_path(file);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io(&path)(e)),
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|source| BackupError::Manifest { path, source })
    }

    fn write(&self, file: &Path) -> Result<(), BackupError> {
        let path = manifest_path(file);
        let text = serde_json::to_string_pretty(self).map_err(|source| BackupError::Manifest {
            path: path.clone(),
            source,
        })?;
        write_synced(&path, text.as_bytes())
    }
}

/// What a backend's copy read of the state it copied.
struct Copied {
    taken_at: chrono::NaiveDateTime,
    migrations: Vec<String>,
    counts: BTreeMap<String, i64>,
}

/// Where the manifest of a backup file is: `FILE.manifest.json`.
pub fn manifest_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".manifest.json");
    PathBuf::from(name)
}

/// The file a backup is written to before it is complete: `FILE.partial`.
fn partial_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

/// Writes a file and syncs it to disk.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), BackupError> {
    use std::io::Write;
    let mut file = std::fs::File::create(path).map_err(io(path))?;
    file.write_all(bytes).map_err(io(path))?;
    file.sync_all().map_err(io(path))
}

/// Syncs a finished file and renames it into place, never over an existing file.
fn finish(partial: &Path, file: &Path) -> Result<u64, BackupError> {
    let handle = std::fs::File::open(partial).map_err(io(partial))?;
    // A backup holds personal data: for its owner only, as the database is.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        handle
            .set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(io(partial))?;
    }
    handle.sync_all().map_err(io(partial))?;
    let bytes = handle.metadata().map_err(io(partial))?.len();
    // A hard link fails when the name is taken, where a rename would replace the file.
    std::fs::hard_link(partial, file).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            BackupError::Exists(file.to_owned())
        } else {
            io(file)(e)
        }
    })?;
    std::fs::remove_file(partial).map_err(io(partial))?;
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(dir) = std::fs::File::open(dir)
    {
        // The new name is durable once its folder is synced (not possible everywhere).
        let _ = dir.sync_all();
    }
    Ok(bytes)
}

/// Which backend a backup file is of, from its first bytes.
pub fn file_backend(file: &Path) -> Result<BackendKind, BackupError> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let mut handle = std::fs::File::open(file).map_err(io(file))?;
    let read = handle.read(&mut head).map_err(io(file))?;
    if read >= 16 && &head == b"SQLite format 3\0" {
        Ok(BackendKind::Sqlite)
    } else if read >= 5 && &head[..5] == b"PGDMP" {
        Ok(BackendKind::Postgres)
    } else {
        Err(BackupError::UnknownFormat(file.to_owned()))
    }
}

/// Backs the database up into `file` (which must not exist) and writes its manifest.
pub fn backup(
    url: &DatabaseUrl,
    options: SqliteOptions,
    file: &Path,
    tools: &Tools,
) -> Result<Manifest, BackupError> {
    if file.exists() {
        return Err(BackupError::Exists(file.to_owned()));
    }
    let started = std::time::Instant::now();
    let partial = partial_path(file);
    // A partial file is what an interrupted backup left.
    match std::fs::remove_file(&partial) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(&partial)(e)),
        _ => {}
    }
    let copied = match url {
        DatabaseUrl::Sqlite(_) => sqlite::backup(url, options, &partial)?,
        DatabaseUrl::Postgres(url) => postgres::backup(url, &partial, tools)?,
    };
    let bytes = finish(&partial, file)?;
    let manifest = Manifest {
        backend: url.backend().as_str().to_owned(),
        taken_at: copied.taken_at,
        seconds: started.elapsed().as_secs_f64(),
        bytes,
        migrations: copied.migrations,
        counts: copied.counts,
    };
    manifest.write(file)?;
    Ok(manifest)
}

/// Restores a backup into the database `url` names, which must be new (no tables; on SQLite
/// a file that does not exist yet is new), then verifies the result against the manifest.
pub fn restore(
    file: &Path,
    url: &DatabaseUrl,
    options: SqliteOptions,
    tools: &Tools,
    hours: OfficeHours,
) -> Result<Verification, BackupError> {
    let backend = file_backend(file)?;
    if backend != url.backend() {
        return Err(BackupError::WrongBackend {
            backup: backend.as_str(),
            target: url.backend().as_str(),
        });
    }
    let manifest = Manifest::read(file)?;
    let archive = match url {
        DatabaseUrl::Sqlite(target) => {
            sqlite::restore(file, target)?;
            Vec::new()
        }
        DatabaseUrl::Postgres(target) => postgres::restore(file, target, tools, manifest.as_ref())?,
    };
    let mut conn = crate::db::connect(url, options)?;
    let mut verification = verify_database(&mut conn, hours, manifest.as_ref())?;
    verification.integrity.extend(archive);
    Ok(verification)
}

/// Verifies a backup file. A SQLite copy is restored into a scratch file beside it (removed
/// afterwards) and checked in full. A PostgreSQL archive is listed with `pg_restore --list`
/// (every table of the manifest must have its data in it); with `scratch`, an empty
/// database, it is restored there and checked in full too.
pub fn verify_file(
    file: &Path,
    options: SqliteOptions,
    tools: &Tools,
    scratch: Option<&DatabaseUrl>,
    hours: OfficeHours,
) -> Result<Verification, BackupError> {
    let manifest = Manifest::read(file)?;
    match file_backend(file)? {
        BackendKind::Sqlite => {
            let mut name = file.as_os_str().to_owned();
            name.push(format!(".verify-{}", uuid::Uuid::new_v4().simple()));
            let scratch = PathBuf::from(name);
            let checked = sqlite::restore(file, &scratch).and_then(|()| {
                let url = DatabaseUrl::Sqlite(scratch.clone());
                let mut conn = crate::db::connect(&url, options)?;
                verify_database(&mut conn, hours, manifest.as_ref())
            });
            sqlite::remove(&scratch);
            checked
        }
        BackendKind::Postgres => match scratch {
            Some(url) => restore(file, url, options, tools, hours),
            None => {
                let problems = postgres::list_archive(file, tools, manifest.as_ref())?;
                Ok(Verification::archive_only(
                    BackendKind::Postgres,
                    problems,
                    manifest,
                ))
            }
        },
    }
}
