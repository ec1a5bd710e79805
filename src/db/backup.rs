//! The database side of backups: the tables and their row counts, the migrations applied,
//! SQLite's online copy (`VACUUM INTO`) and integrity check, PostgreSQL's exported snapshot,
//! and the comparison of the stored report tallies with a recount.
//!
//! Table names in these statements come from the database's own catalog, never from input.

use std::collections::BTreeMap;
use std::path::Path;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel::{PgConnection, SqliteConnection};

use super::DbConnection;

// The same trees as `db::migrations` embeds: the versions a backup or a restored database
// must carry are exactly the binary's.

/// The table diesel records applied migrations in.
pub const MIGRATIONS_TABLE: &str = "__diesel_schema_migrations";

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The application's tables (SQLite's own and PostgreSQL's catalogs left out), by name.
pub fn tables(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    let query = match conn {
        DbConnection::Sqlite(_) => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name"
        }
        DbConnection::Pg(_) => {
            "SELECT table_name::text AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
        }
    };
    let names: Vec<Name> = diesel::sql_query(query).load(conn)?;
    Ok(names.into_iter().map(|n| n.name).collect())
}

/// How many rows each table holds.
pub fn counts(conn: &mut DbConnection) -> QueryResult<BTreeMap<String, i64>> {
    let mut counts = BTreeMap::new();
    for table in tables(conn)? {
        let quoted = format!("\"{}\"", table.replace('"', "\"\""));
        let count: Count =
            diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {quoted}")).get_result(conn)?;
        counts.insert(table, count.n);
    }
    Ok(counts)
}

/// The migration versions recorded as applied, in order (none when the table is missing).
pub fn applied_migrations(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    if !tables(conn)?.iter().any(|t| t == MIGRATIONS_TABLE) {
        return Ok(Vec::new());
    }
    let names: Vec<Name> = diesel::sql_query(format!(
        "SELECT version AS name FROM {MIGRATIONS_TABLE} ORDER BY version"
    ))
    .load(conn)?;
    Ok(names.into_iter().map(|n| n.name).collect())
}

/// Writes a consistent copy of the database to `target` (which must not exist) while writers
/// go on: `VACUUM INTO` reads one snapshot, as any WAL reader, and holds no writer up.
pub fn vacuum_into(conn: &mut SqliteConnection, target: &Path) -> QueryResult<()> {
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(target.to_string_lossy().into_owned())
        .execute(conn)
        .map(drop)
}

/// SQLite's `PRAGMA integrity_check`: the problems found (none when the file is sound).
pub fn integrity_check(conn: &mut SqliteConnection) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Line {
        #[diesel(sql_type = Text)]
        integrity_check: String,
    }
    let lines: Vec<Line> = diesel::sql_query("PRAGMA integrity_check").load(conn)?;
    Ok(lines
        .into_iter()
        .map(|l| l.integrity_check)
        .filter(|l| l != "ok")
        .collect())
}

/// Exports the snapshot of the caller's transaction (which must be `REPEATABLE READ`) for
/// `pg_dump --snapshot`, so that the dump and what the transaction counts are one state.
pub fn export_snapshot(conn: &mut PgConnection) -> QueryResult<String> {
    let name: Name = diesel::sql_query("SELECT pg_export_snapshot() AS name").get_result(conn)?;
    Ok(name.name)
}

/// The server's version number (`150020` for 15.20).
pub fn server_version_num(conn: &mut PgConnection) -> QueryResult<i64> {
    let count: Count =
        diesel::sql_query("SELECT current_setting('server_version_num')::bigint AS n")
            .get_result(conn)?;
    Ok(count.n)
}

/// The tally columns, as the recount writes them.
const TALLY_COLUMNS: &str = "span, unit_id, starts_on, office_id, field_code, new_online, \
    new_in_person, resolved_early, resolved_on_time, resolved_late, withdrawn, stopped, refused, \
    open, overdue, resolution_minutes, rated, satisfied, resolved_no_deadline, open_no_deadline";

/// A bucket whose counts all went back to zero: kept by the running tallies, never written by
/// a recount, and worth nothing in a report.
const ZERO_TALLY: &str = "new_online = 0 AND new_in_person = 0 AND resolved_early = 0 \
    AND resolved_on_time = 0 AND resolved_late = 0 AND withdrawn = 0 AND stopped = 0 \
    AND refused = 0 AND open = 0 AND overdue = 0 AND resolution_minutes = 0 AND rated = 0 \
    AND satisfied = 0 AND resolved_no_deadline = 0 AND open_no_deadline = 0";

/// Keeps the stored tallies that count something in a temporary table, for
/// [`compare_tallies`] after a recount in the same transaction. Returns how many.
pub fn keep_stored_tallies(conn: &mut DbConnection) -> QueryResult<i64> {
    diesel::sql_query(format!(
        "CREATE TEMPORARY TABLE backup_stored_tallies AS SELECT {TALLY_COLUMNS} \
         FROM report_tallies WHERE NOT ({ZERO_TALLY})"
    ))
    .execute(conn)?;
    let count: Count =
        diesel::sql_query("SELECT COUNT(*) AS n FROM backup_stored_tallies").get_result(conn)?;
    Ok(count.n)
}

/// How the tallies kept by [`keep_stored_tallies`] compare with the table now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TallyDifference {
    /// Buckets in the table now (that count something).
    pub now: i64,
    /// Kept buckets the table no longer holds with the same counts.
    pub only_kept: i64,
    /// Buckets in the table now that were not kept with the same counts.
    pub only_now: i64,
}

/// Compares the kept tallies with the table (after a recount).
pub fn compare_tallies(conn: &mut DbConnection) -> QueryResult<TallyDifference> {
    let mut count = |sql: String| -> QueryResult<i64> {
        let count: Count = diesel::sql_query(sql).get_result(conn)?;
        Ok(count.n)
    };
    let now = count(format!(
        "SELECT COUNT(*) AS n FROM report_tallies WHERE NOT ({ZERO_TALLY})"
    ))?;
    let only_kept = count(format!(
        "SELECT COUNT(*) AS n FROM (SELECT {TALLY_COLUMNS} FROM backup_stored_tallies \
         EXCEPT SELECT {TALLY_COLUMNS} FROM report_tallies) AS d"
    ))?;
    let only_now = count(format!(
        "SELECT COUNT(*) AS n FROM (SELECT {TALLY_COLUMNS} FROM report_tallies \
         WHERE NOT ({ZERO_TALLY}) EXCEPT SELECT {TALLY_COLUMNS} FROM backup_stored_tallies) AS d"
    ))?;
    Ok(TallyDifference {
        now,
        only_kept,
        only_now,
    })
}
