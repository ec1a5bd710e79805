//! `GET /staff/dashboard`: this month's headline figures (received, resolved, the on-time
//! rate, overdue now) for the official's unit, by office, each linking to the report behind
//! it. The results report's operation for the month so far, by office.

use actix_web::HttpResponse;
use chrono::Datelike;
use maud::{Markup, html};

use super::{ROLES, SignedIn, unit_asked, unit_error};
use crate::domain::report::{Counts, GroupBy, Period, View};
use crate::error::Error;
use crate::service::reports::dashboard::month_start;
use crate::service::reports::results::{self as service, ResultsQuery};
use crate::state::db;
use crate::web::format::{self, grouped};
use crate::web::forms::{self, Errors, TextInput};
use crate::web::i18n::args;

/// One headline figure with what it counts and a link to the report behind it.
fn panel(signed: &SignedIn, label: &str, value: &str, note: &str, href: &str, id: &str) -> Markup {
    html! {
        div.panel.figure-panel #(id) {
            h2.heading-s { (label) }
            p.figure-value { (value) }
            p.muted { (note) }
            p { a href=(href) { (signed.ctx.t("dashboard-see-report")) span.visually-hidden { ": " (label) } } }
        }
    }
}

/// `GET /staff/dashboard[?unit=CODE]`.
pub async fn dashboard(signed: SignedIn) -> Result<HttpResponse, Error> {
    signed.require(&ROLES)?;
    let ctx = &signed.ctx;
    let today = crate::domain::today();
    let period = Period {
        from: month_start(today),
        to: today,
    };
    let unit = unit_asked(&signed);
    let query = ResultsQuery {
        period,
        unit: unit.clone(),
        office: None,
        group_by: GroupBy::Office,
        view: View::AsItWas,
    };
    let staff = signed.staff();
    let state = ctx.state.clone();
    let found = db(&ctx.state, move |conn| {
        service::results(conn, &state.calendar, &staff, &query)
    })
    .await;
    let mut errors = Errors::default();
    let found = match found {
        Ok(found) => Some(found),
        Err(e) => {
            unit_error(&signed, e, &mut errors)?;
            None
        }
    };
    let month_query = {
        let mut q = format!("period=month&year={}&month={}", today.year(), today.month());
        if let Some(u) = ctx.query_param("unit") {
            q.push_str("&unit=");
            q.extend(form_urlencoded::byte_serialize(u.as_bytes()));
        }
        q
    };
    let title = ctx.t("dashboard-title");
    let typed = ctx.query_param("unit").unwrap_or_default();
    let main = html! {
        (forms::error_summary(ctx, &errors))
        h1.heading-xl { (title) }
        @if let Some((_, results, heading)) = &found {
            @let t = &results.total;
            p.lead {
                (heading.issuer.as_deref().unwrap_or(&ctx.t("reports-everything")))
                " · "
                (ctx.t_args("dashboard-period", &args(&[("from", format::date(period.from).into()), ("to", format::date(period.to).into())])))
            }
            div.grid.grid-4.figures {
                (panel(&signed, &ctx.t("dashboard-received"), &grouped((t.new_online + t.new_in_person) as i64),
                    &ctx.t_args("dashboard-received-note", &args(&[("carried", grouped(t.carried_over as i64).into())])),
                    &format!("/staff/reports/results?{month_query}"), "fig-received"))
                (panel(&signed, &ctx.t("dashboard-resolved"), &grouped(t.resolved_total as i64),
                    &ctx.t_args("dashboard-resolved-note", &args(&[("late", grouped(t.resolved_late as i64).into())])),
                    &format!("/staff/reports/results?{month_query}&group_by=field"), "fig-resolved"))
                (panel(&signed, &ctx.t("dashboard-on-time"), &format::percent(ctx, (t.resolved_early + t.resolved_on_time) as i64, t.resolved_with_deadline() as i64),
                    &ctx.t_args("dashboard-on-time-note", &args(&[("good", grouped((t.resolved_early + t.resolved_on_time) as i64).into()), ("all", grouped(t.resolved_with_deadline() as i64).into())])),
                    &format!("/staff/reports/results?{month_query}&group_by=office"), "fig-on-time"))
                (panel(&signed, &ctx.t("dashboard-overdue"), &grouped(t.in_progress_overdue as i64),
                    &ctx.t_args("dashboard-overdue-note", &args(&[("open", grouped(t.in_progress_total as i64).into())])),
                    &format!("/staff/reports/results?{month_query}&group_by=office"), "fig-overdue"))
            }
            h2.heading-l { (ctx.t("dashboard-by-office")) }
            @if results.lines.is_empty() {
                p { (ctx.t("reports-none")) }
            } @else {
                (office_table(&signed, &results.lines, t))
            }
        }
        h2.heading-m { (ctx.t("dashboard-more")) }
        ul.list {
            li { a href={ "/staff/reports/results?" (month_query) } { (ctx.t("staff-nav-results")) } }
            li { a href="/staff/reports/progress" { (ctx.t("staff-nav-progress")) } }
        }
        form.report-picker method="get" action="/staff/dashboard" novalidate {
            (TextInput::new("unit", &ctx.t("reports-unit")).hint(&ctx.t("reports-unit-hint")).value(&typed).width("width-10").errors(ctx, &errors).render())
            (forms::button(&ctx.t("reports-show")))
        }
    };
    Ok(signed.page(&title, main))
}

fn office_table(
    signed: &SignedIn,
    lines: &[crate::reports::results::Line],
    total: &Counts,
) -> Markup {
    let ctx = &signed.ctx;
    let row = |c: &Counts| {
        html! {
            td.num { (grouped((c.new_online + c.new_in_person) as i64)) }
            td.num { (grouped(c.resolved_total as i64)) }
            td.num { (format::percent(ctx, (c.resolved_early + c.resolved_on_time) as i64, c.resolved_with_deadline() as i64)) }
            td.num { (grouped(c.in_progress_overdue as i64)) }
        }
    };
    html! {
        div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("table-scroll")) {
            table.table #by-office {
                caption.visually-hidden { (ctx.t("dashboard-by-office")) }
                thead { tr {
                    th scope="col" { (ctx.t("reports-office")) }
                    th.num scope="col" { (ctx.t("dashboard-received")) }
                    th.num scope="col" { (ctx.t("dashboard-resolved")) }
                    th.num scope="col" { (ctx.t("dashboard-on-time")) }
                    th.num scope="col" { (ctx.t("dashboard-overdue")) }
                } }
                tbody {
                    @for line in lines {
                        tr data-code=(line.code) { th scope="row" { (line.name) } (row(&line.counts)) }
                    }
                }
                tfoot { tr data-code="total" { th scope="row" { (ctx.t("reports-total")) } (row(total)) } }
            }
        }
    }
}
