//! The desk intake: the clerk finds the procedure (by its code or the words of its name,
//! accents optional) among those the office receives today, ticks the documents handed in
//! on the procedure's checklist, types the applicant's details, attaches the scans, and one
//! submit receives it: the JSON API's desk submission ([`submit_with_files`]), the scans
//! stored as desk scans through the same upload path (type read from the content, stored
//! once by digest), idempotent by the form's key.

use chrono::NaiveDate;

use super::office_of;
use crate::db::{DbConnection, offices, procedures, read_snapshot};
use crate::domain::account::Binding;
use crate::domain::application::{Channel, IdKind};
use crate::domain::procedure::Document;
use crate::domain::text::fold;
use crate::error::{Error, FieldIssue};
use crate::service::Staff;
use crate::service::applications::submit::{self, SubmitIn};
use crate::service::applications::views::{DeclaredDocument, Person};
use crate::service::files::Upload;
use crate::state::AppState;

/// At most this many procedures are listed for one search.
pub const MAX_CHOICES: usize = 30;

/// A procedure the office receives, as the search lists it.
#[derive(Debug, Clone)]
pub struct ProcedureChoice {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its field's name.
    pub field: String,
}

/// The procedures the clerk's office receives on `today` that match `query`: its exact code,
/// or every word of it in the name (accents and case ignored), at most [`MAX_CHOICES`], and
/// how many matched in all.
pub fn find_procedures(
    conn: &mut DbConnection,
    staff: &Staff,
    query: &str,
    today: NaiveDate,
) -> Result<(Vec<ProcedureChoice>, usize), Error> {
    read_snapshot(conn, |conn| {
        let office_id = office_of(conn, staff)?;
        let codes = offices::available_codes(conn, &office_id, today)?;
        let versions = procedures::in_force_many(conn, &codes, today)?;
        let typed = query.trim();
        let words: Vec<String> = fold(typed).split_whitespace().map(str::to_owned).collect();
        let exact: Vec<_> = versions
            .iter()
            .filter(|(v, _)| v.procedure_code.eq_ignore_ascii_case(typed))
            .collect();
        let matched: Vec<_> = if !exact.is_empty() {
            exact
        } else {
            versions
                .iter()
                .filter(|(v, _)| {
                    let name = format!("{} {}", v.name_folded, v.procedure_code);
                    let name_words: Vec<&str> = name.split_whitespace().collect();
                    words.iter().all(|w| {
                        // Short words as whole words ("xe" is not inside "xem"), longer
                        // ones as the start of a word, so a word typed in part still finds.
                        if w.chars().count() <= 2 {
                            name_words.contains(&w.as_str())
                        } else {
                            name_words.iter().any(|n| n.starts_with(w.as_str()))
                        }
                    })
                })
                .collect()
        };
        let total = matched.len();
        Ok((
            matched
                .into_iter()
                .take(MAX_CHOICES)
                .map(|(v, field)| ProcedureChoice {
                    code: v.procedure_code.clone(),
                    name: v.name.clone(),
                    field: field.clone(),
                })
                .collect(),
            total,
        ))
    })
}

/// What the intake form shows of a procedure.
#[derive(Debug, Clone)]
pub struct IntakeProcedure {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its documents, in order: the checklist.
    pub documents: Vec<Document>,
    /// The channels it takes at the desk (`in_person`, `postal`), in that order.
    pub channels: Vec<Channel>,
}

/// The procedure `code` as the intake form needs it, if the clerk's office receives it today
/// (else 422 on the field `procedure`).
pub fn procedure(
    conn: &mut DbConnection,
    staff: &Staff,
    code: &str,
    today: NaiveDate,
) -> Result<IntakeProcedure, Error> {
    read_snapshot(conn, |conn| {
        let office_id = office_of(conn, staff)?;
        let code = code.trim();
        let not_here = || {
            Error::field(
                "procedure",
                "not_available",
                "bộ phận không tiếp nhận thủ tục này hôm nay",
                "this office does not receive this procedure today",
            )
        };
        if offices::available_on(conn, &office_id, code, today)?.is_none() {
            return Err(not_here());
        }
        let version = procedures::in_force(conn, code, today)?.ok_or_else(not_here)?;
        let details = version.details().map_err(Error::internal)?;
        let listed: Vec<&str> = version
            .channels
            .split(',')
            .filter(|c| !c.is_empty())
            .collect();
        let channels = [Channel::InPerson, Channel::Postal]
            .into_iter()
            .filter(|c| listed.is_empty() || listed.contains(&c.as_str()))
            .collect();
        Ok(IntakeProcedure {
            code: version.procedure_code,
            name: version.name,
            documents: details.documents,
            channels,
        })
    })
}

/// One document ticked on the checklist: its place in the procedure's list and the pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticked {
    /// Its place in the procedure's documents, from 0.
    pub index: usize,
    /// Originals handed in.
    pub originals: u32,
    /// Copies handed in.
    pub copies: u32,
}

/// What the intake form sends, as typed.
#[derive(Debug, Clone, Default)]
pub struct IntakeIn {
    /// The procedure's code.
    pub procedure_code: String,
    /// `in_person` (default) or `postal`.
    pub channel: String,
    /// The applicant's name.
    pub name: String,
    /// `citizen_id`, `passport`, `tax_code`.
    pub id_kind: String,
    /// Its number.
    pub id_number: String,
    /// Phone (optional at the desk).
    pub phone: String,
    /// Email (optional).
    pub email: String,
    /// Address (optional).
    pub address: String,
    /// A note.
    pub note: String,
    /// The documents handed in.
    pub ticked: Vec<Ticked>,
}

/// The place N of a scan's field `scans[N]`.
fn scan_index(field: &str) -> Option<usize> {
    field
        .strip_prefix("scans[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

fn issue(field: &str, rule: &str, vi: &str, en: &str) -> FieldIssue {
    FieldIssue::new(field, rule, vi, en)
}

/// The submission an intake makes, and the scans as the submission's `documents[K]` parts;
/// or every issue found in it at once (field names of the form: `name`, `documents`,
/// `scans[N]`…).
fn submission(
    office_code: &str,
    procedure: &IntakeProcedure,
    form: &IntakeIn,
    scans: Vec<Upload>,
) -> Result<(SubmitIn, Vec<Upload>), Vec<FieldIssue>> {
    let blank = |s: &str| {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_owned())
    };
    let mut issues = Vec::new();
    let id_kind = IdKind::from_token(form.id_kind.trim()).unwrap_or_else(|| {
        issues.push(issue(
            "id_kind",
            "one_of",
            "chọn loại giấy tờ tùy thân",
            "choose the kind of identity document",
        ));
        IdKind::CitizenId
    });
    let channel = match form.channel.trim() {
        "" | "in_person" => Channel::InPerson,
        "postal" => Channel::Postal,
        _ => {
            issues.push(issue(
                "channel",
                "one_of",
                "chọn cách nộp hồ sơ",
                "choose how the application came",
            ));
            Channel::InPerson
        }
    };
    let mut ticked: Vec<&Ticked> = form
        .ticked
        .iter()
        .filter(|t| t.index < procedure.documents.len())
        .collect();
    ticked.sort_by_key(|t| t.index);
    ticked.dedup_by_key(|t| t.index);
    for t in &ticked {
        if t.originals > 99 || t.copies > 99 {
            issues.push(issue(
                &format!("pieces[{}]", t.index),
                "range",
                "số bản từ 0 đến 99",
                "0 to 99 pieces",
            ));
        }
    }
    for (i, document) in procedure.documents.iter().enumerate() {
        if !document.optional && !ticked.iter().any(|t| t.index == i) {
            issues.push(issue(
                &format!("documents[{i}]"),
                "required_document",
                &format!("chưa nhận giấy tờ bắt buộc: {}", document.name),
                &format!("a required document is not ticked: {}", document.name),
            ));
        }
    }
    let mut parts = Vec::with_capacity(scans.len());
    for mut scan in scans {
        let place = scan_index(&scan.field)
            .and_then(|n| ticked.iter().position(|t| t.index == n).map(|k| (n, k)));
        match place {
            Some((_, k)) => {
                scan.field = format!("documents[{k}]");
                parts.push(scan);
            }
            None => issues.push(issue(
                &scan.field,
                "document",
                "bản quét của giấy tờ chưa được đánh dấu đã nhận",
                "a scan of a document not ticked as handed in",
            )),
        }
    }
    let mut body = SubmitIn {
        office_code: office_code.to_owned(),
        procedure_code: procedure.code.clone(),
        channel,
        applicant: Person {
            name: form.name.clone(),
            id_kind,
            id_number: form.id_number.clone(),
            phone: blank(&form.phone),
            email: blank(&form.email),
            address: blank(&form.address),
        },
        proxy: None,
        documents: ticked
            .iter()
            .map(|t| DeclaredDocument {
                name: procedure.documents[t.index].name.clone(),
                originals: t.originals,
                copies: t.copies,
            })
            .collect(),
        note: blank(&form.note),
        refusal_reasons: None,
    };
    if let Err(Error::Validation(found)) = submit::check(&mut body, false) {
        issues.extend(found.into_iter().map(|mut i| {
            if let Some(field) = i.field.strip_prefix("applicant.") {
                i.field = field.to_owned();
            }
            i
        }));
    }
    if issues.is_empty() {
        Ok((body, parts))
    } else {
        Err(issues)
    }
}

/// Receives an application at the clerk's desk from the intake form: the JSON API's desk
/// submission with the scans, keyed by `key` (a form sent twice receives one application).
/// Returns its code. Bad input is one validation error with every issue, under the form's
/// field names.
pub fn receive(
    conn: &mut DbConnection,
    state: &AppState,
    staff: &Staff,
    today: NaiveDate,
    key: Option<String>,
    form: IntakeIn,
    scans: Vec<Upload>,
) -> Result<String, Error> {
    let Binding::Office { office_code, .. } = &staff.binding else {
        return Err(Error::Forbidden);
    };
    let procedure = procedure(conn, staff, &form.procedure_code, today)?;
    let (body, parts) =
        submission(office_code, &procedure, &form, scans).map_err(Error::Validation)?;
    // The submission's `documents[K]` is the K-th ticked document; the form's `scans[N]` the
    // procedure's document N.
    let mut places: Vec<usize> = form
        .ticked
        .iter()
        .map(|t| t.index)
        .filter(|&n| n < procedure.documents.len())
        .collect();
    places.sort_unstable();
    places.dedup();
    let rename = |issues: Vec<FieldIssue>| -> Vec<FieldIssue> {
        issues
            .into_iter()
            .map(|mut i| {
                if let Some(field) = i.field.strip_prefix("applicant.") {
                    i.field = field.to_owned();
                } else if let Some(n) = i
                    .field
                    .strip_prefix("documents[")
                    .and_then(|f| f.strip_suffix(']'))
                    .and_then(|k| k.parse::<usize>().ok())
                    .and_then(|k| places.get(k))
                {
                    i.field = format!("scans[{n}]");
                }
                i
            })
            .collect()
    };
    let created = submit::submit_with_files(conn, state, Some(staff), "", key, body, parts)
        .map_err(|error| match error {
            Error::Validation(issues) => Error::Validation(rename(issues)),
            Error::Upload { code, issues } => Error::Upload {
                code,
                issues: rename(issues),
            },
            other => other,
        })?;
    Ok(created.body["code"].as_str().unwrap_or_default().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn procedure() -> IntakeProcedure {
        let doc = |name: &str, optional: bool| Document {
            name: name.into(),
            originals: 1,
            copies: 0,
            form: None,
            presentation: Default::default(),
            case: None,
            optional,
        };
        IntakeProcedure {
            code: "1.001193".into(),
            name: "Đăng ký khai sinh".into(),
            documents: vec![
                doc("Tờ khai", false),
                doc("Giấy chứng sinh", false),
                doc("Khác", true),
            ],
            channels: vec![Channel::InPerson],
        }
    }

    fn upload(field: &str) -> Upload {
        Upload {
            field: field.into(),
            filename: "scan.pdf".into(),
            declared_type: None,
            bytes: b"%PDF-1.4".to_vec(),
        }
    }

    fn form(ticked: &[usize]) -> IntakeIn {
        IntakeIn {
            procedure_code: "1.001193".into(),
            name: "Nguyễn Văn An".into(),
            id_kind: "citizen_id".into(),
            id_number: "001203004567".into(),
            ticked: ticked
                .iter()
                .map(|&index| Ticked {
                    index,
                    originals: 1,
                    copies: 0,
                })
                .collect(),
            ..IntakeIn::default()
        }
    }

    #[test]
    fn scans_answer_the_ticked_documents_in_their_order() {
        let (body, parts) = submission(
            "H56.14",
            &procedure(),
            &form(&[2, 0, 1]),
            vec![upload("scans[1]"), upload("scans[2]")],
        )
        .unwrap();
        let names: Vec<&str> = body.documents.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["Tờ khai", "Giấy chứng sinh", "Khác"]);
        let fields: Vec<&str> = parts.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["documents[1]", "documents[2]"]);
        assert_eq!(body.channel, Channel::InPerson);
    }

    #[test]
    fn every_issue_is_named_by_the_form_field() {
        let mut bad = form(&[0]);
        bad.name = " ".into();
        bad.id_number = "123".into();
        let issues =
            submission("H56.14", &procedure(), &bad, vec![upload("scans[2]")]).unwrap_err();
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["documents[1]", "scans[2]", "name", "id_number"]);
    }
}
