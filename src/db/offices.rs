//! One-stop offices and processing agencies (the registry grows this).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConnection;
use super::schema::offices;

/// A new office.
#[derive(Debug, Insertable)]
#[diesel(table_name = offices)]
pub struct NewOffice<'a> {
    /// Opaque id.
    pub id: &'a str,
    /// Agency code (opaque: `000.00.15.H12`, `H56.14`).
    pub code: &'a str,
    /// Name.
    pub name: &'a str,
    /// The unit it belongs to.
    pub unit_id: &'a str,
    /// What kind of office.
    pub kind: &'a str,
    /// When its modern desk opened.
    pub opened_on: Option<NaiveDate>,
    /// When it closed.
    pub closed_on: Option<NaiveDate>,
    /// Starts at 1.
    pub version: i64,
    /// Now.
    pub created_at: NaiveDateTime,
    /// Now.
    pub updated_at: NaiveDateTime,
}

/// Stores a new office.
pub fn insert(conn: &mut DbConnection, office: &NewOffice<'_>) -> QueryResult<()> {
    diesel::insert_into(offices::table)
        .values(office)
        .execute(conn)
        .map(drop)
}

/// The id of the office with this agency code.
pub fn find_id_by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<String>> {
    offices::table
        .filter(offices::code.eq(code))
        .select(offices::id)
        .first(conn)
        .optional()
}
