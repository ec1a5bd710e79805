//! Office hours: the sessions of a working day and the cut-off for same-day receipt.

use chrono::{NaiveTime, Timelike};

use super::CalendarError;

/// Seconds in one working day: the law counts a working day as 8 working hours.
pub(super) const DAY_SECS: i64 = 8 * 3600;

/// The sessions of a working day (morning, afternoon, …) and the cut-off after which a dossier
/// received that day starts its clock the next working morning.
///
/// Invariants (checked by [`OfficeHours::new`]): at least one session, each starts before it
/// ends, sessions are sorted and do not overlap, every bound is a whole minute, the sessions add
/// up to exactly 8 hours, and the cut-off is after the opening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeHours {
    sessions: Vec<(NaiveTime, NaiveTime)>,
    cutoff: NaiveTime,
    /// The sessions as seconds from midnight, for the arithmetic.
    spans: Vec<(i64, i64)>,
    cutoff_secs: i64,
}

fn secs(t: NaiveTime) -> i64 {
    i64::from(t.num_seconds_from_midnight())
}

fn whole_minute(t: NaiveTime) -> bool {
    t.second() == 0 && t.nanosecond() == 0
}

impl OfficeHours {
    /// Checks and builds office hours from `(start, end)` sessions and the cut-off.
    pub fn new(
        sessions: &[(NaiveTime, NaiveTime)],
        cutoff: NaiveTime,
    ) -> Result<Self, CalendarError> {
        let Some(&(opening, _)) = sessions.first() else {
            return Err(CalendarError::NoSessions);
        };
        for &(start, end) in sessions {
            if !whole_minute(start) || !whole_minute(end) {
                return Err(CalendarError::NotWholeMinutes { start, end });
            }
            if start >= end {
                return Err(CalendarError::EmptySession { start, end });
            }
        }
        for pair in sessions.windows(2) {
            let ((start, end), (next_start, next_end)) = (pair[0], pair[1]);
            if next_start < end {
                return Err(CalendarError::OverlappingSessions {
                    first: (start, end),
                    second: (next_start, next_end),
                });
            }
        }
        let spans: Vec<(i64, i64)> = sessions.iter().map(|&(s, e)| (secs(s), secs(e))).collect();
        let total: i64 = spans.iter().map(|&(s, e)| e - s).sum();
        if total != DAY_SECS {
            return Err(CalendarError::NotEightHours {
                minutes: total / 60,
            });
        }
        if !whole_minute(cutoff) {
            return Err(CalendarError::NotWholeMinutes {
                start: cutoff,
                end: cutoff,
            });
        }
        if cutoff <= opening {
            return Err(CalendarError::CutoffBeforeOpening { cutoff, opening });
        }
        Ok(Self {
            sessions: sessions.to_vec(),
            cutoff,
            spans,
            cutoff_secs: secs(cutoff),
        })
    }

    /// 07:30–11:30 and 13:00–17:00, cut-off 17:00: the most common public-office day.
    pub fn standard() -> Self {
        let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN);
        Self {
            sessions: vec![(hm(7, 30), hm(11, 30)), (hm(13, 0), hm(17, 0))],
            cutoff: hm(17, 0),
            spans: vec![(27_000, 41_400), (46_800, 61_200)],
            cutoff_secs: 61_200,
        }
    }

    /// Reads sessions written `07:30-11:30` (an en dash or spaces around the dash are accepted)
    /// and a cut-off written `17:00`.
    pub fn parse(sessions: &[&str], cutoff: &str) -> Result<Self, CalendarError> {
        let mut parsed = Vec::with_capacity(sessions.len());
        for raw in sessions {
            let bad = || CalendarError::BadSession((*raw).to_owned());
            let (start, end) = raw.split_once(['-', '–']).ok_or_else(bad)?;
            let start = parse_time(start).ok_or_else(bad)?;
            let end = parse_time(end).ok_or_else(bad)?;
            parsed.push((start, end));
        }
        let cutoff = parse_time(cutoff).ok_or_else(|| CalendarError::BadTime(cutoff.to_owned()))?;
        Self::new(&parsed, cutoff)
    }

    /// The sessions, in order.
    pub fn sessions(&self) -> &[(NaiveTime, NaiveTime)] {
        &self.sessions
    }

    /// Receipt at or after this time starts the clock the next working day.
    pub fn cutoff(&self) -> NaiveTime {
        self.cutoff
    }

    /// The start of the first session.
    pub fn opening(&self) -> NaiveTime {
        self.sessions.first().map_or(NaiveTime::MIN, |s| s.0)
    }

    /// The end of the last session.
    pub fn closing(&self) -> NaiveTime {
        self.sessions.last().map_or(NaiveTime::MIN, |s| s.1)
    }

    pub(super) fn spans(&self) -> &[(i64, i64)] {
        &self.spans
    }

    pub(super) fn cutoff_secs(&self) -> i64 {
        self.cutoff_secs
    }

    pub(super) fn opening_secs(&self) -> i64 {
        self.spans.first().map_or(0, |s| s.0)
    }

    pub(super) fn closing_secs(&self) -> i64 {
        self.spans.last().map_or(0, |s| s.1)
    }

    /// Office seconds of a working day before the second-of-day `sod`.
    pub(super) fn office_before(&self, sod: i64) -> i64 {
        let mut total = 0;
        for &(start, end) in &self.spans {
            if sod <= start {
                break;
            }
            total += sod.min(end) - start;
        }
        total
    }

    /// The earliest second-of-day by which `office` (1..=8 h) office seconds of the day have
    /// passed: a count that ends exactly at a session's end gives that end, not the next start.
    pub(super) fn at_office(&self, mut office: i64) -> i64 {
        for &(start, end) in &self.spans {
            let len = end - start;
            if office <= len {
                return start + office.max(0);
            }
            office -= len;
        }
        self.closing_secs()
    }
}

fn parse_time(raw: &str) -> Option<NaiveTime> {
    let raw = raw.trim();
    NaiveTime::parse_from_str(raw, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(raw, "%Hh%M"))
        .ok()
}
