//! The results report's tallies (domain::report::Tally): added to in the transaction of every
//! change to an application, summed by report queries, rebuilt from the applications when
//! they cannot be trusted.
//!
//! One file per topic; everything public is re-exported here, so callers name
//! `crate::db::reports::X` whatever file `X` lives in: `facts` what the tallies read of an
//! application and where it is counted; `changes` the writing of tally changes into their
//! buckets; `sums` what a report reads (bucket sums and the applications of a period);
//! `rebuild` the recount and its state; `raw` the hand-written baseline aggregation.

mod changes;
mod facts;
mod raw;
mod rebuild;
mod sums;

pub use changes::Changes;
pub use facts::{FactsRow, Rating, TallyKey, facts_of, vn_day};
pub use raw::{RawFieldRow, raw_by_field};
pub use rebuild::{built, count_applications, lock_state, rebuild};
pub use sums::{PeriodRow, TallyColumn, TallyFilter, period_rows, sums};
