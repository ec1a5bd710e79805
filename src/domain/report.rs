//! The counting rules of the results report (Biểu II.06a style, domain.md §5), as a pure
//! classifier: one application's facts and a period in, its contributions to the columns out.
//!
//! Days are Vietnam's dates; a period is a closed range of them. The rules:
//! - *new online* / *new in person or postal*: received (status 2 reached) in the period;
//! - *carried over*: received before the period and still open at its start (neither
//!   resolved nor withdrawn nor stopped before it);
//! - *received total* = new online + new in person or postal + carried over;
//! - *resolved*: status 9 reached in the period; early / on time / late by comparing that day
//!   with the due date's day, and late whenever the apology was given; with no processing time,
//!   on time;
//! - *in progress*: received by the period's end and neither resolved nor withdrawn nor
//!   stopped by then; on time when the due date's day is on or after the period's end (or there
//!   is none, as while the clock is paused), overdue otherwise;
//! - *withdrawn*, *stopped*, *refused*: that end reached in the period, received or not.
//!
//! So for the received ones: received total = resolved + in progress + withdrawn + stopped
//! (a property test holds the classifier to it).

use chrono::{Datelike, NaiveDate};

use super::application::{Timeliness, timeliness};

/// What a results report's rows are.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// One row per unit of receipt.
    Unit,
    /// One row per receiving office.
    Office,
    /// One row per field.
    Field,
    /// One row per procedure.
    Procedure,
}

/// Which units a results report counts in.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// The units of the time: an application stays with the unit that received it.
    #[default]
    AsItWas,
    /// Today's units: an ended unit's applications count with its successor in force.
    RolledUp,
}

/// How an application ended without a resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Refused at reception (status 3).
    Refused,
    /// Withdrawn by the applicant (status 7).
    Withdrawn,
    /// Processing stopped (status 8).
    Stopped,
}

/// What the report needs of one application (dates in Vietnam).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// Filed online.
    pub online: bool,
    /// The day a clerk received it (status 2), if one did.
    pub received_on: Option<NaiveDate>,
    /// The day it was resolved (status 9), if it was.
    pub resolved_on: Option<NaiveDate>,
    /// How and when it ended without a resolution, if it did.
    pub ended: Option<(End, NaiveDate)>,
    /// The due date's day, when there is one.
    pub due_on: Option<NaiveDate>,
    /// The apology with a new date was given.
    pub apologized: bool,
    /// Office minutes from reception to resolution, when resolved.
    pub resolution_minutes: i64,
    /// The day the applicant rated the result and whether they were satisfied (overall 4
    /// or 5 of 5), when they did.
    pub rating: Option<(NaiveDate, bool)>,
}

/// A closed range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The first day.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
}

impl Period {
    fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// The report's columns for a group of applications.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Counts {
    /// New online + new in person or postal + carried over.
    pub received_total: u64,
    /// Received in the period, filed online.
    pub new_online: u64,
    /// Received in the period at a desk or by post.
    pub new_in_person: u64,
    /// Received before the period and open at its start.
    pub carried_over: u64,
    /// Resolved in the period.
    pub resolved_total: u64,
    /// Of those, before the due date's day.
    pub resolved_early: u64,
    /// On the due date's day.
    pub resolved_on_time: u64,
    /// After it, or after an apology.
    pub resolved_late: u64,
    /// Open at the period's end.
    pub in_progress_total: u64,
    /// Of those, not past the due date at the period's end.
    pub in_progress_on_time: u64,
    /// Past it.
    pub in_progress_overdue: u64,
    /// Withdrawn in the period.
    pub withdrawn: u64,
    /// Stopped in the period.
    pub stopped: u64,
    /// Refused in the period.
    pub refused: u64,
    /// Office minutes from reception to resolution, summed over those resolved in the period.
    pub resolution_minutes: u64,
    /// Ratings given in the period.
    pub rated: u64,
    /// Of those, satisfied or very satisfied.
    pub satisfied: u64,
}

impl Counts {
    /// Adds one application's contributions.
    pub fn add(&mut self, facts: &Facts, period: &Period) {
        let ended_before = |day: NaiveDate| {
            facts
                .ended
                .is_some_and(|(end, on)| end != End::Refused && on < day)
        };
        if let Some(received) = facts.received_on {
            if period.contains(received) {
                if facts.online {
                    self.new_online += 1;
                } else {
                    self.new_in_person += 1;
                }
                self.received_total += 1;
            } else if received < period.from
                && facts.resolved_on.is_none_or(|r| r >= period.from)
                && !ended_before(period.from)
            {
                self.carried_over += 1;
                self.received_total += 1;
            }
            let after_end = period.to.succ_opt().unwrap_or(period.to);
            if received <= period.to
                && facts.resolved_on.is_none_or(|r| r > period.to)
                && !ended_before(after_end)
            {
                self.in_progress_total += 1;
                if facts.due_on.is_none_or(|due| due >= period.to) {
                    self.in_progress_on_time += 1;
                } else {
                    self.in_progress_overdue += 1;
                }
            }
        }
        if let Some(resolved) = facts.resolved_on.filter(|r| period.contains(*r)) {
            self.resolved_total += 1;
            let judged = match facts.due_on {
                Some(due) => timeliness(resolved, due, facts.apologized),
                None if facts.apologized => Timeliness::Late,
                None => Timeliness::OnTime,
            };
            match judged {
                Timeliness::Early => self.resolved_early += 1,
                Timeliness::OnTime => self.resolved_on_time += 1,
                Timeliness::Late => self.resolved_late += 1,
            }
            self.resolution_minutes += facts.resolution_minutes.max(0).unsigned_abs();
        }
        if let Some((_, satisfied)) = facts.rating.filter(|(on, _)| period.contains(*on)) {
            self.rated += 1;
            self.satisfied += u64::from(satisfied);
        }
        if let Some((end, _)) = facts.ended.filter(|(_, on)| period.contains(*on)) {
            match end {
                End::Refused => self.refused += 1,
                End::Withdrawn => self.withdrawn += 1,
                End::Stopped => self.stopped += 1,
            }
        }
    }

    /// Adds another group's counts (for totals).
    pub fn merge(&mut self, other: &Counts) {
        self.received_total += other.received_total;
        self.new_online += other.new_online;
        self.new_in_person += other.new_in_person;
        self.carried_over += other.carried_over;
        self.resolved_total += other.resolved_total;
        self.resolved_early += other.resolved_early;
        self.resolved_on_time += other.resolved_on_time;
        self.resolved_late += other.resolved_late;
        self.in_progress_total += other.in_progress_total;
        self.in_progress_on_time += other.in_progress_on_time;
        self.in_progress_overdue += other.in_progress_overdue;
        self.withdrawn += other.withdrawn;
        self.stopped += other.stopped;
        self.refused += other.refused;
        self.resolution_minutes += other.resolution_minutes;
        self.rated += other.rated;
        self.satisfied += other.satisfied;
    }

    /// (Early + on time) ÷ resolved, when anything was resolved.
    pub fn on_time_rate(&self) -> Option<f64> {
        ratio(
            self.resolved_early + self.resolved_on_time,
            self.resolved_total,
        )
    }

    /// New online ÷ all new, when anything was new.
    pub fn online_share(&self) -> Option<f64> {
        ratio(self.new_online, self.new_online + self.new_in_person)
    }

    /// Satisfied ÷ rated, when anything was rated.
    pub fn satisfaction_share(&self) -> Option<f64> {
        ratio(self.satisfied, self.rated)
    }

    /// The average time from reception to resolution in working days of `day_minutes`
    /// office minutes, when anything was resolved.
    pub fn average_working_days(&self, day_minutes: u64) -> Option<f64> {
        ratio(
            self.resolution_minutes,
            self.resolved_total * day_minutes.max(1),
        )
    }
}

/// One application's contribution to the report on one day, as changes to running sums:
/// the flows (new, resolved, ended, ratings) on the day they happen, and the stocks (open,
/// overdue) as +1 on the day an application enters them and −1 on the day it leaves.
///
/// Summed over a period's days, the flows give its columns; summed over every day before it,
/// the stocks give what was carried over; both sums together give what was in progress at its
/// end. So a store that keeps these sums per day, month and year answers any period from a
/// handful of rows, whatever the number of applications ([`Counts::from_tallies`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Received online.
    pub new_online: i64,
    /// Received at a desk or by post.
    pub new_in_person: i64,
    /// Resolved before the due date's day.
    pub resolved_early: i64,
    /// Resolved on it.
    pub resolved_on_time: i64,
    /// Resolved after it, or after an apology.
    pub resolved_late: i64,
    /// Withdrawn.
    pub withdrawn: i64,
    /// Stopped.
    pub stopped: i64,
    /// Refused.
    pub refused: i64,
    /// Entered (+1) or left (−1) the open stock.
    pub open: i64,
    /// Entered (+1) or left (−1) the open-and-overdue stock.
    pub overdue: i64,
    /// Office minutes from reception to resolution of those resolved.
    pub resolution_minutes: i64,
    /// Ratings given.
    pub rated: i64,
    /// Satisfied ratings given.
    pub satisfied: i64,
}

impl Tally {
    /// Every column, in the stored order.
    pub fn columns(&self) -> [i64; 13] {
        [
            self.new_online,
            self.new_in_person,
            self.resolved_early,
            self.resolved_on_time,
            self.resolved_late,
            self.withdrawn,
            self.stopped,
            self.refused,
            self.open,
            self.overdue,
            self.resolution_minutes,
            self.rated,
            self.satisfied,
        ]
    }

    /// The tally of stored columns, in [`Tally::columns`] order.
    pub fn from_columns(c: [i64; 13]) -> Self {
        Self {
            new_online: c[0],
            new_in_person: c[1],
            resolved_early: c[2],
            resolved_on_time: c[3],
            resolved_late: c[4],
            withdrawn: c[5],
            stopped: c[6],
            refused: c[7],
            open: c[8],
            overdue: c[9],
            resolution_minutes: c[10],
            rated: c[11],
            satisfied: c[12],
        }
    }

    /// Column-wise sum.
    pub fn plus(&self, other: &Tally) -> Tally {
        let (a, b) = (self.columns(), other.columns());
        Tally::from_columns(std::array::from_fn(|i| a[i] + b[i]))
    }

    /// Column-wise negation.
    pub fn negated(&self) -> Tally {
        Tally::from_columns(self.columns().map(|c| -c))
    }

    /// Whether every column is zero.
    pub fn is_zero(&self) -> bool {
        self.columns().iter().all(|c| *c == 0)
    }
}

/// The day an application closed (resolved, withdrawn or stopped), when it did.
fn closed_on(facts: &Facts) -> Option<NaiveDate> {
    facts.resolved_on.or(facts
        .ended
        .filter(|(end, _)| *end != End::Refused)
        .map(|(_, on)| on))
}

/// An application's tallies by day (a day may appear more than once).
pub fn tallies(facts: &Facts) -> Vec<(NaiveDate, Tally)> {
    let mut out = Vec::new();
    let closed = closed_on(facts);
    if let Some(received) = facts.received_on {
        let new = if facts.online {
            Tally {
                new_online: 1,
                open: 1,
                ..Tally::default()
            }
        } else {
            Tally {
                new_in_person: 1,
                open: 1,
                ..Tally::default()
            }
        };
        out.push((received, new));
        if let Some(closed) = closed {
            out.push((
                closed,
                Tally {
                    open: -1,
                    ..Tally::default()
                },
            ));
        }
        // Overdue from the day after the due date's day while still open.
        if let Some(due) = facts.due_on {
            let start = due.succ_opt().unwrap_or(due).max(received);
            if closed.is_none_or(|c| start < c) {
                out.push((
                    start,
                    Tally {
                        overdue: 1,
                        ..Tally::default()
                    },
                ));
                if let Some(closed) = closed {
                    out.push((
                        closed,
                        Tally {
                            overdue: -1,
                            ..Tally::default()
                        },
                    ));
                }
            }
        }
    }
    if let Some(resolved) = facts.resolved_on {
        let judged = match facts.due_on {
            Some(due) => timeliness(resolved, due, facts.apologized),
            None if facts.apologized => Timeliness::Late,
            None => Timeliness::OnTime,
        };
        let mut t = Tally {
            resolution_minutes: facts.resolution_minutes.max(0),
            ..Tally::default()
        };
        match judged {
            Timeliness::Early => t.resolved_early = 1,
            Timeliness::OnTime => t.resolved_on_time = 1,
            Timeliness::Late => t.resolved_late = 1,
        }
        out.push((resolved, t));
    }
    if let Some((end, on)) = facts.ended {
        let mut t = Tally::default();
        match end {
            End::Refused => t.refused = 1,
            End::Withdrawn => t.withdrawn = 1,
            End::Stopped => t.stopped = 1,
        }
        out.push((on, t));
    }
    if let Some((on, satisfied)) = facts.rating {
        out.push((
            on,
            Tally {
                rated: 1,
                satisfied: i64::from(satisfied),
                ..Tally::default()
            },
        ));
    }
    out
}

/// What changes in the tallies when an application's facts go from `before` (none for a new
/// one) to `after`: the new tallies minus the old, netted by day, zero days left out.
pub fn tally_changes(before: Option<&Facts>, after: Option<&Facts>) -> Vec<(NaiveDate, Tally)> {
    let mut by_day: std::collections::BTreeMap<NaiveDate, Tally> = Default::default();
    for (day, t) in after.map(tallies).unwrap_or_default() {
        let entry = by_day.entry(day).or_default();
        *entry = entry.plus(&t);
    }
    for (day, t) in before.map(tallies).unwrap_or_default() {
        let entry = by_day.entry(day).or_default();
        *entry = entry.plus(&t.negated());
    }
    by_day.into_iter().filter(|(_, t)| !t.is_zero()).collect()
}

fn count(n: i64) -> u64 {
    n.max(0).unsigned_abs()
}

impl Counts {
    /// The columns from the tallies summed over the period's days (`during`) and over every
    /// day before it (`before`).
    pub fn from_tallies(during: &Tally, before: &Tally) -> Counts {
        let carried_over = count(before.open);
        let in_progress_total = count(before.open + during.open);
        let in_progress_overdue = count(before.overdue + during.overdue);
        let resolved_early = count(during.resolved_early);
        let resolved_on_time = count(during.resolved_on_time);
        let resolved_late = count(during.resolved_late);
        Counts {
            received_total: count(during.new_online + during.new_in_person) + carried_over,
            new_online: count(during.new_online),
            new_in_person: count(during.new_in_person),
            carried_over,
            resolved_total: resolved_early + resolved_on_time + resolved_late,
            resolved_early,
            resolved_on_time,
            resolved_late,
            in_progress_total,
            in_progress_on_time: in_progress_total.saturating_sub(in_progress_overdue),
            in_progress_overdue,
            withdrawn: count(during.withdrawn),
            stopped: count(during.stopped),
            refused: count(during.refused),
            resolution_minutes: count(during.resolution_minutes),
            rated: count(during.rated),
            satisfied: count(during.satisfied),
        }
    }
}

/// The buckets the tallies are kept in: a day, a calendar month or a calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Span {
    /// One day.
    Day,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

impl Span {
    /// Every span, finest first.
    pub const ALL: [Span; 3] = [Span::Day, Span::Month, Span::Year];

    /// The stored token.
    pub fn as_str(self) -> &'static str {
        match self {
            Span::Day => "D",
            Span::Month => "M",
            Span::Year => "Y",
        }
    }

    /// The first day of the bucket holding `day`.
    pub fn start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Span::Day => day,
            Span::Month => day.with_day(1).unwrap_or(day),
            Span::Year => day.with_ordinal(1).unwrap_or(day),
        }
    }

    /// The first day of the next bucket after the one starting on `start`.
    fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Span::Day => start.succ_opt(),
            Span::Month => start.checked_add_months(chrono::Months::new(1)),
            Span::Year => start.checked_add_months(chrono::Months::new(12)),
        }
        .unwrap_or(NaiveDate::MAX)
    }
}

/// Buckets of one span whose first days run from `first` to `last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// The span.
    pub span: Span,
    /// The first bucket's first day.
    pub first: NaiveDate,
    /// The last bucket's first day.
    pub last: NaiveDate,
}

/// The fewest buckets that cover the days `from..=to` exactly: whole years, then whole months
/// at either side, then single days at the edges (at most five pieces).
pub fn cover(from: NaiveDate, to: NaiveDate) -> Vec<Piece> {
    fn go(from: NaiveDate, to: NaiveDate, spans: &[Span], out: &mut Vec<Piece>) {
        if from > to {
            return;
        }
        let Some((&span, finer)) = spans.split_last() else {
            return;
        };
        // The first whole bucket starting on or after `from`, and the first day past the
        // last whole bucket ending on or before `to`.
        let first = if span.start(from) == from {
            from
        } else {
            span.next(span.start(from))
        };
        let end = span.start(to.succ_opt().unwrap_or(to));
        let end = if to == NaiveDate::MAX { to } else { end };
        if first < end {
            go(from, first.pred_opt().unwrap_or(first), finer, out);
            out.push(Piece {
                span,
                first,
                last: span.start(end.pred_opt().unwrap_or(end)),
            });
            go(end, to, finer, out);
        } else {
            go(from, to, finer, out);
        }
    }
    let mut out = Vec::new();
    go(from, to, &Span::ALL, &mut out);
    out
}

/// The first day the tallies count from: every day before a period is summed from here.
pub fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The pieces covering every day before `from`.
pub fn cover_before(from: NaiveDate) -> Vec<Piece> {
    match from.pred_opt() {
        Some(last) if last >= epoch() => cover(epoch(), last),
        _ => Vec::new(),
    }
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, day).unwrap()
    }

    /// March 10 to March 20.
    fn period() -> Period {
        Period {
            from: d(10),
            to: d(20),
        }
    }

    fn facts() -> Facts {
        Facts {
            online: false,
            received_on: Some(d(12)),
            resolved_on: None,
            ended: None,
            due_on: Some(d(15)),
            apologized: false,
            resolution_minutes: 0,
            rating: None,
        }
    }

    fn count(f: Facts) -> Counts {
        let mut counts = Counts::default();
        counts.add(&f, &period());
        counts
    }

    #[test]
    fn new_applications_by_channel_and_period_edges() {
        let c = count(Facts {
            received_on: Some(d(10)),
            ..facts()
        });
        assert_eq!(
            (c.new_in_person, c.received_total, c.carried_over),
            (1, 1, 0)
        );
        let c = count(Facts {
            online: true,
            received_on: Some(d(20)),
            ..facts()
        });
        assert_eq!((c.new_online, c.received_total), (1, 1));
        let c = count(Facts {
            received_on: Some(d(21)),
            ..facts()
        });
        assert_eq!(c, Counts::default(), "received after the period");
    }

    #[test]
    fn carried_over_when_open_at_the_start() {
        let before = Facts {
            received_on: Some(d(9)),
            ..facts()
        };
        let c = count(before);
        assert_eq!(
            (c.carried_over, c.received_total, c.in_progress_total),
            (1, 1, 1)
        );
        // Resolved on the period's first day: still carried over, and resolved in it.
        let c = count(Facts {
            resolved_on: Some(d(10)),
            ..before
        });
        assert_eq!(
            (c.carried_over, c.resolved_total, c.in_progress_total),
            (1, 1, 0)
        );
        // Resolved the day before: not part of the period at all.
        let c = count(Facts {
            resolved_on: Some(d(9)),
            ..before
        });
        assert_eq!(c, Counts::default());
        // Withdrawn before the period: gone.
        let c = count(Facts {
            ended: Some((End::Withdrawn, d(9))),
            ..before
        });
        assert_eq!(c, Counts::default());
    }

    #[test]
    fn resolutions_against_the_due_date() {
        let on = |resolved, apologized| {
            count(Facts {
                resolved_on: Some(resolved),
                apologized,
                ..facts()
            })
        };
        assert_eq!(on(d(14), false).resolved_early, 1);
        assert_eq!(on(d(15), false).resolved_on_time, 1);
        assert_eq!(on(d(16), false).resolved_late, 1);
        assert_eq!(
            on(d(14), true).resolved_late,
            1,
            "the apology makes it late"
        );
        let c = on(d(20), false);
        assert_eq!(
            (c.resolved_total, c.in_progress_total),
            (1, 0),
            "resolved on the last day"
        );
        let c = count(Facts {
            due_on: None,
            resolved_on: Some(d(19)),
            ..facts()
        });
        assert_eq!(c.resolved_on_time, 1, "no processing time: on time");
        let c = on(d(21), false);
        assert_eq!(
            (c.resolved_total, c.in_progress_total),
            (0, 1),
            "resolved after the period"
        );
    }

    #[test]
    fn in_progress_at_the_end_by_the_due_date() {
        let c = count(Facts {
            due_on: Some(d(20)),
            ..facts()
        });
        assert_eq!((c.in_progress_on_time, c.in_progress_overdue), (1, 0));
        let c = count(Facts {
            due_on: Some(d(19)),
            ..facts()
        });
        assert_eq!((c.in_progress_on_time, c.in_progress_overdue), (0, 1));
        let c = count(Facts {
            due_on: None,
            ..facts()
        });
        assert_eq!(c.in_progress_on_time, 1, "a paused clock is not overdue");
    }

    #[test]
    fn ends_are_counted_apart() {
        let c = count(Facts {
            ended: Some((End::Stopped, d(18))),
            ..facts()
        });
        assert_eq!(
            (c.stopped, c.received_total, c.in_progress_total),
            (1, 1, 0)
        );
        let c = count(Facts {
            received_on: None,
            ended: Some((End::Refused, d(11))),
            ..facts()
        });
        assert_eq!((c.refused, c.received_total), (1, 0));
        let c = count(Facts {
            online: true,
            received_on: None,
            ended: Some((End::Withdrawn, d(11))),
            ..facts()
        });
        assert_eq!(
            (c.withdrawn, c.received_total),
            (1, 0),
            "withdrawn before reception"
        );
        let c = count(Facts {
            ended: Some((End::Withdrawn, d(21))),
            ..facts()
        });
        assert_eq!(
            (c.withdrawn, c.in_progress_total),
            (0, 1),
            "withdrawn after the period"
        );
    }

    #[test]
    fn rates_and_totals() {
        let mut total = Counts::default();
        for f in [
            Facts {
                resolved_on: Some(d(14)),
                ..facts()
            },
            Facts {
                online: true,
                resolved_on: Some(d(16)),
                ..facts()
            },
        ] {
            let mut one = Counts::default();
            one.add(&f, &period());
            total.merge(&one);
        }
        assert_eq!(total.on_time_rate(), Some(0.5));
        assert_eq!(total.online_share(), Some(0.5));
        assert_eq!(Counts::default().on_time_rate(), None);
    }

    fn day() -> impl Strategy<Value = NaiveDate> {
        (0i64..60).prop_map(|n| d(1) + chrono::Duration::days(n))
    }

    fn any_facts() -> impl Strategy<Value = Facts> {
        (
            any::<bool>(),
            day(),
            prop::option::of(0i64..30),
            prop::option::of((0u8..3, 0i64..30)),
            prop::option::of(day()),
            any::<bool>(),
            (0i64..10_000, prop::option::of((0i64..40, any::<bool>()))),
        )
            .prop_map(
                |(online, received, resolved, ended, due, apologized, (minutes, rating))| {
                    let after = |n: i64| received + chrono::Duration::days(n);
                    // A resolved application does not also end without a resolution.
                    let ended = ended.filter(|_| resolved.is_none()).map(|(k, n)| {
                        let end = match k {
                            0 => End::Withdrawn,
                            1 => End::Stopped,
                            _ => End::Refused,
                        };
                        (end, after(n))
                    });
                    let refused = matches!(ended, Some((End::Refused, _)));
                    Facts {
                        online,
                        received_on: (!refused).then_some(received),
                        resolved_on: resolved.map(after),
                        ended,
                        due_on: due,
                        apologized,
                        resolution_minutes: if resolved.is_some() { minutes } else { 0 },
                        rating: rating
                            .filter(|_| resolved.is_some())
                            .map(|(n, satisfied)| (after(n), satisfied)),
                    }
                },
            )
    }

    #[test]
    fn a_quarter_is_three_months_and_a_year_a_year() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            cover(day(2025, 4, 1), day(2025, 6, 30)),
            vec![Piece {
                span: Span::Month,
                first: day(2025, 4, 1),
                last: day(2025, 6, 1)
            }]
        );
        assert_eq!(
            cover(day(2024, 12, 30), day(2026, 1, 2)),
            vec![
                Piece {
                    span: Span::Day,
                    first: day(2024, 12, 30),
                    last: day(2024, 12, 31)
                },
                Piece {
                    span: Span::Year,
                    first: day(2025, 1, 1),
                    last: day(2025, 1, 1)
                },
                Piece {
                    span: Span::Day,
                    first: day(2026, 1, 1),
                    last: day(2026, 1, 2)
                },
            ]
        );
        assert!(cover_before(epoch()).is_empty());
    }

    fn bucket_days(piece: &Piece) -> Vec<NaiveDate> {
        let mut days = Vec::new();
        let mut start = piece.first;
        while start <= piece.last {
            let next = piece.span.next(start);
            let mut day = start;
            while day < next {
                days.push(day);
                day = day.succ_opt().unwrap();
            }
            start = next;
        }
        days
    }

    fn sum_over(all: &[Facts], keep: impl Fn(NaiveDate) -> bool) -> Tally {
        all.iter()
            .flat_map(tallies)
            .filter(|(day, _)| keep(*day))
            .fold(Tally::default(), |acc, (_, t)| acc.plus(&t))
    }

    proptest! {
        /// The pieces cover every day of the range once and nothing else.
        #[test]
        fn cover_partitions_the_range(from in 0i64..2000, len in 0i64..1500) {
            let base = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
            let from = base + chrono::Duration::days(from);
            let to = from + chrono::Duration::days(len);
            let pieces = cover(from, to);
            prop_assert!(pieces.len() <= 5);
            let days: Vec<NaiveDate> = pieces.iter().flat_map(bucket_days).collect();
            let expected: Vec<NaiveDate> = (0..=len).map(|n| from + chrono::Duration::days(n)).collect();
            prop_assert_eq!(days, expected);
        }

        /// Summing the tallies over the period and before it gives exactly the classifier's
        /// columns.
        #[test]
        fn tallies_give_the_classifiers_columns(all in prop::collection::vec(any_facts(), 0..40), from in day(), len in 0i64..30) {
            let period = Period { from, to: from + chrono::Duration::days(len) };
            let mut expected = Counts::default();
            for f in &all {
                expected.add(f, &period);
            }
            let during = sum_over(&all, |d| period.contains(d));
            let before = sum_over(&all, |d| d < period.from);
            prop_assert_eq!(Counts::from_tallies(&during, &before), expected);
        }

        /// Applying the changes between two states of an application to the first state's
        /// tallies gives the second's.
        #[test]
        fn changes_move_one_state_to_the_next(a in any_facts(), b in any_facts()) {
            let mut by_day: std::collections::BTreeMap<NaiveDate, Tally> = Default::default();
            for (day, t) in tallies(&a).into_iter().chain(tally_changes(Some(&a), Some(&b))) {
                let e = by_day.entry(day).or_default();
                *e = e.plus(&t);
            }
            let mut expected: std::collections::BTreeMap<NaiveDate, Tally> = Default::default();
            for (day, t) in tallies(&b) {
                let e = expected.entry(day).or_default();
                *e = e.plus(&t);
            }
            by_day.retain(|_, t| !t.is_zero());
            expected.retain(|_, t| !t.is_zero());
            prop_assert_eq!(by_day, expected);
        }
    }

    proptest! {
        /// Whatever the histories: received = new + carried over; every received application
        /// open at some point in the period is resolved, in progress, withdrawn or stopped; and
        /// the splits add up.
        #[test]
        fn the_columns_add_up(all in prop::collection::vec(any_facts(), 0..60), from in day(), len in 0i64..30) {
            let period = Period { from, to: from + chrono::Duration::days(len) };
            let mut counts = Counts::default();
            let mut received_ends = 0;
            for f in &all {
                let mut one = Counts::default();
                one.add(f, &period);
                if one.received_total == 1
                    && f.ended.is_some_and(|(_, on)| period.contains(on))
                {
                    received_ends += 1;
                }
                counts.merge(&one);
            }
            prop_assert_eq!(counts.received_total, counts.new_online + counts.new_in_person + counts.carried_over);
            prop_assert_eq!(counts.resolved_total, counts.resolved_early + counts.resolved_on_time + counts.resolved_late);
            prop_assert_eq!(counts.in_progress_total, counts.in_progress_on_time + counts.in_progress_overdue);
            prop_assert_eq!(counts.received_total, {
                // Received in or carried into the period: each is resolved in it, still open
                // at its end, or withdrawn or stopped in it.
                let mut resolved_received = 0;
                for f in &all {
                    let mut one = Counts::default();
                    one.add(f, &period);
                    if one.received_total == 1 && one.resolved_total == 1 {
                        resolved_received += 1;
                    }
                }
                resolved_received + counts.in_progress_total + received_ends
            });
        }
    }
}
