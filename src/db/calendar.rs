//! The working-day calendar's dated exceptions and the years' status.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{calendar_days, calendar_generation, calendar_years};

/// A stored exception to Monday–Friday.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = calendar_days)]
pub struct DayRow {
    pub day: NaiveDate,
    pub kind: String,
    pub name: String,
    pub updated_at: NaiveDateTime,
}

/// Every exception, by date.
pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<DayRow>> {
    calendar_days::table
        .order(calendar_days::day.asc())
        .select(DayRow::as_select())
        .load(conn)
}

/// The exceptions between two dates (inclusive).
pub fn between(
    conn: &mut DbConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<DayRow>> {
    calendar_days::table
        .filter(calendar_days::day.between(from, to))
        .order(calendar_days::day.asc())
        .select(DayRow::as_select())
        .load(conn)
}

/// How many exceptions are stored.
pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    calendar_days::table.count().get_result(conn)
}

/// Sets the exception of a day (replacing any).
pub fn set(conn: &mut DbConnection, row: &DayRow) -> QueryResult<()> {
    clear(conn, row.day)?;
    diesel::insert_into(calendar_days::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Removes a day's exception: it follows Monday–Friday again.
pub fn clear(conn: &mut DbConnection, day: NaiveDate) -> QueryResult<usize> {
    diesel::delete(calendar_days::table.filter(calendar_days::day.eq(day))).execute(conn)
}

/// Years and whether they are provisional.
pub fn years(conn: &mut DbConnection) -> QueryResult<Vec<(i32, bool)>> {
    calendar_years::table
        .order(calendar_years::year.asc())
        .select((calendar_years::year, calendar_years::provisional))
        .load(conn)
}

/// Marks a year official or provisional.
pub fn set_year(
    conn: &mut DbConnection,
    year: i32,
    provisional: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(calendar_years::table.filter(calendar_years::year.eq(year))).execute(conn)?;
    diesel::insert_into(calendar_years::table)
        .values((
            calendar_years::year.eq(year),
            calendar_years::provisional.eq(provisional),
            calendar_years::updated_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// Tells every server the calendar changed.
pub fn bump_generation(conn: &mut DbConnection) -> QueryResult<()> {
    diesel::update(calendar_generation::table)
        .set(calendar_generation::generation.eq(calendar_generation::generation + 1))
        .execute(conn)
        .map(drop)
}

/// The advisory lock that orders calendar changes before the writes that compute due dates.
const CALENDAR_LOCK: i64 = 0x6d6f_7463_7561_0001;

/// The calendar's change counter, read inside a write transaction. On PostgreSQL the
/// transaction first takes the calendar's advisory lock in shared mode, so that it waits for a
/// calendar change in progress, and a change waits for it (a shared advisory lock writes
/// nothing to the table, unlike `FOR SHARE`). SQLite's write transactions are serial already.
pub fn generation_for_write(conn: &mut DbConnection) -> QueryResult<i64> {
    if let DbConnection::Pg(c) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock_shared($1)")
            .bind::<diesel::sql_types::BigInt, _>(CALENDAR_LOCK)
            .execute(c)?;
    }
    generation(conn)
}

/// Takes the calendar's advisory lock exclusively for this transaction (PostgreSQL): writers
/// that compute due dates wait until the change commits.
pub fn lock_for_change(conn: &mut DbConnection) -> QueryResult<()> {
    if let DbConnection::Pg(c) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(CALENDAR_LOCK)
            .execute(c)?;
    }
    Ok(())
}

/// The calendar's change counter.
pub fn generation(conn: &mut DbConnection) -> QueryResult<i64> {
    calendar_generation::table
        .select(calendar_generation::generation)
        .get_result(conn)
}
