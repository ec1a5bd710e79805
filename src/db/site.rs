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
