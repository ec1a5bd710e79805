//! Tallies: an application's contributions as changes to running sums by day, and the
//! report's columns from those sums.

use chrono::NaiveDate;

use super::{Counts, End, Facts};
use crate::domain::application::{Timeliness, timeliness};

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
    /// Withdrawn after reception.
    pub withdrawn: i64,
    /// Stopped after reception.
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
    /// Resolved without any processing time.
    pub resolved_no_deadline: i64,
    /// Entered (+1) or left (−1) the open-without-a-deadline stock.
    pub open_no_deadline: i64,
    /// Withdrawn before reception.
    pub withdrawn_before_reception: i64,
    /// Stopped before reception.
    pub stopped_before_reception: i64,
}

impl Tally {
    /// Every column, in the stored order.
    pub fn columns(&self) -> [i64; 17] {
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
            self.resolved_no_deadline,
            self.open_no_deadline,
            self.withdrawn_before_reception,
            self.stopped_before_reception,
        ]
    }

    /// The tally of stored columns, in [`Tally::columns`] order.
    pub fn from_columns(c: [i64; 17]) -> Self {
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
            resolved_no_deadline: c[13],
            open_no_deadline: c[14],
            withdrawn_before_reception: c[15],
            stopped_before_reception: c[16],
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
        let no_deadline = i64::from(facts.no_deadline);
        out.push((
            received,
            Tally {
                open_no_deadline: no_deadline,
                ..new
            },
        ));
        if let Some(closed) = closed {
            out.push((
                closed,
                Tally {
                    open: -1,
                    open_no_deadline: -no_deadline,
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
            _ if facts.no_deadline => None,
            Some(due) => Some(timeliness(resolved, due, facts.apologized)),
            None if facts.apologized => Some(Timeliness::Late),
            None => Some(Timeliness::OnTime),
        };
        let mut t = Tally {
            resolution_minutes: facts.resolution_minutes.max(0),
            ..Tally::default()
        };
        match judged {
            None => t.resolved_no_deadline = 1,
            Some(Timeliness::Early) => t.resolved_early = 1,
            Some(Timeliness::OnTime) => t.resolved_on_time = 1,
            Some(Timeliness::Late) => t.resolved_late = 1,
        }
        out.push((resolved, t));
    }
    if let Some((end, on)) = facts.ended {
        let mut t = Tally::default();
        let received = facts.received_on.is_some();
        match end {
            End::Refused => t.refused = 1,
            End::Withdrawn if received => t.withdrawn = 1,
            End::Withdrawn => t.withdrawn_before_reception = 1,
            End::Stopped if received => t.stopped = 1,
            End::Stopped => t.stopped_before_reception = 1,
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
        let resolved_no_deadline = count(during.resolved_no_deadline);
        let in_progress_no_deadline = count(before.open_no_deadline + during.open_no_deadline);
        Counts {
            received_total: count(during.new_online + during.new_in_person) + carried_over,
            new_online: count(during.new_online),
            new_in_person: count(during.new_in_person),
            carried_over,
            resolved_total: resolved_early
                + resolved_on_time
                + resolved_late
                + resolved_no_deadline,
            resolved_early,
            resolved_on_time,
            resolved_late,
            resolved_no_deadline,
            in_progress_total,
            in_progress_on_time: in_progress_total
                .saturating_sub(in_progress_overdue)
                .saturating_sub(in_progress_no_deadline),
            in_progress_overdue,
            in_progress_no_deadline,
            withdrawn: count(during.withdrawn),
            stopped: count(during.stopped),
            refused: count(during.refused),
            withdrawn_before_reception: count(during.withdrawn_before_reception),
            stopped_before_reception: count(during.stopped_before_reception),
            resolution_minutes: count(during.resolution_minutes),
            rated: count(during.rated),
            satisfied: count(during.satisfied),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::Period;
    use crate::domain::report::testing::{any_facts, day};
    use proptest::prelude::*;

    fn sum_over(all: &[Facts], keep: impl Fn(NaiveDate) -> bool) -> Tally {
        all.iter()
            .flat_map(tallies)
            .filter(|(day, _)| keep(*day))
            .fold(Tally::default(), |acc, (_, t)| acc.plus(&t))
    }

    proptest! {
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
}
