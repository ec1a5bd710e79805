//! The baseline: the results report by field in one hand-written SQL aggregation over the
//! raw applications, to measure the tallies against and cross-check their counting.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::DbConnection;
use crate::domain::application::Status;

/// One field's columns from [`raw_by_field`] (no resolution time: that needs the calendar).
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct RawFieldRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub field_code: String,
    #[diesel(sql_type = BigInt)]
    pub new_online: i64,
    #[diesel(sql_type = BigInt)]
    pub new_in_person: i64,
    #[diesel(sql_type = BigInt)]
    pub carried_over: i64,
    #[diesel(sql_type = BigInt)]
    pub resolved_early: i64,
    #[diesel(sql_type = BigInt)]
    pub resolved_on_time: i64,
    #[diesel(sql_type = BigInt)]
    pub resolved_late: i64,
    #[diesel(sql_type = BigInt)]
    pub in_progress: i64,
    #[diesel(sql_type = BigInt)]
    pub in_progress_overdue: i64,
    #[diesel(sql_type = BigInt)]
    pub withdrawn: i64,
    #[diesel(sql_type = BigInt)]
    pub stopped: i64,
    #[diesel(sql_type = BigInt)]
    pub refused: i64,
    #[diesel(sql_type = BigInt)]
    pub rated: i64,
    #[diesel(sql_type = BigInt)]
    pub satisfied: i64,
    #[diesel(sql_type = BigInt)]
    pub resolved_no_deadline: i64,
    #[diesel(sql_type = BigInt)]
    pub in_progress_no_deadline: i64,
    #[diesel(sql_type = BigInt)]
    pub withdrawn_before_reception: i64,
    #[diesel(sql_type = BigInt)]
    pub stopped_before_reception: i64,
}

/// The results report by field in one hand-written SQL aggregation over the raw application
/// rows, for the days `from..=to` (Vietnam dates): the baseline the tallies are measured
/// against, and a cross-check of their counting. `unit_ids` are ids read from the database.
pub fn raw_by_field(
    conn: &mut DbConnection,
    unit_ids: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<RawFieldRow>> {
    if unit_ids.is_empty() {
        return Ok(Vec::new());
    }
    let postgres = matches!(conn, DbConnection::Pg(_));
    let instant = |day: NaiveDate| {
        let utc = day.and_hms_opt(0, 0, 0).unwrap_or_default() - chrono::Duration::hours(7);
        let text = utc.format("%Y-%m-%d %H:%M:%S");
        if postgres {
            format!("TIMESTAMP '{text}'")
        } else {
            format!("'{text}'")
        }
    };
    let day = |column: &str| {
        if postgres {
            format!("CAST({column} + INTERVAL '7 hours' AS DATE)")
        } else {
            format!("date({column}, '+7 hours')")
        }
    };
    let s = instant(from);
    let e = instant(to.succ_opt().unwrap_or(to));
    let to_day = if postgres {
        format!("DATE '{to}'")
    } else {
        format!("'{to}'")
    };
    let (resolved, due) = (day("a.resolved_at"), day("a.due_at"));
    let closed = format!(
        "COALESCE(a.resolved_at, CASE WHEN a.status IN ({}, {}) THEN a.finished_at END)",
        Status::Withdrawn.code(),
        Status::Stopped.code()
    );
    let ids = unit_ids
        .iter()
        .map(|id| format!("'{}'", id.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(", ");
    let in_period = |column: &str| format!("{column} >= {s} AND {column} < {e}");
    let count =
        |condition: String| format!("CAST(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS BIGINT)");
    let resolved_in = in_period("a.resolved_at");
    // Applications without any processing time are counted apart, never as on time.
    let timed = "a.limit_amount IS NOT NULL";
    let open_at = |instant: &str| {
        format!("a.received_at < {instant} AND ({closed} IS NULL OR {closed} >= {instant})")
    };
    let query = format!(
        "SELECT a.field_code AS field_code, \
         {} AS new_online, {} AS new_in_person, {} AS carried_over, \
         {} AS resolved_early, {} AS resolved_on_time, {} AS resolved_late, \
         {} AS in_progress, {} AS in_progress_overdue, \
         {} AS withdrawn, {} AS stopped, {} AS refused, {} AS rated, {} AS satisfied, \
         {} AS resolved_no_deadline, {} AS in_progress_no_deadline, \
         {} AS withdrawn_before_reception, {} AS stopped_before_reception \
         FROM applications a LEFT JOIN ratings r ON r.application_id = a.id \
         WHERE a.unit_id IN ({ids}) AND a.submitted_at < {e} \
         GROUP BY a.field_code ORDER BY a.field_code",
        count(format!(
            "{} AND a.channel = 'online'",
            in_period("a.received_at")
        )),
        count(format!(
            "{} AND a.channel <> 'online'",
            in_period("a.received_at")
        )),
        count(open_at(&s)),
        count(format!(
            "{resolved_in} AND {timed} AND a.promised_at IS NULL AND {resolved} < {due}"
        )),
        count(format!(
            "{resolved_in} AND {timed} AND a.promised_at IS NULL AND (a.due_at IS NULL OR {resolved} = {due})"
        )),
        count(format!(
            "{resolved_in} AND {timed} AND (a.promised_at IS NOT NULL OR {resolved} > {due})"
        )),
        count(open_at(&e)),
        count(format!("{} AND {due} < {to_day}", open_at(&e))),
        count(format!(
            "a.status = {} AND a.received_at IS NOT NULL AND {}",
            Status::Withdrawn.code(),
            in_period("a.finished_at")
        )),
        count(format!(
            "a.status = {} AND a.received_at IS NOT NULL AND {}",
            Status::Stopped.code(),
            in_period("a.finished_at")
        )),
        count(format!(
            "a.status = {} AND {}",
            Status::Refused.code(),
            in_period("a.finished_at")
        )),
        count(in_period("r.created_at")),
        count(format!("r.overall >= 4 AND {}", in_period("r.created_at"))),
        count(format!("{resolved_in} AND a.limit_amount IS NULL")),
        count(format!("{} AND a.limit_amount IS NULL", open_at(&e))),
        count(format!(
            "a.status = {} AND a.received_at IS NULL AND {}",
            Status::Withdrawn.code(),
            in_period("a.finished_at")
        )),
        count(format!(
            "a.status = {} AND a.received_at IS NULL AND {}",
            Status::Stopped.code(),
            in_period("a.finished_at")
        )),
    );
    diesel::sql_query(query).load(conn)
}
