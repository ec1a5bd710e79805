//! The one error type of the HTTP API and its RFC 9457 `application/problem+json` envelope.
//!
//! Persistence returns `QueryResult`; handlers turn failures into an [`ApiError`] at the edge.
//! Every variant has a fixed status and a stable `snake_case` code that clients may rely on;
//! titles and details are Vietnamese by default and English on `Accept-Language: en`.

use std::borrow::Cow;
use std::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::Lang;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One field that failed validation.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct FieldIssue {
    /// The field, as named in the request (`office_code`, `documents[2].name`).
    #[schema(example = "username")]
    pub field: String,
    /// The rule it broke, stable (`required`, `length`, `pattern`, `one_of`, `email`, …).
    #[schema(example = "length")]
    pub rule: String,
    /// What the rule asks, in the response language.
    #[schema(example = "phải dài từ 3 đến 64 ký tự")]
    pub message: String,
    #[serde(skip)]
    #[schema(ignore)]
    message_en: String,
}

impl FieldIssue {
    /// A field issue with its Vietnamese and English messages.
    pub fn new(
        field: impl Into<String>,
        rule: impl Into<String>,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            rule: rule.into(),
            message: vi.into(),
            message_en: en.into(),
        }
    }

    fn in_lang(&self, lang: Lang) -> Self {
        let mut issue = self.clone();
        if lang == Lang::En {
            issue.message = self.message_en.clone();
        }
        issue
    }
}

/// Every way a request can fail.
#[derive(Debug)]
pub enum ApiError {
    /// 422 `validation_failed`: the body or query broke field rules.
    Validation(Vec<FieldIssue>),
    /// 400: the request could not be read (`invalid_json`, `invalid_query`, `invalid_path`,
    /// `invalid_header`); the detail says where.
    BadRequest {
        /// The stable code.
        code: &'static str,
        /// What was wrong, from the parser.
        detail: String,
    },
    /// 401 `unauthenticated`: no valid bearer token.
    Unauthenticated,
    /// 401 `invalid_credentials`: wrong username or password (never says which).
    InvalidCredentials,
    /// 403 `forbidden`: authenticated, but this role or office may not do this.
    Forbidden,
    /// 404 with a resource-specific code (`user_not_found`, `route_not_found`).
    NotFound(&'static str),
    /// 405 `method_not_allowed`.
    MethodNotAllowed,
    /// 409 with a specific code (`username_taken`, `version_conflict`, …).
    Conflict {
        /// The stable code.
        code: &'static str,
        /// Optional detail, Vietnamese and English.
        detail: Option<(String, String)>,
    },
    /// 412 `precondition_failed`: `If-Match` names a version that is not the current one.
    PreconditionFailed {
        /// The version the resource has now.
        current: i64,
    },
    /// 413 `payload_too_large`.
    PayloadTooLarge,
    /// 415 `unsupported_media_type`.
    UnsupportedMediaType,
    /// 422 `idempotency_key_reused`: the key was used before for a different request.
    IdempotencyKeyReused,
    /// 422 `import_rejected`: an atomic import with bad rows wrote nothing; the report says why.
    ImportRejected(serde_json::Value),
    /// 428 `precondition_required`: an update came without `If-Match` or `version`.
    PreconditionRequired,
    /// 429 `too_many_requests`, with the seconds to wait.
    TooManyRequests {
        /// Seconds until another try may succeed.
        retry_after: u64,
    },
    /// 503 `service_unavailable`: the database cannot be reached.
    Unavailable(String),
    /// 500 `internal_error`: the cause is logged, never sent.
    Internal(anyhow::Error),
}

impl ApiError {
    /// A 500 from any error; the cause chain is logged when the response is built.
    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        Self::Internal(error.into())
    }

    /// A 409 with a code and no detail.
    pub fn conflict(code: &'static str) -> Self {
        Self::Conflict { code, detail: None }
    }

    /// A 422 for a single field.
    pub fn field(field: &str, rule: &str, vi: &str, en: &str) -> Self {
        Self::Validation(vec![FieldIssue::new(field, rule, vi, en)])
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Validation(_) | Self::IdempotencyKeyReused | Self::ImportRejected(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Unauthenticated | Self::InvalidCredentials => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Validation(_) => "validation_failed",
            Self::BadRequest { code, .. } => code,
            Self::Unauthenticated => "unauthenticated",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Forbidden => "forbidden",
            Self::NotFound(code) => code,
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Conflict { code, .. } => code,
            Self::PreconditionFailed { .. } => "precondition_failed",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::ImportRejected(_) => "import_rejected",
            Self::PreconditionRequired => "precondition_required",
            Self::TooManyRequests { .. } => "too_many_requests",
            Self::Unavailable(_) => "service_unavailable",
            Self::Internal(_) => "internal_error",
        }
    }

    fn detail(&self, lang: Lang) -> Cow<'static, str> {
        let text = |vi: &'static str, en: &'static str| Cow::Borrowed(lang.pick(vi, en));
        match self {
            Self::Validation(issues) => Cow::Owned(match lang {
                Lang::Vi => format!("{} trường không hợp lệ.", issues.len()),
                Lang::En => format!("{} field(s) are invalid.", issues.len()),
            }),
            Self::BadRequest { detail, .. } => Cow::Owned(detail.clone()),
            Self::Unauthenticated => text(
                "Cần đăng nhập: gửi mã truy cập hợp lệ trong tiêu đề Authorization: Bearer.",
                "Sign in first: send a valid token in the Authorization: Bearer header.",
            ),
            Self::InvalidCredentials => text(
                "Tên đăng nhập hoặc mật khẩu không đúng.",
                "The username or password is wrong.",
            ),
            Self::Forbidden => text(
                "Tài khoản của bạn không có quyền thực hiện thao tác này.",
                "Your account may not do this.",
            ),
            Self::NotFound("route_not_found") => text(
                "Không có đường dẫn này trong API.",
                "There is no such path in the API.",
            ),
            Self::NotFound(_) => text("Không tìm thấy.", "Not found."),
            Self::MethodNotAllowed => text(
                "Đường dẫn này không nhận phương thức này.",
                "This path does not accept this method.",
            ),
            Self::Conflict {
                detail: Some((vi, en)),
                ..
            } => Cow::Owned(lang.pick(vi, en).to_owned()),
            Self::Conflict { .. } => text(
                "Yêu cầu xung đột với dữ liệu hiện có.",
                "The request conflicts with the current data.",
            ),
            Self::PreconditionFailed { current } => Cow::Owned(match lang {
                Lang::Vi => {
                    format!("Dữ liệu đã được người khác thay đổi; phiên bản hiện tại là {current}.")
                }
                Lang::En => {
                    format!("Someone changed this first; the current version is {current}.")
                }
            }),
            Self::PayloadTooLarge => text(
                "Nội dung gửi lên quá lớn.",
                "The request body is too large.",
            ),
            Self::UnsupportedMediaType => text(
                "Kiểu nội dung không được hỗ trợ; hãy gửi application/json.",
                "Unsupported content type; send application/json.",
            ),
            Self::IdempotencyKeyReused => text(
                "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác.",
                "This Idempotency-Key was already used for a different request.",
            ),
            Self::ImportRejected(_) => text(
                "Có dòng không hợp lệ nên không ghi dòng nào (nhập nguyên khối); xem report.errors.",
                "Some rows are invalid, so nothing was written (atomic import); see report.errors.",
            ),
            Self::PreconditionRequired => text(
                "Cần gửi phiên bản hiện tại (If-Match hoặc trường version) để cập nhật.",
                "Send the current version (If-Match or a version field) to update.",
            ),
            Self::TooManyRequests { retry_after } => Cow::Owned(match lang {
                Lang::Vi => format!("Quá nhiều lần thử; hãy thử lại sau {retry_after} giây."),
                Lang::En => format!("Too many attempts; try again in {retry_after} seconds."),
            }),
            Self::Unavailable(_) => text(
                "Dịch vụ tạm thời không truy cập được cơ sở dữ liệu.",
                "The service cannot reach its database right now.",
            ),
            Self::Internal(_) => text(
                "Đã có lỗi phía máy chủ; lỗi đã được ghi lại.",
                "Something went wrong on the server; it has been logged.",
            ),
        }
    }

    /// The problem document in a language.
    pub fn problem(&self, lang: Lang) -> Problem {
        let code = self.code();
        Problem {
            kind: format!("urn:motcua:problem:{code}"),
            title: title(code, self.status(), lang).into_owned(),
            status: self.status().as_u16(),
            detail: self.detail(lang).into_owned(),
            code: code.to_owned(),
            errors: match self {
                Self::Validation(issues) => Some(issues.iter().map(|i| i.in_lang(lang)).collect()),
                _ => None,
            },
            current_version: match self {
                Self::PreconditionFailed { current } => Some(*current),
                _ => None,
            },
            report: match self {
                Self::ImportRejected(report) => Some(report.clone()),
                _ => None,
            },
        }
    }

    /// The full HTTP response in a language.
    pub fn to_response(&self, lang: Lang) -> HttpResponse {
        let mut builder = HttpResponse::build(self.status());
        builder
            .content_type(PROBLEM_JSON)
            .insert_header((header::CONTENT_LANGUAGE, lang.tag()));
        match self {
            Self::TooManyRequests { retry_after } => {
                builder.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            Self::Unauthenticated => {
                builder
                    .insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
            }
            _ => {}
        }
        builder.json(self.problem(lang))
    }
}

/// The `application/problem+json` body (RFC 9457) with motcua's extensions.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the problem type: `urn:motcua:problem:{code}`.
    #[serde(rename = "type")]
    #[schema(example = "urn:motcua:problem:validation_failed")]
    pub kind: String,
    /// A short summary of the problem type.
    #[schema(example = "Dữ liệu không hợp lệ")]
    pub title: String,
    /// The HTTP status.
    #[schema(example = 422)]
    pub status: u16,
    /// What went wrong this time.
    #[schema(example = "1 trường không hợp lệ.")]
    pub detail: String,
    /// The stable machine code (`snake_case`).
    #[schema(example = "validation_failed")]
    pub code: String,
    /// For `validation_failed`: one entry per broken field rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldIssue>>,
    /// For `precondition_failed`: the resource's current version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
    /// For `import_rejected`: the import report (rows, errors with line numbers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<serde_json::Value>,
}

fn title(code: &str, status: StatusCode, lang: Lang) -> Cow<'static, str> {
    let (vi, en) = match code {
        "validation_failed" => ("Dữ liệu không hợp lệ", "Validation failed"),
        "invalid_json" => ("Nội dung JSON không đọc được", "Invalid JSON body"),
        "invalid_query" => ("Tham số truy vấn không hợp lệ", "Invalid query parameters"),
        "invalid_path" => ("Đường dẫn không hợp lệ", "Invalid path parameter"),
        "invalid_header" => ("Tiêu đề không hợp lệ", "Invalid header"),
        "unauthenticated" => ("Chưa đăng nhập", "Not signed in"),
        "invalid_credentials" => ("Sai thông tin đăng nhập", "Invalid credentials"),
        "forbidden" => ("Không có quyền", "Forbidden"),
        "route_not_found" => ("Không tìm thấy đường dẫn", "Route not found"),
        "user_not_found" => ("Không tìm thấy tài khoản", "User not found"),
        "office_not_found" => ("Không tìm thấy bộ phận một cửa", "Office not found"),
        "unit_not_found" => ("Không tìm thấy đơn vị hành chính", "Unit not found"),
        "method_not_allowed" => ("Phương thức không được phép", "Method not allowed"),
        "username_taken" => ("Tên đăng nhập đã tồn tại", "Username taken"),
        "version_conflict" => ("Phiên bản đã cũ", "Version conflict"),
        "precondition_failed" => ("Phiên bản đã cũ", "Precondition failed"),
        "payload_too_large" => ("Nội dung quá lớn", "Payload too large"),
        "unsupported_media_type" => ("Kiểu nội dung không hỗ trợ", "Unsupported media type"),
        "idempotency_key_reused" => ("Khóa Idempotency-Key đã dùng", "Idempotency key reused"),
        "precondition_required" => ("Thiếu phiên bản hiện tại", "Precondition required"),
        "import_rejected" => ("Không nhập dữ liệu", "Import rejected"),
        "unreadable_file" => ("Không đọc được tệp", "Unreadable file"),
        "procedure_not_found" => ("Không tìm thấy thủ tục", "Procedure not found"),
        "procedure_exists" => ("Thủ tục đã tồn tại", "Procedure exists"),
        "field_not_found" => ("Không tìm thấy lĩnh vực", "Field not found"),
        "field_exists" => ("Lĩnh vực đã tồn tại", "Field exists"),
        "last_admin" => ("Quản trị viên cuối cùng", "Last administrator"),
        "too_many_requests" => ("Quá nhiều yêu cầu", "Too many requests"),
        "service_unavailable" => ("Dịch vụ tạm ngừng", "Service unavailable"),
        "internal_error" => ("Lỗi máy chủ", "Internal server error"),
        _ => {
            return Cow::Owned(match lang {
                Lang::Vi => format!("Lỗi {}", status.as_u16()),
                Lang::En => status.canonical_reason().unwrap_or("Error").to_owned(),
            });
        }
    };
    Cow::Borrowed(lang.pick(vi, en))
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.detail(Lang::En))
    }
}

impl std::error::Error for ApiError {}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::Internal(cause) => tracing::error!(error = %error_chain(cause), "internal error"),
            Self::Unavailable(cause) => tracing::warn!(error = %cause, "database unavailable"),
            _ => {}
        }
        // Vietnamese here; the observe middleware re-renders for English-speaking clients.
        self.to_response(Lang::Vi)
    }
}

/// The whole cause chain on one line, outermost first.
pub fn error_chain(error: &anyhow::Error) -> String {
    error
        .chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            Error::NotFound => Self::NotFound("not_found"),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                Self::conflict("already_exists")
            }
            other => Self::internal(other),
        }
    }
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(errors: validator::ValidationErrors) -> Self {
        Self::Validation(crate::api::validation::issues(&errors))
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        Self::internal(anyhow::anyhow!("blocking task failed: {error}"))
    }
}

impl From<actix_web::error::JsonPayloadError> for ApiError {
    fn from(error: actix_web::error::JsonPayloadError) -> Self {
        use actix_web::error::JsonPayloadError as E;
        match error {
            E::OverflowKnownLength { .. } | E::Overflow { .. } => Self::PayloadTooLarge,
            E::ContentType => Self::UnsupportedMediaType,
            E::Deserialize(e) => Self::BadRequest {
                code: "invalid_json",
                detail: e.to_string(),
            },
            other => Self::BadRequest {
                code: "invalid_json",
                detail: other.to_string(),
            },
        }
    }
}

impl From<actix_web::error::QueryPayloadError> for ApiError {
    fn from(error: actix_web::error::QueryPayloadError) -> Self {
        Self::BadRequest {
            code: "invalid_query",
            detail: error.to_string(),
        }
    }
}

impl From<actix_web::error::PathError> for ApiError {
    fn from(error: actix_web::error::PathError) -> Self {
        Self::BadRequest {
            code: "invalid_path",
            detail: error.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_status_and_code() {
        let cases: Vec<(ApiError, u16, &str)> = vec![
            (ApiError::Validation(vec![]), 422, "validation_failed"),
            (
                ApiError::BadRequest {
                    code: "invalid_json",
                    detail: "x".into(),
                },
                400,
                "invalid_json",
            ),
            (ApiError::Unauthenticated, 401, "unauthenticated"),
            (ApiError::InvalidCredentials, 401, "invalid_credentials"),
            (ApiError::Forbidden, 403, "forbidden"),
            (ApiError::NotFound("user_not_found"), 404, "user_not_found"),
            (ApiError::MethodNotAllowed, 405, "method_not_allowed"),
            (ApiError::conflict("username_taken"), 409, "username_taken"),
            (
                ApiError::PreconditionFailed { current: 3 },
                412,
                "precondition_failed",
            ),
            (ApiError::PayloadTooLarge, 413, "payload_too_large"),
            (
                ApiError::UnsupportedMediaType,
                415,
                "unsupported_media_type",
            ),
            (
                ApiError::IdempotencyKeyReused,
                422,
                "idempotency_key_reused",
            ),
            (ApiError::PreconditionRequired, 428, "precondition_required"),
            (
                ApiError::ImportRejected(serde_json::json!({})),
                422,
                "import_rejected",
            ),
            (
                ApiError::TooManyRequests { retry_after: 9 },
                429,
                "too_many_requests",
            ),
            (
                ApiError::Unavailable("down".into()),
                503,
                "service_unavailable",
            ),
            (
                ApiError::internal(anyhow::anyhow!("boom")),
                500,
                "internal_error",
            ),
        ];
        for (error, status, code) in cases {
            assert_eq!(error.status().as_u16(), status, "{code}");
            assert_eq!(error.code(), code);
            let problem = error.problem(Lang::En);
            assert_eq!(problem.status, status);
            assert_eq!(problem.code, code);
            assert_eq!(problem.kind, format!("urn:motcua:problem:{code}"));
            assert!(
                !problem.title.is_empty() && !problem.detail.is_empty(),
                "{code}"
            );
        }
    }

    #[test]
    fn titles_and_details_follow_the_language() {
        let error = ApiError::InvalidCredentials;
        assert_eq!(error.problem(Lang::Vi).title, "Sai thông tin đăng nhập");
        assert_eq!(error.problem(Lang::En).title, "Invalid credentials");
        assert_eq!(
            error.problem(Lang::En).detail,
            "The username or password is wrong."
        );
    }

    #[test]
    fn validation_lists_each_field_in_the_chosen_language() {
        let error = ApiError::field(
            "username",
            "length",
            "phải dài 3–64 ký tự",
            "must be 3–64 characters",
        );
        let vi = error.problem(Lang::Vi);
        let en = error.problem(Lang::En);
        let (vi, en) = (vi.errors.unwrap_or_default(), en.errors.unwrap_or_default());
        assert_eq!(vi[0].field, "username");
        assert_eq!(vi[0].rule, "length");
        assert_eq!(vi[0].message, "phải dài 3–64 ký tự");
        assert_eq!(en[0].message, "must be 3–64 characters");
    }

    #[test]
    fn internal_errors_never_leak_their_cause() {
        let error = ApiError::internal(anyhow::anyhow!("password=hunter2 in SQL"));
        for lang in [Lang::Vi, Lang::En] {
            let body = serde_json::to_string(&error.problem(lang)).unwrap_or_default();
            assert!(!body.contains("hunter2"), "{body}");
        }
    }

    #[test]
    fn database_errors_map_at_the_edge() {
        assert_eq!(
            ApiError::from(diesel::result::Error::NotFound)
                .status()
                .as_u16(),
            404
        );
        assert_eq!(
            ApiError::from(diesel::result::Error::RollbackTransaction)
                .status()
                .as_u16(),
            500
        );
    }

    #[test]
    fn retry_after_and_language_headers_are_set() {
        let response = ApiError::TooManyRequests { retry_after: 42 }.to_response(Lang::En);
        assert_eq!(
            response
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok()),
            Some("42")
        );
        assert_eq!(
            response
                .headers()
                .get(header::CONTENT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
            Some("en")
        );
        assert_eq!(
            response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some(PROBLEM_JSON)
        );
    }
}
