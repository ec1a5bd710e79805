//! The operations both faces (the JSON API and the web pages) and the command line call.
//!
//! An operation takes what it needs (a connection, the caller as a domain [`Actor`], typed
//! input), opens and ends its own transaction, and returns a typed result or an
//! [`Error`](crate::error::Error). Nothing here knows the HTTP framework.
//!
//! [`Actor`]: crate::domain::application::Actor

pub mod applications;
pub mod calendar;
pub mod catalog;
pub mod offices;
pub mod reports;
pub mod units;
pub mod users;
