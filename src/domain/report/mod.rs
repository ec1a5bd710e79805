//! The counting rules of the results report (Biểu II.06a style, domain.md §5), as a pure
//! classifier: one application's facts and a period in, its contributions to the columns out.
//!
//! Days are Vietnam's dates; a period is a closed range of them. The rules:
//! - *new online* / *new in person or postal*: received (status 2 reached) in the period;
//! - *carried over*: received before the period and still open at its start (neither
//!   resolved nor withdrawn nor stopped before it);
//! - *received total* = new online + new in person or postal + carried over;
//! - *resolved*: status 9 reached in the period; early / on time / late by comparing that day
//!   with the due date's day, and late whenever the apology was given; an application without
//!   any processing time (its procedure's time is unknown) is *resolved without a deadline*,
//!   apart, and left out of the on-time rate; with a time but no due date, on time;
//! - *in progress*: received by the period's end and neither resolved nor withdrawn nor
//!   stopped by then; without any processing time, *in progress without a deadline*, apart;
//!   otherwise on time when the due date's day is on or after the period's end (or there is
//!   none, as while the clock is paused), overdue otherwise;
//! - *withdrawn*, *stopped*, *refused*: that end reached in the period, received or not.
//!
//! So for the received ones: received total = resolved + in progress + withdrawn + stopped
//! (a property test holds the classifier to it).
//!
//! One file per topic; everything public is re-exported here, so callers name
//! `crate::domain::report::X` whatever file `X` lives in.

mod buckets;
mod classifier;
mod shape;
mod tally;

#[cfg(test)]
mod testing;

pub use buckets::{Piece, Span, cover, cover_before, epoch};
pub use classifier::{Counts, End, Facts, Period};
pub use shape::{GroupBy, View};
pub use tally::{Tally, tallies, tally_changes};
