//! `GET /staff/reports/progress`: the reform progress of a unit on a date, read like the
//! bulletin (desks operating per tier, procedures published, received at the commune desks
//! and at the centre, provided by online level with the remainder), the table of every
//! figure, and its downloads: CSV, the XLSX table, the official form as XLSX and as a page to
//! print (`/staff/reports/progress/print`). The JSON reform-progress report's operation.

use actix_web::HttpResponse;
use chrono::NaiveDate;
use maud::{Markup, html};

use super::{CSV, ROLES, SignedIn, XLSX, attachment, downloads, link_with, unit_asked, unit_error};
use crate::domain::progress::{Figure, ReformProgress, percent};
use crate::domain::unit::UnitLevel;
use crate::error::Error;
use crate::reports::form::{Style, progress as form};
use crate::reports::progress::{self as report, ProgressReport};
use crate::service::reports::progress as service;
use crate::state::db;
use crate::web::format::{self, grouped};
use crate::web::forms::{self, Errors, TextInput};
use crate::web::i18n::args;
use crate::web::layout;

/// Reads the date and unit, and computes the report (none when a field is wrong or no unit
/// is named).
async fn read(
    signed: &SignedIn,
    errors: &mut Errors,
) -> Result<(NaiveDate, Option<ProgressReport>), Error> {
    let ctx = &signed.ctx;
    let date = match ctx.query_param("date") {
        None => crate::domain::today(),
        Some(text) => match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(d) if (1900..=9999).contains(&chrono::Datelike::year(&d)) => d,
            _ => {
                errors.add("date", ctx.t("reports-date-invalid"));
                crate::domain::today()
            }
        },
    };
    let Some(unit) = unit_asked(signed) else {
        if errors.is_empty() && ctx.query_param("date").is_some() {
            errors.add("unit", ctx.t("reports-unit-missing"));
        }
        return Ok((date, None));
    };
    if !errors.is_empty() {
        return Ok((date, None));
    }
    let staff = signed.staff();
    match db(&ctx.state, move |conn| {
        service::progress(conn, &staff, &unit, date)
    })
    .await
    {
        Ok(found) => Ok((date, Some(found))),
        Err(e) => {
            unit_error(signed, e, errors)?;
            Ok((date, None))
        }
    }
}

/// `GET /staff/reports/progress[?unit=CODE][&date=YYYY-MM-DD][&format=csv|xlsx|form]`.
pub async fn page(signed: SignedIn) -> Result<HttpResponse, Error> {
    signed.require(&ROLES)?;
    let mut errors = Errors::default();
    let (date, found) = read(&signed, &mut errors).await?;
    let ctx = &signed.ctx;
    if let (Some(found), Some(format)) = (&found, ctx.query_param("format")) {
        let stem = report::file_stem(found);
        return match format.as_str() {
            "csv" => Ok(attachment(
                CSV,
                &format!("{stem}.csv"),
                report::csv(found).map_err(Error::internal)?,
            )),
            "xlsx" => Ok(attachment(
                XLSX,
                &format!("{stem}.xlsx"),
                report::xlsx(found).map_err(Error::internal)?,
            )),
            "form" => Ok(attachment(
                XLSX,
                &format!("{stem}-bieu-mau.xlsx"),
                form::xlsx(found, ctx.lang, &form::heading_of(found)).map_err(Error::internal)?,
            )),
            _ => Err(Error::field(
                "format",
                "enum",
                "csv, xlsx hoặc form",
                "csv, xlsx or form",
            )),
        };
    }
    let title = ctx.t("progress-title");
    let typed = ctx.query_param("unit").unwrap_or_default();
    let date_text = date.format("%Y-%m-%d").to_string();
    let main = html! {
        (forms::error_summary(ctx, &errors))
        h1.heading-xl { (title) }
        form.report-picker.no-print method="get" action="/staff/reports/progress" novalidate {
            div.picker-row {
                (TextInput::new("date", &ctx.t("reports-date")).hint(&ctx.t("reports-date-hint")).value(&date_text).kind("date").width("width-10").errors(ctx, &errors).render())
                (TextInput::new("unit", &ctx.t("reports-unit")).hint(&ctx.t("reports-unit-hint")).value(&typed).width("width-10").errors(ctx, &errors).render())
            }
            (forms::button(&ctx.t("reports-show")))
        }
        @if let Some(found) = &found {
            p.lead { (found.unit.full_name) " · " (ctx.t_args("progress-on", &args(&[("date", format::date(found.date).into())]))) }
            (bulletin(&signed, &found.figures))
            (downloads(&signed, &[
                (link_with(&signed, "/staff/reports/progress", Some("csv")), "reports-csv", "progress-csv-hint"),
                (link_with(&signed, "/staff/reports/progress", Some("xlsx")), "reports-xlsx", "progress-xlsx-hint"),
                (link_with(&signed, "/staff/reports/progress", Some("form")), "reports-form-xlsx", "progress-form-hint"),
                (link_with(&signed, "/staff/reports/progress/print", None), "reports-print", "reports-print-hint"),
            ]))
            (table(&signed, found))
        }
    };
    Ok(signed.page(&title, main))
}

/// `GET /staff/reports/progress/print?…`: the official form as a page to print.
pub async fn print(signed: SignedIn) -> Result<HttpResponse, Error> {
    signed.require(&ROLES)?;
    let mut errors = Errors::default();
    let (_, found) = read(&signed, &mut errors).await?;
    let Some(found) = found else {
        return Err(errors
            .iter()
            .next()
            .map(|(f, m)| Error::field(f, "invalid", m, m))
            .unwrap_or(Error::field(
                "unit",
                "required",
                "chọn đơn vị",
                "choose a unit",
            )));
    };
    let ctx = &signed.ctx;
    let back = link_with(&signed, "/staff/reports/progress", None);
    let doc = form::html(
        &found,
        ctx.lang,
        &form::heading_of(&found),
        Style::Linked {
            href: "/staff/reports/form.css",
            back: &back,
        },
    );
    Ok(layout::respond(ctx, actix_web::http::StatusCode::OK, doc))
}

fn tier_key(tier: UnitLevel) -> &'static str {
    match tier {
        UnitLevel::Commune => "progress-desks-commune",
        UnitLevel::District => "progress-desks-district",
        UnitLevel::Province => "progress-desks-province",
    }
}

fn share(ctx: &crate::web::context::Ctx, n: u64, d: u64) -> String {
    format::percent(ctx, n as i64, d as i64)
}

/// The figures as the bulletin's sentences.
fn bulletin(signed: &SignedIn, f: &ReformProgress) -> Markup {
    let ctx = &signed.ctx;
    let o = &f.online_levels;
    let l = &f.legacy_levels;
    let c = &f.commune_desks;
    let d = &f.district_centers;
    let n = |v: u64| grouped(v as i64);
    html! {
        section.bulletin aria-labelledby="bulletin-title" {
            h2 #bulletin-title.heading-l { (ctx.t("progress-bulletin")) }
            ul.bulletin-list {
                @for desk in &f.desks {
                    li { (ctx.t_args(tier_key(desk.tier), &args(&[
                        ("num", n(desk.ratio.numerator).into()),
                        ("den", n(desk.ratio.denominator).into()),
                        ("share", share(ctx, desk.ratio.numerator, desk.ratio.denominator).into()),
                    ]))) }
                }
                li { (ctx.t_args("progress-published", &args(&[
                    ("num", n(f.published.numerator).into()),
                    ("den", n(f.published.denominator).into()),
                    ("share", share(ctx, f.published.numerator, f.published.denominator).into()),
                ]))) }
                li { (ctx.t_args("progress-received-commune", &args(&[
                    ("count", n(c.procedures).into()),
                    ("desks", n(c.desks).into()),
                    ("min", n(c.per_desk_min.unwrap_or(0)).into()),
                    ("max", n(c.per_desk_max.unwrap_or(0)).into()),
                ]))) }
                li { (ctx.t_args("progress-received-district", &args(&[
                    ("count", n(d.procedures).into()),
                    ("desks", n(d.desks).into()),
                ]))) }
                li { (ctx.t_args("progress-online", &args(&[
                    ("total", n(o.total).into()),
                    ("full", n(o.full).into()),
                    ("partial", n(o.partial).into()),
                    ("online", n(o.full + o.partial).into()),
                    ("share", share(ctx, o.full + o.partial, o.total).into()),
                    ("none", n(o.none).into()),
                    ("rest", n(o.not_classified).into()),
                ]))) }
                li { (ctx.t_args("progress-legacy", &args(&[
                    ("total", n(l.total).into()),
                    ("l1", n(l.level_1).into()),
                    ("l2", n(l.level_2).into()),
                    ("l3", n(l.level_3).into()),
                    ("l4", n(l.level_4).into()),
                    ("rest", n(l.not_classified).into()),
                ]))) }
            }
        }
    }
}

/// Every figure, as the JSON's lines: label, value, numerator, denominator, share.
fn table(signed: &SignedIn, found: &ProgressReport) -> Markup {
    let ctx = &signed.ctx;
    html! {
        h2.heading-l { (ctx.t("progress-table")) }
        div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("table-scroll")) {
            table.table #progress-lines {
                caption.visually-hidden { (ctx.t("progress-table")) }
                thead { tr {
                    th scope="col" { (ctx.t("progress-indicator")) }
                    th.num scope="col" { (ctx.t("progress-value")) }
                    th.num scope="col" { (ctx.t("progress-share")) }
                } }
                tbody {
                    @for line in found.figures.lines() {
                        tr data-key=(line.key) {
                            th scope="row" { (ctx.lang.pick(&line.vi, &line.en)) }
                            @match line.figure {
                                Figure::Ratio(r) => {
                                    td.num { (r.numerator) "/" (r.denominator) }
                                    td.num { (r.share.map(|s| format!("{} %", percent(s))).unwrap_or_else(|| "–".to_owned())) }
                                }
                                Figure::Count(c) => {
                                    td.num { (c) }
                                    td.num { }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
