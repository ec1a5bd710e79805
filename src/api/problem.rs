//! The service's [`Error`] as an HTTP response: RFC 9457 problem+json in the request's language,
//! and the framework's own extractor errors mapped onto the same codes.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ACCEPT_LANGUAGE, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, ResponseError};

use crate::error::{Code, Error, PROBLEM_JSON, UNAVAILABLE_RETRY_AFTER_SECS, error_chain};
use crate::i18n::Lang;

/// The language a request asks for (`Accept-Language`; Vietnamese by default).
pub fn lang_of(req: &HttpRequest) -> Lang {
    Lang::negotiate(
        req.headers()
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

/// The full problem+json response for an error in a language.
pub fn to_response(error: &Error, lang: Lang) -> HttpResponse {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut builder = HttpResponse::build(status);
    builder
        .content_type(PROBLEM_JSON)
        .insert_header((header::CONTENT_LANGUAGE, lang.tag()));
    match error {
        Error::TooManyRequests { retry_after } => {
            builder.insert_header((header::RETRY_AFTER, retry_after.to_string()));
        }
        Error::Unavailable(_) => {
            builder.insert_header((
                header::RETRY_AFTER,
                UNAVAILABLE_RETRY_AFTER_SECS.to_string(),
            ));
        }
        Error::Unauthenticated => {
            builder.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        _ => {}
    }
    builder.json(error.problem(lang))
}

impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::Internal(cause) => tracing::error!(error = %error_chain(cause), "internal error"),
            Self::Unavailable(cause) => tracing::warn!(error = %cause, "database unavailable"),
            _ => {}
        }
        // Vietnamese here; the observe middleware re-renders for English-speaking clients.
        to_response(self, Lang::Vi)
    }
}

impl From<actix_web::error::BlockingError> for Error {
    fn from(error: actix_web::error::BlockingError) -> Self {
        Self::internal(anyhow::anyhow!("blocking task failed: {error}"))
    }
}

impl From<actix_web::error::JsonPayloadError> for Error {
    fn from(error: actix_web::error::JsonPayloadError) -> Self {
        use actix_web::error::JsonPayloadError as E;
        match error {
            E::OverflowKnownLength { .. } | E::Overflow { .. } => Self::PayloadTooLarge,
            E::ContentType => Self::UnsupportedMediaType,
            E::Deserialize(e) => Self::BadRequest {
                code: Code::InvalidJson,
                detail: e.to_string(),
            },
            other => Self::BadRequest {
                code: Code::InvalidJson,
                detail: other.to_string(),
            },
        }
    }
}

impl From<actix_web::error::QueryPayloadError> for Error {
    fn from(error: actix_web::error::QueryPayloadError) -> Self {
        Self::BadRequest {
            code: Code::InvalidQuery,
            detail: error.to_string(),
        }
    }
}

impl From<actix_web::error::PathError> for Error {
    fn from(error: actix_web::error::PathError) -> Self {
        Self::BadRequest {
            code: Code::InvalidPath,
            detail: error.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_and_language_headers_are_set() {
        let response = to_response(&Error::TooManyRequests { retry_after: 42 }, Lang::En);
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        assert_eq!(header(header::RETRY_AFTER).as_deref(), Some("42"));
        assert_eq!(header(header::CONTENT_LANGUAGE).as_deref(), Some("en"));
        assert_eq!(header(header::CONTENT_TYPE).as_deref(), Some(PROBLEM_JSON));
        let response = to_response(&Error::Unavailable("down".into()), Lang::Vi);
        assert_eq!(response.status().as_u16(), 503);
        assert_eq!(
            response
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok()),
            Some("5")
        );
    }
}
