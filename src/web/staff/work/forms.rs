//! The form of each action: what it asks, the values kept when it comes back, and the
//! reading of what it sent into the API's `ActionIn`.

use chrono::{NaiveDate, NaiveTime, TimeZone};
use maud::{Markup, html};

use super::body::Body;
use super::{SignedIn, app_href};
use crate::domain::application::{Action, Delivery, Outcome};
use crate::service::applications::actions::ActionIn;
use crate::service::work::page::ApplicationPage;
use crate::web::format::vn_time;
use crate::web::forms::{
    Choice, Errors, TextInput, button, checkboxes, error_summary, file_input, radios, select,
    textarea,
};

/// What the file inputs offer to the picker; the server reads the type from the content.
const ACCEPT: &str =
    ".pdf,.jpg,.jpeg,.png,.heic,.heif,application/pdf,image/jpeg,image/png,image/heic,image/heif";

/// The actions whose form carries a file (sent as `multipart/form-data`).
pub fn with_file(action: Action) -> bool {
    matches!(action, Action::Resolve | Action::Return)
}

/// The note is required: `stop` (why) and `apologize` (the reason for the delay).
fn note_required(action: Action) -> bool {
    matches!(action, Action::Stop | Action::Apologize)
}

/// The form field an operation's field is shown beside.
pub fn form_field(page: &ApplicationPage, field: &str) -> String {
    match field {
        "new_due_at" => "new_date".to_owned(),
        "items" if page.documents.is_empty() => "other".to_owned(),
        f if f.starts_with("result_file") || f == "files" || f == "purpose" => {
            "result_file".to_owned()
        }
        f => f.to_owned(),
    }
}

/// Reads what the form sent into the action's input, with the messages of what could not be
/// read here (a number, a date); the operation checks everything else.
pub fn read(signed: &SignedIn, action: Action, body: &Body) -> (ActionIn, Errors) {
    let ctx = &signed.ctx;
    let mut errors = Errors::default();
    let mut input = ActionIn {
        note: Some(body.text("note").to_owned()).filter(|n| !n.is_empty()),
        ..ActionIn::default()
    };
    match action {
        Action::Refuse => input.reasons = Some(body.lines("reasons")),
        Action::RequestSupplement => {
            let mut items = body.all("items");
            items.extend(body.lines("other"));
            input.items = Some(items);
        }
        Action::HandOver | Action::Transfer => {
            input.to_office = Some(body.text("to_office").to_owned()).filter(|o| !o.is_empty());
        }
        Action::AwaitPayment => {
            let typed: String = body
                .text("amount")
                .chars()
                .filter(|c| !matches!(c, '.' | ',' | ' '))
                .collect();
            if !typed.is_empty() {
                match typed.parse::<i64>() {
                    Ok(n) => input.amount = Some(n),
                    Err(_) => errors.add("amount", ctx.t("work-amount-invalid")),
                }
            }
        }
        Action::Resolve => {
            input.outcome = Outcome::from_token(body.text("outcome"));
            input.reason = Some(body.text("reason").to_owned()).filter(|r| !r.is_empty());
            if input.outcome != Some(Outcome::Denied) {
                input.reason = None;
            }
        }
        Action::Return => input.delivery = Delivery::from_token(body.text("delivery")),
        Action::Apologize => {
            let day = NaiveDate::parse_from_str(body.text("new_date"), "%Y-%m-%d");
            let time = match body.text("new_time") {
                "" => NaiveTime::from_hms_opt(16, 30, 0).ok_or(()),
                t => NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| ()),
            };
            match (day, time) {
                (Ok(day), Ok(time)) => {
                    let vietnam = chrono::FixedOffset::east_opt(7 * 3600)
                        .and_then(|tz| tz.from_local_datetime(&day.and_time(time)).single());
                    input.new_due_at = vietnam;
                }
                (Err(_), _) if body.text("new_date").is_empty() => {
                    errors.add("new_date", ctx.t("work-new-date-missing"));
                }
                (Err(_), _) => errors.add("new_date", ctx.t("work-new-date-invalid")),
                (_, Err(_)) => errors.add("new_time", ctx.t("work-new-time-invalid")),
            }
        }
        _ => {}
    }
    (input, errors)
}

/// The form of `action` on the application's page, with what was typed and the messages.
pub fn render(
    signed: &SignedIn,
    page: &ApplicationPage,
    action: Action,
    typed: &Body,
    errors: &Errors,
    notice: Option<Markup>,
) -> Markup {
    let ctx = &signed.ctx;
    let app = &page.app.application;
    let name = super::application::action_name(signed, action.as_str());
    let enctype = with_file(action).then_some("multipart/form-data");
    let version = match typed.text("version") {
        "" => app.version.to_string(),
        v => v.to_owned(),
    };
    html! {
        (crate::web::layout::breadcrumbs(ctx, &[(app_href(&app.code).as_str(), app.code.as_str()), ("", name.as_str())]))
        (error_summary(ctx, errors))
        @if let Some(notice) = notice { (notice) }
        span.caption { (app.code) " · " (app.procedure_name) }
        h1 { (name) }
        p.lead { (ctx.t(&format!("work-form-lead-{}", super::token(action)))) }
        form.work-form method="post" action=(super::action_href(&app.code, action)) enctype=[enctype] novalidate {
            (signed.csrf_field())
            input type="hidden" name="version" value=(version);
            (fields(signed, page, action, typed, errors))
            (textarea(ctx, "note",
                &ctx.t(match action { Action::Stop => "work-note-stop", Action::Apologize => "work-note-apology", _ => "work-note" }),
                (!note_required(action)).then(|| ctx.t("work-note-optional")).as_deref(),
                typed.text("note"), errors))
            (button(&name))
            " "
            a.work-cancel href=(app_href(&app.code)) { (ctx.t("work-cancel")) }
        }
    }
}

fn fields(
    signed: &SignedIn,
    page: &ApplicationPage,
    action: Action,
    typed: &Body,
    errors: &Errors,
) -> Markup {
    let ctx = &signed.ctx;
    let app = &page.app.application;
    match action {
        Action::Refuse => textarea(
            ctx,
            "reasons",
            &ctx.t("work-reasons"),
            Some(&ctx.t("work-lines-hint")),
            typed.text("reasons"),
            errors,
        ),
        Action::RequestSupplement => {
            let choices: Vec<Choice> = page
                .documents
                .iter()
                .map(|d| Choice {
                    value: d,
                    label: d,
                    hint: None,
                })
                .collect();
            let ticked = typed.all("items");
            let ticked: Vec<&str> = ticked.iter().map(String::as_str).collect();
            html! {
                @if !choices.is_empty() {
                    (checkboxes(ctx, "items", &ctx.t("work-items"), Some(&ctx.t("work-items-hint")), &choices, &ticked, errors))
                }
                (textarea(ctx, "other", &ctx.t("work-items-other"), Some(&ctx.t("work-lines-hint")), typed.text("other"), errors))
            }
        }
        Action::HandOver | Action::Transfer => {
            let none = ctx.t("work-to-office-choose");
            let labels: Vec<(String, String)> = page
                .destinations
                .iter()
                .filter(|d| action == Action::HandOver || d.code != app.handling_office)
                .map(|d| (d.code.clone(), format!("{} ({})", d.name, d.code)))
                .collect();
            let mut choices = vec![Choice {
                value: "",
                label: &none,
                hint: None,
            }];
            choices.extend(labels.iter().map(|(v, l)| Choice {
                value: v,
                label: l,
                hint: None,
            }));
            select(
                ctx,
                "to_office",
                &ctx.t("work-to-office"),
                None,
                &choices,
                Some(typed.text("to_office")),
                errors,
            )
        }
        Action::AwaitPayment => TextInput::new("amount", &ctx.t("work-amount"))
            .hint(&ctx.t("work-amount-hint"))
            .value(typed.text("amount"))
            .inputmode("numeric")
            .width("width-10")
            .errors(ctx, errors)
            .render(),
        Action::Resolve => {
            let approved = ctx.t("work-outcome-approved");
            let denied = ctx.t("work-outcome-denied");
            let choices = [
                Choice {
                    value: "approved",
                    label: &approved,
                    hint: None,
                },
                Choice {
                    value: "denied",
                    label: &denied,
                    hint: None,
                },
            ];
            html! {
                (radios(ctx, "outcome", &ctx.t("work-outcome"), None, &choices, Some(typed.text("outcome")), errors))
                (textarea(ctx, "reason", &ctx.t("work-reason"), Some(&ctx.t("work-reason-hint")), typed.text("reason"), errors))
                (file_input(ctx, "result_file", &ctx.t("work-result-file"), Some(&ctx.t("work-result-file-hint")), ACCEPT, None, errors))
            }
        }
        Action::Return => {
            let labels: Vec<(String, String)> =
                [Delivery::InPerson, Delivery::Postal, Delivery::Electronic]
                    .iter()
                    .map(|d| {
                        (
                            d.as_str().to_owned(),
                            ctx.t(&format!("work-delivery-{}", d.as_str().replace('_', "-"))),
                        )
                    })
                    .collect();
            let choices: Vec<Choice> = labels
                .iter()
                .map(|(v, l)| Choice {
                    value: v,
                    label: l,
                    hint: None,
                })
                .collect();
            html! {
                (radios(ctx, "delivery", &ctx.t("work-delivery"), None, &choices, Some(typed.text("delivery")), errors))
                (file_input(ctx, "result_file", &ctx.t("work-result-scan"), Some(&ctx.t("work-result-scan-hint")), ACCEPT, None, errors))
            }
        }
        Action::Apologize => html! {
            div.notice.work-once {
                p { strong { (ctx.t("work-apology-once")) } }
                @if let Some(at) = app.promised_at {
                    p { (ctx.t("work-apology-given")) " " (vn_time(at)) }
                }
                @if let Some(at) = app.due_at {
                    p { (ctx.t("work-apology-due")) " " (vn_time(at)) }
                }
            }
            (TextInput::new("new_date", &ctx.t("work-new-date")).hint(&ctx.t("work-new-date-hint")).kind("date").value(typed.text("new_date")).width("width-20").errors(ctx, errors).render())
            (TextInput::new("new_time", &ctx.t("work-new-time")).hint(&ctx.t("work-new-time-hint")).kind("time").value(typed.text("new_time")).width("width-10").errors(ctx, errors).render())
        },
        _ => html! {},
    }
}

/// A notice above the form (a refusal, or the application changed meanwhile).
pub fn notice(text: &str, back: Option<(&str, &str)>) -> Markup {
    html! {
        div.notice.notice-warning role="alert" tabindex="-1" data-focus="true" {
            p { (text) }
            @if let Some((href, label)) = back { p { a href=(href) { (label) } } }
        }
    }
}
