//! The working-day calendar: its days, the changes an administrator makes, and due dates.
//! Every change recomputes the due dates of open applications in the same transaction.

pub mod cache;

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::calendar::{self as store, DayRow};
use crate::db::{self as dbmod, DbConnection, applications, write_transaction};
use crate::domain::application::{ClockStretch, State, Status, due_of, limit_of};
use crate::domain::calendar::{
    Calendar, DayKind, Segment, SegmentReport, TimeLimit, from_local, is_provisional, parse_csv,
    to_local,
};
use crate::domain::procedure::TimeUnit;
use crate::error::{Code, Error};
use crate::service::applications::write::{self, Change};
use cache::CalendarCache;

/// The longest range of days answered at once.
pub const MAX_DAYS: i64 = 1100;

/// What a day is.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DayType {
    /// Monday–Friday, open.
    Weekday,
    /// Saturday or Sunday, closed.
    Weekend,
    /// A weekday off (holiday, compensatory or swapped day).
    Holiday,
    /// A weekend day worked (swapped).
    WorkingDay,
}

/// One day of the calendar.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DayOut {
    /// The date.
    pub date: NaiveDate,
    /// Whether offices are open.
    pub working: bool,
    /// Why.
    #[serde(rename = "type")]
    pub day_type: DayType,
    /// The exception's name (Vietnamese).
    pub name: Option<String>,
    /// The year has not been announced officially yet.
    pub provisional: bool,
}

/// Days with the office hours.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DaysOut {
    /// One entry per day.
    pub items: Vec<DayOut>,
    /// The sessions of a working day.
    #[schema(example = json!(["07:30-11:30", "13:00-17:00"]))]
    pub office_hours: Vec<String>,
    /// Dossiers received at or after this time start the clock the next working morning.
    #[schema(example = "17:00")]
    pub cutoff: String,
}

fn provisional_years(conn: &mut DbConnection) -> Result<HashMap<i32, bool>, Error> {
    Ok(store::years(conn)?.into_iter().collect())
}

fn provisional(years: &HashMap<i32, bool>, year: i32) -> bool {
    years
        .get(&year)
        .copied()
        .unwrap_or_else(|| is_provisional(year))
}

fn day_out(
    calendar: &Calendar,
    rows: &HashMap<NaiveDate, DayRow>,
    years: &HashMap<i32, bool>,
    date: NaiveDate,
) -> DayOut {
    let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
    let working = calendar.is_working_day(date);
    let day_type = match (weekend, working) {
        (false, true) => DayType::Weekday,
        (true, false) => DayType::Weekend,
        (false, false) => DayType::Holiday,
        (true, true) => DayType::WorkingDay,
    };
    DayOut {
        date,
        working,
        day_type,
        name: rows.get(&date).map(|r| r.name.clone()),
        provisional: provisional(years, date.year()),
    }
}

/// A day's setting.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DaySetting {
    /// A weekday off.
    Holiday,
    /// A weekend day worked.
    WorkingDay,
    /// No exception: Monday–Friday open, weekends closed.
    Normal,
}

/// What to make of a day.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DayIn {
    /// Holiday, working day, or back to normal.
    pub kind: DaySetting,
    /// The name (Vietnamese), e.g. `Tết Nguyên Đán`.
    pub name: Option<String>,
}

/// The outcome of a calendar change.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CalendarChangeOut {
    /// Days changed.
    pub days: usize,
    /// Open applications whose due date moved.
    pub recomputed: usize,
}

/// A year's status.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct YearOut {
    /// The year.
    pub year: i32,
    /// Not announced yet.
    pub provisional: bool,
}

/// A clock segment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SegmentOut {
    /// When the clock ran from (UTC).
    pub start: DateTime<Utc>,
    /// When it paused, if it did (UTC).
    pub end: Option<DateTime<Utc>>,
    /// It restarted from zero.
    pub restart: bool,
    /// Minutes of the limit it used.
    pub consumed_minutes: i64,
}

/// A computed due date.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DueOut {
    /// When the clock starts: the receipt, or the next working morning after the cut-off or
    /// on a day off (UTC).
    pub clock_start: DateTime<Utc>,
    /// When the time runs out (UTC).
    pub due_at: Option<DateTime<Utc>>,
    /// The same in Vietnam's local time, for display.
    #[schema(example = "2025-02-05T16:30:00+07:00")]
    pub due_at_local: Option<String>,
    /// The due date falls in a year not announced officially yet.
    pub provisional: bool,
    /// The clock's segments.
    pub segments: Vec<SegmentOut>,
}

/// A clock segment for the API (instants in UTC).
pub fn segment_out(s: &SegmentReport) -> SegmentOut {
    SegmentOut {
        start: from_local(s.start),
        end: s.end.map(from_local),
        restart: s.restart,
        consumed_minutes: s.consumed_minutes,
    }
}

/// The days from `from` to `to` (at most [`MAX_DAYS`]): working or not, and why.
pub fn days(
    conn: &mut DbConnection,
    cache: &CalendarCache,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<DaysOut, Error> {
    if to < from || (to - from).num_days() >= MAX_DAYS {
        return Err(Error::field(
            "to",
            "range",
            "`to` không trước `from`, khoảng tối đa 1.100 ngày",
            "`to` is not before `from`, and the range is at most 1,100 days",
        ));
    }
    let calendar = cache.current(conn)?;
    let rows: HashMap<NaiveDate, DayRow> = store::between(conn, from, to)?
        .into_iter()
        .map(|r| (r.day, r))
        .collect();
    let years = provisional_years(conn)?;
    let items = from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|d| day_out(&calendar, &rows, &years, d))
        .collect();
    let hours = calendar.hours();
    Ok(DaysOut {
        items,
        office_hours: hours
            .sessions()
            .iter()
            .map(|(a, b)| format!("{}-{}", a.format("%H:%M"), b.format("%H:%M")))
            .collect(),
        cutoff: hours.cutoff().format("%H:%M").to_string(),
    })
}

fn check_year(field: &str, year: i32) -> Result<(), Error> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(Error::field(
            field,
            "range",
            "năm từ 2000 đến 2100",
            "a year from 2000 to 2100",
        ))
    }
}

/// Sets one day (a holiday, a worked weekend day, or back to normal) and recomputes the due
/// dates of open applications, in one transaction.
pub fn set_day(
    conn: &mut DbConnection,
    cache: &CalendarCache,
    day: NaiveDate,
    change: DayIn,
) -> Result<CalendarChangeOut, Error> {
    check_year("date", day.year())?;
    let name = change.name.unwrap_or_default().trim().to_owned();
    if change.kind != DaySetting::Normal && (name.is_empty() || name.chars().count() > 200) {
        return Err(Error::field(
            "name",
            "length",
            "cần tên ngày (1–200 ký tự)",
            "name the day (1–200 characters)",
        ));
    }
    let recomputed = write_transaction(conn, |conn| {
        apply_change(conn, cache, &[(day, change.kind, name)])
    })?;
    cache.reload(conn)?;
    Ok(CalendarChangeOut {
        days: 1,
        recomputed,
    })
}

/// Imports days from CSV (`date,kind,name`, or the holidays-vn layout), all or nothing, and
/// recomputes the due dates of open applications in the same transaction.
pub fn import(
    conn: &mut DbConnection,
    cache: &CalendarCache,
    bytes: &[u8],
) -> Result<CalendarChangeOut, Error> {
    let text = std::str::from_utf8(bytes).map_err(|_| Error::BadRequest {
        code: Code::InvalidBody,
        detail: "the CSV must be UTF-8".into(),
    })?;
    let exceptions = parse_csv(text).map_err(|errors| {
        Error::ImportRejected(serde_json::json!({
            "errors": errors
                .iter()
                .map(|e| serde_json::json!({"line": e.line, "message": e.message}))
                .collect::<Vec<_>>()
        }))
    })?;
    let out_of_range: Vec<serde_json::Value> = exceptions
        .iter()
        .filter(|e| !(2000..=2100).contains(&e.date.year()))
        .map(|e| serde_json::json!({"date": e.date, "message": "years 2000–2100 only"}))
        .collect();
    if !out_of_range.is_empty() {
        return Err(Error::ImportRejected(
            serde_json::json!({ "errors": out_of_range }),
        ));
    }
    let changes: Vec<(NaiveDate, DaySetting, String)> = exceptions
        .into_iter()
        .map(|e| {
            let setting = match e.kind {
                DayKind::Holiday => DaySetting::Holiday,
                DayKind::WorkingDay => DaySetting::WorkingDay,
            };
            (e.date, setting, e.name)
        })
        .collect();
    let recomputed = write_transaction(conn, |conn| apply_change(conn, cache, &changes))?;
    cache.reload(conn)?;
    Ok(CalendarChangeOut {
        days: changes.len(),
        recomputed,
    })
}

/// Marks a year official (announced) or provisional.
pub fn set_year(conn: &mut DbConnection, year: i32, provisional: bool) -> Result<YearOut, Error> {
    check_year("year", year)?;
    write_transaction(conn, |conn| {
        store::set_year(conn, year, provisional, dbmod::now())?;
        Ok::<_, Error>(())
    })?;
    Ok(YearOut { year, provisional })
}

/// When a limit of `amount` units runs out for a dossier received at `start`.
pub fn due_date(
    conn: &mut DbConnection,
    cache: &CalendarCache,
    start: DateTime<Utc>,
    amount: i64,
    unit: &str,
) -> Result<DueOut, Error> {
    let unit = TimeUnit::from_token(unit)
        .filter(|u| *u != TimeUnit::Months)
        .ok_or_else(|| {
            Error::field(
                "unit",
                "one_of",
                "một trong working_days, calendar_days, working_hours",
                "one of working_days, calendar_days, working_hours",
            )
        })?;
    if !(0..=3650).contains(&amount) {
        return Err(Error::field(
            "amount",
            "range",
            "từ 0 đến 3650",
            "0 to 3650",
        ));
    }
    let limit = TimeLimit { amount, unit };
    let start = to_local(start);
    let calendar = cache.current(conn)?;
    let years = provisional_years(conn)?;
    let clock_start = calendar.clock_start(start);
    let deadline = calendar.deadline(
        limit,
        &[Segment {
            start: clock_start,
            end: None,
            restart: false,
        }],
    );
    Ok(DueOut {
        clock_start: from_local(clock_start),
        due_at: deadline.due.map(from_local),
        due_at_local: deadline
            .due
            .map(|d| d.format("%Y-%m-%dT%H:%M:%S+07:00").to_string()),
        provisional: deadline
            .due
            .is_some_and(|d| provisional(&years, d.year()) || provisional(&years, start.year())),
        segments: deadline.segments.iter().map(segment_out).collect(),
    })
}
/// Recomputes the due dates of open applications with a calendar, in the caller's
/// transaction, through the applications' write path; returns how many moved.
pub fn recompute_open(conn: &mut DbConnection, calendar: &Calendar) -> Result<usize, Error> {
    let mut moved = Vec::new();
    for (id, status, clock, amount, unit, due) in applications::open_clocks(conn)? {
        let state = State {
            status: Status::from_code(status),
            clock: serde_json::from_str::<Vec<ClockStretch>>(&clock).map_err(Error::internal)?,
            ..State::default()
        };
        let fresh = due_of(calendar, limit_of(amount, unit.as_deref()), &state);
        if fresh != due {
            moved.push(Change::Due { id, due_at: fresh });
        }
    }
    let count = moved.len();
    write::record(conn, calendar, moved)?;
    Ok(count)
}

/// Applies exceptions, bumps the generation and recomputes open due dates, in the caller's
/// transaction; returns the new calendar and the count of moved due dates.
fn apply_change(
    conn: &mut DbConnection,
    cache: &CalendarCache,
    changes: &[(NaiveDate, DaySetting, String)],
) -> Result<usize, Error> {
    let now = dbmod::now();
    // First, so that writers computing due dates wait until this change commits (PostgreSQL).
    store::lock_for_change(conn)?;
    store::bump_generation(conn)?;
    for (day, setting, name) in changes {
        match setting {
            DaySetting::Normal => {
                store::clear(conn, *day)?;
            }
            DaySetting::Holiday | DaySetting::WorkingDay => store::set(
                conn,
                &DayRow {
                    day: *day,
                    kind: if *setting == DaySetting::Holiday {
                        DayKind::Holiday
                    } else {
                        DayKind::WorkingDay
                    }
                    .as_str()
                    .to_owned(),
                    name: name.clone(),
                    updated_at: now,
                },
            )?,
        }
    }
    let calendar = cache.build(conn)?;
    recompute_open(conn, &calendar)
}
