//! The results report (Biểu II.06a style): for a period and a unit (with everything under it)
//! or an office, one line per unit, office, field or procedure with the columns of
//! `domain::report::Counts`, and a total. Unit, office and field lines sum the tallies kept
//! current with every event; procedure lines classify the period's applications one by one.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::QueryResult;

use crate::db::reports::{self as tallies, TallyColumn, TallyFilter, vn_day};
use crate::db::{DbConnection, fields, offices, procedures, units};
use crate::domain::calendar::Calendar;
use crate::domain::report::{Counts, GroupBy, Period, Tally, cover, cover_before};
use crate::domain::unit::rolled_up;
use crate::i18n::Lang;

/// What to report.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The period's days.
    pub period: Period,
    /// The ids of the units of receipt counted (none: every unit).
    pub unit_ids: Option<Vec<String>>,
    /// Only this receiving office (id).
    pub office_id: Option<String>,
    /// The lines.
    pub group_by: GroupBy,
    /// Today's unit of each unit, for the view rolled up to today's units; none for the
    /// units of the time.
    pub roll_up: Option<RollUp>,
}

/// Where each unit's history goes today (unit id → the id of the unit in force).
pub type RollUp = HashMap<String, String>;

/// One line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The unit's GSO code, the office's agency code, the field's or the procedure's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its columns.
    pub counts: Counts,
}

/// The report.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// The lines, by code.
    pub lines: Vec<Line>,
    /// Every line together.
    pub total: Counts,
    /// Office minutes in a working day (for the average resolution time).
    pub day_minutes: u64,
}

impl Results {
    /// The average resolution time of `counts` in working days.
    pub fn average_working_days(&self, counts: &Counts) -> Option<f64> {
        counts.average_working_days(self.day_minutes)
    }
}

/// The ids of the units of receipt a report on `code` counts: in the view as it was (no
/// `roll_up`), the unit's every period and every unit ever under it; rolled up, every unit
/// whose history goes to the unit or a unit under it today. `within`, when given, bounds the
/// unit's tree (an official's own tree: a code another unit takes over elsewhere stays
/// outside).
pub fn unit_ids(
    conn: &mut DbConnection,
    code: &str,
    roll_up: Option<&RollUp>,
    within: Option<&[String]>,
) -> QueryResult<Vec<String>> {
    let mut subtree = units::subtree_ids(conn, code)?;
    if let Some(within) = within {
        subtree.retain(|id| within.contains(id));
    }
    match roll_up {
        None => Ok(subtree),
        Some(map) => {
            let today: HashSet<&String> = subtree
                .iter()
                .filter(|id| map.get(*id) == Some(*id))
                .collect();
            let mut ids: Vec<String> = map
                .iter()
                .filter(|(_, to)| today.contains(to))
                .map(|(from, _)| from.clone())
                .collect();
            ids.sort();
            Ok(ids)
        }
    }
}

/// Today's unit of every unit ([`rolled_up`] over the stored units and links).
pub fn roll_up(conn: &mut DbConnection) -> QueryResult<RollUp> {
    let today = crate::domain::today();
    let all: Vec<(String, bool)> = units::all(conn)?
        .into_iter()
        .map(|u| {
            let in_force =
                u.valid_from.is_none_or(|f| f <= today) && u.valid_to.is_none_or(|t| t >= today);
            (u.id, in_force)
        })
        .collect();
    let links: Vec<(String, String, bool)> = units::all_links(conn)?
        .into_iter()
        .map(|l| (l.predecessor_id, l.successor_id, l.succession == "full"))
        .collect();
    Ok(rolled_up(&all, &links))
}

/// The UTC instant a Vietnam day starts.
pub fn day_start(day: NaiveDate) -> NaiveDateTime {
    day.and_hms_opt(0, 0, 0).unwrap_or_default() - Duration::hours(7)
}

fn day_minutes(calendar: &Calendar) -> u64 {
    calendar
        .hours()
        .sessions()
        .iter()
        .map(|(from, to)| (*to - *from).num_minutes().max(0).unsigned_abs())
        .sum()
}

/// Builds the report.
pub fn results(
    conn: &mut DbConnection,
    calendar: &Calendar,
    selection: &Selection,
) -> QueryResult<Results> {
    let filter = TallyFilter {
        unit_ids: selection.unit_ids.clone(),
        office_id: selection.office_id.clone(),
    };
    let period = selection.period;
    let mut groups: BTreeMap<String, Counts> = BTreeMap::new();
    if selection.group_by == GroupBy::Procedure {
        let start = day_start(period.from);
        let end = day_start(period.to.succ_opt().unwrap_or(period.to));
        for (procedure, row, rating) in tallies::period_rows(conn, &filter, start, end)? {
            let mut facts = row.facts(calendar);
            facts.rating = rating.map(|(at, overall)| (vn_day(at), overall >= 4));
            groups.entry(procedure).or_default().add(&facts, &period);
        }
    } else {
        let column = match selection.group_by {
            GroupBy::Unit => TallyColumn::Unit,
            GroupBy::Office => TallyColumn::Office,
            _ => TallyColumn::Field,
        };
        let during = tallies::sums(conn, &filter, &cover(period.from, period.to), column)?;
        let before = tallies::sums(conn, &filter, &cover_before(period.from), column)?;
        let map = match selection.group_by {
            GroupBy::Unit => selection.roll_up.as_ref(),
            _ => None,
        };
        let keys: HashSet<&String> = during.keys().chain(before.keys()).collect();
        for key in keys {
            let zero = Tally::default();
            let counts = Counts::from_tallies(
                during.get(key).unwrap_or(&zero),
                before.get(key).unwrap_or(&zero),
            );
            let group = map.and_then(|m| m.get(key)).unwrap_or(key).clone();
            groups.entry(group).or_default().merge(&counts);
        }
    }
    groups.retain(|_, c| *c != Counts::default());
    let names = names(conn, selection.group_by, groups.keys().cloned().collect())?;
    let mut lines: Vec<Line> = groups
        .into_iter()
        .map(|(key, counts)| {
            let (code, name) = names.get(&key).cloned().unwrap_or((key, String::new()));
            Line { code, name, counts }
        })
        .collect();
    lines.sort_by(|a, b| a.code.cmp(&b.code).then_with(|| a.name.cmp(&b.name)));
    let mut total = Counts::default();
    for line in &lines {
        total.merge(&line.counts);
    }
    Ok(Results {
        lines,
        total,
        day_minutes: day_minutes(calendar),
    })
}

/// Code and name of each group key (unit id, office id, field code, procedure code).
fn names(
    conn: &mut DbConnection,
    group_by: GroupBy,
    keys: Vec<String>,
) -> QueryResult<HashMap<String, (String, String)>> {
    Ok(match group_by {
        GroupBy::Unit => units::by_ids(conn, &keys)?
            .into_iter()
            .map(|u| (u.id, (u.code, u.full_name)))
            .collect(),
        GroupBy::Office => offices::by_ids(conn, &keys)?
            .into_iter()
            .map(|o| (o.row.id, (o.row.code, o.row.name)))
            .collect(),
        GroupBy::Field => fields::list(conn)?
            .into_iter()
            .map(|f| (f.code.clone(), (f.code, f.name)))
            .collect(),
        GroupBy::Procedure => {
            let mut out = HashMap::new();
            for code in keys {
                let name = procedures::latest(conn, &code)?
                    .map(|v| v.name)
                    .unwrap_or_default();
                out.insert(code.clone(), (code, name));
            }
            out
        }
    })
}

/// A column of the CSV file and the table: its header in Vietnamese and English.
struct Column {
    vi: &'static str,
    en: &'static str,
}

const fn col(vi: &'static str, en: &'static str) -> Column {
    Column { vi, en }
}

/// The files' columns after the code and the name.
const COLUMNS: [Column; 21] = [
    col("Tổng số hồ sơ tiếp nhận", "Received, total"),
    col("Tiếp nhận trực tuyến", "New online"),
    col("Tiếp nhận trực tiếp, bưu chính", "New in person or postal"),
    col("Kỳ trước chuyển qua", "Carried over"),
    col("Đã giải quyết", "Resolved, total"),
    col("Giải quyết trước hạn", "Resolved early"),
    col("Giải quyết đúng hạn", "Resolved on time"),
    col("Giải quyết quá hạn", "Resolved late"),
    col("Đang giải quyết", "In progress, total"),
    col("Đang giải quyết trong hạn", "In progress on time"),
    col("Đang giải quyết quá hạn", "In progress overdue"),
    col("Rút hồ sơ", "Withdrawn"),
    col("Dừng xử lý", "Stopped"),
    col("Từ chối tiếp nhận", "Refused"),
    col("Tỷ lệ đúng hạn (%)", "On-time rate (%)"),
    col("Tỷ lệ trực tuyến (%)", "Online share (%)"),
    col(
        "Thời gian giải quyết trung bình (ngày làm việc)",
        "Average resolution time (working days)",
    ),
    col("Số lượt đánh giá", "Ratings"),
    col("Tỷ lệ hài lòng (%)", "Satisfaction share (%)"),
    // Last, so the columns before keep their places: applications whose procedure has no
    // processing time, counted apart (in the totals, never as on time).
    col(
        "Đã giải quyết, không có thời hạn",
        "Resolved without a deadline",
    ),
    col(
        "Đang giải quyết, không có thời hạn",
        "In progress without a deadline",
    ),
];

/// A line's cells after the code and the name: counts, then the rates as percentages and the
/// average, empty when there is nothing to divide by.
fn cells(results: &Results, c: &Counts) -> [Option<f64>; 21] {
    let pct = |r: Option<f64>| r.map(|r| (r * 1000.0).round() / 10.0);
    let n = |v: u64| Some(v as f64);
    [
        n(c.received_total),
        n(c.new_online),
        n(c.new_in_person),
        n(c.carried_over),
        n(c.resolved_total),
        n(c.resolved_early),
        n(c.resolved_on_time),
        n(c.resolved_late),
        n(c.in_progress_total),
        n(c.in_progress_on_time),
        n(c.in_progress_overdue),
        n(c.withdrawn),
        n(c.stopped),
        n(c.refused),
        pct(c.on_time_rate()),
        pct(c.online_share()),
        results
            .average_working_days(c)
            .map(|d| (d * 10.0).round() / 10.0),
        n(c.rated),
        pct(c.satisfaction_share()),
        n(c.resolved_no_deadline),
        n(c.in_progress_no_deadline),
    ]
}

fn headers(group_by: GroupBy, lang: Lang) -> Vec<&'static str> {
    let first = match (group_by, lang) {
        (GroupBy::Unit, Lang::Vi) => "Đơn vị",
        (GroupBy::Office, Lang::Vi) => "Bộ phận một cửa",
        (GroupBy::Field, Lang::Vi) => "Lĩnh vực",
        (GroupBy::Procedure, Lang::Vi) => "Thủ tục",
        (GroupBy::Unit, Lang::En) => "Unit",
        (GroupBy::Office, Lang::En) => "Office",
        (GroupBy::Field, Lang::En) => "Field",
        (GroupBy::Procedure, Lang::En) => "Procedure",
    };
    let code = if lang == Lang::Vi { "Mã" } else { "Code" };
    let mut out = vec![code, first];
    out.extend(
        COLUMNS
            .iter()
            .map(|c| if lang == Lang::Vi { c.vi } else { c.en }),
    );
    out
}

fn total_label(lang: Lang) -> &'static str {
    if lang == Lang::Vi {
        "Tổng cộng"
    } else {
        "Total"
    }
}

fn number_text(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The report as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the
/// Vietnamese headers right): a header, the lines, and the total.
pub fn csv(results: &Results, group_by: GroupBy, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(headers(group_by, lang))?;
    for line in &results.lines {
        let mut record = vec![line.code.clone(), line.name.clone()];
        record.extend(cells(results, &line.counts).map(number_text));
        writer.write_record(record)?;
    }
    let mut record = vec![String::new(), total_label(lang).to_owned()];
    record.extend(cells(results, &results.total).map(number_text));
    writer.write_record(record)?;
    writer.into_inner().map_err(|e| e.into_error().into())
}

/// The report as a plain-text table for a terminal: the code, the name (cut to 32
/// characters) and every column, then the total.
pub fn table(results: &Results, group_by: GroupBy, lang: Lang, title: &str) -> String {
    let headers = headers(group_by, lang);
    let cut = |text: &str| -> String {
        let mut out: String = text.chars().take(32).collect();
        if text.chars().count() > 32 {
            out.pop();
            out.push('…');
        }
        out
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    let format_row = |code: &str, name: &str, counts: &Counts| {
        let mut row = vec![code.to_owned(), cut(name)];
        row.extend(cells(results, counts).map(number_text));
        row
    };
    for line in &results.lines {
        rows.push(format_row(&line.code, &line.name, &line.counts));
    }
    rows.push(format_row("", total_label(lang), &results.total));
    // Numbered columns keep the table narrow; the legend names them.
    let mut head = vec![headers[0].to_owned(), headers[1].to_owned()];
    head.extend((1..=COLUMNS.len()).map(|i| format!("({i})")));
    let widths: Vec<usize> = (0..head.len())
        .map(|c| {
            rows.iter()
                .map(|r| r[c].chars().count())
                .chain([head[c].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let render = |row: &[String]| -> String {
        row.iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, w))| {
                let pad = " ".repeat(w.saturating_sub(cell.chars().count()));
                if c < 2 {
                    format!("{cell}{pad}")
                } else {
                    format!("{pad}{cell}")
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    let mut out = format!("{title}\n\n{}\n", render(&head));
    out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1)));
    out.push('\n');
    for row in &rows {
        out.push_str(&render(row));
        out.push('\n');
    }
    out.push('\n');
    for (i, header) in headers.iter().skip(2).enumerate() {
        out.push_str(&format!("({}) {header}\n", i + 1));
    }
    out
}

/// The title of a report on `scope` (a unit's or office's code, or everything).
pub fn title(period: &Period, scope: Option<&str>, lang: Lang) -> String {
    let scope = scope.unwrap_or(lang.pick("toàn bộ", "everything"));
    match lang {
        Lang::Vi => format!(
            "Kết quả giải quyết thủ tục hành chính từ ngày {} đến ngày {} ({scope})",
            period.from.format("%d/%m/%Y"),
            period.to.format("%d/%m/%Y")
        ),
        Lang::En => format!(
            "Administrative procedure results from {} to {} ({scope})",
            period.from, period.to
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Results {
        let counts = Counts {
            received_total: 4,
            new_online: 1,
            new_in_person: 3,
            resolved_total: 2,
            resolved_early: 1,
            resolved_on_time: 1,
            in_progress_total: 2,
            in_progress_on_time: 2,
            resolution_minutes: 960,
            rated: 1,
            satisfied: 1,
            ..Counts::default()
        };
        Results {
            lines: vec![Line {
                code: "ho-tich".into(),
                name: "Hộ tịch".into(),
                counts,
            }],
            total: counts,
            day_minutes: 480,
        }
    }

    #[test]
    fn cells_give_counts_percentages_and_the_average() {
        let results = sample();
        let c = cells(&results, &results.total);
        assert_eq!(c[0], Some(4.0));
        assert_eq!(c[14], Some(100.0), "on-time rate");
        assert_eq!(c[15], Some(25.0), "online share");
        assert_eq!(c[16], Some(1.0), "960 minutes over 2 resolved, 480 a day");
        assert_eq!(c[18], Some(100.0), "satisfaction");
        let nothing = cells(&results, &Counts::default());
        assert_eq!(nothing[14], None, "no rate without resolutions");
    }

    #[test]
    fn the_table_has_a_legend_and_a_total() {
        let text = table(&sample(), GroupBy::Field, Lang::Vi, "Tiêu đề");
        assert!(text.starts_with("Tiêu đề\n"));
        assert!(text.contains("Lĩnh vực"));
        assert!(text.contains("Tổng cộng"));
        assert!(text.contains("(1) Tổng số hồ sơ tiếp nhận"));
        assert!(text.contains("(19) Tỷ lệ hài lòng (%)"));
        let english = table(&sample(), GroupBy::Office, Lang::En, "Title");
        assert!(english.contains("Office") && english.contains("Total"));
    }
}
