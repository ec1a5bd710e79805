//! The procedure catalog: public search and reads; admin creates, versions and imports.

use super::reports::{ReportFormat, XLSX_TYPE, accepts, file};
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::access::Admin;
use super::idempotency::{IdempotencyKey, created};
use super::pagination::{MAX_LIMIT, Page, PageQuery, bad_cursor, encode_cursor};
use super::precondition::expected;
use super::query::Query;
use super::responses::{AdminOnly, VersionPreconditions};
use crate::db::procedures::{self, CatalogFilter, ListedRow, VersionRow};
use crate::db::{self as store, DbConnection, fields, offices, write_transaction};
use crate::domain::calendar::PauseRule;
use crate::domain::procedure::{
    Channel, Document, Fee, OnlineLevel, ProcedureCode, ProcedureDraft, ProcessingTime, Tier,
    TimeUnit,
};
use crate::domain::text::{self, RankQuery};
use crate::error::{Code, Error, Problem};
use crate::import::procedures::{self as portal, Format, ImportReport};
use crate::reports::catalog::{self, ExportRow};
use crate::service::catalog::cache::CachedAnswer;
use crate::service::idempotency::{Created, create_once};
use crate::state::{AppState, db};

fn tokens<T>(text: &str, parse: impl Fn(&str) -> Option<T>) -> Vec<T> {
    text.split(',').filter_map(parse).collect()
}

fn processing_time(amount: Option<f64>, unit: Option<&str>) -> Option<ProcessingTime> {
    amount.map(|amount| ProcessingTime {
        amount,
        unit: unit.and_then(TimeUnit::from_token),
    })
}

/// A catalog entry as listed.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProcedureSummary {
    /// National code.
    #[schema(example = "1.001193")]
    pub code: String,
    /// The version in force on the requested date.
    #[schema(example = 1)]
    pub version: i32,
    /// Name.
    #[schema(example = "Thủ tục đăng ký khai sinh")]
    pub name: String,
    /// Field code.
    #[schema(example = "ho-tich")]
    pub field_code: String,
    /// Field name.
    #[schema(example = "Hộ tịch")]
    pub field_name: String,
    /// Implementing tiers.
    pub tiers: Vec<Tier>,
    /// Accepted channels.
    pub channels: Vec<Channel>,
    /// Processing time.
    pub processing_time: Option<ProcessingTime>,
    /// Legacy online level 1–4.
    pub legacy_level: Option<i32>,
    /// Current online level.
    pub online_level: Option<OnlineLevel>,
    /// Published.
    pub published: bool,
}

impl From<&ListedRow> for ProcedureSummary {
    fn from(row: &ListedRow) -> Self {
        Self {
            code: row.code.clone(),
            version: row.version_no,
            name: row.name.clone(),
            field_code: row.field_code.clone(),
            field_name: row.field_name.clone(),
            tiers: tokens(&row.tiers, Tier::from_token),
            channels: tokens(&row.channels, Channel::from_token),
            processing_time: processing_time(row.time_amount, row.time_unit.as_deref()),
            legacy_level: row.legacy_level,
            online_level: row
                .online_level
                .as_deref()
                .and_then(OnlineLevel::from_token),
            published: row.published,
        }
    }
}

/// A field as embedded in a procedure.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FieldRef {
    /// Code.
    #[schema(example = "ho-tich")]
    pub code: String,
    /// Name.
    #[schema(example = "Hộ tịch")]
    pub name: String,
}

/// One version of a procedure, in full.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProcedureOut {
    /// National code.
    #[schema(example = "1.001193")]
    pub code: String,
    /// Version number (1 for the first).
    #[schema(example = 1)]
    pub version: i32,
    /// First day in force.
    pub effective_from: NaiveDate,
    /// Last day in force; `null` while in force.
    pub effective_to: Option<NaiveDate>,
    /// Name.
    #[schema(example = "Thủ tục đăng ký khai sinh")]
    pub name: String,
    /// Field.
    pub field: FieldRef,
    /// Implementing tiers.
    pub tiers: Vec<Tier>,
    /// Accepted channels.
    pub channels: Vec<Channel>,
    /// Required documents.
    pub documents: Vec<Document>,
    /// Processing time.
    pub processing_time: Option<ProcessingTime>,
    /// The source wording of the time.
    #[schema(example = "1 Ngày làm việc")]
    pub time_text: String,
    /// Fees.
    pub fees: Vec<Fee>,
    /// The source wording of the fees.
    #[schema(example = "Miễn phí")]
    pub fee_text: String,
    /// What the applicant gets.
    pub result: String,
    /// Legal basis.
    pub legal_basis: String,
    /// Conditions.
    pub conditions: String,
    /// Legacy online level 1–4 (Decree 43/2011).
    pub legacy_level: Option<i32>,
    /// Current online level (Decree 42/2022).
    pub online_level: Option<OnlineLevel>,
    /// Listed publicly and posted at the desks.
    pub published: bool,
    /// Announcing decision.
    pub decision_no: String,
    /// Issuing body.
    pub issuing_body: String,
    /// Competent authority.
    pub competent_authority: String,
    /// Implementing agency.
    pub implementing_agency: String,
    /// Who may apply.
    pub subjects: String,
    /// The portal's procedure type.
    pub kind: String,
    /// The portal's result code.
    pub result_code: String,
    /// The portal's page.
    pub source_url: String,
    /// When this version was recorded (UTC).
    pub recorded_at: DateTime<Utc>,
    /// After a supplement, the deadline clock resumes with the time left (`resume`) or
    /// restarts from zero once the dossier is complete (`restart`).
    pub supplement_rule: PauseRule,
}

/// The stored token of a supplement rule.
fn rule_token(rule: PauseRule) -> String {
    match rule {
        PauseRule::Resume => "resume",
        PauseRule::Restart => "restart",
    }
    .to_owned()
}

fn to_out(row: &VersionRow, field_name: String) -> Result<ProcedureOut, Error> {
    let details = row.details().map_err(Error::internal)?;
    Ok(ProcedureOut {
        code: row.procedure_code.clone(),
        version: row.version_no,
        effective_from: row.effective_from,
        effective_to: row.effective_to,
        name: row.name.clone(),
        field: FieldRef {
            code: row.field_code.clone(),
            name: field_name,
        },
        tiers: tokens(&row.tiers, Tier::from_token),
        channels: tokens(&row.channels, Channel::from_token),
        documents: details.documents,
        processing_time: processing_time(row.time_amount, row.time_unit.as_deref()),
        time_text: details.time_text,
        fees: details.fees,
        fee_text: details.fee_text,
        result: details.result,
        legal_basis: details.legal_basis,
        conditions: details.conditions,
        legacy_level: row.legacy_level,
        online_level: row
            .online_level
            .as_deref()
            .and_then(OnlineLevel::from_token),
        published: row.published,
        decision_no: details.decision_no,
        issuing_body: details.issuing_body,
        competent_authority: details.competent_authority,
        implementing_agency: details.implementing_agency,
        subjects: details.subjects,
        kind: details.kind,
        result_code: details.result_code,
        source_url: details.source_url,
        recorded_at: details.recorded_at.unwrap_or_default().and_utc(),
        supplement_rule: if row.supplement_rule == "restart" {
            PauseRule::Restart
        } else {
            PauseRule::Resume
        },
    })
}

fn field_name(conn: &mut DbConnection, code: &str) -> Result<String, Error> {
    Ok(fields::find(conn, code)?
        .map(|f| f.name)
        .unwrap_or_default())
}

/// Catalog filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogQuery {
    /// Search text, accent- and case-insensitive (`dang ky khai sinh` finds `Đăng ký khai
    /// sinh`); a procedure code finds that procedure. Better matches come first.
    #[param(example = "dang ky khai sinh")]
    pub q: Option<String>,
    /// Field code.
    #[param(example = "ho-tich")]
    pub field: Option<String>,
    /// Implementing tier.
    pub tier: Option<Tier>,
    /// Accepted channel.
    pub channel: Option<Channel>,
    /// Legacy online level, 1–4.
    #[param(minimum = 1, maximum = 4)]
    pub legacy_level: Option<i32>,
    /// Current online level.
    pub online_level: Option<OnlineLevel>,
    /// `true` (default): published procedures; `false`: those not (yet) published.
    pub published: Option<bool>,
    /// Only procedures this office receives on `as_of` (agency code).
    #[param(example = "H56.14")]
    pub office: Option<String>,
    /// The date whose versions to show (default: today).
    pub as_of: Option<NaiveDate>,
}

impl CatalogQuery {
    /// The database filter, and the folded query for ranking (`None` without words).
    fn filter(&self) -> (CatalogFilter, Option<RankQuery>) {
        let q = self.q.as_deref().map(str::trim).unwrap_or_default();
        let code = ProcedureCode::parse(q).map(|c| c.to_string());
        let folded = if code.is_some() {
            String::new()
        } else {
            text::fold(q)
        };
        let words = text::words_of_folded(&folded);
        let rank = (!words.is_empty()).then(|| RankQuery::new(&folded, &words));
        let filter = CatalogFilter {
            as_of: self.as_of,
            words,
            code,
            field: self.field.clone(),
            tier: self.tier.map(|t| t.as_str().to_owned()),
            channel: self.channel.map(|c| c.as_str().to_owned()),
            legacy_level: self.legacy_level,
            online_level: self.online_level.map(|l| l.as_str().to_owned()),
            // The public catalog lists what is published unless asked otherwise.
            published: Some(self.published.unwrap_or(true)),
            codes: None,
        };
        (filter, rank)
    }
}

/// The catalog rows a filter matches, narrowed to an office's procedures when one is named.
fn matching(
    conn: &mut DbConnection,
    mut filter: CatalogFilter,
    office: Option<String>,
) -> Result<Vec<ListedRow>, Error> {
    if let Some(office) = office {
        let id = offices::find_id_by_code(conn, &office)?.ok_or_else(|| {
            Error::field(
                "office",
                "exists",
                "không có bộ phận nào mang mã này",
                "no office has this code",
            )
        })?;
        let on = filter.as_of.unwrap_or_else(crate::domain::today);
        filter.codes = Some(offices::available_codes(conn, &id, on)?);
    }
    Ok(procedures::list(conn, &filter)?)
}

/// Matches in list order: best rank first when searching (then code), else by code.
/// Each item is `(inverted rank, row index)`; the pair with the code is the sort key.
fn ordered(
    rows: &[ListedRow],
    candidates: impl IntoIterator<Item = usize>,
    query: Option<&RankQuery>,
) -> Vec<(u32, usize)> {
    let mut keyed: Vec<(u32, usize)> = candidates
        .into_iter()
        .map(|i| {
            let inverted =
                query.map_or(0, |q| 999_999 - q.score(&rows[i].name_folded).min(999_999));
            (inverted, i)
        })
        .collect();
    keyed.sort_unstable_by(|a, b| (a.0, &rows[a.1].code).cmp(&(b.0, &rows[b.1].code)));
    keyed
}

fn cursor_key(inverted: u32, code: &str) -> String {
    format!("{inverted:06}:{code}")
}

/// The listing body, built from each row's pre-serialised summary: `{items, next_cursor, total}`.
fn page_body(
    rows: &[ListedRow],
    json: &[String],
    keyed: &[(u32, usize)],
    page: &PageQuery,
) -> Result<String, Error> {
    let limit = usize::try_from(page.limit()).unwrap_or(MAX_LIMIT as usize);
    let start = match page.after()? {
        None => 0,
        Some(after) => {
            let (inverted, code) = after
                .split_once(':')
                .and_then(|(n, c)| n.parse::<u32>().ok().map(|n| (n, c)))
                .ok_or_else(bad_cursor)?;
            keyed.partition_point(|(n, i)| (*n, rows[*i].code.as_str()) <= (inverted, code))
        }
    };
    let end = (start + limit).min(keyed.len());
    let mut body = String::with_capacity(64 + (end - start) * 400);
    body.push_str("{\"items\":[");
    for (n, (_, i)) in keyed[start..end].iter().enumerate() {
        if n > 0 {
            body.push(',');
        }
        body.push_str(&json[*i]);
    }
    body.push_str("],\"next_cursor\":");
    match keyed[start..end].last().filter(|_| end < keyed.len()) {
        Some((n, i)) => {
            body.push('"');
            body.push_str(&encode_cursor(&cursor_key(*n, &rows[*i].code)));
            body.push('"');
        }
        None => body.push_str("null"),
    }
    body.push_str(",\"total\":");
    body.push_str(&keyed.len().to_string());
    body.push('}');
    Ok(body)
}

/// Each row's summary as JSON.
pub fn summaries_json(rows: &[ListedRow]) -> Result<Vec<String>, Error> {
    rows.iter()
        .map(|r| serde_json::to_string(&ProcedureSummary::from(r)).map_err(Error::internal))
        .collect()
}

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
    )
)]
#[get("/procedures")]
pub async fn list_procedures(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, Error> {
    let gzip = accepts_gzip(&req);
    let raw = req.query_string();
    // Repeat searches of today's catalog are answered from the snapshot's answers.
    let snapshot = state.catalog.get(&state).await?;
    if let Some(answer) = snapshot.answer(raw) {
        return Ok(json_answer(&answer, gzip));
    }
    let query: CatalogQuery = super::query::parse(raw)?;
    let page: PageQuery = super::query::parse(raw)?;
    let (filter, rank) = query.filter();
    let office = query.office.clone();
    if query.as_of.is_none_or(|d| d == snapshot.date()) && office.is_none() {
        let keyed = ordered(&snapshot.rows, snapshot.candidates(&filter), rank.as_ref());
        let answer = CachedAnswer::new(page_body(&snapshot.rows, &snapshot.json, &keyed, &page)?);
        snapshot.remember(raw, answer.clone());
        return Ok(json_answer(&answer, gzip));
    }
    // Another date, or one office's procedures: from the database.
    let rows = db(&state, move |conn| matching(conn, filter, office)).await?;
    let json = summaries_json(&rows)?;
    let keyed = ordered(&rows, 0..rows.len(), rank.as_ref());
    let body = page_body(&rows, &json, &keyed, &page)?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body))
}

fn accepts_gzip(req: &HttpRequest) -> bool {
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

fn json_answer(answer: &CachedAnswer, gzip: bool) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response
        .content_type("application/json")
        .insert_header((actix_web::http::header::VARY, "Accept-Encoding"));
    match answer.gzip().filter(|_| gzip) {
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

fn parse_code(raw: &str) -> Result<ProcedureCode, Error> {
    ProcedureCode::parse(raw).ok_or(Error::NotFound(Code::ProcedureNotFound))
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
    let (out, latest) = db(&state, move |conn| {
        let row = procedures::in_force(conn, code.as_str(), on)?
            .ok_or(Error::NotFound(Code::ProcedureNotFound))?;
        let latest =
            procedures::latest(conn, code.as_str())?.map_or(row.version_no, |l| l.version_no);
        let name = field_name(conn, &row.field_code)?;
        Ok((to_out(&row, name)?, latest))
    })
    .await?;
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
    let items = db(&state, move |conn| {
        let rows = procedures::versions(conn, code.as_str())?;
        if rows.is_empty() {
            return Err(Error::NotFound(Code::ProcedureNotFound));
        }
        rows.iter()
            .map(|row| {
                let name = field_name(conn, &row.field_code)?;
                to_out(row, name)
            })
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    Ok(web::Json(VersionList {
        total: items.len(),
        items,
    }))
}

fn valid_level(level: i32) -> Result<(), validator::ValidationError> {
    if (1..=4).contains(&level) {
        Ok(())
    } else {
        Err(crate::validation::rule(
            "range",
            "phải từ 1 đến 4",
            "must be between 1 and 4",
        ))
    }
}

/// The content of a procedure version, as an administrator writes it.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcedureIn {
    /// National code (`^[123]\.\d{6}$`); on `PUT`, must match the path when given.
    #[schema(example = "1.001193")]
    pub code: Option<String>,
    /// Name.
    #[validate(length(min = 1, max = 2000))]
    #[schema(example = "Thủ tục đăng ký khai sinh")]
    pub name: String,
    /// An existing field's code.
    #[validate(length(min = 1, max = 64))]
    #[schema(example = "ho-tich")]
    pub field_code: String,
    /// Implementing tiers.
    #[serde(default)]
    pub tiers: Vec<Tier>,
    /// Accepted channels.
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// Required documents.
    #[serde(default)]
    pub documents: Vec<Document>,
    /// Processing time, or `null` for none.
    pub processing_time: Option<ProcessingTime>,
    /// Fees (`[]` when none).
    #[serde(default)]
    pub fees: Vec<Fee>,
    /// What the applicant gets.
    #[serde(default)]
    pub result: String,
    /// Legal basis.
    #[serde(default)]
    pub legal_basis: String,
    /// Conditions.
    #[serde(default)]
    pub conditions: String,
    /// Legacy online level 1–4.
    #[validate(custom(function = "valid_level"))]
    pub legacy_level: Option<i32>,
    /// Current online level.
    pub online_level: Option<OnlineLevel>,
    /// Listed publicly and posted at the desks.
    #[serde(default)]
    pub published: bool,
    /// Announcing decision.
    #[serde(default)]
    pub decision_no: String,
    /// Issuing body.
    #[serde(default)]
    pub issuing_body: String,
    /// Competent authority.
    #[serde(default)]
    pub competent_authority: String,
    /// Implementing agency.
    #[serde(default)]
    pub implementing_agency: String,
    /// Who may apply.
    #[serde(default)]
    pub subjects: String,
    /// First day in force (default: today).
    pub effective_from: Option<NaiveDate>,
    /// On `PUT`, the version being replaced, when `If-Match` is not sent.
    pub version: Option<i32>,
    /// After a supplement, the clock `resume`s with the time left (the default) or
    /// `restart`s from zero; on `PUT`, absent keeps the latest version's rule.
    #[serde(default)]
    pub supplement_rule: Option<PauseRule>,
}

impl ProcedureIn {
    fn into_draft(self, code: ProcedureCode, field_name: String) -> Result<ProcedureDraft, Error> {
        if let Some(t) = &self.processing_time
            && !(t.amount.is_finite() && t.amount >= 0.0)
        {
            return Err(Error::field(
                "processing_time.amount",
                "range",
                "phải là số không âm",
                "must be a non-negative number",
            ));
        }
        let time_text = self
            .processing_time
            .as_ref()
            .map(|t| {
                format!("{} {}", t.amount, t.unit.map_or("", |u| u.as_str()))
                    .trim()
                    .to_owned()
            })
            .unwrap_or_default();
        let fee_text = self
            .fees
            .iter()
            .map(|f| f.note.as_str())
            .collect::<Vec<_>>()
            .join(";");
        Ok(ProcedureDraft {
            code,
            name: self.name.trim().to_owned(),
            field_code: self.field_code,
            field_name,
            tiers: self.tiers,
            channels: self.channels,
            documents: self.documents,
            processing_time: self.processing_time,
            time_text,
            fees: self.fees,
            fee_text,
            result: self.result,
            legal_basis: self.legal_basis,
            conditions: self.conditions,
            legacy_level: self.legacy_level.and_then(|l| u8::try_from(l).ok()),
            online_level: self.online_level,
            published: self.published,
            decision_no: self.decision_no,
            issuing_body: self.issuing_body,
            competent_authority: self.competent_authority,
            implementing_agency: self.implementing_agency,
            subjects: self.subjects,
            kind: String::new(),
            result_code: String::new(),
            source_url: String::new(),
        })
    }
}

fn known_field(conn: &mut DbConnection, code: &str) -> Result<String, Error> {
    fields::find(conn, code)?.map(|f| f.name).ok_or_else(|| {
        Error::field(
            "field_code",
            "exists",
            "không có lĩnh vực mang mã này",
            "no field has this code",
        )
    })
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
                "phải có dạng N.NNNNNN với N là 1, 2 hoặc 3 (ví dụ 1.001193)",
                "must look like N.NNNNNN with N = 1, 2 or 3 (e.g. 1.001193)",
            )
        })?;
    let keyed = key.bind(&admin.0, "/api/v1/procedures", &body)?;
    let answer = db(&state, move |conn| {
        create_once(conn, &keyed, |conn| {
            let name = known_field(conn, &body.field_code)?;
            let effective_from = body.effective_from.unwrap_or_else(crate::domain::today);
            let body_rule = body.supplement_rule;
            let draft = body.into_draft(code.clone(), name.clone())?;
            if procedures::latest(conn, code.as_str())?.is_some() {
                return Err(Error::conflict(Code::ProcedureExists));
            }
            let mut row = VersionRow::from_draft(&draft, 1, effective_from, store::now())
                .map_err(Error::internal)?;
            row.supplement_rule = rule_token(body_rule.unwrap_or(PauseRule::Resume));
            procedures::create(conn, &row)?;
            Ok(Created {
                body: serde_json::to_value(to_out(&row, name)?).map_err(Error::internal)?,
                location: Some(format!("/api/v1/procedures/{code}")),
                replayed: false,
            })
        })
    })
    .await?;
    state.catalog.invalidate();
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
    let out = db(&state, move |conn| {
        write_transaction(conn, |conn| {
            let latest = procedures::latest(conn, code.as_str())?
                .ok_or(Error::NotFound(Code::ProcedureNotFound))?;
            if i64::from(latest.version_no) != expected.version() {
                return Err(expected.stale(i64::from(latest.version_no)));
            }
            let name = known_field(conn, &body.field_code)?;
            let effective_from = body.effective_from.unwrap_or_else(crate::domain::today);
            if effective_from < latest.effective_from {
                return Err(Error::field(
                    "effective_from",
                    "not_before_latest",
                    "không được sớm hơn ngày hiệu lực của phiên bản mới nhất",
                    "cannot be before the latest version's effective date",
                ));
            }
            let body_rule = body.supplement_rule;
            let mut draft = body.into_draft(code.clone(), name.clone())?;
            // What only the portal supplies stays as the latest version had it.
            let previous = latest.details().map_err(Error::internal)?;
            draft.kind = previous.kind;
            draft.result_code = previous.result_code;
            draft.source_url = previous.source_url;
            let mut row =
                VersionRow::from_draft(&draft, latest.version_no + 1, effective_from, store::now())
                    .map_err(Error::internal)?;
            row.supplement_rule = match body_rule {
                Some(rule) => rule_token(rule),
                None => latest.supplement_rule.clone(),
            };
            if !procedures::add_version(conn, &latest, &row)? {
                return Err(expected.stale(i64::from(latest.version_no) + 1));
            }
            to_out(&row, name)
        })
    })
    .await?;
    state.catalog.invalidate();
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

/// Import the national portal's export (CSV or JSON).
///
/// `text/csv`: the portal's columns (`ma_thu_tuc`, `ten_thu_tuc`, `linh_vuc`, …).
/// `application/json`: an array of objects with the same keys. Re-importing the same file
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
        ),
    ),
    responses(
        (status = 200, description = "What was imported, with the refused rows", body = ImportReport),
        (status = 400, description = "The file cannot be read at all", body = Problem, content_type = "application/problem+json"),
        AdminOnly,
        (status = 415, description = "Neither CSV nor JSON", body = Problem, content_type = "application/problem+json"),
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
    } else if content_type.starts_with("application/json") {
        Format::Json
    } else {
        return Err(Error::UnsupportedMediaType);
    };
    let rows = portal::read(&body, format).map_err(|e| Error::BadRequest {
        code: Code::UnreadableFile,
        detail: e.to_string(),
    })?;
    let effective_from = query.effective_from.unwrap_or_else(crate::domain::today);
    let atomic = query.atomic;
    let report = db(&state, move |conn| {
        portal::import(conn, rows, effective_from, atomic, |_| {}).map_err(Error::internal)
    })
    .await?;
    state.catalog.invalidate();
    if report.rolled_back {
        return Err(Error::ImportRejected(
            serde_json::to_value(&report).map_err(Error::internal)?,
        ));
    }
    Ok(HttpResponse::Ok().json(report))
}

/// Export formats.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// The portal's CSV layout (UTF-8, re-importable).
    Csv,
    /// An Excel workbook with Vietnamese headers.
    Xlsx,
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
    let (filter, rank) = query.filter();
    let on = filter.as_of.unwrap_or_else(crate::domain::today);
    let office = query.office.clone();
    let rows = db(&state, move |conn| {
        let listed = matching(conn, filter, office)?;
        // The same order as the list: best matches first when searching, else by code.
        let codes: Vec<String> = ordered(&listed, 0..listed.len(), rank.as_ref())
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
        Ok(rows)
    })
    .await?;
    let stamp = on.format("%Y%m%d");
    let stem = format!("thu-tuc-{stamp}");
    Ok(match format {
        ExportFormat::Csv => {
            let portal: Vec<_> = rows.iter().map(ExportRow::to_portal).collect();
            let body = portal::write_csv(&portal).map_err(Error::internal)?;
            file(ReportFormat::Csv, &stem, body)
        }
        ExportFormat::Xlsx => {
            let body = catalog::xlsx(&rows).map_err(Error::internal)?;
            file(ReportFormat::Xlsx, &stem, body)
        }
    })
}
