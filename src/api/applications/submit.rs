//! `POST /applications`: online by anyone, at the desk by a clerk; JSON, or multipart with
//! the application as a JSON part and the documents' files.

use actix_multipart::Multipart;
use actix_web::{FromRequest, HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::access::MaybeCaller;
use crate::api::idempotency::{IdempotencyKey, created};
use crate::error::{Error, Problem};
use crate::service::applications::submit::{self, SubmitIn, SubmittedOut};
use crate::service::files::Storage;
use crate::state::{AppState, db_write};

/// A submission with files (`multipart/form-data`): the application as JSON in the part
/// `application`, and each file in a part `documents[N]`, N the place (from 0) of the
/// declared document in the application's `documents` it is a copy of. A document may have
/// several files (several parts with the same name). Types are read from the content: PDF,
/// JPEG, PNG or HEIC; a file whose name claims another type is refused.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SubmitForm {
    /// The application, as the JSON body of a plain submission.
    #[schema(value_type = SubmitIn, content_media_type = "application/json")]
    pub application: String,
    /// A file of the first declared document (`documents[1]`, `documents[2]`… likewise).
    #[serde(rename = "documents[0]")]
    #[schema(value_type = Option<Vec<u8>>, content_media_type = "application/octet-stream")]
    pub documents_0: Option<Vec<u8>>,
}

/// Whether a request's body is `multipart/form-data`.
pub fn is_multipart(req: &HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        })
}

/// Submit an application: online by anyone (status 1), or at the desk by a clerk of the
/// receiving office (status 2 with the due date, or 3 when refused on the spot). The answer
/// carries the tracking PIN, shown this once, and the files stored with it.
#[utoipa::path(
    tag = "applications",
    operation_id = "submit_application",
    description = "Without a token: an online submission (`channel` = `online`). With a clerk's bearer token: a dossier received at that clerk's desk.\n\nSend `application/json`, or `multipart/form-data` with the same JSON in the part `application` and the documents' files in parts `documents[N]` (N: the place of the declared document, from 0). The application and its files are stored in one transaction; with an `Idempotency-Key`, a retry of the same request (same JSON, same files) answers the first answer and stores nothing more.",
    request_body(content(
        (SubmitIn = "application/json", example = json!({
            "office_code": "H56.14",
            "procedure_code": "1.001193",
            "channel": "online",
            "applicant": {"name": "Nguyễn Văn An", "id_kind": "citizen_id", "id_number": "001203004567", "phone": "0912345678", "email": null, "address": "Số 1 phố Hàng Bài, Hà Nội"},
            "documents": [{"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0}]
        })),
        (SubmitForm = "multipart/form-data", example = json!({
            "application": "{\"office_code\": \"H56.14\", \"procedure_code\": \"1.001193\", \"channel\": \"online\", \"applicant\": {\"name\": \"Nguyễn Văn An\", \"id_kind\": \"citizen_id\", \"id_number\": \"001203004567\", \"phone\": \"0912345678\"}, \"documents\": [{\"name\": \"Tờ khai đăng ký khai sinh\", \"originals\": 1, \"copies\": 0}]}",
            "documents[0]": "(the bytes of to-khai.pdf)"
        })),
    )),
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry key: a retry within a day returns the first answer, PIN included")),
    responses(
        (status = 201, description = "Submitted", body = SubmittedOut),
        (status = 400, description = "Unreadable JSON or multipart body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a clerk of this office", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`file_too_large` (one file past `uploads.max_file_bytes`) or `files_too_large` (past `uploads.max_application_bytes` or `uploads.max_files`)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "`file_type_not_allowed`: a file is not PDF, JPEG, PNG or HEIC", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields; the office does not receive this procedure by this channel; `file_type_mismatch` (a file's name claims another type than its content, both named) or `file_empty`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Online: this client address has made `submissions.max_online_per_client` submissions within `submissions.burst_window_minutes`, or `submissions.max_online_per_client_per_day` within a day; `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot answer now (`service_unavailable`); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/applications")]
pub async fn submit_application(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: MaybeCaller,
    key: IdempotencyKey,
    payload: web::Payload,
) -> Result<HttpResponse, actix_web::Error> {
    let staff = caller.0.as_ref().map(super::staff_of);
    let (body, uploads) = if is_multipart(&req) {
        let limits = Storage::from_settings(&state.settings.uploads).limits;
        let form =
            crate::multipart::read(Multipart::new(req.headers(), payload.into_inner()), &limits)
                .await?;
        let json = form.text("application").ok_or_else(|| {
            Error::field(
                "application",
                "required",
                "thiếu phần application (hồ sơ dạng JSON)",
                "the part application (the application as JSON) is missing",
            )
        })?;
        crate::api::text::json_part(json)?;
        let body: SubmitIn = serde_json::from_str(json)
            .map_err(|e| Error::from(actix_web::error::JsonPayloadError::Deserialize(e)))?;
        (body, form.files)
    } else {
        let mut payload = payload.into_inner();
        let body = web::Json::<SubmitIn>::from_request(&req, &mut payload).await?;
        (body.into_inner(), Vec::new())
    };
    let client =
        crate::api::auth::client_address(&req, state.settings.auth.trust_forwarded_headers);
    let shared = state.clone();
    let answer = db_write(&state, move |conn| {
        submit::submit_with_files(conn, &shared, staff.as_ref(), &client, key.0, body, uploads)
    })
    .await?;
    Ok(created(answer))
}
