//! Staff views: the list with filters, one application with its history, the history alone.

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{
    ApplicationOut, ApplicationWithEvents, EventOut, Scope, application_out, event_office_ids,
    events_out, office_codes, with_events,
};
use crate::api::access::Caller;
use crate::api::pagination::{Page, PageQuery, bad_cursor};
use crate::api::query::Query;
use crate::db::applications::{self as store, ApplicationFilter};
use crate::db::{self as dbmod, offices};
use crate::domain::text::fold;
use crate::error::{Code, Error, Problem};
use crate::state::{AppState, db};

/// Filters of the staff list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplicationQuery {
    /// Status codes, comma-separated (`2,4`).
    #[param(example = "2,4")]
    pub status: Option<String>,
    /// Received or handled by this office (agency code).
    pub office: Option<String>,
    /// This procedure's code.
    pub procedure: Option<String>,
    /// This field's code.
    pub field: Option<String>,
    /// Only open applications past their due date now.
    pub overdue: Option<bool>,
    /// Due before this instant (RFC 3339).
    pub due_before: Option<DateTime<FixedOffset>>,
    /// Submitted at or after this instant (RFC 3339).
    pub received_from: Option<DateTime<FixedOffset>>,
    /// Submitted before this instant (RFC 3339).
    pub received_to: Option<DateTime<FixedOffset>>,
    /// Words of the applicant's name (accents optional), or part of the code.
    pub q: Option<String>,
    /// Items per page, 1–200.
    pub limit: Option<u32>,
    /// The previous page's `next_cursor`.
    pub cursor: Option<String>,
}

fn statuses(raw: Option<&str>) -> Result<Vec<i32>, Error> {
    let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
        return Ok(Vec::new());
    };
    raw.split(',')
        .map(|s| {
            s.trim()
                .parse::<i32>()
                .ok()
                .filter(|c| (1..=10).contains(c))
                .ok_or_else(|| {
                    Error::field(
                        "status",
                        "one_of",
                        "mã trạng thái từ 1 đến 10, cách nhau bởi dấu phẩy",
                        "status codes 1 to 10, comma-separated",
                    )
                })
        })
        .collect()
}

/// Applications the caller may see, newest first, with filters.
#[utoipa::path(
    tag = "applications",
    operation_id = "list_applications",
    security(("bearer" = [])),
    params(ApplicationQuery),
    responses(
        (status = 200, description = "A page of applications", body = Page<ApplicationOut>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/applications")]
pub async fn list_applications(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<ApplicationQuery>,
) -> Result<HttpResponse, Error> {
    let query = query.into_inner();
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor.clone(),
    };
    let limit = page.limit();
    let after = page
        .after()?
        .map(|a| a.parse::<i64>().map_err(|_| bad_cursor()))
        .transpose()?;
    let statuses = statuses(query.status.as_deref())?;
    let page = db(&state, move |conn| {
        let now = dbmod::now();
        let mut filter = ApplicationFilter {
            statuses,
            procedure: query.procedure.clone(),
            field: query.field.clone(),
            due_before: query.due_before.map(|t| t.naive_utc()),
            overdue_at: query.overdue.filter(|o| *o).map(|_| now),
            submitted_from: query.received_from.map(|t| t.naive_utc()),
            submitted_to: query.received_to.map(|t| t.naive_utc()),
            text: query.q.as_deref().map(fold).filter(|q| !q.is_empty()),
            code_part: query
                .q
                .as_deref()
                .map(|q| q.trim().to_uppercase())
                .filter(|q| !q.is_empty()),
            ..Default::default()
        };
        match Scope::of(conn, &caller)? {
            Scope::All => {}
            Scope::Office(id) => filter.offices = Some(vec![id]),
            Scope::Units(ids) => filter.units = Some(ids),
        }
        if let Some(code) = &query.office {
            // An unknown office matches nothing.
            filter.office = Some(offices::find_id_by_code(conn, code)?.unwrap_or_default());
        }
        let (rows, total) = store::list(conn, &filter, after, limit)?;
        let codes = office_codes(
            conn,
            rows.iter()
                .flat_map(|r| [r.receiving_office_id.clone(), r.handling_office_id.clone()]),
        )?;
        let mut unit_codes = std::collections::HashMap::new();
        let mut items = Vec::with_capacity(rows.len());
        for row in &rows {
            if !unit_codes.contains_key(&row.unit_id) {
                let code = super::unit_code(conn, &row.unit_id)?;
                unit_codes.insert(row.unit_id.clone(), code);
            }
            let unit = unit_codes.get(&row.unit_id).cloned().unwrap_or_default();
            items.push((row.id.to_string(), application_out(row, &codes, unit, now)?));
        }
        let full = i64::try_from(items.len()).is_ok_and(|n| n == limit);
        let next = items.last().filter(|_| full).map(|(id, _)| id.clone());
        let mut page = Page::new(
            items.into_iter().map(|(_, out)| out).collect(),
            total,
            limit,
            |_| "",
        );
        page.next_cursor = next.map(|id| crate::api::pagination::encode_cursor(&id));
        Ok(page)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One application with its events (staff of its offices, officials of its unit, admins).
#[utoipa::path(
    tag = "applications",
    operation_id = "get_application",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Application code", example = "H56.14-251103-0001")),
    responses(
        (status = 200, description = "The application", body = ApplicationWithEvents, headers(("ETag" = String, description = "The version"))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/applications/{code}")]
pub async fn get_application(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let code = path.into_inner();
    let shared = state.clone();
    let out = db(&state, move |conn| {
        let row = visible(conn, &caller, &code)?;
        let calendar = shared.calendar.current(conn)?;
        with_events(conn, &calendar, &row, dbmod::now())
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{}\"", out.application.version)))
        .json(out))
}

/// An application the caller may see, or 404.
pub fn visible(
    conn: &mut crate::db::DbConnection,
    caller: &Caller,
    code: &str,
) -> Result<store::ApplicationRow, Error> {
    let row = store::find(conn, code)?.ok_or(Error::NotFound(Code::ApplicationNotFound))?;
    if !Scope::of(conn, caller)?.covers(&row) {
        return Err(Error::NotFound(Code::ApplicationNotFound));
    }
    Ok(row)
}

/// An application's events, oldest first.
#[utoipa::path(
    tag = "applications",
    operation_id = "list_application_events",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Application code", example = "H56.14-251103-0001")),
    responses(
        (status = 200, description = "The events", body = Vec<EventOut>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/applications/{code}/events")]
pub async fn list_application_events(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let code = path.into_inner();
    let out = db(&state, move |conn| {
        let row = visible(conn, &caller, &code)?;
        let rows = store::events(conn, row.id)?;
        let codes = office_codes(conn, event_office_ids(&rows))?;
        Ok(events_out(&rows, &codes))
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}
