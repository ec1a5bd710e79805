//! `GET /staff/work`: the specialist's worklist, the applications their office handles by
//! due date, each overdue or due within one working day marked in words; filters by status,
//! procedure and field in a GET form (no script needed) and pages of 50.

use actix_web::{HttpResponse, web};
use maud::html;
use serde::Deserialize;

use super::{SignedIn, app_href, status_tag, urgency_tag, urlencode};
use crate::domain::account::Role;
use crate::domain::application::Status;
use crate::error::Error;
use crate::service::work::worklist::{CHOOSABLE, WorkQuery, worklist};
use crate::state::db;
use crate::web::format::{grouped, vn_time};
use crate::web::forms::{Choice, Errors, TextInput, select};
use crate::web::i18n::args;

/// The filters as typed (anything unreadable is ignored rather than refused).
#[derive(Debug, Default, Deserialize)]
pub struct Params {
    #[serde(default)]
    status: String,
    #[serde(default)]
    procedure: String,
    #[serde(default)]
    field: String,
    #[serde(default)]
    page: String,
}

fn some(value: &str) -> Option<String> {
    Some(value.trim().to_owned()).filter(|v| !v.is_empty() && v.len() <= 64)
}

pub async fn page(signed: SignedIn, params: web::Query<Params>) -> Result<HttpResponse, Error> {
    signed.require(&[Role::Specialist, Role::Clerk])?;
    let params = params.into_inner();
    let query = WorkQuery {
        status: params.status.trim().parse().ok(),
        procedure: some(&params.procedure),
        field: some(&params.field),
        page: params.page.trim().parse().unwrap_or(1).clamp(1, 100_000),
    };
    let staff = signed.staff();
    let state = signed.ctx.state.clone();
    let asked = query.clone();
    let list = db(&signed.ctx.state, move |conn| {
        worklist(conn, &state.calendar, &staff, &asked)
    })
    .await?;
    let ctx = &signed.ctx;
    let lang = ctx.lang;
    let any_status = ctx.t("work-filter-status-open");
    let status_labels: Vec<(String, String)> = CHOOSABLE
        .iter()
        .filter_map(|c| Status::try_from(*c).ok())
        .map(|s| {
            (
                s.code().to_string(),
                lang.pick(s.name_vi(), s.name_en()).to_owned(),
            )
        })
        .collect();
    let mut status_choices = vec![Choice {
        value: "",
        label: &any_status,
        hint: None,
    }];
    status_choices.extend(status_labels.iter().map(|(v, l)| Choice {
        value: v,
        label: l,
        hint: None,
    }));
    let any_field = ctx.t("work-filter-field-any");
    let mut field_choices = vec![Choice {
        value: "",
        label: &any_field,
        hint: None,
    }];
    field_choices.extend(list.fields.iter().map(|(code, name)| Choice {
        value: code,
        label: name,
        hint: None,
    }));
    let status_value = query.status.map(|s| s.to_string()).unwrap_or_default();
    let field_value = query.field.clone().unwrap_or_default();
    let procedure_value = query.procedure.clone().unwrap_or_default();
    let link_to = |page: i64| {
        let mut href = format!("/staff/work?page={page}");
        for (name, value) in [
            ("status", &status_value),
            ("procedure", &procedure_value),
            ("field", &field_value),
        ] {
            if !value.is_empty() {
                href.push_str(&format!("&{name}={}", urlencode(value)));
            }
        }
        href
    };
    let field_name = |code: &str| {
        list.fields
            .iter()
            .find(|(c, _)| c == code)
            .map_or(code.to_owned(), |(_, n)| n.clone())
    };
    let errors = Errors::default();
    let title = ctx.t("work-list-title");
    let main = html! {
        h1 { (title) }
        p.lead { (ctx.t("work-list-lead")) }
        form.filters.work-filters method="get" action="/staff/work" {
            h2.heading-m { (ctx.t("work-filters")) }
            div.work-filter-row {
                (select(ctx, "status", &ctx.t("work-filter-status"), None, &status_choices, Some(status_value.as_str()), &errors))
                (TextInput::new("procedure", &ctx.t("work-filter-procedure")).hint(&ctx.t("work-filter-procedure-hint")).value(&procedure_value).width("width-10").errors(ctx, &errors).render())
                (select(ctx, "field", &ctx.t("work-filter-field"), None, &field_choices, Some(field_value.as_str()), &errors))
            }
            button.button.button-secondary type="submit" { (ctx.t("work-filter-apply")) }
            " "
            a href="/staff/work" { (ctx.t("work-filter-clear")) }
        }
        p.result-count aria-live="polite" {
            @if list.more {
                (ctx.t_args("work-count-more", &args(&[("shown", grouped(list.total).into())])))
            } @else {
                (ctx.t_args("work-count", &args(&[("count", list.total.into()), ("shown", grouped(list.total).into())])))
            }
        }
        @if list.items.is_empty() {
            div.callout { p { (ctx.t("work-none")) } }
        } @else {
            div.table-wrap {
                table.table.work-table {
                    caption.visually-hidden { (title) }
                    thead { tr {
                        th scope="col" { (ctx.t("work-col-due")) }
                        th scope="col" { (ctx.t("work-col-code")) }
                        th scope="col" { (ctx.t("work-col-procedure")) }
                        th scope="col" { (ctx.t("work-col-applicant")) }
                        th scope="col" { (ctx.t("work-col-status")) }
                    } }
                    tbody {
                        @for item in &list.items {
                            tr class={ "work-row work-" (item.urgency.as_str()) } {
                                td data-label=(ctx.t("work-col-due")) { div.work-cell {
                                    @match item.due_at {
                                        Some(at) => { (vn_time(at)) },
                                        None => span.muted { (ctx.t("work-no-due")) },
                                    }
                                    @if item.promised_at.is_some() {
                                        br; span.muted { (ctx.t("work-apologized")) }
                                    }
                                    " " (urgency_tag(&signed, item.urgency))
                                } }
                                td data-label=(ctx.t("work-col-code")) { div.work-cell { a href=(app_href(&item.code)) { (item.code) } } }
                                td data-label=(ctx.t("work-col-procedure")) { div.work-cell {
                                    (item.procedure_name)
                                    br; span.muted { (item.procedure_code) " · " (field_name(&item.field_code)) }
                                } }
                                td data-label=(ctx.t("work-col-applicant")) { div.work-cell { (item.applicant) } }
                                td data-label=(ctx.t("work-col-status")) { div.work-cell { (status_tag(&signed, item.status)) } }
                            }
                        }
                    }
                }
            }
            @if list.pages > 1 {
                nav.pagination aria-label=(ctx.t("work-pages")) {
                    @if list.page > 1 {
                        a href=(link_to(list.page - 1)) rel="prev" { "← " (ctx.t("work-previous")) }
                    } @else { span {} }
                    span.muted { (ctx.t_args("work-page-of", &args(&[("page", list.page.into()), ("pages", list.pages.into())]))) }
                    @if list.page < list.pages {
                        a href=(link_to(list.page + 1)) rel="next" { (ctx.t("work-next")) " →" }
                    }
                }
            }
        }
    };
    Ok(signed.page(&title, main))
}
