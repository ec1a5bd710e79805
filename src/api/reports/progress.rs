//! `GET /reports/reform-progress`: the reform bulletin's figures for a unit on a date.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{ReportFormat, file};
use crate::api::access::Caller;
use crate::api::query::Query;
use crate::domain::progress::{Figure, ReformProgress, percent};
use crate::domain::unit::UnitLevel;
use crate::error::{Error, Problem};
use crate::i18n::Lang;
use crate::reports::progress::{self as report, ProgressReport};
use crate::service::reports::progress;
use crate::state::{AppState, db};

/// Which unit, which day, which format.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProgressQuery {
    /// GSO code of the unit (province, district or commune).
    #[param(example = "980")]
    pub unit: String,
    /// The date the figures are taken at (default: today).
    #[param(example = "2020-06-09")]
    pub date: Option<NaiveDate>,
    /// `json`, `csv` or `xlsx`; without it, the `Accept` header decides (default JSON).
    pub format: Option<ReportFormat>,
}

/// The unit a report is about.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProgressUnit {
    /// GSO code.
    #[schema(example = "980")]
    pub code: String,
    /// Name with its kind, as it was that day.
    #[schema(example = "Huyện An Lạc")]
    pub name: String,
    /// Level.
    pub level: UnitLevel,
}

/// One figure as people read it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProgressLine {
    /// Stable key (`desks_commune`, `published`, `legacy_level_2`, …).
    #[schema(example = "desks_commune")]
    pub key: String,
    /// Label in the response's language (Vietnamese; English with `Accept-Language: en`).
    #[schema(example = "Xã có bộ phận một cửa hiện đại hoạt động")]
    pub label: String,
    /// `18/18` for a ratio, the count otherwise.
    #[schema(example = "18/18")]
    pub value: String,
    /// A ratio's numerator.
    pub numerator: Option<u64>,
    /// A ratio's denominator.
    pub denominator: Option<u64>,
    /// A ratio's share (0–1).
    pub share: Option<f64>,
    /// A ratio's share as a percentage, for display.
    pub percent: Option<String>,
}

/// The reform-progress report.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReformProgressOut {
    /// The unit.
    pub unit: ProgressUnit,
    /// The date the figures are taken at.
    pub date: NaiveDate,
    /// The figures.
    #[serde(flatten)]
    pub figures: ReformProgress,
    /// The same figures as labelled lines, in reading order.
    pub lines: Vec<ProgressLine>,
}

impl ReformProgressOut {
    fn new(report: ProgressReport, lang: Lang) -> Self {
        let lines = report
            .figures
            .lines()
            .into_iter()
            .map(|line| {
                let (value, numerator, denominator, share) = match line.figure {
                    Figure::Ratio(r) => (
                        format!("{}/{}", r.numerator, r.denominator),
                        Some(r.numerator),
                        Some(r.denominator),
                        r.share,
                    ),
                    Figure::Count(n) => (n.to_string(), None, None, None),
                };
                ProgressLine {
                    key: line.key.to_owned(),
                    label: lang.pick(&line.vi, &line.en).to_owned(),
                    value,
                    numerator,
                    denominator,
                    share,
                    percent: share.map(percent),
                }
            })
            .collect();
        Self {
            unit: ProgressUnit {
                code: report.unit.code.clone(),
                name: report.unit.full_name.clone(),
                level: UnitLevel::from_token(&report.unit.level).unwrap_or(UnitLevel::Commune),
            },
            date: report.date,
            figures: report.figures,
            lines,
        }
    }
}

/// The reform-progress report of a unit on a date.
///
/// Computed from the data at that date: units with a one-stop desk operating ÷ units valid, per
/// tier; procedures published ÷ procedures the unit provides; procedures received at the
/// commune desks and the district centre; the procedures provided split by legacy level (1–4
/// and not classified) and by current online level (full, partial, none and not classified),
/// with totals. Officials see their unit and below; clerks and specialists their office's unit
/// and below; administrators any unit. Formulas: docs/REPORTS.md.
#[utoipa::path(
    tag = "reports",
    operation_id = "get_reform_progress",
    security(("bearer" = [])),
    params(ProgressQuery),
    responses(
        (status = 200, description = "The figures", content(
            (ReformProgressOut = "application/json"),
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, description = "Bad query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The unit is outside the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No unit has this code on that date", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/reform-progress")]
pub async fn get_reform_progress(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    query: Query<ProgressQuery>,
) -> Result<HttpResponse, Error> {
    let query = query.into_inner();
    let on = query.date.unwrap_or_else(crate::domain::today);
    let code = query.unit.trim().to_owned();
    let staff = crate::api::applications::staff_of(&caller);
    let found = db(&state, move |conn| {
        progress::progress(conn, &staff, &code, on)
    })
    .await?;
    let stem = report::file_stem(&found);
    match ReportFormat::choose(query.format, &req) {
        ReportFormat::Json => {
            let lang = crate::api::problem::lang_of(&req);
            Ok(HttpResponse::Ok()
                .insert_header(("Content-Language", lang.tag()))
                .json(ReformProgressOut::new(found, lang)))
        }
        format @ ReportFormat::Csv => Ok(file(
            format,
            &stem,
            report::csv(&found).map_err(Error::internal)?,
        )),
        format @ ReportFormat::Xlsx => Ok(file(
            format,
            &stem,
            report::xlsx(&found).map_err(Error::internal)?,
        )),
    }
}
