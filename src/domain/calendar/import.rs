//! Reading a calendar's exceptions from CSV, in our layout or the holidays-vn layout.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Weekday};

use super::{DayKind, Exception};

/// A rejected row: its 1-based line (the header is line 1) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The line in the file, 1-based; the header is line 1.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The column layouts we read, told apart by the header.
enum Layout {
    /// `date,kind,name`.
    Own {
        date: usize,
        kind: usize,
        name: usize,
    },
    /// `date,weekday,on_weekend,name_vi,name_en` (data/holidays-vn): every row is a holiday.
    HolidaysVn { date: usize, name: usize },
}

fn layout(header: &csv::StringRecord) -> Option<Layout> {
    let column = |name: &str| {
        header.iter().position(|h| {
            h.trim_start_matches('\u{feff}')
                .trim()
                .eq_ignore_ascii_case(name)
        })
    };
    if let (Some(date), Some(kind), Some(name)) = (column("date"), column("kind"), column("name")) {
        return Some(Layout::Own { date, kind, name });
    }
    if let (Some(date), Some(_), Some(_), Some(name), Some(_)) = (
        column("date"),
        column("weekday"),
        column("on_weekend"),
        column("name_vi"),
        column("name_en"),
    ) {
        return Some(Layout::HolidaysVn { date, name });
    }
    None
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Reads exceptions from CSV, sorted by date.
///
/// Two layouts, told apart by the header: ours, `date,kind,name` (kind `holiday` or
/// `working_day`), and holidays-vn's, `date,weekday,on_weekend,name_vi,name_en`, whose rows are
/// all holidays named `name_vi` (those on a weekend are skipped: they are days off anyway).
/// Dates are ISO (`2025-04-30`). In our layout a holiday must fall on Monday–Friday and a working
/// day on Saturday or Sunday, since anything else changes nothing and is likely a mistake.
/// A date given twice with the same kind is kept once; with different kinds it is an error.
/// Every bad row is reported, not just the first.
pub fn parse_csv(text: &str) -> Result<Vec<Exception>, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = match reader.headers() {
        Ok(header) => header.clone(),
        Err(e) => {
            return Err(vec![RowError {
                line: 1,
                message: format!("unreadable header: {e}"),
            }]);
        }
    };
    let Some(layout) = layout(&header) else {
        return Err(vec![RowError {
            line: 1,
            message: format!(
                "unknown header `{}`: expected `date,kind,name` or \
                 `date,weekday,on_weekend,name_vi,name_en`",
                header.iter().collect::<Vec<_>>().join(",")
            ),
        }]);
    };

    let mut errors = Vec::new();
    let mut exceptions: Vec<Exception> = Vec::new();
    // Date → (kind, line it was first given on).
    let mut seen: HashMap<NaiveDate, (DayKind, usize)> = HashMap::new();
    let mut fallback_line = 1;
    for record in reader.records() {
        fallback_line += 1;
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(fallback_line, |p| p.line() as usize);
                errors.push(RowError {
                    line,
                    message: format!("unreadable row: {e}"),
                });
                continue;
            }
        };
        let line = record
            .position()
            .map_or(fallback_line, |p| p.line() as usize);
        fallback_line = line;
        if record.iter().all(str::is_empty) {
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or("");
        let mut fail = |message: String| errors.push(RowError { line, message });

        let (date_col, name_col) = match layout {
            Layout::Own { date, name, .. } | Layout::HolidaysVn { date, name } => (date, name),
        };
        let raw_date = field(date_col);
        let Ok(date) = NaiveDate::parse_from_str(raw_date, "%Y-%m-%d") else {
            fail(format!("`{raw_date}` is not a date like 2025-04-30"));
            continue;
        };
        let name = field(name_col).to_owned();
        let kind = match layout {
            Layout::Own { kind, .. } => {
                let raw_kind = field(kind);
                let Some(kind) = DayKind::from_token(raw_kind) else {
                    fail(format!(
                        "`{raw_kind}` is not a kind: use `holiday` or `working_day`"
                    ));
                    continue;
                };
                kind
            }
            Layout::HolidaysVn { .. } => {
                if is_weekend(date) {
                    continue;
                }
                DayKind::Holiday
            }
        };
        if let Some(&(first_kind, first_line)) = seen.get(&date) {
            if first_kind != kind {
                fail(format!(
                    "{date} is given again with another kind (first on line {first_line})"
                ));
            }
            continue;
        }
        match (kind, is_weekend(date)) {
            (DayKind::Holiday, true) => {
                fail(format!(
                    "{date} is a {}, already a day off: a holiday row must fall on Monday–Friday",
                    date.weekday()
                ));
                continue;
            }
            (DayKind::WorkingDay, false) => {
                fail(format!(
                    "{date} is a {}, already a working day: a working_day row must fall on \
                     Saturday or Sunday",
                    date.weekday()
                ));
                continue;
            }
            _ => {}
        }
        seen.insert(date, (kind, line));
        exceptions.push(Exception { date, kind, name });
    }
    if errors.is_empty() {
        exceptions.sort_by_key(|e| e.date);
        Ok(exceptions)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::parse_csv;
    use crate::domain::calendar::{DayKind, Exception};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn import_our_layout() {
        let text = "date,kind,name\n2025-04-30,holiday,Ngày Chiến thắng\n2025-04-26,working_day,Làm bù\n\
                2025-04-30,holiday,again\n";
        let exceptions = parse_csv(text).unwrap();
        assert_eq!(
            exceptions,
            vec![
                Exception {
                    date: d("2025-04-26"),
                    kind: DayKind::WorkingDay,
                    name: "Làm bù".into()
                },
                Exception {
                    date: d("2025-04-30"),
                    kind: DayKind::Holiday,
                    name: "Ngày Chiến thắng".into()
                },
            ]
        );
    }

    #[test]
    fn import_holidays_vn_layout() {
        let text = "date,weekday,on_weekend,name_vi,name_en\n\
                2025-01-29,Wed,0,Tết Nguyên Đán,Lunar New Year\n\
                2025-02-01,Sat,1,Mùng bốn Tết Nguyên Đán,Fourth Day of Lunar New Year\n";
        let exceptions = parse_csv(text).unwrap();
        assert_eq!(
            exceptions,
            vec![Exception {
                date: d("2025-01-29"),
                kind: DayKind::Holiday,
                name: "Tết Nguyên Đán".into()
            }]
        );
    }

    #[test]
    fn import_reports_every_bad_row() {
        let text = "date,kind,name\n\
                2025-02-30,holiday,no such day\n\
                2025-04-30,holiday,ok\n\
                2025-05-01,day_off,unknown kind\n\
                2025-04-30,working_day,conflict\n\
                2025-03-08,holiday,a Saturday\n\
                2025-03-05,working_day,a Wednesday\n\
                30/04/2025,holiday,wrong format\n";
        let errors = parse_csv(text).unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 4, 5, 6, 7, 8]);
        assert!(errors[0].message.contains("2025-02-30"), "{}", errors[0]);
        assert!(errors[1].message.contains("day_off"), "{}", errors[1]);
        assert!(
            errors[2].message.contains("first on line 3"),
            "{}",
            errors[2]
        );
        assert!(errors[3].message.contains("Sat"), "{}", errors[3]);
    }

    #[test]
    fn import_rejects_an_unknown_header() {
        let errors = parse_csv("ngay,loai\n2025-04-30,holiday\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 1);
        assert!(errors[0].message.contains("date,kind,name"));
        assert_eq!(parse_csv("").unwrap_err()[0].line, 1);
        assert_eq!(parse_csv("date,kind,name\n").unwrap(), vec![]);
    }
}
