//! Reading `multipart/form-data` bodies for both faces (the JSON API and the pages): text
//! fields and files, with the upload limits enforced while the body streams in, so an
//! oversized file is refused without being read whole.

use actix_multipart::Multipart;
use futures_util::StreamExt;

use crate::domain::upload::Limits;
use crate::error::{Code, Error, FieldIssue};
use crate::service::files::Upload;
use crate::validation;

/// A multipart body read: its text fields in order, and its files.
#[derive(Debug, Default)]
pub struct Form {
    /// `(name, value)` of every part without a file name.
    pub texts: Vec<(String, String)>,
    /// Every part with a file name (empty file inputs, sent by browsers with an empty name and
    /// no bytes, are left out).
    pub files: Vec<Upload>,
}

impl Form {
    /// The first text field of a name.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.texts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The largest text field, in bytes (a JSON application part fits many times over).
const MAX_TEXT_BYTES: usize = 256 * 1024;

fn bad(detail: impl Into<String>) -> Error {
    Error::BadRequest {
        code: Code::InvalidBody,
        detail: detail.into(),
    }
}

fn too_large(field: &str, filename: &str, limit: u64) -> Error {
    let mb = format!("{:.1}", limit as f64 / (1024.0 * 1024.0));
    Error::Upload {
        code: Code::FileTooLarge,
        issues: vec![FieldIssue::new(
            field,
            Code::FileTooLarge.as_str(),
            format!("tệp {filename} lớn hơn {mb} MB"),
            format!("{filename} is larger than {mb} MB"),
        )],
    }
}

fn too_many(field: &str, limits: &Limits) -> Error {
    let mb = format!("{:.1}", limits.max_total_bytes as f64 / (1024.0 * 1024.0));
    Error::Upload {
        code: Code::FilesTooLarge,
        issues: vec![FieldIssue::new(
            field,
            Code::FilesTooLarge.as_str(),
            format!(
                "một hồ sơ gửi tối đa {} tệp, tổng cộng {mb} MB",
                limits.max_files
            ),
            format!(
                "one application takes at most {} files, {mb} MB in all",
                limits.max_files
            ),
        )],
    }
}

/// Reads a whole multipart body. A file larger than the per-file limit, or files past the
/// request's total or count, stop the reading with `file_too_large` / `files_too_large`.
pub async fn read(mut body: Multipart, limits: &Limits) -> Result<Form, Error> {
    let mut form = Form::default();
    let mut total: u64 = 0;
    // Text fields holding a control character (`validation::refused_char`), refused with
    // 422 once the body is read, each named.
    let mut issues = Vec::new();
    while let Some(part) = body.next().await {
        let mut part = part.map_err(|e| bad(format!("unreadable multipart body: {e}")))?;
        let disposition = part.content_disposition().cloned();
        let name = disposition
            .as_ref()
            .and_then(|d| d.get_name())
            .unwrap_or_default()
            .to_owned();
        let filename = disposition
            .as_ref()
            .and_then(|d| d.get_filename())
            .map(str::to_owned);
        let declared = part.content_type().map(|m| m.essence_str().to_owned());
        let mut bytes: Vec<u8> = Vec::new();
        match filename {
            Some(filename) => {
                while let Some(chunk) = part.next().await {
                    let chunk = chunk.map_err(|e| bad(format!("unreadable file part: {e}")))?;
                    bytes.extend_from_slice(&chunk);
                    if bytes.len() as u64 > limits.max_file_bytes {
                        return Err(too_large(&name, &filename, limits.max_file_bytes));
                    }
                    if total + bytes.len() as u64 > limits.max_total_bytes {
                        return Err(too_many(&name, limits));
                    }
                }
                if filename.is_empty() && bytes.is_empty() {
                    continue;
                }
                total += bytes.len() as u64;
                if form.files.len() >= limits.max_files {
                    return Err(too_many(&name, limits));
                }
                form.files.push(Upload {
                    field: name,
                    filename,
                    declared_type: declared,
                    bytes,
                });
            }
            None => {
                while let Some(chunk) = part.next().await {
                    let chunk = chunk.map_err(|e| bad(format!("unreadable field {name}: {e}")))?;
                    bytes.extend_from_slice(&chunk);
                    if bytes.len() > MAX_TEXT_BYTES {
                        return Err(Error::PayloadTooLarge);
                    }
                }
                let value = String::from_utf8(bytes)
                    .map_err(|_| bad(format!("field {name} is not UTF-8 text")))?;
                let refused = validation::first_refused(&name)
                    .map(|c| (validation::shown(&name), c))
                    .or_else(|| validation::first_refused(&value).map(|c| (name.clone(), c)));
                if let Some((field, c)) = refused {
                    issues.push(validation::control_character(&field, c));
                }
                form.texts.push((name, value));
            }
        }
    }
    if !issues.is_empty() {
        return Err(Error::Validation(issues));
    }
    Ok(form)
}
