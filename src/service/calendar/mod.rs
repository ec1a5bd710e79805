//! The working-day calendar: its cache and the changes an administrator makes.

pub mod cache;
