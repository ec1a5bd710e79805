//! What the staff application pages and the specialist's worklist read and do, each in one
//! operation: an application with everything its page shows and the actions its viewer may
//! take ([`page`]), the worklist ([`worklist`]), and an action taken with the result's file
//! ([`acting`]). The actions themselves are the JSON API's `applications::actions::act`.

pub mod acting;
pub mod page;
pub mod worklist;

use chrono::NaiveDateTime;

use crate::domain::application::{Status, apology_in_time};
use crate::domain::calendar::Calendar;

/// How close an open application is to its due instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    /// Past its due instant.
    Overdue,
    /// Less than one working day left: the last moment for the apology has passed.
    DueSoon,
    /// At least one working day left.
    InTime,
    /// Ended, resolved, or the clock paused or without a limit.
    NoDeadline,
}

impl Urgency {
    /// The urgency of a status and due instant now.
    pub fn of(
        calendar: &Calendar,
        status: Status,
        due_at: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> Self {
        match due_at {
            Some(due) if Status::RUNNING.contains(&status) => {
                if due < now {
                    Self::Overdue
                } else if apology_in_time(calendar, now, due) {
                    Self::InTime
                } else {
                    Self::DueSoon
                }
            }
            _ => Self::NoDeadline,
        }
    }

    /// The token the pages name it by (`overdue`, `due-soon`, `in-time`, `none`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Overdue => "overdue",
            Self::DueSoon => "due-soon",
            Self::InTime => "in-time",
            Self::NoDeadline => "none",
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::calendar::{DayKind, OfficeHours, from_local};

    /// A Vietnam-time moment as the stored UTC.
    fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
        let local = NaiveDate::from_ymd_opt(2026, 12, day)
            .and_then(|d| d.and_hms_opt(hour, minute, 0))
            .unwrap_or_default();
        from_local(local).naive_utc()
    }

    #[test]
    fn the_working_day_calendar_decides_what_is_due_soon() {
        // Thursday 3 December 2026, 15:00: one working day before Friday 15:00.
        let plain = Calendar::new(OfficeHours::standard(), []);
        let now = at(3, 15, 0);
        let running = Status::Processing;
        assert_eq!(
            Urgency::of(&plain, running, Some(at(4, 16, 0)), now),
            Urgency::InTime
        );
        assert_eq!(
            Urgency::of(&plain, running, Some(at(4, 10, 0)), now),
            Urgency::DueSoon
        );
        // Due on Monday 10:00: from Thursday a whole Friday is left; from Friday 15:00 the
        // weekend does not count, so less than a working day is left, three days ahead.
        assert_eq!(
            Urgency::of(&plain, running, Some(at(7, 10, 0)), now),
            Urgency::InTime
        );
        assert_eq!(
            Urgency::of(&plain, running, Some(at(7, 10, 0)), at(4, 15, 0)),
            Urgency::DueSoon
        );
        // With Friday a holiday, Monday 10:00 is due soon already on Thursday.
        let holiday = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap_or_default();
        let off = Calendar::new(OfficeHours::standard(), [(holiday, DayKind::Holiday)]);
        assert_eq!(
            Urgency::of(&off, running, Some(at(7, 10, 0)), now),
            Urgency::DueSoon
        );
        // Past it: overdue; paused or finished: no deadline to mark.
        assert_eq!(
            Urgency::of(&plain, running, Some(at(3, 14, 0)), now),
            Urgency::Overdue
        );
        assert_eq!(
            Urgency::of(&plain, Status::SupplementRequested, Some(at(3, 14, 0)), now),
            Urgency::NoDeadline
        );
        assert_eq!(
            Urgency::of(&plain, Status::Resolved, None, now),
            Urgency::NoDeadline
        );
    }
}
