//! Step 4: check your answers, with a change link per row, and the submission.

use super::*;

/// The form of the check page: its token only.
#[derive(Debug, Default, Deserialize)]
pub struct SubmitForm {
    /// The form token.
    #[serde(default)]
    pub csrf: String,
}

/// `GET /apply/{code}/check`: check your answers.
pub async fn check(ctx: Ctx, path: web::Path<String>) -> Result<HttpResponse, Error> {
    let apply = view(&ctx, parse_code(&path)?).await?;
    if !apply.live {
        return Ok(elsewhere(&ctx, &apply));
    }
    Ok(check_page(&ctx, &apply, &Errors::default()))
}

/// `POST /apply/{code}/check`: submits the application, once.
pub async fn submit(
    ctx: Ctx,
    path: web::Path<String>,
    form: web::Form<SubmitForm>,
) -> Result<HttpResponse, Error> {
    crate::web::csrf::verify(&ctx, &form.csrf, "")?;
    let code = parse_code(&path)?;
    let base_path = base(code.as_str());
    let token = token_of(&ctx);
    let client =
        crate::api::auth::client_address(&ctx.req, ctx.state.settings.auth.trust_forwarded_headers);
    let state = ctx.state.clone();
    let done = db_write(&ctx.state, move |conn| {
        drafts::submit_draft(conn, &state, &client, &code, token.as_deref())
    })
    .await?;
    match done {
        Submitted::NoDraft => Ok(layout::redirect(&ctx, &base_path)),
        Submitted::Done(_) => Ok(layout::redirect(&ctx, &format!("{base_path}/done"))),
        Submitted::Refused(step) => Ok(check_page(
            &ctx,
            &step.apply,
            &errors_of(&ctx, &step.issues),
        )),
    }
}

fn summary_row(ctx: &Ctx, id: &str, label: &str, value: Markup, change: &str) -> Markup {
    html! {
        div.summary-row.summary-row-change id=(field_id(id)) {
            dt { (label) }
            dd { (value) }
            dd.summary-actions {
                a href=(change) { (ctx.t("apply-change")) span.visually-hidden { " " (label) } }
            }
        }
    }
}

fn id_kind_words(ctx: &Ctx, kind: &str) -> String {
    match kind {
        "passport" => ctx.t("apply-id-passport"),
        "tax_code" => ctx.t("apply-id-tax"),
        _ => ctx.t("apply-id-citizen"),
    }
}

fn check_page(ctx: &Ctx, apply: &Apply, errors: &Errors) -> HttpResponse {
    let heading = ctx.t("apply-check-title");
    let code_base = base(&apply.procedure_code);
    let details = format!("{code_base}/details?change=1");
    let documents = format!("{code_base}/documents?change=1");
    let answers = apply.applicant.clone().unwrap_or_default();
    let or_none = |value: &str| -> Markup {
        html! { @if value.trim().is_empty() { span.muted { (ctx.t("apply-not-given")) } } @else { (value) } }
    };
    let body = html! {
        h2.heading-m { (ctx.t("apply-check-where")) }
        dl.summary-list {
            (summary_row(ctx, "office", &ctx.t("apply-office"), html! {
                @match &apply.office { Some(o) => { (o.name) br; span.muted { (o.unit_name) } }, None => (or_none("")) }
            }, &format!("{code_base}?change=1")))
        }
        h2.heading-m { (ctx.t("apply-check-applicant")) }
        dl.summary-list {
            (summary_row(ctx, "name", &ctx.t("apply-name"), or_none(&answers.name), &format!("{details}#name")))
            (summary_row(ctx, "id_kind", &ctx.t("apply-id-kind"), html! { (id_kind_words(ctx, &answers.id_kind)) }, &format!("{details}#id-kind")))
            (summary_row(ctx, "id_number", &ctx.t("apply-id-number"), or_none(&answers.id_number), &format!("{details}#id-number")))
            (summary_row(ctx, "phone", &ctx.t("apply-phone"), or_none(&answers.phone), &format!("{details}#phone")))
            (summary_row(ctx, "email", &ctx.t("apply-email"), or_none(&answers.email), &format!("{details}#email")))
            (summary_row(ctx, "address", &ctx.t("apply-address"), or_none(&answers.address), &format!("{details}#address")))
        }
        @if !apply.slots.is_empty() {
            h2.heading-m { (ctx.t("apply-check-documents")) }
            dl.summary-list {
                @for slot in &apply.slots {
                    @let id = format!("documents[{}]", slot.index);
                    (summary_row(ctx, &id, &slot.name, html! {
                        @match &slot.file {
                            Some(f) => { (f.filename) " " span.muted { "(" (size_words(f.size)) ")" } },
                            None => span.muted { (ctx.t("apply-no-file")) },
                        }
                    }, &format!("{documents}#{}", field_id(&id))))
                }
            }
        }
        h2.heading-m { (ctx.t("apply-check-send")) }
        p { (ctx.t("apply-check-declaration")) }
        form method="post" action={ (code_base) "/check" } novalidate {
            (ctx.csrf_field())
            (button(&ctx.t("apply-submit")))
        }
    };
    step_page(ctx, apply, errors, &heading, body)
}
