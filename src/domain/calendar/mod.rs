//! The working-day calendar and due dates (spec: domain.md §4).
//!
//! A [`Calendar`] is office hours plus dated exceptions to the Monday–Friday week: weekdays off
//! (holidays, swapped days) and weekend days worked (swapped Saturdays). All times are Vietnam
//! local time (UTC+7 all year) as `NaiveDateTime`; convert at the edge with [`to_local`] and
//! [`from_local`]. Instants are handled to the second.
//!
//! How the arithmetic stays fast: every instant maps to a position on one global *office clock*
//! (office seconds since day 1 of the common era), which only advances inside sessions of working
//! days. Counting working days before a date is arithmetic outside the span of the exceptions
//! (five per week) and one lookup in a prefix-count table inside it, and finding the k-th working
//! day is the inverse: arithmetic, or one binary search in that table. Adding office time is then
//! "position + time, then back to an instant", whatever the distance, without walking the days.

mod deadline;
mod default;
mod hours;
mod import;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use chrono::{
    DateTime, Datelike, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Utc,
};
use serde::{Deserialize, Serialize};

use crate::domain::procedure::TimeUnit;

pub use deadline::{Deadline, PauseRule, Segment, SegmentReport, TimeLimit};
pub use default::{OFFICIAL_YEARS, is_provisional, vn_default};
pub use hours::OfficeHours;
pub use import::{RowError, parse_csv};

use hours::DAY_SECS;

/// Vietnam's offset from UTC: +7 hours all year, no daylight saving.
const VN_OFFSET_SECS: i64 = 7 * 3600;

/// A UTC instant as Vietnam local time.
pub fn to_local(t: DateTime<Utc>) -> NaiveDateTime {
    let utc = t.naive_utc();
    utc.checked_add_signed(TimeDelta::seconds(VN_OFFSET_SECS))
        .unwrap_or(NaiveDateTime::MAX)
}

/// A Vietnam local time as a UTC instant.
pub fn from_local(t: NaiveDateTime) -> DateTime<Utc> {
    let utc = t
        .checked_sub_signed(TimeDelta::seconds(VN_OFFSET_SECS))
        .unwrap_or(NaiveDateTime::MIN);
    DateTime::from_naive_utc_and_offset(utc, Utc)
}

/// What a dated exception makes of its day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// The office is closed (a public holiday, a compensatory or swapped day off).
    Holiday,
    /// The office works on a weekend day (a swapped Saturday).
    WorkingDay,
}

impl DayKind {
    /// The token used in files and storage (`holiday`, `working_day`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Holiday => "holiday",
            Self::WorkingDay => "working_day",
        }
    }

    /// Reads a token back.
    pub fn from_token(token: &str) -> Option<Self> {
        match token {
            "holiday" => Some(Self::Holiday),
            "working_day" => Some(Self::WorkingDay),
            _ => None,
        }
    }
}

/// One dated exception to the Monday–Friday week, with its (Vietnamese) name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exception {
    /// The day.
    pub date: NaiveDate,
    /// A weekday off or a weekend day worked.
    pub kind: DayKind,
    /// What the day is, e.g. `Tết Nguyên Đán`.
    pub name: String,
}

/// Why office hours were refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CalendarError {
    /// No session at all.
    #[error("office hours need at least one session")]
    NoSessions,
    /// A session that does not start before it ends.
    #[error("the session {start}–{end} does not start before it ends")]
    EmptySession {
        /// Its start.
        start: NaiveTime,
        /// Its end.
        end: NaiveTime,
    },
    /// Sessions out of order or overlapping.
    #[error(
        "the sessions {}–{} and {}–{} overlap or are out of order (list them from morning to evening)",
        first.0, first.1, second.0, second.1
    )]
    OverlappingSessions {
        /// The earlier-listed session.
        first: (NaiveTime, NaiveTime),
        /// The session listed after it.
        second: (NaiveTime, NaiveTime),
    },
    /// A bound with seconds.
    #[error("office hours are whole minutes: {start}–{end} is not")]
    NotWholeMinutes {
        /// The start (or the cut-off).
        start: NaiveTime,
        /// The end (or the cut-off).
        end: NaiveTime,
    },
    /// Sessions that do not add up to a working day.
    #[error("the sessions add up to {minutes} minutes; a working day is 8 hours (480 minutes)")]
    NotEightHours {
        /// Their total.
        minutes: i64,
    },
    /// A cut-off at or before the opening: nothing could be received the same day.
    #[error("the cut-off {cutoff} must be after the opening {opening}")]
    CutoffBeforeOpening {
        /// The cut-off.
        cutoff: NaiveTime,
        /// The first session's start.
        opening: NaiveTime,
    },
    /// A session that could not be read.
    #[error("`{0}` is not a session like `07:30-11:30`")]
    BadSession(String),
    /// A time that could not be read.
    #[error("`{0}` is not a time like `17:00`")]
    BadTime(String),
}

/// Office hours and the working days: everything a due date depends on.
///
/// Cheap to share (`Arc`) and to clone: the exception table is 4 bytes per day of the span the
/// exceptions cover (about 12 KB for 2020–2027).
#[derive(Debug, Clone)]
pub struct Calendar {
    hours: OfficeHours,
    /// Day number (`num_days_from_ce`) of the first day of the exception table.
    base: i64,
    /// `prefix[i]` = working days in `[base, base + i)`; `prefix.len()` = table length + 1.
    prefix: Vec<u32>,
    /// Weekdays before `base` (relative to day 1), and before the end of the table.
    weekdays_before_base: i64,
    weekdays_before_end: i64,
}

/// Monday–Friday days with day number below `n` (day 1, 0001-01-01, is a Monday); may be negative.
fn weekdays_before(n: i64) -> i64 {
    let k = n - 1;
    5 * k.div_euclid(7) + k.rem_euclid(7).min(5)
}

/// The day number of the `t`-th Monday–Friday day counted from day 1 (the 1st is day 1).
fn nth_weekday(t: i64) -> i64 {
    let k = t - 1;
    1 + 7 * k.div_euclid(5) + k.rem_euclid(5)
}

fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce())
}

fn date_of(n: i64) -> NaiveDate {
    match i32::try_from(n) {
        Ok(n) => NaiveDate::from_num_days_from_ce_opt(n),
        Err(_) => None,
    }
    .unwrap_or(if n < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

fn instant(n: i64, sod: i64) -> NaiveDateTime {
    let time = u32::try_from(sod)
        .ok()
        .and_then(|s| NaiveTime::from_num_seconds_from_midnight_opt(s, 0))
        .unwrap_or(NaiveTime::MIN);
    date_of(n).and_time(time)
}

fn split(t: NaiveDateTime) -> (i64, i64) {
    (
        day_number(t.date()),
        i64::from(t.time().num_seconds_from_midnight()),
    )
}

impl Calendar {
    /// Builds a calendar. An exception that changes nothing (a holiday on a weekend, a working
    /// day on a weekday) is harmless; when a date is given twice, the last one counts.
    pub fn new(
        hours: OfficeHours,
        exceptions: impl IntoIterator<Item = (NaiveDate, DayKind)>,
    ) -> Self {
        let exceptions: Vec<(i64, DayKind)> = exceptions
            .into_iter()
            .map(|(date, kind)| (day_number(date), kind))
            .collect();
        let first = exceptions.iter().map(|e| e.0).min();
        let last = exceptions.iter().map(|e| e.0).max();
        let (base, len) = match (first, last) {
            (Some(first), Some(last)) => (first, last - first + 1),
            _ => (1, 0),
        };
        let mut working: Vec<bool> = (base..base + len)
            .map(|n| (n - 1).rem_euclid(7) < 5)
            .collect();
        for (n, kind) in exceptions {
            if let Some(slot) = usize::try_from(n - base)
                .ok()
                .and_then(|i| working.get_mut(i))
            {
                *slot = kind == DayKind::WorkingDay;
            }
        }
        let mut prefix = Vec::with_capacity(working.len() + 1);
        let mut count = 0u32;
        prefix.push(0);
        for w in working {
            count += u32::from(w);
            prefix.push(count);
        }
        Self {
            hours,
            base,
            prefix,
            weekdays_before_base: weekdays_before(base),
            weekdays_before_end: weekdays_before(base + len),
        }
    }

    /// Standard office hours with Vietnam's holidays and swaps 2020–2027 ([`vn_default`]).
    pub fn vn_default() -> Self {
        Self::from_exceptions(OfficeHours::standard(), &vn_default())
    }

    /// Builds a calendar from named exceptions (the names are not kept).
    pub fn from_exceptions(hours: OfficeHours, exceptions: &[Exception]) -> Self {
        Self::new(hours, exceptions.iter().map(|e| (e.date, e.kind)))
    }

    /// The office hours.
    pub fn hours(&self) -> &OfficeHours {
        &self.hours
    }

    fn table_len(&self) -> i64 {
        self.prefix.len() as i64 - 1
    }

    fn table_total(&self) -> i64 {
        self.prefix.last().map_or(0, |&c| i64::from(c))
    }

    /// Working days with day number below `n`, counted from day 1 (may be negative).
    fn working_before(&self, n: i64) -> i64 {
        let offset = n - self.base;
        if offset <= 0 {
            weekdays_before(n)
        } else if offset <= self.table_len() {
            let inside = self
                .prefix
                .get(offset as usize)
                .map_or(0, |&c| i64::from(c));
            self.weekdays_before_base + inside
        } else {
            self.weekdays_before_base + self.table_total() + weekdays_before(n)
                - self.weekdays_before_end
        }
    }

    /// The day number of the `t`-th working day counted from day 1: the smallest `n` with
    /// `working_before(n + 1) >= t`.
    fn nth_working(&self, t: i64) -> i64 {
        let inside = t - self.weekdays_before_base;
        if inside <= 0 {
            nth_weekday(t)
        } else if inside <= self.table_total() {
            // The first table index whose count reaches `inside` is one past that day.
            let j = self.prefix.partition_point(|&c| i64::from(c) < inside) as i64;
            self.base + j - 1
        } else {
            nth_weekday(inside - self.table_total() + self.weekdays_before_end)
        }
    }

    fn is_working_n(&self, n: i64) -> bool {
        let offset = n - self.base;
        if offset >= 0 && offset < self.table_len() {
            let i = offset as usize;
            match (self.prefix.get(i), self.prefix.get(i + 1)) {
                (Some(a), Some(b)) => b > a,
                _ => false,
            }
        } else {
            (n - 1).rem_euclid(7) < 5
        }
    }

    /// The first working day strictly after day `n`.
    fn next_working_n(&self, n: i64) -> i64 {
        self.nth_working(self.working_before(n + 1) + 1)
    }

    /// Whether the office works on `date`: Monday–Friday unless a holiday; Saturday and Sunday
    /// only when swapped in as a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.is_working_n(day_number(date))
    }

    /// The first working day strictly after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> NaiveDate {
        date_of(self.next_working_n(day_number(date)))
    }

    /// The `k`-th working day after `date` (`k = 0`: `date` itself, working or not).
    pub fn nth_working_day_after(&self, date: NaiveDate, k: i64) -> NaiveDate {
        if k <= 0 {
            return date;
        }
        let n = day_number(date);
        date_of(self.nth_working(self.working_before(n + 1).saturating_add(k)))
    }

    /// When the clock starts for something received at `received`: itself when inside a session
    /// of a working day; the next session's start when before the opening or in the midday gap;
    /// the next working day's opening when at/after the cut-off, after the last session, or on a
    /// day off.
    ///
    /// The result is always inside a session of a working day and before the cut-off, so
    /// `clock_start` of a clock start is itself.
    pub fn clock_start(&self, received: NaiveDateTime) -> NaiveDateTime {
        let (n, sod) = split(received);
        let cutoff = self.hours.cutoff_secs();
        if self.is_working_n(n) && sod < cutoff {
            for &(start, end) in self.hours.spans() {
                if sod < start {
                    if start < cutoff {
                        return instant(n, start);
                    }
                    break;
                }
                if sod < end {
                    return received;
                }
            }
        }
        instant(self.next_working_n(n), self.hours.opening_secs())
    }

    /// The position of `t` on the office clock: office seconds from day 1 to `t`.
    fn office_position(&self, t: NaiveDateTime) -> i64 {
        let (n, sod) = split(t);
        let days = self.working_before(n).saturating_mul(DAY_SECS);
        if self.is_working_n(n) {
            days.saturating_add(self.hours.office_before(sod))
        } else {
            days
        }
    }

    /// The earliest instant whose office-clock position is `position`.
    fn at_position(&self, position: i64) -> NaiveDateTime {
        let k = (position - 1).div_euclid(DAY_SECS);
        let within = position - k * DAY_SECS;
        let n = self.nth_working(k + 1);
        instant(n, self.hours.at_office(within))
    }

    /// Office seconds in `[from, to)`.
    fn office_secs_between(&self, from: NaiveDateTime, to: NaiveDateTime) -> i64 {
        if to <= from {
            return 0;
        }
        (self.office_position(to) - self.office_position(from)).max(0)
    }

    /// The instant `secs` office seconds after `start`; `start` itself for zero or less.
    fn add_office_secs(&self, start: NaiveDateTime, secs: i64) -> NaiveDateTime {
        if secs <= 0 {
            return start;
        }
        self.at_position(self.office_position(start).saturating_add(secs))
    }

    /// Office minutes in `[from, to)` (0 if `to <= from`).
    pub fn working_minutes_between(&self, from: NaiveDateTime, to: NaiveDateTime) -> i64 {
        self.office_secs_between(from, to) / 60
    }

    /// The instant `minutes` office minutes after `start` (`start` itself for zero or less).
    /// When the count ends exactly at a session's end, the answer is that session's end (e.g.
    /// 17:00 of that day), never the next session's start.
    pub fn add_working_minutes(&self, start: NaiveDateTime, minutes: i64) -> NaiveDateTime {
        self.add_office_secs(start, minutes.saturating_mul(60))
    }

    /// Where a limit in calendar days or months that ran to `raw` ends: `raw` itself on a working
    /// day; otherwise the close of office hours of the next working day (Civil Code 2015,
    /// art. 148).
    fn calendar_end(&self, raw: NaiveDateTime) -> NaiveDateTime {
        let (n, _) = split(raw);
        if self.is_working_n(n) {
            raw
        } else {
            instant(self.next_working_n(n), self.hours.closing_secs())
        }
    }

    /// A time limit from a clock start. `WorkingDays`: `amount` × 480 office minutes;
    /// `WorkingHours`: `amount` × 60. `CalendarDays` (Civil Code 2015, art. 147–148): every day
    /// counts from the day after, ending at the same time of day `amount` days later; when that
    /// last day is a day off, the limit ends at the close of office hours of the next working
    /// day. `Months`: the same, ending on the same day of the month `amount` months later (the
    /// month's last day when it has no such day). A negative amount counts as zero.
    pub fn add(&self, start: NaiveDateTime, amount: i64, unit: TimeUnit) -> NaiveDateTime {
        let amount = amount.max(0);
        match unit {
            TimeUnit::WorkingDays => self.add_office_secs(start, amount.saturating_mul(DAY_SECS)),
            TimeUnit::WorkingHours => self.add_office_secs(start, amount.saturating_mul(3600)),
            TimeUnit::CalendarDays => {
                self.calendar_end(add_real_secs(start, amount.saturating_mul(86_400)))
            }
            TimeUnit::Months => self.calendar_end(add_months(start, amount)),
        }
    }
}

fn add_real_secs(t: NaiveDateTime, secs: i64) -> NaiveDateTime {
    t.checked_add_signed(TimeDelta::seconds(secs.clamp(-(1 << 40), 1 << 40)))
        .unwrap_or(NaiveDateTime::MAX)
}

fn add_months(t: NaiveDateTime, months: i64) -> NaiveDateTime {
    u32::try_from(months)
        .ok()
        .and_then(|m| t.checked_add_months(Months::new(m)))
        .unwrap_or(NaiveDateTime::MAX)
}
