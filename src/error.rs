//! The one error enum of the service and its RFC 9457 `application/problem+json` envelope.
//!
//! Operations return [`Error`]; the faces render it (problem+json on the API, the site's error
//! page or a field message on the web). Persistence returns `QueryResult`, turned into an
//! [`Error`] by `?`. Every stable code is a [`Code`] with its HTTP status and its Vietnamese and
//! English titles; details are Vietnamese by default and English on request. Nothing here
//! knows the HTTP framework.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::Lang;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

macro_rules! codes {
    ($($variant:ident = $code:literal, $status:literal, $vi:literal, $en:literal;)+) => {
        /// Every stable machine code a client may see, with its HTTP status and titles.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $(
                #[doc = $en]
                $variant,
            )+
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The stable `snake_case` code.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }

            /// The HTTP status this code is answered with.
            pub fn status(self) -> u16 {
                match self { $(Self::$variant => $status),+ }
            }

            /// The short title in a language.
            pub fn title(self, lang: Lang) -> &'static str {
                match self { $(Self::$variant => lang.pick($vi, $en)),+ }
            }
        }
    };
}

codes! {
    ValidationFailed = "validation_failed", 422, "Dữ liệu không hợp lệ", "Validation failed";
    InvalidJson = "invalid_json", 400, "Nội dung JSON không đọc được", "Invalid JSON body";
    InvalidQuery = "invalid_query", 400, "Tham số truy vấn không hợp lệ", "Invalid query parameters";
    InvalidPath = "invalid_path", 400, "Đường dẫn không hợp lệ", "Invalid path parameter";
    InvalidHeader = "invalid_header", 400, "Tiêu đề không hợp lệ", "Invalid header";
    InvalidBody = "invalid_body", 400, "Nội dung gửi lên không đọc được", "Unreadable request body";
    BadRequest = "bad_request", 400, "Yêu cầu không hợp lệ", "Bad request";
    Unauthenticated = "unauthenticated", 401, "Chưa đăng nhập", "Not signed in";
    InvalidCredentials = "invalid_credentials", 401, "Sai thông tin đăng nhập", "Invalid credentials";
    Forbidden = "forbidden", 403, "Không có quyền", "Forbidden";
    NotFound = "not_found", 404, "Không tìm thấy", "Not found";
    RouteNotFound = "route_not_found", 404, "Không tìm thấy đường dẫn", "Route not found";
    UserNotFound = "user_not_found", 404, "Không tìm thấy tài khoản", "User not found";
    OfficeNotFound = "office_not_found", 404, "Không tìm thấy bộ phận một cửa", "Office not found";
    UnitNotFound = "unit_not_found", 404, "Không tìm thấy đơn vị hành chính", "Unit not found";
    FieldNotFound = "field_not_found", 404, "Không tìm thấy lĩnh vực", "Field not found";
    ProcedureNotFound = "procedure_not_found", 404, "Không tìm thấy thủ tục", "Procedure not found";
    ApplicationNotFound = "application_not_found", 404, "Không tìm thấy hồ sơ", "Application not found";
    ActionNotFound = "action_not_found", 404, "Không có thao tác này", "No such action";
    SlipNotFound = "slip_not_found", 404, "Không có mẫu phiếu này", "No such slip";
    SlipNotAvailable = "slip_not_available", 404, "Hồ sơ chưa có phiếu này", "Slip not available";
    MethodNotAllowed = "method_not_allowed", 405, "Phương thức không được phép", "Method not allowed";
    AlreadyExists = "already_exists", 409, "Đã tồn tại", "Already exists";
    UsernameTaken = "username_taken", 409, "Tên đăng nhập đã tồn tại", "Username taken";
    OfficeCodeTaken = "office_code_taken", 409, "Mã bộ phận đã được dùng", "Office code taken";
    UnitCodeInUse = "unit_code_in_use", 409, "Mã đơn vị đang được dùng", "Unit code in use";
    ProcedureExists = "procedure_exists", 409, "Thủ tục đã tồn tại", "Procedure exists";
    FieldExists = "field_exists", 409, "Lĩnh vực đã tồn tại", "Field exists";
    LastAdmin = "last_admin", 409, "Quản trị viên cuối cùng", "Last administrator";
    VersionConflict = "version_conflict", 409, "Phiên bản đã cũ", "Version conflict";
    InvalidTransition = "invalid_transition", 409, "Thao tác không hợp lệ ở trạng thái này", "Invalid transition";
    AlreadyApologized = "already_apologized", 409, "Đã hẹn lại ngày trả", "Already apologized";
    AlreadyRated = "already_rated", 409, "Hồ sơ đã được đánh giá", "Already rated";
    NotReturned = "not_returned", 409, "Hồ sơ chưa trả kết quả", "Result not returned yet";
    PreconditionFailed = "precondition_failed", 412, "Dữ liệu đã thay đổi", "Precondition failed";
    PayloadTooLarge = "payload_too_large", 413, "Nội dung quá lớn", "Payload too large";
    UnsupportedMediaType = "unsupported_media_type", 415, "Kiểu nội dung không hỗ trợ", "Unsupported media type";
    IdempotencyKeyReused = "idempotency_key_reused", 422, "Khóa Idempotency-Key đã dùng", "Idempotency key reused";
    ImportRejected = "import_rejected", 422, "Không nhập dữ liệu", "Import rejected";
    UnreadableFile = "unreadable_file", 400, "Không đọc được tệp", "Unreadable file";
    PreconditionRequired = "precondition_required", 428, "Thiếu phiên bản hiện tại", "Precondition required";
    TooManyRequests = "too_many_requests", 429, "Quá nhiều yêu cầu", "Too many requests";
    InternalError = "internal_error", 500, "Lỗi máy chủ", "Internal server error";
    ServiceUnavailable = "service_unavailable", 503, "Dịch vụ tạm ngừng", "Service unavailable";
    CsrfFailed = "csrf_failed", 403, "Biểu mẫu đã hết hạn", "The form has expired";
    FileTooLarge = "file_too_large", 413, "Tệp quá lớn", "File too large";
    FilesTooLarge = "files_too_large", 413, "Tổng dung lượng hoặc số tệp vượt giới hạn", "Too many or too large files";
    FileTypeMismatch = "file_type_mismatch", 422, "Tên tệp không khớp với nội dung", "File name does not match its content";
    FileTypeNotAllowed = "file_type_not_allowed", 415, "Loại tệp không được chấp nhận", "File type not accepted";
    FileEmpty = "file_empty", 422, "Tệp rỗng", "Empty file";
    FileNotFound = "file_not_found", 404, "Không tìm thấy tệp", "File not found";
    DraftNotFound = "draft_not_found", 404, "Không tìm thấy bản nháp hồ sơ", "Application draft not found";
    SupplementNotRequested = "supplement_not_requested", 409, "Hồ sơ không được yêu cầu bổ sung", "No supplement requested";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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

    /// The message in a language (for a page showing it beside its field).
    pub fn message_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.message,
            Lang::En => &self.message_en,
        }
    }

    /// What the rule asks, in English (`message` is in Vietnamese until rendered).
    pub fn message_en(&self) -> &str {
        &self.message_en
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
pub enum Error {
    /// 422 `validation_failed`: the body or query broke field rules.
    Validation(Vec<FieldIssue>),
    /// 400: the request could not be read (`invalid_json`, `invalid_query`, `invalid_path`,
    /// `invalid_header`); the detail says where.
    BadRequest {
        /// The stable code.
        code: Code,
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
    NotFound(Code),
    /// 405 `method_not_allowed`.
    MethodNotAllowed,
    /// 409 with a specific code (`username_taken`, `version_conflict`, …).
    Conflict {
        /// The stable code.
        code: Code,
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
    /// An uploaded file refused (`file_too_large`, `file_type_mismatch`, …): the code of the
    /// first refusal, and every refused file as a field issue whose rule is its own code.
    Upload {
        /// The first refusal's code.
        code: Code,
        /// Every refused file.
        issues: Vec<FieldIssue>,
    },
}

impl Error {
    /// A 500 from any error; the cause chain is logged when the response is built.
    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        Self::Internal(error.into())
    }

    /// A 409 with a code and no detail.
    pub fn conflict(code: Code) -> Self {
        Self::Conflict { code, detail: None }
    }

    /// A 422 for a single field.
    pub fn field(field: &str, rule: &str, vi: &str, en: &str) -> Self {
        Self::Validation(vec![FieldIssue::new(field, rule, vi, en)])
    }

    /// The stable code, with its status and titles.
    pub fn code(&self) -> Code {
        match self {
            Self::Validation(_) => Code::ValidationFailed,
            Self::BadRequest { code, .. } | Self::Conflict { code, .. } => *code,
            Self::NotFound(code) => *code,
            Self::Unauthenticated => Code::Unauthenticated,
            Self::InvalidCredentials => Code::InvalidCredentials,
            Self::Forbidden => Code::Forbidden,
            Self::MethodNotAllowed => Code::MethodNotAllowed,
            Self::PreconditionFailed { .. } => Code::PreconditionFailed,
            Self::PayloadTooLarge => Code::PayloadTooLarge,
            Self::UnsupportedMediaType => Code::UnsupportedMediaType,
            Self::IdempotencyKeyReused => Code::IdempotencyKeyReused,
            Self::ImportRejected(_) => Code::ImportRejected,
            Self::PreconditionRequired => Code::PreconditionRequired,
            Self::TooManyRequests { .. } => Code::TooManyRequests,
            Self::Unavailable(_) => Code::ServiceUnavailable,
            Self::Internal(_) => Code::InternalError,
            Self::Upload { code, .. } => *code,
        }
    }

    /// The HTTP status number.
    pub fn status(&self) -> u16 {
        self.code().status()
    }

    /// What went wrong this time, in a language.
    pub fn detail(&self, lang: Lang) -> Cow<'static, str> {
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
            Self::NotFound(Code::RouteNotFound) => text(
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
            Self::Upload { issues, .. } => Cow::Owned(
                issues
                    .iter()
                    .map(|i| i.in_lang(lang).message)
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        }
    }

    /// The problem document in a language.
    pub fn problem(&self, lang: Lang) -> Problem {
        let code = self.code();
        Problem {
            kind: format!("urn:motcua:problem:{code}"),
            title: code.title(lang).to_owned(),
            status: code.status(),
            detail: self.detail(lang).into_owned(),
            code: code.as_str().to_owned(),
            errors: match self {
                Self::Validation(issues) | Self::Upload { issues, .. } => {
                    Some(issues.iter().map(|i| i.in_lang(lang)).collect())
                }
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.detail(Lang::En))
    }
}

impl std::error::Error for Error {}

/// Seconds a 503 asks the client to wait (`Retry-After`): long enough for a restarted
/// database or a cut link to come back, short enough that a client retrying is not kept
/// away for long.
pub const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 5;

/// The whole cause chain on one line, outermost first.
pub fn error_chain(error: &anyhow::Error) -> String {
    error
        .chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}

impl From<diesel::result::Error> for Error {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error as Db};
        match error {
            Db::NotFound => Self::NotFound(Code::NotFound),
            Db::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                Self::conflict(Code::AlreadyExists)
            }
            // A lost link, a timeout, a lock held too long, a read-only or failing disk: the
            // database cannot serve now, and a retry later may succeed.
            other => match crate::db::outage(&other) {
                Some(cause) => Self::Unavailable(format!("{cause}: {other}")),
                None => Self::internal(other),
            },
        }
    }
}

impl From<validator::ValidationErrors> for Error {
    fn from(errors: validator::ValidationErrors) -> Self {
        Self::Validation(crate::validation::issues(&errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_status_and_two_titles_that_differ() {
        let mut seen = std::collections::HashSet::new();
        for &code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert!(
                !text.is_empty() && text.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{text} is not snake_case"
            );
            assert!((400..600).contains(&code.status()), "{text}");
            let (vi, en) = (code.title(Lang::Vi), code.title(Lang::En));
            assert!(!vi.trim().is_empty() && !en.trim().is_empty(), "{text}");
            assert_ne!(vi, en, "{text}: the titles are the same in both languages");
        }
    }

    #[test]
    fn every_variant_has_its_status_and_code() {
        let cases: Vec<(Error, u16, &str)> = vec![
            (Error::Validation(vec![]), 422, "validation_failed"),
            (
                Error::BadRequest {
                    code: Code::InvalidJson,
                    detail: "x".into(),
                },
                400,
                "invalid_json",
            ),
            (Error::Unauthenticated, 401, "unauthenticated"),
            (Error::InvalidCredentials, 401, "invalid_credentials"),
            (Error::Forbidden, 403, "forbidden"),
            (Error::NotFound(Code::UserNotFound), 404, "user_not_found"),
            (Error::MethodNotAllowed, 405, "method_not_allowed"),
            (Error::conflict(Code::UsernameTaken), 409, "username_taken"),
            (
                Error::PreconditionFailed { current: 3 },
                412,
                "precondition_failed",
            ),
            (Error::PayloadTooLarge, 413, "payload_too_large"),
            (Error::UnsupportedMediaType, 415, "unsupported_media_type"),
            (Error::IdempotencyKeyReused, 422, "idempotency_key_reused"),
            (Error::PreconditionRequired, 428, "precondition_required"),
            (
                Error::ImportRejected(serde_json::json!({})),
                422,
                "import_rejected",
            ),
            (
                Error::TooManyRequests { retry_after: 9 },
                429,
                "too_many_requests",
            ),
            (
                Error::Unavailable("down".into()),
                503,
                "service_unavailable",
            ),
            (
                Error::internal(anyhow::anyhow!("boom")),
                500,
                "internal_error",
            ),
        ];
        for (error, status, code) in cases {
            assert_eq!(error.status(), status, "{code}");
            assert_eq!(error.code().as_str(), code);
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
        let error = Error::InvalidCredentials;
        assert_eq!(error.problem(Lang::Vi).title, "Sai thông tin đăng nhập");
        assert_eq!(error.problem(Lang::En).title, "Invalid credentials");
        assert_eq!(
            error.problem(Lang::En).detail,
            "The username or password is wrong."
        );
    }

    #[test]
    fn validation_lists_each_field_in_the_chosen_language() {
        let error = Error::field(
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
        let error = Error::internal(anyhow::anyhow!("password=hunter2 in SQL"));
        for lang in [Lang::Vi, Lang::En] {
            let body = serde_json::to_string(&error.problem(lang)).unwrap_or_default();
            assert!(!body.contains("hunter2"), "{body}");
        }
    }

    #[test]
    fn database_errors_map_at_the_edge() {
        use diesel::result::{DatabaseErrorKind as Kind, Error as Db};
        assert_eq!(Error::from(diesel::result::Error::NotFound).status(), 404);
        let lost = Db::DatabaseError(Kind::ClosedConnection, Box::new("gone".to_owned()));
        assert_eq!(Error::from(lost).code(), Code::ServiceUnavailable);
        let locked = Db::DatabaseError(Kind::Unknown, Box::new("database is locked".to_owned()));
        assert_eq!(Error::from(locked).status(), 503);
        assert_eq!(
            Error::from(diesel::result::Error::RollbackTransaction).status(),
            500
        );
    }
}
