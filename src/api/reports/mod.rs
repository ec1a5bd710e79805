//! Reports for officials: read-only figures over a unit and everything under it.

pub mod progress;
pub mod results;
