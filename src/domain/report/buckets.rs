//! The buckets tallies are kept in (days, months, years) and the fewest of them that cover a
//! range of days.

use chrono::{Datelike, NaiveDate};

/// The buckets the tallies are kept in: a day, a calendar month or a calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Span {
    /// One day.
    Day,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

impl Span {
    /// Every span, finest first.
    pub const ALL: [Span; 3] = [Span::Day, Span::Month, Span::Year];

    /// The stored token.
    pub fn as_str(self) -> &'static str {
        match self {
            Span::Day => "D",
            Span::Month => "M",
            Span::Year => "Y",
        }
    }

    /// The first day of the bucket holding `day`.
    pub fn start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Span::Day => day,
            Span::Month => day.with_day(1).unwrap_or(day),
            Span::Year => day.with_ordinal(1).unwrap_or(day),
        }
    }

    /// The first day of the next bucket after the one starting on `start`.
    fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Span::Day => start.succ_opt(),
            Span::Month => start.checked_add_months(chrono::Months::new(1)),
            Span::Year => start.checked_add_months(chrono::Months::new(12)),
        }
        .unwrap_or(NaiveDate::MAX)
    }
}

/// Buckets of one span whose first days run from `first` to `last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// The span.
    pub span: Span,
    /// The first bucket's first day.
    pub first: NaiveDate,
    /// The last bucket's first day.
    pub last: NaiveDate,
}

/// The fewest buckets that cover the days `from..=to` exactly: whole years, then whole months
/// at either side, then single days at the edges (at most five pieces).
pub fn cover(from: NaiveDate, to: NaiveDate) -> Vec<Piece> {
    fn go(from: NaiveDate, to: NaiveDate, spans: &[Span], out: &mut Vec<Piece>) {
        if from > to {
            return;
        }
        let Some((&span, finer)) = spans.split_last() else {
            return;
        };
        // The first whole bucket starting on or after `from`, and the first day past the
        // last whole bucket ending on or before `to`.
        let first = if span.start(from) == from {
            from
        } else {
            span.next(span.start(from))
        };
        let end = span.start(to.succ_opt().unwrap_or(to));
        let end = if to == NaiveDate::MAX { to } else { end };
        if first < end {
            go(from, first.pred_opt().unwrap_or(first), finer, out);
            out.push(Piece {
                span,
                first,
                last: span.start(end.pred_opt().unwrap_or(end)),
            });
            go(end, to, finer, out);
        } else {
            go(from, to, finer, out);
        }
    }
    let mut out = Vec::new();
    go(from, to, &Span::ALL, &mut out);
    out
}

/// The first day the tallies count from: every day before a period is summed from here.
pub fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The pieces covering every day before `from`.
pub fn cover_before(from: NaiveDate) -> Vec<Piece> {
    match from.pred_opt() {
        Some(last) if last >= epoch() => cover(epoch(), last),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_quarter_is_three_months_and_a_year_a_year() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            cover(day(2025, 4, 1), day(2025, 6, 30)),
            vec![Piece {
                span: Span::Month,
                first: day(2025, 4, 1),
                last: day(2025, 6, 1)
            }]
        );
        assert_eq!(
            cover(day(2024, 12, 30), day(2026, 1, 2)),
            vec![
                Piece {
                    span: Span::Day,
                    first: day(2024, 12, 30),
                    last: day(2024, 12, 31)
                },
                Piece {
                    span: Span::Year,
                    first: day(2025, 1, 1),
                    last: day(2025, 1, 1)
                },
                Piece {
                    span: Span::Day,
                    first: day(2026, 1, 1),
                    last: day(2026, 1, 2)
                },
            ]
        );
        assert!(cover_before(epoch()).is_empty());
    }

    fn bucket_days(piece: &Piece) -> Vec<NaiveDate> {
        let mut days = Vec::new();
        let mut start = piece.first;
        while start <= piece.last {
            let next = piece.span.next(start);
            let mut day = start;
            while day < next {
                days.push(day);
                day = day.succ_opt().unwrap();
            }
            start = next;
        }
        days
    }

    proptest! {
        /// The pieces cover every day of the range once and nothing else.
        #[test]
        fn cover_partitions_the_range(from in 0i64..2000, len in 0i64..1500) {
            let base = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
            let from = base + chrono::Duration::days(from);
            let to = from + chrono::Duration::days(len);
            let pieces = cover(from, to);
            prop_assert!(pieces.len() <= 5);
            let days: Vec<NaiveDate> = pieces.iter().flat_map(bucket_days).collect();
            let expected: Vec<NaiveDate> = (0..=len).map(|n| from + chrono::Duration::days(n)).collect();
            prop_assert_eq!(days, expected);
        }
    }
}
