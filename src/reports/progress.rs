//! The reform-progress report, read from the data on a date (never stored): the unit's tree
//! that day, its open one-stop desks, what they receive and the catalog versions in force. The
//! counting is `domain::progress`; this gathers the facts and writes the table, CSV and XLSX.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use diesel::QueryResult;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::db::offices::{self, AvailabilityRow};
use crate::db::units::{self, UnitRow};
use crate::db::{DbConnection, procedures};
use crate::domain::procedure::OnlineLevel;
use crate::domain::progress::{
    DeskCoverage, Figure, Line, Provided, Ratio, Received, ReformProgress, desk_kinds,
    levels_at_unit, percent, tally, tiers_of,
};
use crate::domain::unit::UnitLevel;

/// The report for one unit on one date.
#[derive(Debug, Clone)]
pub struct ProgressReport {
    /// The unit, as it was that day.
    pub unit: UnitRow,
    /// The date.
    pub date: NaiveDate,
    /// The figures.
    pub figures: ReformProgress,
}

fn level(unit: &UnitRow) -> UnitLevel {
    UnitLevel::from_token(&unit.level).unwrap_or(UnitLevel::Commune)
}

/// The unit and every unit under it, all as valid on `on`.
fn tree(conn: &mut DbConnection, root: UnitRow, on: NaiveDate) -> QueryResult<Vec<UnitRow>> {
    let mut seen: HashSet<String> = HashSet::from([root.code.clone()]);
    let mut frontier = vec![root.code.clone()];
    let mut tree = vec![root];
    while !frontier.is_empty() {
        let children = units::children_valid_on(conn, &frontier, on)?;
        frontier = Vec::new();
        for child in children {
            if seen.insert(child.code.clone()) {
                frontier.push(child.code.clone());
                tree.push(child);
            }
        }
    }
    Ok(tree)
}

/// The report for the unit with this code on `on`; `None` when no unit has the code that day.
pub fn compute(
    conn: &mut DbConnection,
    code: &str,
    on: NaiveDate,
) -> QueryResult<Option<ProgressReport>> {
    let Some(root) = units::find_valid_on(conn, code, on)? else {
        return Ok(None);
    };
    let unit = root.clone();
    let units = tree(conn, root, on)?;
    let unit_ids: Vec<String> = units.iter().map(|u| u.id.clone()).collect();
    let open = offices::receiving_open_in(conn, &unit_ids, on)?;

    let desks = tiers_of(level(&unit))
        .iter()
        .map(|&tier| {
            let kinds = desk_kinds(tier);
            let of_tier: Vec<&UnitRow> = units.iter().filter(|u| level(u) == tier).collect();
            let served = of_tier
                .iter()
                .filter(|u| {
                    open.iter()
                        .any(|o| o.unit_id == u.id && kinds.contains(&o.kind.as_str()))
                })
                .count();
            DeskCoverage {
                tier,
                ratio: Ratio::new(served as u64, of_tier.len() as u64),
            }
        })
        .collect();

    let office_ids: Vec<String> = open.iter().map(|o| o.id.clone()).collect();
    let rows = offices::availability_of(conn, &office_ids, on)?;
    let codes: Vec<String> = rows
        .iter()
        .map(|r| r.procedure_code.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let versions: HashMap<String, procedures::VersionRow> =
        procedures::in_force_many(conn, &codes, on)?
            .into_iter()
            .map(|(v, _)| (v.procedure_code.clone(), v))
            .collect();
    let online = |token: Option<&str>| token.and_then(OnlineLevel::from_token);

    let mut by_code: BTreeMap<&str, Vec<&AvailabilityRow>> = BTreeMap::new();
    for row in &rows {
        by_code.entry(&row.procedure_code).or_default().push(row);
    }
    let provided: Vec<Provided> = by_code
        .iter()
        .filter_map(|(code, rows)| {
            let version = versions.get(*code)?;
            let at_offices: Vec<_> = rows
                .iter()
                .map(|r| (r.legacy_level, online(r.online_level.as_deref())))
                .collect();
            let (legacy_level, online_level) = levels_at_unit(
                &at_offices,
                (
                    version.legacy_level,
                    online(version.online_level.as_deref()),
                ),
            );
            Some(Provided {
                legacy_level,
                online_level,
                published: version.published && rows.iter().all(|r| r.posted),
            })
        })
        .collect();
    let (published, legacy_levels, online_levels) = tally(&provided);

    let received = |kinds: &[&str]| {
        let per_desk: Vec<BTreeSet<String>> = open
            .iter()
            .filter(|o| kinds.contains(&o.kind.as_str()))
            .map(|o| {
                rows.iter()
                    .filter(|r| {
                        r.office_id == o.id && r.posted && versions.contains_key(&r.procedure_code)
                    })
                    .map(|r| r.procedure_code.clone())
                    .collect()
            })
            .collect();
        Received::of(&per_desk)
    };
    let figures = ReformProgress {
        desks,
        published,
        commune_desks: received(desk_kinds(UnitLevel::Commune)),
        district_centers: received(desk_kinds(UnitLevel::District)),
        legacy_levels,
        online_levels,
    };
    Ok(Some(ProgressReport {
        unit,
        date: on,
        figures,
    }))
}

/// Whether the unit `code` is `ancestor` or lies under it, following parents as they were on
/// `on` (or, for a code not valid that day, in its last period).
pub fn within(
    conn: &mut DbConnection,
    code: &str,
    ancestor: &str,
    on: NaiveDate,
) -> QueryResult<bool> {
    let mut current = Some(code.to_owned());
    // Province → district → commune: a few steps at most; the bound guards a cycle.
    for _ in 0..8 {
        let Some(code) = current else {
            return Ok(false);
        };
        if code == ancestor {
            return Ok(true);
        }
        let row = match units::find_valid_on(conn, &code, on)? {
            Some(row) => Some(row),
            None => units::by_code(conn, &code)?.pop(),
        };
        current = row.and_then(|r| r.parent_code);
    }
    Ok(false)
}

/// The file name stem: `tien-do-cai-cach-980-20200609`.
pub fn file_stem(report: &ProgressReport) -> String {
    format!(
        "tien-do-cai-cach-{}-{}",
        report.unit.code,
        report.date.format("%Y%m%d")
    )
}

fn value_text(figure: &Figure) -> String {
    match figure {
        Figure::Ratio(r) => format!("{}/{}", r.numerator, r.denominator),
        Figure::Count(n) => n.to_string(),
    }
}

/// The CSV header (Vietnamese).
pub const CSV_COLUMNS: [&str; 9] = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Ngày",
    "Mã chỉ tiêu",
    "Chỉ tiêu",
    "Giá trị",
    "Tử số",
    "Mẫu số",
    "Tỷ lệ (%)",
];

/// One row per line: the unit, the date, the line's key and Vietnamese label, its value, and
/// for ratios the numerator, denominator and percentage.
pub fn csv(report: &ProgressReport) -> Result<Vec<u8>, csv::Error> {
    // A byte-order mark first, so spreadsheet programs read the Vietnamese as UTF-8.
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(CSV_COLUMNS)?;
    let date = report.date.format("%Y-%m-%d").to_string();
    for line in report.figures.lines() {
        let (numerator, denominator, share) = match line.figure {
            Figure::Ratio(r) => (
                r.numerator.to_string(),
                r.denominator.to_string(),
                r.share.map(percent).unwrap_or_default(),
            ),
            Figure::Count(_) => Default::default(),
        };
        writer.write_record([
            report.unit.code.as_str(),
            report.unit.full_name.as_str(),
            date.as_str(),
            line.key,
            line.vi.as_str(),
            value_text(&line.figure).as_str(),
            numerator.as_str(),
            denominator.as_str(),
            share.as_str(),
        ])?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// The XLSX headers and their widths.
const XLSX_COLUMNS: [(&str, f64); 6] = [
    ("Chỉ tiêu", 62.0),
    ("Giá trị", 12.0),
    ("Tử số", 10.0),
    ("Mẫu số", 10.0),
    ("Tỷ lệ", 10.0),
    ("Mã chỉ tiêu", 24.0),
];

/// The row of the XLSX headers (0-based); the title and the unit come before it.
pub const XLSX_HEADER_ROW: u32 = 3;

/// A workbook with one sheet, "Tiến độ cải cách": a title, the unit and date, then one row per
/// line with Vietnamese headers; ratios carry numbers and a percentage cell.
pub fn xlsx(report: &ProgressReport) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Tiến độ cải cách")?;
    let bold = Format::new().set_bold();
    let share = Format::new().set_num_format("0.00%");
    sheet.write_string_with_format(0, 0, "BÁO CÁO TIẾN ĐỘ CẢI CÁCH HÀNH CHÍNH", &bold)?;
    sheet.write_string(
        1,
        0,
        format!(
            "Đơn vị: {} ({}) — ngày {}",
            report.unit.full_name,
            report.unit.code,
            report.date.format("%d/%m/%Y")
        ),
    )?;
    for (col, (title, width)) in (0u16..).zip(XLSX_COLUMNS) {
        sheet.write_string_with_format(XLSX_HEADER_ROW, col, title, &bold)?;
        sheet.set_column_width(col, width)?;
    }
    let lines: Vec<Line> = report.figures.lines();
    for (row, line) in (XLSX_HEADER_ROW + 1..).zip(&lines) {
        sheet.write_string(row, 0, &line.vi)?;
        match line.figure {
            Figure::Ratio(r) => {
                sheet.write_string(row, 1, value_text(&line.figure))?;
                sheet.write_number(row, 2, r.numerator as f64)?;
                sheet.write_number(row, 3, r.denominator as f64)?;
                if let Some(s) = r.share {
                    sheet.write_number_with_format(row, 4, s, &share)?;
                }
            }
            Figure::Count(n) => {
                sheet.write_number(row, 1, n as f64)?;
            }
        }
        sheet.write_string(row, 5, line.key)?;
    }
    sheet.set_freeze_panes(XLSX_HEADER_ROW + 1, 0)?;
    workbook.save_to_buffer()
}

/// A plain-text table for a terminal, in Vietnamese.
pub fn table(report: &ProgressReport) -> String {
    let lines = report.figures.lines();
    let width = lines
        .iter()
        .map(|l| l.vi.chars().count())
        .max()
        .unwrap_or(0)
        .max("Chỉ tiêu".chars().count());
    let pad = |text: &str| {
        let n = width.saturating_sub(text.chars().count());
        format!("{text}{}", " ".repeat(n))
    };
    let mut out = format!(
        "Báo cáo tiến độ cải cách hành chính\nĐơn vị: {} ({})   Ngày: {}\n\n{}  Giá trị\n",
        report.unit.full_name,
        report.unit.code,
        report.date.format("%d/%m/%Y"),
        pad("Chỉ tiêu")
    );
    out.push_str(&"-".repeat(width + 16));
    out.push('\n');
    for line in &lines {
        let value = match line.figure {
            Figure::Ratio(r) => r.text(),
            Figure::Count(n) => n.to_string(),
        };
        out.push_str(&format!("{}  {value}\n", pad(&line.vi)));
    }
    out
}
