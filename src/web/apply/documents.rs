//! Step 3: a file for each document, checked by its content and kept in the draft.

use super::*;

/// `GET /apply/{code}/documents`.
pub async fn documents(ctx: Ctx, path: web::Path<String>) -> Result<HttpResponse, Error> {
    let apply = view(&ctx, parse_code(&path)?).await?;
    if !apply.live {
        return Ok(elsewhere(&ctx, &apply));
    }
    Ok(documents_page(&ctx, &apply, &Errors::default()))
}

/// `POST /apply/{code}/documents` (multipart): each file kept as it passes; `remove=N` takes
/// a document's file off; the main button moves on when every required document has one.
pub async fn documents_post(
    ctx: Ctx,
    path: web::Path<String>,
    body: Multipart,
) -> Result<HttpResponse, Error> {
    let code = parse_code(&path)?;
    let limits = Storage::from_settings(&ctx.state.settings.uploads).limits;
    let form = match crate::multipart::read(body, &limits).await {
        Ok(form) => form,
        // Too large to read whole: the files already received are kept, the others refused.
        Err(Error::Upload { issues, .. }) => {
            let apply = view(&ctx, code).await?;
            if !apply.live {
                return Ok(elsewhere(&ctx, &apply));
            }
            return Ok(documents_page(&ctx, &apply, &errors_of(&ctx, &issues)));
        }
        Err(other) => return Err(other),
    };
    crate::web::csrf::verify(&ctx, form.text("csrf").unwrap_or_default(), "")?;
    let remove = form.text("remove").and_then(|v| v.parse::<usize>().ok());
    let uploads: Vec<Upload> = form.files;
    let token = token_of(&ctx);
    let state = ctx.state.clone();
    let step = db_write(&ctx.state, move |conn| {
        drafts::attach(
            conn,
            &state,
            &code,
            token.as_deref(),
            uploads,
            remove,
            remove.is_none(),
        )
    })
    .await?;
    if !step.apply.live {
        return Ok(elsewhere(&ctx, &step.apply));
    }
    if !step.issues.is_empty() {
        return Ok(documents_page(
            &ctx,
            &step.apply,
            &errors_of(&ctx, &step.issues),
        ));
    }
    if remove.is_some() {
        let to = action(
            &ctx,
            &format!("{}/documents", base(&step.apply.procedure_code)),
        );
        return Ok(layout::redirect(&ctx, &to));
    }
    Ok(layout::redirect(&ctx, &next(&ctx, &step.apply, "check")))
}

fn documents_page(ctx: &Ctx, apply: &Apply, errors: &Errors) -> HttpResponse {
    let heading = ctx.t("apply-documents-title");
    let body = html! {
        p.lead { (ctx.t("apply-documents-lead")) }
        p.hint { (ctx.t_args("apply-files-rule", &file_rule_args(ctx))) }
        form method="post" action=(action(ctx, &format!("{}/documents", base(&apply.procedure_code)))) enctype="multipart/form-data" novalidate {
            (ctx.csrf_field())
            @if apply.slots.is_empty() {
                p { (ctx.t("apply-no-documents")) }
            }
            @for slot in &apply.slots {
                @let name = format!("documents[{}]", slot.index);
                @let hint = if slot.optional { Some(ctx.t("apply-optional")) } else { None };
                @let kept = slot.file.as_ref().map(|f| format!("{} ({})", f.filename, size_words(f.size)));
                (file_input(ctx, &name, &slot.name, hint.as_deref(), ACCEPT, kept.as_deref(), errors))
                @if slot.file.is_some() {
                    div.file-actions {
                        (secondary_button(&ctx.t_args("apply-remove-file", &args(&[("document", slot.name.clone().into())])), "remove", &slot.index.to_string()))
                    }
                }
            }
            (button(&ctx.t("form-continue")))
        }
    };
    step_page(ctx, apply, errors, &heading, body)
}
