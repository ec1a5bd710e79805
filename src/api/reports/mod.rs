//! Reports for officials: read-only figures over a unit and everything under it.

pub mod index766;
pub mod progress;
pub mod results;
