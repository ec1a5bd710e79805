//! Step 2: the applicant's details, kept as typed, then checked by the API's rules.

use super::*;

/// The applicant's details form.
#[derive(Debug, Default, Deserialize)]
pub struct DetailsForm {
    /// Full name.
    #[serde(default)]
    pub name: String,
    /// The identity document's kind.
    #[serde(default)]
    pub id_kind: String,
    /// Its number.
    #[serde(default)]
    pub id_number: String,
    /// Phone.
    #[serde(default)]
    pub phone: String,
    /// Email.
    #[serde(default)]
    pub email: String,
    /// Address.
    #[serde(default)]
    pub address: String,
    /// The form token.
    #[serde(default)]
    pub csrf: String,
}

/// `GET /apply/{code}/details`.
pub async fn details(ctx: Ctx, path: web::Path<String>) -> Result<HttpResponse, Error> {
    let apply = view(&ctx, parse_code(&path)?).await?;
    if !apply.live {
        return Ok(elsewhere(&ctx, &apply));
    }
    let answers = apply.applicant.clone().unwrap_or_default();
    Ok(details_page(&ctx, &apply, &answers, &Errors::default()))
}

/// `POST /apply/{code}/details`: kept as typed, then checked.
pub async fn details_post(
    ctx: Ctx,
    path: web::Path<String>,
    form: web::Form<DetailsForm>,
) -> Result<HttpResponse, Error> {
    crate::web::csrf::verify(&ctx, &form.csrf, "")?;
    let code = parse_code(&path)?;
    let form = form.into_inner();
    let answers = ApplicantAnswers {
        name: form.name,
        id_kind: form.id_kind,
        id_number: form.id_number,
        phone: form.phone,
        email: form.email,
        address: form.address,
    };
    let token = token_of(&ctx);
    let state = ctx.state.clone();
    let typed = answers.clone();
    let step = db_write(&ctx.state, move |conn| {
        drafts::save_details(conn, &state, &code, token.as_deref(), typed)
    })
    .await?;
    if !step.apply.live {
        return Ok(elsewhere(&ctx, &step.apply));
    }
    if !step.issues.is_empty() {
        let errors = errors_of(&ctx, &step.issues);
        return Ok(details_page(&ctx, &step.apply, &answers, &errors));
    }
    Ok(layout::redirect(
        &ctx,
        &next(&ctx, &step.apply, "documents"),
    ))
}

fn details_page(
    ctx: &Ctx,
    apply: &Apply,
    answers: &ApplicantAnswers,
    errors: &Errors,
) -> HttpResponse {
    let heading = ctx.t("apply-details-title");
    let kinds = [
        ("citizen_id", ctx.t("apply-id-citizen")),
        ("passport", ctx.t("apply-id-passport")),
        ("tax_code", ctx.t("apply-id-tax")),
    ];
    let choices: Vec<Choice<'_>> = kinds
        .iter()
        .map(|(value, label)| Choice {
            value,
            label,
            hint: None,
        })
        .collect();
    let kind = if answers.id_kind.is_empty() {
        "citizen_id"
    } else {
        answers.id_kind.as_str()
    };
    let body = html! {
        p.lead { (ctx.t("apply-details-lead")) }
        form method="post" action=(action(ctx, &format!("{}/details", base(&apply.procedure_code)))) novalidate {
            (ctx.csrf_field())
            (TextInput::new("name", &ctx.t("apply-name")).value(&answers.name)
                .autocomplete("name").errors(ctx, errors).render())
            (radios(ctx, "id_kind", &ctx.t("apply-id-kind"), None, &choices, Some(kind), errors))
            (TextInput::new("id_number", &ctx.t("apply-id-number")).value(&answers.id_number)
                .hint(&ctx.t("apply-id-number-hint")).autocomplete("off").width("width-20")
                .errors(ctx, errors).render())
            (TextInput::new("phone", &ctx.t("apply-phone")).value(&answers.phone)
                .hint(&ctx.t("apply-phone-hint")).kind("tel").autocomplete("tel").width("width-20")
                .errors(ctx, errors).render())
            (TextInput::new("email", &ctx.t("apply-email")).value(&answers.email)
                .hint(&ctx.t("apply-email-hint")).kind("email").autocomplete("email")
                .errors(ctx, errors).render())
            (TextInput::new("address", &ctx.t("apply-address")).value(&answers.address)
                .hint(&ctx.t("apply-optional")).autocomplete("street-address")
                .errors(ctx, errors).render())
            (button(&ctx.t("form-continue")))
        }
    };
    step_page(ctx, apply, errors, &heading, body)
}
