//! How much each procedure is used: the offices that receive it and the applications
//! received for it lately. Search prefers what citizens actually file.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{applications, office_procedures, procedure_versions as pv};

/// How many offices receive each procedure on `on`, by code (procedures no office receives
/// are absent).
pub fn offices_receiving(
    conn: &mut DbConnection,
    on: NaiveDate,
) -> QueryResult<Vec<(String, i64)>> {
    office_procedures::table
        .filter(office_procedures::available_from.le(on))
        .filter(
            office_procedures::available_to
                .is_null()
                .or(office_procedures::available_to.ge(on)),
        )
        .group_by(office_procedures::procedure_code)
        .select((office_procedures::procedure_code, diesel::dsl::count_star()))
        .load(conn)
}

/// How many applications were submitted for each procedure since `since`, by code.
pub fn applications_since(
    conn: &mut DbConnection,
    since: NaiveDateTime,
) -> QueryResult<Vec<(String, i64)>> {
    applications::table
        .filter(applications::submitted_at.ge(since))
        .group_by(applications::procedure_code)
        .select((applications::procedure_code, diesel::dsl::count_star()))
        .load(conn)
}

/// The details (JSON) of the versions in force on `on`, by code, for what they say of their
/// subjects.
pub fn details_in_force(
    conn: &mut DbConnection,
    on: NaiveDate,
) -> QueryResult<Vec<(String, String)>> {
    pv::table
        .filter(pv::effective_from.le(on))
        .filter(pv::effective_to.is_null().or(pv::effective_to.ge(on)))
        .select((pv::procedure_code, pv::details))
        .load(conn)
}
