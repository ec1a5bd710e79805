//! Unit tests: office hours, clock starts and due dates against Vietnam's real calendar.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn hm(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap()
}

fn vn() -> Calendar {
    Calendar::vn_default()
}

fn running(start: &str) -> Segment {
    Segment {
        start: t(start),
        end: None,
        restart: false,
    }
}

fn closed(start: &str, end: &str) -> Segment {
    Segment {
        start: t(start),
        end: Some(t(end)),
        restart: false,
    }
}

// ---------------------------------------------------------------- day arithmetic

#[test]
fn weekday_arithmetic_matches_chrono() {
    for n in -800..3000 {
        let date = NaiveDate::from_num_days_from_ce_opt(n).unwrap();
        let chrono_weekday = i64::from(date.weekday().num_days_from_monday());
        assert_eq!((i64::from(n) - 1).rem_euclid(7), chrono_weekday, "{date}");
    }
    // weekdays_before and nth_weekday are inverse of each other.
    for k in -50..200 {
        let n = nth_weekday(k);
        assert!((n - 1).rem_euclid(7) < 5);
        assert_eq!(weekdays_before(n + 1), k);
        assert_eq!(weekdays_before(n), k - 1);
    }
}

#[test]
fn local_time_is_utc_plus_seven() {
    let utc = Utc.with_ymd_and_hms(2025, 1, 24, 10, 0, 0).unwrap();
    assert_eq!(to_local(utc), t("2025-01-24 17:00"));
    assert_eq!(from_local(t("2025-01-24 17:00")), utc);
    assert_eq!(
        to_local(Utc.with_ymd_and_hms(2025, 12, 31, 20, 30, 0).unwrap()),
        t("2026-01-01 03:30")
    );
}

// ---------------------------------------------------------------- office hours

#[test]
fn standard_office_hours() {
    let h = OfficeHours::standard();
    assert_eq!(
        h,
        OfficeHours::parse(&["07:30-11:30", "13:00-17:00"], "17:00").unwrap()
    );
    assert_eq!(
        h.sessions(),
        &[(hm("07:30"), hm("11:30")), (hm("13:00"), hm("17:00"))]
    );
    assert_eq!(h.opening(), hm("07:30"));
    assert_eq!(h.closing(), hm("17:00"));
    assert_eq!(h.cutoff(), hm("17:00"));
}

#[test]
fn office_hours_parse_variants() {
    let h = OfficeHours::parse(&["07:00 - 11:00", "13:00–17:00"], "16:30").unwrap();
    assert_eq!(h.opening(), hm("07:00"));
    assert_eq!(h.cutoff(), hm("16:30"));
    assert_eq!(
        OfficeHours::parse(&["08:00-16:00"], "16:00")
            .unwrap()
            .sessions()
            .len(),
        1
    );
    assert_eq!(
        OfficeHours::parse(&["7h30-11h30", "13h00-17h00"], "17h00").unwrap(),
        OfficeHours::standard()
    );
}

#[test]
fn office_hours_refused() {
    assert_eq!(
        OfficeHours::new(&[], hm("17:00")),
        Err(CalendarError::NoSessions)
    );
    assert_eq!(
        OfficeHours::new(&[(hm("11:30"), hm("07:30"))], hm("17:00")),
        Err(CalendarError::EmptySession {
            start: hm("11:30"),
            end: hm("07:30")
        })
    );
    assert!(matches!(
        OfficeHours::parse(&["07:30-12:00", "11:30-15:00"], "17:00"),
        Err(CalendarError::OverlappingSessions { .. })
    ));
    assert!(matches!(
        OfficeHours::parse(&["13:00-17:00", "07:30-11:30"], "17:00"),
        Err(CalendarError::OverlappingSessions { .. })
    ));
    assert_eq!(
        OfficeHours::parse(&["07:30-11:30", "13:30-17:00"], "17:00"),
        Err(CalendarError::NotEightHours { minutes: 450 })
    );
    assert!(matches!(
        OfficeHours::parse(&["07:30-11:30", "13:00-17:00"], "07:00"),
        Err(CalendarError::CutoffBeforeOpening { .. })
    ));
    let with_seconds = NaiveTime::from_hms_opt(7, 30, 15).unwrap();
    assert!(matches!(
        OfficeHours::new(&[(with_seconds, hm("15:30"))], hm("17:00")),
        Err(CalendarError::NotWholeMinutes { .. })
    ));
    assert_eq!(
        OfficeHours::parse(&["07:30"], "17:00"),
        Err(CalendarError::BadSession("07:30".into()))
    );
    assert_eq!(
        OfficeHours::parse(&["07:30-11:30", "13:00-17:00"], "5pm"),
        Err(CalendarError::BadTime("5pm".into()))
    );
    let message = CalendarError::NotEightHours { minutes: 450 }.to_string();
    assert!(message.contains("480"), "{message}");
}

// ---------------------------------------------------------------- working days

#[test]
fn working_days_weekends_holidays_and_swaps() {
    let cal = vn();
    assert!(cal.is_working_day(d("2025-03-03"))); // Monday
    assert!(!cal.is_working_day(d("2025-03-08"))); // Saturday
    assert!(!cal.is_working_day(d("2025-03-09"))); // Sunday
    for off in [
        "2025-01-27",
        "2025-01-31",
        "2025-04-30",
        "2025-05-02",
        "2025-09-01",
        "2026-01-02",
    ] {
        assert!(!cal.is_working_day(d(off)), "{off}");
    }
    for swapped in ["2024-05-04", "2025-04-26", "2026-01-10", "2026-08-22"] {
        assert!(cal.is_working_day(d(swapped)), "{swapped}");
        assert_eq!(d(swapped).weekday(), Weekday::Sat);
    }
    // Outside the table: the plain Monday–Friday week.
    assert!(cal.is_working_day(d("2019-12-31")));
    assert!(!cal.is_working_day(d("2019-12-28")));
    assert!(cal.is_working_day(d("2030-01-01"))); // no table past 2027
    assert!(!cal.is_working_day(d("2031-01-04")));
}

#[test]
fn next_working_day_skips_days_off() {
    let cal = vn();
    assert_eq!(cal.next_working_day(d("2025-01-24")), d("2025-02-03")); // Tết 2025
    assert_eq!(cal.next_working_day(d("2025-04-25")), d("2025-04-26")); // swapped Saturday
    assert_eq!(cal.next_working_day(d("2025-04-29")), d("2025-05-05"));
    assert_eq!(cal.next_working_day(d("2025-12-31")), d("2026-01-05"));
    assert_eq!(cal.next_working_day(d("2025-03-03")), d("2025-03-04"));
    assert_eq!(cal.next_working_day(d("2027-12-31")), d("2028-01-03")); // past the table
    assert_eq!(
        cal.nth_working_day_after(d("2025-01-24"), 0),
        d("2025-01-24")
    );
    assert_eq!(
        cal.nth_working_day_after(d("2025-01-24"), 1),
        d("2025-02-03")
    );
    assert_eq!(
        cal.nth_working_day_after(d("2025-01-24"), 5),
        d("2025-02-07")
    );
}

// ---------------------------------------------------------------- clock start

#[test]
fn clock_start_around_the_cutoff() {
    let cal = vn();
    // Wednesday 2025-03-05.
    assert_eq!(
        cal.clock_start(t("2025-03-05 16:59")),
        t("2025-03-05 16:59")
    );
    assert_eq!(
        cal.clock_start(t("2025-03-05 17:00")),
        t("2025-03-06 07:30")
    );
    assert_eq!(
        cal.clock_start(t("2025-03-05 17:30")),
        t("2025-03-06 07:30")
    );
    assert_eq!(
        cal.clock_start(t("2025-03-05 23:59")),
        t("2025-03-06 07:30")
    );
    // Friday after the cut-off: Monday morning.
    assert_eq!(
        cal.clock_start(t("2025-03-07 17:00")),
        t("2025-03-10 07:30")
    );
    // Seconds are kept inside a session.
    let with_seconds = t("2025-03-05 16:59") + chrono::TimeDelta::seconds(59);
    assert_eq!(cal.clock_start(with_seconds), with_seconds);
}

#[test]
fn clock_start_before_opening_and_in_the_midday_gap() {
    let cal = vn();
    assert_eq!(
        cal.clock_start(t("2025-03-05 00:00")),
        t("2025-03-05 07:30")
    );
    assert_eq!(
        cal.clock_start(t("2025-03-05 07:29")),
        t("2025-03-05 07:30")
    );
    assert_eq!(
        cal.clock_start(t("2025-03-05 07:30")),
        t("2025-03-05 07:30")
    );
    assert_eq!(
        cal.clock_start(t("2025-03-05 11:29")),
        t("2025-03-05 11:29")
    );
    assert_eq!(
        cal.clock_start(t("2025-03-05 11:30")),
        t("2025-03-05 13:00")
    );
    assert_eq!(
        cal.clock_start(t("2025-03-05 12:15")),
        t("2025-03-05 13:00")
    );
    assert_eq!(
        cal.clock_start(t("2025-03-05 13:00")),
        t("2025-03-05 13:00")
    );
}

#[test]
fn clock_start_on_days_off() {
    let cal = vn();
    // Weekend.
    assert_eq!(
        cal.clock_start(t("2025-03-08 09:00")),
        t("2025-03-10 07:30")
    );
    assert_eq!(
        cal.clock_start(t("2025-03-09 06:00")),
        t("2025-03-10 07:30")
    );
    // Tết 2025 (27–31/1): received during Tết or on the Friday evening before.
    assert_eq!(
        cal.clock_start(t("2025-01-29 10:00")),
        t("2025-02-03 07:30")
    );
    assert_eq!(
        cal.clock_start(t("2025-01-24 17:00")),
        t("2025-02-03 07:30")
    );
    // 30/4–2/5/2025, with Saturday 26/4 worked.
    assert_eq!(
        cal.clock_start(t("2025-04-30 10:00")),
        t("2025-05-05 07:30")
    );
    assert_eq!(
        cal.clock_start(t("2025-04-26 09:00")),
        t("2025-04-26 09:00")
    );
    assert_eq!(
        cal.clock_start(t("2025-04-26 06:45")),
        t("2025-04-26 07:30")
    );
    assert_eq!(
        cal.clock_start(t("2025-04-25 17:10")),
        t("2025-04-26 07:30")
    );
    assert_eq!(
        cal.clock_start(t("2025-04-26 17:05")),
        t("2025-04-28 07:30")
    );
    // An ordinary Saturday is off; the swapped one of 2026 is worked.
    assert_eq!(
        cal.clock_start(t("2026-01-03 09:00")),
        t("2026-01-05 07:30")
    );
    assert_eq!(
        cal.clock_start(t("2026-01-09 17:00")),
        t("2026-01-10 07:30")
    );
}

#[test]
fn clock_start_with_an_earlier_cutoff() {
    let hours = OfficeHours::parse(&["07:00-11:00", "13:00-17:00"], "16:00").unwrap();
    let cal = Calendar::new(hours, []);
    assert_eq!(
        cal.clock_start(t("2025-03-05 15:59")),
        t("2025-03-05 15:59")
    );
    assert_eq!(
        cal.clock_start(t("2025-03-05 16:00")),
        t("2025-03-06 07:00")
    );
    assert_eq!(
        cal.clock_start(t("2025-03-05 16:30")),
        t("2025-03-06 07:00")
    );
    // A cut-off before the afternoon session: a gap receipt goes to the next morning.
    let hours = OfficeHours::parse(&["07:00-11:00", "13:00-17:00"], "12:00").unwrap();
    let cal = Calendar::new(hours, []);
    assert_eq!(
        cal.clock_start(t("2025-03-05 11:30")),
        t("2025-03-06 07:00")
    );
    assert_eq!(
        cal.clock_start(t("2025-03-05 10:30")),
        t("2025-03-05 10:30")
    );
}

// ---------------------------------------------------------------- adding working time

#[test]
fn working_days_across_tet_2025() {
    let cal = vn();
    // Friday 24/1 10:00: 330 minutes that day, the other 150 on Monday 3/2.
    assert_eq!(
        cal.add(t("2025-01-24 10:00"), 1, TimeUnit::WorkingDays),
        t("2025-02-03 10:00")
    );
    // From an opening, N working days end at the close of the N-th day counting the first.
    assert_eq!(
        cal.add(t("2025-01-23 07:30"), 3, TimeUnit::WorkingDays),
        t("2025-02-03 17:00")
    );
    assert_eq!(
        cal.add(t("2025-01-20 09:00"), 15, TimeUnit::WorkingDays),
        t("2025-02-17 09:00")
    );
}

#[test]
fn working_days_across_30_april_2025_with_the_swap() {
    let cal = vn();
    // Friday 25/4 → Saturday 26/4 (worked) → Monday 28/4.
    assert_eq!(
        cal.add(t("2025-04-25 08:00"), 1, TimeUnit::WorkingDays),
        t("2025-04-26 08:00")
    );
    assert_eq!(
        cal.add(t("2025-04-25 08:00"), 2, TimeUnit::WorkingDays),
        t("2025-04-28 08:00")
    );
    // Tuesday 29/4: 30/4, 1/5 and 2/5 are off.
    assert_eq!(
        cal.add(t("2025-04-29 08:00"), 1, TimeUnit::WorkingDays),
        t("2025-05-05 08:00")
    );
    assert_eq!(
        cal.add(t("2025-04-24 14:00"), 5, TimeUnit::WorkingDays),
        t("2025-05-05 14:00")
    );
}

#[test]
fn working_days_across_national_day_2025() {
    let cal = vn();
    assert_eq!(
        cal.add(t("2025-08-29 14:00"), 1, TimeUnit::WorkingDays),
        t("2025-09-03 14:00")
    );
    assert_eq!(
        cal.add(t("2025-08-28 07:30"), 3, TimeUnit::WorkingDays),
        t("2025-09-03 17:00")
    );
}

#[test]
fn working_days_across_new_year_2026() {
    let cal = vn();
    // 1–2/1 off, Saturday 10/1 worked.
    assert_eq!(
        cal.add(t("2025-12-31 09:00"), 1, TimeUnit::WorkingDays),
        t("2026-01-05 09:00")
    );
    assert_eq!(
        cal.add(t("2026-01-05 07:30"), 5, TimeUnit::WorkingDays),
        t("2026-01-09 17:00")
    );
    assert_eq!(
        cal.add(t("2026-01-05 07:30"), 6, TimeUnit::WorkingDays),
        t("2026-01-10 17:00")
    );
    assert_eq!(
        cal.add(t("2026-01-09 09:00"), 1, TimeUnit::WorkingDays),
        t("2026-01-10 09:00")
    );
    assert_eq!(
        cal.add(t("2026-01-09 09:00"), 2, TimeUnit::WorkingDays),
        t("2026-01-12 09:00")
    );
}

#[test]
fn working_days_across_culture_day_2026() {
    let cal = vn();
    assert_eq!(
        cal.add(t("2026-11-23 10:00"), 1, TimeUnit::WorkingDays),
        t("2026-11-25 10:00")
    );
    assert!(!cal.is_working_day(d("2026-11-24")));
    assert!(cal.is_working_day(d("2025-11-24")));
}

#[test]
fn exact_session_end_is_kept() {
    let cal = vn();
    assert_eq!(
        cal.add_working_minutes(t("2025-03-03 07:30"), 240),
        t("2025-03-03 11:30")
    );
    assert_eq!(
        cal.add_working_minutes(t("2025-03-03 07:30"), 241),
        t("2025-03-03 13:01")
    );
    assert_eq!(
        cal.add_working_minutes(t("2025-03-03 09:30"), 120),
        t("2025-03-03 11:30")
    );
    assert_eq!(
        cal.add_working_minutes(t("2025-03-03 07:30"), 480),
        t("2025-03-03 17:00")
    );
    assert_eq!(
        cal.add_working_minutes(t("2025-03-03 13:00"), 240),
        t("2025-03-03 17:00")
    );
    assert_eq!(
        cal.add_working_minutes(t("2025-03-03 13:00"), 241),
        t("2025-03-04 07:31")
    );
    // Friday's close stays Friday's close, not Monday morning.
    assert_eq!(
        cal.add(t("2025-03-07 07:30"), 1, TimeUnit::WorkingDays),
        t("2025-03-07 17:00")
    );
    assert_eq!(
        cal.add_working_minutes(t("2025-03-03 09:00"), 0),
        t("2025-03-03 09:00")
    );
    assert_eq!(
        cal.add_working_minutes(t("2025-03-03 09:00"), -5),
        t("2025-03-03 09:00")
    );
}

#[test]
fn working_hours() {
    let cal = vn();
    assert_eq!(
        cal.add(t("2025-03-03 10:00"), 4, TimeUnit::WorkingHours),
        t("2025-03-03 15:30")
    );
    assert_eq!(
        cal.add(t("2025-03-07 16:00"), 8, TimeUnit::WorkingHours),
        t("2025-03-10 16:00")
    );
    assert_eq!(
        cal.add(t("2025-03-03 07:30"), 4, TimeUnit::WorkingHours),
        t("2025-03-03 11:30")
    );
    assert_eq!(
        cal.add(t("2025-04-29 16:00"), 2, TimeUnit::WorkingHours),
        t("2025-05-05 08:30")
    );
    assert_eq!(
        cal.add(t("2025-03-03 10:00"), 16, TimeUnit::WorkingHours),
        cal.add(t("2025-03-03 10:00"), 2, TimeUnit::WorkingDays)
    );
}

#[test]
fn working_minutes_between() {
    let cal = vn();
    assert_eq!(
        cal.working_minutes_between(t("2025-03-03 07:30"), t("2025-03-03 17:00")),
        480
    );
    assert_eq!(
        cal.working_minutes_between(t("2025-03-03 00:00"), t("2025-03-04 00:00")),
        480
    );
    assert_eq!(
        cal.working_minutes_between(t("2025-03-03 11:00"), t("2025-03-03 13:30")),
        60
    );
    assert_eq!(
        cal.working_minutes_between(t("2025-03-07 16:00"), t("2025-03-10 08:00")),
        90
    );
    assert_eq!(
        cal.working_minutes_between(t("2025-01-24 07:30"), t("2025-02-04 07:30")),
        960
    );
    assert_eq!(
        cal.working_minutes_between(t("2025-03-04 00:00"), t("2025-03-03 00:00")),
        0
    );
    // A whole year: 250 ordinary weekdays in 2025, minus 11 weekday days off, plus Saturday 26/4.
    assert_eq!(
        cal.working_minutes_between(t("2025-01-01 00:00"), t("2026-01-01 00:00")),
        (261 - 12 + 1) * 480
    );
}

// ---------------------------------------------------------------- calendar days and months

#[test]
fn calendar_days_end_at_the_same_time_or_the_next_working_close() {
    let cal = vn();
    assert_eq!(
        cal.add(t("2025-03-03 09:00"), 4, TimeUnit::CalendarDays),
        t("2025-03-07 09:00")
    );
    // Ends on a Saturday: Monday at the close.
    assert_eq!(
        cal.add(t("2025-03-03 09:00"), 5, TimeUnit::CalendarDays),
        t("2025-03-10 17:00")
    );
    assert_eq!(
        cal.add(t("2025-03-03 09:00"), 6, TimeUnit::CalendarDays),
        t("2025-03-10 17:00")
    );
    assert_eq!(
        cal.add(t("2025-03-03 09:00"), 7, TimeUnit::CalendarDays),
        t("2025-03-10 09:00")
    );
    // Ends on 30/4/2025: 30/4, 1/5, 2/5 off, then the weekend.
    assert_eq!(
        cal.add(t("2025-04-25 10:00"), 5, TimeUnit::CalendarDays),
        t("2025-05-05 17:00")
    );
    // Ends on the swapped Saturday 26/4/2025, a working day.
    assert_eq!(
        cal.add(t("2025-04-21 10:00"), 5, TimeUnit::CalendarDays),
        t("2025-04-26 10:00")
    );
    // Ends during Tết 2025.
    assert_eq!(
        cal.add(t("2025-01-20 14:00"), 10, TimeUnit::CalendarDays),
        t("2025-02-03 17:00")
    );
    assert_eq!(
        cal.add(t("2025-03-03 09:00"), 0, TimeUnit::CalendarDays),
        t("2025-03-03 09:00")
    );
}

#[test]
fn months_end_on_the_same_day_of_the_month() {
    let cal = vn();
    assert_eq!(
        cal.add(t("2025-03-03 09:00"), 1, TimeUnit::Months),
        t("2025-04-03 09:00")
    );
    // No 31 February: the month's last day.
    assert_eq!(
        cal.add(t("2025-01-31 10:00"), 1, TimeUnit::Months),
        t("2025-02-28 10:00")
    );
    // 30/4/2025 is off: the close of Monday 5/5.
    assert_eq!(
        cal.add(t("2025-01-31 10:00"), 3, TimeUnit::Months),
        t("2025-05-05 17:00")
    );
}

// ---------------------------------------------------------------- deadlines with pauses

fn wd(amount: i64) -> TimeLimit {
    TimeLimit {
        amount,
        unit: TimeUnit::WorkingDays,
    }
}

#[test]
fn deadline_without_segments() {
    let cal = vn();
    let deadline = cal.deadline(wd(15), &[]);
    assert_eq!(
        deadline,
        Deadline {
            due: None,
            remaining_minutes: 15 * 480,
            segments: vec![]
        }
    );
    assert_eq!(cal.due(wd(15), &[]), None);
}

#[test]
fn deadline_running_is_add() {
    let cal = vn();
    let segments = [running("2025-01-20 09:00")];
    let deadline = cal.deadline(wd(15), &segments);
    assert_eq!(deadline.due, Some(t("2025-02-17 09:00")));
    assert_eq!(deadline.remaining_minutes, 15 * 480);
    assert_eq!(deadline.segments.len(), 1);
    assert_eq!(cal.due(wd(15), &segments), deadline.due);
}

#[test]
fn deadline_resume_after_a_supplement() {
    let cal = vn();
    // Two working days used (Mon–Tue), paused Wednesday morning, resumed the next Monday.
    let paused = [closed("2025-03-03 07:30", "2025-03-05 07:30")];
    let deadline = cal.deadline(wd(5), &paused);
    assert_eq!(deadline.due, None);
    assert_eq!(deadline.remaining_minutes, 3 * 480);
    assert_eq!(deadline.segments[0].consumed_minutes, 960);

    let resumed = [
        closed("2025-03-03 07:30", "2025-03-05 07:30"),
        running("2025-03-10 07:30"),
    ];
    let deadline = cal.deadline(wd(5), &resumed);
    assert_eq!(deadline.due, Some(t("2025-03-12 17:00")));
    assert_eq!(deadline.remaining_minutes, 3 * 480);
    assert_eq!(
        deadline.segments,
        vec![
            SegmentReport {
                start: t("2025-03-03 07:30"),
                end: Some(t("2025-03-05 07:30")),
                restart: false,
                consumed_minutes: 960,
            },
            SegmentReport {
                start: t("2025-03-10 07:30"),
                end: None,
                restart: false,
                consumed_minutes: 0
            },
        ]
    );
    assert_eq!(cal.due(wd(5), &resumed), deadline.due);
}

#[test]
fn deadline_restart_forgets_what_came_before() {
    let cal = vn();
    let segments = [
        closed("2025-03-03 07:30", "2025-03-05 07:30"),
        closed("2025-03-10 07:30", "2025-03-11 07:30"),
        Segment {
            start: t("2025-03-17 07:30"),
            end: None,
            restart: true,
        },
    ];
    let deadline = cal.deadline(wd(5), &segments);
    assert_eq!(deadline.due, Some(t("2025-03-21 17:00")));
    assert_eq!(deadline.remaining_minutes, 5 * 480);
    let consumed: Vec<i64> = deadline
        .segments
        .iter()
        .map(|s| s.consumed_minutes)
        .collect();
    assert_eq!(consumed, vec![960, 480, 0]);
    assert!(deadline.segments[2].restart);
    assert_eq!(cal.due(wd(5), &segments), deadline.due);

    // The same history under the resume rule ends earlier: 3 days were used.
    let resume = [
        segments[0],
        segments[1],
        Segment {
            restart: false,
            ..segments[2]
        },
    ];
    assert_eq!(cal.due(wd(5), &resume), Some(t("2025-03-18 17:00")));
}

#[test]
fn deadline_that_ran_out_before_the_pause() {
    let cal = vn();
    let segments = [closed("2025-03-03 07:30", "2025-03-05 07:30")];
    let deadline = cal.deadline(wd(1), &segments);
    assert_eq!(deadline.due, Some(t("2025-03-03 17:00")));
    assert_eq!(deadline.remaining_minutes, 0);
    let resumed = [segments[0], running("2025-03-10 07:30")];
    assert_eq!(cal.due(wd(1), &resumed), Some(t("2025-03-03 17:00")));
}

#[test]
fn deadline_in_calendar_days_and_hours() {
    let cal = vn();
    let limit = TimeLimit {
        amount: 10,
        unit: TimeUnit::CalendarDays,
    };
    let segments = [
        closed("2025-03-03 09:00", "2025-03-05 09:00"),
        running("2025-03-10 09:00"),
    ];
    let deadline = cal.deadline(limit, &segments);
    assert_eq!(deadline.due, Some(t("2025-03-18 09:00")));
    assert_eq!(deadline.remaining_minutes, 8 * 1440);
    assert_eq!(deadline.segments[0].consumed_minutes, 2 * 1440);
    // Eight days from Friday 10:00 end on a Saturday: Monday's close.
    let segments = [
        closed("2025-03-03 09:00", "2025-03-05 09:00"),
        running("2025-03-07 10:00"),
    ];
    assert_eq!(cal.due(limit, &segments), Some(t("2025-03-17 17:00")));

    let hours = TimeLimit {
        amount: 8,
        unit: TimeUnit::WorkingHours,
    };
    let segments = [
        closed("2025-03-03 07:30", "2025-03-03 11:30"),
        running("2025-03-04 13:00"),
    ];
    assert_eq!(cal.due(hours, &segments), Some(t("2025-03-04 17:00")));
}

#[test]
fn pause_tokens_are_snake_case() {
    assert_eq!(
        serde_json::to_string(&PauseRule::Restart).unwrap(),
        "\"restart\""
    );
    assert_eq!(
        serde_json::to_string(&DayKind::WorkingDay).unwrap(),
        "\"working_day\""
    );
    let limit: TimeLimit = serde_json::from_str(r#"{"amount":15,"unit":"working_days"}"#).unwrap();
    assert_eq!(limit, wd(15));
}
