//! Optimistic concurrency on the wire: the version an update is based on comes from
//! `If-Match`, else from the body's `version`.

use actix_web::HttpRequest;
use actix_web::http::header::IF_MATCH;

use crate::error::{Code, Error};
pub use crate::service::version::Expected;

/// Reads the expected version, refusing an update that names none (428).
pub fn expected(req: &HttpRequest, field: Option<i64>) -> Result<Expected, Error> {
    if let Some(value) = req.headers().get(IF_MATCH) {
        let parsed = value
            .to_str()
            .ok()
            .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
            .and_then(|v| v.parse::<i64>().ok());
        return parsed.map(Expected::IfMatch).ok_or(Error::BadRequest {
            code: Code::InvalidHeader,
            detail: "If-Match must be an ETag such as \"3\"".into(),
        });
    }
    field
        .map(Expected::Field)
        .ok_or(Error::PreconditionRequired)
}
