//! Fields (lĩnh vực).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::fields;

/// A stored field.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = fields)]
pub struct FieldRow {
    /// Code (`dat-dai`).
    pub code: String,
    /// Vietnamese name.
    pub name: String,
    /// Folded name, for search.
    pub name_folded: String,
    /// Optimistic-concurrency version.
    pub version: i64,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Last changed (UTC).
    pub updated_at: NaiveDateTime,
}

/// Every field, by code.
pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<FieldRow>> {
    fields::table
        .order(fields::code.asc())
        .select(FieldRow::as_select())
        .load(conn)
}

/// One field.
pub fn find(conn: &mut DbConnection, code: &str) -> QueryResult<Option<FieldRow>> {
    fields::table
        .find(code)
        .select(FieldRow::as_select())
        .get_result(conn)
        .optional()
}

/// Stores a new field.
pub fn insert(conn: &mut DbConnection, row: &FieldRow) -> QueryResult<()> {
    diesel::insert_into(fields::table)
        .values(row)
        .execute(conn)?;
    super::procedures::bump_generation(conn)
}

/// Creates the field if its code is new; returns whether it did.
pub fn ensure(
    conn: &mut DbConnection,
    code: &str,
    name: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    if find(conn, code)?.is_some() {
        return Ok(false);
    }
    insert(
        conn,
        &FieldRow {
            code: code.to_owned(),
            name: name.to_owned(),
            name_folded: crate::domain::text::fold(name),
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )?;
    Ok(true)
}

/// Renames a field if the stored version is still `expected`; returns whether it was.
pub fn rename(
    conn: &mut DbConnection,
    code: &str,
    expected: i64,
    name: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let renamed = diesel::update(fields::table)
        .filter(fields::code.eq(code))
        .filter(fields::version.eq(expected))
        .set((
            fields::name.eq(name),
            fields::name_folded.eq(crate::domain::text::fold(name)),
            fields::version.eq(fields::version + 1),
            fields::updated_at.eq(now),
        ))
        .execute(conn)?;
    if renamed == 1 {
        super::procedures::bump_generation(conn)?;
    }
    Ok(renamed == 1)
}
