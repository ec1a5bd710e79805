//! The catalog: procedures, fields, search over today's catalog, import and export.

pub mod cache;
