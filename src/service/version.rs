//! Optimistic concurrency: every update names the version it changes.

use crate::error::{Code, Error};

/// The version an update is based on, and where the caller said it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// From a precondition (`If-Match`): a mismatch is 412.
    IfMatch(i64),
    /// From the request's own `version` field: a mismatch is 409.
    Field(i64),
}

impl Expected {
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

    /// Refuses a stale version.
    pub fn check(&self, current: i64) -> Result<(), Error> {
        if self.version() == current {
            Ok(())
        } else {
            Err(self.stale(current))
        }
    }
}
