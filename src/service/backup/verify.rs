//! Verifying a database (a restored backup, or the live one): integrity, migrations, rows
//! per table against the backup's manifest, and the report tallies against a recount.

use std::collections::BTreeMap;
use std::fmt;

use crate::db::{self, BackendKind, DbConnection};
use crate::domain::calendar::OfficeHours;

use super::{BackupError, Manifest};

/// The migrations of a database against the binary's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationCheck {
    /// Applied in the database.
    pub applied: usize,
    /// The binary's.
    pub expected: usize,
    /// The binary's that the database lacks.
    pub missing: Vec<String>,
    /// Applied in the database but unknown to the binary (a newer version wrote it).
    pub unknown: Vec<String>,
}

impl MigrationCheck {
    /// The database carries exactly the binary's migrations.
    pub fn passed(&self) -> bool {
        self.missing.is_empty() && self.unknown.is_empty()
    }
}

/// The stored report tallies against a recount from the applications and ratings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TallyCheck {
    /// The state row says the tallies hold every application.
    pub built: bool,
    /// Applications recounted.
    pub applications: u64,
    /// Buckets stored (that count something).
    pub stored: i64,
    /// Buckets the recount wrote.
    pub recounted: i64,
    /// Stored buckets the recount does not give with the same counts.
    pub only_stored: i64,
    /// Recounted buckets not stored with the same counts.
    pub only_recounted: i64,
}

impl TallyCheck {
    /// The stored tallies are exactly the recount's.
    pub fn passed(&self) -> bool {
        self.built && self.only_stored == 0 && self.only_recounted == 0
    }
}

/// What a verification found. A part left `None` was not checked (a PostgreSQL archive
/// verified without a scratch database to restore it into).
#[derive(Debug, Clone, PartialEq)]
pub struct Verification {
    /// The backend.
    pub backend: BackendKind,
    /// How integrity was checked.
    pub integrity_check: &'static str,
    /// The problems it found; none when sound.
    pub integrity: Vec<String>,
    /// Migrations against the binary's.
    pub migrations: Option<MigrationCheck>,
    /// Rows per table.
    pub counts: Option<BTreeMap<String, i64>>,
    /// The manifest compared with, when the backup has one.
    pub manifest: Option<Manifest>,
    /// Tables whose rows differ from the manifest's: (table, manifest, database).
    pub count_mismatches: Vec<(String, Option<i64>, Option<i64>)>,
    /// The report tallies against a recount.
    pub tallies: Option<TallyCheck>,
}

impl Verification {
    /// Only the archive was read.
    pub(super) fn archive_only(
        backend: BackendKind,
        problems: Vec<String>,
        manifest: Option<Manifest>,
    ) -> Self {
        Self {
            backend,
            integrity_check: "pg_restore --list",
            integrity: problems,
            migrations: None,
            counts: None,
            manifest,
            count_mismatches: Vec::new(),
            tallies: None,
        }
    }

    /// Every check made passed.
    pub fn passed(&self) -> bool {
        self.integrity.is_empty()
            && self.migrations.as_ref().is_none_or(MigrationCheck::passed)
            && self.count_mismatches.is_empty()
            && self.tallies.as_ref().is_none_or(TallyCheck::passed)
    }

    /// Every check was made (the data was read, not only the archive's list).
    pub fn complete(&self) -> bool {
        self.migrations.is_some() && self.counts.is_some() && self.tallies.is_some()
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ok" } else { "FAILED" }
}

impl fmt::Display for Verification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "integrity ({}): {}",
            self.integrity_check,
            verdict(self.integrity.is_empty())
        )?;
        for problem in self.integrity.iter().take(20) {
            writeln!(f, "  {problem}")?;
        }
        match &self.migrations {
            Some(m) => {
                writeln!(
                    f,
                    "migrations: {} ({} applied, the binary's: {})",
                    verdict(m.passed()),
                    m.applied,
                    m.expected
                )?;
                for v in &m.missing {
                    writeln!(f, "  not applied: {v}")?;
                }
                for v in &m.unknown {
                    writeln!(f, "  unknown to this binary: {v}")?;
                }
            }
            None => writeln!(f, "migrations: not checked (no database)")?,
        }
        match &self.counts {
            Some(counts) => {
                let rows: i64 = counts.values().sum();
                let against = if self.manifest.is_some() {
                    "against the manifest"
                } else {
                    "no manifest to compare with"
                };
                writeln!(
                    f,
                    "counts: {} ({} tables, {rows} rows; {against})",
                    verdict(self.count_mismatches.is_empty()),
                    counts.len()
                )?;
                for (table, expected, found) in &self.count_mismatches {
                    writeln!(f, "  {table}: manifest {expected:?}, database {found:?}")?;
                }
            }
            None => writeln!(f, "counts: not checked (no database)")?,
        }
        match &self.tallies {
            Some(t) => writeln!(
                f,
                "report tallies: {} ({} buckets stored, {} recounted from {} applications; \
                 {} stored only, {} recounted only{})",
                verdict(t.passed()),
                t.stored,
                t.recounted,
                t.applications,
                t.only_stored,
                t.only_recounted,
                if t.built { "" } else { "; marked not built" }
            ),
            None => writeln!(f, "report tallies: not checked (no database)"),
        }
    }
}

/// Verifies the database: integrity (SQLite's `PRAGMA integrity_check`; on PostgreSQL the
/// server keeps its pages checked and nothing is read here), its migrations against the
/// binary's, rows per table against the manifest, and the report tallies against a recount.
///
/// The recount runs in a write transaction that is rolled back: it changes nothing, but on a
/// live database it holds writers off while it runs (a million applications: about a minute).
pub fn verify_database(
    conn: &mut DbConnection,
    hours: OfficeHours,
    manifest: Option<&Manifest>,
) -> Result<Verification, BackupError> {
    let backend = conn.backend();
    let (integrity_check, integrity) = match conn {
        DbConnection::Sqlite(c) => ("PRAGMA integrity_check", db::backup::integrity_check(c)?),
        DbConnection::Pg(_) => ("pg_restore --list", Vec::new()),
    };
    let applied = db::backup::applied_migrations(conn)?;
    let embedded = db::migrations::embedded_migrations(backend);
    let migrations = MigrationCheck {
        applied: applied.len(),
        expected: embedded.len(),
        missing: embedded
            .iter()
            .filter(|v| !applied.contains(v))
            .cloned()
            .collect(),
        unknown: applied
            .iter()
            .filter(|v| !embedded.contains(v))
            .cloned()
            .collect(),
    };
    let counts = db::backup::counts(conn)?;
    let mut count_mismatches = Vec::new();
    if let Some(manifest) = manifest {
        let tables: std::collections::BTreeSet<&String> =
            manifest.counts.keys().chain(counts.keys()).collect();
        for table in tables {
            let expected = manifest.counts.get(table).copied();
            let found = counts.get(table).copied();
            if expected != found {
                count_mismatches.push((table.clone(), expected, found));
            }
        }
    }
    let tallies = recount(conn, hours)?;
    Ok(Verification {
        backend,
        integrity_check,
        integrity,
        migrations: Some(migrations),
        counts: Some(counts),
        manifest: manifest.cloned(),
        count_mismatches,
        tallies: Some(tallies),
    })
}

/// The end of the recount's transaction: rolled back in every case.
enum Recount {
    Done(TallyCheck),
    Failed(BackupError),
}

impl From<diesel::result::Error> for Recount {
    fn from(error: diesel::result::Error) -> Self {
        Self::Failed(error.into())
    }
}

/// Recounts the tallies in a transaction and compares them with the stored ones, then
/// rolls the recount back.
fn recount(conn: &mut DbConnection, hours: OfficeHours) -> Result<TallyCheck, BackupError> {
    let calendar = crate::service::calendar::cache::CalendarCache::new(hours).reload(conn)?;
    let outcome = db::write_transaction(conn, |c| -> Result<std::convert::Infallible, Recount> {
        db::reports::lock_state(c)?;
        let built = db::reports::built(c)?;
        let stored = db::backup::keep_stored_tallies(c)?;
        let applications = db::reports::rebuild(c, &calendar, |_| {})?;
        let difference = db::backup::compare_tallies(c)?;
        Err(Recount::Done(TallyCheck {
            built,
            applications,
            stored,
            recounted: difference.now,
            only_stored: difference.only_kept,
            only_recounted: difference.only_now,
        }))
    });
    match outcome {
        Ok(never) => match never {},
        Err(Recount::Done(check)) => Ok(check),
        Err(Recount::Failed(error)) => Err(error),
    }
}
