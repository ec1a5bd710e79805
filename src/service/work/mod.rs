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
