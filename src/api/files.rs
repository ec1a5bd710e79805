//! Files of applications: staff list, download and attach them; the applicant sends a
//! supplement by upload.

use actix_multipart::Multipart;
use actix_web::http::header::{
    Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::access::Caller;
use super::applications::staff_of;
use super::auth::client_address;
use super::idempotency::{IdempotencyKey, created};
use super::query::Query;
use crate::domain::upload::Purpose;
use crate::error::{Error, Problem};
use crate::service::applications::tracking::Proof;
use crate::service::files::supplement::{self, SupplementOut};
use crate::service::files::{self, FileOut, Storage, staff::attach_by_staff};
use crate::state::{AppState, db, db_write};

/// List an application's files (staff who may see the application): what was uploaded with
/// the online submission and its supplements, scanned at the desk, and the result.
#[utoipa::path(
    tag = "applications",
    operation_id = "list_application_files",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Application code", example = "H56.14-251103-0001")),
    responses(
        (status = 200, description = "The files, oldest first", body = Vec<FileOut>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application in the caller's scope", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/applications/{code}/files")]
pub async fn list_application_files(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let staff = staff_of(&caller);
    let code = path.into_inner();
    let out = db(&state, move |conn| files::list(conn, &staff, &code)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(out))
}

/// Download one file of an application (staff who may see the application): the bytes as
/// uploaded, with the type read from them, `Content-Disposition: attachment` with the
/// original name, and the SHA-256 in `Repr-Digest` and `ETag`.
#[utoipa::path(
    tag = "applications",
    operation_id = "download_application_file",
    security(("bearer" = [])),
    params(
        ("code" = String, Path, description = "Application code", example = "H56.14-251103-0001"),
        ("id" = String, Path, description = "The file's id"),
    ),
    responses(
        (status = 200, description = "The file", body = Vec<u8>, content_type = "application/octet-stream"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`application_not_found` in the caller's scope, or `file_not_found`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/applications/{code}/files/{id}")]
pub async fn download_application_file(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    let staff = staff_of(&caller);
    let (code, id) = path.into_inner();
    let storage = Storage::from_settings(&state.settings.uploads);
    let download = db(&state, move |conn| {
        files::download(conn, &storage, &staff, &code, &id)
    })
    .await?;
    Ok(file_response(download))
}

/// The HTTP answer carrying a stored file: never rendered in place (attachment, nosniff, a
/// CSP that runs nothing), never cached by shared caches.
pub fn file_response(download: files::Download) -> HttpResponse {
    let file = download.file;
    let ascii: String = file
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(ascii),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: file.filename.clone().into_bytes(),
            }),
        ],
    };
    let digest = {
        use base64_digest::encode;
        encode(&file.sha256)
    };
    HttpResponse::Ok()
        .content_type(file.content_type.clone())
        .insert_header(disposition)
        .insert_header(("Repr-Digest", format!("sha-256=:{digest}:")))
        .insert_header(("ETag", format!("\"{}\"", file.sha256)))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header(("Content-Security-Policy", "default-src 'none'; sandbox"))
        .insert_header(("Cache-Control", "private, no-store"))
        .body(download.bytes)
}

/// The standard base64 of a hex digest, for `Repr-Digest` (RFC 9530).
mod base64_digest {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(hex_digest: &str) -> String {
        let bytes = hex::decode(hex_digest).unwrap_or_default();
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                chunk.get(1).copied().unwrap_or(0),
                chunk.get(2).copied().unwrap_or(0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn encodes_like_rfc_4648() {
            assert_eq!(super::encode(&hex::encode(b"foobar")), "Zm9vYmFy");
            assert_eq!(super::encode(&hex::encode(b"fooba")), "Zm9vYmE=");
            assert_eq!(super::encode(&hex::encode(b"foob")), "Zm9vYg==");
        }
    }
}

/// Files attached by staff (`multipart/form-data`).
#[derive(Debug, Deserialize, ToSchema)]
pub struct StaffFilesForm {
    /// `desk_scan` (documents scanned at the desk) or `result`.
    #[schema(value_type = Purpose)]
    pub purpose: String,
    /// What the files in `files` are, in words (default: their names).
    pub label: Option<String>,
    /// A scan of the procedure's first document (`documents[1]`… likewise, from 0).
    #[serde(rename = "documents[0]")]
    #[schema(value_type = Option<Vec<u8>>, content_media_type = "application/octet-stream")]
    pub documents_0: Option<Vec<u8>>,
    /// Other files (the result, or papers that are not one of the procedure's documents).
    #[schema(value_type = Option<Vec<u8>>, content_media_type = "application/octet-stream")]
    pub files: Option<Vec<u8>>,
}

/// Attach files to an application (a clerk or specialist of the office that receives or
/// handles it): scans of the paper documents at intake (`desk_scan`), or the result
/// (`result`). Same types and limits as the applicant's uploads.
#[utoipa::path(
    tag = "applications",
    operation_id = "attach_application_files",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Application code", example = "H56.14-251103-0001")),
    request_body(content = inline(StaffFilesForm), content_type = "multipart/form-data", example = json!({
        "purpose": "desk_scan", "documents[0]": "(the bytes of scan-1.jpg)"
    })),
    responses(
        (status = 201, description = "Attached", body = Vec<FileOut>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a clerk or specialist", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application in the caller's scope", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`file_too_large` or `files_too_large`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "`file_type_not_allowed`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`file_type_mismatch`, `file_empty`, or a bad `purpose`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/applications/{code}/files")]
pub async fn attach_application_files(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, Error> {
    let staff = staff_of(&caller);
    let code = path.into_inner();
    let storage = Storage::from_settings(&state.settings.uploads);
    let form = crate::multipart::read(
        Multipart::new(req.headers(), payload.into_inner()),
        &storage.limits,
    )
    .await?;
    let purpose = form
        .text("purpose")
        .and_then(Purpose::from_token)
        .ok_or_else(|| {
            Error::field(
                "purpose",
                "one_of",
                "purpose phải là desk_scan hoặc result",
                "purpose must be desk_scan or result",
            )
        })?;
    let label = form.text("label").map(str::to_owned);
    let out = db_write(&state, move |conn| {
        attach_by_staff(conn, &storage, &staff, &code, purpose, label, form.files)
    })
    .await?;
    Ok(HttpResponse::Created().json(out))
}

/// What a supplement request asks for (public, with the PIN or ID number): the items of the
/// latest request and the files sent since. Counted as tracking lookups are.
#[utoipa::path(
    tag = "tracking",
    operation_id = "get_supplement_request",
    params(
        ("code" = String, Path, description = "Application code", example = "H56.14-251103-0001"),
        Proof,
    ),
    responses(
        (status = 200, description = "The request's items", body = SupplementOut),
        (status = 404, description = "Unknown code, or wrong PIN / ID number", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A PIN that is not 8 digits, or no proof at all", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tracking/{code}/supplement")]
pub async fn get_supplement_request(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    proof: Query<Proof>,
) -> Result<HttpResponse, Error> {
    let client = client_address(&req, state.settings.auth.trust_forwarded_headers);
    let shared = state.clone();
    let out = db(&state, move |conn| {
        supplement::requested_items(
            conn,
            &shared.tracking(),
            &client,
            &path.into_inner(),
            &proof.into_inner(),
        )
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(out))
}

/// A supplement sent by upload (`multipart/form-data`).
#[derive(Debug, Deserialize, ToSchema)]
pub struct SupplementForm {
    /// The tracking PIN.
    pub pin: Option<String>,
    /// Or the applicant's ID number.
    pub id_number: Option<String>,
    /// A file for the request's first item (`items[1]`… likewise, from 0).
    #[serde(rename = "items[0]")]
    #[schema(value_type = Vec<u8>, content_media_type = "application/octet-stream")]
    pub items_0: Vec<u8>,
}

/// Send a supplement (public, with the PIN or ID number): files answering the items of the
/// latest supplement request, each in a part `items[N]`, while the application waits for it
/// (status 5). The application stays at status 5 until staff check the files and record the
/// `supplement` action.
#[utoipa::path(
    tag = "tracking",
    operation_id = "send_supplement",
    params(
        ("code" = String, Path, description = "Application code", example = "H56.14-251103-0001"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry key: a retry of the same files answers the first answer"),
    ),
    request_body(content = inline(SupplementForm), content_type = "multipart/form-data", example = json!({
        "pin": "48213377", "items[0]": "(the bytes of giay-chung-sinh.pdf)"
    })),
    responses(
        (status = 201, description = "Sent: the request's items and every file sent since it", body = SupplementOut),
        (status = 404, description = "Unknown code, or wrong PIN / ID number", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`supplement_not_requested`: the application is not waiting for a supplement", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`file_too_large` or `files_too_large`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "`file_type_not_allowed`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No file, a field that names no item, `file_type_mismatch` or `file_empty`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tracking/{code}/supplement")]
pub async fn send_supplement(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    key: IdempotencyKey,
    payload: web::Payload,
) -> Result<HttpResponse, Error> {
    let client = client_address(&req, state.settings.auth.trust_forwarded_headers);
    let storage = Storage::from_settings(&state.settings.uploads);
    let form = crate::multipart::read(
        Multipart::new(req.headers(), payload.into_inner()),
        &storage.limits,
    )
    .await?;
    let proof = Proof {
        pin: form.text("pin").map(str::to_owned),
        id_number: form.text("id_number").map(str::to_owned),
        t: form.text("t").map(str::to_owned),
    };
    let shared = state.clone();
    let answer = db_write(&state, move |conn| {
        supplement::send(
            conn,
            &shared.tracking(),
            &storage,
            &client,
            &path.into_inner(),
            &proof,
            key.0,
            form.files,
        )
    })
    .await?;
    Ok(created(answer))
}
