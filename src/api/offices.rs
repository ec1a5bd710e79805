//! One-stop offices and processing agencies, and which procedures each receives.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, put, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::access::Admin;
use super::idempotency::{IdempotencyKey, created};
use super::pagination::{Page, PageQuery};
use super::precondition::expected;
use super::query::Query;
use super::responses::{AdminOnly, VersionPreconditions};
use crate::db::offices::OfficeView;
use crate::domain::procedure::OnlineLevel;
use crate::error::{Error, Problem};
pub use crate::service::offices::OfficeKind;
use crate::service::offices::{
    self as service, AgencyCode, Availability, NewOfficeInput, OfficeProcedure, OfficeProcedures,
    OfficeUpdate,
};
use crate::state::{AppState, db};

/// An office.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct OfficeOut {
    /// Current agency code (opaque: `000.00.15.H12` in the 2020 format, `H56.14` in 2025's).
    #[schema(example = "H56.14")]
    pub code: String,
    /// Name.
    #[schema(example = "Bộ phận tiếp nhận và trả kết quả UBND phường Ba Đình")]
    pub name: String,
    /// The unit it belongs to (GSO code).
    #[schema(example = "00004")]
    pub unit_code: String,
    /// The unit's name.
    #[schema(example = "Phường Ba Đình")]
    pub unit_name: String,
    /// What it is.
    pub kind: OfficeKind,
    /// Whether it receives the public.
    pub receives_public: bool,
    /// The day its modern desk opened.
    pub opened_on: Option<NaiveDate>,
    /// The day it closed.
    pub closed_on: Option<NaiveDate>,
    /// Version for `If-Match`.
    pub version: i64,
    /// The address the public goes to (set by the offices import).
    #[schema(example = "Số 1 phố Đội Cấn, phường Ba Đình")]
    pub address: Option<String>,
    /// Opening hours as written for the public (set by the offices import).
    #[schema(example = "07:30-11:30, 13:00-17:00")]
    pub hours: Option<String>,
}

impl From<&OfficeView> for OfficeOut {
    fn from(view: &OfficeView) -> Self {
        let kind = OfficeKind::from_token(&view.row.kind).unwrap_or(OfficeKind::ProcessingAgency);
        Self {
            code: view.row.code.clone(),
            name: view.row.name.clone(),
            unit_code: view.unit_code.clone(),
            unit_name: view.unit_name.clone(),
            kind,
            receives_public: kind.receives_public(),
            opened_on: view.row.opened_on,
            closed_on: view.row.closed_on,
            version: view.row.version,
            address: view.row.address.clone(),
            hours: view.row.hours.clone(),
        }
    }
}

/// Office filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OfficeQuery {
    /// Offices of this unit or of the units directly under it.
    #[param(example = "001")]
    pub unit: Option<String>,
    /// Only this kind.
    pub kind: Option<OfficeKind>,
    /// Only offices open on this date.
    pub open_on: Option<NaiveDate>,
    /// Name search, accent- and case-insensitive.
    pub q: Option<String>,
}

/// List offices.
#[utoipa::path(
    tag = "offices",
    operation_id = "list_offices",
    params(OfficeQuery, PageQuery),
    responses(
        (status = 200, description = "A page of offices, by code", body = Page<OfficeOut>),
        (status = 400, description = "Bad query parameter", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/offices")]
pub async fn list_offices(
    state: web::Data<AppState>,
    query: Query<OfficeQuery>,
    page: Query<PageQuery>,
) -> Result<web::Json<Page<OfficeOut>>, Error> {
    let limit = page.limit();
    let query = query.into_inner();
    let query = service::OfficeQuery {
        unit: query.unit,
        kind: query.kind,
        open_on: query.open_on,
        q: query.q,
        after: page.after()?,
        limit,
    };
    let (rows, total) = db(&state, move |conn| service::list(conn, &query)).await?;
    let items = rows.iter().map(OfficeOut::from).collect();
    Ok(web::Json(Page::new(
        items,
        total,
        limit,
        |o: &OfficeOut| &o.code,
    )))
}

/// One office, by its current or a former agency code.
#[utoipa::path(
    tag = "offices",
    operation_id = "get_office",
    params(("code" = String, Path, description = "Agency code", example = "H56.14")),
    responses(
        (status = 200, description = "The office", body = OfficeOut, headers(("ETag" = String, description = "The version"))),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/offices/{code}")]
pub async fn get_office(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let code = path.into_inner();
    let office = db(&state, move |conn| service::get(conn, &code)).await?;
    Ok(with_etag(&office))
}

fn with_etag(office: &OfficeView) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{}\"", office.row.version)))
        .json(OfficeOut::from(office))
}

/// A new office.
#[derive(Debug, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOfficeIn {
    /// Agency code.
    #[schema(example = "H56.14")]
    pub code: String,
    /// Name.
    #[validate(length(min = 1, max = 300))]
    #[schema(example = "Bộ phận tiếp nhận và trả kết quả UBND phường Ba Đình")]
    pub name: String,
    /// The unit's GSO code (valid today).
    #[schema(example = "00004")]
    pub unit_code: String,
    /// What it is.
    pub kind: OfficeKind,
    /// The day its modern desk opened.
    pub opened_on: Option<NaiveDate>,
    /// The day it closed.
    pub closed_on: Option<NaiveDate>,
}

/// Create an office.
#[utoipa::path(
    tag = "offices",
    operation_id = "create_office",
    security(("bearer" = [])),
    request_body(content = NewOfficeIn, example = json!({"code": "H56.14", "name": "Bộ phận tiếp nhận và trả kết quả UBND phường Ba Đình", "unit_code": "00004", "kind": "commune_service_center", "opened_on": "2025-07-01"})),
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry key")),
    responses(
        (status = 201, description = "Created", body = OfficeOut),
        AdminOnly,
        (status = 409, description = "The code is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/offices")]
pub async fn create_office(
    state: web::Data<AppState>,
    admin: Admin,
    key: IdempotencyKey,
    body: web::Json<NewOfficeIn>,
) -> Result<HttpResponse, Error> {
    body.validate()?;
    let body = body.into_inner();
    let code = AgencyCode::parse(&body.code)?;
    let keyed = key.bind(&admin.0, "/api/v1/offices", &body)?;
    let new_office = NewOfficeInput {
        code,
        name: body.name,
        unit_code: body.unit_code,
        kind: body.kind,
        opened_on: body.opened_on,
        closed_on: body.closed_on,
    };
    let answer = crate::service::catalog::write(&state, move |conn| {
        service::create_keyed(conn, &keyed, &new_office, |office| {
            serde_json::to_value(OfficeOut::from(office))
        })
    })
    .await?;
    Ok(created(answer))
}

/// Changes to an office; absent fields stay as they are.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficeChange {
    /// A new agency code, in force from `code_valid_from`; the old one still finds the office.
    pub code: Option<String>,
    /// When the new code took effect (default: today; not in the future).
    pub code_valid_from: Option<NaiveDate>,
    /// Name.
    #[validate(length(min = 1, max = 300))]
    pub name: Option<String>,
    /// The unit's GSO code.
    pub unit_code: Option<String>,
    /// What it is.
    pub kind: Option<OfficeKind>,
    /// The day its modern desk opened.
    pub opened_on: Option<NaiveDate>,
    /// The day it closed.
    pub closed_on: Option<NaiveDate>,
    /// The version being changed, when `If-Match` is not sent.
    pub version: Option<i64>,
}

/// Change an office.
#[utoipa::path(
    tag = "offices",
    operation_id = "update_office",
    security(("bearer" = [])),
    request_body(content = OfficeChange, example = json!({"code": "H56.14", "code_valid_from": "2025-07-01", "kind": "commune_service_center", "version": 1})),
    params(
        ("code" = String, Path, description = "Agency code"),
        ("If-Match" = Option<String>, Header, description = "The ETag of the version being changed"),
    ),
    responses(
        (status = 200, description = "Changed", body = OfficeOut),
        AdminOnly,
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale `version`, or the new code is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        VersionPreconditions,
    )
)]
#[patch("/offices/{code}")]
pub async fn update_office(
    state: web::Data<AppState>,
    _admin: Admin,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<OfficeChange>,
) -> Result<HttpResponse, Error> {
    body.validate()?;
    let body = body.into_inner();
    let change = OfficeUpdate {
        code: body.code.as_deref().map(AgencyCode::parse).transpose()?,
        code_valid_from: body.code_valid_from,
        name: body.name,
        unit_code: body.unit_code,
        kind: body.kind,
        opened_on: body.opened_on,
        closed_on: body.closed_on,
    };
    let expected = expected(&req, body.version)?;
    let code = path.into_inner();
    let office = crate::service::catalog::write(&state, move |conn| {
        service::update(conn, &code, expected, change)
    })
    .await?;
    Ok(with_etag(&office))
}

/// A procedure an office receives.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AvailabilityIn {
    /// National procedure code.
    #[schema(example = "1.001193")]
    pub procedure_code: String,
    /// First day it is received there.
    pub available_from: NaiveDate,
    /// Last day, if it stops.
    pub available_to: Option<NaiveDate>,
    /// Online level at this office (Decree 42/2022).
    pub online_level: Option<OnlineLevel>,
    /// Legacy online level at this office, 1–4.
    #[validate(range(min = 1, max = 4))]
    #[schema(minimum = 1, maximum = 4)]
    pub legacy_level: Option<i32>,
    /// Posted at the desk.
    #[serde(default)]
    pub posted: bool,
}

/// An office's procedures.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AvailabilityList {
    /// The office's current code.
    pub office_code: String,
    /// By procedure code.
    pub items: Vec<AvailabilityOut>,
    /// How many.
    pub total: usize,
}

/// A procedure an office receives, with its name.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AvailabilityOut {
    /// National procedure code.
    pub procedure_code: String,
    /// The procedure's name (the version in force today).
    pub procedure_name: String,
    /// First day.
    pub available_from: NaiveDate,
    /// Last day.
    pub available_to: Option<NaiveDate>,
    /// Online level at this office.
    pub online_level: Option<OnlineLevel>,
    /// Legacy online level at this office.
    pub legacy_level: Option<i32>,
    /// Posted at the desk.
    pub posted: bool,
}

/// Which date's availability to show.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AvailabilityQuery {
    /// Only rows in force on this date (default: every row).
    pub as_of: Option<NaiveDate>,
}

impl From<OfficeProcedure> for AvailabilityOut {
    fn from(item: OfficeProcedure) -> Self {
        let terms = item.terms;
        Self {
            procedure_code: terms.procedure_code,
            procedure_name: item.procedure_name,
            available_from: terms.available_from,
            available_to: terms.available_to,
            online_level: terms.online_level,
            legacy_level: terms.legacy_level,
            posted: terms.posted,
        }
    }
}

impl From<OfficeProcedures> for AvailabilityList {
    fn from(list: OfficeProcedures) -> Self {
        Self {
            office_code: list.office_code,
            total: list.items.len(),
            items: list.items.into_iter().map(AvailabilityOut::from).collect(),
        }
    }
}

/// The procedures an office receives.
#[utoipa::path(
    tag = "offices",
    operation_id = "list_office_procedures",
    params(("code" = String, Path, description = "Agency code"), AvailabilityQuery),
    responses(
        (status = 200, description = "By procedure code", body = AvailabilityList),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/offices/{code}/procedures")]
pub async fn list_office_procedures(
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: Query<AvailabilityQuery>,
) -> Result<web::Json<AvailabilityList>, Error> {
    let code = path.into_inner();
    let on = query.as_of;
    let list = db(&state, move |conn| service::procedures(conn, &code, on)).await?;
    Ok(web::Json(list.into()))
}

/// Set which procedures an office receives.
///
/// Each entry is set as given (added, or replaced for that procedure); procedures not listed
/// keep what they had. To stop receiving one, send it with `available_to`.
#[utoipa::path(
    tag = "offices",
    operation_id = "set_office_procedures",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Agency code")),
    request_body(content = Vec<AvailabilityIn>, example = json!([{"procedure_code": "1.001193", "available_from": "2025-07-01", "online_level": "full", "legacy_level": 4, "posted": true}])),
    responses(
        (status = 200, description = "Every row of the office, after the change", body = AvailabilityList),
        AdminOnly,
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown procedures or invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/offices/{code}/procedures")]
pub async fn set_office_procedures(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<String>,
    body: web::Json<Vec<AvailabilityIn>>,
) -> Result<web::Json<AvailabilityList>, Error> {
    let entries = body.into_inner();
    let mut issues = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        if let Err(e) = entry.validate() {
            for mut issue in crate::validation::issues(&e) {
                issue.field = format!("[{i}].{}", issue.field);
                issues.push(issue);
            }
        }
        if entry
            .available_to
            .is_some_and(|to| to < entry.available_from)
        {
            issues.push(crate::error::FieldIssue::new(
                format!("[{i}].available_to"),
                "range",
                "không được trước ngày bắt đầu",
                "cannot be before available_from",
            ));
        }
    }
    if !issues.is_empty() {
        return Err(Error::Validation(issues));
    }
    let entries: Vec<Availability> = entries
        .into_iter()
        .map(|entry| Availability {
            procedure_code: entry.procedure_code,
            available_from: entry.available_from,
            available_to: entry.available_to,
            online_level: entry.online_level,
            legacy_level: entry.legacy_level,
            posted: entry.posted,
        })
        .collect();
    let code = path.into_inner();
    let list = crate::service::catalog::write(&state, move |conn| {
        service::set_procedures(conn, &code, &entries)
    })
    .await?;
    Ok(web::Json(list.into()))
}
