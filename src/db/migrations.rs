//! Embedded migrations, one tree per backend with identical folder names.

use diesel::migration::MigrationSource;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::{BackendKind, DbConnection};

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A migration failure, with the harness's message.
#[derive(Debug, thiserror::Error)]
#[error("migration failed: {0}")]
pub struct MigrationError(String);

fn wrap(e: Box<dyn std::error::Error + Send + Sync>) -> MigrationError {
    MigrationError(e.to_string())
}

/// Applies every pending migration; returns the names applied.
pub fn run_pending(conn: &mut DbConnection) -> Result<Vec<String>, MigrationError> {
    let applied: Vec<String> = match conn {
        // SQLite's migration transaction is exclusive already.
        DbConnection::Sqlite(c) => names(c.run_pending_migrations(SQLITE).map_err(wrap)?),
        // Servers starting together on one PostgreSQL database take turns.
        DbConnection::Pg(c) => {
            use diesel::connection::SimpleConnection;
            c.batch_execute("SELECT pg_advisory_lock(7263001)")
                .map_err(|e| MigrationError(e.to_string()))?;
            let result = c.run_pending_migrations(POSTGRES).map_err(wrap).map(names);
            let unlocked = c.batch_execute("SELECT pg_advisory_unlock(7263001)");
            let applied = result?;
            unlocked.map_err(|e| MigrationError(e.to_string()))?;
            applied
        }
    };
    Ok(applied)
}

fn names(versions: Vec<diesel::migration::MigrationVersion<'_>>) -> Vec<String> {
    versions.iter().map(ToString::to_string).collect()
}

/// True when the database has every embedded migration applied.
pub fn is_current(conn: &mut DbConnection) -> Result<bool, MigrationError> {
    let pending = match conn {
        DbConnection::Sqlite(c) => c.has_pending_migration(SQLITE).map_err(wrap)?,
        DbConnection::Pg(c) => c.has_pending_migration(POSTGRES).map_err(wrap)?,
    };
    Ok(!pending)
}

/// Reverts every applied migration, newest first (used by tests and by operators rolling back).
pub fn revert_all(conn: &mut DbConnection) -> Result<Vec<String>, MigrationError> {
    let reverted = match conn {
        DbConnection::Sqlite(c) => c.revert_all_migrations(SQLITE).map_err(wrap)?,
        DbConnection::Pg(c) => c.revert_all_migrations(POSTGRES).map_err(wrap)?,
    };
    Ok(reverted.iter().map(ToString::to_string).collect())
}

/// The migration versions this binary carries for the backend, in order.
pub fn embedded_migrations(backend: BackendKind) -> Vec<String> {
    let versions = match backend {
        BackendKind::Sqlite => MigrationSource::<diesel::sqlite::Sqlite>::migrations(&SQLITE)
            .map(|ms| ms.iter().map(|m| m.name().version().to_string()).collect()),
        BackendKind::Postgres => MigrationSource::<diesel::pg::Pg>::migrations(&POSTGRES)
            .map(|ms| ms.iter().map(|m| m.name().version().to_string()).collect()),
    };
    let mut versions: Vec<String> = versions.unwrap_or_default();
    versions.sort();
    versions
}
