//! `GET /reports/index-766`: the Decision 766/QĐ-TTg indicators the data supports.

use actix_web::{HttpResponse, get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::access::Caller;
use crate::api::query::Query;
use crate::error::{Error, Problem};
use crate::service::reports::index766::{self, IndexOut};
use crate::state::{AppState, db};

/// The indicators' parameters.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct IndexQuery {
    /// A unit's GSO code (it and every unit under it).
    pub unit: String,
    /// The period's first day.
    pub from: NaiveDate,
    /// Its last day; the catalog figures are taken on this day.
    pub to: NaiveDate,
}

/// Decision 766/QĐ-TTg indicators.
///
/// The indicators of service to citizens and businesses that the data supports, for a unit
/// and a period: procedures published, applications resolved on time, applications in
/// progress within their time, procedures offered online (full or partial) and fully online,
/// applications filed online, and applicants satisfied. Each comes with its formula, what its
/// numerator and denominator count, and their values (docs/REPORTS.md). Access as for the
/// reform-progress report.
#[utoipa::path(
    tag = "reports",
    operation_id = "get_decision_indicators",
    security(("bearer" = [])),
    params(IndexQuery),
    responses(
        (status = 200, description = "The indicators", body = IndexOut),
        (status = 400, description = "Bad query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The unit is outside the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No unit has this code on the period's last day", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`from` after `to`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/index-766")]
pub async fn get_index_766(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<IndexQuery>,
) -> Result<HttpResponse, Error> {
    let query = query.into_inner();
    let staff = crate::api::applications::staff_of(&caller);
    let shared = state.clone();
    let out = db(&state, move |conn| {
        index766::index_766(
            conn,
            &shared.calendar,
            &staff,
            &query.unit,
            query.from,
            query.to,
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}
