//! The public service statistics: each office's figures this year and this quarter, and the
//! Decision 766 indicators of the units at the top, from the same reports the staff read.
//! Counts only: no application, applicant or staff member is named.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};

use crate::db::{DbConnection, read_snapshot};
use crate::domain::index766::{Indicator, indicators};
use crate::domain::report::{Counts, GroupBy, Period};
use crate::error::Error;
use crate::reports::progress as progress_report;
use crate::reports::results::{self as results_report, Selection};
use crate::service::calendar::cache::CalendarCache;
use crate::state::{AppState, db};

/// How long an answer is kept.
const KEEP: Duration = Duration::from_secs(300);

/// One office's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficeFigures {
    /// Agency code.
    pub code: String,
    /// Name.
    pub name: String,
    /// This year so far.
    pub year: Counts,
    /// This quarter so far.
    pub quarter: Counts,
}

/// A top unit's Decision 766 indicators this year.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitIndex {
    /// GSO code.
    pub code: String,
    /// Full name.
    pub name: String,
    /// The indicators.
    pub indicators: Vec<Indicator>,
}

/// The statistics page's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Statistics {
    /// This year so far (1 January to today).
    pub year: Period,
    /// This quarter so far.
    pub quarter: Period,
    /// The quarter's number, 1–4.
    pub quarter_no: u32,
    /// Each office with applications in either period, by name.
    pub offices: Vec<OfficeFigures>,
    /// Every office together, this year.
    pub total_year: Counts,
    /// Every office together, this quarter.
    pub total_quarter: Counts,
    /// The top units' indicators.
    pub units: Vec<UnitIndex>,
}

pub(crate) struct Kept {
    at: Instant,
    day: NaiveDate,
    figures: Arc<Statistics>,
}

fn quarter_of(day: NaiveDate) -> (u32, NaiveDate) {
    let q = (day.month() - 1) / 3 + 1;
    let start = NaiveDate::from_ymd_opt(day.year(), (q - 1) * 3 + 1, 1).unwrap_or(day);
    (q, start)
}

/// Figures on `today`, computed.
pub fn compute(
    conn: &mut DbConnection,
    calendar: &CalendarCache,
    today: NaiveDate,
) -> Result<Statistics, Error> {
    let year = Period {
        from: NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
        to: today,
    };
    let (quarter_no, quarter_start) = quarter_of(today);
    let quarter = Period {
        from: quarter_start,
        to: today,
    };
    read_snapshot(conn, |conn| {
        let calendar = calendar.current(conn)?;
        let by_office = |conn: &mut DbConnection, period: Period| {
            results_report::results(
                conn,
                &calendar,
                &Selection {
                    period,
                    unit_ids: None,
                    office_id: None,
                    group_by: GroupBy::Office,
                    roll_up: None,
                },
            )
        };
        let of_year = by_office(conn, year)?;
        let of_quarter = by_office(conn, quarter)?;
        let mut offices: Vec<OfficeFigures> = of_year
            .lines
            .iter()
            .map(|line| OfficeFigures {
                code: line.code.clone(),
                name: line.name.clone(),
                year: line.counts,
                quarter: of_quarter
                    .lines
                    .iter()
                    .find(|q| q.code == line.code)
                    .map(|q| q.counts)
                    .unwrap_or_default(),
            })
            .collect();
        offices.sort_by(|a, b| a.name.cmp(&b.name));
        let mut units = Vec::new();
        for (code, name) in crate::db::site::top_units(conn, today)?.into_iter().take(3) {
            let Some(progress) = progress_report::compute(conn, &code, today)? else {
                continue;
            };
            let unit_ids = results_report::unit_ids(conn, &code, None, None)?;
            let results = results_report::results(
                conn,
                &calendar,
                &Selection {
                    period: year,
                    unit_ids: Some(unit_ids),
                    office_id: None,
                    group_by: GroupBy::Field,
                    roll_up: None,
                },
            )?;
            units.push(UnitIndex {
                code,
                name,
                indicators: indicators(&results.total, &progress.figures),
            });
        }
        Ok(Statistics {
            year,
            quarter,
            quarter_no,
            offices,
            total_year: of_year.total,
            total_quarter: of_quarter.total,
            units,
        })
    })
}

/// Today's figures, kept for a few minutes.
pub async fn statistics(state: &Arc<AppState>) -> Result<Arc<Statistics>, Error> {
    let today = crate::domain::today();
    if let Ok(kept) = state.site.statistics.lock()
        && let Some(kept) = kept.as_ref()
        && kept.day == today
        && kept.at.elapsed() < KEEP
    {
        return Ok(kept.figures.clone());
    }
    let shared = state.clone();
    let figures = Arc::new(db(state, move |conn| compute(conn, &shared.calendar, today)).await?);
    if let Ok(mut kept) = state.site.statistics.lock() {
        *kept = Some(Kept {
            at: Instant::now(),
            day: today,
            figures: figures.clone(),
        });
    }
    Ok(figures)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_start_on_their_first_month() {
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default();
        assert_eq!(quarter_of(day(1, 1)), (1, day(1, 1)));
        assert_eq!(quarter_of(day(6, 30)), (2, day(4, 1)));
        assert_eq!(quarter_of(day(12, 2)), (4, day(10, 1)));
    }
}
