//! A query-string extractor whose errors name the parameter (`limit: invalid digit…`).

use std::future::{Ready, ready};
use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;

use crate::error::{Code, Error};

/// Query parameters deserialised into `T`.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T> Deref for Query<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> Query<T> {
    /// The parameters.
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// Parses a query string, naming the offending parameter on failure.
pub fn parse<T: DeserializeOwned>(query: &str) -> Result<T, Error> {
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded_parse(query));
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let path = e.path().to_string();
        let detail = if path == "." {
            e.inner().to_string()
        } else {
            format!("{path}: {}", e.inner())
        };
        Error::BadRequest {
            code: Code::InvalidQuery,
            detail,
        }
    })
}

fn form_urlencoded_parse(query: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(query.as_bytes())
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = Error;
    type Future = Ready<Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse(req.query_string()).map(Query))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::parse;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Q {
        limit: Option<u32>,
        q: Option<String>,
    }

    #[test]
    fn parses_and_decodes() {
        let q: Q = parse("limit=5&q=%C4%90%E1%BA%A5t+%C4%91ai").unwrap_or(Q {
            limit: None,
            q: None,
        });
        assert_eq!(
            q,
            Q {
                limit: Some(5),
                q: Some("Đất đai".into())
            }
        );
    }

    #[test]
    fn errors_name_the_parameter() {
        let err = parse::<Q>("limit=many")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("limit"), "{err}");
    }
}
