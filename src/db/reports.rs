//! The results report's tallies (domain::report::Tally): added to in the transaction of every
//! change to an application, summed by report queries, rebuilt from the applications when
//! they cannot be trusted.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel::upsert::excluded;

use super::DbConnection;
use super::applications::{ApplicationRow, Projection};
use super::schema::{applications as apps, ratings, report_state, report_tallies as rt};
use crate::domain::application::Status;
use crate::domain::calendar::{Calendar, to_local};
use crate::domain::report::{End, Facts, Piece, Span, Tally, tally_changes};

/// Where an application is counted: its unit of receipt, receiving office and field.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TallyKey {
    /// The receiving office's unit on the day of receipt.
    pub unit_id: String,
    /// The receiving office.
    pub office_id: String,
    /// The procedure's field.
    pub field_code: String,
}

/// What the tallies read of an application.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = apps)]
pub struct FactsRow {
    pub unit_id: String,
    pub receiving_office_id: String,
    pub field_code: String,
    pub channel: String,
    pub status: i32,
    pub received_at: Option<NaiveDateTime>,
    pub due_at: Option<NaiveDateTime>,
    pub promised_at: Option<NaiveDateTime>,
    pub resolved_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
}

/// A UTC instant's date in Vietnam.
pub fn vn_day(t: NaiveDateTime) -> NaiveDate {
    to_local(DateTime::<Utc>::from_naive_utc_and_offset(t, Utc)).date()
}

impl FactsRow {
    /// The facts of a stored application.
    pub fn of(row: &ApplicationRow) -> Self {
        Self {
            unit_id: row.unit_id.clone(),
            receiving_office_id: row.receiving_office_id.clone(),
            field_code: row.field_code.clone(),
            channel: row.channel.clone(),
            status: row.status,
            received_at: row.received_at,
            due_at: row.due_at,
            promised_at: row.promised_at,
            resolved_at: row.resolved_at,
            finished_at: row.finished_at,
        }
    }

    /// The facts once `projection` is written over them.
    pub fn with(&self, projection: &Projection) -> Self {
        Self {
            status: projection.status,
            received_at: projection.received_at,
            due_at: projection.due_at,
            promised_at: projection.promised_at,
            resolved_at: projection.resolved_at,
            finished_at: projection.finished_at,
            ..self.clone()
        }
    }

    /// The facts with another due instant (after a calendar change).
    pub fn with_due(&self, due_at: Option<NaiveDateTime>) -> Self {
        Self {
            due_at,
            ..self.clone()
        }
    }

    /// Where it is counted.
    pub fn key(&self) -> TallyKey {
        TallyKey {
            unit_id: self.unit_id.clone(),
            office_id: self.receiving_office_id.clone(),
            field_code: self.field_code.clone(),
        }
    }

    /// The report's facts, in Vietnam dates. The resolution time is the calendar's office
    /// time from reception to resolution; a resolution is never undone, so the calendar of
    /// the moment gives the same minutes to the change that adds it and to every later change
    /// that restates it.
    pub fn facts(&self, calendar: &Calendar) -> Facts {
        let local = |t: NaiveDateTime| to_local(DateTime::<Utc>::from_naive_utc_and_offset(t, Utc));
        let end = Status::from_code(self.status).and_then(End::of);
        Facts {
            online: self.channel == "online",
            received_on: self.received_at.map(vn_day),
            resolved_on: self.resolved_at.map(vn_day),
            ended: end.zip(self.finished_at.map(vn_day)),
            due_on: self.due_at.map(vn_day),
            apologized: self.promised_at.is_some(),
            resolution_minutes: match (self.received_at, self.resolved_at) {
                (Some(from), Some(to)) => calendar.working_minutes_between(local(from), local(to)),
                _ => 0,
            },
            rating: None,
        }
    }
}

/// One bucket's row.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = rt, treat_none_as_default_value = false)]
struct TallyRow {
    span: &'static str,
    unit_id: String,
    starts_on: NaiveDate,
    office_id: String,
    field_code: String,
    new_online: i64,
    new_in_person: i64,
    resolved_early: i64,
    resolved_on_time: i64,
    resolved_late: i64,
    withdrawn: i64,
    stopped: i64,
    refused: i64,
    open: i64,
    overdue: i64,
    resolution_minutes: i64,
    rated: i64,
    satisfied: i64,
}

/// Changes to add, by key and day.
#[derive(Debug, Default)]
pub struct Changes(BTreeMap<(TallyKey, NaiveDate), Tally>);

impl Changes {
    /// Adds one change.
    pub fn push(&mut self, key: &TallyKey, day: NaiveDate, tally: &Tally) {
        let entry = self.0.entry((key.clone(), day)).or_default();
        *entry = entry.plus(tally);
    }

    /// Adds what changes when an application's facts go from `before` to `after`.
    pub fn application(
        &mut self,
        calendar: &Calendar,
        before: Option<&FactsRow>,
        after: &FactsRow,
    ) {
        // Where an application is counted (unit of receipt, receiving office, field) is fixed
        // when it is filed; only its facts change.
        debug_assert!(before.is_none_or(|b| b.key() == after.key()));
        let old = before.map(|b| b.facts(calendar));
        let new = after.facts(calendar);
        for (day, t) in tally_changes(old.as_ref(), Some(&new)) {
            self.push(&after.key(), day, &t);
        }
    }

    /// Adds an application's rating.
    pub fn rating(&mut self, key: &TallyKey, day: NaiveDate, overall: i32) {
        let t = Tally {
            rated: 1,
            satisfied: i64::from(overall >= 4),
            ..Tally::default()
        };
        self.push(key, day, &t);
    }

    /// Writes the changes into the day, month and year buckets.
    pub fn write(self, conn: &mut DbConnection) -> QueryResult<()> {
        let mut buckets: BTreeMap<(Span, TallyKey, NaiveDate), Tally> = BTreeMap::new();
        for ((key, day), t) in self.0 {
            for span in Span::ALL {
                let entry = buckets
                    .entry((span, key.clone(), span.start(day)))
                    .or_default();
                *entry = entry.plus(&t);
            }
        }
        let rows: Vec<TallyRow> = buckets
            .into_iter()
            .filter(|(_, t)| !t.is_zero())
            .map(|((span, key, starts_on), t)| TallyRow {
                span: span.as_str(),
                unit_id: key.unit_id,
                starts_on,
                office_id: key.office_id,
                field_code: key.field_code,
                new_online: t.new_online,
                new_in_person: t.new_in_person,
                resolved_early: t.resolved_early,
                resolved_on_time: t.resolved_on_time,
                resolved_late: t.resolved_late,
                withdrawn: t.withdrawn,
                stopped: t.stopped,
                refused: t.refused,
                open: t.open,
                overdue: t.overdue,
                resolution_minutes: t.resolution_minutes,
                rated: t.rated,
                satisfied: t.satisfied,
            })
            .collect();
        // Sorted by key, so concurrent writers lock rows in one order.
        for chunk in rows.chunks(500) {
            upsert(conn, chunk)?;
        }
        Ok(())
    }
}

macro_rules! upsert_rows {
    ($c:expr, $rows:expr) => {
        diesel::insert_into(rt::table)
            .values($rows)
            .on_conflict((
                rt::span,
                rt::unit_id,
                rt::starts_on,
                rt::office_id,
                rt::field_code,
            ))
            .do_update()
            .set((
                rt::new_online.eq(rt::new_online + excluded(rt::new_online)),
                rt::new_in_person.eq(rt::new_in_person + excluded(rt::new_in_person)),
                rt::resolved_early.eq(rt::resolved_early + excluded(rt::resolved_early)),
                rt::resolved_on_time.eq(rt::resolved_on_time + excluded(rt::resolved_on_time)),
                rt::resolved_late.eq(rt::resolved_late + excluded(rt::resolved_late)),
                rt::withdrawn.eq(rt::withdrawn + excluded(rt::withdrawn)),
                rt::stopped.eq(rt::stopped + excluded(rt::stopped)),
                rt::refused.eq(rt::refused + excluded(rt::refused)),
                rt::open.eq(rt::open + excluded(rt::open)),
                rt::overdue.eq(rt::overdue + excluded(rt::overdue)),
                rt::resolution_minutes
                    .eq(rt::resolution_minutes + excluded(rt::resolution_minutes)),
                rt::rated.eq(rt::rated + excluded(rt::rated)),
                rt::satisfied.eq(rt::satisfied + excluded(rt::satisfied)),
            ))
            .execute($c)
    };
}

fn upsert(conn: &mut DbConnection, rows: &[TallyRow]) -> QueryResult<()> {
    match conn {
        DbConnection::Pg(c) => upsert_rows!(c, rows).map(drop),
        DbConnection::Sqlite(c) => upsert_rows!(c, rows).map(drop),
    }
}

/// Which tallies a report reads: units of receipt (none: every unit) and an office.
#[derive(Debug, Clone, Default)]
pub struct TallyFilter {
    /// Only these units of receipt.
    pub unit_ids: Option<Vec<String>>,
    /// Only this receiving office.
    pub office_id: Option<String>,
}

const SUMS: &str = "CAST(SUM(new_online) AS BIGINT), CAST(SUM(new_in_person) AS BIGINT), \
     CAST(SUM(resolved_early) AS BIGINT), CAST(SUM(resolved_on_time) AS BIGINT), \
     CAST(SUM(resolved_late) AS BIGINT), CAST(SUM(withdrawn) AS BIGINT), \
     CAST(SUM(stopped) AS BIGINT), CAST(SUM(refused) AS BIGINT), \
     CAST(SUM(open) AS BIGINT), CAST(SUM(overdue) AS BIGINT), \
     CAST(SUM(resolution_minutes) AS BIGINT), CAST(SUM(rated) AS BIGINT), \
     CAST(SUM(satisfied) AS BIGINT)";

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
                s.0, s.1, s.2, s.3, s.4, s.5, s.6, s.7, s.8, s.9, s.10, s.11, s.12,
            ]);
            let entry = out.entry(key).or_default();
            *entry = entry.plus(&t);
        }
    }
    Ok(out)
}

/// A rating's time and overall score, when there is one.
pub type Rating = Option<(NaiveDateTime, i32)>;

/// Whether the tallies hold every application.
pub fn built(conn: &mut DbConnection) -> QueryResult<bool> {
    report_state::table
        .select(report_state::tallies_built)
        .get_result(conn)
        .optional()
        .map(|b| b.unwrap_or(false))
}

/// Recounts every tally from the applications and ratings. Runs inside the caller's write
/// transaction (PostgreSQL refuses its table lock outside one). `progress(done)` is called
/// every batch.
pub fn rebuild(
    conn: &mut DbConnection,
    calendar: &Calendar,
    progress: impl Fn(u64),
) -> QueryResult<u64> {
    // On PostgreSQL, writers of applications and ratings wait until the recount commits, so
    // none is counted twice or missed; SQLite's write transaction holds them off already.
    if let DbConnection::Pg(c) = conn {
        diesel::sql_query("LOCK TABLE applications, ratings IN SHARE MODE").execute(c)?;
    }
    diesel::delete(rt::table).execute(conn)?;
    let mut last_id = 0i64;
    let mut done = 0u64;
    loop {
        let batch: Vec<(i64, FactsRow, Rating)> = apps::table
            .left_join(ratings::table)
            .filter(apps::id.gt(last_id))
            .order(apps::id)
            .limit(5_000)
            .select((
                apps::id,
                FactsRow::as_select(),
                (ratings::created_at, ratings::overall).nullable(),
            ))
            .load(conn)?;
        let Some((id, _, _)) = batch.last() else {
            break;
        };
        last_id = *id;
        let mut changes = Changes::default();
        for (_, row, rating) in &batch {
            changes.application(calendar, None, row);
            if let Some((at, overall)) = rating {
                changes.rating(&row.key(), vn_day(*at), *overall);
            }
        }
        changes.write(conn)?;
        done += batch.len() as u64;
        progress(done);
    }
    diesel::update(report_state::table)
        .set(report_state::tallies_built.eq(true))
        .execute(conn)?;
    Ok(done)
}

/// The facts of one application.
pub fn facts_of(conn: &mut DbConnection, id: i64) -> QueryResult<FactsRow> {
    apps::table
        .filter(apps::id.eq(id))
        .select(FactsRow::as_select())
        .get_result(conn)
}

/// Locks the state row until the transaction ends (one rebuild at a time).
pub fn lock_state(conn: &mut DbConnection) -> QueryResult<()> {
    diesel::update(report_state::table)
        .set(report_state::tallies_built.eq(report_state::tallies_built))
        .execute(conn)
        .map(drop)
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
    let open_at = |instant: &str| {
        format!("a.received_at < {instant} AND ({closed} IS NULL OR {closed} >= {instant})")
    };
    let query = format!(
        "SELECT a.field_code AS field_code, \
         {} AS new_online, {} AS new_in_person, {} AS carried_over, \
         {} AS resolved_early, {} AS resolved_on_time, {} AS resolved_late, \
         {} AS in_progress, {} AS in_progress_overdue, \
         {} AS withdrawn, {} AS stopped, {} AS refused, {} AS rated, {} AS satisfied \
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
            "{resolved_in} AND a.promised_at IS NULL AND {resolved} < {due}"
        )),
        count(format!(
            "{resolved_in} AND a.promised_at IS NULL AND (a.due_at IS NULL OR {resolved} = {due})"
        )),
        count(format!(
            "{resolved_in} AND (a.promised_at IS NOT NULL OR {resolved} > {due})"
        )),
        count(open_at(&e)),
        count(format!("{} AND {due} < {to_day}", open_at(&e))),
        count(format!(
            "a.status = {} AND {}",
            Status::Withdrawn.code(),
            in_period("a.finished_at")
        )),
        count(format!(
            "a.status = {} AND {}",
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
    );
    diesel::sql_query(query).load(conn)
}

/// How many applications there are.
pub fn count_applications(conn: &mut DbConnection) -> QueryResult<u64> {
    apps::table
        .count()
        .get_result::<i64>(conn)
        .map(|n| n.max(0).unsigned_abs())
}
