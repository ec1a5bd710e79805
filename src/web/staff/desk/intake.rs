//! The desk intake: the procedure (by code or the words of its name, a GET search that needs
//! no script), then one form: the applicant, the checklist of the procedure's documents with
//! the pieces handed in and their scans, and one submit that receives the application and
//! opens slip 01 to print. Keyboard first: the first field has the focus, the tab order is
//! the reading order, Enter in any field submits.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;

use super::today;
use crate::domain::account::Role;
use crate::domain::application::Channel;
use crate::domain::credentials::new_nonce;
use crate::error::Error;
use crate::service::desk::intake::{self, IntakeIn, IntakeProcedure, ProcedureChoice, Ticked};
use crate::service::files::{Storage, Upload};
use crate::state::{db, db_write};
use crate::web::context::Ctx;
use crate::web::forms::{
    Choice, Errors, TextInput, button, error_summary, field_id, radios, textarea,
};
use crate::web::i18n::args;
use crate::web::staff::SignedIn;

/// What the scan inputs offer: a desk scanner's PDFs and images, or the phone's camera.
const ACCEPT: &str = "image/*,application/pdf";

/// The intake's query: the search words, or the procedure chosen.
#[derive(Debug, Default, Deserialize)]
pub struct IntakeQuery {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    procedure: Option<String>,
}

/// `GET /staff/desk/intake`: the procedure search, its results, or the intake form of the
/// procedure chosen (a code typed whole goes straight to its form).
pub async fn form(signed: SignedIn, query: web::Query<IntakeQuery>) -> Result<HttpResponse, Error> {
    signed.require(&[Role::Clerk])?;
    let query = query.into_inner();
    if let Some(code) = query.procedure.filter(|c| !c.trim().is_empty()) {
        return procedure_form(&signed, &code, &query.q.unwrap_or_default()).await;
    }
    let Some(q) = query.q.filter(|q| !q.trim().is_empty()) else {
        return Ok(search_page(&signed, "", None, &Errors::default()));
    };
    let staff = signed.staff();
    let words = q.clone();
    let (found, total) = db(&signed.ctx.state, move |conn| {
        intake::find_procedures(conn, &staff, &words, today())
    })
    .await?;
    if total == 1 && found[0].code.eq_ignore_ascii_case(q.trim()) {
        return procedure_form(&signed, &found[0].code, &q).await;
    }
    let mut errors = Errors::default();
    if found.is_empty() {
        errors.add("q", signed.ctx.t("intake-none-found"));
    }
    Ok(search_page(&signed, &q, Some((&found, total)), &errors))
}

async fn procedure_form(signed: &SignedIn, code: &str, q: &str) -> Result<HttpResponse, Error> {
    let staff = signed.staff();
    let given = code.to_owned();
    let found = db(&signed.ctx.state, move |conn| {
        intake::procedure(conn, &staff, &given, today())
    })
    .await;
    let procedure = match found {
        Ok(procedure) => procedure,
        Err(error) => {
            let Some(mut errors) = Errors::from_error(&error, signed.ctx.lang, |_| Some("q"))
            else {
                return Err(error);
            };
            if errors.is_empty() {
                errors.add("q", signed.ctx.t("intake-none-found"));
            }
            return Ok(search_page(signed, q, None, &errors));
        }
    };
    let key = new_nonce().map_err(|e| Error::internal(anyhow::anyhow!("{e}")))?;
    let typed = Typed::fresh(&procedure, key);
    Ok(intake_page(
        signed,
        &procedure,
        &typed,
        &Errors::default(),
        &[],
    ))
}

fn search_page(
    signed: &SignedIn,
    q: &str,
    found: Option<(&[ProcedureChoice], usize)>,
    errors: &Errors,
) -> HttpResponse {
    let ctx = &signed.ctx;
    let title = ctx.t("intake-title");
    let error = errors.get("q");
    let class = if error.is_some() {
        "input input-error"
    } else {
        "input"
    };
    let main = html! {
        (error_summary(ctx, errors))
        h1 { (title) }
        form method="get" action="/staff/desk/intake" role="search" {
            div.form-group.form-group-error[error.is_some()] {
                label.label for="q" { (ctx.t("intake-procedure-label")) }
                div.hint id="q-hint" { (ctx.t("intake-procedure-hint")) }
                @if let Some(message) = error {
                    p.error-message id="q-error" {
                        span.visually-hidden { (ctx.t("desk-error-prefix")) " " } (message)
                    }
                }
                div.search-row {
                    input class=(class) id="q" name="q" type="search" value=(q) autofocus
                        autocomplete="off" spellcheck="false"
                        aria-describedby=(if error.is_some() { "q-hint q-error" } else { "q-hint" });
                    button.button type="submit" { (ctx.t("intake-find")) }
                }
            }
        }
        @if let Some((found, total)) = found {
            @if !found.is_empty() {
                h2.heading-m { (ctx.t_args("intake-found", &args(&[("count", (total as i64).into())]))) }
                ul.intake-choices {
                    @for choice in found {
                        li {
                            a href={ "/staff/desk/intake?procedure=" (choice.code) "&q=" (encode(q)) } {
                                span.code { (choice.code) } " " (choice.name)
                            }
                            span.hint { " · " (choice.field) }
                        }
                    }
                }
                @if total > found.len() {
                    p.hint { (ctx.t_args("intake-more", &args(&[("count", (found.len() as i64).into())]))) }
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

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The form as typed (or as first shown).
#[derive(Debug, Clone, Default)]
struct Typed {
    key: String,
    q: String,
    form: IntakeIn,
    /// Ticked documents, by the procedure's index.
    checked: Vec<bool>,
    originals: Vec<String>,
    copies: Vec<String>,
}

impl Typed {
    /// The form first shown: every required document ticked with the pieces the procedure
    /// asks for.
    fn fresh(procedure: &IntakeProcedure, key: String) -> Self {
        Self {
            key,
            form: IntakeIn {
                procedure_code: procedure.code.clone(),
                channel: "in_person".into(),
                id_kind: "citizen_id".into(),
                ..IntakeIn::default()
            },
            checked: procedure.documents.iter().map(|d| !d.optional).collect(),
            originals: procedure
                .documents
                .iter()
                .map(|d| d.originals.to_string())
                .collect(),
            copies: procedure
                .documents
                .iter()
                .map(|d| d.copies.to_string())
                .collect(),
            ..Self::default()
        }
    }
}

fn intake_page(
    signed: &SignedIn,
    procedure: &IntakeProcedure,
    typed: &Typed,
    errors: &Errors,
    lost_files: &[String],
) -> HttpResponse {
    let ctx = &signed.ctx;
    let title = ctx.t("intake-title");
    let form = &typed.form;
    let kinds = [
        ("citizen_id", ctx.t("apply-id-citizen")),
        ("passport", ctx.t("apply-id-passport")),
        ("tax_code", ctx.t("apply-id-tax")),
    ];
    let kind_choices: Vec<Choice<'_>> = kinds
        .iter()
        .map(|(value, label)| Choice {
            value,
            label,
            hint: None,
        })
        .collect();
    let channel_labels: Vec<(&str, String)> = procedure
        .channels
        .iter()
        .map(|c| (c.as_str(), ctx.t(&format!("channel-{}", c.as_str()))))
        .collect();
    let channel_choices: Vec<Choice<'_>> = channel_labels
        .iter()
        .map(|(value, label)| Choice {
            value,
            label,
            hint: None,
        })
        .collect();
    let name_error = errors.get("name");
    let name_class = if name_error.is_some() {
        "input input-error"
    } else {
        "input"
    };
    let main = html! {
        (error_summary(ctx, errors))
        @if !lost_files.is_empty() {
            div.notice role="status" {
                p { (ctx.t_args("intake-files-again", &args(&[("files", lost_files.join(", ").into())]))) }
            }
        }
        span.caption { (procedure.code) }
        h1 { (procedure.name) }
        p { a href={ "/staff/desk/intake?q=" (encode(&typed.q)) } { (ctx.t("intake-change-procedure")) } }
        form.intake method="post" action={ "/staff/desk/intake?procedure=" (encode(&procedure.code)) }
            enctype="multipart/form-data" novalidate {
            (signed.csrf_field())
            input type="hidden" name="key" value=(typed.key);
            input type="hidden" name="procedure" value=(procedure.code);
            input type="hidden" name="q" value=(typed.q);
            h2.heading-m { (ctx.t("intake-applicant")) }
            div.form-group.form-group-error[name_error.is_some()] {
                label.label for="name" { (ctx.t("apply-name")) }
                @if let Some(message) = name_error {
                    p.error-message id="name-error" {
                        span.visually-hidden { (ctx.t("desk-error-prefix")) " " } (message)
                    }
                }
                input class=(name_class) id="name" name="name" type="text" value=(form.name)
                    autocomplete="off" autofocus
                    aria-describedby=[name_error.map(|_| "name-error")];
            }
            (radios(ctx, "id_kind", &ctx.t("apply-id-kind"), None, &kind_choices, Some(form.id_kind.as_str()), errors))
            (TextInput::new("id_number", &ctx.t("apply-id-number")).value(&form.id_number)
                .hint(&ctx.t("apply-id-number-hint")).autocomplete("off").width("width-20")
                .errors(ctx, errors).render())
            (TextInput::new("phone", &ctx.t("apply-phone")).value(&form.phone)
                .hint(&ctx.t("apply-optional")).kind("tel").autocomplete("off").width("width-20")
                .errors(ctx, errors).render())
            (TextInput::new("email", &ctx.t("apply-email")).value(&form.email)
                .hint(&ctx.t("apply-optional")).kind("email").autocomplete("off")
                .errors(ctx, errors).render())
            (TextInput::new("address", &ctx.t("apply-address")).value(&form.address)
                .hint(&ctx.t("apply-optional")).autocomplete("off")
                .errors(ctx, errors).render())
            @if channel_choices.len() > 1 {
                (radios(ctx, "channel", &ctx.t("intake-channel"), None, &channel_choices, Some(form.channel.as_str()), errors))
            } @else if let Some(only) = channel_choices.first() {
                input type="hidden" name="channel" value=(only.value);
            }
            h2.heading-m { (ctx.t("intake-checklist")) }
            p.hint { (ctx.t("intake-checklist-hint")) " " (ctx.t_args("apply-files-rule", &file_rule_args(ctx))) }
            @if procedure.documents.is_empty() {
                p { (ctx.t("intake-no-documents")) }
            }
            ol.intake-checklist {
                @for (i, document) in procedure.documents.iter().enumerate() {
                    (document_row(ctx, i, document, typed, errors))
                }
            }
            (textarea_of(ctx, &form.note, errors))
            (button(&ctx.t("intake-submit")))
        }
    };
    if errors.is_empty() {
        signed.page(&title, main)
    } else {
        signed.page_with(StatusCode::UNPROCESSABLE_ENTITY, &title, main)
    }
}

fn textarea_of(ctx: &Ctx, note: &str, errors: &Errors) -> Markup {
    textarea(
        ctx,
        "note",
        &ctx.t("intake-note"),
        Some(&ctx.t("apply-optional")),
        note,
        errors,
    )
}

fn file_rule_args(ctx: &Ctx) -> crate::web::i18n::Args<'static> {
    let uploads = &ctx.state.settings.uploads;
    let mb = |b: u64| format!("{:.0}", b as f64 / (1024.0 * 1024.0));
    args(&[
        ("file", mb(uploads.max_file_bytes).into()),
        ("total", mb(uploads.max_application_bytes).into()),
    ])
}

/// One document of the checklist: ticked or not, the pieces, its scans.
fn document_row(
    ctx: &Ctx,
    i: usize,
    document: &crate::domain::procedure::Document,
    typed: &Typed,
    errors: &Errors,
) -> Markup {
    let tick = format!("documents[{i}]");
    let tick_id = field_id(&tick);
    let tick_error = errors.get(&tick);
    let pieces = format!("pieces[{i}]");
    let pieces_error = errors.get(&pieces);
    let scans = format!("scans[{i}]");
    let scans_id = field_id(&scans);
    let scans_error = errors.get(&scans);
    let checked = typed.checked.get(i).copied().unwrap_or(false);
    let value = |list: &Vec<String>| list.get(i).cloned().unwrap_or_default();
    let asked = ctx.t_args(
        "intake-pieces-asked",
        &args(&[
            ("originals", i64::from(document.originals).into()),
            ("copies", i64::from(document.copies).into()),
        ]),
    );
    let any_error = tick_error.or(pieces_error).or(scans_error);
    html! {
        li.intake-document.form-group-error[any_error.is_some()] {
            @for message in [tick_error, pieces_error, scans_error].into_iter().flatten() {
                p.error-message {
                    span.visually-hidden { (ctx.t("desk-error-prefix")) " " } (message)
                }
            }
            div.choice {
                input.choice-input id=(tick_id) name=(tick) type="checkbox" value="1" checked[checked]
                    aria-describedby={ (tick_id) "-hint" };
                label.choice-label for=(tick_id) {
                    (document.name)
                    @if document.optional { " " span.hint { (ctx.t("apply-optional")) } }
                }
                div.hint.choice-hint id={ (tick_id) "-hint" } {
                    (asked)
                    @if let Some(case) = &document.case { " · " (case) }
                }
            }
            div.intake-pieces {
                div.intake-piece {
                    label.label for=(field_id(&pieces)) { (ctx.t("intake-originals")) }
                    input.input.width-5 id=(field_id(&pieces)) name={ "originals[" (i) "]" }
                        type="text" inputmode="numeric"
                        value=(value(&typed.originals));
                }
                div.intake-piece {
                    label.label for={ "copies-" (i) } { (ctx.t("intake-copies")) }
                    input.input.width-5 id={ "copies-" (i) } name={ "copies[" (i) "]" }
                        type="text" inputmode="numeric" value=(value(&typed.copies));
                }
                div.intake-scan {
                    label.label for=(scans_id) { (ctx.t("intake-scans")) }
                    input.file-upload id=(scans_id) name=(scans) type="file" multiple
                        accept=(ACCEPT) capture="environment";
                }
            }
        }
    }
}

/// `POST /staff/desk/intake` (multipart): receives the application, then slip 01's page.
pub async fn receive(signed: SignedIn, body: Multipart) -> Result<HttpResponse, Error> {
    signed.require(&[Role::Clerk])?;
    let limits = Storage::from_settings(&signed.ctx.state.settings.uploads).limits;
    let read = crate::multipart::read(body, &limits).await;
    let (texts, files, refused) = match read {
        Ok(form) => (form.texts, form.files, None),
        // Too large to read whole: the form comes back for its procedure, the files refused.
        Err(Error::Upload { code, issues }) => (Vec::new(), Vec::new(), Some((code, issues))),
        Err(other) => return Err(other),
    };
    let text = |name: &str| {
        texts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    if refused.is_none() {
        signed.verify_csrf(&text("csrf"))?;
    }
    let procedure_code = match text("procedure") {
        p if !p.is_empty() => p,
        _ => signed.ctx.query_param("procedure").unwrap_or_default(),
    };
    // The procedure is read again only to show the form with its errors: a form that passes
    // costs the submission alone.
    let procedure = || {
        let staff = signed.staff();
        let code = procedure_code.clone();
        db(&signed.ctx.state, move |conn| {
            intake::procedure(conn, &staff, &code, today())
        })
    };
    let typed = typed_of(&procedure_code, &texts);
    let key = if typed.key.is_empty() {
        new_nonce().map_err(|e| Error::internal(anyhow::anyhow!("{e}")))?
    } else {
        typed.key.clone()
    };
    let typed = Typed { key, ..typed };
    if let Some((_, issues)) = refused {
        let mut errors = Errors::default();
        for issue in &issues {
            errors.add(&issue.field, issue.message_in(signed.ctx.lang));
        }
        let procedure = procedure().await?;
        return Ok(intake_page(&signed, &procedure, &typed, &errors, &[]));
    }
    let names: Vec<String> = files.iter().map(|f| f.filename.clone()).collect();
    let uploads: Vec<Upload> = files;
    let state = signed.ctx.state.clone();
    let staff = signed.staff();
    let form = typed.form.clone();
    let key = Some(typed.key.clone());
    let received = db_write(&signed.ctx.state, move |conn| {
        intake::receive(conn, &state, &staff, today(), key, form, uploads)
    })
    .await;
    match received {
        Ok(code) => Ok(signed.redirect(&format!("/staff/applications/{}/slips/01", encode(&code)))),
        Err(Error::Validation(issues) | Error::Upload { issues, .. }) => {
            let mut errors = Errors::default();
            for issue in &issues {
                errors.add(&issue.field, issue.message_in(signed.ctx.lang));
            }
            let procedure = procedure().await?;
            Ok(intake_page(&signed, &procedure, &typed, &errors, &names))
        }
        Err(other) => Err(other),
    }
}

/// The place N of a checklist field (`documents[N]`, `originals[N]`, `copies[N]`).
fn place_in(name: &str) -> Option<usize> {
    ["documents[", "originals[", "copies["]
        .iter()
        .find_map(|prefix| name.strip_prefix(prefix))
        .and_then(|rest| rest.strip_suffix(']'))
        .and_then(|n| n.parse().ok())
        .filter(|&n: &usize| n < 1000)
}

/// The form's text fields as typed.
fn typed_of(procedure_code: &str, texts: &[(String, String)]) -> Typed {
    let text = |name: &str| {
        texts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let count = texts
        .iter()
        .filter_map(|(n, _)| place_in(n))
        .max()
        .map_or(0, |m| m + 1);
    let checked: Vec<bool> = (0..count)
        .map(|i| !text(&format!("documents[{i}]")).is_empty())
        .collect();
    let originals: Vec<String> = (0..count)
        .map(|i| text(&format!("originals[{i}]")))
        .collect();
    let copies: Vec<String> = (0..count).map(|i| text(&format!("copies[{i}]"))).collect();
    let pieces = |s: &str| -> u32 {
        let s = s.trim();
        if s.is_empty() {
            0
        } else {
            s.parse().unwrap_or(u32::MAX)
        }
    };
    let ticked = (0..count)
        .filter(|&i| checked[i])
        .map(|i| Ticked {
            index: i,
            originals: pieces(&originals[i]),
            copies: pieces(&copies[i]),
        })
        .collect();
    let channel = match text("channel") {
        c if c.is_empty() => Channel::InPerson.as_str().to_owned(),
        c => c,
    };
    Typed {
        key: text("key"),
        q: text("q"),
        form: IntakeIn {
            procedure_code: procedure_code.to_owned(),
            channel,
            name: text("name"),
            id_kind: text("id_kind"),
            id_number: text("id_number"),
            phone: text("phone"),
            email: text("email"),
            address: text("address"),
            note: text("note"),
            ticked,
        },
        checked,
        originals,
        copies,
    }
}
