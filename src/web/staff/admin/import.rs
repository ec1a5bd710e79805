//! `/staff/admin/import`: the procedure catalog imported from an uploaded file (the portal's
//! CSV, a JSON array, or the detail's JSON Lines), the operation `POST
//! /api/v1/procedures/import` runs, and its report as a page: the counts, then every line
//! with what it did (created, new version, unchanged) or why it was refused.
//!
//! The report answers the POST itself: it is as long as the file and kept nowhere, and sending
//! the same file again changes nothing (its rows come back unchanged).

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;

use super::{admin_only, parse_date};
use crate::domain::upload::Limits;
use crate::error::Error;
use crate::import::procedures::{Format, ImportReport, RowOutcome};
use crate::service::catalog::import;
use crate::web::format::grouped;
use crate::web::forms::{Choice, Errors, TextInput, button, checkboxes, error_summary, file_input};
use crate::web::i18n::args;
use crate::web::staff::SignedIn;

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/import", web::get().to(form))
        .route("/admin/import", web::post().to(upload));
}

/// `GET /staff/admin/import`.
async fn form(signed: SignedIn) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    Ok(form_page(
        &signed,
        &Given::default(),
        &Errors::default(),
        StatusCode::OK,
    ))
}

/// What the form sent besides the file.
#[derive(Debug, Default)]
struct Given {
    effective_from: String,
    atomic: bool,
}

fn form_page(
    signed: &SignedIn,
    given: &Given,
    errors: &Errors,
    status: StatusCode,
) -> HttpResponse {
    let ctx = &signed.ctx;
    let title = ctx.t("admin-import-title");
    let atomic_label = ctx.t("admin-import-atomic");
    let atomic_hint = ctx.t("admin-import-atomic-hint");
    let atomic = [Choice {
        value: "true",
        label: &atomic_label,
        hint: Some(&atomic_hint),
    }];
    let main = html! {
        (error_summary(ctx, errors))
        h1.heading-xl { (title) }
        p.lead { (ctx.t("admin-import-lead")) }
        form.narrow-form method="post" action="/staff/admin/import" enctype="multipart/form-data" novalidate {
            (signed.csrf_field())
            (file_input(ctx, "file", &ctx.t("admin-import-file"), Some(&ctx.t("admin-import-file-hint")),
                ".csv,.json,.jsonl,text/csv,application/json", None, errors))
            (TextInput::new("effective_from", &ctx.t("admin-import-effective")).value(&given.effective_from)
                .hint(&ctx.t("admin-import-effective-hint")).width("width-10").errors(ctx, errors).render())
            (checkboxes(ctx, "atomic", &ctx.t("admin-import-options"), None, &atomic,
                if given.atomic { &["true"] } else { &[] }, errors))
            (button(&ctx.t("admin-import-button")))
        }
    };
    signed.page_with(status, &title, main)
}

/// The file's format, by its name and then its first character.
fn format_of(filename: &str, bytes: &[u8]) -> Format {
    let name = filename.to_ascii_lowercase();
    if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        return Format::JsonLines;
    }
    if name.ends_with(".json") {
        return Format::Json;
    }
    if name.ends_with(".csv") {
        return Format::Csv;
    }
    let start = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    match start {
        Some(b'[') => Format::Json,
        Some(b'{') => Format::JsonLines,
        _ => Format::Csv,
    }
}

/// `POST /staff/admin/import` (`multipart/form-data`: `csrf`, `file`, `effective_from`,
/// `atomic`).
async fn upload(signed: SignedIn, payload: web::Payload) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    let ctx = &signed.ctx;
    let limits = Limits {
        max_file_bytes: crate::api::MAX_IMPORT_BYTES as u64,
        max_total_bytes: crate::api::MAX_IMPORT_BYTES as u64,
        max_files: 1,
    };
    let body = Multipart::new(ctx.req.headers(), payload.into_inner());
    let read = crate::multipart::read(body, &limits).await;
    let mut errors = Errors::default();
    let form = match read {
        Ok(form) => form,
        Err(error @ Error::Upload { .. }) => {
            // The token was not reached and nothing was written: the form again.
            let problem = error.problem(ctx.lang);
            let message = problem
                .errors
                .and_then(|issues| issues.into_iter().next())
                .map_or(problem.detail, |issue| issue.message);
            errors.add("file", message);
            return Ok(form_page(
                &signed,
                &Given::default(),
                &errors,
                StatusCode::PAYLOAD_TOO_LARGE,
            ));
        }
        Err(error) => return Err(error),
    };
    signed.verify_csrf(form.text("csrf").unwrap_or_default())?;
    let given = Given {
        effective_from: form
            .text("effective_from")
            .unwrap_or_default()
            .trim()
            .to_owned(),
        atomic: form.text("atomic") == Some("true"),
    };
    let effective_from = match given.effective_from.as_str() {
        "" => None,
        text => {
            let day = parse_date(text);
            if day.is_none() {
                errors.add("effective_from", ctx.t("admin-date-invalid"));
            }
            day
        }
    };
    let file = form
        .files
        .into_iter()
        .find(|f| f.field == "file" && !f.bytes.is_empty());
    if file.is_none() {
        errors.add("file", ctx.t("admin-import-file-missing"));
    }
    let Some(file) = file.filter(|_| errors.is_empty()) else {
        return Ok(form_page(
            &signed,
            &given,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    let format = format_of(&file.filename, &file.bytes);
    let atomic = given.atomic;
    let filename = file.filename.clone();
    let outcome = crate::service::catalog::write(&ctx.state, move |conn| {
        import::import(conn, &file.bytes, format, effective_from, atomic)
    })
    .await;
    match outcome {
        Ok(report) => Ok(report_page(&signed, &filename, &report)),
        Err(Error::ImportRejected(report)) => Ok(rejected_page(&signed, &filename, &report)),
        Err(Error::BadRequest { detail, .. }) => {
            errors.add(
                "file",
                ctx.t_args(
                    "admin-import-unreadable",
                    &args(&[("detail", detail.into())]),
                ),
            );
            Ok(form_page(
                &signed,
                &given,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(e),
    }
}

/// One refused row as the report's JSON has it.
#[derive(Debug, Deserialize)]
struct Refused {
    line: u64,
    code: Option<String>,
    column: Option<String>,
    reason: String,
}

fn refused_cell(signed: &SignedIn, column: Option<&str>, reason: &str) -> Markup {
    html! {
        strong.tag.tag-red { (signed.ctx.t("admin-import-refused")) }
        " "
        @if let Some(column) = column { code { (column) } ": " }
        (reason)
    }
}

/// The report of an import that wrote what it could.
fn report_page(signed: &SignedIn, filename: &str, report: &ImportReport) -> HttpResponse {
    let ctx = &signed.ctx;
    let title = ctx.t("admin-import-report-title");
    enum Line<'a> {
        Done(&'a str, RowOutcome),
        Refused(Option<&'a str>, Option<&'a str>, &'a str),
    }
    let mut lines: Vec<(u64, Line)> = report
        .lines
        .iter()
        .map(|l| (l.line, Line::Done(&l.code, l.outcome)))
        .chain(report.errors.iter().map(|e| {
            (
                e.line,
                Line::Refused(e.code.as_deref(), e.column.as_deref(), &e.reason),
            )
        }))
        .collect();
    lines.sort_by_key(|(line, _)| *line);
    let count = |key: &str, n: u64| ctx.t_args(key, &args(&[("count", grouped(n as i64).into())]));
    let main = html! {
        div.notice.notice-success role="status" tabindex="-1" data-focus="true" {
            p { (ctx.t_args("admin-import-done", &args(&[("file", filename.to_owned().into())]))) }
        }
        h1.heading-xl { (title) }
        (summary(signed, report.rows, report.created, report.new_versions, report.unchanged, report.rejected))
        @if report.documents.tables > 0 {
            p { (ctx.t_args("admin-import-documents", &args(&[
                ("clean", grouped(report.documents.clean as i64).into()),
                ("tables", grouped(report.documents.tables as i64).into()),
                ("documents", grouped(report.documents.documents as i64).into()),
            ]))) }
        }
        @if report.times.unit_assumed + report.times.unknown > 0 {
            p { (count("admin-import-times", report.times.unit_assumed + report.times.unknown)) }
        }
        h2.heading-l { (ctx.t("admin-import-lines")) }
        div.table-wrap {
            table.table.import-lines {
                caption.visually-hidden { (ctx.t("admin-import-lines")) }
                thead { tr {
                    th.num scope="col" { (ctx.t("admin-import-line")) }
                    th scope="col" { (ctx.t("admin-import-code")) }
                    th scope="col" { (ctx.t("admin-import-outcome")) }
                } }
                tbody {
                    @for (line, what) in &lines {
                        tr {
                            td.num { (line) }
                            @match what {
                                Line::Done(code, outcome) => {
                                    td.nowrap { (code) }
                                    td { (outcome_text(signed, *outcome)) }
                                }
                                Line::Refused(code, column, reason) => {
                                    td.nowrap { (code.unwrap_or("–")) }
                                    td { (refused_cell(signed, *column, reason)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        p { a href="/staff/admin/import" { (ctx.t("admin-import-again")) } }
    };
    signed.page(&title, main)
}

fn outcome_text(signed: &SignedIn, outcome: RowOutcome) -> Markup {
    let ctx = &signed.ctx;
    html! {
        @match outcome {
            RowOutcome::Created => strong.tag { (ctx.t("admin-import-created")) },
            RowOutcome::NewVersion => strong.tag.tag-blue { (ctx.t("admin-import-new-version")) },
            RowOutcome::Unchanged => span.tag.tag-grey { (ctx.t("admin-import-unchanged")) },
        }
    }
}

fn summary(
    signed: &SignedIn,
    rows: u64,
    created: u64,
    versions: u64,
    unchanged: u64,
    rejected: u64,
) -> Markup {
    let ctx = &signed.ctx;
    let n = |v: u64| grouped(v as i64);
    html! {
        dl.summary-list.import-summary {
            div.summary-row { dt { (ctx.t("admin-import-rows")) } dd { (n(rows)) } }
            div.summary-row { dt { (ctx.t("admin-import-created")) } dd { (n(created)) } }
            div.summary-row { dt { (ctx.t("admin-import-new-version")) } dd { (n(versions)) } }
            div.summary-row { dt { (ctx.t("admin-import-unchanged")) } dd { (n(unchanged)) } }
            div.summary-row { dt { (ctx.t("admin-import-refused")) } dd { (n(rejected)) } }
        }
    }
}

/// The report of an all-or-nothing import refused for its bad rows (nothing written).
fn rejected_page(signed: &SignedIn, filename: &str, report: &serde_json::Value) -> HttpResponse {
    let ctx = &signed.ctx;
    let title = ctx.t("admin-import-rejected-title");
    let refused: Vec<Refused> = report
        .get("errors")
        .cloned()
        .and_then(|e| serde_json::from_value(e).ok())
        .unwrap_or_default();
    let number = |key: &str| {
        report
            .get(key)
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0)
    };
    let main = html! {
        div.error-summary role="alert" tabindex="-1" data-focus="true" {
            h2.error-summary-title { (ctx.t_args("admin-import-rejected", &args(&[("file", filename.to_owned().into())]))) }
        }
        h1.heading-xl { (title) }
        (summary(signed, number("rows"), 0, 0, 0, number("rejected")))
        div.table-wrap {
            table.table.import-lines {
                caption { (ctx.t("admin-import-lines-refused")) }
                thead { tr {
                    th.num scope="col" { (ctx.t("admin-import-line")) }
                    th scope="col" { (ctx.t("admin-import-code")) }
                    th scope="col" { (ctx.t("admin-import-outcome")) }
                } }
                tbody {
                    @for r in &refused {
                        tr {
                            td.num { (r.line) }
                            td.nowrap { (r.code.as_deref().unwrap_or("–")) }
                            td { (refused_cell(signed, r.column.as_deref(), &r.reason)) }
                        }
                    }
                }
            }
        }
        p { a href="/staff/admin/import" { (ctx.t("admin-import-again")) } }
    };
    signed.page_with(StatusCode::UNPROCESSABLE_ENTITY, &title, main)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_name_then_content() {
        assert!(matches!(format_of("procedures.csv", b"[x"), Format::Csv));
        assert!(matches!(format_of("detail.jsonl", b""), Format::JsonLines));
        assert!(matches!(format_of("a.json", b""), Format::Json));
        assert!(matches!(
            format_of("upload", b"\xEF\xBB\xBF [{}]"),
            Format::Json
        ));
        assert!(matches!(
            format_of("upload", b"{\"a\":1}\n"),
            Format::JsonLines
        ));
        assert!(matches!(
            format_of("upload", b"ma_thu_tuc,ten"),
            Format::Csv
        ));
    }
}
