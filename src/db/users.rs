//! Staff accounts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{offices, units, users};

/// A stored account.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    /// Opaque id (UUID text).
    pub id: String,
    /// Lowercase login name.
    pub username: String,
    /// Name shown to people.
    pub display_name: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// `admin`, `clerk`, `specialist` or `official`.
    pub role: String,
    /// Office of a clerk or specialist.
    pub office_id: Option<String>,
    /// Unit of an official.
    pub unit_id: Option<String>,
    /// Inactive accounts cannot sign in.
    pub active: bool,
    /// Optimistic-concurrency version.
    pub version: i64,
    /// When created (UTC).
    pub created_at: NaiveDateTime,
    /// When last changed (UTC).
    pub updated_at: NaiveDateTime,
    /// The password was given out (a one-time password): it must be changed at sign-in.
    pub password_change_required: bool,
}

/// An account with the codes of the office or unit it is bound to.
#[derive(Debug, Clone)]
pub struct UserView {
    /// The stored row.
    pub row: UserRow,
    /// The office's agency code.
    pub office_code: Option<String>,
    /// The unit's GSO code.
    pub unit_code: Option<String>,
}

/// A new account.
#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    /// Opaque id.
    pub id: &'a str,
    /// Lowercase login name.
    pub username: &'a str,
    /// Name shown to people.
    pub display_name: &'a str,
    /// Argon2id PHC string.
    pub password_hash: &'a str,
    /// Role name.
    pub role: &'a str,
    /// Office id, for clerks and specialists.
    pub office_id: Option<&'a str>,
    /// Unit id, for officials.
    pub unit_id: Option<&'a str>,
    /// Whether it may sign in.
    pub active: bool,
    /// Starts at 1.
    pub version: i64,
    /// Now.
    pub created_at: NaiveDateTime,
    /// Now.
    pub updated_at: NaiveDateTime,
}

/// Changes to an account; `None` leaves a column as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = users)]
pub struct UserChanges {
    /// New display name.
    pub display_name: Option<String>,
    /// New password hash.
    pub password_hash: Option<String>,
    /// New role.
    pub role: Option<String>,
    /// New office binding (`Some(None)` clears it).
    pub office_id: Option<Option<String>>,
    /// New unit binding (`Some(None)` clears it).
    pub unit_id: Option<Option<String>>,
    /// Enable or disable sign-in.
    pub active: Option<bool>,
}

macro_rules! user_view_query {
    () => {
        users::table
            .left_join(offices::table.on(users::office_id.eq(offices::id.nullable())))
            .left_join(units::table.on(users::unit_id.eq(units::id.nullable())))
            .select((
                UserRow::as_select(),
                offices::code.nullable(),
                units::code.nullable(),
            ))
    };
}

fn to_view((row, office_code, unit_code): (UserRow, Option<String>, Option<String>)) -> UserView {
    UserView {
        row,
        office_code,
        unit_code,
    }
}

/// How many accounts exist.
pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    users::table.count().get_result(conn)
}

/// Stores a new account.
pub fn insert(conn: &mut DbConnection, user: &NewUser<'_>) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(user)
        .execute(conn)
        .map(drop)
}

/// Finds an account by its (normalised) username.
pub fn find_by_username(conn: &mut DbConnection, username: &str) -> QueryResult<Option<UserView>> {
    user_view_query!()
        .filter(users::username.eq(username))
        .get_result(conn)
        .optional()
        .map(|found| found.map(to_view))
}

/// Finds an account by id.
pub fn find_by_id(conn: &mut DbConnection, id: &str) -> QueryResult<Option<UserView>> {
    user_view_query!()
        .filter(users::id.eq(id))
        .get_result(conn)
        .optional()
        .map(|found| found.map(to_view))
}

/// Filters for listing accounts.
#[derive(Debug, Default)]
pub struct UserFilter {
    /// Only this role.
    pub role: Option<String>,
    /// Only active (true) or inactive (false) accounts.
    pub active: Option<bool>,
    /// Only accounts of this office (its id).
    pub office_id: Option<String>,
}

/// A page of accounts in username order, after the cursor; and the total matching the filter.
pub fn list(
    conn: &mut DbConnection,
    filter: &UserFilter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<(Vec<UserView>, i64)> {
    let mut page = user_view_query!()
        .order(users::username.asc())
        .limit(limit)
        .into_boxed();
    let mut total = users::table.count().into_boxed();
    if let Some(role) = &filter.role {
        page = page.filter(users::role.eq(role.clone()));
        total = total.filter(users::role.eq(role.clone()));
    }
    if let Some(active) = filter.active {
        page = page.filter(users::active.eq(active));
        total = total.filter(users::active.eq(active));
    }
    if let Some(office_id) = &filter.office_id {
        page = page.filter(users::office_id.eq(office_id.clone()));
        total = total.filter(users::office_id.eq(office_id.clone()));
    }
    if let Some(after) = after {
        page = page.filter(users::username.gt(after.to_owned()));
    }
    let items = page.load(conn)?.into_iter().map(to_view).collect();
    Ok((items, total.get_result(conn)?))
}

/// Applies changes if the stored version is still `expected`; returns whether it was.
pub fn update(
    conn: &mut DbConnection,
    id: &str,
    expected: i64,
    changes: &UserChanges,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let rows = diesel::update(users::table)
        .filter(users::id.eq(id))
        .filter(users::version.eq(expected))
        .set((
            changes,
            users::version.eq(users::version + 1),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(rows == 1)
}

/// Sets an account's password hash (its own change), moving its version on.
pub fn set_password_hash(
    conn: &mut DbConnection,
    id: &str,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(users::table)
        .filter(users::id.eq(id))
        .set((
            users::password_hash.eq(hash),
            users::version.eq(users::version + 1),
            users::updated_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// Marks whether an account's password must be changed at its next sign-in (set for the
/// one-time passwords of imported accounts; cleared when the password changes).
pub fn set_password_change_required(
    conn: &mut DbConnection,
    id: &str,
    required: bool,
) -> QueryResult<()> {
    diesel::update(users::table)
        .filter(users::id.eq(id))
        .set(users::password_change_required.eq(required))
        .execute(conn)
        .map(drop)
}

/// How many active administrators there are.
pub fn count_active_admins(conn: &mut DbConnection) -> QueryResult<i64> {
    users::table
        .filter(users::role.eq("admin"))
        .filter(users::active.eq(true))
        .count()
        .get_result(conn)
}

/// Takes a write lock on every active administrator's row (a no-op update): PostgreSQL holds
/// it until the transaction ends; SQLite's write transactions are exclusive anyway.
pub fn lock_active_admins(conn: &mut DbConnection) -> QueryResult<usize> {
    diesel::update(users::table)
        .filter(users::role.eq("admin"))
        .filter(users::active.eq(true))
        .set(users::version.eq(users::version))
        .execute(conn)
}
