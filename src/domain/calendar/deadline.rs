//! Deadlines with pauses: the clock stops while an application waits for a supplement or for
//! payment, then resumes with what was left or restarts from zero.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::hours::DAY_SECS;
use super::{Calendar, add_months, add_real_secs};
use crate::domain::procedure::TimeUnit;

/// What a supplement does to the clock (configurable per procedure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PauseRule {
    /// Resume with the time that was left.
    Resume,
    /// Restart from zero once the dossier is complete (the 2025 rule for online dossiers).
    Restart,
}

/// A processing time: an amount of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeLimit {
    /// How many units (a negative amount counts as zero).
    pub amount: i64,
    /// Working days, working hours, calendar days or months.
    pub unit: TimeUnit,
}

/// One running stretch of the clock. `start` is already a clock start (normalised with
/// [`Calendar::clock_start`]); `end` is when it paused (`None` while running). `restart` = this
/// segment began by restarting from zero (everything consumed before it is forgotten).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// When the clock (re)started.
    pub start: NaiveDateTime,
    /// When it paused; `None` while running.
    pub end: Option<NaiveDateTime>,
    /// Whether it restarted from zero.
    pub restart: bool,
}

/// A segment with what it consumed, for the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SegmentReport {
    /// When the clock (re)started.
    pub start: NaiveDateTime,
    /// When it paused; `None` while running.
    pub end: Option<NaiveDateTime>,
    /// Whether it restarted from zero.
    pub restart: bool,
    /// Minutes of the limit it used (office minutes, or real minutes for calendar days and
    /// months), rounded down; 0 for the running segment, whose consumption depends on "now".
    pub consumed_minutes: i64,
}

/// The due instant and the clock's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// When the limit runs out. `None` while the clock is paused with time left; when the limit
    /// already ran out before the pause, that (past) instant.
    pub due: Option<NaiveDateTime>,
    /// What is left of the limit at the start of the running segment, or at the pause (office
    /// minutes; real minutes for calendar days and months), rounded up; 0 once it ran out.
    pub remaining_minutes: i64,
    /// Every segment, including those a restart made irrelevant.
    pub segments: Vec<SegmentReport>,
}

/// How a limit is measured: on the office clock or in real time.
#[derive(Clone, Copy)]
enum Measure {
    Office,
    Real,
}

impl Calendar {
    /// The limit in seconds of its measure; months are measured from `first_start` (30-day
    /// months when there is none yet).
    fn budget(limit: TimeLimit, first_start: Option<NaiveDateTime>) -> (Measure, i64) {
        let amount = limit.amount.max(0);
        match limit.unit {
            TimeUnit::WorkingDays => (Measure::Office, amount.saturating_mul(DAY_SECS)),
            TimeUnit::WorkingHours => (Measure::Office, amount.saturating_mul(3600)),
            TimeUnit::CalendarDays => (Measure::Real, amount.saturating_mul(86_400)),
            TimeUnit::Months => {
                let secs = match first_start {
                    Some(start) => (add_months(start, amount) - start).num_seconds(),
                    None => amount.saturating_mul(30 * 86_400),
                };
                (Measure::Real, secs)
            }
        }
    }

    fn consumed(&self, measure: Measure, from: NaiveDateTime, to: NaiveDateTime) -> i64 {
        match measure {
            Measure::Office => self.office_secs_between(from, to),
            Measure::Real => (to - from).num_seconds().max(0),
        }
    }

    fn advance(&self, measure: Measure, start: NaiveDateTime, secs: i64) -> NaiveDateTime {
        match measure {
            Measure::Office => self.add_office_secs(start, secs),
            Measure::Real => self.calendar_end(add_real_secs(start, secs.max(0))),
        }
    }

    /// Runs the clock over the segments from the last restart on; `report(i, secs)` hears what
    /// segment `i` consumed. Returns the due instant and the seconds left.
    fn run(
        &self,
        limit: TimeLimit,
        segments: &[Segment],
        mut report: impl FnMut(usize, i64),
    ) -> (Option<NaiveDateTime>, i64) {
        let from = segments.iter().rposition(|s| s.restart).unwrap_or(0);
        let effective = segments.get(from..).unwrap_or_default();
        let (measure, budget) = Self::budget(limit, effective.first().map(|s| s.start));
        let mut used = 0i64;
        let mut due = None;
        for (i, segment) in effective.iter().enumerate() {
            let left = (budget - used).max(0);
            // An open segment that is not the last ran until the next one started.
            let end = segment
                .end
                .or_else(|| effective.get(i + 1).map(|next| next.start));
            let Some(end) = end else {
                report(from + i, 0);
                return (
                    due.or_else(|| Some(self.advance(measure, segment.start, left))),
                    left,
                );
            };
            let consumed = self.consumed(measure, segment.start, end);
            if due.is_none() && consumed >= left {
                due = Some(self.advance(measure, segment.start, left));
            }
            used = used.saturating_add(consumed);
            report(from + i, consumed);
        }
        (due, (budget - used).max(0))
    }

    /// The due instant and history of a clock made of `segments` (oldest first).
    ///
    /// Consumption is measured in office minutes for working days and hours, and in elapsed real
    /// minutes for calendar days and months (then the day-off rule of [`Calendar::add`] applies
    /// to the end). Segments after a `restart` segment ignore what came before. With no segments:
    /// due `None`, remaining = the whole limit.
    pub fn deadline(&self, limit: TimeLimit, segments: &[Segment]) -> Deadline {
        let mut reports: Vec<SegmentReport> = segments
            .iter()
            .map(|s| SegmentReport {
                start: s.start,
                end: s.end,
                restart: s.restart,
                consumed_minutes: 0,
            })
            .collect();
        // Segments before the last restart count for nothing, but the history shows their use.
        let from = segments.iter().rposition(|s| s.restart).unwrap_or(0);
        let measure = Self::budget(limit, None).0;
        for (i, segment) in segments.iter().enumerate().take(from) {
            let end = segment
                .end
                .or_else(|| segments.get(i + 1).map(|next| next.start));
            if let (Some(end), Some(r)) = (end, reports.get_mut(i)) {
                r.consumed_minutes = self.consumed(measure, segment.start, end) / 60;
            }
        }
        let (due, left) = self.run(limit, segments, |i, secs| {
            if let Some(r) = reports.get_mut(i) {
                r.consumed_minutes = secs / 60;
            }
        });
        Deadline {
            due,
            remaining_minutes: left / 60 + i64::from(left % 60 != 0),
            segments: reports,
        }
    }

    /// The due instant alone (the hot path): the same as `deadline(..).due`, without allocating.
    pub fn due(&self, limit: TimeLimit, segments: &[Segment]) -> Option<NaiveDateTime> {
        self.run(limit, segments, |_, _| {}).0
    }
}
