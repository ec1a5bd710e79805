//! Property tests on random calendars: the fast arithmetic against a day-by-day reference model,
//! and the rules a due date must keep whatever the calendar.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use proptest::prelude::*;

use super::*;

fn origin() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
}

fn office_hours(preset: usize) -> OfficeHours {
    match preset {
        0 => OfficeHours::standard(),
        1 => OfficeHours::parse(&["07:00-11:00", "13:00-17:00"], "16:30").unwrap(),
        2 => OfficeHours::parse(&["08:00-16:00"], "16:00").unwrap(),
        _ => OfficeHours::parse(&["07:00-10:00", "10:30-12:30", "13:30-16:30"], "18:00").unwrap(),
    }
}

/// A calendar and the plain rules it should follow, computed day by day.
#[derive(Debug)]
struct Case {
    calendar: Calendar,
    hours: OfficeHours,
    exceptions: HashMap<NaiveDate, DayKind>,
}

impl Case {
    fn is_working(&self, date: NaiveDate) -> bool {
        match self.exceptions.get(&date) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::WorkingDay) => true,
            None => date.weekday().num_days_from_monday() < 5,
        }
    }

    fn next_working(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date.succ_opt().unwrap();
        while !self.is_working(day) {
            day = day.succ_opt().unwrap();
        }
        day
    }

    fn clock_start(&self, received: NaiveDateTime) -> NaiveDateTime {
        let (day, time) = (received.date(), received.time());
        if self.is_working(day) && time < self.hours.cutoff() {
            for &(start, end) in self.hours.sessions() {
                if time < start {
                    if start < self.hours.cutoff() {
                        return day.and_time(start);
                    }
                    break;
                }
                if time < end {
                    return received;
                }
            }
        }
        self.next_working(day).and_time(self.hours.opening())
    }

    fn add_minutes(&self, start: NaiveDateTime, minutes: i64) -> NaiveDateTime {
        if minutes <= 0 {
            return start;
        }
        let mut left = minutes * 60;
        let (mut day, mut from) = (start.date(), start.time());
        loop {
            if self.is_working(day) {
                for &(s, e) in self.hours.sessions() {
                    if e <= from {
                        continue;
                    }
                    let begin = s.max(from);
                    let available = (e - begin).num_seconds();
                    if left <= available {
                        return day.and_time(begin) + TimeDelta::seconds(left);
                    }
                    left -= available;
                }
            }
            day = day.succ_opt().unwrap();
            from = NaiveTime::MIN;
        }
    }

    fn minutes_between(&self, from: NaiveDateTime, to: NaiveDateTime) -> i64 {
        let mut secs = 0;
        let mut day = from.date();
        while day <= to.date() {
            if self.is_working(day) {
                for &(s, e) in self.hours.sessions() {
                    let begin = day.and_time(s).max(from);
                    let end = day.and_time(e).min(to);
                    if end > begin {
                        secs += (end - begin).num_seconds();
                    }
                }
            }
            day = day.succ_opt().unwrap();
        }
        secs / 60
    }

    fn within_office_hours(&self, t: NaiveDateTime) -> bool {
        self.hours
            .sessions()
            .iter()
            .any(|&(s, e)| s <= t.time() && t.time() <= e)
    }
}

fn case() -> impl Strategy<Value = Case> {
    let exceptions = prop::collection::vec((-60i64..800, any::<bool>()), 0..80);
    (0usize..4, exceptions).prop_map(|(preset, exceptions)| {
        let hours = office_hours(preset);
        let exceptions: Vec<(NaiveDate, DayKind)> = exceptions
            .into_iter()
            .map(|(offset, worked)| {
                let kind = if worked {
                    DayKind::WorkingDay
                } else {
                    DayKind::Holiday
                };
                (origin() + TimeDelta::days(offset), kind)
            })
            .collect();
        Case {
            calendar: Calendar::new(hours.clone(), exceptions.iter().copied()),
            hours,
            exceptions: exceptions.into_iter().collect(),
        }
    })
}

/// Any minute from a year before the exceptions to a year after.
fn instant() -> impl Strategy<Value = NaiveDateTime> {
    (-400i64..1200, 0i64..1440).prop_map(|(day, minute)| {
        origin().and_time(NaiveTime::MIN) + TimeDelta::days(day) + TimeDelta::minutes(minute)
    })
}

fn any_unit() -> impl Strategy<Value = TimeUnit> {
    prop_oneof![
        Just(TimeUnit::WorkingDays),
        Just(TimeUnit::WorkingHours),
        Just(TimeUnit::CalendarDays),
        Just(TimeUnit::Months),
    ]
}

fn is_office_unit(unit: TimeUnit) -> bool {
    matches!(unit, TimeUnit::WorkingDays | TimeUnit::WorkingHours)
}

/// Working units compare instants; calendar units compare days, because their day-off rule
/// (close of the next working day) can put a longer limit at an earlier hour of the same day.
fn not_earlier(unit: TimeUnit, later: NaiveDateTime, earlier: NaiveDateTime) -> bool {
    if is_office_unit(unit) {
        later >= earlier
    } else {
        later.date() >= earlier.date()
    }
}

proptest! {
    #[test]
    fn agrees_with_the_day_by_day_model(
        case in case(),
        a in instant(),
        b in instant(),
        minutes in 0i64..(40 * 480),
    ) {
        let cal = &case.calendar;
        prop_assert_eq!(cal.is_working_day(a.date()), case.is_working(a.date()));
        prop_assert_eq!(cal.next_working_day(a.date()), case.next_working(a.date()));
        prop_assert_eq!(cal.clock_start(a), case.clock_start(a));
        prop_assert_eq!(cal.add_working_minutes(a, minutes), case.add_minutes(a, minutes));
        prop_assert_eq!(cal.working_minutes_between(a, b), if b > a { case.minutes_between(a, b) } else { 0 });
    }

    #[test]
    fn clock_start_is_idempotent_and_inside_a_session(case in case(), received in instant()) {
        let cal = &case.calendar;
        let start = cal.clock_start(received);
        prop_assert!(start >= received);
        prop_assert_eq!(cal.clock_start(start), start);
        prop_assert!(cal.is_working_day(start.date()));
        prop_assert!(start.time() < case.hours.cutoff());
        prop_assert!(case.hours.sessions().iter().any(|&(s, e)| s <= start.time() && start.time() < e));
    }

    #[test]
    fn due_is_on_a_working_day_within_office_hours(
        case in case(),
        received in instant(),
        amount in 0i64..60,
        unit in any_unit(),
    ) {
        let cal = &case.calendar;
        let due = cal.add(cal.clock_start(received), amount, unit);
        prop_assert!(cal.is_working_day(due.date()), "{due} {unit:?}");
        if is_office_unit(unit) {
            prop_assert!(case.within_office_hours(due), "{due}");
        }
    }

    #[test]
    fn more_time_never_gives_an_earlier_due(
        case in case(),
        received in instant(),
        amount in 0i64..60,
        more in 0i64..30,
        unit in any_unit(),
    ) {
        let cal = &case.calendar;
        let start = cal.clock_start(received);
        let due = cal.add(start, amount, unit);
        let later = cal.add(start, amount + more, unit);
        prop_assert!(not_earlier(unit, later, due), "{due} then {later}");
        if is_office_unit(unit) && more > 0 {
            prop_assert!(later > due);
        }
    }

    #[test]
    fn a_pause_never_shortens_the_deadline_and_restart_is_never_earlier(
        case in case(),
        received in instant(),
        amount in 0i64..40,
        unit in any_unit(),
        run_for in 0i64..20_000,
        paused_for in 0i64..20_000,
    ) {
        let cal = &case.calendar;
        let limit = TimeLimit { amount, unit };
        let start = cal.clock_start(received);
        let pause = start + TimeDelta::minutes(run_for);
        let resume = cal.clock_start(pause + TimeDelta::minutes(paused_for));
        let straight = cal.due(limit, &[Segment { start, end: None, restart: false }]).unwrap();
        let first = Segment { start, end: Some(pause), restart: false };
        let resumed = cal.due(limit, &[first, Segment { start: resume, end: None, restart: false }]).unwrap();
        let restarted = cal.due(limit, &[first, Segment { start: resume, end: None, restart: true }]).unwrap();
        prop_assert!(not_earlier(unit, resumed, straight), "{straight} then {resumed}");
        // Months are the exception: after a restart they count by the calendar (the same day
        // of the month, checked below), while a resume carries the time left as real time; the
        // two differ by the months' lengths and the day-off rule, either way.
        if unit != TimeUnit::Months {
            prop_assert!(not_earlier(unit, restarted, resumed), "{resumed} then {restarted}");
        }
        prop_assert_eq!(restarted, cal.add(resume, amount, unit));
        // While paused there is no due date, unless the limit ran out before the pause (on the
        // office clock, by the pause; in calendar units the day-off rule may carry it past).
        let paused = cal.deadline(limit, &[first]);
        prop_assert_eq!(paused.due.is_none(), paused.remaining_minutes > 0);
        if is_office_unit(unit) {
            prop_assert!(paused.due.is_none_or(|due| due <= pause));
        }
        // `due` is `deadline(..).due`.
        let segments = [first, Segment { start: resume, end: None, restart: false }];
        prop_assert_eq!(cal.deadline(limit, &segments).due, Some(resumed));
    }

    #[test]
    fn adding_and_measuring_are_inverse(
        case in case(),
        a in instant(),
        b in instant(),
        minutes in 0i64..(40 * 480),
    ) {
        let cal = &case.calendar;
        let end = cal.add_working_minutes(a, minutes);
        prop_assert_eq!(cal.working_minutes_between(a, end), minutes);
        if b >= a {
            // Back from a measure: the earliest instant with the same office time, so b itself
            // unless b sits in a gap or a day off (then that gap's start).
            let back = cal.add_working_minutes(a, cal.working_minutes_between(a, b));
            prop_assert!(back <= b);
            prop_assert_eq!(cal.working_minutes_between(back, b), 0);
        }
    }

    #[test]
    fn n_working_days_end_on_the_nth_working_day(
        case in case(),
        received in instant(),
        n in 1i64..60,
    ) {
        let cal = &case.calendar;
        let start = cal.clock_start(received);
        let due = cal.add(start, n, TimeUnit::WorkingDays);
        if start.time() == case.hours.opening() {
            // From the opening, the start day is the first of the N days: the N-th day's close.
            prop_assert_eq!(due.date(), cal.nth_working_day_after(start.date(), n - 1));
            prop_assert_eq!(due.time(), case.hours.closing());
        } else {
            // Otherwise the N-th working day after the start day, at the same office time.
            prop_assert_eq!(due.date(), cal.nth_working_day_after(start.date(), n));
            prop_assert_eq!(
                cal.working_minutes_between(due.date().and_time(NaiveTime::MIN), due),
                cal.working_minutes_between(start.date().and_time(NaiveTime::MIN), start)
            );
        }
    }
}
