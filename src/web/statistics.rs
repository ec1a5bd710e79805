//! The public service statistics: each office's on-time rate and volumes this year and this
//! quarter, satisfaction, and the Decision 766 indicators. Counts only.

use actix_web::HttpResponse;
use maud::{Markup, html};

use super::context::Ctx;
use super::format::{self, grouped};
use super::i18n::{Lang, args};
use super::layout;
use crate::domain::report::Counts;
use crate::error::Error;
use crate::service::site::statistics::{self, OfficeFigures};

fn on_time(c: &Counts) -> (i64, i64) {
    (
        (c.resolved_early + c.resolved_on_time) as i64,
        c.resolved_total as i64,
    )
}

fn cells(ctx: &Ctx, c: &Counts) -> Markup {
    let (good, all) = on_time(c);
    html! {
        td.num { (grouped(c.received_total as i64)) }
        td.num { (grouped(c.resolved_total as i64)) }
        td.num { (format::percent(ctx, good, all)) }
        td.num { (format::percent(ctx, c.satisfied as i64, c.rated as i64)) }
    }
}

fn table(ctx: &Ctx, caption: &str, rows: &[(&str, Counts)], total: &Counts) -> Markup {
    html! {
        div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("table-scroll")) {
            table.table {
                caption { (caption) }
                thead { tr {
                    th scope="col" { (ctx.t("stats-office")) }
                    th.num scope="col" { (ctx.t("stats-received")) }
                    th.num scope="col" { (ctx.t("stats-resolved")) }
                    th.num scope="col" { (ctx.t("stats-on-time")) }
                    th.num scope="col" { (ctx.t("stats-satisfied")) }
                } }
                tbody {
                    @for (name, c) in rows {
                        tr { th scope="row" { (name) } (cells(ctx, c)) }
                    }
                }
                tfoot { tr { th scope="row" { (ctx.t("stats-total")) } (cells(ctx, total)) } }
            }
        }
    }
}

/// `GET /statistics`.
pub async fn statistics(ctx: Ctx) -> Result<HttpResponse, Error> {
    let figures = statistics::statistics(&ctx.state).await?;
    let year_rows: Vec<(&str, Counts)> = figures
        .offices
        .iter()
        .map(|o: &OfficeFigures| (o.name.as_str(), o.year))
        .collect();
    let quarter_rows: Vec<(&str, Counts)> = figures
        .offices
        .iter()
        .map(|o| (o.name.as_str(), o.quarter))
        .collect();
    let (good, all) = on_time(&figures.total_year);
    let period = |p: &crate::domain::report::Period| {
        format!("{} – {}", format::date(p.from), format::date(p.to))
    };
    let main = html! {
        (layout::breadcrumbs(&ctx, &[("/", &ctx.t("nav-home")), ("", &ctx.t("nav-statistics"))]))
        h1.heading-xl { (ctx.t("stats-title")) }
        p.lead { (ctx.t("stats-lead")) }
        div.grid.grid-2 {
            div.panel {
                h2.heading-m { (ctx.t("stats-on-time")) }
                p.heading-xl { (format::percent(&ctx, good, all)) }
                p.muted { (ctx.t_args("stats-on-time-of", &args(&[("good", grouped(good).into()), ("all", grouped(all).into())]))) }
            }
            div.panel {
                h2.heading-m { (ctx.t("stats-satisfied")) }
                p.heading-xl { (format::percent(&ctx, figures.total_year.satisfied as i64, figures.total_year.rated as i64)) }
                p.muted { (ctx.t_args("stats-rated-of", &args(&[("rated", grouped(figures.total_year.rated as i64).into())]))) }
            }
        }
        h2.heading-l { (ctx.t_args("stats-year", &args(&[("year", figures.year.from.format("%Y").to_string().into())]))) }
        p.muted { (period(&figures.year)) }
        @if year_rows.is_empty() { p { (ctx.t("stats-none")) } }
        @else { (table(&ctx, &ctx.t("stats-by-office"), &year_rows, &figures.total_year)) }
        h2.heading-l { (ctx.t_args("stats-quarter", &args(&[("quarter", figures.quarter_no.into())]))) }
        p.muted { (period(&figures.quarter)) }
        @if quarter_rows.is_empty() { p { (ctx.t("stats-none")) } }
        @else { (table(&ctx, &ctx.t("stats-by-office"), &quarter_rows, &figures.total_quarter)) }
        @for unit in &figures.units {
            h2.heading-l { (ctx.t("stats-766-title")) }
            p { (unit.name) " · " (period(&figures.year)) }
            div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("table-scroll")) {
                table.table {
                    caption.visually-hidden { (ctx.t("stats-766-title")) }
                    thead { tr {
                        th scope="col" { (ctx.t("stats-indicator")) }
                        th.num scope="col" { (ctx.t("stats-value")) }
                        th.num scope="col" { (ctx.t("stats-inputs")) }
                    } }
                    tbody {
                        @for i in &unit.indicators {
                            tr {
                                th scope="row" { (match ctx.lang { Lang::Vi => i.name_vi, Lang::En => i.name_en }) }
                                td.num { (format::percent(&ctx, i.ratio.numerator as i64, i.ratio.denominator as i64)) }
                                td.num { (grouped(i.ratio.numerator as i64)) " / " (grouped(i.ratio.denominator as i64)) }
                            }
                        }
                    }
                }
            }
        }
        p.muted { (ctx.t("stats-note")) }
    };
    Ok(layout::page(&ctx, &ctx.t("stats-title"), main))
}
