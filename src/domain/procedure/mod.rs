//! Procedures (thủ tục hành chính): codes, tiers, channels, processing times, fees, levels.
//! Parsing of the national portal's wording lives here too: it is domain knowledge.
//!
//! One file per topic; everything public is re-exported here, so callers name
//! `crate::domain::procedure::X` whatever file `X` lives in:
//! - `code`: the national procedure code;
//! - `tiers`: tiers, channels and online levels, their portal wording and portal lists;
//! - `time`: processing times and their units;
//! - `dossier`: required documents and fees;
//! - `draft`: everything one version of a procedure says, and field codes;
//! - `portal`: a row of the national portal's export and its reading into a draft;
//! - `terms`: each channel's time and fees, and how sure a procedure's time is;
//! - `table`: the portal's flattened required-documents table read into documents.

mod code;
mod dossier;
mod draft;
mod portal;
mod table;
mod terms;
mod tiers;
mod time;

pub use code::ProcedureCode;
pub use dossier::{Document, Fee, MAX_PIECES, parse_fees};
pub use draft::{ProcedureDraft, field_code_for};
pub use portal::{PORTAL_COLUMNS, PortalChannel, PortalRow, RowProblem};
pub use table::{DocumentTable, Presentation, TableProblem, parse_document_table};
pub use terms::{ChannelTerms, TimeStatus, assume_unit, time_for_channel};
pub use tiers::{Channel, OnlineLevel, Tier, parse_list};
pub use time::{ProcessingTime, TimeUnit, parse_processing_time};
