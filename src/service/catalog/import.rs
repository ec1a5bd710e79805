//! The national portal's export read into the catalog.

use chrono::NaiveDate;

use crate::db::DbConnection;
use crate::error::{Code, Error};
use crate::import::procedures::{self as portal, Format, ImportReport};

/// Imports a portal file (CSV or JSON): an unchanged row changes nothing, a changed row adds
/// a version in force from `effective_from` (default today), bad rows are reported. With
/// `atomic`, a file with bad rows writes nothing and is refused with its report.
pub fn import(
    conn: &mut DbConnection,
    file: &[u8],
    format: Format,
    effective_from: Option<NaiveDate>,
    atomic: bool,
) -> Result<ImportReport, Error> {
    let rows = portal::read(file, format).map_err(|e| Error::BadRequest {
        code: Code::UnreadableFile,
        detail: e.to_string(),
    })?;
    let effective_from = effective_from.unwrap_or_else(crate::domain::today);
    let report =
        portal::import(conn, rows, effective_from, atomic, |_| {}).map_err(Error::internal)?;
    if report.rolled_back {
        return Err(Error::ImportRejected(
            serde_json::to_value(&report).map_err(Error::internal)?,
        ));
    }
    Ok(report)
}
