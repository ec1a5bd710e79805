//! Administrative units, effective-dated (the registry grows this).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConnection;
use super::schema::units;

/// A new unit version.
#[derive(Debug, Insertable)]
#[diesel(table_name = units)]
pub struct NewUnit<'a> {
    /// Opaque id.
    pub id: &'a str,
    /// GSO code (2 digits province, 3 district, 5 commune).
    pub code: &'a str,
    /// Name.
    pub name: &'a str,
    /// `province`, `district` or `commune`.
    pub level: &'a str,
    /// The parent's GSO code.
    pub parent_code: Option<&'a str>,
    /// First day valid.
    pub valid_from: NaiveDate,
    /// Last day valid.
    pub valid_to: Option<NaiveDate>,
    /// Starts at 1.
    pub version: i64,
    /// Now.
    pub created_at: NaiveDateTime,
    /// Now.
    pub updated_at: NaiveDateTime,
}

/// Stores a new unit.
pub fn insert(conn: &mut DbConnection, unit: &NewUnit<'_>) -> QueryResult<()> {
    diesel::insert_into(units::table)
        .values(unit)
        .execute(conn)
        .map(drop)
}

/// The id of the unit with this code that is valid on `on`.
pub fn find_id_valid_on(
    conn: &mut DbConnection,
    code: &str,
    on: NaiveDate,
) -> QueryResult<Option<String>> {
    units::table
        .filter(units::code.eq(code))
        .filter(units::valid_from.le(on))
        .filter(units::valid_to.is_null().or(units::valid_to.ge(on)))
        .select(units::id)
        .first(conn)
        .optional()
}
