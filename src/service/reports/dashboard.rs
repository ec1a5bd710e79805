//! The official's results page: the results report as asked, and beside it, from the same
//! snapshot, what its charts draw (by office, by field, each month of the period) and the
//! Decision 766 indicators of the period.

use chrono::{Datelike, Months, NaiveDate};

use super::index766::{self, IndexOut};
use super::results::{self, ResultsQuery, Scoped};
use crate::db::{DbConnection, read_snapshot};
use crate::domain::report::{Counts, GroupBy, Period};
use crate::error::{Code, Error};
use crate::reports::form::Heading;
use crate::reports::results::Results;
use crate::service::Staff;
use crate::service::calendar::cache::CalendarCache;

/// One month of the period (clipped to it) and its total.
#[derive(Debug, Clone)]
pub struct Month {
    /// The month's days within the period.
    pub period: Period,
    /// Its total.
    pub total: Counts,
}

/// What the results page shows.
pub struct ResultsPage {
    /// The scope the caller got (unit, office).
    pub scoped: Scoped,
    /// The report as asked (its grouping and view).
    pub results: Results,
    /// The official form's heading.
    pub heading: Heading,
    /// The same period and view by receiving office (the on-time chart).
    pub by_office: Results,
    /// By field (the lateness chart).
    pub by_field: Results,
    /// Each month's total (the received and resolved chart).
    pub months: Vec<Month>,
    /// The Decision 766 indicators of the scope's unit, when the report is on a unit valid on
    /// the period's last day.
    pub indicators: Option<IndexOut>,
}

/// The months the period touches, each clipped to it.
pub fn months_of(period: Period) -> Vec<Period> {
    let mut out = Vec::new();
    let mut start = period.from.with_day(1).unwrap_or(period.from);
    while start <= period.to {
        let next = start + Months::new(1);
        let end = next.pred_opt().unwrap_or(next);
        out.push(Period {
            from: start.max(period.from),
            to: end.min(period.to),
        });
        start = next;
    }
    out
}

/// The results page's figures, in one snapshot: each part is what the JSON results report
/// (and the indicators' report) gives for the same query.
pub fn results_page(
    conn: &mut DbConnection,
    calendar: &CalendarCache,
    staff: &Staff,
    query: &ResultsQuery,
) -> Result<ResultsPage, Error> {
    super::check_period(query.period.from, query.period.to)?;
    if months_of(query.period).len() > 24 {
        return Err(Error::field(
            "from",
            "range",
            "kỳ báo cáo của trang không quá 24 tháng",
            "the page's period is at most 24 months",
        ));
    }
    read_snapshot(conn, |conn| {
        let (scoped, results, heading) = results::results_in(conn, calendar, staff, query)?;
        let regrouped = |conn: &mut DbConnection, group_by: GroupBy| {
            let asked = ResultsQuery {
                group_by,
                ..query.clone()
            };
            results::results_in(conn, calendar, staff, &asked).map(|(_, r, _)| r)
        };
        let by_office = regrouped(conn, GroupBy::Office)?;
        let by_field = regrouped(conn, GroupBy::Field)?;
        let mut months = Vec::new();
        for period in months_of(query.period) {
            let asked = ResultsQuery {
                period,
                ..query.clone()
            };
            let (_, r, _) = results::results_in(conn, calendar, staff, &asked)?;
            months.push(Month {
                period,
                total: r.total,
            });
        }
        let indicators = match &scoped.unit {
            Some((code, _)) => match index766::index_in(
                conn,
                calendar,
                staff,
                code,
                query.period.from,
                query.period.to,
            ) {
                Ok(found) => Some(found),
                Err(Error::NotFound(Code::UnitNotFound)) => None,
                Err(other) => return Err(other),
            },
            None => None,
        };
        Ok(ResultsPage {
            scoped,
            results,
            heading,
            by_office,
            by_field,
            months,
            indicators,
        })
    })
}

/// The first day of `day`'s month.
pub fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_is_cut_into_its_months() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        let months = months_of(Period {
            from: d(2025, 11, 15),
            to: d(2026, 2, 3),
        });
        let ends: Vec<(NaiveDate, NaiveDate)> = months.iter().map(|p| (p.from, p.to)).collect();
        assert_eq!(
            ends,
            [
                (d(2025, 11, 15), d(2025, 11, 30)),
                (d(2025, 12, 1), d(2025, 12, 31)),
                (d(2026, 1, 1), d(2026, 1, 31)),
                (d(2026, 2, 1), d(2026, 2, 3)),
            ]
        );
    }
}
