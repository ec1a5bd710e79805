//! Imports of public data: the national procedure catalog (and, later, units and holidays).
//! Shared by the command line and the API; writes through `db` only.

pub mod procedures;
pub mod units;
