//! Submitting a draft (one application, however often it is sent) and its confirmation.

use super::*;

/// Everything a draft still lacks before it can be submitted, each under the field of the
/// step that asks for it.
fn incomplete(apply: &Apply) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    match &apply.office {
        Some(office) => match &apply.applicant {
            Some(applicant) => issues.extend(check_details(apply, &office.code, applicant)),
            None => issues.push(issue(
                "applicant.name",
                "required",
                "nhập thông tin người nộp hồ sơ",
                "enter the applicant's details",
            )),
        },
        None => issues.push(issue(
            "office",
            "required",
            "chọn nơi tiếp nhận hồ sơ",
            "choose where the application goes",
        )),
    }
    issues.extend(missing_files(apply));
    issues
}

/// Step 4: submits the draft as one online application with its files, the draft's id as
/// the idempotency key, and keeps only the application's code in the draft. A draft already
/// submitted answers its application again.
pub fn submit_draft(
    conn: &mut DbConnection,
    state: &AppState,
    client: &str,
    code: &ProcedureCode,
    token: Option<&str>,
) -> Result<Submitted, Error> {
    let storage = Storage::from_settings(&state.settings.uploads);
    // One snapshot: a twin request finishing the draft meanwhile cannot leave this one with
    // the draft's answers but without its files.
    let read = dbmod::read_snapshot(conn, |conn| read_submission(conn, &storage, code, token))?;
    let (draft_id, body, uploads) = match read {
        Ready::Now(outcome) => return Ok(outcome),
        Ready::Send(id, body, uploads) => (id, body, uploads),
    };
    let created = submit::submit_with_files(
        conn,
        state,
        None,
        client,
        Some(draft_id.clone()),
        *body,
        uploads,
    );
    let created = match created {
        Ok(created) => created,
        // A twin finished the draft between the snapshot and the submission.
        Err(Error::IdempotencyKeyReused) => {
            return match load(conn, code, token)?.0.submitted {
                Some(done) => Ok(Submitted::Done(done)),
                None => Err(Error::IdempotencyKeyReused),
            };
        }
        Err(Error::Validation(issues)) | Err(Error::Upload { issues, .. }) => {
            let apply = load(conn, code, token)?.0;
            return Ok(Submitted::Refused(Box::new(Step {
                apply,
                token: None,
                issues,
            })));
        }
        Err(other) => return Err(other),
    };
    let application = created.body["code"]
        .as_str()
        .ok_or_else(|| Error::internal(anyhow::anyhow!("a submission answered no code")))?
        .to_owned();
    dbmod::write_transaction(conn, |conn| {
        store::finish_draft(conn, &draft_id, &application)
    })?;
    Ok(Submitted::Done(application))
}

/// What a submission reads before it writes: an outcome already, or the draft's id, the
/// application and its files.
enum Ready {
    Now(Submitted),
    Send(String, Box<SubmitIn>, Vec<Upload>),
}

fn read_submission(
    conn: &mut DbConnection,
    storage: &Storage,
    code: &ProcedureCode,
    token: Option<&str>,
) -> Result<Ready, Error> {
    let (apply, draft, _) = load(conn, code, token)?;
    let Some(draft) = draft else {
        return Ok(Ready::Now(Submitted::NoDraft));
    };
    if let Some(done) = &apply.submitted {
        return Ok(Ready::Now(Submitted::Done(done.clone())));
    }
    let missing = incomplete(&apply);
    let (Some(office), Some(applicant), true) =
        (&apply.office, &apply.applicant, missing.is_empty())
    else {
        return Ok(Ready::Now(Submitted::Refused(Box::new(Step {
            apply,
            token: None,
            issues: missing,
        }))));
    };
    let (mut body, _) = body_of(&apply, &office.code, applicant);
    let (version, _) = catalog::get(conn, code, crate::domain::today())?;
    let files = store::draft_files_of(conn, &draft.id)?;
    let mut uploads = Vec::new();
    for slot in &apply.slots {
        let Some(file) = files
            .iter()
            .rfind(|f| usize::try_from(f.document_index).ok() == Some(slot.index))
        else {
            continue;
        };
        let document = version.documents.get(slot.index);
        uploads.push(Upload {
            field: format!("documents[{}]", body.documents.len()),
            filename: file.filename.clone(),
            declared_type: Some(file.content_type.clone()),
            bytes: storage.get(conn, &file.sha256)?,
        });
        body.documents.push(DeclaredDocument {
            name: slot.name.clone(),
            originals: document.map_or(1, |d| d.originals),
            copies: document.map_or(0, |d| d.copies),
        });
    }
    Ok(Ready::Send(draft.id, Box::new(body), uploads))
}

/// Step 5: the confirmation of a submitted draft: its code, and the first time only the PIN
/// and the status page's link. `None` when the token has no submitted draft.
pub fn confirmation(
    conn: &mut DbConnection,
    state: &AppState,
    code: &ProcedureCode,
    token: Option<&str>,
) -> Result<Option<Confirmation>, Error> {
    let (apply, draft, _) = load(conn, code, token)?;
    let (Some(draft), Some(application)) = (draft, apply.submitted) else {
        return Ok(None);
    };
    let first = draft.answers != PIN_SHOWN
        && dbmod::write_transaction(conn, |conn| store::mark_pin_shown(conn, &draft.id))? == 1;
    let secret = if first {
        let row = crate::db::applications::find(conn, &application)?
            .ok_or(Error::NotFound(Code::ApplicationNotFound))?;
        let links = state.links();
        Some((
            links.pin(&application, &row.pin_nonce),
            links.status_page(&application, &row.pin_nonce),
        ))
    } else {
        None
    };
    Ok(Some(Confirmation {
        code: application,
        secret,
    }))
}
