//! Bulk imports for setting up a province (admin): offices, availability, staff, from CSV or
//! XLSX with Vietnamese headers. The operations are `service::imports`.

use actix_web::{HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::access::Admin;
use super::query::Query;
use super::responses::AdminOnly;
use crate::error::{Code, Error, Problem};
use crate::service::imports::{self, BulkReport, ImportKind};
use crate::state::{AppState, db_write};

/// Import options.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BulkImportQuery {
    /// Check every line and report what would be done; write nothing.
    #[serde(default)]
    pub dry_run: bool,
}

fn kind(token: &str) -> Result<ImportKind, Error> {
    ImportKind::from_token(token).ok_or(Error::NotFound(Code::NotFound))
}

/// Import offices, availability or staff accounts (admin).
///
/// The body is the file: CSV (UTF-8, comma or semicolon separated) or XLSX (first sheet),
/// headers in Vietnamese or as keys (`GET /imports/{kind}/template`). All or nothing: any bad
/// line is a 422 `import_rejected` whose `report.errors` lists every bad line with its
/// number, and nothing is written. Importing the same file again changes nothing. For staff,
/// `passwords` holds each new account's one-time password: this answer is its only copy.
#[utoipa::path(
    tag = "imports",
    operation_id = "bulk_import",
    security(("bearer" = [])),
    params(
        ("kind" = String, Path, description = "`offices`, `availability` or `staff`", example = "offices"),
        BulkImportQuery,
    ),
    request_body(
        description = "The file: CSV as shown, or an XLSX workbook (recognised by its content, whatever the Content-Type; the first sheet is read)",
        content(
            (String = "text/csv", example = "Mã cơ quan,Tên,Loại,Mã đơn vị hành chính,Ngày khai trương,Ngày đóng cửa,Mã cơ quan cũ,Mã có hiệu lực từ,Địa chỉ,Giờ làm việc\nH27.01,Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh,province_service_center,24,2025-07-01,,,,Số 10 đường Lý Thái Tổ,\"07:30-11:30, 13:30-17:00\"\n"),
        ),
    ),
    responses(
        (status = 200, description = "What was imported (or, on a dry run, what would be)", body = BulkReport),
        AdminOnly,
        (status = 404, description = "No such import", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`import_rejected`: `report.errors` lists every bad line; nothing written", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/imports/{kind}")]
pub async fn bulk_import(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<String>,
    query: Query<BulkImportQuery>,
    body: web::Bytes,
) -> Result<HttpResponse, Error> {
    let kind = kind(&path)?;
    let dry_run = query.dry_run;
    let report = db_write(&state, move |conn| {
        imports::import(conn, kind, &body, dry_run)
    })
    .await;
    // Offices and availability show on the site's pages with the catalog.
    state.catalog.invalidate();
    let report = report?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(report))
}

/// An import's template: its header line as CSV (admin).
#[utoipa::path(
    tag = "imports",
    operation_id = "get_import_template",
    security(("bearer" = [])),
    params(("kind" = String, Path, description = "`offices`, `availability` or `staff`", example = "staff")),
    responses(
        (status = 200, description = "The header line", body = String, content_type = "text/csv"),
        AdminOnly,
        (status = 404, description = "No such import", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/imports/{kind}/template")]
pub async fn get_import_template(
    _admin: Admin,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let kind = kind(&path)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{}.csv\"", kind.as_str()),
        ))
        .body(imports::template_csv(kind)))
}
