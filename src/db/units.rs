//! Administrative units, effective-dated, with the links reorganisations leave behind.
//! Nothing is deleted: a unit that ends gets a `valid_to`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{reorganizations, unit_links, units};

/// A stored unit (one period of one code).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = units)]
pub struct UnitRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub full_name: String,
    pub name_folded: String,
    pub level: String,
    pub kind: String,
    pub parent_code: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A reorganisation event.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = reorganizations)]
pub struct ReorganizationRow {
    pub id: String,
    pub kind: String,
    pub effective_on: NaiveDate,
    pub title: String,
    pub created_at: NaiveDateTime,
}

/// A succession link.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq, Hash)]
#[diesel(table_name = unit_links)]
pub struct LinkRow {
    pub predecessor_id: String,
    pub successor_id: String,
    pub succession: String,
    pub reorganization_id: String,
}

/// Inserts units in chunks of multi-row INSERTs.
pub fn insert_many(conn: &mut DbConnection, rows: &[UnitRow]) -> QueryResult<()> {
    for chunk in rows.chunks(500) {
        insert_rows!(conn, units::table, chunk)?;
    }
    Ok(())
}

/// Inserts links in chunks (see [`insert_many`]).
pub fn insert_links(conn: &mut DbConnection, rows: &[LinkRow]) -> QueryResult<()> {
    for chunk in rows.chunks(500) {
        insert_rows!(conn, unit_links::table, chunk)?;
    }
    Ok(())
}

/// Stores one unit.
pub fn insert(conn: &mut DbConnection, row: &UnitRow) -> QueryResult<()> {
    diesel::insert_into(units::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Stores a reorganisation.
pub fn insert_reorganization(conn: &mut DbConnection, row: &ReorganizationRow) -> QueryResult<()> {
    diesel::insert_into(reorganizations::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// The reorganisation with this title on this date, if recorded.
pub fn find_reorganization(
    conn: &mut DbConnection,
    title: &str,
    on: NaiveDate,
) -> QueryResult<Option<ReorganizationRow>> {
    reorganizations::table
        .filter(reorganizations::title.eq(title))
        .filter(reorganizations::effective_on.eq(on))
        .select(ReorganizationRow::as_select())
        .get_result(conn)
        .optional()
}

/// Every unit row (for imports that compare against what is stored).
pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<UnitRow>> {
    units::table.select(UnitRow::as_select()).load(conn)
}

/// Every link (for imports).
pub fn all_links(conn: &mut DbConnection) -> QueryResult<Vec<LinkRow>> {
    unit_links::table.select(LinkRow::as_select()).load(conn)
}

/// The unit with this code valid on `on`.
pub fn find_valid_on(
    conn: &mut DbConnection,
    code: &str,
    on: NaiveDate,
) -> QueryResult<Option<UnitRow>> {
    units::table
        .filter(units::code.eq(code))
        .filter(units::valid_from.is_null().or(units::valid_from.le(on)))
        .filter(units::valid_to.is_null().or(units::valid_to.ge(on)))
        .select(UnitRow::as_select())
        .get_result(conn)
        .optional()
}

/// The id of the unit with this code valid on `on`.
pub fn find_id_valid_on(
    conn: &mut DbConnection,
    code: &str,
    on: NaiveDate,
) -> QueryResult<Option<String>> {
    Ok(find_valid_on(conn, code, on)?.map(|u| u.id))
}

/// A unit by id.
pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<UnitRow>> {
    units::table
        .find(id)
        .select(UnitRow::as_select())
        .get_result(conn)
        .optional()
}

/// Every period of a code, oldest first.
pub fn by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Vec<UnitRow>> {
    let mut rows: Vec<UnitRow> = units::table
        .filter(units::code.eq(code))
        .select(UnitRow::as_select())
        .load(conn)?;
    // Sorted here: the backends disagree on where NULL (an unknown start) goes.
    rows.sort_by_key(|u| (u.valid_from, u.valid_to.is_none()));
    Ok(rows)
}

/// Filters for the unit tree.
#[derive(Debug, Clone, Default)]
pub struct UnitFilter {
    /// The date the tree is taken at.
    pub as_of: Option<NaiveDate>,
    /// Only this level.
    pub level: Option<String>,
    /// Only children of this code.
    pub parent: Option<String>,
    /// Folded words the full name must contain.
    pub words: Vec<String>,
}

/// Units valid on the filter's date (today by default), by code, after `after`.
pub fn list(
    conn: &mut DbConnection,
    filter: &UnitFilter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<(Vec<UnitRow>, i64)> {
    let on = filter.as_of.unwrap_or_else(crate::domain::today);
    macro_rules! filtered {
        ($query:expr) => {{
            let mut q = $query
                .filter(units::valid_from.is_null().or(units::valid_from.le(on)))
                .filter(units::valid_to.is_null().or(units::valid_to.ge(on)))
                .into_boxed();
            if let Some(level) = &filter.level {
                q = q.filter(units::level.eq(level.clone()));
            }
            if let Some(parent) = &filter.parent {
                q = q.filter(units::parent_code.eq(parent.clone()));
            }
            // Folded words are letters and digits only: no LIKE wildcard can slip in.
            for word in &filter.words {
                q = q.filter(units::name_folded.like(format!("%{word}%")));
            }
            q
        }};
    }
    let total = filtered!(units::table.count()).get_result(conn)?;
    let mut page = filtered!(units::table.select(UnitRow::as_select()))
        .order(units::code.asc())
        .limit(limit);
    if let Some(after) = after {
        page = page.filter(units::code.gt(after.to_owned()));
    }
    Ok((page.load(conn)?, total))
}

/// Ends a unit on `valid_to`.
pub fn end(
    conn: &mut DbConnection,
    id: &str,
    valid_to: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let n = diesel::update(units::table)
        .filter(units::id.eq(id))
        .set((
            units::valid_to.eq(valid_to),
            units::version.eq(units::version + 1),
            units::updated_at.eq(now),
        ))
        .execute(conn)?;
    // The site's pages show units with the catalog: they change with it.
    super::procedures::bump_generation(conn)?;
    Ok(n)
}

/// A unit's neighbours in history: `(link, other unit, reorganisation)`.
pub type Neighbour = (LinkRow, UnitRow, ReorganizationRow);

/// Which way to follow succession links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// To the units a unit came from.
    Predecessors,
    /// To the units a unit went into.
    Successors,
}

/// A unit's neighbours in one direction, by code.
pub fn neighbours(
    conn: &mut DbConnection,
    id: &str,
    direction: Direction,
) -> QueryResult<Vec<Neighbour>> {
    let columns = (
        LinkRow::as_select(),
        UnitRow::as_select(),
        ReorganizationRow::as_select(),
    );
    let links = unit_links::table.inner_join(reorganizations::table);
    match direction {
        Direction::Predecessors => links
            .inner_join(units::table.on(units::id.eq(unit_links::predecessor_id)))
            .filter(unit_links::successor_id.eq(id))
            .order(units::code.asc())
            .select(columns)
            .load(conn),
        Direction::Successors => links
            .inner_join(units::table.on(units::id.eq(unit_links::successor_id)))
            .filter(unit_links::predecessor_id.eq(id))
            .order(units::code.asc())
            .select(columns)
            .load(conn),
    }
}

/// Changes a unit's names in place (a correction, not a rename: renames are reorganisations).
pub fn correct_names(
    conn: &mut DbConnection,
    id: &str,
    expected: i64,
    name: &str,
    full_name: &str,
    kind: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(units::table)
        .filter(units::id.eq(id))
        .filter(units::version.eq(expected))
        .set((
            units::name.eq(name),
            units::full_name.eq(full_name),
            units::name_folded.eq(crate::domain::text::fold(full_name)),
            units::kind.eq(kind),
            units::version.eq(units::version + 1),
            units::updated_at.eq(now),
        ))
        .execute(conn)?;
    if n == 1 {
        super::procedures::bump_generation(conn)?;
    }
    Ok(n == 1)
}

/// Rewrites a period an import wrote and nobody has changed since (version 1) to what the
/// import now reads: its names, kind and last day. Returns whether it was still version 1.
pub fn correct_imported(
    conn: &mut DbConnection,
    id: &str,
    wanted: &UnitRow,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(units::table)
        .filter(units::id.eq(id))
        .filter(units::version.eq(1))
        .set((
            units::name.eq(&wanted.name),
            units::full_name.eq(&wanted.full_name),
            units::name_folded.eq(&wanted.name_folded),
            units::kind.eq(&wanted.kind),
            units::valid_to.eq(wanted.valid_to),
            units::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// The ids of every period of a unit and of every unit under it, at any time.
pub fn subtree_ids(conn: &mut DbConnection, code: &str) -> QueryResult<Vec<String>> {
    let mut ids = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut frontier = vec![code.to_owned()];
    seen.insert(code.to_owned());
    let first: Vec<String> = units::table
        .filter(units::code.eq(code))
        .select(units::id)
        .load(conn)?;
    ids.extend(first);
    while !frontier.is_empty() {
        let children: Vec<(String, String)> = units::table
            .filter(units::parent_code.eq_any(&frontier))
            .select((units::id, units::code))
            .load(conn)?;
        frontier = Vec::new();
        for (child_id, child_code) in children {
            ids.push(child_id);
            if seen.insert(child_code.clone()) {
                frontier.push(child_code);
            }
        }
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// Units by id.
pub fn by_ids(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<UnitRow>> {
    units::table
        .filter(units::id.eq_any(ids))
        .select(UnitRow::as_select())
        .load(conn)
}

/// The units valid on `on` whose parent is one of `parents`, by code.
pub fn children_valid_on(
    conn: &mut DbConnection,
    parents: &[String],
    on: NaiveDate,
) -> QueryResult<Vec<UnitRow>> {
    let mut rows = super::chunked(parents, |chunk| {
        units::table
            .filter(units::parent_code.eq_any(chunk))
            .filter(units::valid_from.is_null().or(units::valid_from.le(on)))
            .filter(units::valid_to.is_null().or(units::valid_to.ge(on)))
            .select(UnitRow::as_select())
            .load(conn)
    })?;
    rows.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(rows)
}

/// A page of reorganisations, the latest first (by date, then when recorded), and how many
/// there are in all.
pub fn reorganizations_page(
    conn: &mut DbConnection,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<ReorganizationRow>, i64)> {
    let rows = reorganizations::table
        .order((
            reorganizations::effective_on.desc(),
            reorganizations::created_at.desc(),
            reorganizations::id.asc(),
        ))
        .offset(offset)
        .limit(limit)
        .select(ReorganizationRow::as_select())
        .load(conn)?;
    let total = reorganizations::table.count().get_result(conn)?;
    Ok((rows, total))
}

/// How many distinct units ended and began in a reorganisation.
pub fn reorganization_sides(
    conn: &mut DbConnection,
    reorganization_id: &str,
) -> QueryResult<(i64, i64)> {
    let ended = unit_links::table
        .filter(unit_links::reorganization_id.eq(reorganization_id))
        .select(diesel::dsl::count(unit_links::predecessor_id).aggregate_distinct())
        .get_result(conn)?;
    let began = unit_links::table
        .filter(unit_links::reorganization_id.eq(reorganization_id))
        .select(diesel::dsl::count(unit_links::successor_id).aggregate_distinct())
        .get_result(conn)?;
    Ok((ended, began))
}

/// The first `limit` links of a reorganisation, by successor then predecessor id.
pub fn links_of_reorganization(
    conn: &mut DbConnection,
    reorganization_id: &str,
    limit: i64,
) -> QueryResult<Vec<LinkRow>> {
    unit_links::table
        .filter(unit_links::reorganization_id.eq(reorganization_id))
        .order((
            unit_links::successor_id.asc(),
            unit_links::predecessor_id.asc(),
        ))
        .limit(limit)
        .select(LinkRow::as_select())
        .load(conn)
}
