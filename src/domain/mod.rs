//! The pure domain: no actix, no diesel. Rules that hold whatever stores or serves them.

pub mod account;
pub mod credentials;
pub mod procedure;
pub mod text;
pub mod unit;
