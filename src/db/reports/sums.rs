//! What a report reads: the tallies of its buckets summed per unit, office or field, and the
//! applications that can count in a period.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::DbConnection;
use crate::db::schema::{applications as apps, ratings, report_tallies as rt};
use crate::domain::report::{Piece, Tally};

use super::{FactsRow, Rating};

/// Which tallies a report reads: units of receipt (none: every unit) and an office.
#[derive(Debug, Clone, Default)]
pub struct TallyFilter {
    /// Only these units of receipt.
    pub unit_ids: Option<Vec<String>>,
    /// Only this receiving office.
    pub office_id: Option<String>,
}

/// The summed columns of the tallies, in [`Tally::from_columns`] order.
const SUMS: &str = "CAST(SUM(new_online) AS BIGINT), CAST(SUM(new_in_person) AS BIGINT), \
     CAST(SUM(resolved_early) AS BIGINT), CAST(SUM(resolved_on_time) AS BIGINT), \
     CAST(SUM(resolved_late) AS BIGINT), CAST(SUM(withdrawn) AS BIGINT), \
     CAST(SUM(stopped) AS BIGINT), CAST(SUM(refused) AS BIGINT), \
     CAST(SUM(open) AS BIGINT), CAST(SUM(overdue) AS BIGINT), \
     CAST(SUM(resolution_minutes) AS BIGINT), CAST(SUM(rated) AS BIGINT), \
     CAST(SUM(satisfied) AS BIGINT), CAST(SUM(resolved_no_deadline) AS BIGINT), \
     CAST(SUM(open_no_deadline) AS BIGINT), CAST(SUM(withdrawn_before_reception) AS BIGINT), \
     CAST(SUM(stopped_before_reception) AS BIGINT)";

/// What report lines the tallies are summed into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TallyColumn {
    /// Per unit of receipt (id).
    Unit,
    /// Per receiving office (id).
    Office,
    /// Per field (code).
    Field,
}

/// The tallies of the buckets in `pieces`, summed per unit, office or field.
pub fn sums(
    conn: &mut DbConnection,
    filter: &TallyFilter,
    pieces: &[Piece],
    by: TallyColumn,
) -> QueryResult<BTreeMap<String, Tally>> {
    type Sums = (
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
    );
    type SumTypes = (
        BigInt,
        BigInt,
        BigInt,
        BigInt,
        BigInt,
        BigInt,
        BigInt,
        BigInt,
        BigInt,
        BigInt,
        BigInt,
        BigInt,
        BigInt,
        BigInt,
        BigInt,
        BigInt,
        BigInt,
    );
    // GROUP BY cannot be boxed: one statement per grouping column and filters.
    macro_rules! grouped {
        ($query:expr, $column:expr) => {
            $query
                .group_by($column)
                .select(($column, sql::<SumTypes>(SUMS)))
                .load::<(String, Sums)>(conn)?
        };
    }
    macro_rules! filtered {
        ($base:expr, $column:expr) => {
            match (&filter.unit_ids, &filter.office_id) {
                (None, None) => grouped!($base, $column),
                (Some(ids), None) => grouped!($base.filter(rt::unit_id.eq_any(ids)), $column),
                (None, Some(office)) => grouped!($base.filter(rt::office_id.eq(office)), $column),
                (Some(ids), Some(office)) => grouped!(
                    $base
                        .filter(rt::unit_id.eq_any(ids))
                        .filter(rt::office_id.eq(office)),
                    $column
                ),
            }
        };
    }
    let mut out: BTreeMap<String, Tally> = BTreeMap::new();
    for piece in pieces {
        let base = rt::table
            .filter(rt::span.eq(piece.span.as_str()))
            .filter(rt::starts_on.between(piece.first, piece.last));
        let rows = match by {
            TallyColumn::Unit => filtered!(base, rt::unit_id),
            TallyColumn::Office => filtered!(base, rt::office_id),
            TallyColumn::Field => filtered!(base, rt::field_code),
        };
        for (key, s) in rows {
            let t = Tally::from_columns([
                s.0, s.1, s.2, s.3, s.4, s.5, s.6, s.7, s.8, s.9, s.10, s.11, s.12, s.13, s.14,
                s.15, s.16,
            ]);
            let entry = out.entry(key).or_default();
            *entry = entry.plus(&t);
        }
    }
    Ok(out)
}

/// An application as the procedure-level report reads it: its procedure, facts and rating
/// (when, overall).
pub type PeriodRow = (String, FactsRow, Rating);

/// The applications that can count in a period whose days run over the UTC instants
/// `[start, end)`: filed before its end and not closed before its start, or rated in it.
pub fn period_rows(
    conn: &mut DbConnection,
    filter: &TallyFilter,
    start: NaiveDateTime,
    end: NaiveDateTime,
) -> QueryResult<Vec<PeriodRow>> {
    let relevant = apps::submitted_at.lt(end).and(
        apps::resolved_at
            .is_null()
            .and(apps::finished_at.is_null())
            .or(apps::resolved_at.ge(start))
            .or(apps::finished_at.ge(start))
            .or(ratings::created_at.ge(start)),
    );
    let mut query = apps::table
        .left_join(ratings::table)
        .filter(relevant)
        .select((
            apps::procedure_code,
            FactsRow::as_select(),
            (ratings::created_at, ratings::overall).nullable(),
        ))
        .into_boxed();
    if let Some(ids) = &filter.unit_ids {
        query = query.filter(apps::unit_id.eq_any(ids));
    }
    if let Some(office) = &filter.office_id {
        query = query.filter(apps::receiving_office_id.eq(office));
    }
    query.load(conn)
}
