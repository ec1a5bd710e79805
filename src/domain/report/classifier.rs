//! The classifier: one application's facts and a period in, its contributions to the report's
//! columns out (the rules are in the module's documentation).

use chrono::NaiveDate;

use crate::domain::application::{Status, Timeliness, timeliness};

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

impl End {
    /// The end a final status without a resolution stands for; `None` for every other status.
    pub fn of(status: Status) -> Option<End> {
        match status {
            Status::Refused => Some(End::Refused),
            Status::Withdrawn => Some(End::Withdrawn),
            Status::Stopped => Some(End::Stopped),
            _ => None,
        }
    }
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
    /// It has no processing time at all (its procedure's time is unknown): it never has a
    /// due date and is counted apart, never as on time.
    pub no_deadline: bool,
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
    pub(super) fn contains(&self, day: NaiveDate) -> bool {
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
    /// Resolved without any processing time (counted apart, in neither of the above).
    pub resolved_no_deadline: u64,
    /// Open at the period's end.
    pub in_progress_total: u64,
    /// Of those, not past the due date at the period's end.
    pub in_progress_on_time: u64,
    /// Past it.
    pub in_progress_overdue: u64,
    /// Open without any processing time (neither on time nor overdue).
    pub in_progress_no_deadline: u64,
    /// Withdrawn in the period, after reception (part of the received ones' outcomes).
    pub withdrawn: u64,
    /// Stopped in the period, after reception.
    pub stopped: u64,
    /// Refused at reception in the period (never received: shown apart).
    pub refused: u64,
    /// Withdrawn in the period before any clerk received it (never received: shown apart).
    pub withdrawn_before_reception: u64,
    /// Stopped in the period before any clerk received it (never received: shown apart).
    pub stopped_before_reception: u64,
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
                if facts.no_deadline {
                    self.in_progress_no_deadline += 1;
                } else if facts.due_on.is_none_or(|due| due >= period.to) {
                    self.in_progress_on_time += 1;
                } else {
                    self.in_progress_overdue += 1;
                }
            }
        }
        if let Some(resolved) = facts.resolved_on.filter(|r| period.contains(*r)) {
            self.resolved_total += 1;
            let judged = match facts.due_on {
                _ if facts.no_deadline => None,
                Some(due) => Some(timeliness(resolved, due, facts.apologized)),
                None if facts.apologized => Some(Timeliness::Late),
                None => Some(Timeliness::OnTime),
            };
            match judged {
                None => self.resolved_no_deadline += 1,
                Some(Timeliness::Early) => self.resolved_early += 1,
                Some(Timeliness::OnTime) => self.resolved_on_time += 1,
                Some(Timeliness::Late) => self.resolved_late += 1,
            }
            self.resolution_minutes += facts.resolution_minutes.max(0).unsigned_abs();
        }
        if let Some((_, satisfied)) = facts.rating.filter(|(on, _)| period.contains(*on)) {
            self.rated += 1;
            self.satisfied += u64::from(satisfied);
        }
        if let Some((end, _)) = facts.ended.filter(|(_, on)| period.contains(*on)) {
            // Only what was received belongs to the table's rows; the rest is shown apart.
            let received = facts.received_on.is_some();
            match end {
                End::Refused => self.refused += 1,
                End::Withdrawn if received => self.withdrawn += 1,
                End::Withdrawn => self.withdrawn_before_reception += 1,
                End::Stopped if received => self.stopped += 1,
                End::Stopped => self.stopped_before_reception += 1,
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
        self.resolved_no_deadline += other.resolved_no_deadline;
        self.in_progress_total += other.in_progress_total;
        self.in_progress_on_time += other.in_progress_on_time;
        self.in_progress_overdue += other.in_progress_overdue;
        self.in_progress_no_deadline += other.in_progress_no_deadline;
        self.withdrawn += other.withdrawn;
        self.stopped += other.stopped;
        self.refused += other.refused;
        self.withdrawn_before_reception += other.withdrawn_before_reception;
        self.stopped_before_reception += other.stopped_before_reception;
        self.resolution_minutes += other.resolution_minutes;
        self.rated += other.rated;
        self.satisfied += other.satisfied;
    }

    /// (Early + on time) ÷ resolved with a due date, when any was: those without any
    /// processing time are shown apart and judged neither way.
    pub fn on_time_rate(&self) -> Option<f64> {
        ratio(
            self.resolved_early + self.resolved_on_time,
            self.resolved_with_deadline(),
        )
    }

    /// Resolved + in progress + withdrawn + stopped: what became of the received ones, equal
    /// to [`Counts::received_total`] for any set of applications.
    pub fn outcomes_total(&self) -> u64 {
        self.resolved_total + self.in_progress_total + self.withdrawn + self.stopped
    }

    /// Never received: withdrawn or stopped before reception, or refused at it.
    pub fn not_received_total(&self) -> u64 {
        self.withdrawn_before_reception + self.stopped_before_reception + self.refused
    }

    /// Resolved, less those without any processing time.
    pub fn resolved_with_deadline(&self) -> u64 {
        self.resolved_total
            .saturating_sub(self.resolved_no_deadline)
    }

    /// In progress, less those without any processing time.
    pub fn in_progress_with_deadline(&self) -> u64 {
        self.in_progress_total
            .saturating_sub(self.in_progress_no_deadline)
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

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::testing::{any_facts, d, day};
    use proptest::prelude::*;

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
            no_deadline: false,
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
    fn without_a_processing_time_counted_apart_never_on_time() {
        let untimed = Facts {
            due_on: None,
            no_deadline: true,
            ..facts()
        };
        let c = count(Facts {
            resolved_on: Some(d(14)),
            ..untimed
        });
        assert_eq!(
            (
                c.resolved_total,
                c.resolved_no_deadline,
                c.resolved_on_time,
                c.resolved_early
            ),
            (1, 1, 0, 0)
        );
        assert_eq!(c.on_time_rate(), None, "nothing to judge");
        let c = count(untimed);
        assert_eq!(
            (
                c.in_progress_total,
                c.in_progress_no_deadline,
                c.in_progress_on_time
            ),
            (1, 1, 0)
        );
        // With a time but no due date (a paused clock), on time as before.
        let c = count(Facts {
            due_on: None,
            ..facts()
        });
        assert_eq!((c.in_progress_on_time, c.in_progress_no_deadline), (1, 0));
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
            (c.withdrawn, c.withdrawn_before_reception, c.received_total),
            (0, 1, 0),
            "withdrawn before reception: shown apart"
        );
        let c = count(Facts {
            ended: Some((End::Withdrawn, d(14))),
            ..facts()
        });
        assert_eq!(
            (c.withdrawn, c.withdrawn_before_reception, c.received_total),
            (1, 0, 1),
            "withdrawn after reception: in the table"
        );
        let c = count(Facts {
            received_on: None,
            ended: Some((End::Stopped, d(11))),
            ..facts()
        });
        assert_eq!(
            (c.stopped, c.stopped_before_reception, c.received_total),
            (0, 1, 0),
            "stopped while a supplement was awaited before reception"
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

    proptest! {
        /// Whatever the histories: received = new + carried over; every received application
        /// is resolved, in progress, withdrawn or stopped (received = outcomes); what was never
        /// received is shown apart; and the splits add up.
        #[test]
        fn the_columns_add_up(all in prop::collection::vec(any_facts(), 0..60), from in day(), len in 0i64..30) {
            let period = Period { from, to: from + chrono::Duration::days(len) };
            let mut counts = Counts::default();
            let mut unreceived_ends = 0;
            for f in &all {
                counts.add(f, &period);
                if f.received_on.is_none() && f.ended.is_some_and(|(_, on)| period.contains(on)) {
                    unreceived_ends += 1;
                }
            }
            prop_assert_eq!(counts.received_total, counts.new_online + counts.new_in_person + counts.carried_over);
            prop_assert_eq!(counts.received_total, counts.outcomes_total());
            prop_assert_eq!(counts.not_received_total(), unreceived_ends);
            prop_assert_eq!(counts.resolved_total, counts.resolved_early + counts.resolved_on_time + counts.resolved_late + counts.resolved_no_deadline);
            prop_assert_eq!(counts.in_progress_total, counts.in_progress_on_time + counts.in_progress_overdue + counts.in_progress_no_deadline);
            // Without any processing time, never on time.
            let untimed: Vec<&Facts> = all.iter().filter(|f| f.no_deadline).collect();
            let mut apart = Counts::default();
            for f in &untimed {
                apart.add(f, &period);
            }
            prop_assert_eq!(apart.resolved_early + apart.resolved_on_time + apart.resolved_late, 0);
            prop_assert_eq!(apart.in_progress_on_time + apart.in_progress_overdue, 0);
            prop_assert_eq!(apart.resolved_no_deadline, apart.resolved_total);
        }
    }
}
