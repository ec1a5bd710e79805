//! The catalog as a file: the portal's CSV layout (re-importable) or a workbook for people.

use serde::Deserialize;
use utoipa::ToSchema;

use super::search::{CatalogQuery, matching, ranked};
use crate::db::{DbConnection, procedures};
use crate::domain::search::Synonyms;
use crate::error::Error;
use crate::import::procedures as portal;
use crate::reports::catalog::{self, ExportRow};

/// Export formats.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// The portal's CSV layout (UTF-8, re-importable).
    Csv,
    /// An Excel workbook with Vietnamese headers.
    Xlsx,
}

/// An exported catalog.
#[derive(Debug)]
pub struct ExportFile {
    /// Its format.
    pub format: ExportFormat,
    /// The file name without extension, dated by the versions it holds.
    pub stem: String,
    /// The file.
    pub body: Vec<u8>,
}

/// The versions a search finds, in the listing's order (searched with `synonyms`), as a file.
pub fn export(
    conn: &mut DbConnection,
    query: &CatalogQuery,
    format: ExportFormat,
    synonyms: std::sync::Arc<Synonyms>,
) -> Result<ExportFile, Error> {
    let (filter, rank) = query.filter();
    let on = filter.as_of.unwrap_or_else(crate::domain::today);
    let listed = matching(conn, filter, query.office.clone())?;
    // The same order as the list: best matches first when searching, else by code.
    let priors = query.office.is_none();
    let codes: Vec<String> = ranked(&listed, rank.as_deref(), priors, synonyms)
        .into_iter()
        .map(|(_, i)| listed[i].code.clone())
        .collect();
    let mut rows = Vec::with_capacity(codes.len());
    for (version, field_name) in procedures::in_force_many(conn, &codes, on)? {
        let details = version.details().map_err(Error::internal)?;
        rows.push(ExportRow {
            version,
            details,
            field_name,
        });
    }
    let body = match format {
        ExportFormat::Csv => {
            let portal: Vec<_> = rows.iter().map(ExportRow::to_portal).collect();
            portal::write_csv(&portal).map_err(Error::internal)?
        }
        ExportFormat::Xlsx => catalog::xlsx(&rows).map_err(Error::internal)?,
    };
    Ok(ExportFile {
        format,
        stem: format!("thu-tuc-{}", on.format("%Y%m%d")),
        body,
    })
}
