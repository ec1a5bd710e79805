//! Read-side queries and report rows; never writes. Filled by the statistics work.
pub mod catalog;
pub mod progress;
