//! Administrative units: the tree on any date, each code's history, and reorganisations.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::access::Admin;
use super::idempotency::{IdempotencyKey, created};
use super::pagination::{Page, PageQuery};
use super::precondition::expected;
use super::query::Query;
use super::responses::{AdminOnly, VersionPreconditions};
use crate::error::{Error, Problem};
use crate::service::units::{
    self, NewUnitIn, ReorganizationIn, ReorganizationResult, UnitCorrection, UnitHistory, UnitOut,
    UnitQuery,
};
use crate::state::{AppState, db};

/// The units valid on a date.
///
/// Public. `as_of=2025-06-30` gives the three-tier tree before the 2025 reform;
/// `as_of=2025-07-01` the two-tier one.
#[utoipa::path(
    tag = "units",
    operation_id = "list_units",
    params(UnitQuery, PageQuery),
    responses(
        (status = 200, description = "A page of units, by code", body = Page<UnitOut>),
        (status = 400, description = "Bad query parameter", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units")]
pub async fn list_units(
    state: web::Data<AppState>,
    query: Query<UnitQuery>,
    page: Query<PageQuery>,
) -> Result<web::Json<Page<UnitOut>>, Error> {
    let limit = page.limit();
    let after = page.after()?;
    let query = query.into_inner();
    let (items, total) = db(&state, move |conn| {
        units::list(conn, query, after.as_deref(), limit)
    })
    .await?;
    Ok(web::Json(Page::new(items, total, limit, |u: &UnitOut| {
        &u.code
    })))
}

/// Which period of a code to read.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitAsOf {
    /// The date (default: today, or the code's last period when it has ended).
    pub as_of: Option<NaiveDate>,
}

/// One unit.
#[utoipa::path(
    tag = "units",
    operation_id = "get_unit",
    params(("code" = String, Path, description = "GSO code", example = "00004"), UnitAsOf),
    responses(
        (status = 200, description = "The unit", body = UnitOut, headers(("ETag" = String, description = "The version"))),
        (status = 404, description = "No such unit on that date", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units/{code}")]
pub async fn get_unit(
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: Query<UnitAsOf>,
) -> Result<HttpResponse, Error> {
    let code = path.into_inner();
    let as_of = query.as_of;
    let unit = db(&state, move |conn| units::get(conn, &code, as_of)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{}\"", unit.version)))
        .json(unit))
}

/// A unit's predecessors and successors.
#[utoipa::path(
    tag = "units",
    operation_id = "get_unit_history",
    params(("code" = String, Path, description = "GSO code", example = "00004")),
    responses(
        (status = 200, description = "Every period of the code, with its links", body = UnitHistory),
        (status = 404, description = "No such unit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units/{code}/history")]
pub async fn get_unit_history(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<UnitHistory>, Error> {
    let code = path.into_inner();
    let history = db(&state, move |conn| units::history(conn, code)).await?;
    Ok(web::Json(history))
}

/// Create a unit.
#[utoipa::path(
    tag = "units",
    operation_id = "create_unit",
    security(("bearer" = [])),
    request_body(content = NewUnitIn, example = json!({"code": "00004", "name": "Ba Đình", "kind": "Phường", "level": "commune", "parent_code": "01", "valid_from": "2025-07-01"})),
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry key")),
    responses(
        (status = 201, description = "Created", body = UnitOut),
        AdminOnly,
        (status = 409, description = "The code is in use on that date", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/units")]
pub async fn create_unit(
    state: web::Data<AppState>,
    admin: Admin,
    key: IdempotencyKey,
    body: web::Json<NewUnitIn>,
) -> Result<HttpResponse, Error> {
    body.validate()?;
    let body = body.into_inner();
    let level = body
        .level
        .ok_or_else(|| Error::field("level", "required", "là bắt buộc", "is required"))?;
    let keyed = key.bind(&admin.0, "/api/v1/units", &body)?;
    let answer = db(&state, move |conn| {
        units::create(conn, &keyed, &body, level)
    })
    .await?;
    Ok(created(answer))
}

/// Correct a unit's current names.
#[utoipa::path(
    tag = "units",
    operation_id = "update_unit",
    security(("bearer" = [])),
    request_body(content = UnitCorrection, example = json!({"name": "Ba Đình", "full_name": "Phường Ba Đình", "version": 1})),
    params(
        ("code" = String, Path, description = "GSO code"),
        ("If-Match" = Option<String>, Header, description = "The ETag of the version being changed"),
    ),
    responses(
        (status = 200, description = "Corrected", body = UnitOut),
        AdminOnly,
        (status = 404, description = "No such unit today", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale `version`", body = Problem, content_type = "application/problem+json"),
        VersionPreconditions,
    )
)]
#[patch("/units/{code}")]
pub async fn update_unit(
    state: web::Data<AppState>,
    _admin: Admin,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<UnitCorrection>,
) -> Result<HttpResponse, Error> {
    body.validate()?;
    let body = body.into_inner();
    let expected = expected(&req, body.version)?;
    let code = path.into_inner();
    let unit = crate::service::catalog::write(&state, move |conn| {
        units::correct(conn, &code, body, expected)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{}\"", unit.version)))
        .json(unit))
}

/// Record a merge, split or rename.
///
/// The predecessors end the day before `effective_on`; the successors start that day; links
/// record full or partial succession. Nothing is deleted: the old units stay readable with
/// `as_of` and in `/units/{code}/history`.
#[utoipa::path(
    tag = "units",
    operation_id = "create_reorganization",
    security(("bearer" = [])),
    request_body(content = ReorganizationIn, example = json!({"kind": "merge", "effective_on": "2020-02-01", "title": "Nghị quyết 862/NQ-UBTVQH14", "predecessors": ["00001", "00004"], "successors": [{"code": "00004", "name": "An Phú Lạc", "kind": "Xã"}]})),
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry key")),
    responses(
        (status = 201, description = "Recorded", body = ReorganizationResult),
        AdminOnly,
        (status = 409, description = "A successor's code is taken on that date", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, unknown or already ended predecessors", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/units/reorganizations")]
pub async fn create_reorganization(
    state: web::Data<AppState>,
    admin: Admin,
    key: IdempotencyKey,
    body: web::Json<ReorganizationIn>,
) -> Result<HttpResponse, Error> {
    body.validate()?;
    let body = body.into_inner();
    let keyed = key.bind(&admin.0, "/api/v1/units/reorganizations", &body)?;
    let answer = crate::service::catalog::write(&state, move |conn| {
        units::reorganize_once(conn, &keyed, &body)
    })
    .await?;
    Ok(created(answer))
}
