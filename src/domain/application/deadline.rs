//! Deadlines of an application: its limit, and the due instant its clock gives.

use chrono::NaiveDateTime;

use super::State;
use crate::domain::calendar::{Calendar, TimeLimit, from_local, to_local};
use crate::domain::procedure::TimeUnit;

/// The processing time stored with an application.
pub fn limit_of(amount: Option<i64>, unit: Option<&str>) -> Option<TimeLimit> {
    Some(TimeLimit {
        amount: amount?,
        unit: TimeUnit::from_token(unit?)?,
    })
}

/// A procedure's processing time as a whole-number limit: half a working day is 4 working
/// hours; a fraction of a calendar day counts as a whole day.
pub fn limit_from_procedure(amount: Option<f64>, unit: Option<TimeUnit>) -> Option<TimeLimit> {
    let (amount, unit) = (amount?, unit?);
    if !amount.is_finite() || amount <= 0.0 {
        return None;
    }
    let whole = |x: f64| (x.fract() == 0.0).then_some(x as i64);
    Some(match unit {
        TimeUnit::WorkingDays => match whole(amount) {
            Some(days) => TimeLimit { amount: days, unit },
            None => TimeLimit {
                amount: (amount * 8.0).ceil() as i64,
                unit: TimeUnit::WorkingHours,
            },
        },
        TimeUnit::WorkingHours => TimeLimit {
            amount: amount.ceil() as i64,
            unit,
        },
        _ => TimeLimit {
            amount: amount.ceil() as i64,
            unit,
        },
    })
}

/// The statutory due instant (UTC) of a state: running clocks and ended ones (as they stood
/// when they stopped) have one; a clock paused for a supplement or a payment has none.
pub fn due_of(
    calendar: &Calendar,
    limit: Option<TimeLimit>,
    state: &State,
) -> Option<NaiveDateTime> {
    let limit = limit?;
    let status = state.status?;
    if status.pauses_clock() || state.clock.is_empty() {
        return None;
    }
    let mut segments = state.segments(calendar);
    // A resolution or an end stops the clock; the due date is the one that stood then. A
    // clock that was already paused when the application ended has none.
    let ended_at = state.resolved_at.or(state.finished_at);
    if !status.is_open()
        && let (Some(last), Some(stretch)) = (segments.last_mut(), state.clock.last())
    {
        if stretch.to.is_some() && stretch.to == ended_at {
            last.end = None;
        } else {
            return None;
        }
    }
    calendar
        .due(limit, &segments)
        .map(|local| from_local(local).naive_utc())
}

/// Whether at least one working day is left before a due instant (UTC).
pub fn apology_in_time(calendar: &Calendar, now: NaiveDateTime, due: NaiveDateTime) -> bool {
    let minutes =
        calendar.working_minutes_between(to_local(now.and_utc()), to_local(due.and_utc()));
    minutes >= 8 * 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn procedure_times_become_whole_limits() {
        let days = limit_from_procedure(Some(15.0), Some(TimeUnit::WorkingDays)).unwrap();
        assert_eq!((days.amount, days.unit), (15, TimeUnit::WorkingDays));
        let half = limit_from_procedure(Some(0.5), Some(TimeUnit::WorkingDays)).unwrap();
        assert_eq!((half.amount, half.unit), (4, TimeUnit::WorkingHours));
        let cal = limit_from_procedure(Some(2.5), Some(TimeUnit::CalendarDays)).unwrap();
        assert_eq!(cal.amount, 3);
        assert!(limit_from_procedure(Some(0.0), Some(TimeUnit::WorkingDays)).is_none());
        assert!(limit_from_procedure(None, Some(TimeUnit::WorkingDays)).is_none());
    }
}
