//! PostgreSQL: `pg_dump --format=custom` of an exported snapshot, `pg_restore` into a new
//! database, `pg_restore --list` to read an archive.
//!
//! The dump reads the snapshot of a `REPEATABLE READ` transaction that counts every table
//! first, so the manifest's counts are those of the dumped state, while writers go on.
//! `pg_dump` refuses a server of a newer major version than its own; that is checked before
//! anything is written, and `--pg-bin` points at another client's programs.

use std::path::{Path, PathBuf};
use std::process::Command;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};

use crate::db::{self, ConnectError, DbConnection};

use super::{BackupError, Copied, Manifest};

/// Where the PostgreSQL client programs are.
#[derive(Debug, Clone, Default)]
pub struct Tools {
    /// The folder holding `pg_dump` and `pg_restore`; the `PATH` when unset.
    pub bin_dir: Option<PathBuf>,
}

impl Tools {
    fn program(&self, name: &str) -> PathBuf {
        match &self.bin_dir {
            Some(dir) => dir.join(name),
            None => PathBuf::from(name),
        }
    }

    /// A command for the program with the URL's password in `PGPASSWORD` rather than on the
    /// command line (where any local user could read it), and the URL without it.
    fn command(&self, name: &str, url: &str) -> (Command, String) {
        let mut command = Command::new(self.program(name));
        let (url, password) = split_password(url);
        if let Some(password) = password {
            command.env("PGPASSWORD", password);
        }
        (command, url)
    }

    /// Runs a command and returns its standard output, or its standard error as the failure.
    fn run(&self, name: &str, command: &mut Command) -> Result<String, BackupError> {
        let output = command.output().map_err(|e| BackupError::Tool {
            program: name.to_owned(),
            message: format!("cannot start {}: {e}", self.program(name).display()),
        })?;
        if !output.status.success() {
            return Err(BackupError::Tool {
                program: name.to_owned(),
                message: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
            });
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// The program's major version (`pg_dump (PostgreSQL) 15.20 …` → 15).
    fn major_version(&self, name: &str) -> Result<u32, BackupError> {
        let out = self.run(name, Command::new(self.program(name)).arg("--version"))?;
        out.split_whitespace()
            .find_map(|word| word.split('.').next()?.parse().ok())
            .ok_or_else(|| BackupError::Tool {
                program: name.to_owned(),
                message: format!("unreadable version: {}", out.trim()),
            })
    }
}

/// The URL without its password, and the password (percent-decoded).
fn split_password(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else {
        return (url.to_owned(), None);
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return (url.to_owned(), None);
    };
    let Some((user, password)) = userinfo.split_once(':') else {
        return (url.to_owned(), None);
    };
    (
        format!("{scheme}://{user}@{host}{tail}"),
        Some(percent_decode(password)),
    )
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn connect(url: &str) -> Result<PgConnection, BackupError> {
    PgConnection::establish(url).map_err(|source| {
        BackupError::Connect(ConnectError::Connection {
            backend: "postgres",
            source,
        })
    })
}

/// Dumps the database into `partial`; returns when the state was read, its migrations and
/// its rows per table.
pub(super) fn backup(url: &str, partial: &Path, tools: &Tools) -> Result<Copied, BackupError> {
    let mut conn = connect(url)?;
    let server = db::backup::server_version_num(&mut conn)?;
    let server = u32::try_from(server / 10_000).unwrap_or(0);
    let tool = tools.major_version("pg_dump")?;
    if tool < server {
        return Err(BackupError::VersionMismatch {
            program: "pg_dump".into(),
            tool,
            server,
        });
    }
    conn.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
    let snapshot = db::backup::export_snapshot(&mut conn)?;
    let taken_at = db::now();
    let mut conn = DbConnection::Pg(conn);
    let migrations = db::backup::applied_migrations(&mut conn)?;
    let counts = db::backup::counts(&mut conn)?;
    let (mut command, url) = tools.command("pg_dump", url);
    command
        .arg("--format=custom")
        .arg(format!("--snapshot={snapshot}"))
        .arg("--file")
        .arg(partial)
        .arg("--dbname")
        .arg(url);
    let dumped = tools.run("pg_dump", &mut command);
    // The snapshot lives as long as the transaction: it ends after the dump.
    conn.batch_execute("COMMIT")?;
    if dumped.is_err() {
        let _ = std::fs::remove_file(partial);
    }
    dumped?;
    Ok(Copied {
        taken_at,
        migrations,
        counts,
    })
}

/// Lists the archive (`pg_restore --list`): the problems found, none when every table of the
/// manifest has its data in it.
pub(super) fn list_archive(
    file: &Path,
    tools: &Tools,
    manifest: Option<&Manifest>,
) -> Result<Vec<String>, BackupError> {
    let list = tools.run(
        "pg_restore",
        Command::new(tools.program("pg_restore"))
            .arg("--list")
            .arg(file),
    )?;
    // Lines as `3345; 0 16390 TABLE DATA public applications motcua`.
    let with_data: Vec<&str> = list
        .lines()
        .filter(|l| !l.starts_with(';'))
        .filter_map(|l| {
            let (_, rest) = l.split_once(" TABLE DATA ")?;
            rest.split_whitespace().nth(1)
        })
        .collect();
    let mut problems = Vec::new();
    if let Some(manifest) = manifest {
        for table in manifest.counts.keys() {
            if !with_data.contains(&table.as_str()) {
                problems.push(format!("the archive holds no data for the table {table}"));
            }
        }
    } else if with_data.is_empty() {
        problems.push("the archive holds no table data".to_owned());
    }
    Ok(problems)
}

/// Restores the archive into the database `url` names, which must have no tables. Returns
/// the archive's problems (`pg_restore --list`).
pub(super) fn restore(
    file: &Path,
    url: &str,
    tools: &Tools,
    manifest: Option<&Manifest>,
) -> Result<Vec<String>, BackupError> {
    let problems = list_archive(file, tools, manifest)?;
    let mut conn = DbConnection::Pg(connect(url)?);
    let tables = db::backup::tables(&mut conn)?;
    if !tables.is_empty() {
        return Err(BackupError::NotEmpty(tables.len()));
    }
    drop(conn);
    let (mut command, url) = tools.command("pg_restore", url);
    command
        .arg("--exit-on-error")
        .arg("--single-transaction")
        .arg("--no-owner")
        .arg("--no-privileges")
        .arg("--dbname")
        .arg(url)
        .arg(file);
    tools.run("pg_restore", &mut command)?;
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url_decoded() {
        assert_eq!(
            split_password("postgres://motcua:p%40ss:w@db:5432/motcua?sslmode=disable"),
            (
                "postgres://motcua@db:5432/motcua?sslmode=disable".to_owned(),
                Some("p@ss:w".to_owned())
            )
        );
        assert_eq!(
            split_password("postgres://postgres@127.0.0.1/test"),
            ("postgres://postgres@127.0.0.1/test".to_owned(), None)
        );
        assert_eq!(
            split_password("postgresql://localhost/db"),
            ("postgresql://localhost/db".to_owned(), None)
        );
    }
}
