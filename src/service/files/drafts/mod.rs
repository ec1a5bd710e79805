//! Online applications on the public pages: a draft keeps the citizen's answers and files
//! between the steps (office → details → documents → check your answers) and becomes one
//! application.
//!
//! The browser holds a random token; the draft's id is its SHA-256, so the database never
//! holds what opens a draft. The id is also the submission's idempotency key: a double click,
//! the back button or a retry creates one application. Files are checked as the API checks
//! them (type from the content, limits per file and per application) and stored once by
//! digest as they come; a new file for a document replaces the one before. A submitted draft
//! keeps only its application's code, so its confirmation (with the PIN, shown once) can be
//! found again, until it expires; [`super::sweep`] removes expired drafts and the bytes
//! nothing refers to.

use serde::{Deserialize, Serialize};

use super::{Storage, Upload, check_all};
use crate::db::files::{self as store, DraftFileRow, DraftRow, PIN_SHOWN};
use crate::db::{self as dbmod, DbConnection};
use crate::domain::application::{Channel, IdKind};
use crate::domain::procedure::{Presentation, ProcedureCode};
use crate::domain::upload::sha256_hex;
use crate::error::{Code, Error, FieldIssue};
use crate::service::applications::submit::{self, SubmitIn};
use crate::service::applications::views::{DeclaredDocument, Person};
use crate::service::catalog::procedures as catalog;
use crate::service::site::offices::{ReceivingOffice, receiving};
use crate::state::AppState;

mod sending;

pub use sending::{confirmation, submit_draft};

/// The applicant's details as typed (kept as typed, also when they do not pass yet).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicantAnswers {
    /// Full name.
    pub name: String,
    /// `citizen_id`, `passport` or `tax_code`.
    pub id_kind: String,
    /// The identity document's number.
    pub id_number: String,
    /// Phone number.
    pub phone: String,
    /// Email address.
    pub email: String,
    /// Address.
    pub address: String,
}

/// What a draft's `answers` column holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
struct Answers {
    office_code: Option<String>,
    applicant: Option<ApplicantAnswers>,
}

/// A file a draft holds for a document.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftFile {
    /// The name it was uploaded with.
    pub filename: String,
    /// The type read from its content.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
}

/// A document of the procedure the applicant sends a file for.
#[derive(Debug, Clone)]
pub struct Slot {
    /// Its place in the procedure's documents (the form field is `documents[N]`).
    pub index: usize,
    /// Its name.
    pub name: String,
    /// Needed only in some cases.
    pub optional: bool,
    /// The file the draft holds for it.
    pub file: Option<DraftFile>,
}

/// An online application as the pages show it: the procedure, where it can be sent, and
/// what the draft holds so far.
#[derive(Debug, Clone)]
pub struct Apply {
    /// The procedure's code.
    pub procedure_code: String,
    /// The procedure's name.
    pub procedure_name: String,
    /// The offices that take it online today.
    pub offices: Vec<ReceivingOffice>,
    /// The documents to send a file for.
    pub slots: Vec<Slot>,
    /// Whether the request's token opens a draft of this procedure that is not submitted.
    pub live: bool,
    /// The office chosen, if it still takes the procedure online.
    pub office: Option<ReceivingOffice>,
    /// The applicant's details, as typed.
    pub applicant: Option<ApplicantAnswers>,
    /// The application the draft became.
    pub submitted: Option<String>,
}

/// The answer of a step: the application as it stands, the token of a draft just made (for
/// the browser to keep), and what was refused (each under its form field).
#[derive(Debug, Clone)]
pub struct Step {
    /// The application after the step.
    pub apply: Apply,
    /// A new draft's token.
    pub token: Option<String>,
    /// Field issues: `office`, `applicant.*`, `documents[N]`.
    pub issues: Vec<FieldIssue>,
}

/// What submitting a draft gave.
#[derive(Debug, Clone)]
pub enum Submitted {
    /// No live draft for this token.
    NoDraft,
    /// The application's code (made now, or by an earlier submission of the draft).
    Done(String),
    /// Not yet: what is missing or wrong.
    Refused(Box<Step>),
}

/// The confirmation of a submitted draft.
#[derive(Debug, Clone)]
pub struct Confirmation {
    /// The application's code.
    pub code: String,
    /// The PIN and the status page's link (slip 01's QR code), the first time only.
    pub secret: Option<(String, String)>,
}

/// A new random token for a draft.
fn new_token() -> Result<String, Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| Error::internal(anyhow::anyhow!("{e}")))?;
    Ok(hex::encode(bytes))
}

fn draft_id(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

fn issue(field: &str, rule: &str, vi: &str, en: &str) -> FieldIssue {
    FieldIssue::new(field, rule, vi, en)
}

/// The procedure, its online offices and documents, and the token's draft of it (submitted
/// or not), with its answers.
fn load(
    conn: &mut DbConnection,
    code: &ProcedureCode,
    token: Option<&str>,
) -> Result<(Apply, Option<DraftRow>, Answers), Error> {
    let today = crate::domain::today();
    let (out, _) = catalog::get(conn, code, today)?;
    if !out.published {
        return Err(Error::NotFound(Code::ProcedureNotFound));
    }
    let offices: Vec<ReceivingOffice> = receiving(conn, &out.code, &out.channels, today)?
        .into_iter()
        .filter(|o| o.takes_online)
        .collect();
    let draft = match token {
        Some(token) => store::draft(conn, &draft_id(token), dbmod::now())?
            .filter(|d| d.procedure_code == out.code),
        None => None,
    };
    let answers: Answers = draft
        .as_ref()
        .filter(|d| d.application_code.is_none())
        .and_then(|d| serde_json::from_str(&d.answers).ok())
        .unwrap_or_default();
    let files = match &draft {
        Some(d) => store::draft_files_of(conn, &d.id)?,
        None => Vec::new(),
    };
    let slots = out
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| d.presentation == Presentation::Submit)
        .map(|(index, d)| Slot {
            index,
            name: d.name.clone(),
            optional: d.optional,
            file: files
                .iter()
                .rfind(|f| usize::try_from(f.document_index).ok() == Some(index))
                .map(|f| DraftFile {
                    filename: f.filename.clone(),
                    content_type: f.content_type.clone(),
                    size: f.size,
                }),
        })
        .collect();
    let office = answers
        .office_code
        .as_ref()
        .and_then(|c| offices.iter().find(|o| &o.code == c).cloned());
    let apply = Apply {
        procedure_code: out.code.clone(),
        procedure_name: out.name.clone(),
        offices,
        slots,
        live: draft.as_ref().is_some_and(|d| d.application_code.is_none()),
        office,
        applicant: answers.applicant.clone(),
        submitted: draft.as_ref().and_then(|d| d.application_code.clone()),
    };
    Ok((apply, draft, answers))
}

/// The online application of a procedure and the token's draft of it.
pub fn view(
    conn: &mut DbConnection,
    code: &ProcedureCode,
    token: Option<&str>,
) -> Result<Apply, Error> {
    Ok(load(conn, code, token)?.0)
}

fn expiry(state: &AppState, now: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    now + chrono::Duration::hours(state.settings.uploads.draft_hours.max(1))
}

fn save(
    conn: &mut DbConnection,
    state: &AppState,
    id: &str,
    answers: &Answers,
) -> Result<(), Error> {
    let now = dbmod::now();
    let text = serde_json::to_string(answers).map_err(Error::internal)?;
    store::save_draft(conn, id, &text, now, expiry(state, now))?;
    Ok(())
}

/// Step 1: the office. Starts a draft when the token has none (or only a submitted one).
pub fn choose_office(
    conn: &mut DbConnection,
    state: &AppState,
    code: &ProcedureCode,
    token: Option<&str>,
    office_code: &str,
) -> Result<Step, Error> {
    dbmod::write_transaction(conn, |conn| {
        let (apply, draft, mut answers) = load(conn, code, token)?;
        if !apply.offices.iter().any(|o| o.code == office_code) {
            return Ok(Step {
                apply,
                token: None,
                issues: vec![issue(
                    "office",
                    "required",
                    "chọn nơi tiếp nhận hồ sơ",
                    "choose where the application goes",
                )],
            });
        }
        answers.office_code = Some(office_code.to_owned());
        let mut new = None;
        match draft.filter(|d| d.application_code.is_none()) {
            Some(d) => save(conn, state, &d.id, &answers)?,
            None => {
                let fresh = new_token()?;
                let now = dbmod::now();
                store::insert_draft(
                    conn,
                    &DraftRow {
                        id: draft_id(&fresh),
                        procedure_code: apply.procedure_code.clone(),
                        answers: serde_json::to_string(&answers).map_err(Error::internal)?,
                        application_code: None,
                        created_at: now,
                        updated_at: now,
                        expires_at: expiry(state, now),
                    },
                )?;
                new = Some(fresh);
            }
        }
        let (apply, _, _) = load(conn, code, new.as_deref().or(token))?;
        Ok(Step {
            apply,
            token: new,
            issues: Vec::new(),
        })
    })
}

/// The application to submit from a draft's answers (the documents: those with a file).
fn body_of(
    apply: &Apply,
    office: &str,
    applicant: &ApplicantAnswers,
) -> (SubmitIn, Vec<FieldIssue>) {
    let blank = |s: &str| {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_owned())
    };
    let mut issues = Vec::new();
    let id_kind = IdKind::from_token(applicant.id_kind.trim()).unwrap_or_else(|| {
        issues.push(issue(
            "applicant.id_kind",
            "one_of",
            "chọn loại giấy tờ tùy thân",
            "choose the kind of identity document",
        ));
        IdKind::CitizenId
    });
    let body = SubmitIn {
        office_code: office.to_owned(),
        procedure_code: apply.procedure_code.clone(),
        channel: Channel::Online,
        applicant: Person {
            name: applicant.name.clone(),
            id_kind,
            id_number: applicant.id_number.clone(),
            phone: blank(&applicant.phone),
            email: blank(&applicant.email),
            address: blank(&applicant.address),
        },
        proxy: None,
        documents: Vec::new(),
        note: None,
        refusal_reasons: None,
    };
    (body, issues)
}

/// The applicant's details checked as the API checks them, every issue at once.
fn check_details(apply: &Apply, office: &str, applicant: &ApplicantAnswers) -> Vec<FieldIssue> {
    let (mut body, mut issues) = body_of(apply, office, applicant);
    if let Err(Error::Validation(found)) = submit::check(&mut body, true) {
        issues.extend(found);
    }
    issues
}

/// Step 2: the applicant's details. They are kept as typed, then checked.
pub fn save_details(
    conn: &mut DbConnection,
    state: &AppState,
    code: &ProcedureCode,
    token: Option<&str>,
    applicant: ApplicantAnswers,
) -> Result<Step, Error> {
    dbmod::write_transaction(conn, |conn| {
        let (apply, draft, mut answers) = load(conn, code, token)?;
        let Some(draft) = draft.filter(|_| apply.live) else {
            return Ok(Step {
                apply,
                token: None,
                issues: Vec::new(),
            });
        };
        let office = answers.office_code.clone().unwrap_or_default();
        let issues = check_details(&apply, &office, &applicant);
        answers.applicant = Some(applicant);
        save(conn, state, &draft.id, &answers)?;
        let (apply, _, _) = load(conn, code, token)?;
        Ok(Step {
            apply,
            token: None,
            issues,
        })
    })
}

/// The place in the procedure's documents a file field names: `documents[N]`.
fn slot_of(field: &str, apply: &Apply) -> Option<usize> {
    let n = field
        .strip_prefix("documents[")?
        .strip_suffix(']')?
        .parse::<usize>()
        .ok()?;
    apply.slots.iter().any(|s| s.index == n).then_some(n)
}

fn missing_files(apply: &Apply) -> Vec<FieldIssue> {
    apply
        .slots
        .iter()
        .filter(|s| !s.optional && s.file.is_none())
        .map(|s| {
            issue(
                &format!("documents[{}]", s.index),
                "required",
                &format!("chọn tệp cho giấy tờ: {}", s.name),
                &format!("choose a file for: {}", s.name),
            )
        })
        .collect()
}

/// Step 3: the documents. Each file is checked and kept in the draft (replacing the
/// document's earlier file) even when another file of the same form is refused; `remove`
/// takes a document's file off. With `finishing`, every required document must have a file.
pub fn attach(
    conn: &mut DbConnection,
    state: &AppState,
    code: &ProcedureCode,
    token: Option<&str>,
    uploads: Vec<Upload>,
    remove: Option<usize>,
    finishing: bool,
) -> Result<Step, Error> {
    let storage = Storage::from_settings(&state.settings.uploads);
    dbmod::write_transaction(conn, |conn| {
        let (apply, draft, answers) = load(conn, code, token)?;
        let Some(draft) = draft.filter(|_| apply.live) else {
            return Ok(Step {
                apply,
                token: None,
                issues: Vec::new(),
            });
        };
        let mut issues = Vec::new();
        if let Some(index) = remove {
            store::delete_draft_files_at(conn, &draft.id, i32::try_from(index).unwrap_or(-1))?;
        }
        for upload in uploads {
            let Some(index) = slot_of(&upload.field, &apply) else {
                issues.push(issue(
                    &upload.field,
                    "document",
                    "tệp không ứng với giấy tờ nào của thủ tục",
                    "the file answers no document of the procedure",
                ));
                continue;
            };
            let index = i32::try_from(index).unwrap_or(i32::MAX);
            let others: Vec<DraftFileRow> = store::draft_files_of(conn, &draft.id)?
                .into_iter()
                .filter(|f| f.document_index != index)
                .collect();
            let already = (
                others.iter().map(|f| f.size.max(0) as u64).sum::<u64>(),
                others.len(),
            );
            match check_all(&storage.limits, vec![upload], already) {
                Ok(accepted) => {
                    for file in accepted {
                        storage.put(conn, &file.checked, &file.bytes)?;
                        store::delete_draft_files_at(conn, &draft.id, index)?;
                        store::insert_draft_file(
                            conn,
                            &DraftFileRow {
                                id: uuid::Uuid::new_v4().to_string(),
                                draft_id: draft.id.clone(),
                                document_index: index,
                                filename: file.filename,
                                content_type: file.checked.file_type.mime().to_owned(),
                                size: i64::try_from(file.checked.size).unwrap_or(i64::MAX),
                                sha256: file.checked.sha256,
                                uploaded_at: dbmod::now(),
                            },
                        )?;
                    }
                }
                Err(Error::Upload { issues: found, .. }) => issues.extend(found),
                Err(other) => return Err(other),
            }
        }
        save(conn, state, &draft.id, &answers)?;
        let (apply, _, _) = load(conn, code, token)?;
        if finishing && issues.is_empty() {
            issues = missing_files(&apply);
        }
        Ok(Step {
            apply,
            token: None,
            issues,
        })
    })
}
