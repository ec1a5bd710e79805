//! `GET /staff/applications/{code}`: one application for a clerk or specialist of an office
//! that receives or handles it: its facts, applicant, procedure and due date (marked when
//! overdue or due within one working day), the documents and uploaded files, the slips, the
//! actions this viewer may take now (each a form of its own) and the history.

use actix_web::{HttpResponse, web};
use maud::{Markup, html};

use super::{SignedIn, action_href, app_href, status_tag, urgency_tag, urlencode};
use crate::domain::account::Role;
use crate::domain::application::{Action, IdKind, Outcome, Status};
use crate::error::Error;
use crate::service::applications::views::EventOut;
use crate::service::work::page::{ApplicationPage, application_page};
use crate::state::db;
use crate::web::format::{channel, grouped, vn_time, vnd};

/// Reads an application's page for the signed-in clerk or specialist.
pub(super) async fn read(signed: &SignedIn, code: &str) -> Result<ApplicationPage, Error> {
    let staff = signed.staff();
    let state = signed.ctx.state.clone();
    let code = code.trim().to_owned();
    db(&signed.ctx.state, move |conn| {
        application_page(conn, &state.calendar, &staff, &code)
    })
    .await
}

pub async fn page(signed: SignedIn, path: web::Path<String>) -> Result<HttpResponse, Error> {
    signed.require(&[Role::Clerk, Role::Specialist])?;
    let page = read(&signed, &path.into_inner()).await?;
    let title = page.app.application.code.clone();
    let main = render(&signed, &page);
    Ok(signed.page(&title, main))
}

fn row(label: &str, value: Markup) -> Markup {
    html! { div.summary-row { dt { (label) } dd { (value) } } }
}

fn id_kind(signed: &SignedIn, kind: IdKind) -> String {
    signed.ctx.t(match kind {
        IdKind::CitizenId => "apply-id-citizen",
        IdKind::Passport => "apply-id-passport",
        IdKind::TaxCode => "apply-id-tax",
    })
}

/// An action's name.
pub(super) fn action_name(signed: &SignedIn, action: &str) -> String {
    signed
        .ctx
        .t(&format!("work-action-{}", action.replace('_', "-")))
}

/// The status of a code, in words.
fn status_name(signed: &SignedIn, code: i32) -> String {
    Status::try_from(code).map_or_else(
        |_| code.to_string(),
        |s| signed.ctx.lang.pick(s.name_vi(), s.name_en()).to_owned(),
    )
}

fn render(signed: &SignedIn, page: &ApplicationPage) -> Markup {
    let ctx = &signed.ctx;
    let app = &page.app.application;
    let status = Status::try_from(app.status.code).unwrap_or(Status::Submitted);
    let office = |code: &str| {
        page.office_names
            .get(code)
            .map_or_else(|| code.to_owned(), |name| format!("{name} ({code})"))
    };
    let back = match signed.role() {
        Role::Specialist => ("/staff/work", ctx.t("staff-nav-work")),
        _ => ("/staff/desk", ctx.t("staff-nav-desk")),
    };
    html! {
        (crate::web::layout::breadcrumbs(ctx, &[(back.0, back.1.as_str()), ("", app.code.as_str())]))
        span.caption { (ctx.t("work-app-caption")) }
        h1.work-code { (app.code) }
        p.work-status {
            (status_tag(signed, status)) " " (urgency_tag(signed, page.urgency))
        }
        (actions(signed, page))
        h2 { (ctx.t("work-app-facts")) }
        dl.summary-list {
            (row(&ctx.t("work-app-procedure"), html! { (app.procedure_name) br; span.muted { (app.procedure_code) " · " (ctx.t("work-app-version")) " " (app.procedure_version) } }))
            (row(&ctx.t("work-app-field"), html! { (page.field_name.clone().unwrap_or_else(|| app.field_code.clone())) }))
            (row(&ctx.t("work-app-channel"), html! { (channel(ctx, app.channel)) }))
            (row(&ctx.t("work-app-receiving"), html! { (office(&app.receiving_office)) }))
            (row(&ctx.t("work-app-handling"), html! { (office(&app.handling_office)) }))
            (row(&ctx.t("work-app-submitted"), html! { (vn_time(app.submitted_at)) }))
            @if let Some(at) = app.received_at { (row(&ctx.t("work-app-received"), html! { (vn_time(at)) })) }
            (row(&ctx.t("work-app-due"), html! {
                @match app.due_at {
                    Some(at) => { (vn_time(at)) " " span.muted { (ctx.t("work-vn-time")) } },
                    None => span.muted { (ctx.t(if status.is_open() { "work-app-due-paused" } else { "work-no-due" })) },
                }
                " " (urgency_tag(signed, page.urgency))
            }))
            @if let Some(at) = app.promised_at { (row(&ctx.t("work-app-promised"), html! { (vn_time(at)) })) }
            @if let Some(at) = app.resolved_at { (row(&ctx.t("work-app-resolved"), html! { (vn_time(at)) })) }
            @if let Some(outcome) = app.outcome { (row(&ctx.t("work-app-outcome"), html! { (ctx.t(&format!("work-outcome-{}", outcome.as_str()))) })) }
            @if let Some(delivery) = app.delivery { (row(&ctx.t("work-app-delivery"), html! { (ctx.t(&format!("work-delivery-{}", delivery.as_str().replace('_', "-")))) })) }
            @if let Some(at) = app.finished_at { (row(&ctx.t("work-app-finished"), html! { (vn_time(at)) })) }
        }
        h2 { (ctx.t("work-app-applicant")) }
        dl.summary-list {
            (row(&ctx.t("work-app-name"), html! { (app.applicant.name) }))
            (row(&id_kind(signed, app.applicant.id_kind), html! { (app.applicant.id_number) }))
            @if let Some(phone) = &app.applicant.phone { (row(&ctx.t("work-app-phone"), html! { (phone) })) }
            @if let Some(email) = &app.applicant.email { (row(&ctx.t("work-app-email"), html! { (email) })) }
            @if let Some(address) = &app.applicant.address { (row(&ctx.t("work-app-address"), html! { (address) })) }
            @if let Some(proxy) = &app.proxy {
                (row(&ctx.t("work-app-proxy"), html! { (proxy.name) " · " (id_kind(signed, proxy.id_kind)) " " (proxy.id_number) }))
            }
        }
        h2 { (ctx.t("work-app-documents")) }
        @if app.documents.is_empty() {
            p.muted { (ctx.t("work-app-documents-none")) }
        } @else {
            div.table-wrap { table.table {
                caption.visually-hidden { (ctx.t("work-app-documents")) }
                thead { tr {
                    th scope="col" { (ctx.t("work-app-document")) }
                    th.num scope="col" { (ctx.t("work-app-originals")) }
                    th.num scope="col" { (ctx.t("work-app-copies")) }
                } }
                tbody { @for d in &app.documents { tr {
                    td { (d.name) } td.num { (d.originals) } td.num { (d.copies) }
                } } }
            } }
        }
        (files(signed, page))
        h2 { (ctx.t("work-app-slips")) }
        ul.list.work-slips {
            @for n in ["01", "02", "03", "04", "05"] {
                li { a href={ (app_href(&app.code)) "/slips/" (n) } { (ctx.t(&format!("work-slip-{n}"))) } }
            }
        }
        h2 { (ctx.t("work-app-history")) }
        ol.timeline {
            @for event in page.app.events.iter().rev() {
                li.work-event { (event_item(signed, event, &office)) }
            }
        }
    }
}

/// The actions this viewer may take now: a link to each one's form.
fn actions(signed: &SignedIn, page: &ApplicationPage) -> Markup {
    let ctx = &signed.ctx;
    let code = &page.app.application.code;
    html! {
        section.panel.work-actions aria-labelledby="actions-title" {
            h2 #actions-title.heading-m { (ctx.t("work-app-actions")) }
            @if page.offered.is_empty() {
                p { (ctx.t("work-app-no-actions")) }
            } @else {
                ul.work-action-list {
                    @for action in &page.offered {
                        li {
                            a.button.button-secondary href=(action_href(code, *action)) { (action_name(signed, action.as_str())) }
                            @if *action == Action::Apologize && page.apologized {
                                " " span.muted { (ctx.t("work-apology-given")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn files(signed: &SignedIn, page: &ApplicationPage) -> Markup {
    let ctx = &signed.ctx;
    let code = &page.app.application.code;
    html! {
        h2 { (ctx.t("work-app-files")) }
        @if page.files.is_empty() {
            p.muted { (ctx.t("work-app-files-none")) }
        } @else {
            div.table-wrap { table.table.work-files {
                caption.visually-hidden { (ctx.t("work-app-files")) }
                thead { tr {
                    th scope="col" { (ctx.t("work-file-what")) }
                    th scope="col" { (ctx.t("work-file-purpose")) }
                    th scope="col" { (ctx.t("work-file-uploaded")) }
                    th scope="col" { (ctx.t("work-file-open")) }
                } }
                tbody { @for file in &page.files {
                    @let href = format!("{}/files/{}", app_href(code), urlencode(&file.id));
                    tr {
                        td {
                            (file.label) br;
                            span.muted {
                                @if file.filename != file.label { (file.filename) " · " }
                                (file.content_type) " · " (grouped((file.size + 1023) / 1024)) " KB"
                            }
                        }
                        td { (ctx.t(&format!("work-purpose-{}", file.purpose.as_str().replace('_', "-")))) }
                        td { (vn_time(file.uploaded_at)) br; span.muted { (ctx.t(&format!("work-by-{}", file.uploaded_by_role))) } }
                        td {
                            a href=(href) { (ctx.t("work-file-view")) span.visually-hidden { " " (file.filename) } }
                            br;
                            a href={ (href) "?download=1" } download { (ctx.t("work-file-download")) span.visually-hidden { " " (file.filename) } }
                        }
                    }
                } }
            } }
        }
    }
}

/// The strings of a payload's list field.
fn strings(payload: &serde_json::Value, key: &str) -> Vec<String> {
    payload
        .get(key)
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn event_item(signed: &SignedIn, event: &EventOut, office: &dyn Fn(&str) -> String) -> Markup {
    let ctx = &signed.ctx;
    let p = &event.payload;
    let text = |key: &str| p.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    html! {
        p {
            strong { (action_name(signed, &event.action)) }
            " · " (vn_time(event.at))
        }
        p.muted {
            @if let Some(from) = event.from_status { (status_name(signed, from)) " → " }
            (status_name(signed, event.to_status))
            " · " (ctx.t(&format!("work-by-{}", event.actor_role)))
            @if let Some(o) = &event.office { " · " (office(o)) }
        }
        @let reasons = strings(p, "reasons");
        @if !reasons.is_empty() { p { (ctx.t("work-event-reasons")) } ul.list { @for r in &reasons { li { (r) } } } }
        @let items = strings(p, "items");
        @if !items.is_empty() { p { (ctx.t("work-event-items")) } ul.list { @for i in &items { li { (i) } } } }
        @if let Some(to) = text("to_office") { p { (ctx.t("work-event-to")) " " (office(&to)) } }
        @if let Some(amount) = p.get("amount").and_then(|v| v.as_i64()) { p { (ctx.t("work-event-amount")) " " (vnd(amount)) } }
        @if let Some(outcome) = text("outcome").as_deref().and_then(Outcome::from_token) {
            p { (ctx.t(&format!("work-outcome-{}", outcome.as_str()))) }
        }
        @if let Some(reason) = text("reason") { p { (ctx.t("work-event-reason")) " " (reason) } }
        @if let Some(delivery) = text("delivery") { p { (ctx.t(&format!("work-delivery-{}", delivery.replace('_', "-")))) } }
        @if let Some(at) = text("new_due_at").and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok().or_else(|| chrono::NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S%.f").ok().map(|n| n.and_utc().fixed_offset()))) {
            p { (ctx.t("work-event-new-date")) " " (vn_time(at.to_utc())) }
        }
        @if let Some(note) = &event.note { p { (ctx.t("work-event-note")) " " (note) } }
    }
}
