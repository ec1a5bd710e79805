//! The administrator's pages: accounts ([`users`]), one-stop offices and the procedures each
//! receives ([`offices`]), the working calendar ([`calendar`]), the catalog import
//! ([`import`]) and the administrative units with their reorganisations ([`units`]).
//!
//! Every handler serves `Role::Admin` only, checks the form token first in every POST, and
//! calls the operation the JSON API calls for the same change; a form refused by it comes
//! back with its values, an error summary and each message beside its field.

mod calendar;
mod import;
mod offices;
mod units;
mod users;

use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;

use super::SignedIn;
use crate::domain::account::Role;
use crate::error::Error;
use crate::web::forms::Errors;

/// This group's routes, inside `/staff`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    users::routes(cfg);
    offices::routes(cfg);
    calendar::routes(cfg);
    import::routes(cfg);
    units::routes(cfg);
}

/// Refuses every role but the administrator (the site's 403 page).
fn admin_only(signed: &SignedIn) -> Result<(), Error> {
    signed.require(&[Role::Admin])
}

/// The messages of an operation's refusal for a form: a validation error's field messages
/// (under the form's names by `rename`), or a conflict's detail on `conflict_field`. Any
/// other error is returned for the site's error page.
fn refusal(
    signed: &SignedIn,
    error: Error,
    rename: impl Fn(&str) -> Option<&'static str>,
    conflict_field: &str,
) -> Result<Errors, Error> {
    if let Some(errors) = Errors::from_error(&error, signed.ctx.lang, rename) {
        return Ok(errors);
    }
    if matches!(error, Error::Conflict { .. }) {
        let mut errors = Errors::default();
        errors.add(conflict_field, error.problem(signed.ctx.lang).detail);
        return Ok(errors);
    }
    Err(error)
}

/// A page that must not be kept by the browser or any cache (it shows a password once).
fn no_store(mut response: HttpResponse) -> HttpResponse {
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A date typed as `YYYY-MM-DD` or `DD/MM/YYYY`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok()
}

/// A value for a query string or a path segment.
fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The trimmed text, or `None` when blank.
fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_both_ways() {
        let day = NaiveDate::from_ymd_opt(2027, 2, 5);
        assert_eq!(parse_date("2027-02-05"), day);
        assert_eq!(parse_date(" 05/02/2027 "), day);
        assert_eq!(parse_date("5 Feb"), None);
    }

    #[test]
    fn blanks_are_none() {
        assert_eq!(non_empty("  "), None);
        assert_eq!(non_empty(" H56.14 ").as_deref(), Some("H56.14"));
    }
}
