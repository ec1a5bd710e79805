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
use crate::db::offices::{
    self, AvailabilityRow, NewOffice, OfficeChanges, OfficeFilter, OfficeView,
};
use crate::db::{self as store, DbConnection, procedures, units, write_transaction};
use crate::domain::procedure::{OnlineLevel, ProcedureCode};
use crate::domain::text;
use crate::error::{Code, Error, Problem};
use crate::service::idempotency::{Created, create_once};
use crate::state::{AppState, db};

/// What an office is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OfficeKind {
    /// Trung tâm Hành chính công cấp huyện (district public-administration centre).
    DistrictCenter,
    /// Bộ phận tiếp nhận và trả kết quả cấp xã (commune reception-and-return unit).
    CommuneReception,
    /// Trung tâm phục vụ hành chính công cấp tỉnh (provincial public-service centre).
    ProvinceServiceCenter,
    /// Trung tâm phục vụ hành chính công cấp xã (commune public-service centre, since 2025).
    CommuneServiceCenter,
    /// A processing agency (phòng, ban, sở): does not receive the public.
    ProcessingAgency,
}

impl OfficeKind {
    const ALL: [OfficeKind; 5] = [
        Self::DistrictCenter,
        Self::CommuneReception,
        Self::ProvinceServiceCenter,
        Self::CommuneServiceCenter,
        Self::ProcessingAgency,
    ];

    /// The stored token.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DistrictCenter => "district_center",
            Self::CommuneReception => "commune_reception",
            Self::ProvinceServiceCenter => "province_service_center",
            Self::CommuneServiceCenter => "commune_service_center",
            Self::ProcessingAgency => "processing_agency",
        }
    }

    fn from_token(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == token)
    }

    /// Whether it receives applications from the public.
    pub fn receives_public(self) -> bool {
        self != Self::ProcessingAgency
    }
}

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
    let after = page.after()?;
    let query = query.into_inner();
    let filter = OfficeFilter {
        unit: query.unit,
        kind: query.kind.map(|k| k.as_str().to_owned()),
        open_on: query.open_on,
        words: query.q.as_deref().map(text::words).unwrap_or_default(),
    };
    let (rows, total) = db(&state, move |conn| {
        Ok(offices::list(conn, &filter, after.as_deref(), limit)?)
    })
    .await?;
    let items = rows.iter().map(OfficeOut::from).collect();
    Ok(web::Json(Page::new(
        items,
        total,
        limit,
        |o: &OfficeOut| &o.code,
    )))
}

fn find(conn: &mut DbConnection, code: &str) -> Result<OfficeView, Error> {
    offices::find_by_code(conn, code)?.ok_or(Error::NotFound(Code::OfficeNotFound))
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
    let office = db(&state, move |conn| find(conn, &code)).await?;
    Ok(with_etag(&office))
}

fn with_etag(office: &OfficeView) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{}\"", office.row.version)))
        .json(OfficeOut::from(office))
}

fn agency_code_ok(code: &str) -> bool {
    (2..=40).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_')
}

fn bad_agency_code() -> Error {
    Error::field(
        "code",
        "pattern",
        "mã cơ quan gồm 2–40 ký tự chữ, số, dấu chấm, gạch ngang",
        "an agency code is 2–40 letters, digits, dots or hyphens",
    )
}

fn unit_id(conn: &mut DbConnection, code: &str) -> Result<String, Error> {
    units::find_id_valid_on(conn, code, crate::domain::today())?.ok_or_else(|| {
        Error::field(
            "unit_code",
            "exists",
            "không có đơn vị hành chính đang hiệu lực mang mã này",
            "no unit valid today has this code",
        )
    })
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
    if !agency_code_ok(&body.code) {
        return Err(bad_agency_code());
    }
    let keyed = key.bind(&admin.0, "/api/v1/offices", &body)?;
    let answer = db(&state, move |conn| {
        create_once(conn, &keyed, |conn| {
            let unit_id = unit_id(conn, &body.unit_code)?;
            if offices::find_id_by_code(conn, &body.code)?.is_some() {
                return Err(Error::conflict(Code::OfficeCodeTaken));
            }
            let now = store::now();
            offices::insert(
                conn,
                &NewOffice {
                    id: &uuid::Uuid::new_v4().to_string(),
                    code: &body.code,
                    name: body.name.trim(),
                    unit_id: &unit_id,
                    kind: body.kind.as_str(),
                    opened_on: body.opened_on,
                    closed_on: body.closed_on,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                },
            )?;
            let office = find(conn, &body.code)?;
            Ok(Created {
                body: serde_json::to_value(OfficeOut::from(&office)).map_err(Error::internal)?,
                location: Some(format!("/api/v1/offices/{}", office.row.code)),
                replayed: false,
            })
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
    if body.code.as_deref().is_some_and(|c| !agency_code_ok(c)) {
        return Err(bad_agency_code());
    }
    let expected = expected(&req, body.version)?;
    let code = path.into_inner();
    let office = db(&state, move |conn| {
        write_transaction(conn, |conn| {
            let current = find(conn, &code)?;
            if current.row.version != expected.version() {
                return Err(expected.stale(current.row.version));
            }
            let mut changes = OfficeChanges {
                name_folded: body.name.as_deref().map(text::fold),
                name: body.name.map(|n| n.trim().to_owned()),
                kind: body.kind.map(|k| k.as_str().to_owned()),
                opened_on: body.opened_on.map(Some),
                closed_on: body.closed_on.map(Some),
                ..OfficeChanges::default()
            };
            if let Some(unit_code) = &body.unit_code {
                changes.unit_id = Some(unit_id(conn, unit_code)?);
            }
            if let Some(new_code) = body.code.filter(|c| *c != current.row.code) {
                if offices::find_id_by_code(conn, &new_code)?.is_some() {
                    return Err(Error::conflict(Code::OfficeCodeTaken));
                }
                let from = body.code_valid_from.unwrap_or_else(crate::domain::today);
                if from > crate::domain::today() {
                    return Err(Error::field(
                        "code_valid_from",
                        "not_in_future",
                        "ghi nhận mã mới từ ngày nó có hiệu lực, không ghi trước",
                        "record a new code once it is in force, not ahead",
                    ));
                }
                offices::change_code(conn, &current.row.id, &new_code, from)?;
                changes.code = Some(new_code);
            }
            if !offices::update(
                conn,
                &current.row.id,
                expected.version(),
                &changes,
                store::now(),
            )? {
                return Err(expected.stale(current.row.version + 1));
            }
            find(conn, changes.code.as_deref().unwrap_or(&current.row.code))
        })
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

fn availability_list(
    conn: &mut DbConnection,
    office: &OfficeView,
    on: Option<NaiveDate>,
) -> Result<AvailabilityList, Error> {
    let today = crate::domain::today();
    let rows = offices::availability(conn, &office.row.id, on)?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let name = procedures::in_force(conn, &row.procedure_code, on.unwrap_or(today))?
            .or(procedures::latest(conn, &row.procedure_code)?)
            .map(|v| v.name)
            .unwrap_or_default();
        items.push(AvailabilityOut {
            procedure_code: row.procedure_code,
            procedure_name: name,
            available_from: row.available_from,
            available_to: row.available_to,
            online_level: row
                .online_level
                .as_deref()
                .and_then(OnlineLevel::from_token),
            legacy_level: row.legacy_level,
            posted: row.posted,
        });
    }
    Ok(AvailabilityList {
        office_code: office.row.code.clone(),
        total: items.len(),
        items,
    })
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
    let list = db(&state, move |conn| {
        let office = find(conn, &code)?;
        availability_list(conn, &office, on)
    })
    .await?;
    Ok(web::Json(list))
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
    let code = path.into_inner();
    let list = db(&state, move |conn| {
        write_transaction(conn, |conn| {
            let office = find(conn, &code)?;
            let now = store::now();
            for (i, entry) in entries.iter().enumerate() {
                let known = ProcedureCode::parse(&entry.procedure_code)
                    .map(|c| procedures::latest(conn, c.as_str()))
                    .transpose()?
                    .flatten();
                if known.is_none() {
                    return Err(Error::field(
                        &format!("[{i}].procedure_code"),
                        "exists",
                        "không có thủ tục mang mã này",
                        "no procedure has this code",
                    ));
                }
                offices::set_availability(
                    conn,
                    &AvailabilityRow {
                        office_id: office.row.id.clone(),
                        procedure_code: entry.procedure_code.trim().to_owned(),
                        available_from: entry.available_from,
                        available_to: entry.available_to,
                        online_level: entry.online_level.map(|l| l.as_str().to_owned()),
                        legacy_level: entry.legacy_level,
                        posted: entry.posted,
                        updated_at: now,
                    },
                )?;
            }
            availability_list(conn, &office, None)
        })
    })
    .await?;
    Ok(web::Json(list))
}
