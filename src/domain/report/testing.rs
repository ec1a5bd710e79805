//! Shared test data: the days and the random facts the classifier's and the tallies' property
//! tests draw from.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::{End, Facts};

/// A day of March 2025.
pub(super) fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, day).unwrap()
}

/// Any of sixty days from March 1st.
pub(super) fn day() -> impl Strategy<Value = NaiveDate> {
    (0i64..60).prop_map(|n| d(1) + chrono::Duration::days(n))
}

/// Any consistent facts: a resolved application never also ends otherwise, a refused one was
/// never received, one withdrawn or stopped may have been received or not (a supplement can be
/// asked for before reception), and only a resolved one is rated.
pub(super) fn any_facts() -> impl Strategy<Value = Facts> {
    (
        any::<bool>(),
        day(),
        prop::option::of(0i64..30),
        prop::option::of((0u8..5, 0i64..30)),
        prop::option::of(day()),
        any::<bool>(),
        (0i64..10_000, prop::option::of((0i64..40, any::<bool>()))),
        any::<bool>(),
    )
        .prop_map(
            |(online, received, resolved, ended, due, apologized, (minutes, rating), no_limit)| {
                let after = |n: i64| received + chrono::Duration::days(n);
                // A resolved application does not also end without a resolution.
                let ended = ended.filter(|_| resolved.is_none()).map(|(k, n)| {
                    let end = match k {
                        0 | 3 => End::Withdrawn,
                        1 | 4 => End::Stopped,
                        _ => End::Refused,
                    };
                    (end, after(n), k >= 2)
                });
                let unreceived = ended.is_some_and(|(_, _, before)| before);
                let ended = ended.map(|(end, on, _)| (end, on));
                Facts {
                    online,
                    received_on: (!unreceived).then_some(received),
                    resolved_on: resolved.map(after),
                    ended,
                    // Without a processing time there is never a due date.
                    due_on: due.filter(|_| !no_limit),
                    no_deadline: no_limit,
                    apologized,
                    resolution_minutes: if resolved.is_some() { minutes } else { 0 },
                    rating: rating
                        .filter(|_| resolved.is_some())
                        .map(|(n, satisfied)| (after(n), satisfied)),
                }
            },
        )
}
