//! Staff views: the list with filters, one application with its history, the history alone.

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, FixedOffset, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::access::Caller;
use crate::api::pagination::{Page, PageQuery, bad_cursor};
use crate::api::query::Query;
use crate::error::{Error, Problem};
use crate::service::applications::read::{self, ListFilter};
use crate::service::applications::views::{ApplicationOut, ApplicationWithEvents, EventOut};
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
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    #[serde(default, deserialize_with = "crate::api::pagination::limit_in_range")]
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
    let filter = ListFilter {
        statuses: statuses(query.status.as_deref())?,
        office: query.office,
        procedure: query.procedure,
        field: query.field,
        overdue: query.overdue.unwrap_or(false),
        due_before: query.due_before.map(|t| t.with_timezone(&Utc)),
        received_from: query.received_from.map(|t| t.with_timezone(&Utc)),
        received_to: query.received_to.map(|t| t.with_timezone(&Utc)),
        q: query.q,
    };
    let staff = super::staff_of(&caller);
    let listed = db(&state, move |conn| {
        read::list(conn, &staff, filter, after, limit)
    })
    .await?;
    let full = i64::try_from(listed.items.len()).is_ok_and(|n| n == limit);
    let next = listed
        .items
        .last()
        .filter(|_| full)
        .map(|(id, _)| id.to_string());
    let mut page = Page::new(
        listed.items.into_iter().map(|(_, out)| out).collect(),
        listed.total,
        limit,
        |_| "",
    );
    page.next_cursor = next.map(|id| crate::api::pagination::encode_cursor(&id));
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
    let staff = super::staff_of(&caller);
    let shared = state.clone();
    let out = db(&state, move |conn| {
        read::get(conn, &shared.calendar, &staff, &path.into_inner())
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{}\"", out.application.version)))
        .json(out))
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
    let staff = super::staff_of(&caller);
    let out = db(&state, move |conn| {
        read::events(conn, &staff, &path.into_inner())
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}
