//! `GET /reports/results`: the results report as JSON, CSV or XLSX.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{ReportFormat, file};
use crate::api::access::Caller;
use crate::api::query::Query;
use crate::domain::report::{Counts, GroupBy, Period, View};
use crate::error::Error;
use crate::error::Problem;
use crate::reports::form;
use crate::reports::results::{self as report, Results};
use crate::service::reports::results as service;
use crate::state::{AppState, db};

/// The report's parameters.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ResultsQuery {
    /// The period's first day (Vietnam date).
    pub from: NaiveDate,
    /// Its last day.
    pub to: NaiveDate,
    /// A unit's GSO code: it and every unit under it. Officials default to their unit.
    pub unit: Option<String>,
    /// An office's agency code: the applications it received. Clerks and specialists
    /// always get their own office.
    pub office: Option<String>,
    /// `unit`, `office`, `field` (default) or `procedure`.
    pub group_by: Option<GroupBy>,
    /// `as_it_was` (default): the units of the time; `rolled_up`: today's units.
    pub view: Option<View>,
    /// `json`, `csv`, `xlsx` (the official form, set up for printing) or `html` (the form as
    /// a page to print); without it, the `Accept` header decides between the first three.
    pub format: Option<ResultsFormat>,
}

/// The files the results report comes as: the report's formats and a page to print.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ResultsFormat {
    /// JSON (the default).
    Json,
    /// CSV, UTF-8, the figures with codes and names.
    Csv,
    /// The official form (Biểu II.06a) as a workbook set up for A4 landscape.
    Xlsx,
    /// The official form as an HTML page with a print stylesheet.
    Html,
}

impl ResultsFormat {
    /// `format=` when given, else what `Accept` names (JSON, CSV or XLSX).
    fn choose(asked: Option<Self>, req: &HttpRequest) -> Self {
        let as_report = |f: Self| match f {
            Self::Json => Some(ReportFormat::Json),
            Self::Csv => Some(ReportFormat::Csv),
            Self::Xlsx => Some(ReportFormat::Xlsx),
            Self::Html => None,
        };
        match asked {
            Some(Self::Html) => Self::Html,
            asked => match ReportFormat::choose(asked.and_then(as_report), req) {
                ReportFormat::Json => Self::Json,
                ReportFormat::Csv => Self::Csv,
                ReportFormat::Xlsx => Self::Xlsx,
            },
        }
    }
}

/// A line's or the total's columns (domain.md §5) and the figures derived from them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CountsOut {
    /// The counts.
    #[serde(flatten)]
    pub counts: Counts,
    /// (Early + on time) ÷ resolved.
    pub on_time_rate: Option<f64>,
    /// New online ÷ all new.
    pub online_share: Option<f64>,
    /// Average office time from reception to resolution, in working days.
    pub average_working_days: Option<f64>,
    /// Satisfied ÷ rated.
    pub satisfaction_share: Option<f64>,
    /// Resolved + in progress + withdrawn + stopped: equal to `received_total`.
    pub outcomes_total: u64,
    /// Never received: withdrawn or stopped before reception, or refused at it (shown apart
    /// from the table's rows).
    pub not_received_total: u64,
}

impl CountsOut {
    fn of(results: &Results, c: &Counts) -> Self {
        Self {
            counts: *c,
            on_time_rate: c.on_time_rate(),
            online_share: c.online_share(),
            average_working_days: results.average_working_days(c),
            satisfaction_share: c.satisfaction_share(),
            outcomes_total: c.outcomes_total(),
            not_received_total: c.not_received_total(),
        }
    }
}

/// One line.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LineOut {
    /// The unit's GSO code, the office's agency code, or the field's or procedure's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its columns.
    #[serde(flatten)]
    pub counts: CountsOut,
}

/// The results report.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResultsOut {
    /// The period's first day.
    pub from: NaiveDate,
    /// Its last day.
    pub to: NaiveDate,
    /// The unit reported on (GSO code), if any.
    pub unit: Option<String>,
    /// The office reported on (agency code), if any.
    pub office: Option<String>,
    /// What the lines are.
    pub group_by: GroupBy,
    /// Units of the time or today's.
    pub view: View,
    /// The lines, by code.
    pub lines: Vec<LineOut>,
    /// Every line together.
    pub total: CountsOut,
}

/// The results report (Biểu II.06a style).
///
/// For the days `from`–`to` and a unit (with every unit under it) or an office: one line per
/// unit, office, field or procedure, with the total. Received = new online + new in person
/// or postal + carried over; resolved early, on time or late against the due date's day (an
/// apology makes it late); in progress on time or overdue at the period's end; withdrawn,
/// stopped and refused apart; the on-time rate, online share, average resolution time in
/// working days and satisfaction share. `view=rolled_up` counts the applications of units
/// that have since merged or split with today's units. Officials see their unit and below,
/// clerks and specialists their office, administrators everything.
#[utoipa::path(
    tag = "reports",
    operation_id = "get_results_report",
    security(("bearer" = [])),
    params(ResultsQuery),
    responses(
        (status = 200, description = "The report", content(
            (ResultsOut = "application/json"),
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "text/html"),
        )),
        (status = 400, description = "A bad query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Outside the caller's unit or office", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown unit or office", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`from` after `to`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/results")]
pub async fn get_results_report(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    query: Query<ResultsQuery>,
) -> Result<HttpResponse, Error> {
    let query = query.into_inner();
    let format = ResultsFormat::choose(query.format, &req);
    let lang = crate::api::problem::lang_of(&req);
    let group_by = query.group_by.unwrap_or(GroupBy::Field);
    let view = query.view.unwrap_or_default();
    let period = Period {
        from: query.from,
        to: query.to,
    };
    let staff = crate::api::applications::staff_of(&caller);
    let shared = state.clone();
    let asked = service::ResultsQuery {
        period,
        unit: query.unit.clone(),
        office: query.office.clone(),
        group_by,
        view,
    };
    let (scoped, results, heading) = db(&state, move |conn| {
        service::results(conn, &shared.calendar, &staff, &asked)
    })
    .await?;
    let unit = scoped.unit.map(|(code, _)| code);
    let office = scoped.office.map(|(code, _)| code);
    let stamp = format!(
        "{}-{}",
        period.from.format("%Y%m%d"),
        period.to.format("%Y%m%d")
    );
    match format {
        ResultsFormat::Json => Ok(HttpResponse::Ok().json(ResultsOut {
            from: period.from,
            to: period.to,
            unit,
            office,
            group_by,
            view,
            lines: results
                .lines
                .iter()
                .map(|l| LineOut {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    counts: CountsOut::of(&results, &l.counts),
                })
                .collect(),
            total: CountsOut::of(&results, &results.total),
        })),
        ResultsFormat::Csv => Ok(file(
            ReportFormat::Csv,
            &format!("ket-qua-{stamp}"),
            report::csv(&results, group_by, lang).map_err(Error::internal)?,
        )),
        ResultsFormat::Xlsx => Ok(file(
            ReportFormat::Xlsx,
            &format!("ket-qua-{stamp}"),
            form::xlsx(&results, group_by, lang, &heading).map_err(Error::internal)?,
        )),
        ResultsFormat::Html => Ok(HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(form::html(&results, group_by, lang, &heading).into_string())),
    }
}
