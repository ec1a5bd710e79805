//! `GET /staff/reports/results`: the results report of a month, quarter or year (as it was or
//! rolled up; by field, office, procedure or unit): the table, three charts each with its
//! data table (on-time rate by office, received and resolved by month, lateness by field),
//! the Decision 766 indicators with their formulas, and the downloads: CSV, the official form
//! Biểu II.06a as XLSX and as a page to print (`/staff/reports/results/print`).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use chrono::Datelike;
use maud::{Markup, html};

use super::charts::{self, Bar, Pair};
use super::period::{self, Picked};
use super::{CSV, ROLES, SignedIn, XLSX, attachment, downloads, link_with, unit_error};
use crate::domain::report::{Counts, Period};
use crate::error::Error;
use crate::reports::form::{self, Style};
use crate::reports::results::{self as report, Line};
use crate::service::reports::dashboard::{self as service, ResultsPage};
use crate::service::reports::results::ResultsQuery;
use crate::state::db;
use crate::web::context::Ctx;
use crate::web::format::{self, grouped};
use crate::web::forms::{self, Errors};
use crate::web::i18n::args;
use crate::web::layout;

/// A column's value.
type Column = fn(&Counts) -> u64;

/// The table's columns: (JSON key, value); the header is `results-col-<key>`.
const COLUMNS: [(&str, Column); 15] = [
    ("received_total", |c| c.received_total),
    ("carried_over", |c| c.carried_over),
    ("new_online", |c| c.new_online),
    ("new_in_person", |c| c.new_in_person),
    ("resolved_total", |c| c.resolved_total),
    ("resolved_early", |c| c.resolved_early),
    ("resolved_on_time", |c| c.resolved_on_time),
    ("resolved_late", |c| c.resolved_late),
    ("resolved_no_deadline", |c| c.resolved_no_deadline),
    ("in_progress_total", |c| c.in_progress_total),
    ("in_progress_on_time", |c| c.in_progress_on_time),
    ("in_progress_overdue", |c| c.in_progress_overdue),
    ("in_progress_no_deadline", |c| c.in_progress_no_deadline),
    ("withdrawn", |c| c.withdrawn),
    ("stopped", |c| c.stopped),
];

/// Reads the pickers and computes the page's figures (none when a picker is wrong).
async fn read(
    signed: &SignedIn,
    errors: &mut Errors,
) -> Result<(Picked, Option<ResultsPage>), Error> {
    let picked = period::read(signed, errors);
    if !errors.is_empty() {
        return Ok((picked, None));
    }
    let query = ResultsQuery {
        period: picked.period(),
        unit: super::unit_asked(signed),
        office: None,
        group_by: picked.group_by,
        view: picked.view,
    };
    let staff = signed.staff();
    let state = signed.ctx.state.clone();
    let found = db(&signed.ctx.state, move |conn| {
        service::results_page(conn, &state.calendar, &staff, &query)
    })
    .await;
    match found {
        Ok(found) => Ok((picked, Some(found))),
        Err(e) => {
            unit_error(signed, e, errors)?;
            Ok((picked, None))
        }
    }
}

fn stamp(p: &Period) -> String {
    format!("{}-{}", p.from.format("%Y%m%d"), p.to.format("%Y%m%d"))
}

/// `GET /staff/reports/results[?period=month|quarter|year&year=&month=&quarter=&group_by=&view=&unit=][&format=csv|xlsx]`.
pub async fn page(signed: SignedIn) -> Result<HttpResponse, Error> {
    signed.require(&ROLES)?;
    let mut errors = Errors::default();
    let (picked, found) = read(&signed, &mut errors).await?;
    let ctx = &signed.ctx;
    if let (Some(found), Some(format)) = (&found, ctx.query_param("format")) {
        let name = format!("ket-qua-{}", stamp(&picked.period()));
        return match format.as_str() {
            "csv" => Ok(attachment(
                CSV,
                &format!("{name}.csv"),
                report::csv(&found.results, picked.group_by, ctx.lang).map_err(Error::internal)?,
            )),
            "xlsx" => Ok(attachment(
                XLSX,
                &format!("{name}.xlsx"),
                form::xlsx(&found.results, picked.group_by, ctx.lang, &found.heading)
                    .map_err(Error::internal)?,
            )),
            _ => Err(Error::field(
                "format",
                "enum",
                "csv hoặc xlsx",
                "csv or xlsx",
            )),
        };
    }
    let title = ctx.t("results-title");
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let main = html! {
        (forms::error_summary(ctx, &errors))
        h1.heading-xl { (title) }
        (period::form(&signed, &picked, &errors))
        @if let Some(found) = &found {
            (body(&signed, &picked, found))
        }
    };
    Ok(signed.page_with(status, &title, main))
}

/// `GET /staff/reports/results/print?…`: Biểu II.06a as a page to print.
pub async fn print(signed: SignedIn) -> Result<HttpResponse, Error> {
    signed.require(&ROLES)?;
    let mut errors = Errors::default();
    let (picked, found) = read(&signed, &mut errors).await?;
    let Some(found) = found else {
        let (field, message) = errors.iter().next().unwrap_or(("period", ""));
        return Err(Error::field(field, "invalid", message, message));
    };
    let ctx = &signed.ctx;
    let back = link_with(&signed, "/staff/reports/results", None);
    let doc = form::document(
        ctx.lang,
        &form::results::title(ctx.lang, &found.heading),
        true,
        Style::Linked {
            href: "/staff/reports/form.css",
            back: &back,
        },
        form::results::body(&found.results, picked.group_by, ctx.lang, &found.heading),
    );
    Ok(layout::respond(ctx, StatusCode::OK, doc))
}

fn on_time(ctx: &Ctx, c: &Counts) -> String {
    format::percent(
        ctx,
        (c.resolved_early + c.resolved_on_time) as i64,
        c.resolved_with_deadline() as i64,
    )
}

fn body(signed: &SignedIn, picked: &Picked, found: &ResultsPage) -> Markup {
    let ctx = &signed.ctx;
    let p = picked.period();
    let t = &found.results.total;
    let scope = found
        .heading
        .issuer
        .clone()
        .unwrap_or_else(|| ctx.t("reports-everything"));
    html! {
        p.lead #report-scope {
            (scope) " · "
            (ctx.t_args("dashboard-period", &args(&[("from", format::date(p.from).into()), ("to", format::date(p.to).into())])))
            " · " (ctx.t(match picked.view { crate::domain::report::View::AsItWas => "reports-view-as-it-was", crate::domain::report::View::RolledUp => "reports-view-rolled-up" }))
        }
        (downloads(signed, &[
            (link_with(signed, "/staff/reports/results", Some("csv")), "reports-csv", "results-csv-hint"),
            (link_with(signed, "/staff/reports/results", Some("xlsx")), "reports-form-xlsx", "results-form-hint"),
            (link_with(signed, "/staff/reports/results/print", None), "reports-print", "reports-print-hint"),
        ]))
        h2.heading-l { (ctx.t("results-table")) }
        (lines_table(signed, picked, &found.results.lines, t))
        p.muted #not-received {
            (ctx.t_args("results-not-received", &args(&[
                ("withdrawn", grouped(t.withdrawn_before_reception as i64).into()),
                ("stopped", grouped(t.stopped_before_reception as i64).into()),
                ("refused", grouped(t.refused as i64).into()),
            ])))
        }
        h2.heading-l { (ctx.t("results-charts")) }
        (office_chart(signed, &found.by_office.lines))
        (month_chart(signed, found))
        (field_chart(signed, &found.by_field.lines))
        (indicators(signed, found))
    }
}

fn lines_table(signed: &SignedIn, picked: &Picked, lines: &[Line], total: &Counts) -> Markup {
    let ctx = &signed.ctx;
    let first = match picked.group_by {
        crate::domain::report::GroupBy::Field => "reports-field",
        crate::domain::report::GroupBy::Office => "reports-office",
        crate::domain::report::GroupBy::Procedure => "reports-procedure",
        crate::domain::report::GroupBy::Unit => "reports-unit-line",
    };
    let cells = |c: &Counts| {
        html! {
            @for (key, value) in COLUMNS {
                td.num data-col=(key) { (grouped(value(c) as i64)) }
            }
            td.num data-col="on_time_rate" { (on_time(ctx, c)) }
        }
    };
    html! {
        div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("table-scroll")) {
            table.table.table-wide #results-lines {
                caption.visually-hidden { (ctx.t("results-table")) }
                thead { tr {
                    th scope="col" { (ctx.t(first)) }
                    @for (key, _) in COLUMNS {
                        th.num scope="col" { (ctx.t(&format!("results-col-{}", key.replace('_', "-")))) }
                    }
                    th.num scope="col" { (ctx.t("results-col-on-time-rate")) }
                } }
                tbody {
                    @for line in lines {
                        tr data-code=(line.code) {
                            th scope="row" { @if line.name.is_empty() { (line.code) } @else { (line.name) } }
                            (cells(&line.counts))
                        }
                    }
                }
                tfoot { tr data-code="total" { th scope="row" { (ctx.t("reports-total")) } (cells(total)) } }
            }
        }
    }
}

/// A chart and its data table side by side (stacked on a phone).
fn chart_block(id: &str, heading: &str, chart: Markup, table: Markup) -> Markup {
    html! {
        section.chart-block aria-labelledby={ (id) "-heading" } {
            h3.heading-m id={ (id) "-heading" } { (heading) }
            div.chart-pair {
                figure.chart { (chart) }
                div.table-wrap.chart-data tabindex="0" role="region" aria-labelledby={ (id) "-heading" } { (table) }
            }
        }
    }
}

fn office_chart(signed: &SignedIn, lines: &[Line]) -> Markup {
    let ctx = &signed.ctx;
    let heading = ctx.t("results-chart-office");
    let bars: Vec<Bar> = lines
        .iter()
        .map(|l| Bar {
            label: l.name.clone(),
            share: l.counts.on_time_rate(),
            value: on_time(ctx, &l.counts),
        })
        .collect();
    let table = html! {
        table.table #chart-office-data {
            thead { tr {
                th scope="col" { (ctx.t("reports-office")) }
                th.num scope="col" { (ctx.t("results-chart-good")) }
                th.num scope="col" { (ctx.t("results-chart-with-deadline")) }
                th.num scope="col" { (ctx.t("results-col-on-time-rate")) }
            } }
            tbody { @for l in lines { tr data-code=(l.code) {
                th scope="row" { (l.name) }
                td.num { (grouped((l.counts.resolved_early + l.counts.resolved_on_time) as i64)) }
                td.num { (grouped(l.counts.resolved_with_deadline() as i64)) }
                td.num { (on_time(ctx, &l.counts)) }
            } } }
        }
    };
    chart_block(
        "chart-office",
        &heading,
        charts::bars(
            "chart-office-svg",
            &heading,
            &ctx.t("results-chart-office-desc"),
            &bars,
        ),
        table,
    )
}

fn month_chart(signed: &SignedIn, found: &ResultsPage) -> Markup {
    let ctx = &signed.ctx;
    let heading = ctx.t("results-chart-months");
    let one_year = found.months.first().map(|m| m.period.from.year())
        == found.months.last().map(|m| m.period.to.year());
    let label = |p: &Period| {
        if one_year {
            p.from.month().to_string()
        } else {
            p.from.format("%m/%y").to_string()
        }
    };
    let pairs: Vec<Pair> = found
        .months
        .iter()
        .map(|m| Pair {
            label: label(&m.period),
            first: m.total.new_online + m.total.new_in_person,
            second: m.total.resolved_total,
        })
        .collect();
    let table = html! {
        table.table #chart-months-data {
            thead { tr {
                th scope="col" { (ctx.t("results-month")) }
                th.num scope="col" { (ctx.t("results-chart-received")) }
                th.num scope="col" { (ctx.t("results-chart-resolved")) }
            } }
            tbody { @for m in &found.months { tr {
                th scope="row" { (month_name(&m.period)) }
                td.num { (grouped((m.total.new_online + m.total.new_in_person) as i64)) }
                td.num { (grouped(m.total.resolved_total as i64)) }
            } } }
        }
    };
    let chart = charts::pairs(
        "chart-months-svg",
        &heading,
        &ctx.t("results-chart-months-desc"),
        (
            &ctx.t("results-chart-received"),
            &ctx.t("results-chart-resolved"),
        ),
        &pairs,
    );
    chart_block("chart-months", &heading, chart, table)
}

/// `11/2026` for a whole month, else its first and last days.
fn month_name(p: &Period) -> String {
    let whole = p.from.day() == 1 && p.to.succ_opt().is_none_or(|next| next.day() == 1);
    if whole {
        p.from.format("%m/%Y").to_string()
    } else {
        format!("{}–{}", format::date(p.from), format::date(p.to))
    }
}

fn field_chart(signed: &SignedIn, lines: &[Line]) -> Markup {
    let ctx = &signed.ctx;
    let heading = ctx.t("results-chart-fields");
    let share = |c: &Counts| {
        let all = c.resolved_with_deadline();
        (all > 0).then(|| c.resolved_late as f64 / all as f64)
    };
    let bars: Vec<Bar> = lines
        .iter()
        .map(|l| Bar {
            label: l.name.clone(),
            share: share(&l.counts),
            value: format::percent(
                ctx,
                l.counts.resolved_late as i64,
                l.counts.resolved_with_deadline() as i64,
            ),
        })
        .collect();
    let table = html! {
        table.table #chart-fields-data {
            thead { tr {
                th scope="col" { (ctx.t("reports-field")) }
                th.num scope="col" { (ctx.t("results-col-resolved-late")) }
                th.num scope="col" { (ctx.t("results-chart-with-deadline")) }
                th.num scope="col" { (ctx.t("results-chart-late-share")) }
                th.num scope="col" { (ctx.t("results-col-in-progress-overdue")) }
            } }
            tbody { @for l in lines { tr data-code=(l.code) {
                th scope="row" { (l.name) }
                td.num { (grouped(l.counts.resolved_late as i64)) }
                td.num { (grouped(l.counts.resolved_with_deadline() as i64)) }
                td.num { (format::percent(ctx, l.counts.resolved_late as i64, l.counts.resolved_with_deadline() as i64)) }
                td.num { (grouped(l.counts.in_progress_overdue as i64)) }
            } } }
        }
    };
    chart_block(
        "chart-fields",
        &heading,
        charts::bars(
            "chart-fields-svg",
            &heading,
            &ctx.t("results-chart-fields-desc"),
            &bars,
        ),
        table,
    )
}

fn indicators(signed: &SignedIn, found: &ResultsPage) -> Markup {
    let ctx = &signed.ctx;
    html! {
        h2.heading-l #indicators-title { (ctx.t("results-766")) }
        @match &found.indicators {
            None => p { (ctx.t("results-766-none")) },
            Some(index) => {
                p.muted { (index.name) " · " (ctx.t("results-766-lead")) }
                div.table-wrap tabindex="0" role="region" aria-labelledby="indicators-title" {
                    table.table #indicators {
                        thead { tr {
                            th scope="col" { (ctx.t("results-766-indicator")) }
                            th scope="col" { (ctx.t("results-766-formula")) }
                            th.num scope="col" { (ctx.t("results-766-numerator")) }
                            th.num scope="col" { (ctx.t("results-766-denominator")) }
                            th.num scope="col" { (ctx.t("results-766-value")) }
                        } }
                        tbody {
                            @for i in &index.indicators {
                                tr data-key=(i.key) {
                                    th scope="row" { (ctx.lang.pick(i.name_vi, i.name_en)) }
                                    td {
                                        code { (i.formula) }
                                        p.hint { (ctx.t("results-766-numerator")) ": " (i.numerator_is) }
                                        p.hint { (ctx.t("results-766-denominator")) ": " (i.denominator_is) }
                                    }
                                    td.num data-col="numerator" { (i.ratio.numerator) }
                                    td.num data-col="denominator" { (i.ratio.denominator) }
                                    td.num { (format::percent(ctx, i.ratio.numerator as i64, i.ratio.denominator as i64)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
