//! Read-side queries and report rows; never writes.
pub mod catalog;
pub mod form;
pub mod progress;
pub mod results;
