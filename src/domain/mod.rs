//! The pure domain: no actix, no diesel. Rules that hold whatever stores or serves them.

pub mod account;
pub mod application;
pub mod calendar;
pub mod credentials;
pub mod procedure;
pub mod search;
pub mod text;
pub mod unit;

/// Today in Vietnam (UTC+7 all year): the date effective dates are compared with.
pub fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}
