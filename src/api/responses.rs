//! Error responses many operations share, for the OpenAPI document.

use utoipa::IntoResponses;

use crate::error::Problem;

/// What an administrator-only route answers to anyone else.
#[derive(IntoResponses)]
pub enum AdminOnly {
    /// No valid token.
    #[response(
        status = 401,
        description = "No valid token",
        content_type = "application/problem+json"
    )]
    Unauthenticated(Problem),
    /// Signed in, but not an administrator.
    #[response(
        status = 403,
        description = "Not an administrator",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
}

/// What an update answers when it does not name the current version.
#[derive(IntoResponses)]
pub enum VersionPreconditions {
    /// `If-Match` names an older version.
    #[response(
        status = 412,
        description = "Stale If-Match",
        content_type = "application/problem+json"
    )]
    Stale(Problem),
    /// Neither `If-Match` nor `version` was sent.
    #[response(
        status = 428,
        description = "No version given",
        content_type = "application/problem+json"
    )]
    Missing(Problem),
}
