//! `GET /staff/applications/{code}/files/{id}`: one uploaded file, for the clerks and
//! specialists who may see the application (the API's rule: others get the 404 page). PDFs
//! and pictures open in the browser (`?download=1` saves them); the type is the one read from
//! the content when it was uploaded, never sniffed, and the file runs nothing (a sandboxing
//! CSP).

use actix_web::http::header::{
    Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};
use actix_web::{HttpResponse, web};

use super::SignedIn;
use crate::domain::account::Role;
use crate::error::Error;
use crate::service::files::{self, Download, Storage};
use crate::state::db;

/// Types a browser shows by itself without running anything.
const SHOWN_INLINE: [&str; 3] = ["application/pdf", "image/jpeg", "image/png"];

pub async fn download(
    signed: SignedIn,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    signed.require(&[Role::Clerk, Role::Specialist])?;
    let (code, id) = path.into_inner();
    let staff = signed.staff();
    let storage = Storage::from_settings(&signed.ctx.state.settings.uploads);
    let found = db(&signed.ctx.state, move |conn| {
        files::download(conn, &storage, &staff, &code, &id)
    })
    .await?;
    let save = signed.ctx.query_param("download").is_some();
    Ok(respond(found, save))
}

/// The answer carrying a file.
fn respond(download: Download, save: bool) -> HttpResponse {
    let file = download.file;
    let inline = !save && SHOWN_INLINE.contains(&file.content_type.as_str());
    let ascii: String = file
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = ContentDisposition {
        disposition: if inline {
            DispositionType::Inline
        } else {
            DispositionType::Attachment
        },
        parameters: vec![
            DispositionParam::Filename(ascii),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: file.filename.clone().into_bytes(),
            }),
        ],
    };
    HttpResponse::Ok()
        .content_type(file.content_type.clone())
        .insert_header(disposition)
        .insert_header(("ETag", format!("\"{}\"", file.sha256)))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header(("Content-Security-Policy", "default-src 'none'; sandbox"))
        .insert_header(("Cache-Control", "private, no-store"))
        .body(download.bytes)
}
