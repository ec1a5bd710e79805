//! An action form's body: `application/x-www-form-urlencoded` for the forms without a file,
//! `multipart/form-data` for those that carry the result's file. Both become one [`Body`].

use actix_multipart::Multipart;
use actix_web::web;
use futures_util::StreamExt;

use crate::error::Error;
use crate::multipart::Form;
use crate::service::files::{Storage, Upload};

/// The most bytes of a form without files.
const MAX_FORM_BYTES: usize = 64 * 1024;

/// What a form sent.
#[derive(Debug, Default)]
pub struct Body {
    /// Every text field, in order (a repeated name appears once per value).
    pub texts: Vec<(String, String)>,
    /// Every file chosen.
    pub files: Vec<Upload>,
}

impl Body {
    /// The first value of a field, trimmed ("" when absent).
    pub fn text(&self, name: &str) -> &str {
        self.texts
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// Every value of a repeated field (checkboxes), trimmed, without empty ones.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.texts
            .iter()
            .filter(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }

    /// The lines of a text area, trimmed, without empty ones.
    pub fn lines(&self, name: &str) -> Vec<String> {
        self.text(name)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// Reads the body by its content type. A file past the upload limits is the error the
/// upload path gives (`Error::Upload`).
pub async fn read(
    req: &actix_web::HttpRequest,
    payload: web::Payload,
    storage: &Storage,
) -> Result<Body, Error> {
    let multipart = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if multipart {
        let body = Multipart::new(req.headers(), payload.into_inner());
        let Form { texts, files } = crate::multipart::read(body, &storage.limits).await?;
        return Ok(Body { texts, files });
    }
    let mut payload = payload;
    let mut bytes = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| Error::PayloadTooLarge)?;
        if bytes.len() + chunk.len() > MAX_FORM_BYTES {
            return Err(Error::PayloadTooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    let texts = form_urlencoded::parse(&bytes)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    Ok(Body {
        texts,
        files: Vec::new(),
    })
}
