//! What the public site reads that no other face does: the procedures most often received.

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::applications as apps;

/// The procedures of the applications received since `since` (UTC), most received first
/// (then by code), at most `limit`: (procedure code, how many).
pub fn most_received(
    conn: &mut DbConnection,
    since: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<(String, i64)>> {
    apps::table
        .filter(apps::submitted_at.ge(since))
        .filter(apps::received_at.ge(since))
        .group_by(apps::procedure_code)
        .select((apps::procedure_code, count_star()))
        .order((count_star().desc(), apps::procedure_code.asc()))
        .limit(limit)
        .load(conn)
}

/// One office that receives a procedure on a day, with its unit's name and the level at
/// which it takes the procedure online.
#[derive(Debug, Clone, PartialEq, Queryable)]
pub struct ReceivingRow {
    pub office_code: String,
    pub office_name: String,
    pub unit_name: String,
    pub online_level: Option<String>,
    pub legacy_level: Option<i32>,
}

/// The open offices that receive the public and `procedure_code` on `on`, by name.
pub fn receiving(
    conn: &mut DbConnection,
    procedure_code: &str,
    on: chrono::NaiveDate,
) -> QueryResult<Vec<ReceivingRow>> {
    use crate::db::schema::{office_procedures as op, offices, units};
    op::table
        .inner_join(offices::table)
        .inner_join(units::table.on(units::id.eq(offices::unit_id)))
        .filter(op::procedure_code.eq(procedure_code))
        .filter(op::available_from.le(on))
        .filter(op::available_to.is_null().or(op::available_to.ge(on)))
        .filter(offices::kind.ne("processing_agency"))
        .filter(offices::opened_on.le(on))
        .filter(offices::closed_on.is_null().or(offices::closed_on.gt(on)))
        .select((
            offices::code,
            offices::name,
            units::full_name,
            op::online_level,
            op::legacy_level,
        ))
        .order(offices::name.asc())
        .load(conn)
}

/// The open offices that receive the public, (agency code, name), by name.
pub fn public_offices(
    conn: &mut DbConnection,
    on: chrono::NaiveDate,
) -> QueryResult<Vec<(String, String, String)>> {
    use crate::db::schema::offices;
    offices::table
        .filter(offices::kind.ne("processing_agency"))
        .filter(offices::opened_on.le(on))
        .filter(offices::closed_on.is_null().or(offices::closed_on.gt(on)))
        .select((offices::id, offices::code, offices::name))
        .order(offices::name.asc())
        .load(conn)
}

/// The units at the top of the tree on `on` (no parent), by code.
pub fn top_units(
    conn: &mut DbConnection,
    on: chrono::NaiveDate,
) -> QueryResult<Vec<(String, String)>> {
    use crate::db::schema::units;
    units::table
        .filter(units::parent_code.is_null())
        .filter(units::valid_from.is_null().or(units::valid_from.le(on)))
        .filter(units::valid_to.is_null().or(units::valid_to.ge(on)))
        .select((units::code, units::full_name))
        .order(units::code.asc())
        .load(conn)
}
