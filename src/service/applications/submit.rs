//! Submission: online by anyone (status 1), at the desk by a clerk (status 2, or 3 when
//! refused on the spot). The office and the procedure are checked, the code allocated, the
//! due date computed and the first events written in one transaction.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::ValidateEmail;

use super::scope::{actor_of, caller_office_id, projection};
use super::views::{
    ApplicationOut, DeclaredDocument, Details, Person, application_out, office_codes,
};
use super::write::{self, Change};
use crate::config::SubmissionSettings;
use crate::db::applications::{self as store, ApplicationRow};
use crate::db::throttle::{self, Limit};
use crate::db::{self as dbmod, DbConnection, is_unique_violation, offices, procedures};
use crate::domain::application::{
    Actor, ActorRole, AppCode, Channel, Event, IdKind, State, desk_refusal, due_of,
    limit_from_procedure, normalize_phone, submission,
};
use crate::domain::calendar::to_local;
use crate::domain::credentials::new_nonce;
use crate::domain::procedure::{ProcessingTime, TimeUnit, time_for_channel};
use crate::domain::text::fold;
use crate::domain::upload::Purpose;
use crate::error::{Code, Error, FieldIssue};
use crate::service::Staff;
use crate::service::files::{self, Answering, Storage, Upload};
use crate::service::idempotency::{Created, Keyed, create_once};
use crate::state::AppState;

/// A new application.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitIn {
    /// The receiving office's agency code.
    #[schema(example = "H56.14")]
    pub office_code: String,
    /// The procedure's code.
    #[schema(example = "1.001193")]
    pub procedure_code: String,
    /// `online` without an account; `in_person` or `postal` when a clerk records it at the desk.
    pub channel: Channel,
    /// The applicant.
    pub applicant: Person,
    /// Who files for the applicant, if not themselves.
    #[serde(default)]
    pub proxy: Option<Person>,
    /// The documents handed in: every document the procedure requires must be among them.
    #[serde(default)]
    pub documents: Vec<DeclaredDocument>,
    /// A note.
    #[serde(default)]
    pub note: Option<String>,
    /// At the desk: refuse the dossier on the spot with these reasons (status 3, form 03).
    #[serde(default)]
    pub refusal_reasons: Option<Vec<String>>,
}

/// The answer to a submission: the application, and the tracking PIN shown this once.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SubmittedOut {
    /// The application.
    #[serde(flatten)]
    #[schema(inline)]
    pub application: serde_json::Value,
    /// The PIN that opens the public tracking view. It is not stored: only this answer (or a
    /// retry of the same request with the same `Idempotency-Key`, within a day) shows it.
    #[schema(example = "48213377")]
    pub pin: Option<String>,
    /// The public status page, opened directly by its link token (what slip 01's QR code
    /// holds): `{public_url}/track/{code}?t=…`. A secret like the PIN.
    #[schema(
        example = "https://dichvucong.example.gov.vn/track/H56.14-251103-0001?t=9f2c4e1a7b3d5f60812a4c6e8b0d2f41"
    )]
    pub tracking_url: String,
    /// The files uploaded with it.
    #[serde(default)]
    pub files: Vec<crate::service::files::FileOut>,
}

fn issue(field: &str, rule: &str, vi: &str, en: &str) -> FieldIssue {
    FieldIssue::new(field, rule, vi, en)
}

fn check_person(prefix: &str, person: &mut Person, issues: &mut Vec<FieldIssue>) {
    let name = person.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        issues.push(issue(
            &format!("{prefix}.name"),
            "length",
            "phải dài từ 1 đến 200 ký tự",
            "must be 1 to 200 characters",
        ));
    }
    person.name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    person.id_number = person.id_number.trim().to_uppercase();
    if !person.id_kind.accepts(&person.id_number) {
        let (vi, en) = match person.id_kind {
            IdKind::CitizenId => (
                "số căn cước phải gồm 12 chữ số",
                "a citizen ID has 12 digits",
            ),
            IdKind::Passport => (
                "số hộ chiếu gồm 6–9 chữ cái in hoa và chữ số",
                "a passport number has 6–9 capital letters and digits",
            ),
            IdKind::TaxCode => (
                "mã số thuế gồm 10 chữ số, hoặc 10-3 chữ số cho chi nhánh",
                "a tax code has 10 digits, or 10-3 for a branch",
            ),
        };
        issues.push(issue(&format!("{prefix}.id_number"), "pattern", vi, en));
    }
    if let Some(phone) = &person.phone {
        match normalize_phone(phone) {
            Some(canonical) => person.phone = Some(canonical),
            None => issues.push(issue(
                &format!("{prefix}.phone"),
                "phone",
                "số điện thoại Việt Nam gồm 10 chữ số, bắt đầu bằng 0 hoặc +84",
                "a Vietnamese phone number has 10 digits starting with 0 or +84",
            )),
        }
    }
    if let Some(email) = &person.email {
        let email = email.trim().to_owned();
        if !email.validate_email() {
            issues.push(issue(
                &format!("{prefix}.email"),
                "email",
                "địa chỉ email không hợp lệ",
                "not an email address",
            ));
        }
        person.email = Some(email);
    }
    if person
        .address
        .as_ref()
        .is_some_and(|a| a.chars().count() > 500)
    {
        issues.push(issue(
            &format!("{prefix}.address"),
            "length",
            "tối đa 500 ký tự",
            "at most 500 characters",
        ));
    }
}

/// Field rules that need no database.
pub fn check(body: &mut SubmitIn, online: bool) -> Result<(), Error> {
    let mut issues = Vec::new();
    check_person("applicant", &mut body.applicant, &mut issues);
    if let Some(proxy) = &mut body.proxy {
        check_person("proxy", proxy, &mut issues);
    }
    if online && body.applicant.phone.is_none() && body.applicant.email.is_none() {
        issues.push(issue(
            "applicant.phone",
            "required",
            "hồ sơ trực tuyến cần số điện thoại hoặc email để liên hệ",
            "an online application needs a phone number or an email to reach the applicant",
        ));
    }
    for (i, document) in body.documents.iter().enumerate() {
        let name = document.name.trim();
        if name.is_empty() || name.chars().count() > 500 {
            issues.push(issue(
                &format!("documents[{i}].name"),
                "length",
                "phải dài từ 1 đến 500 ký tự",
                "must be 1 to 500 characters",
            ));
        }
    }
    if body.note.as_ref().is_some_and(|n| n.chars().count() > 2000) {
        issues.push(issue(
            "note",
            "length",
            "tối đa 2000 ký tự",
            "at most 2000 characters",
        ));
    }
    if issues.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(issues))
    }
}

fn not_here(field: &str, vi: &str, en: &str) -> Error {
    Error::field(field, "not_available", vi, en)
}

/// Stores a new application with its first event(s), allocating the code in the same
/// transaction. Returns what the idempotency record keeps (the code only: no personal data,
/// no PIN), the full answer without the PIN, and the PIN's nonce.
fn prepare(conn: &mut DbConnection, body: &SubmitIn) -> Result<Prepared, Error> {
    let today = to_local(dbmod::now().and_utc()).date();
    let not_found = || {
        not_here(
            "office_code",
            "không có bộ phận một cửa này",
            "no such office",
        )
    };
    let id = offices::find_id_by_code(conn, &body.office_code)?.ok_or_else(not_found)?;
    // Held until the submission commits: a concurrent change to the office (closing it) waits
    // for it, or it waits for the change and sees it.
    offices::lock_shared(conn, &id)?;
    let office = offices::find_by_code(conn, &body.office_code)?.ok_or_else(not_found)?;
    let receives = office.row.kind != "processing_agency"
        && office.row.opened_on.is_none_or(|d| d <= today)
        && office.row.closed_on.is_none_or(|d| d > today);
    if !receives {
        return Err(not_here(
            "office_code",
            "bộ phận này không tiếp nhận hồ sơ hôm nay",
            "this office does not receive applications today",
        ));
    }
    let availability = offices::available_on(conn, &office.row.id, &body.procedure_code, today)?
        .ok_or_else(|| {
            not_here(
                "procedure_code",
                "bộ phận này không tiếp nhận thủ tục này hôm nay",
                "this office does not receive this procedure today",
            )
        })?;
    let version = procedures::in_force(conn, &body.procedure_code, today)?.ok_or_else(|| {
        not_here(
            "procedure_code",
            "thủ tục không có phiên bản hiệu lực hôm nay",
            "the procedure has no version in force today",
        )
    })?;
    let channels: Vec<&str> = version
        .channels
        .split(',')
        .filter(|c| !c.is_empty())
        .collect();
    let online_off =
        body.channel == Channel::Online && availability.online_level.as_deref() == Some("none");
    if (!channels.is_empty() && !channels.contains(&body.channel.as_str())) || online_off {
        return Err(not_here(
            "channel",
            "thủ tục không nhận hồ sơ qua kênh này",
            "the procedure does not accept this channel",
        ));
    }
    let details = version.details().map_err(Error::internal)?;
    let declared: Vec<String> = body.documents.iter().map(|d| fold(&d.name)).collect();
    let missing: Vec<FieldIssue> = details
        .documents
        .iter()
        .filter(|required| !required.optional && !declared.contains(&fold(&required.name)))
        .map(|required| {
            issue(
                "documents",
                "required_document",
                &format!("thiếu giấy tờ: {}", required.name),
                &format!("missing document: {}", required.name),
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(Error::Validation(missing));
    }
    let rule = version.supplement_rule.clone();
    // The channel's own time where the catalog states one (1.008564: 40 calendar days in
    // person, 6 working days online or by post), else the procedure's.
    let main = version.time_amount.map(|amount| ProcessingTime {
        amount,
        unit: version.time_unit.as_deref().and_then(TimeUnit::from_token),
    });
    let time = time_for_channel(&details.channel_terms, body.channel, main.as_ref()).cloned();
    Ok(Prepared {
        office,
        version,
        rule,
        time,
    })
}

/// What a submission needs read before its write transaction.
struct Prepared {
    office: offices::OfficeView,
    version: procedures::VersionRow,
    rule: String,
    /// The processing time for the application's channel.
    time: Option<ProcessingTime>,
}

fn create(
    conn: &mut DbConnection,
    state: &AppState,
    body: &SubmitIn,
    actor: &Actor,
    prepared: &Prepared,
) -> Result<(Created, serde_json::Value, String), Error> {
    let Prepared {
        office,
        version,
        rule,
        time,
    } = prepared;
    let now = dbmod::now();
    let today = to_local(now.and_utc()).date();
    let first = submission(
        actor,
        &office.row.id,
        body.channel,
        body.refusal_reasons.clone(),
        body.note.clone(),
        now,
    )
    .map_err(super::actions::refusal_error)?;
    let mut events: Vec<Event> = vec![first.clone()];
    let mut state_now = State::default().apply(&first);
    if let Some(reasons) = body.refusal_reasons.clone()
        && first.to == crate::domain::application::Status::Refused
    {
        // The submission is recorded as received-then-refused: status 1 → 3 in two events.
        let submitted = Event {
            to: crate::domain::application::Status::Submitted,
            ..first.clone()
        };
        let refused = desk_refusal(&submitted, reasons);
        state_now = State::default().apply(&submitted).apply(&refused);
        events = vec![submitted, refused];
    }
    let limit = limit_from_procedure(
        time.as_ref().map(|t| t.amount),
        time.as_ref().and_then(|t| t.unit),
    );
    let calendar = state.calendar.for_write(conn)?;
    let due_at = due_of(&calendar, limit, &state_now);
    let seq = store::next_seq(conn, &office.row.id, today).map_err(|e| {
        if is_unique_violation(&e) {
            Error::internal(SequenceRace)
        } else {
            e.into()
        }
    })?;
    let code = AppCode::format(&office.row.code, today, u32::try_from(seq).unwrap_or(0));
    let nonce = new_nonce().map_err(|e| Error::internal(anyhow::anyhow!("{e}")))?;
    let stored = Details {
        phone: body.applicant.phone.clone(),
        email: body.applicant.email.clone(),
        address: body.applicant.address.clone(),
        proxy: body.proxy.clone(),
        documents: body.documents.clone(),
        procedure_name: version.name.clone(),
    };
    let projection = projection(&calendar, limit, &state_now, now)?;
    let row = ApplicationRow {
        id: 0,
        code: code.clone(),
        receiving_office_id: office.row.id.clone(),
        handling_office_id: office.row.id.clone(),
        unit_id: office.row.unit_id.clone(),
        procedure_code: version.procedure_code.clone(),
        procedure_version: version.version_no,
        field_code: version.field_code.clone(),
        channel: body.channel.as_str().to_owned(),
        status: projection.status,
        applicant_name: body.applicant.name.clone(),
        applicant_folded: fold(&body.applicant.name),
        id_kind: body.applicant.id_kind.as_str().to_owned(),
        id_number: body.applicant.id_number.clone(),
        details: serde_json::to_string(&stored).map_err(Error::internal)?,
        pin_nonce: nonce.clone(),
        limit_amount: limit.map(|l| l.amount),
        limit_unit: limit.map(|l| l.unit.as_str().to_owned()),
        supplement_rule: rule.clone(),
        clock: projection.clock,
        timeline: projection.timeline,
        submitted_at: now,
        received_at: projection.received_at,
        due_at,
        promised_at: None,
        resolved_at: None,
        finished_at: projection.finished_at,
        outcome: None,
        delivery: None,
        version: projection.version,
        updated_at: now,
    };
    let ids = write::record(
        conn,
        &calendar,
        vec![Change::New {
            row: Box::new(row.clone()),
            events,
            rating: None,
        }],
    )?;
    let id = ids.first().copied().unwrap_or_default();
    let saved = ApplicationRow { id, ..row };
    let codes = std::collections::HashMap::from([(office.row.id.clone(), office.row.code.clone())]);
    let out: ApplicationOut = application_out(&saved, &codes, office.unit_code.clone(), now)?;
    let body = SubmittedOut {
        application: serde_json::to_value(&out).map_err(Error::internal)?,
        pin: None,
        tracking_url: state.links().status_page(&code, &nonce),
        files: Vec::new(),
    };
    Ok((
        Created::new(
            serde_json::json!({ "code": code }),
            format!("/api/v1/applications/{code}"),
        ),
        serde_json::to_value(body).map_err(Error::internal)?,
        nonce,
    ))
}

/// The first answer again, for a retried submission: the application as it is now, and its
/// PIN's nonce.
fn replay_answer(
    conn: &mut DbConnection,
    state: &AppState,
    code: &str,
) -> Result<(serde_json::Value, String), Error> {
    let row = store::find(conn, code)?.ok_or(Error::NotFound(Code::ApplicationNotFound))?;
    let codes = office_codes(
        conn,
        [
            row.receiving_office_id.clone(),
            row.handling_office_id.clone(),
        ],
    )?;
    let unit = super::views::unit_code(conn, &row.unit_id)?;
    let out = application_out(&row, &codes, unit, dbmod::now())?;
    let body = SubmittedOut {
        application: serde_json::to_value(&out).map_err(Error::internal)?,
        pin: None,
        tracking_url: state.links().status_page(code, &row.pin_nonce),
        files: Vec::new(),
    };
    Ok((
        serde_json::to_value(body).map_err(Error::internal)?,
        row.pin_nonce,
    ))
}

/// The long window of the online submission limit: a day, in minutes.
pub const ONLINE_DAY_MINUTES: i64 = 24 * 60;

/// Counts an online submission against its client address's limits (a short window against
/// bursts, a day against a steady trickle), or refuses it with 429 and when to try again.
///
/// Called inside the submission's write transaction: the count is recorded only when the
/// application is, and the address's buckets stay locked until it commits, so a parallel
/// burst cannot pass the count together. A retry answered from its `Idempotency-Key` creates
/// nothing and counts nothing.
fn count_online(
    conn: &mut DbConnection,
    limits: &SubmissionSettings,
    client: &str,
) -> Result<(), Error> {
    let now = dbmod::now();
    let burst = format!("submit-online:{client}");
    let day = format!("submit-online-day:{client}");
    throttle::take(
        conn,
        &[Limit::new(&burst, limits.max_online_per_client)],
        now,
        chrono::Duration::minutes(limits.burst_window_minutes),
    )?
    .and_then(|()| {
        throttle::take(
            conn,
            &[Limit::new(&day, limits.max_online_per_client_per_day)],
            now,
            chrono::Duration::minutes(ONLINE_DAY_MINUTES),
        )
        .unwrap_or(Ok(()))
    })
    .map_err(|full| Error::TooManyRequests {
        retry_after: full.retry_after_secs(now),
    })
}

/// A lost race on a new day's sequence row; the submission is retried.
#[derive(Debug, thiserror::Error)]
#[error("lost the race for a new day's sequence row")]
struct SequenceRace;

/// Submits an application: online when `staff` is `None` (status 1, limited per `client`
/// address: `submissions` in the settings), else at that clerk's desk. With a key, a retry
/// gets the first answer, PIN included, and creates nothing.
pub fn submit(
    conn: &mut DbConnection,
    state: &AppState,
    staff: Option<&Staff>,
    client: &str,
    key: Option<String>,
    body: SubmitIn,
) -> Result<Created, Error> {
    submit_with_files(conn, state, staff, client, key, body, Vec::new())
}

/// The declared document a file part answers: `documents[N]`, N a place in `documents`.
fn declared_index(field: &str, declared: usize) -> Option<usize> {
    field
        .strip_prefix("documents[")?
        .strip_suffix(']')?
        .parse::<usize>()
        .ok()
        .filter(|n| *n < declared)
}

/// [`submit`] with files: each upload's field is `documents[N]`, the declared document it
/// answers. The files are checked (type from the content, limits) before anything is
/// written, and stored in the submission's transaction: the application and its files are
/// written together or not at all, and a retry with the same key gets the first answer and
/// writes nothing.
pub fn submit_with_files(
    conn: &mut DbConnection,
    state: &AppState,
    staff: Option<&Staff>,
    client: &str,
    key: Option<String>,
    mut body: SubmitIn,
    uploads: Vec<Upload>,
) -> Result<Created, Error> {
    check(&mut body, staff.is_none())?;
    let misplaced: Vec<FieldIssue> = uploads
        .iter()
        .filter(|u| declared_index(&u.field, body.documents.len()).is_none())
        .map(|u| {
            issue(
                &u.field,
                "document",
                "mỗi tệp gửi trong trường documents[N], N là thứ tự giấy tờ đã khai",
                "each file goes in a field documents[N], N the place of a declared document",
            )
        })
        .collect();
    if !misplaced.is_empty() {
        return Err(Error::Validation(misplaced));
    }
    let storage = Storage::from_settings(&state.settings.uploads);
    let accepted = files::check_all(&storage.limits, uploads, (0, 0))?;
    let path = "/api/v1/applications";
    let fingerprinted = if accepted.is_empty() {
        serde_json::to_value(&body).map_err(Error::internal)?
    } else {
        serde_json::json!({
            "application": body,
            "files": accepted
                .iter()
                .map(|a| [a.field.as_str(), a.filename.as_str(), a.checked.sha256.as_str()])
                .collect::<Vec<_>>(),
        })
    };
    let (keyed, actor) = match staff {
        Some(staff) => (
            Keyed::for_user(&staff.user_id, key, path, &fingerprinted)?,
            actor_of(staff, caller_office_id(conn, staff)?),
        ),
        None => (
            Keyed::public(key, path, &fingerprinted)?,
            Actor {
                user_id: None,
                role: ActorRole::Citizen,
                office_id: None,
            },
        ),
    };
    let mut attempts = 0;
    loop {
        attempts += 1;
        let mut fresh = None;
        let result = create_once(conn, &keyed, |conn| {
            if staff.is_none() {
                count_online(conn, &state.settings.submissions, client)?;
            }
            // Checked inside the write transaction, so the office and the procedure cannot
            // change between the check and the write.
            let prepared = prepare(conn, &body)?;
            let (created, full, nonce) = create(conn, state, &body, &actor, &prepared)?;
            if !accepted.is_empty() {
                let code = created.body["code"].as_str().unwrap_or_default();
                let id = store::find(conn, code)?
                    .ok_or(Error::NotFound(Code::ApplicationNotFound))?
                    .id;
                let required = prepared
                    .version
                    .details()
                    .map_err(Error::internal)?
                    .documents;
                let answering = accepted
                    .iter()
                    .map(|a| {
                        let declared = declared_index(&a.field, body.documents.len())
                            .and_then(|n| body.documents.get(n))
                            .map(|d| d.name.clone())
                            .unwrap_or_default();
                        let index = required
                            .iter()
                            .position(|r| fold(&r.name) == fold(&declared))
                            .and_then(|i| i32::try_from(i).ok());
                        (
                            a.clone(),
                            Answering {
                                index,
                                label: declared,
                            },
                        )
                    })
                    .collect();
                // Files a clerk sends with a desk submission are the scans of the paper
                // documents handed in (Decision 766's digitisation counts them).
                let purpose = if staff.is_some() {
                    Purpose::DeskScan
                } else {
                    Purpose::Submission
                };
                files::attach(conn, &storage, (id, code), purpose, &actor, answering)?;
            }
            fresh = Some((full, nonce));
            Ok(created)
        });
        match result {
            Err(Error::Internal(cause)) if cause.is::<SequenceRace>() && attempts < 5 => {}
            Err(error) => return Err(error),
            Ok(mut created) => {
                let code = created.body["code"].as_str().unwrap_or_default().to_owned();
                let (mut full, nonce) = match fresh.filter(|_| !created.replayed) {
                    Some(fresh) => fresh,
                    // A retry: the answer is made again from the stored application.
                    None => replay_answer(conn, state, &code)?,
                };
                full["pin"] = state.links().pin(&code, &nonce).into();
                if let Some(row) = store::find(conn, &code)? {
                    full["files"] = serde_json::to_value(files::files_of(conn, row.id, &code)?)
                        .map_err(Error::internal)?;
                }
                created.body = full;
                return Ok(created);
            }
        }
    }
}
