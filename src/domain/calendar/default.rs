//! Vietnam's public-sector calendar 2020–2027, shipped with the service.
//!
//! `vn_2020_2027.csv` lists the weekdays the offices are closed and the weekend days they work:
//! the Labour Code 2012 holidays for 2020, the Labour Code 2019 ones from 2021 (1 January; Tết,
//! 5 days; Hùng Kings' day, 10/3 lunar; 30 April; 1 May; 2 September plus one adjacent day;
//! from 2026 also 24 November), each holiday on a weekend moved to the next working day, and the
//! government's announced swaps for public servants (2024: Sat 4/5 worked for Mon 29/4; 2025:
//! Sat 26/4 for Fri 2/5; 2026: Sat 10/1 for Fri 2/1, document 12729/VPCP-KGVX, and Sat 22/8 for
//! Mon 31/8). 2027 is provisional: its Tết days and swaps have not been announced yet.

use std::ops::RangeInclusive;

use super::{Exception, parse_csv};

/// The embedded table (checked against data/holidays-vn by a test).
const VN_2020_2027: &str = include_str!("vn_2020_2027.csv");

/// The years whose days off and swaps the government has announced and the table follows.
pub const OFFICIAL_YEARS: RangeInclusive<i32> = 2020..=2026;

/// Whether a year's calendar is a projection (not yet announced, or not covered at all): due
/// dates falling in it may move when the administrator enters the official schedule.
pub fn is_provisional(year: i32) -> bool {
    !OFFICIAL_YEARS.contains(&year)
}

/// Vietnam's days off and swapped working days 2020–2027, sorted by date.
///
/// Parsed from the embedded table at each call (a test proves it parses; were it ever broken,
/// this would return nothing rather than fail at run time).
pub fn vn_default() -> Vec<Exception> {
    parse_csv(VN_2020_2027).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, NaiveDate, Weekday};

    use super::*;
    use crate::domain::calendar::{Calendar, DayKind};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_default_calendar_parses() {
        let parsed = parse_csv(VN_2020_2027).unwrap();
        assert_eq!(vn_default(), parsed);
        assert!(parsed.windows(2).all(|w| w[0].date < w[1].date));
        assert_eq!(parsed.first().unwrap().date, d("2020-01-01"));
        assert_eq!(parsed.last().unwrap().date, d("2027-11-24"));
        let working: Vec<NaiveDate> = parsed
            .iter()
            .filter(|e| e.kind == DayKind::WorkingDay)
            .map(|e| e.date)
            .collect();
        assert_eq!(
            working,
            vec![
                d("2024-05-04"),
                d("2025-04-26"),
                d("2026-01-10"),
                d("2026-08-22")
            ]
        );
        // Every year has its 1 January, Tết, Hùng Kings, 30/4, 1/5 and 2/9 (on a weekday or moved).
        for year in 2020..=2027 {
            let days_off = parsed
                .iter()
                .filter(|e| e.date.year() == year && e.kind == DayKind::Holiday)
                .count();
            assert!(days_off >= 9, "{year}: {days_off}");
        }
        assert!(parsed.iter().all(|e| !e.name.is_empty()));
    }

    #[test]
    fn provisional_years() {
        assert!(!is_provisional(2020));
        assert!(!is_provisional(2026));
        assert!(is_provisional(2027));
        assert!(is_provisional(2019));
    }

    #[test]
    #[ignore = "needs ../shared/data"]
    fn the_default_calendar_agrees_with_holidays_vn() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/holidays-vn/vn_holidays_2020_2030.csv"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let cal = Calendar::vn_default();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut file_days_off = std::collections::BTreeSet::new();
        let mut rows = 0;
        for record in reader.records() {
            let record = record.unwrap();
            let date = d(&record[0]);
            if !(2020..=2027).contains(&date.year()) {
                continue;
            }
            rows += 1;
            let on_weekend = &record[2] == "1";
            assert_eq!(
                on_weekend,
                matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
                "{date}"
            );
            // A weekday holiday is closed in ours; a weekend one is closed anyway (a swapped
            // Saturday is never a holiday in the file).
            assert!(
                !cal.is_working_day(date),
                "{date} {} is a day off in holidays-vn",
                &record[3]
            );
            if !on_weekend {
                file_days_off.insert(date);
            }
        }
        assert!(rows > 100, "{rows} rows");

        // Weekday days off we have that the file lacks, each with its reason.
        let known_gaps = [(
            d("2026-01-02"),
            "New Year 2026 swap with Saturday 10/1 (document 12729/VPCP-KGVX); see the file's README",
        )];
        let mut ours_only = vec![];
        let mut day = d("2020-01-01");
        while day <= d("2027-12-31") {
            let weekday = !matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
            if weekday && !cal.is_working_day(day) && !file_days_off.contains(&day) {
                ours_only.push(day);
            }
            day = day.succ_opt().unwrap();
        }
        let expected: Vec<NaiveDate> = known_gaps.iter().map(|g| g.0).collect();
        assert_eq!(ours_only, expected, "reasons: {known_gaps:?}");
    }
}
