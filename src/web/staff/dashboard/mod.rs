//! The official's pages: the dashboard's headline figures, the reform-progress report on a
//! date and the results report of a period with its charts, downloads and the Decision 766
//! indicators. Officials see their unit and everything under it; administrators any unit
//! (every unit when they name none, for the results). Each page calls the operation its JSON
//! report calls, so the figures are the same (see docs/REPORTS.md, docs/WEB.md).

mod charts;
mod home;
mod period;
mod progress;
mod results;

use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};

use super::SignedIn;
use crate::domain::account::{Binding, Role};
use crate::error::{Code, Error};
use crate::web::forms::Errors;

/// This group's routes, inside `/staff`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/dashboard", web::get().to(home::dashboard))
        .route("/reports/progress", web::get().to(progress::page))
        .route("/reports/progress/print", web::get().to(progress::print))
        .route("/reports/results", web::get().to(results::page))
        .route("/reports/results/print", web::get().to(results::print))
        .route("/reports/form.css", web::get().to(form_css));
}

/// The roles these pages serve.
const ROLES: [Role; 2] = [Role::Official, Role::Admin];

/// `GET /staff/reports/form.css?page=landscape|portrait`: the official forms' stylesheet
/// (`reports::form::CSS`, shared with the API's print page), linked because the site's
/// content security policy allows no inline style.
async fn form_css(req: HttpRequest) -> HttpResponse {
    let landscape = !req.query_string().contains("page=portrait");
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/css; charset=utf-8"))
        .insert_header((CACHE_CONTROL, "public, max-age=3600"))
        .body(crate::reports::form::linked_css(landscape))
}

/// The unit a report is on: the one asked for (trimmed, at most 16 characters), else an
/// official's own unit; none for an administrator who names none.
fn unit_asked(signed: &SignedIn) -> Option<String> {
    signed
        .ctx
        .query_param("unit")
        .map(|u| u.chars().take(16).collect())
        .or_else(|| match &signed.caller.binding {
            Binding::Unit { unit_code } => Some(unit_code.clone()),
            _ => None,
        })
}

/// An unknown unit is the form's field error rather than a page of its own.
fn unit_error(signed: &SignedIn, error: Error, errors: &mut Errors) -> Result<(), Error> {
    match error {
        Error::NotFound(Code::UnitNotFound) => {
            errors.add("unit", signed.ctx.t("reports-unit-unknown"));
            Ok(())
        }
        other => Err(other),
    }
}

/// This page's address with `format=…` (or another path) and the same query otherwise.
fn link_with(signed: &SignedIn, path: &str, format: Option<&str>) -> String {
    let kept: Vec<(String, String)> =
        form_urlencoded::parse(signed.ctx.req.query_string().as_bytes())
            .filter(|(k, _)| k != "format" && k != "lang")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in &kept {
        query.append_pair(k, v);
    }
    if let Some(format) = format {
        query.append_pair("format", format);
    }
    let query = query.finish();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// The downloads: (address, catalog key of the label, catalog key of the hint).
fn downloads(signed: &SignedIn, items: &[(String, &str, &str)]) -> Markup {
    let ctx = &signed.ctx;
    html! {
        section.report-downloads aria-labelledby="downloads-title" {
            h2 #downloads-title.heading-m { (ctx.t("reports-downloads")) }
            ul.download-list {
                @for (href, label, hint) in items {
                    li {
                        a href=(href) { (ctx.t(label)) }
                        span.muted { " – " (ctx.t(hint)) }
                    }
                }
            }
        }
    }
}

/// A file to download.
fn attachment(content_type: &str, name: &str, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, content_type))
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header((CACHE_CONTROL, "no-store, private"))
        .body(body)
}

/// The media type of a workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The media type of a CSV file.
const CSV: &str = "text/csv; charset=utf-8";
