//! `GET /reports/index-766`: the Decision 766/QĐ-TTg indicators the data supports.

use actix_web::{HttpResponse, get, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::check_period;
use super::progress::may_see;
use crate::api::access::Caller;
use crate::api::query::Query;
use crate::db::{offices, read_snapshot, units};
use crate::domain::account::Binding;
use crate::domain::index766::{Indicator, indicators};
use crate::domain::report::{GroupBy, Period};
use crate::error::{Code, Error, Problem};
use crate::reports::progress as progress_report;
use crate::reports::results::{self as results_report, Selection};
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

/// The indicators of a unit over a period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndexOut {
    /// The unit's GSO code.
    pub unit: String,
    /// Its name on the period's last day.
    pub name: String,
    /// The period's first day.
    pub from: NaiveDate,
    /// Its last day.
    pub to: NaiveDate,
    /// The indicators, each with its formula and inputs.
    pub indicators: Vec<Indicator>,
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
    check_period(query.from, query.to)?;
    let app_state = state.clone();
    let out = db(&state, move |conn| {
        read_snapshot(conn, |conn| {
            let code = query.unit.trim().to_owned();
            if units::find_valid_on(conn, &code, query.to)?.is_none() {
                return Err(Error::NotFound(Code::UnitNotFound));
            }
            if !may_see(conn, &caller.binding, &code, query.to)? {
                return Err(Error::Forbidden);
            }
            // The application counts follow the results report's scope: an official's own tree,
            // a clerk's or specialist's own office.
            let (within, office_id) = match &caller.binding {
                Binding::Admin => (None, None),
                Binding::Unit { unit_code } => (Some(units::subtree_ids(conn, unit_code)?), None),
                Binding::Office { office_code, .. } => (
                    None,
                    Some(offices::find_id_by_code(conn, office_code)?.ok_or(Error::Forbidden)?),
                ),
            };
            let progress = progress_report::compute(conn, &code, query.to)?
                .ok_or(Error::NotFound(Code::UnitNotFound))?;
            let calendar = app_state.calendar.current(conn)?;
            let selection = Selection {
                period: Period {
                    from: query.from,
                    to: query.to,
                },
                unit_ids: Some(results_report::unit_ids(
                    conn,
                    &code,
                    None,
                    within.as_deref(),
                )?),
                office_id,
                group_by: GroupBy::Field,
                roll_up: None,
            };
            let results = results_report::results(conn, &calendar, &selection)?;
            Ok(IndexOut {
                unit: code,
                name: progress.unit.full_name.clone(),
                from: query.from,
                to: query.to,
                indicators: indicators(&results.total, &progress.figures),
            })
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}
