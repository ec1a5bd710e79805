//! Bulk imports for setting up a province: offices, what each receives, staff accounts. One
//! file per kind; this module reads the table (CSV or XLSX, Vietnamese or `snake_case`
//! headers), reports bad lines, and runs each import in one write transaction.
//!
//! All or nothing: every line is checked (in the same transaction, against what the earlier
//! lines wrote), and when any line is bad nothing is written and the report lists every bad
//! line; a dry run does the same work and rolls back, so its report is exactly what the import
//! would do. A province's setup file is one whole (a commune centre without its procedures, or
//! half the staff with passwords handed out, helps nobody), and an import can be run again:
//! what is already there as the file says is left alone.

pub mod availability;
pub mod offices;
pub mod province;
pub mod staff;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::{DbConnection, write_transaction};
use crate::domain::text::fold;
use crate::error::Error;

/// What a bulk import loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// Offices (one-stop desks and processing agencies).
    Offices,
    /// Which office receives which procedure.
    Availability,
    /// Staff accounts, with one-time passwords.
    Staff,
}

impl ImportKind {
    /// The kind a path segment names.
    pub fn from_token(token: &str) -> Option<Self> {
        match token {
            "offices" => Some(Self::Offices),
            "availability" => Some(Self::Availability),
            "staff" => Some(Self::Staff),
            _ => None,
        }
    }

    /// The path segment.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Offices => "offices",
            Self::Availability => "availability",
            Self::Staff => "staff",
        }
    }

    /// The template's columns.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Self::Offices => offices::COLUMNS,
            Self::Availability => availability::COLUMNS,
            Self::Staff => staff::COLUMNS,
        }
    }
}

/// A column of a template: its key, the Vietnamese header people write, whether it must be
/// there. Either header is accepted, in any case and with or without accents.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The `snake_case` key (`ma_co_quan`).
    pub key: &'static str,
    /// The Vietnamese header (`Mã cơ quan`).
    pub header: &'static str,
    /// The column must be present and every row must fill it.
    pub required: bool,
}

/// A bad line of an import file.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct LineError {
    /// The line in the file (CSV) or the row in the sheet (XLSX); the header is line 1.
    #[schema(example = 3)]
    pub line: usize,
    /// The column, by its key, when one is to blame.
    #[schema(example = "ma_don_vi")]
    pub column: Option<String>,
    /// What is wrong, in Vietnamese.
    #[schema(example = "không có đơn vị hành chính mang mã này có hiệu lực vào ngày 2019-01-01")]
    pub message: String,
    /// What is wrong, in English.
    #[schema(example = "no unit with this code was valid on 2019-01-01")]
    pub message_en: String,
}

impl LineError {
    /// A bad line.
    pub fn new(
        line: usize,
        column: Option<&str>,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self {
            line,
            column: column.map(str::to_owned),
            message: vi.into(),
            message_en: en.into(),
        }
    }

    /// The field issues of an operation's 422 as lines of the file; `column` maps an
    /// operation's field name to the file's column.
    fn from_error(
        line: usize,
        error: Error,
        column: impl Fn(&str) -> Option<&'static str>,
    ) -> Vec<Self> {
        match error {
            Error::Validation(issues) => issues
                .iter()
                .map(|i| Self::new(line, column(&i.field), i.message.clone(), i.message_en()))
                .collect(),
            other => {
                let code = other.code();
                vec![Self::new(
                    line,
                    None,
                    code.title(crate::i18n::Lang::Vi),
                    code.title(crate::i18n::Lang::En),
                )]
            }
        }
    }
}

/// A one-time password, handed out once.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OneTimePassword {
    /// The line of the file the account came from.
    pub line: usize,
    /// The account.
    #[schema(example = "nguyen.van.a")]
    pub username: String,
    /// Its name.
    #[schema(example = "Nguyễn Văn A")]
    pub display_name: String,
    /// The password, to be changed at the first sign-in; stored only as its Argon2 hash.
    #[schema(example = "k7Qm2xRt9vHc4pLw8sNb")]
    pub password: String,
}

/// What an import did, or (a dry run) would do.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct BulkReport {
    /// What was imported.
    #[schema(value_type = String, example = "offices")]
    pub kind: String,
    /// Nothing was written: this is what the import would do.
    pub dry_run: bool,
    /// Data rows read.
    pub rows: usize,
    /// Rows that created something.
    pub created: usize,
    /// Rows that changed something already there.
    pub updated: usize,
    /// Rows already there as the file says.
    pub unchanged: usize,
    /// Bad lines (then nothing was written).
    pub errors: Vec<LineError>,
    /// Staff: the one-time passwords of the accounts created, given once (never on a dry run).
    pub passwords: Vec<OneTimePassword>,
}

/// What one row did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Created something.
    Created,
    /// Changed something.
    Updated,
    /// Left it as it was.
    Unchanged,
}

/// One data row, its cells by column key.
#[derive(Debug, Clone)]
pub struct Row {
    /// The line in the file (the header is 1).
    pub line: usize,
    cells: HashMap<&'static str, String>,
}

impl Row {
    /// The cell of a column, trimmed; `None` when blank or absent.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.cells
            .get(key)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }

    /// A required cell, or the line's error.
    pub fn required(&self, key: &'static str) -> Result<&str, LineError> {
        self.get(key)
            .ok_or_else(|| LineError::new(self.line, Some(key), "là bắt buộc", "is required"))
    }

    /// A date cell: `YYYY-MM-DD` or `DD/MM/YYYY` (an XLSX date cell arrives as the former).
    pub fn date(&self, key: &'static str) -> Result<Option<NaiveDate>, LineError> {
        let Some(text) = self.get(key) else {
            return Ok(None);
        };
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
            .map(Some)
            .map_err(|_| {
                LineError::new(
                    self.line,
                    Some(key),
                    format!("“{text}” không phải là ngày (YYYY-MM-DD hoặc DD/MM/YYYY)"),
                    format!("“{text}” is not a date (YYYY-MM-DD or DD/MM/YYYY)"),
                )
            })
    }

    /// A yes/no cell (`có`/`không`, `x`, `1`/`0`, `true`/`false`); `default` when blank.
    pub fn flag(&self, key: &'static str, default: bool) -> Result<bool, LineError> {
        let Some(text) = self.get(key) else {
            return Ok(default);
        };
        match fold(text).as_str() {
            "co" | "x" | "1" | "true" | "yes" | "y" => Ok(true),
            "khong" | "0" | "false" | "no" | "n" => Ok(false),
            _ => Err(LineError::new(
                self.line,
                Some(key),
                format!("“{text}”: ghi “có” hoặc “không”"),
                format!("“{text}”: write “có” (yes) or “không” (no)"),
            )),
        }
    }
}

/// The rows of an import file.
#[derive(Debug, Clone)]
pub struct Table {
    /// Data rows, in file order.
    pub rows: Vec<Row>,
}

fn rejected(errors: Vec<LineError>) -> Error {
    Error::ImportRejected(serde_json::json!({ "errors": errors }))
}

fn file_error(vi: &str, en: &str) -> Error {
    rejected(vec![LineError::new(1, None, vi, en)])
}

/// Refuses a file whose cells hold a control character (`validation::refused_char`: U+0000,
/// which PostgreSQL text cannot store, and the other C0 controls but tab and line ends), each
/// cell on its line, as the API refuses them in every other input (docs/API.md, Text). An XLSX
/// cell can carry one escaped (`_x0000_`); the file arrives through the command line too.
fn refuse_control_characters(grid: &Grid) -> Result<(), Error> {
    let mut errors = Vec::new();
    for (line, cells) in grid {
        for (index, cell) in cells.iter().enumerate() {
            if let Some(c) = crate::validation::first_refused(cell) {
                let code = format!("U+{:04X}", u32::from(c));
                errors.push(LineError::new(
                    *line,
                    None,
                    format!("ô thứ {} chứa ký tự điều khiển {code}", index + 1),
                    format!("cell {} holds the control character {code}", index + 1),
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(rejected(errors))
    }
}

/// Reads an import file: XLSX when it is one (a ZIP archive), otherwise UTF-8 CSV (comma or
/// semicolon separated, as spreadsheet programs save it, a byte-order mark allowed). The
/// first row is the header; its columns are matched to `columns` by key or Vietnamese header,
/// in any case and with or without accents. A missing required column or an unknown one is a
/// 422 `import_rejected` on line 1.
pub fn read_table(bytes: &[u8], columns: &'static [Column]) -> Result<Table, Error> {
    let grid = if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)?
    } else {
        read_csv(bytes)?
    };
    refuse_control_characters(&grid)?;
    let mut lines = grid.into_iter();
    let Some((_, header)) = lines.next() else {
        return Err(file_error("tệp trống", "the file is empty"));
    };
    let mut index: Vec<Option<&'static Column>> = Vec::with_capacity(header.len());
    let mut errors = Vec::new();
    for name in &header {
        let folded = fold(name);
        if folded.is_empty() {
            index.push(None);
            continue;
        }
        let column = columns
            .iter()
            .find(|c| fold(c.key) == folded || fold(c.header) == folded);
        if column.is_none() {
            errors.push(LineError::new(
                1,
                None,
                format!("cột “{name}” không có trong mẫu"),
                format!("column “{name}” is not in the template"),
            ));
        }
        index.push(column);
    }
    for column in columns.iter().filter(|c| c.required) {
        if !index.iter().flatten().any(|c| c.key == column.key) {
            errors.push(LineError::new(
                1,
                Some(column.key),
                format!("thiếu cột “{}”", column.header),
                format!("the column “{}” ({}) is missing", column.header, column.key),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(rejected(errors));
    }
    let rows = lines
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(line, cells)| Row {
            line,
            cells: index
                .iter()
                .zip(cells)
                .filter_map(|(column, cell)| column.map(|c| (c.key, cell)))
                .collect(),
        })
        .collect();
    Ok(Table { rows })
}

type Grid = Vec<(usize, Vec<String>)>;

fn read_csv(bytes: &[u8]) -> Result<Grid, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        file_error(
            &format!("tệp không phải CSV UTF-8 (byte {})", e.valid_up_to()),
            &format!("the file is not UTF-8 CSV (byte {})", e.valid_up_to()),
        )
    })?;
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    // The reader skips blank lines without counting them: give each a delimiter, so it reads as
    // an empty record (dropped later) and the lines after it keep their numbers.
    let filled: String = text
        .split_inclusive('\n')
        .map(|l| {
            if l.trim_end_matches(['\r', '\n']).is_empty() {
                format!("{}{l}", delimiter as char)
            } else {
                l.to_owned()
            }
        })
        .collect();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(filled.as_bytes());
    let mut grid = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            rejected(vec![LineError::new(
                line,
                None,
                format!("không đọc được dòng: {e}"),
                format!("cannot read the line: {e}"),
            )])
        })?;
        let line = record
            .position()
            .map_or(grid.len() + 1, |p| p.line() as usize);
        grid.push((line, record.iter().map(str::to_owned).collect()));
    }
    Ok(grid)
}

fn read_xlsx(bytes: &[u8]) -> Result<Grid, Error> {
    use calamine::{Data, Reader, Xlsx};
    let unreadable = |e: &dyn std::fmt::Display| {
        file_error(
            &format!("không đọc được tệp XLSX: {e}"),
            &format!("cannot read the XLSX file: {e}"),
        )
    };
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| file_error("tệp XLSX không có trang tính", "the XLSX file has no sheet"))?
        .map_err(|e| unreadable(&e))?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_col = range.start().map_or(0, |(_, col)| col as usize);
    let cell = |data: &Data| match data {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Codes typed as numbers come back as floats: 1.0 is "1".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
        Data::DateTime(d) => excel_date(d.as_f64()),
        Data::Error(e) => format!("#{e:?}"),
    };
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let mut cells = vec![String::new(); first_col];
            cells.extend(row.iter().map(cell));
            (first_row + i + 1, cells)
        })
        .collect())
}

/// An Excel date serial (days since 1899-12-30) as `YYYY-MM-DD`.
fn excel_date(serial: f64) -> String {
    NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(serial.floor().max(0.0) as u64)))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

/// The template of a kind as a CSV header line.
pub fn template_csv(kind: ImportKind) -> String {
    let headers: Vec<&str> = kind.columns().iter().map(|c| c.header).collect();
    format!("{}\n", headers.join(","))
}

/// Why an import's transaction ends without committing.
enum Stop {
    Failed(Error),
    Rollback(BulkReport),
}

impl From<diesel::result::Error> for Stop {
    fn from(e: diesel::result::Error) -> Self {
        Self::Failed(e.into())
    }
}

impl From<Error> for Stop {
    fn from(e: Error) -> Self {
        Self::Failed(e)
    }
}

/// Runs an import's rows in one write transaction: `each` handles a row (against what the
/// earlier rows wrote) and says what it did, or why the line is bad. Any bad line, or a dry
/// run, rolls everything back; bad lines are a 422 `import_rejected` listing them all.
fn run<S>(
    conn: &mut DbConnection,
    kind: ImportKind,
    table: Table,
    dry_run: bool,
    mut state: S,
    mut each: impl FnMut(
        &mut DbConnection,
        &mut S,
        &Row,
        &mut BulkReport,
    ) -> Result<Result<Outcome, Vec<LineError>>, Error>,
) -> Result<BulkReport, Error> {
    let mut report = BulkReport {
        kind: kind.as_str().to_owned(),
        dry_run,
        rows: table.rows.len(),
        ..BulkReport::default()
    };
    let result = write_transaction(conn, |conn| {
        for row in &table.rows {
            match each(conn, &mut state, row, &mut report)? {
                Ok(Outcome::Created) => report.created += 1,
                Ok(Outcome::Updated) => report.updated += 1,
                Ok(Outcome::Unchanged) => report.unchanged += 1,
                Err(errors) => report.errors.extend(errors),
            }
        }
        if dry_run || !report.errors.is_empty() {
            return Err(Stop::Rollback(std::mem::take(&mut report)));
        }
        Ok(std::mem::take(&mut report))
    });
    match result {
        Ok(report) => Ok(report),
        Err(Stop::Failed(e)) => Err(e),
        Err(Stop::Rollback(report)) if report.errors.is_empty() => Ok(report),
        Err(Stop::Rollback(report)) => Err(Error::ImportRejected(
            serde_json::to_value(BulkReport {
                passwords: Vec::new(),
                ..report
            })
            .map_err(Error::internal)?,
        )),
    }
}

/// Imports a file of `kind` (see [`read_table`]) in one transaction; `dry_run` writes nothing.
pub fn import(
    conn: &mut DbConnection,
    kind: ImportKind,
    bytes: &[u8],
    dry_run: bool,
) -> Result<BulkReport, Error> {
    let table = read_table(bytes, kind.columns())?;
    match kind {
        ImportKind::Offices => offices::import(conn, table, dry_run),
        ImportKind::Availability => availability::import(conn, table, dry_run),
        ImportKind::Staff => staff::import(conn, table, dry_run),
    }
}

/// The value, or `None` with its error kept.
fn keep<T>(errors: &mut Vec<LineError>, result: Result<T, LineError>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}

/// A duplicate of an earlier line of the file, by key.
fn duplicate(
    seen: &mut HashMap<String, usize>,
    key: String,
    line: usize,
    column: &'static str,
) -> Option<LineError> {
    match seen.get(&key) {
        Some(first) => Some(LineError::new(
            line,
            Some(column),
            format!("trùng với dòng {first}"),
            format!("repeats line {first}"),
        )),
        None => {
            seen.insert(key, line);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_by_key_or_vietnamese_name_and_lines_are_numbered() {
        let csv =
            "Mã cơ quan;TEN;Loai;ma_don_vi\n\nH1.01;Trung tâm;x;00001\n;;;\nH1.02;B;y;00002\n";
        let table = read_table(csv.as_bytes(), offices::COLUMNS).unwrap();
        let lines: Vec<usize> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 5]);
        assert_eq!(table.rows[1].get("ma_co_quan"), Some("H1.02"));
        assert_eq!(table.rows[1].get("ma_don_vi"), Some("00002"));
    }

    #[test]
    fn a_missing_or_unknown_column_is_line_one() {
        let Err(Error::ImportRejected(report)) =
            read_table("ma_co_quan,ten,colour\n".as_bytes(), offices::COLUMNS)
        else {
            panic!("accepted");
        };
        let errors = report["errors"].as_array().unwrap();
        assert!(errors.iter().all(|e| e["line"] == 1), "{report}");
        assert!(
            errors.iter().any(|e| e["column"] == "ma_don_vi"),
            "{report}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e["message_en"].as_str().unwrap().contains("colour"))
        );
    }

    #[test]
    fn excel_serials_are_dates() {
        assert_eq!(excel_date(45839.0), "2025-07-01");
    }
}
