//! Reports for officials: read-only figures over a unit and everything under it.

pub mod index766;
pub mod progress;
pub mod results;

pub use crate::service::reports::check_period;

use actix_web::{HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

/// The files a report comes as.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    /// JSON (the default).
    Json,
    /// CSV, UTF-8, with Vietnamese headers (English with `Accept-Language: en` where noted).
    Csv,
    /// An Excel workbook with Vietnamese headers.
    Xlsx,
}

/// The media type of an XLSX workbook.
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

impl ReportFormat {
    /// `format=` when given, else what `Accept` names, else JSON.
    pub fn choose(asked: Option<Self>, req: &HttpRequest) -> Self {
        asked.unwrap_or_else(|| {
            if accepts(req, XLSX_TYPE) {
                Self::Xlsx
            } else if accepts(req, "text/csv") {
                Self::Csv
            } else {
                Self::Json
            }
        })
    }
}

/// Whether the request's `Accept` header names this media type.
pub fn accepts(req: &HttpRequest, media: &str) -> bool {
    req.headers()
        .get(actix_web::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains(media))
}

/// A file to download: CSV or XLSX bytes named `{stem}.csv` or `{stem}.xlsx`.
pub fn file(format: ReportFormat, stem: &str, body: Vec<u8>) -> HttpResponse {
    let (content_type, extension) = match format {
        ReportFormat::Xlsx => (XLSX_TYPE, "xlsx"),
        _ => ("text/csv; charset=utf-8", "csv"),
    };
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{stem}.{extension}\""),
        ))
        .body(body)
}
