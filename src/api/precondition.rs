//! Optimistic concurrency: every update names the version it changes.

use actix_web::HttpRequest;
use actix_web::http::header::IF_MATCH;

use crate::error::{Code, Error};

/// The version an update is based on: `If-Match` first, then the body's `version`.
#[derive(Debug, Clone, Copy)]
pub enum Expected {
    /// From `If-Match`: a mismatch is 412.
    IfMatch(i64),
    /// From the body: a mismatch is 409.
    Field(i64),
}

impl Expected {
    /// Reads the expected version, refusing an update that names none (428).
    pub fn from_request(req: &HttpRequest, field: Option<i64>) -> Result<Self, Error> {
        if let Some(value) = req.headers().get(IF_MATCH) {
            let parsed = value
                .to_str()
                .ok()
                .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
                .and_then(|v| v.parse::<i64>().ok());
            return parsed.map(Self::IfMatch).ok_or(Error::BadRequest {
                code: Code::InvalidHeader,
                detail: "If-Match must be an ETag such as \"3\"".into(),
            });
        }
        field.map(Self::Field).ok_or(Error::PreconditionRequired)
    }

    /// The version number.
    pub fn version(&self) -> i64 {
        match self {
            Self::IfMatch(v) | Self::Field(v) => *v,
        }
    }

    /// The error for a stale version.
    pub fn stale(&self, current: i64) -> Error {
        match self {
            Self::IfMatch(_) => Error::PreconditionFailed { current },
            Self::Field(_) => Error::Conflict {
                code: Code::VersionConflict,
                detail: Some((
                    format!("Dữ liệu đã được thay đổi; phiên bản hiện tại là {current}."),
                    format!("Someone changed this first; the current version is {current}."),
                )),
            },
        }
    }
}
