//! The working-day calendar: days (public), changes and imports (admin), due dates (public).
//! Every change recomputes the due dates of open applications in the same transaction.

use actix_web::{HttpResponse, get, post, put, web};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::access::Admin;
use super::query::Query;
use crate::error::{Error, Problem};
use crate::service::calendar::{self, CalendarChangeOut, DayIn, DaysOut, DueOut, YearOut};
use crate::state::{AppState, db, db_write};

/// A range of days.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DaysQuery {
    /// First day (default: today).
    pub from: Option<NaiveDate>,
    /// Last day (default: 30 days after `from`; at most 1,100 days in all).
    pub to: Option<NaiveDate>,
}

/// The calendar's days in a range (public): working or not, and why.
#[utoipa::path(
    tag = "calendar",
    operation_id = "list_calendar_days",
    params(DaysQuery),
    responses(
        (status = 200, description = "The days", body = DaysOut),
        (status = 422, description = "A bad range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/calendar/days")]
pub async fn list_calendar_days(
    state: web::Data<AppState>,
    query: Query<DaysQuery>,
) -> Result<HttpResponse, Error> {
    let from = query.from.unwrap_or_else(crate::domain::today);
    let to = query.to.unwrap_or(from + chrono::Duration::days(30));
    let shared = state.clone();
    let out = db(&state, move |conn| {
        calendar::days(conn, &shared.calendar, from, to)
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Set one day: a holiday, a worked weekend day, or back to normal (admin). Due dates of open
/// applications are recomputed.
#[utoipa::path(
    tag = "calendar",
    operation_id = "set_calendar_day",
    security(("bearer" = [])),
    params(("date" = NaiveDate, Path, description = "The day", example = "2027-02-05")),
    request_body(content = DayIn, example = json!({"kind": "holiday", "name": "Tết Nguyên Đán"})),
    responses(
        (status = 200, description = "Changed", body = CalendarChangeOut),
        crate::api::responses::AdminOnly,
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/calendar/days/{date}")]
pub async fn set_calendar_day(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<NaiveDate>,
    body: web::Json<DayIn>,
) -> Result<HttpResponse, Error> {
    let shared = state.clone();
    let out = db_write(&state, move |conn| {
        calendar::set_day(conn, &shared.calendar, path.into_inner(), body.into_inner())
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Import days from CSV (admin): `date,kind,name` (kind `holiday` or `working_day`), or the
/// holidays-vn layout `date,weekday,on_weekend,name_vi,name_en`. All or nothing.
#[utoipa::path(
    tag = "calendar",
    operation_id = "import_calendar",
    security(("bearer" = [])),
    request_body(content = String, content_type = "text/csv", example = "date,kind,name\n2027-02-05,holiday,Tết Nguyên Đán\n"),
    responses(
        (status = 200, description = "Imported", body = CalendarChangeOut),
        crate::api::responses::AdminOnly,
        (status = 422, description = "`import_rejected`: the report lists every bad line", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/calendar/import")]
pub async fn import_calendar(
    state: web::Data<AppState>,
    _admin: Admin,
    body: web::Bytes,
) -> Result<HttpResponse, Error> {
    let shared = state.clone();
    let out = db_write(&state, move |conn| {
        calendar::import(conn, &shared.calendar, &body)
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Whether a year's days are provisional.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct YearIn {
    /// True until the government announces the year's days off and swaps.
    pub provisional: bool,
}

/// Mark a year official (announced) or provisional (admin).
#[utoipa::path(
    tag = "calendar",
    operation_id = "set_calendar_year",
    security(("bearer" = [])),
    params(("year" = i32, Path, description = "The year, 2000–2100", example = 2027, minimum = 2000, maximum = 2100)),
    request_body(content = YearIn, example = json!({"provisional": false})),
    responses(
        (status = 200, description = "Set", body = YearOut),
        crate::api::responses::AdminOnly,
        (status = 422, description = "A year outside 2000–2100", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/calendar/years/{year}")]
pub async fn set_calendar_year(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<i32>,
    body: web::Json<YearIn>,
) -> Result<HttpResponse, Error> {
    let (year, provisional) = (path.into_inner(), body.provisional);
    let out = db(&state, move |conn| {
        calendar::set_year(conn, year, provisional)
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// A due-date question.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DueQuery {
    /// When the dossier is received (RFC 3339, any offset).
    #[param(example = "2025-01-24T16:30:00+07:00")]
    pub start: DateTime<FixedOffset>,
    /// How many units.
    #[param(example = 3, minimum = 0)]
    pub amount: i64,
    /// `working_days`, `calendar_days` or `working_hours`.
    #[param(example = "working_days")]
    pub unit: String,
}

/// Compute a due date (public): when a limit in working days, calendar days or working hours
/// runs out for a dossier received at `start`.
#[utoipa::path(
    tag = "calendar",
    operation_id = "compute_due_date",
    params(DueQuery),
    responses(
        (status = 200, description = "The due date", body = DueOut),
        (status = 400, description = "A parameter is missing or unreadable", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad unit or amount", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/calendar/due-date")]
pub async fn compute_due_date(
    state: web::Data<AppState>,
    query: Query<DueQuery>,
) -> Result<HttpResponse, Error> {
    let query = query.into_inner();
    let shared = state.clone();
    let out = db(&state, move |conn| {
        calendar::due_date(
            conn,
            &shared.calendar,
            query.start.with_timezone(&Utc),
            query.amount,
            &query.unit,
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}
