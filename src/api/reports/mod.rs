//! Reports for officials: the results report.
pub mod results;
