//! The applicant's supplement: files answering the items of the latest supplement request,
//! sent with the PIN or ID number while the application waits for them (status 5).
//!
//! The files are stored with the purpose `supplement`; the application stays at status 5
//! until a clerk or specialist has checked them and records the `supplement` action (5 → 2
//! or 4), as with a supplement brought to the desk. The desk sees that the supplement came
//! back from the files uploaded after the request.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Answering, FileOut, Storage, Upload, attach, check_all};
use crate::db::DbConnection;
use crate::domain::application::{Actor, ActorRole, Payload, Status};
use crate::domain::credentials::tracking_link_token;
use crate::domain::upload::Purpose;
use crate::error::{Code, Error, FieldIssue};
use crate::service::applications::scope::load;
use crate::service::applications::tracking::{Proof, Tracking};
use crate::service::idempotency::{Created, Keyed, create_once};

/// What the applicant is asked for, and what they have sent since.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SupplementOut {
    /// The application code.
    pub code: String,
    /// Whether a supplement is awaited now (status 5).
    pub awaited: bool,
    /// Every item of the latest supplement request, in its order (the `items[N]` of an
    /// upload).
    pub items: Vec<String>,
    /// When it was requested.
    pub requested_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The files sent since that request.
    pub sent: Vec<SentFile>,
}

/// A file the applicant sent with a supplement (no download link: staff open it).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct SentFile {
    /// The item it answers (from 0).
    pub item: Option<i32>,
    /// The item's words.
    pub label: String,
    /// The name it was sent with.
    pub filename: String,
    /// The type read from the content.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// SHA-256, hex.
    pub sha256: String,
    /// When.
    pub uploaded_at: chrono::DateTime<chrono::Utc>,
}

fn sent(file: &FileOut) -> SentFile {
    SentFile {
        item: file.document_index,
        label: file.label.clone(),
        filename: file.filename.clone(),
        content_type: file.content_type.clone(),
        size: file.size,
        sha256: file.sha256.clone(),
        uploaded_at: file.uploaded_at,
    }
}

/// The latest request's items and time, and the status now.
fn requested(
    conn: &mut DbConnection,
    code: &str,
) -> Result<(i64, Status, Vec<String>, Option<chrono::NaiveDateTime>), Error> {
    let loaded = load(conn, code)?;
    let latest = loaded.events.iter().rev().find_map(|e| match &e.payload {
        Payload::RequestSupplement { items } => Some((items.clone(), e.at)),
        _ => None,
    });
    let status = loaded.state.status.unwrap_or(Status::Submitted);
    let (items, at) = latest.map_or((Vec::new(), None), |(i, at)| (i, Some(at)));
    Ok((loaded.row.id, status, items, at))
}

fn out(conn: &mut DbConnection, code: &str) -> Result<SupplementOut, Error> {
    let (id, status, items, at) = requested(conn, code)?;
    let files = super::files_of(conn, id, code)?;
    Ok(SupplementOut {
        code: code.to_owned(),
        awaited: status == Status::SupplementRequested,
        items,
        requested_at: at.map(|t| t.and_utc()),
        sent: files
            .iter()
            .filter(|f| f.purpose == Purpose::Supplement)
            .filter(|f| at.is_none_or(|at| f.uploaded_at >= at.and_utc()))
            .map(sent)
            .collect(),
    })
}

/// What the applicant is asked to supplement (public, with the proof; counted as tracking
/// lookups are).
pub fn requested_items(
    conn: &mut DbConnection,
    tracking: &Tracking<'_>,
    client: &str,
    code: &str,
    proof: &Proof,
) -> Result<SupplementOut, Error> {
    let fields = tracking.open(conn, client, code, proof)?;
    out(conn, &fields.code)
}

/// What the site's supplement page shows: the request and what was sent since, with the
/// link token its form sends back (so a PIN typed once is never carried in a page) and the
/// office that handles the application.
#[derive(Debug, Clone)]
pub struct SupplementPage {
    /// The request's items and the files sent since.
    pub asked: SupplementOut,
    /// The status page's link token.
    pub token: String,
    /// The office's name.
    pub office_name: String,
}

/// The supplement page's read (public, with the proof; counted as tracking lookups are).
pub fn page(
    conn: &mut DbConnection,
    tracking: &Tracking<'_>,
    client: &str,
    code: &str,
    proof: &Proof,
) -> Result<SupplementPage, Error> {
    let fields = tracking.open(conn, client, code, proof)?;
    Ok(SupplementPage {
        token: tracking_link_token(tracking.secret, &fields.code, &fields.pin_nonce),
        asked: out(conn, &fields.code)?,
        office_name: fields.office_name,
    })
}

/// The item an upload answers: `items[N]`, N a place in the request's items.
fn item_index(field: &str, items: usize) -> Option<usize> {
    field
        .strip_prefix("items[")?
        .strip_suffix(']')?
        .parse::<usize>()
        .ok()
        .filter(|n| *n < items)
}

#[allow(clippy::too_many_arguments)]
/// Sends a supplement (public, with the proof): files answering the latest request's items,
/// each in a field `items[N]`. Refused unless the application waits for a supplement. With a
/// key, a retry gets the first answer and stores nothing new.
pub fn send(
    conn: &mut DbConnection,
    tracking: &Tracking<'_>,
    storage: &Storage,
    client: &str,
    code: &str,
    proof: &Proof,
    key: Option<String>,
    uploads: Vec<Upload>,
) -> Result<Created, Error> {
    let fields = tracking.open(conn, client, code, proof)?;
    let code = fields.code;
    let (_, status, items, _) = requested(conn, &code)?;
    // A retry with a key gets its first answer even after staff took the supplement in.
    if status != Status::SupplementRequested && key.is_none() {
        return Err(not_awaited(status));
    }
    if uploads.is_empty() {
        return Err(Error::field(
            "items",
            "required",
            "hãy chọn ít nhất một tệp cho các giấy tờ cần bổ sung",
            "choose at least one file for the items asked for",
        ));
    }
    let misplaced: Vec<FieldIssue> = uploads
        .iter()
        .filter(|u| item_index(&u.field, items.len()).is_none())
        .map(|u| {
            FieldIssue::new(
                &u.field,
                "item",
                "mỗi tệp gửi trong trường items[N], N là thứ tự mục cần bổ sung",
                "each file goes in a field items[N], N the place of an item asked for",
            )
        })
        .collect();
    if !misplaced.is_empty() {
        return Err(Error::Validation(misplaced));
    }
    let accepted = check_all(&storage.limits, uploads, (0, 0))?;
    let path = format!("/api/v1/tracking/{code}/supplement");
    let keyed = Keyed::public(
        key,
        &path,
        &accepted
            .iter()
            .map(|a| [a.field.as_str(), a.checked.sha256.as_str()])
            .collect::<Vec<_>>(),
    )?;
    let created = create_once(conn, &keyed, |conn| {
        // Read again inside the write transaction: a supplement is taken only while awaited.
        let (id, now_status, items, _) = requested(conn, &code)?;
        if now_status != Status::SupplementRequested {
            return Err(not_awaited(now_status));
        }
        let actor = Actor {
            user_id: None,
            role: ActorRole::Citizen,
            office_id: None,
        };
        let files = accepted
            .iter()
            .map(|a| {
                let n = item_index(&a.field, items.len()).unwrap_or_default();
                (
                    a.clone(),
                    Answering {
                        index: i32::try_from(n).ok(),
                        label: items.get(n).cloned().unwrap_or_default(),
                    },
                )
            })
            .collect();
        let stored = attach(
            conn,
            storage,
            (id, &code),
            Purpose::Supplement,
            &actor,
            files,
        )?;
        Ok(Created::new(
            serde_json::json!({
                "code": code,
                "files": stored.iter().map(sent).collect::<Vec<_>>(),
            }),
            format!("/api/v1/tracking/{code}/supplement"),
        ))
    });
    let mut created = created?;
    created.body = serde_json::to_value(out(conn, &code)?).map_err(Error::internal)?;
    Ok(created)
}

fn not_awaited(status: Status) -> Error {
    Error::Conflict {
        code: Code::SupplementNotRequested,
        detail: Some((
            format!(
                "Hồ sơ đang ở trạng thái {} ({}), không chờ bổ sung.",
                status.code(),
                status.name_vi()
            ),
            format!(
                "The application is {} ({}), not waiting for a supplement.",
                status.code(),
                status.name_en()
            ),
        )),
    }
}
