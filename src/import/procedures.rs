//! The national portal's procedure export (CSV with its column names, or JSON objects with
//! the same keys) into the catalog. Re-importing the same file changes nothing; a changed row
//! adds a version; a bad row is reported with its line and reason and the good rows are kept
//! (or, when atomic, nothing is written).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{self as store, DbConnection, fields, procedures, write_transaction};
use crate::domain::procedure::{
    PORTAL_COLUMNS, PortalRow, ProcedureDraft, TableProblem, TimeStatus,
};

/// A file format the import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV, UTF-8, with the portal's header row.
    Csv,
    /// A JSON array of objects keyed by the portal's column names.
    Json,
    /// JSON Lines: one such object per line, as the portal's detail (`procedures_detail.jsonl`,
    /// with each channel's time and fees and the documents table) comes.
    JsonLines,
}

/// A row that was not imported.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct RowError {
    /// Line in the file where the row starts (JSON: the 1-based item number).
    #[schema(example = 42)]
    pub line: u64,
    /// The row's procedure code, when it could be read.
    #[schema(example = "5.002544")]
    pub code: Option<String>,
    /// The column at fault, when one is.
    #[schema(example = "ma_thu_tuc")]
    pub column: Option<String>,
    /// What is wrong.
    #[schema(
        example = "`5.00254` is not a national procedure code (N.NNNNNN: a digit 1–9, a dot, six digits)"
    )]
    pub reason: String,
}

/// A procedure whose documents table did not read cleanly.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct DocumentReview {
    /// Line of the row.
    #[schema(example = 1207)]
    pub line: u64,
    /// The procedure.
    #[schema(example = "1.009539")]
    pub code: String,
    /// What was amiss.
    pub problems: Vec<TableProblem>,
    /// The same, in words.
    #[schema(example = "text left after a table's last quantity")]
    pub reason: String,
    /// Documents read all the same.
    pub documents: u64,
}

/// What the rows' documents tables gave.
#[derive(Debug, Clone, Default, Serialize, ToSchema, PartialEq)]
pub struct DocumentsSummary {
    /// Rows that carry a documents table (text beyond the portal's `--`).
    pub tables: u64,
    /// Of those, read cleanly.
    pub clean: u64,
    /// Documents read, over all rows.
    pub documents: u64,
    /// The tables to review, in file order.
    pub review: Vec<DocumentReview>,
}

/// A procedure whose processing time needs an administrator.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct TimeReview {
    /// Line of the row.
    #[schema(example = 310)]
    pub line: u64,
    /// The procedure.
    #[schema(example = "1.001193")]
    pub code: String,
    /// `unit_assumed` (a bare number taken as working days) or `unknown` (no time).
    pub status: TimeStatus,
    /// The source wording of the time.
    #[schema(example = "1")]
    pub time_text: String,
}

/// What the rows' times and fees gave.
#[derive(Debug, Clone, Default, Serialize, ToSchema, PartialEq)]
pub struct TimesSummary {
    /// Rows with channel entries (the portal's detail).
    pub with_channels: u64,
    /// Of those, with different times among their channel entries (by channel, or by case
    /// within a channel).
    pub times_differ: u64,
    /// With different fees among their channel entries (entries without a fee aside).
    pub fees_differ: u64,
    /// Rows whose time is a bare number, taken as working days.
    pub unit_assumed: u64,
    /// Rows with no processing time at all.
    pub unknown: u64,
    /// Those rows, for confirmation (`GET /api/v1/procedures/time-review`).
    pub review: Vec<TimeReview>,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize, ToSchema, PartialEq)]
pub struct ImportReport {
    /// Rows read (good and bad).
    pub rows: u64,
    /// New procedures.
    pub created: u64,
    /// Procedures that got a new version.
    pub new_versions: u64,
    /// Rows identical to the latest version.
    pub unchanged: u64,
    /// Rows refused (see `errors`).
    pub rejected: u64,
    /// Fields created on the way.
    pub fields_created: u64,
    /// True when nothing was written (an atomic import with errors).
    pub rolled_back: bool,
    /// One entry per refused row, in file order.
    pub errors: Vec<RowError>,
    /// The documents tables: how many read cleanly, and the rest for review.
    pub documents: DocumentsSummary,
    /// Times and fees per channel, and the times that need confirming.
    pub times: TimesSummary,
    /// What each good row did, in file order (the administrator's page lists it line by
    /// line; the API's answer leaves it out, since the counts and `errors` say as much).
    #[serde(skip)]
    pub lines: Vec<LineOutcome>,
}

/// What one good row of an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowOutcome {
    /// A new procedure.
    Created,
    /// A new version of a procedure.
    NewVersion,
    /// The same as the latest version.
    Unchanged,
}

/// One good row's line, code and outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineOutcome {
    /// Line in the file where the row starts.
    pub line: u64,
    /// The procedure code.
    pub code: String,
    /// What it did.
    pub outcome: RowOutcome,
}

/// The file as a whole could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Not UTF-8 at all (a UTF-16 or legacy-encoded export).
    #[error("the file is not UTF-8 text; export it as UTF-8")]
    Encoding,
    /// Required columns are missing.
    #[error("the header lacks the columns: {0}")]
    MissingColumns(String),
    /// The JSON is not an array of objects.
    #[error("the JSON is not an array of objects: {0}")]
    Json(String),
    /// The file is empty.
    #[error("the file is empty")]
    Empty,
}

/// Import failures.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error(transparent)]
    File(#[from] FileError),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
    /// A draft could not be stored.
    #[error("cannot encode a version: {0}")]
    Encode(#[from] serde_json::Error),
}

/// A row as read from a file: its line, and the row or why it could not be read.
pub type ReadRow = (u64, Result<PortalRow, RowError>);

const REQUIRED: [&str; 3] = ["ma_thu_tuc", "ten_thu_tuc", "linh_vuc"];

/// Reads a file into rows with their line numbers; rows that cannot be read are errors.
pub fn read(bytes: &[u8], format: Format) -> Result<Vec<ReadRow>, FileError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FileError::Empty);
    }
    match format {
        Format::Csv => read_csv(bytes),
        Format::Json => read_json(bytes),
        Format::JsonLines => read_json_lines(bytes),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Vec<ReadRow>, FileError> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|_| FileError::Encoding)?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect::<Vec<_>>();
    let missing: Vec<&str> = REQUIRED
        .into_iter()
        .filter(|c| !headers.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        return Err(FileError::MissingColumns(missing.join(", ")));
    }
    let header_record = csv::StringRecord::from(headers);
    let mut rows = Vec::new();
    for record in reader.byte_records() {
        let (line, row) = match record {
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                let reason = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!(
                        "has {len} fields where the header has {expected_len} (a quote left open or an unquoted comma?)"
                    ),
                    _ => format!("cannot be read as CSV: {e}"),
                };
                (
                    line,
                    Err(RowError {
                        line,
                        code: None,
                        column: None,
                        reason,
                    }),
                )
            }
            Ok(record) => {
                let line = record.position().map_or(0, csv::Position::line);
                let row = match csv::StringRecord::from_byte_record(record) {
                    Err(_) => Err(RowError {
                        line,
                        code: None,
                        column: None,
                        reason: "is not valid UTF-8 (was the file saved in another encoding?)"
                            .into(),
                    }),
                    Ok(record) => record
                        .deserialize::<PortalRow>(Some(&header_record))
                        .map_err(|e| RowError {
                            line,
                            code: None,
                            column: None,
                            reason: format!("cannot be read: {e}"),
                        }),
                };
                (line, row)
            }
        };
        rows.push((line, row));
    }
    Ok(rows)
}

fn read_json(bytes: &[u8]) -> Result<Vec<ReadRow>, FileError> {
    let text = std::str::from_utf8(bytes).map_err(|_| FileError::Encoding)?;
    let items: Vec<serde_json::Value> =
        serde_json::from_str(text).map_err(|e| FileError::Json(e.to_string()))?;
    Ok(items
        .into_iter()
        .zip(1u64..)
        .map(|(item, n)| {
            let row = serde_json::from_value::<PortalRow>(item).map_err(|e| RowError {
                line: n,
                code: None,
                column: None,
                reason: format!("cannot be read: {e}"),
            });
            (n, row)
        })
        .collect())
}

fn read_json_lines(bytes: &[u8]) -> Result<Vec<ReadRow>, FileError> {
    let text = std::str::from_utf8(bytes).map_err(|_| FileError::Encoding)?;
    Ok(text
        .lines()
        .zip(1u64..)
        .filter(|(line, _)| !line.trim().is_empty())
        .map(|(line, n)| {
            let row = serde_json::from_str::<PortalRow>(line).map_err(|e| RowError {
                line: n,
                code: None,
                column: None,
                reason: format!("cannot be read as a JSON object: {e}"),
            });
            (n, row)
        })
        .collect())
}

/// Counts what the drafts' documents tables and times gave.
fn summarise(report: &mut ImportReport, drafts: &[(u64, ProcedureDraft)]) {
    use std::fmt::Write;
    for (line, draft) in drafts {
        let docs = &mut report.documents;
        docs.documents += draft.documents.len() as u64;
        if !draft.documents_raw.trim_matches(['-', ' ']).is_empty() {
            docs.tables += 1;
            if draft.document_problems.is_empty() {
                docs.clean += 1;
            } else {
                let mut reason = String::new();
                for (i, p) in draft.document_problems.iter().enumerate() {
                    let _ = write!(reason, "{}{}", if i > 0 { "; " } else { "" }, p.describe());
                }
                docs.review.push(DocumentReview {
                    line: *line,
                    code: draft.code.to_string(),
                    problems: draft.document_problems.clone(),
                    reason,
                    documents: draft.documents.len() as u64,
                });
            }
        }
        let times = &mut report.times;
        let terms = &draft.channel_terms;
        if !terms.is_empty() {
            times.with_channels += 1;
            // Distinct times and fees over the entries (a channel may have several, for
            // different cases).
            let mut seen_times = Vec::new();
            let mut seen_fees = Vec::new();
            for t in terms {
                if let Some(time) = t
                    .processing_time
                    .as_ref()
                    .map(|p| (p.amount.to_bits(), p.unit))
                    && !seen_times.contains(&time)
                {
                    seen_times.push(time);
                }
                if !t.fees.is_empty() && !seen_fees.contains(&&t.fees) {
                    seen_fees.push(&t.fees);
                }
            }
            times.times_differ += u64::from(seen_times.len() > 1);
            times.fees_differ += u64::from(seen_fees.len() > 1);
        }
        match draft.time_status {
            TimeStatus::UnitAssumed => times.unit_assumed += 1,
            TimeStatus::Unknown => times.unknown += 1,
            TimeStatus::Stated | TimeStatus::Confirmed => continue,
        }
        times.review.push(TimeReview {
            line: *line,
            code: draft.code.to_string(),
            status: draft.time_status,
            time_text: draft.time_text.clone(),
        });
    }
}

/// Imports rows into the catalog as versions effective from `effective_from`.
/// `progress` is called after each row with the number done.
pub fn import(
    conn: &mut DbConnection,
    rows: Vec<ReadRow>,
    effective_from: NaiveDate,
    atomic: bool,
    mut progress: impl FnMut(u64),
) -> Result<ImportReport, ImportError> {
    let mut report = ImportReport {
        rows: rows.len() as u64,
        ..ImportReport::default()
    };
    // Parse everything first: an atomic import with errors never opens a write transaction.
    let mut drafts: Vec<(u64, ProcedureDraft)> = Vec::with_capacity(rows.len());
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for (line, row) in rows {
        let parsed = row.and_then(|row| {
            row.to_draft().map_err(|p| RowError {
                line,
                code: Some(row.ma_thu_tuc.trim().to_owned()).filter(|c| !c.is_empty()),
                column: Some(p.column.to_owned()),
                reason: p.reason,
            })
        });
        match parsed {
            Err(error) => report.errors.push(error),
            Ok(draft) => match first_line.get(draft.code.as_str()) {
                Some(first) => report.errors.push(RowError {
                    line,
                    code: Some(draft.code.to_string()),
                    column: Some("ma_thu_tuc".into()),
                    reason: format!("the code appears already on line {first}"),
                }),
                None => {
                    first_line.insert(draft.code.to_string(), line);
                    drafts.push((line, draft));
                }
            },
        }
    }
    report.rejected = report.errors.len() as u64;
    summarise(&mut report, &drafts);
    if atomic && report.rejected > 0 {
        report.rolled_back = true;
        return Ok(report);
    }

    let now = store::now();
    let mut known_fields: HashSet<String> = HashSet::new();
    let mut done = report.rejected;
    let mut late: Vec<RowError> = Vec::new();
    let mut outcomes: Vec<LineOutcome> = Vec::new();
    let counts = write_transaction(conn, |conn| -> Result<(u64, u64, u64, u64), ImportError> {
        outcomes.clear();
        let mut done_as = |line: u64, code: &str, outcome: RowOutcome| {
            outcomes.push(LineOutcome {
                line,
                code: code.to_owned(),
                outcome,
            });
        };
        let (mut created, mut versions, mut unchanged, mut new_fields) = (0, 0, 0, 0);
        for (line, draft) in &drafts {
            if known_fields.insert(draft.field_code.clone())
                && fields::ensure(conn, &draft.field_code, &draft.field_name, now)?
            {
                new_fields += 1;
            }
            let latest = procedures::latest(conn, draft.code.as_str())?;
            let mut draft = draft.clone();
            if let Some(latest) = &latest {
                keep_local(&mut draft, latest)?;
            }
            let draft = &draft;
            match latest {
                None => {
                    procedures::create(conn, &procedures::VersionRow::from_draft(draft, 1, effective_from, now)?)?;
                    created += 1;
                    done_as(*line, draft.code.as_str(), RowOutcome::Created);
                }
                Some(latest) if latest.content_hash == draft.content_hash() => {
                    unchanged += 1;
                    done_as(*line, draft.code.as_str(), RowOutcome::Unchanged);
                }
                Some(latest) if effective_from < latest.effective_from => late.push(RowError {
                    line: *line,
                    code: Some(draft.code.to_string()),
                    column: None,
                    reason: format!(
                        "the latest version takes effect on {}, after this import's date {effective_from}",
                        latest.effective_from
                    ),
                }),
                Some(latest) => {
                    let mut row = procedures::VersionRow::from_draft(draft, latest.version_no + 1, effective_from, now)?;
                    // The portal does not carry the supplement rule: it stays as it was.
                    row.supplement_rule = latest.supplement_rule.clone();
                    if procedures::add_version(conn, &latest, &row)? {
                        versions += 1;
                        done_as(*line, draft.code.as_str(), RowOutcome::NewVersion);
                    } else {
                        late.push(RowError {
                            line: *line,
                            code: Some(draft.code.to_string()),
                            column: None,
                            reason: "changed by someone else during the import; import it again".into(),
                        });
                    }
                }
            }
            done += 1;
            progress(done);
        }
        if atomic && !late.is_empty() {
            return Err(ImportError::Database(
                diesel::result::Error::RollbackTransaction,
            ));
        }
        Ok((created, versions, unchanged, new_fields))
    });
    report.rejected += late.len() as u64;
    report.errors.extend(late);
    report.errors.sort_by_key(|e| e.line);
    match counts {
        Ok((created, versions, unchanged, new_fields)) => {
            report.created = created;
            report.new_versions = versions;
            report.unchanged = unchanged;
            report.fields_created = new_fields;
            report.lines = outcomes;
        }
        Err(ImportError::Database(diesel::result::Error::RollbackTransaction)) => {
            report.rolled_back = true
        }
        Err(other) => return Err(other),
    }
    Ok(report)
}

/// Keeps what an administrator set and the portal's export does not carry: documents (when
/// the row has no documents table), legal basis, conditions, the legacy level, publication,
/// `full` online service, and a confirmed time unit where the row still gives a bare number.
fn keep_local(
    draft: &mut ProcedureDraft,
    latest: &procedures::VersionRow,
) -> Result<(), ImportError> {
    use crate::domain::procedure::OnlineLevel;
    let details = latest.details()?;
    if draft.documents_raw.is_empty() {
        draft.documents = details.documents;
        draft.documents_raw = details.documents_raw;
        draft.document_problems = details.document_problems;
    }
    if latest.time_status == TimeStatus::Confirmed.as_str()
        && draft.time_status == TimeStatus::UnitAssumed
    {
        keep_confirmed(
            draft,
            latest.time_amount,
            latest.time_unit.as_deref(),
            &details.channel_terms,
        );
    }
    draft.legal_basis = details.legal_basis;
    draft.conditions = details.conditions;
    draft.legacy_level = latest.legacy_level.and_then(|l| u8::try_from(l).ok());
    draft.published = latest.published;
    if latest.online_level.as_deref() == Some(OnlineLevel::Full.as_str())
        && draft.online_level == Some(OnlineLevel::Partial)
    {
        draft.online_level = Some(OnlineLevel::Full);
    }
    Ok(())
}

/// A confirmed unit stays when the row gives the same amounts as bare numbers.
fn keep_confirmed(
    draft: &mut ProcedureDraft,
    amount: Option<f64>,
    unit: Option<&str>,
    terms: &[crate::domain::procedure::ChannelTerms],
) {
    use crate::domain::procedure::TimeUnit;
    let same_amount = |a: Option<f64>, b: Option<f64>| a.map(f64::to_bits) == b.map(f64::to_bits);
    let main_ok = same_amount(draft.processing_time.as_ref().map(|t| t.amount), amount);
    let terms_ok = draft.channel_terms.len() == terms.len()
        && draft.channel_terms.iter().zip(terms).all(|(new, old)| {
            new.channel == old.channel
                && same_amount(
                    new.processing_time.as_ref().map(|t| t.amount),
                    old.processing_time.as_ref().map(|t| t.amount),
                )
                && (new.time_assumed || new.processing_time == old.processing_time)
        });
    if !(main_ok && terms_ok) {
        return;
    }
    if let Some(time) = &mut draft.processing_time {
        time.unit = unit.and_then(TimeUnit::from_token).or(time.unit);
    }
    for (new, old) in draft.channel_terms.iter_mut().zip(terms) {
        new.processing_time = old.processing_time.clone();
        new.time_assumed = false;
    }
    draft.time_status = TimeStatus::Confirmed;
}

/// Writes rows as a CSV in the portal's column layout.
pub fn write_csv(rows: &[PortalRow]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    writer.write_record(PORTAL_COLUMNS)?;
    for row in rows {
        writer.serialize(row)?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}
