//! The procedure catalog: public search and reads; admin creates, versions and imports.

use actix_web::http::header::CONTENT_TYPE;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::access::Admin;
use super::idempotency::{IdempotencyKey, created};
use super::pagination::{MAX_LIMIT, Page, PageQuery};
use super::precondition::expected;
use super::query::{self, Query};
use super::reports::{ReportFormat, XLSX_TYPE, accepts, file};
use super::responses::{AdminOnly, VersionPreconditions};
use crate::domain::procedure::{ProcedureCode, TimeStatus};
use crate::error::{Error, Problem};
use crate::import::procedures::{Format, ImportReport};
use crate::service::catalog::cache::CachedAnswer;
use crate::service::catalog::export::{self, ExportFormat};
use crate::service::catalog::procedures::{
    self, ConfirmTimeIn, ProcedureIn, TimeReviewItem, parse_code,
};
use crate::service::catalog::search::{self, CatalogQuery, Listing, PageRequest};
use crate::service::catalog::views::{ProcedureOut, ProcedureSummary};
use crate::service::catalog::{import, write};
use crate::state::{AppState, db};

/// Search and filter the catalog.
///
/// Public. The versions in force on `as_of` (default today). With `q`, better matches come
/// first; without, procedures are listed by code.
#[utoipa::path(
    tag = "catalog",
    operation_id = "list_procedures",
    params(CatalogQuery, PageQuery),
    responses(
        (status = 200, description = "A page of procedures", body = Page<ProcedureSummary>),
        (status = 400, description = "Bad query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An `office` that does not exist", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/procedures")]
pub async fn list_procedures(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, Error> {
    let gzip = accepts_gzip(&req);
    let listing = search::list(&state, req.query_string(), |raw| {
        let catalog: CatalogQuery = query::parse(raw)?;
        let page: PageQuery = query::parse(raw)?;
        let limit = usize::try_from(page.limit()).unwrap_or(MAX_LIMIT as usize);
        Ok((
            catalog,
            PageRequest {
                limit,
                cursor: page.cursor,
            },
        ))
    })
    .await?;
    Ok(match listing {
        Listing::Kept(answer) => json_answer(&answer, gzip).await,
        Listing::Built(body) => HttpResponse::Ok()
            .content_type("application/json")
            .body(body),
    })
}

/// Whether the client takes gzip (`Accept-Encoding` names it without `q=0`).
pub fn accepts_gzip(req: &HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',').any(|item| {
                let mut parts = item.trim().split(';');
                let coding = parts.next().unwrap_or_default().trim();
                let refused =
                    parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
                coding.eq_ignore_ascii_case("gzip") && !refused
            })
        })
}

async fn json_answer(answer: &CachedAnswer, gzip: bool) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response
        .content_type("application/json")
        .insert_header((actix_web::http::header::VARY, "Accept-Encoding"));
    let compressed = if gzip { answer.gzipped().await } else { None };
    match compressed {
        Some(body) => response
            .insert_header((actix_web::http::header::CONTENT_ENCODING, "gzip"))
            .body(body),
        None => response.body(answer.plain()),
    }
}

/// Which version to read.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOfQuery {
    /// The date whose version to show (default: today).
    pub as_of: Option<NaiveDate>,
}

/// One procedure: the version in force (or on `as_of`).
#[utoipa::path(
    tag = "catalog",
    operation_id = "get_procedure",
    params(("code" = String, Path, description = "National code", example = "1.001193"), AsOfQuery),
    responses(
        (status = 200, description = "The version in force", body = ProcedureOut, headers(("ETag" = String, description = "The latest version number, for If-Match"))),
        (status = 404, description = "No such procedure, or none in force on that date", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/procedures/{code}")]
pub async fn get_procedure(
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: Query<AsOfQuery>,
) -> Result<HttpResponse, Error> {
    let code = parse_code(&path)?;
    let on = query.as_of.unwrap_or_else(crate::domain::today);
    let (out, latest) = db(&state, move |conn| procedures::get(conn, &code, on)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{latest}\"")))
        .json(out))
}

/// Every version of a procedure.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionList {
    /// Oldest first.
    pub items: Vec<ProcedureOut>,
    /// How many.
    pub total: usize,
}

/// All versions of a procedure, oldest first.
#[utoipa::path(
    tag = "catalog",
    operation_id = "list_procedure_versions",
    params(("code" = String, Path, description = "National code", example = "1.001193")),
    responses(
        (status = 200, description = "Every version", body = VersionList),
        (status = 404, description = "No such procedure", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/procedures/{code}/versions")]
pub async fn list_procedure_versions(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<VersionList>, Error> {
    let code = parse_code(&path)?;
    let items = db(&state, move |conn| procedures::versions(conn, &code)).await?;
    Ok(web::Json(VersionList {
        total: items.len(),
        items,
    }))
}

/// Create a procedure (its first version).
#[utoipa::path(
    tag = "catalog",
    operation_id = "create_procedure",
    security(("bearer" = [])),
    request_body(content = ProcedureIn, example = json!({"code": "1.001193", "name": "Thủ tục đăng ký khai sinh", "field_code": "ho-tich", "tiers": ["commune"], "channels": ["in_person", "postal", "online"], "documents": [{"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0, "form": null}], "processing_time": {"amount": 1, "unit": "working_days"}, "fees": [{"amount_vnd": 0, "free": true, "note": "Miễn phí"}], "result": "Giấy khai sinh", "legal_basis": "Luật Hộ tịch 2014", "legacy_level": 4, "online_level": "full", "published": true, "effective_from": "2025-07-01"})),
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry key")),
    responses(
        (status = 201, description = "Created", body = ProcedureOut),
        AdminOnly,
        (status = 409, description = "The code exists", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (a code that breaks the national pattern, an unknown field…)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/procedures")]
pub async fn create_procedure(
    state: web::Data<AppState>,
    admin: Admin,
    key: IdempotencyKey,
    body: web::Json<ProcedureIn>,
) -> Result<HttpResponse, Error> {
    body.validate()?;
    let body = body.into_inner();
    let code = body
        .code
        .as_deref()
        .and_then(ProcedureCode::parse)
        .ok_or_else(|| {
            Error::field(
                "code",
                "pattern",
                "phải có dạng N.NNNNNN: một chữ số từ 1 đến 9, dấu chấm, sáu chữ số (ví dụ 1.001193, 6.001430)",
                "must look like N.NNNNNN: a digit 1–9, a dot, six digits (e.g. 1.001193, 6.001430)",
            )
        })?;
    let keyed = key.bind(&admin.0, "/api/v1/procedures", &body)?;
    let answer = write(&state, move |conn| {
        procedures::create(conn, &keyed, code, body)
    })
    .await?;
    Ok(created(answer))
}

/// Publish a new version of a procedure.
///
/// The body is the whole new content. Needs the latest version (`If-Match: "2"` or
/// `"version": 2`). The previous version stays readable and ends the day before
/// `effective_from`.
#[utoipa::path(
    tag = "catalog",
    operation_id = "update_procedure",
    security(("bearer" = [])),
    request_body(content = ProcedureIn, example = json!({"code": "1.001193", "name": "Thủ tục đăng ký khai sinh", "field_code": "ho-tich", "tiers": ["commune"], "channels": ["in_person", "postal", "online"], "documents": [{"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0, "form": null}], "processing_time": {"amount": 1, "unit": "working_days"}, "fees": [{"amount_vnd": 0, "free": true, "note": "Miễn phí"}], "result": "Giấy khai sinh", "legal_basis": "Luật Hộ tịch 2014", "legacy_level": 4, "online_level": "full", "published": true, "effective_from": "2025-07-01"})),
    params(
        ("code" = String, Path, description = "National code", example = "1.001193"),
        ("If-Match" = Option<String>, Header, description = "The latest version number"),
    ),
    responses(
        (status = 200, description = "The new version", body = ProcedureOut),
        AdminOnly,
        (status = 404, description = "No such procedure", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale `version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or an effective date before the latest version's", body = Problem, content_type = "application/problem+json"),
        VersionPreconditions,
    )
)]
#[put("/procedures/{code}")]
pub async fn update_procedure(
    state: web::Data<AppState>,
    _admin: Admin,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<ProcedureIn>,
) -> Result<HttpResponse, Error> {
    body.validate()?;
    let body = body.into_inner();
    let code = parse_code(&path)?;
    if body
        .code
        .as_deref()
        .is_some_and(|c| c.trim() != code.as_str())
    {
        return Err(Error::field(
            "code",
            "matches_path",
            "phải trùng với mã trên đường dẫn",
            "must match the code in the path",
        ));
    }
    let expected = expected(&req, body.version.map(i64::from))?;
    let out: ProcedureOut = write(&state, move |conn| {
        procedures::update(conn, code, body, expected)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{}\"", out.version)))
        .json(out))
}

/// Import options.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Write nothing when any row is bad.
    #[serde(default)]
    pub atomic: bool,
    /// First day the imported versions are in force (default: today).
    pub effective_from: Option<NaiveDate>,
}

/// Import the national portal's export (CSV, JSON or its detail as JSON Lines).
///
/// `text/csv`: the portal's columns (`ma_thu_tuc`, `ten_thu_tuc`, `linh_vuc`, …).
/// `application/json`: an array of objects with the same keys. `application/x-ndjson`: one
/// such object per line, as the portal's detail (`procedures_detail.jsonl`) comes, with each
/// channel's time and fees (`cach_thuc_thuc_hien`) and the documents table
/// (`thanh_phan_ho_so_raw`), read into documents; the answer says how many tables read
/// cleanly and lists the rest, and lists the times whose unit was assumed or that are
/// unknown. Re-importing the same file
/// changes nothing; a changed row adds a version; bad rows are listed with their line and
/// reason while good rows are kept, unless `atomic=true` (then nothing is written and the
/// answer is 422).
#[utoipa::path(
    tag = "catalog",
    operation_id = "import_procedures",
    security(("bearer" = [])),
    params(ImportQuery),
    request_body(
        description = "The portal's CSV (UTF-8, its column names), or a JSON array of objects with the same keys",
        content(
            (String = "text/csv", example = "ma_thu_tuc,ten_thu_tuc,nguon,co_quan_ban_hanh,cap_thuc_hien,loai_thu_tuc,linh_vuc,doi_tuong_thuc_hien,co_quan_co_tham_quyen,co_quan_thuc_hien,so_quyet_dinh,kenh_nop,truc_tuyen,thoi_han,don_vi_thoi_han,phi_le_phi,ket_qua,ma_ket_qua,detail_url\n1.001193,Thủ tục đăng ký khai sinh,bo-tu-phap,Bộ Tư pháp,Cấp xã,TTHC được giao luật quy định chi tiết,Hộ tịch,Công dân Việt Nam,UBND cấp xã,UBND cấp xã,1872/QĐ-BTP,Trực tiếp;Dịch vụ bưu chính;Trực tuyến,1,1,Ngày làm việc,Miễn phí,Giấy khai sinh,KQ.G17.000001,https://dichvucong.gov.vn/\n"),
            (Vec<Object> = "application/json", example = json!([{"ma_thu_tuc": "1.001193", "ten_thu_tuc": "Thủ tục đăng ký khai sinh", "linh_vuc": "Hộ tịch", "cap_thuc_hien": "Cấp xã", "kenh_nop": "Trực tiếp;Trực tuyến", "truc_tuyen": "1", "thoi_han": "1", "don_vi_thoi_han": "Ngày làm việc", "phi_le_phi": "Miễn phí"}])),
            (String = "application/x-ndjson", example = "{\"ma_thu_tuc\": \"1.001193\", \"ten_thu_tuc\": \"Thủ tục đăng ký khai sinh\", \"linh_vuc\": \"Hộ tịch\", \"cap_thuc_hien\": \"Cấp xã\", \"cach_thuc_thuc_hien\": [{\"hinh_thuc\": \"Trực tiếp\", \"thoi_han\": 1, \"don_vi\": \"\", \"phi_le_phi\": \"Miễn phí\", \"mo_ta\": null}], \"thanh_phan_ho_so_raw\": \"--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai đăng ký khai sinh1 bản chính\"}\n"),
        ),
    ),
    responses(
        (status = 200, description = "What was imported, with the refused rows", body = ImportReport),
        (status = 400, description = "The file cannot be read at all", body = Problem, content_type = "application/problem+json"),
        AdminOnly,
        (status = 415, description = "Neither CSV, JSON nor JSON Lines", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Atomic import with bad rows: nothing written; `report` holds the import report", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/procedures/import")]
pub async fn import_procedures(
    state: web::Data<AppState>,
    _admin: Admin,
    req: HttpRequest,
    query: Query<ImportQuery>,
    body: web::Bytes,
) -> Result<HttpResponse, Error> {
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let format = if content_type.starts_with("text/csv") {
        Format::Csv
    } else if content_type.starts_with("application/x-ndjson")
        || content_type.starts_with("application/jsonl")
    {
        Format::JsonLines
    } else if content_type.starts_with("application/json") {
        Format::Json
    } else {
        return Err(Error::UnsupportedMediaType);
    };
    let (effective_from, atomic) = (query.effective_from, query.atomic);
    let report: ImportReport = write(&state, move |conn| {
        import::import(conn, &body, format, effective_from, atomic)
    })
    .await?;
    Ok(HttpResponse::Ok().json(report))
}

/// Export options.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `csv` or `xlsx`; without it, the `Accept` header decides (default CSV).
    pub format: Option<ExportFormat>,
}

/// Export the catalog as CSV or XLSX.
///
/// Public, with the same filters as the list (`q`, `field`, `tier`, …, `as_of`). The CSV has
/// the national portal's columns, so it can be imported again; the XLSX is for people.
#[utoipa::path(
    tag = "catalog",
    operation_id = "export_procedures",
    params(ExportQuery, CatalogQuery),
    responses(
        (status = 200, description = "The file", content(
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, description = "Bad query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An `office` that does not exist", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/procedures/export")]
pub async fn export_procedures(
    state: web::Data<AppState>,
    req: HttpRequest,
    export: Query<ExportQuery>,
    query: Query<CatalogQuery>,
) -> Result<HttpResponse, Error> {
    let format = export.format.unwrap_or_else(|| {
        if accepts(&req, XLSX_TYPE) {
            ExportFormat::Xlsx
        } else {
            ExportFormat::Csv
        }
    });
    let query = query.into_inner();
    let synonyms = state.catalog.synonyms();
    let exported = db(&state, move |conn| {
        export::export(conn, &query, format, synonyms)
    })
    .await?;
    let format = match exported.format {
        ExportFormat::Csv => ReportFormat::Csv,
        ExportFormat::Xlsx => ReportFormat::Xlsx,
    };
    Ok(file(format, &exported.stem, exported.body))
}

/// Which procedures the time review lists.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimeReviewQuery {
    /// `unit_assumed` (a bare number taken as working days, to confirm), `unknown` (no time:
    /// no due date), or both when absent.
    pub status: Option<TimeStatus>,
}

/// Procedures whose processing time needs an administrator.
///
/// Admins only. By their latest version, in code order: those whose time came as a bare
/// number (`unit_assumed`: taken as working days, the catalog's convention, until confirmed
/// with `POST /procedures/{code}/confirm-time`) and those with no time at all (`unknown`:
/// their applications get no due date and the results report counts them apart).
#[utoipa::path(
    tag = "catalog",
    operation_id = "list_time_review",
    security(("bearer" = [])),
    params(TimeReviewQuery),
    responses(
        (status = 200, description = "The procedures to review", body = Vec<TimeReviewItem>),
        (status = 400, description = "Bad query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A `status` other than `unit_assumed` or `unknown`", body = Problem, content_type = "application/problem+json"),
        AdminOnly,
    )
)]
#[get("/procedures/time-review")]
pub async fn list_time_review(
    state: web::Data<AppState>,
    _admin: Admin,
    query: Query<TimeReviewQuery>,
) -> Result<HttpResponse, Error> {
    let statuses = match query.into_inner().status {
        Some(status @ (TimeStatus::UnitAssumed | TimeStatus::Unknown)) => vec![status],
        Some(_) => {
            return Err(Error::field(
                "status",
                "one_of",
                "một trong unit_assumed, unknown",
                "one of unit_assumed, unknown",
            ));
        }
        None => vec![TimeStatus::UnitAssumed, TimeStatus::Unknown],
    };
    let items = db(&state, move |conn| procedures::time_review(conn, &statuses)).await?;
    Ok(HttpResponse::Ok().json(items))
}

/// Confirm (or correct) an assumed time unit.
///
/// Admins only. For a procedure whose time came as a bare number (`time_status` is
/// `unit_assumed`): a new version whose assumed times carry `unit`, marked `confirmed`.
/// Importing the same bare numbers again keeps the confirmed unit. Needs the latest version
/// (`If-Match: "2"` or `"version": 2`).
#[utoipa::path(
    tag = "catalog",
    operation_id = "confirm_procedure_time",
    security(("bearer" = [])),
    request_body(content = ConfirmTimeIn, example = json!({"unit": "working_days"})),
    params(
        ("code" = String, Path, description = "National code", example = "1.001193"),
        ("If-Match" = Option<String>, Header, description = "The latest version number"),
    ),
    responses(
        (status = 200, description = "The new, confirmed version", body = ProcedureOut),
        AdminOnly,
        (status = 404, description = "No such procedure", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale `version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The time unit is not assumed", body = Problem, content_type = "application/problem+json"),
        VersionPreconditions,
    )
)]
#[post("/procedures/{code}/confirm-time")]
pub async fn confirm_procedure_time(
    state: web::Data<AppState>,
    _admin: Admin,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<ConfirmTimeIn>,
) -> Result<HttpResponse, Error> {
    let body = body.into_inner();
    let code = parse_code(&path)?;
    let expected = expected(&req, body.version.map(i64::from))?;
    let out: ProcedureOut = write(&state, move |conn| {
        procedures::confirm_time(conn, code, body, expected)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{}\"", out.version)))
        .json(out))
}
