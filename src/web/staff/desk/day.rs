//! The office's day: the open-by-code box and the four queues (online applications waiting
//! to be received, supplements back, results ready to return, due today).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;

use super::{application_href, today};
use crate::domain::account::Role;
use crate::domain::application::Status;
use crate::error::{Code, Error};
use crate::service::desk::{self, DAY_ROWS, Day, Item, Listing, PAGE_ROWS, Section};
use crate::state::db;
use crate::web::context::Ctx;
use crate::web::format;
use crate::web::forms::{Errors, error_summary, field_id};
use crate::web::i18n::args;
use crate::web::staff::SignedIn;

/// `GET /staff/desk`.
pub async fn day(signed: SignedIn) -> Result<HttpResponse, Error> {
    signed.require(&[Role::Clerk])?;
    let staff = signed.staff();
    let day = db(&signed.ctx.state, move |conn| {
        desk::day(conn, &staff, today())
    })
    .await?;
    Ok(day_page(&signed, &day, "", &Errors::default()))
}

/// The open-by-code box's query.
#[derive(Debug, Default, Deserialize)]
pub struct OpenQuery {
    #[serde(default)]
    code: String,
}

/// `GET /staff/desk/open?code=`: what a scanner typed (a code, or slip 01's tracking link)
/// opens its application; anything else comes back beside the box.
pub async fn open(signed: SignedIn, query: web::Query<OpenQuery>) -> Result<HttpResponse, Error> {
    signed.require(&[Role::Clerk])?;
    let typed = query.into_inner().code;
    let staff = signed.staff();
    let given = typed.clone();
    let found = db(&signed.ctx.state, move |conn| {
        desk::open(conn, &staff, &given)
    })
    .await;
    match found {
        Ok(code) => Ok(signed.redirect(&application_href(&code))),
        Err(error) => {
            let Some(errors) = Errors::from_error(&error, signed.ctx.lang, |_| None) else {
                return Err(error);
            };
            let staff = signed.staff();
            let day = db(&signed.ctx.state, move |conn| {
                desk::day(conn, &staff, today())
            })
            .await?;
            let mut page = day_page(&signed, &day, &typed, &errors);
            *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(page)
        }
    }
}

/// A queue's page number.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    page: Option<i64>,
}

/// `GET /staff/desk/list/{queue}`: one queue whole, [`PAGE_ROWS`] a page.
pub async fn list(
    signed: SignedIn,
    path: web::Path<String>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, Error> {
    signed.require(&[Role::Clerk])?;
    let section = Section::from_token(&path).ok_or(Error::NotFound(Code::NotFound))?;
    let page = query.page.unwrap_or(1).clamp(1, 10_000);
    let staff = signed.staff();
    let listing = db(&signed.ctx.state, move |conn| {
        desk::section(conn, &staff, section, today(), page)
    })
    .await?;
    let ctx = &signed.ctx;
    let title = ctx.t(&format!("desk-{}-title", section.token()));
    let pages = (listing.total + PAGE_ROWS - 1) / PAGE_ROWS;
    let href = |n: i64| format!("/staff/desk/list/{}?page={n}", section.token());
    let main = html! {
        (crate::web::layout::breadcrumbs(ctx, &[("/staff/desk", &ctx.t("staff-nav-desk")), ("", &title)]))
        h1 { (title) }
        p.lead { (ctx.t_args("desk-count", &args(&[("count", listing.total.into())]))) }
        (table(ctx, &listing))
        @if pages > 1 {
            nav.pagination aria-label=(ctx.t("desk-pages")) {
                ul {
                    @if page > 1 { li { a href=(href(page - 1)) rel="prev" { (ctx.t("desk-previous")) } } }
                    li { (ctx.t_args("desk-page-of", &args(&[("page", page.into()), ("pages", pages.into())]))) }
                    @if page < pages { li { a href=(href(page + 1)) rel="next" { (ctx.t("desk-next")) } } }
                }
            }
        }
    };
    Ok(signed.page(&title, main))
}

fn day_page(signed: &SignedIn, day: &Day, typed: &str, errors: &Errors) -> HttpResponse {
    let ctx = &signed.ctx;
    let title = ctx.t("desk-title");
    let main = html! {
        (error_summary(ctx, errors))
        span.caption { (day.office_name) " · " (format::date(day.today)) }
        h1 { (title) }
        (open_box(ctx, typed, errors))
        p { a.button.button-secondary href="/staff/desk/intake" { (ctx.t("desk-intake-link")) } }
        @for listing in &day.sections {
            @let token = listing.section.token();
            section.desk-queue aria-labelledby={ "queue-" (token) } {
                h2.heading-m id={ "queue-" (token) } {
                    (ctx.t(&format!("desk-{token}-title")))
                    " " span.count { "(" (listing.total) ")" }
                }
                (table(ctx, listing))
                @if listing.total > DAY_ROWS {
                    p { a href={ "/staff/desk/list/" (token) } {
                        (ctx.t_args("desk-see-all", &args(&[("count", listing.total.into())])))
                    } }
                }
            }
        }
    };
    if errors.is_empty() {
        signed.page(&title, main)
    } else {
        signed.page_with(StatusCode::UNPROCESSABLE_ENTITY, &title, main)
    }
}

/// The box a scanner types into: autofocused, Enter opens.
fn open_box(ctx: &Ctx, typed: &str, errors: &Errors) -> Markup {
    let error = errors.get("code");
    let id = field_id("code");
    let class = if error.is_some() {
        "input width-30 input-error"
    } else {
        "input width-30"
    };
    let described = if error.is_some() {
        "code-hint code-error"
    } else {
        "code-hint"
    };
    html! {
        form.desk-open method="get" action="/staff/desk/open" role="search" {
            div.form-group.form-group-error[error.is_some()] {
                label.label for=(id) { (ctx.t("desk-open-label")) }
                div.hint id="code-hint" { (ctx.t("desk-open-hint")) }
                @if let Some(message) = error {
                    p.error-message id="code-error" {
                        span.visually-hidden { (ctx.t("desk-error-prefix")) " " }
                        (message)
                    }
                }
                div.search-row {
                    input class=(class) id=(id) name="code" type="text" value=(typed)
                        autocomplete="off" autocapitalize="characters" spellcheck="false"
                        autofocus aria-describedby=(described);
                    button.button type="submit" { (ctx.t("desk-open-button")) }
                }
            }
        }
    }
}

fn status_words(ctx: &Ctx, status: i32) -> String {
    Status::from_code(status)
        .map(|s| ctx.lang.pick(s.name_vi(), s.name_en()).to_owned())
        .unwrap_or_default()
}

fn table(ctx: &Ctx, listing: &Listing) -> Markup {
    html! {
        @if listing.items.is_empty() {
            p.hint { (ctx.t("desk-empty")) }
        } @else {
            div.table-wrap {
                table.table.desk-table {
                    thead { tr {
                        th scope="col" { (ctx.t("desk-col-code")) }
                        th scope="col" { (ctx.t("desk-col-procedure")) }
                        th scope="col" { (ctx.t("desk-col-applicant")) }
                        th scope="col" { (ctx.t("desk-col-filed")) }
                        th scope="col" { (ctx.t("desk-col-due")) }
                        @if listing.section == Section::DueToday {
                            th scope="col" { (ctx.t("desk-col-status")) }
                        }
                    } }
                    tbody {
                        @for item in &listing.items { (row(ctx, listing.section, item)) }
                    }
                }
            }
        }
    }
}

fn row(ctx: &Ctx, section: Section, item: &Item) -> Markup {
    html! {
        tr {
            td { a.code href=(application_href(&item.code)) { (item.code) } }
            td { (item.procedure_name) " " span.hint { "(" (item.procedure_code) ")" } }
            td { (item.applicant) }
            td { (format::vn_time(item.submitted_at)) br; span.hint { (ctx.t(&format!("channel-{}", item.channel))) } }
            td { @if let Some(due) = item.due_at { (format::vn_time(due)) } @else { "–" } }
            @if section == Section::DueToday {
                td { (status_words(ctx, item.status)) }
            }
        }
    }
}
