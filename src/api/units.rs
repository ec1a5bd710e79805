//! Administrative units: the tree on any date, each code's history, and reorganisations.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
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
use crate::db::units::{self, Direction, LinkRow, ReorganizationRow, UnitFilter, UnitRow};
use crate::db::{self as store, DbConnection, write_transaction};
use crate::domain::text;
use crate::domain::unit::{ReorganizationKind, Succession, UnitLevel, valid_code};
use crate::error::{Code, Error, Problem};
use crate::service::idempotency::{Created, create_once};
use crate::state::{AppState, db};

/// One period of an administrative unit.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UnitOut {
    /// GSO code (2 digits province, 3 district, 5 commune).
    #[schema(example = "00004")]
    pub code: String,
    /// Short name.
    #[schema(example = "Ba Đình")]
    pub name: String,
    /// Name with its kind.
    #[schema(example = "Phường Ba Đình")]
    pub full_name: String,
    /// Level.
    pub level: UnitLevel,
    /// Kind (Tỉnh, Thành phố, Quận, Huyện, Xã, Phường, Thị trấn, Đặc khu…).
    #[schema(example = "Phường")]
    pub kind: String,
    /// The parent's code.
    #[schema(example = "01")]
    pub parent_code: Option<String>,
    /// First day valid; `null`: before the records begin.
    pub valid_from: Option<NaiveDate>,
    /// Last day valid; `null`: still valid.
    pub valid_to: Option<NaiveDate>,
    /// Version for `If-Match`.
    pub version: i64,
}

impl From<&UnitRow> for UnitOut {
    fn from(row: &UnitRow) -> Self {
        Self {
            code: row.code.clone(),
            name: row.name.clone(),
            full_name: row.full_name.clone(),
            level: UnitLevel::from_token(&row.level).unwrap_or(UnitLevel::Commune),
            kind: row.kind.clone(),
            parent_code: row.parent_code.clone(),
            valid_from: row.valid_from,
            valid_to: row.valid_to,
            version: row.version,
        }
    }
}

/// Filters for the unit tree.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitQuery {
    /// The date the tree is taken at (default: today).
    #[param(example = "2025-06-30")]
    pub as_of: Option<NaiveDate>,
    /// Only this level.
    pub level: Option<UnitLevel>,
    /// Only children of this code.
    #[param(example = "01")]
    pub parent: Option<String>,
    /// Name search, accent- and case-insensitive.
    #[param(example = "ba dinh")]
    pub q: Option<String>,
}

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
    let filter = UnitFilter {
        as_of: query.as_of,
        level: query.level.map(|l| l.as_str().to_owned()),
        parent: query.parent,
        words: query.q.as_deref().map(text::words).unwrap_or_default(),
    };
    let (rows, total) = db(&state, move |conn| {
        Ok(units::list(conn, &filter, after.as_deref(), limit)?)
    })
    .await?;
    let items = rows.iter().map(UnitOut::from).collect();
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

fn period(conn: &mut DbConnection, code: &str, as_of: Option<NaiveDate>) -> Result<UnitRow, Error> {
    let found = match as_of {
        Some(on) => units::find_valid_on(conn, code, on)?,
        None => match units::find_valid_on(conn, code, crate::domain::today())? {
            Some(row) => Some(row),
            None => units::by_code(conn, code)?.pop(),
        },
    };
    found.ok_or(Error::NotFound(Code::UnitNotFound))
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
    let row = db(&state, move |conn| period(conn, &code, as_of)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{}\"", row.version)))
        .json(UnitOut::from(&row)))
}

/// A unit on the other side of a reorganisation.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Neighbour {
    /// The other unit.
    pub unit: UnitOut,
    /// Whether all of the predecessor went into the successor.
    pub succession: Succession,
    /// The reorganisation.
    pub reorganization: ReorganizationOut,
}

/// A reorganisation event.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReorganizationOut {
    /// Opaque id.
    pub id: String,
    /// Merge, split, rename or reform.
    pub kind: ReorganizationKind,
    /// The first day of the new units.
    pub effective_on: NaiveDate,
    /// The decision or resolution.
    #[schema(example = "Nghị quyết 1656/NQ-UBTVQH15")]
    pub title: String,
}

impl From<&ReorganizationRow> for ReorganizationOut {
    fn from(row: &ReorganizationRow) -> Self {
        Self {
            id: row.id.clone(),
            kind: ReorganizationKind::from_token(&row.kind).unwrap_or(ReorganizationKind::Reform),
            effective_on: row.effective_on,
            title: row.title.clone(),
        }
    }
}

/// One period of a code, with where it came from and where it went.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UnitPeriod {
    /// The unit in this period.
    pub unit: UnitOut,
    /// The units it came from.
    pub predecessors: Vec<Neighbour>,
    /// The units it went into.
    pub successors: Vec<Neighbour>,
}

/// A code's history.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UnitHistory {
    /// The code.
    pub code: String,
    /// Its periods, oldest first (a code can be reused by a successor).
    pub periods: Vec<UnitPeriod>,
}

fn neighbours(list: Vec<units::Neighbour>) -> Vec<Neighbour> {
    list.iter()
        .map(|(link, unit, reorganization)| Neighbour {
            unit: UnitOut::from(unit),
            succession: Succession::from_token(&link.succession).unwrap_or(Succession::Full),
            reorganization: ReorganizationOut::from(reorganization),
        })
        .collect()
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
    let history = db(&state, move |conn| {
        let rows = units::by_code(conn, &code)?;
        if rows.is_empty() {
            return Err(Error::NotFound(Code::UnitNotFound));
        }
        let mut periods = Vec::with_capacity(rows.len());
        for row in &rows {
            periods.push(UnitPeriod {
                unit: UnitOut::from(row),
                predecessors: neighbours(units::neighbours(
                    conn,
                    &row.id,
                    Direction::Predecessors,
                )?),
                successors: neighbours(units::neighbours(conn, &row.id, Direction::Successors)?),
            });
        }
        Ok(UnitHistory { code, periods })
    })
    .await?;
    Ok(web::Json(history))
}

/// A new unit.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUnitIn {
    /// GSO code of the level's length.
    #[schema(example = "00004")]
    pub code: String,
    /// Short name.
    #[validate(length(min = 1, max = 200))]
    #[schema(example = "Ba Đình")]
    pub name: String,
    /// Name with its kind (default: kind + name).
    #[validate(length(min = 1, max = 250))]
    pub full_name: Option<String>,
    /// Level (default for reorganisation successors: the first predecessor's).
    pub level: Option<UnitLevel>,
    /// Kind (Xã, Phường, …).
    #[validate(length(min = 1, max = 100))]
    #[schema(example = "Phường")]
    pub kind: String,
    /// Parent's code (default for successors: the first predecessor's parent).
    pub parent_code: Option<String>,
    /// First day valid (for `POST /units`, default today; successors start on the
    /// reorganisation's date).
    pub valid_from: Option<NaiveDate>,
    /// For reorganisation successors: which predecessors it takes, and how
    /// (default: all of them, `full` except in a split).
    #[serde(default)]
    #[validate(nested)]
    pub from: Vec<FromIn>,
}

/// A successor's predecessor.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FromIn {
    /// The predecessor's code.
    #[validate(length(min = 2, max = 5))]
    pub code: String,
    /// All of it or part.
    pub succession: Succession,
}

fn build_unit(
    input: &NewUnitIn,
    level: UnitLevel,
    parent: Option<String>,
    from: Option<NaiveDate>,
) -> Result<UnitRow, Error> {
    if !valid_code(level, &input.code) {
        return Err(Error::Validation(vec![crate::error::FieldIssue::new(
            "code",
            "pattern",
            format!(
                "phải gồm {} chữ số cho cấp {}",
                level.code_len(),
                level.as_str()
            ),
            format!(
                "must be {} digits for a {}",
                level.code_len(),
                level.as_str()
            ),
        )]));
    }
    let now = store::now();
    let full_name = input
        .full_name
        .clone()
        .unwrap_or_else(|| format!("{} {}", input.kind.trim(), input.name.trim()));
    Ok(UnitRow {
        id: uuid::Uuid::new_v4().to_string(),
        code: input.code.clone(),
        name: input.name.trim().to_owned(),
        name_folded: text::fold(&full_name),
        full_name,
        level: level.as_str().to_owned(),
        kind: input.kind.trim().to_owned(),
        parent_code: parent,
        valid_from: from,
        valid_to: None,
        version: 1,
        created_at: now,
        updated_at: now,
    })
}

fn check_parent(
    conn: &mut DbConnection,
    level: UnitLevel,
    parent: Option<&str>,
    on: NaiveDate,
) -> Result<(), Error> {
    let missing = |vi: &str, en: &str| Error::field("parent_code", "exists", vi, en);
    match (level.parent_levels().is_empty(), parent) {
        (true, None) => Ok(()),
        (true, Some(_)) => Err(Error::field(
            "parent_code",
            "not_allowed",
            "tỉnh không có đơn vị cấp trên",
            "a province has no parent",
        )),
        (false, None) => Err(Error::field(
            "parent_code",
            "required",
            "là bắt buộc",
            "is required",
        )),
        (false, Some(code)) => {
            let parent = units::find_valid_on(conn, code, on)?.ok_or_else(|| {
                missing(
                    "không có đơn vị cấp trên này vào ngày hiệu lực",
                    "no such parent on the effective date",
                )
            })?;
            let parent_level = UnitLevel::from_token(&parent.level).unwrap_or(UnitLevel::Commune);
            if level.parent_levels().contains(&parent_level) {
                Ok(())
            } else {
                Err(missing(
                    "đơn vị cấp trên không đúng cấp",
                    "the parent is not of a level above",
                ))
            }
        }
    }
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
        create_once(conn, &keyed, |conn| {
            let on = body.valid_from.unwrap_or_else(crate::domain::today);
            check_parent(conn, level, body.parent_code.as_deref(), on)?;
            if units::find_valid_on(conn, &body.code, on)?.is_some() {
                return Err(Error::conflict(Code::UnitCodeInUse));
            }
            // A unit created now starts today: only imports know units older than the records.
            let row = build_unit(&body, level, body.parent_code.clone(), Some(on))?;
            units::insert(conn, &row)?;
            Ok(Created {
                body: serde_json::to_value(UnitOut::from(&row)).map_err(Error::internal)?,
                location: Some(format!("/api/v1/units/{}", row.code)),
                replayed: false,
            })
        })
    })
    .await?;
    Ok(created(answer))
}

/// A correction of a unit's names (renames with legal effect are reorganisations).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitCorrection {
    /// Short name.
    #[validate(length(min = 1, max = 200))]
    pub name: Option<String>,
    /// Name with its kind.
    #[validate(length(min = 1, max = 250))]
    pub full_name: Option<String>,
    /// Kind.
    #[validate(length(min = 1, max = 100))]
    pub kind: Option<String>,
    /// The version being changed, when `If-Match` is not sent.
    pub version: Option<i64>,
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
    let row = db(&state, move |conn| {
        write_transaction(conn, |conn| {
            let current = units::find_valid_on(conn, &code, crate::domain::today())?
                .ok_or(Error::NotFound(Code::UnitNotFound))?;
            if current.version != expected.version() {
                return Err(expected.stale(current.version));
            }
            let name = body.name.unwrap_or_else(|| current.name.clone());
            let kind = body.kind.unwrap_or_else(|| current.kind.clone());
            let full_name = body.full_name.unwrap_or_else(|| current.full_name.clone());
            if !units::correct_names(
                conn,
                &current.id,
                expected.version(),
                &name,
                &full_name,
                &kind,
                store::now(),
            )? {
                return Err(expected.stale(current.version + 1));
            }
            units::find(conn, &current.id)?.ok_or(Error::NotFound(Code::UnitNotFound))
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{}\"", row.version)))
        .json(UnitOut::from(&row)))
}

/// A merge, split or rename.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReorganizationIn {
    /// `merge` (several → one), `split` (one → several) or `rename` (one → one).
    pub kind: ReorganizationKind,
    /// The successors' first day; predecessors end the day before.
    pub effective_on: NaiveDate,
    /// The decision or resolution.
    #[validate(length(min = 1, max = 300))]
    #[schema(example = "Nghị quyết 862/NQ-UBTVQH14")]
    pub title: String,
    /// Codes of the units that end.
    #[schema(example = json!(["00001", "00004"]))]
    pub predecessors: Vec<String>,
    /// The units that begin.
    #[validate(nested)]
    pub successors: Vec<NewUnitIn>,
}

/// The reorganisation as recorded.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReorganizationResult {
    /// The event.
    pub reorganization: ReorganizationOut,
    /// The units that ended, as they are now.
    pub predecessors: Vec<UnitOut>,
    /// The units that began.
    pub successors: Vec<UnitOut>,
}

/// Records a reorganisation inside the caller's transaction: ends the predecessors the day
/// before `effective_on`, inserts the successors and links them. `POST /units/reorganizations`
/// and the demo district both record merges through here.
pub fn reorganize(
    conn: &mut DbConnection,
    body: &ReorganizationIn,
) -> Result<ReorganizationResult, Error> {
    if body.kind == ReorganizationKind::Reform {
        return Err(Error::field(
            "kind",
            "one_of",
            "phải là merge, split hoặc rename",
            "must be merge, split or rename",
        ));
    }
    body.kind
        .check_shape(body.predecessors.len(), body.successors.len())
        .map_err(|en| {
            Error::field(
                "predecessors",
                "shape",
                "số đơn vị trước và sau không khớp loại sắp xếp",
                en,
            )
        })?;
    let Some(day_before) = body.effective_on.pred_opt() else {
        return Err(Error::field(
            "effective_on",
            "range",
            "ngày không hợp lệ",
            "invalid date",
        ));
    };
    let mut predecessors = Vec::new();
    for (i, code) in body.predecessors.iter().enumerate() {
        let unit = units::find_valid_on(conn, code, day_before)?
            .filter(|u| u.valid_to.is_none())
            .ok_or_else(|| {
                Error::field(
                    &format!("predecessors[{i}]"),
                    "exists",
                    "không có đơn vị đang hiệu lực mang mã này trước ngày sắp xếp",
                    "no unit with this code is in force (and not yet ended) the day before",
                )
            })?;
        if predecessors.iter().any(|p: &UnitRow| p.id == unit.id) {
            return Err(Error::field(
                &format!("predecessors[{i}]"),
                "unique",
                "bị lặp",
                "is repeated",
            ));
        }
        predecessors.push(unit);
    }
    let first = &predecessors[0];
    let now = store::now();
    for p in &predecessors {
        units::end(conn, &p.id, day_before, now)?;
    }
    let reorganization = ReorganizationRow {
        id: uuid::Uuid::new_v4().to_string(),
        kind: body.kind.as_str().to_owned(),
        effective_on: body.effective_on,
        title: body.title.trim().to_owned(),
        created_at: now,
    };
    units::insert_reorganization(conn, &reorganization)?;
    let mut successors = Vec::new();
    let mut links = Vec::new();
    for (i, input) in body.successors.iter().enumerate() {
        let level = input
            .level
            .or_else(|| UnitLevel::from_token(&first.level))
            .unwrap_or(UnitLevel::Commune);
        let parent = input
            .parent_code
            .clone()
            .or_else(|| first.parent_code.clone());
        check_parent(conn, level, parent.as_deref(), body.effective_on)?;
        if units::find_valid_on(conn, &input.code, body.effective_on)?.is_some() {
            return Err(Error::Conflict {
                code: Code::UnitCodeInUse,
                detail: Some((
                    format!(
                        "Mã {} đang được đơn vị khác dùng vào ngày {}.",
                        input.code, body.effective_on
                    ),
                    format!(
                        "Code {} is used by another unit on {}.",
                        input.code, body.effective_on
                    ),
                )),
            });
        }
        let row = build_unit(input, level, parent, Some(body.effective_on))?;
        let sources: Vec<(String, Succession)> = if input.from.is_empty() {
            predecessors
                .iter()
                .map(|p| (p.id.clone(), body.kind.default_succession()))
                .collect()
        } else {
            let mut list = Vec::new();
            for (j, from) in input.from.iter().enumerate() {
                let p = predecessors
                    .iter()
                    .find(|p| p.code == from.code)
                    .ok_or_else(|| {
                        Error::field(
                            &format!("successors[{i}].from[{j}].code"),
                            "exists",
                            "không nằm trong danh sách đơn vị trước sắp xếp",
                            "is not one of the predecessors",
                        )
                    })?;
                list.push((p.id.clone(), from.succession));
            }
            list
        };
        for (predecessor_id, succession) in sources {
            links.push(LinkRow {
                predecessor_id,
                successor_id: row.id.clone(),
                succession: succession.as_str().to_owned(),
                reorganization_id: reorganization.id.clone(),
            });
        }
        units::insert(conn, &row)?;
        successors.push(row);
    }
    units::insert_links(conn, &links)?;
    let ended = predecessors
        .iter()
        .map(|p| units::find(conn, &p.id).map(|u| u.map(|u| UnitOut::from(&u))))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect();
    Ok(ReorganizationResult {
        reorganization: ReorganizationOut::from(&reorganization),
        predecessors: ended,
        successors: successors.iter().map(UnitOut::from).collect(),
    })
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
    let answer = db(&state, move |conn| {
        create_once(conn, &keyed, |conn| {
            let result = reorganize(conn, &body)?;
            Ok(Created {
                body: serde_json::to_value(&result).map_err(Error::internal)?,
                location: result
                    .successors
                    .first()
                    .map(|s| format!("/api/v1/units/{}/history", s.code)),
                replayed: false,
            })
        })
    })
    .await?;
    Ok(created(answer))
}
