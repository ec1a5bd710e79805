//! SQLite: `VACUUM INTO` for the copy, a file copy for the restore.
//!
//! `VACUUM INTO` reads one snapshot like any reader in WAL mode, so writers go on while it
//! runs and it finishes whatever they do; it writes a compact file with no `-wal` beside it.
//! (The online backup API, `sqlite3 .backup`, restarts whenever a writer commits, and under a
//! steady load it takes many times as long and slows the writers.)

use std::path::Path;

use diesel::{Connection, SqliteConnection};

use crate::db::{self, DatabaseUrl, DbConnection, SqliteOptions};

use super::{BackupError, Copied, io};

/// Copies the database into `partial`; returns when the copy's state was read, its
/// migrations and its rows per table (read from the copy itself).
pub(super) fn backup(
    url: &DatabaseUrl,
    options: SqliteOptions,
    partial: &Path,
) -> Result<Copied, BackupError> {
    if let DatabaseUrl::Sqlite(path) = url
        && !path.exists()
    {
        return Err(io(path)(std::io::ErrorKind::NotFound.into()));
    }
    let taken_at = db::now();
    let mut conn = db::connect(url, options)?;
    if let DbConnection::Sqlite(c) = &mut conn {
        db::backup::vacuum_into(c, partial)?;
    }
    drop(conn);
    let mut copy = open_plain(partial)?;
    let migrations = db::backup::applied_migrations(&mut copy)?;
    let counts = db::backup::counts(&mut copy)?;
    Ok(Copied {
        taken_at,
        migrations,
        counts,
    })
}

/// Opens a file without changing it: none of the server's pragmas (WAL among them).
fn open_plain(path: &Path) -> Result<DbConnection, BackupError> {
    SqliteConnection::establish(&path.to_string_lossy())
        .map(DbConnection::Sqlite)
        .map_err(|source| {
            BackupError::Connect(db::ConnectError::Connection {
                backend: "sqlite",
                source,
            })
        })
}

/// The files SQLite keeps beside a database in WAL mode.
fn companions(path: &Path) -> [std::path::PathBuf; 2] {
    ["-wal", "-shm"].map(|suffix| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        name.into()
    })
}

/// Copies the backup to `target`: only where no database is, or one without tables. The
/// copy is checked (`PRAGMA integrity_check`) before it takes the target's name.
pub(super) fn restore(file: &Path, target: &Path) -> Result<(), BackupError> {
    if target.exists() {
        let tables = db::backup::tables(&mut open_plain(target)?)?;
        if !tables.is_empty() {
            return Err(BackupError::NotEmpty(tables.len()));
        }
        // A log beside an empty database would be replayed into the restored one.
        for companion in companions(target) {
            if std::fs::metadata(&companion).is_ok_and(|m| m.len() > 0) {
                return Err(BackupError::NotEmpty(0));
            }
        }
    }
    // A missing folder is most often a disk that is not mounted: never created here.
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(io(dir)(std::io::ErrorKind::NotFound.into()));
    }
    let partial = super::partial_path(target);
    std::fs::copy(file, &partial).map_err(io(&partial))?;
    let checked = (|| {
        let mut copy = open_plain(&partial)?;
        let problems = match &mut copy {
            DbConnection::Sqlite(c) => db::backup::integrity_check(c)?,
            DbConnection::Pg(_) => Vec::new(),
        };
        drop(copy);
        if let Some(problem) = problems.first() {
            return Err(BackupError::Tool {
                program: "PRAGMA integrity_check".into(),
                message: format!("{problem} ({} problems)", problems.len()),
            });
        }
        std::fs::File::open(&partial)
            .and_then(|f| f.sync_all())
            .map_err(io(&partial))?;
        for companion in companions(target) {
            match std::fs::remove_file(&companion) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(io(&companion)(e));
                }
                _ => {}
            }
        }
        std::fs::rename(&partial, target).map_err(io(target))
    })();
    if checked.is_err() {
        remove(&partial);
    }
    checked
}

/// Removes a scratch database and its companions, as far as they exist.
pub(super) fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
    for companion in companions(path) {
        let _ = std::fs::remove_file(companion);
    }
}
