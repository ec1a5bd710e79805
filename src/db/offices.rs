//! One-stop offices and processing agencies, their agency codes over time, and which
//! procedures each receives.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{office_codes, office_procedures, offices, units};

/// A stored office.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = offices)]
pub struct OfficeRow {
    /// Opaque id (UUID text).
    pub id: String,
    /// The current agency code.
    pub code: String,
    /// Name.
    pub name: String,
    /// The name without accents, lowercase, for search.
    pub name_folded: String,
    /// The unit it belongs to.
    pub unit_id: String,
    /// What it is (an `OfficeKind` token).
    pub kind: String,
    /// The day its modern desk opened.
    pub opened_on: Option<NaiveDate>,
    /// The day it closed.
    pub closed_on: Option<NaiveDate>,
    /// Optimistic-concurrency version.
    pub version: i64,
    /// When created (UTC).
    pub created_at: NaiveDateTime,
    /// When last changed (UTC).
    pub updated_at: NaiveDateTime,
    /// The address the public goes to.
    pub address: Option<String>,
    /// Opening hours as written for the public (`07:30-11:30, 13:00-17:00`).
    pub hours: Option<String>,
}

/// An agency code an office carried.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = office_codes)]
pub struct OfficeCodeRow {
    /// The agency code.
    pub code: String,
    /// The office that carried it.
    pub office_id: String,
    /// First day in force; `None` for the code an office was created with.
    pub valid_from: Option<NaiveDate>,
    /// Last day in force; `None` while current.
    pub valid_to: Option<NaiveDate>,
}

/// An office with its unit's code.
#[derive(Debug, Clone)]
pub struct OfficeView {
    /// The office.
    pub row: OfficeRow,
    /// Its unit's GSO code.
    pub unit_code: String,
    /// Its unit's name.
    pub unit_name: String,
}

/// A new office for fixtures and imports: the row, and its code from `code_from`.
pub struct NewOffice<'a> {
    /// Opaque id.
    pub id: &'a str,
    /// The first agency code.
    pub code: &'a str,
    /// Name.
    pub name: &'a str,
    /// The unit it belongs to.
    pub unit_id: &'a str,
    /// What it is (an `OfficeKind` token).
    pub kind: &'a str,
    /// The day its modern desk opened.
    pub opened_on: Option<NaiveDate>,
    /// The day it closed.
    pub closed_on: Option<NaiveDate>,
    /// Starts at 1.
    pub version: i64,
    /// Now.
    pub created_at: NaiveDateTime,
    /// Now.
    pub updated_at: NaiveDateTime,
}

/// Stores a new office and its first agency code.
pub fn insert(conn: &mut DbConnection, office: &NewOffice<'_>) -> QueryResult<()> {
    diesel::insert_into(offices::table)
        .values(&OfficeRow {
            id: office.id.to_owned(),
            code: office.code.to_owned(),
            name: office.name.to_owned(),
            name_folded: crate::domain::text::fold(office.name),
            unit_id: office.unit_id.to_owned(),
            kind: office.kind.to_owned(),
            opened_on: office.opened_on,
            closed_on: office.closed_on,
            version: office.version,
            created_at: office.created_at,
            updated_at: office.updated_at,
            address: None,
            hours: None,
        })
        .execute(conn)?;
    diesel::insert_into(office_codes::table)
        .values(&OfficeCodeRow {
            code: office.code.to_owned(),
            office_id: office.id.to_owned(),
            valid_from: None,
            valid_to: None,
        })
        .execute(conn)?;
    // The site's pages show the offices with the catalog: they change with it.
    super::procedures::bump_generation(conn)
}

/// The id of the office that carries or carried this agency code.
pub fn find_id_by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<String>> {
    office_codes::table
        .filter(office_codes::code.eq(code))
        .select(office_codes::office_id)
        .get_result(conn)
        .optional()
}

type ViewTuple = (OfficeRow, String, String);

fn view((row, unit_code, unit_name): ViewTuple) -> OfficeView {
    OfficeView {
        row,
        unit_code,
        unit_name,
    }
}

/// An office by any agency code it carried.
pub fn find_by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<OfficeView>> {
    let Some(id) = find_id_by_code(conn, code)? else {
        return Ok(None);
    };
    offices::table
        .inner_join(units::table)
        .filter(offices::id.eq(id))
        .select((OfficeRow::as_select(), units::code, units::full_name))
        .get_result(conn)
        .optional()
        .map(|v| v.map(view))
}

/// Filters for the office list.
#[derive(Debug, Clone, Default)]
pub struct OfficeFilter {
    /// Offices of this unit or of the units directly under it.
    pub unit: Option<String>,
    /// Only this kind.
    pub kind: Option<String>,
    /// Only offices open on this date.
    pub open_on: Option<NaiveDate>,
    /// Folded words the name must contain.
    pub words: Vec<String>,
}

/// Offices by current code, after `after`; and the total.
pub fn list(
    conn: &mut DbConnection,
    filter: &OfficeFilter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<(Vec<OfficeView>, i64)> {
    macro_rules! filtered {
        ($query:expr) => {{
            let mut q = $query.into_boxed();
            if let Some(unit) = &filter.unit {
                q = q.filter(
                    units::code
                        .eq(unit.clone())
                        .or(units::parent_code.eq(unit.clone())),
                );
            }
            if let Some(kind) = &filter.kind {
                q = q.filter(offices::kind.eq(kind.clone()));
            }
            if let Some(on) = filter.open_on {
                q = q
                    .filter(offices::opened_on.le(on))
                    .filter(offices::closed_on.is_null().or(offices::closed_on.gt(on)));
            }
            for word in &filter.words {
                q = q.filter(offices::name_folded.like(format!("%{word}%")));
            }
            q
        }};
    }
    let total = filtered!(offices::table.inner_join(units::table).count()).get_result(conn)?;
    let mut page = filtered!(offices::table.inner_join(units::table).select((
        OfficeRow::as_select(),
        units::code,
        units::full_name
    )))
    .order(offices::code.asc())
    .limit(limit);
    if let Some(after) = after {
        page = page.filter(offices::code.gt(after.to_owned()));
    }
    Ok((
        page.load::<ViewTuple>(conn)?
            .into_iter()
            .map(view)
            .collect(),
        total,
    ))
}

/// Changes to an office; `None` leaves a column as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = offices)]
pub struct OfficeChanges {
    /// New current agency code.
    pub code: Option<String>,
    /// New name.
    pub name: Option<String>,
    /// The new name, folded for search.
    pub name_folded: Option<String>,
    /// New unit.
    pub unit_id: Option<String>,
    /// New kind.
    pub kind: Option<String>,
    /// New opening day (`Some(None)` clears it).
    pub opened_on: Option<Option<NaiveDate>>,
    /// New closing day (`Some(None)` clears it).
    pub closed_on: Option<Option<NaiveDate>>,
}

/// Applies changes if the stored version is still `expected`; returns whether it was.
pub fn update(
    conn: &mut DbConnection,
    id: &str,
    expected: i64,
    changes: &OfficeChanges,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(offices::table)
        .filter(offices::id.eq(id))
        .filter(offices::version.eq(expected))
        .set((
            changes,
            offices::version.eq(offices::version + 1),
            offices::updated_at.eq(now),
        ))
        .execute(conn)?;
    if n == 1 {
        super::procedures::bump_generation(conn)?;
    }
    Ok(n == 1)
}

/// Sets an office's address and hours (imports; kept apart from [`OfficeChanges`] so the
/// versioned update stays as it is), bumping its version.
pub fn set_details(
    conn: &mut DbConnection,
    id: &str,
    address: Option<&str>,
    hours: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(offices::table)
        .filter(offices::id.eq(id))
        .set((
            offices::address.eq(address),
            offices::hours.eq(hours),
            offices::version.eq(offices::version + 1),
            offices::updated_at.eq(now),
        ))
        .execute(conn)?;
    super::procedures::bump_generation(conn)
}

/// Every agency code an office carried, oldest first.
pub fn codes_of(conn: &mut DbConnection, office_id: &str) -> QueryResult<Vec<OfficeCodeRow>> {
    let mut rows: Vec<OfficeCodeRow> = office_codes::table
        .filter(office_codes::office_id.eq(office_id))
        .select(OfficeCodeRow::as_select())
        .load(conn)?;
    rows.sort_by_key(|c| (c.valid_from.is_some(), c.valid_from));
    Ok(rows)
}

/// Records a new agency code from `from`, ending the current one the day before.
pub fn change_code(
    conn: &mut DbConnection,
    office_id: &str,
    new_code: &str,
    from: NaiveDate,
) -> QueryResult<()> {
    let day_before = from.pred_opt().unwrap_or(from);
    diesel::update(office_codes::table)
        .filter(office_codes::office_id.eq(office_id))
        .filter(office_codes::valid_to.is_null())
        .set(office_codes::valid_to.eq(day_before))
        .execute(conn)?;
    diesel::insert_into(office_codes::table)
        .values(&OfficeCodeRow {
            code: new_code.to_owned(),
            office_id: office_id.to_owned(),
            valid_from: Some(from),
            valid_to: None,
        })
        .execute(conn)
        .map(drop)
}

/// Which procedure an office receives.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = office_procedures)]
pub struct AvailabilityRow {
    /// The office.
    pub office_id: String,
    /// National procedure code.
    pub procedure_code: String,
    /// First day it is received there.
    pub available_from: NaiveDate,
    /// Last day, if it stops.
    pub available_to: Option<NaiveDate>,
    /// Online level token at this office.
    pub online_level: Option<String>,
    /// Legacy online level, 1–4.
    pub legacy_level: Option<i32>,
    /// Posted at the desk.
    pub posted: bool,
    /// When last set (UTC).
    pub updated_at: NaiveDateTime,
}

/// An office's availability rows, by procedure code; only those in force on `on` if given.
pub fn availability(
    conn: &mut DbConnection,
    office_id: &str,
    on: Option<NaiveDate>,
) -> QueryResult<Vec<AvailabilityRow>> {
    let mut query = office_procedures::table
        .filter(office_procedures::office_id.eq(office_id))
        .order(office_procedures::procedure_code.asc())
        .select(AvailabilityRow::as_select())
        .into_boxed();
    if let Some(on) = on {
        query = query.filter(available_on_day(on));
    }
    query.load(conn)
}

/// Codes of the procedures an office receives on `on`.
pub fn available_codes(
    conn: &mut DbConnection,
    office_id: &str,
    on: NaiveDate,
) -> QueryResult<Vec<String>> {
    Ok(availability(conn, office_id, Some(on))?
        .into_iter()
        .map(|a| a.procedure_code)
        .collect())
}

/// Sets one office × procedure row (insert or replace): MultiConnection has no upsert, so
/// this updates and inserts when nothing was there, inside the caller's transaction.
pub fn set_availability(conn: &mut DbConnection, row: &AvailabilityRow) -> QueryResult<()> {
    let updated = diesel::update(office_procedures::table)
        .filter(office_procedures::office_id.eq(&row.office_id))
        .filter(office_procedures::procedure_code.eq(&row.procedure_code))
        .set((
            office_procedures::available_from.eq(row.available_from),
            office_procedures::available_to.eq(row.available_to),
            office_procedures::online_level.eq(&row.online_level),
            office_procedures::legacy_level.eq(row.legacy_level),
            office_procedures::posted.eq(row.posted),
            office_procedures::updated_at.eq(row.updated_at),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(office_procedures::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Current codes, names and units of offices by id.
pub fn by_ids(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<OfficeView>> {
    offices::table
        .inner_join(units::table)
        .filter(offices::id.eq_any(ids))
        .select((OfficeRow::as_select(), units::code, units::full_name))
        .load::<ViewTuple>(conn)
        .map(|rows| rows.into_iter().map(view).collect())
}

/// An availability row is in force on `on`: from its first day, through its last if it has one.
#[diesel::dsl::auto_type]
fn available_on_day(on: NaiveDate) -> _ {
    office_procedures::available_from.le(on).and(
        office_procedures::available_to
            .is_null()
            .or(office_procedures::available_to.ge(on)),
    )
}

/// The availability row of one procedure at one office, if it is there on `on`.
pub fn available_on(
    conn: &mut DbConnection,
    office_id: &str,
    procedure_code: &str,
    on: NaiveDate,
) -> QueryResult<Option<AvailabilityRow>> {
    office_procedures::table
        .filter(office_procedures::office_id.eq(office_id))
        .filter(office_procedures::procedure_code.eq(procedure_code))
        .filter(available_on_day(on))
        .select(AvailabilityRow::as_select())
        .get_result(conn)
        .optional()
}

/// The offices of these units that receive the public and are open on `on` (opened on or
/// before it, not closed by it).
pub fn receiving_open_in(
    conn: &mut DbConnection,
    unit_ids: &[String],
    on: NaiveDate,
) -> QueryResult<Vec<OfficeRow>> {
    let mut rows = super::chunked(unit_ids, |chunk| {
        offices::table
            .filter(offices::unit_id.eq_any(chunk))
            .filter(offices::kind.ne("processing_agency"))
            .filter(offices::opened_on.le(on))
            .filter(offices::closed_on.is_null().or(offices::closed_on.gt(on)))
            .select(OfficeRow::as_select())
            .load(conn)
    })?;
    rows.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(rows)
}

/// The availability rows in force on `on` at these offices.
pub fn availability_of(
    conn: &mut DbConnection,
    office_ids: &[String],
    on: NaiveDate,
) -> QueryResult<Vec<AvailabilityRow>> {
    super::chunked(office_ids, |chunk| {
        office_procedures::table
            .filter(office_procedures::office_id.eq_any(chunk))
            .filter(available_on_day(on))
            .select(AvailabilityRow::as_select())
            .load(conn)
    })
}

/// Locks an office's row against changes until the transaction ends (PostgreSQL), so what a
/// writer checked of it (open, receiving this procedure) still holds when it commits. SQLite's
/// write transactions are serial already.
pub fn lock_shared(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
    if let DbConnection::Pg(c) = conn {
        diesel::sql_query("SELECT 1 FROM offices WHERE id = $1 FOR SHARE")
            .bind::<diesel::sql_types::Text, _>(id)
            .execute(c)?;
    }
    Ok(())
}
