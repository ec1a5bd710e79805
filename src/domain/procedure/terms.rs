//! What each channel takes and costs, and whether a procedure's time is known.
//!
//! The portal states a time and a fee per channel (in person, postal, online); some
//! procedures differ by channel (1.008564: 40 calendar days in person, 6 working days online
//! or by post). A time may come as a bare number: by the catalog's convention it is taken as
//! working days and the procedure is marked `unit_assumed` until an administrator confirms
//! the unit. A procedure with no time on any channel is `unknown`: its applications get no due
//! date and the results report counts them apart, never as on time.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Channel, Fee, ProcessingTime, TimeUnit};

token_enum! {
    /// How sure the catalog is of a procedure's processing time.
    TimeStatus {
        /// Amount and unit as the source states them.
        Stated = "stated",
        /// A bare number, taken as working days until an administrator confirms it.
        UnitAssumed = "unit_assumed",
        /// An assumed unit an administrator confirmed (or corrected).
        Confirmed = "confirmed",
        /// No processing time at all: applications have no due date.
        Unknown = "unknown",
    }
}

// The enum comes from `token_enum!`, whose derives do not include `Default`.
#[allow(clippy::derivable_impls)]
impl Default for TimeStatus {
    fn default() -> Self {
        Self::Stated
    }
}

/// One channel's time and fees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ChannelTerms {
    /// The channel.
    pub channel: Channel,
    /// Its processing time, when stated; a bare number has `working_days` filled in and
    /// `time_assumed` set.
    pub processing_time: Option<ProcessingTime>,
    /// The unit was not stated and is assumed to be working days.
    #[serde(default)]
    pub time_assumed: bool,
    /// Its fees.
    pub fees: Vec<Fee>,
    /// The source wording of the fees.
    #[schema(example = "10,000 Việt Nam Đồng")]
    pub fee_text: String,
    /// The portal's note on this channel (cases, exemptions).
    #[serde(default)]
    pub note: String,
}

/// A bare number as working days: the time and whether its unit was assumed.
pub fn assume_unit(time: Option<ProcessingTime>) -> (Option<ProcessingTime>, bool) {
    match time {
        Some(ProcessingTime { amount, unit: None }) => (
            Some(ProcessingTime {
                amount,
                unit: Some(TimeUnit::WorkingDays),
            }),
            true,
        ),
        other => (other, false),
    }
}

/// The time an application filed by `channel` runs against: that channel's first stated
/// time, else the procedure's.
pub fn time_for_channel<'a>(
    terms: &'a [ChannelTerms],
    channel: Channel,
    procedure: Option<&'a ProcessingTime>,
) -> Option<&'a ProcessingTime> {
    terms
        .iter()
        .filter(|t| t.channel == channel)
        .find_map(|t| t.processing_time.as_ref())
        .or(procedure)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(channel: Channel, amount: f64, unit: TimeUnit) -> ChannelTerms {
        ChannelTerms {
            channel,
            processing_time: Some(ProcessingTime {
                amount,
                unit: Some(unit),
            }),
            time_assumed: false,
            fees: Vec::new(),
            fee_text: String::new(),
            note: String::new(),
        }
    }

    #[test]
    fn each_channel_runs_against_its_own_time() {
        // 1.008564.
        let all = [
            terms(Channel::Online, 6.0, TimeUnit::WorkingDays),
            terms(Channel::Postal, 6.0, TimeUnit::WorkingDays),
            terms(Channel::InPerson, 40.0, TimeUnit::CalendarDays),
        ];
        let main = ProcessingTime {
            amount: 6.0,
            unit: Some(TimeUnit::WorkingDays),
        };
        let desk = time_for_channel(&all, Channel::InPerson, Some(&main));
        assert_eq!(
            desk.map(|t| (t.amount, t.unit)),
            Some((40.0, Some(TimeUnit::CalendarDays)))
        );
        let online = time_for_channel(&all, Channel::Online, Some(&main));
        assert_eq!(online.map(|t| t.amount), Some(6.0));
        // No entry for the channel: the procedure's time.
        let only_desk = [terms(Channel::InPerson, 40.0, TimeUnit::CalendarDays)];
        assert_eq!(
            time_for_channel(&only_desk, Channel::Online, Some(&main)).map(|t| t.amount),
            Some(6.0)
        );
        assert_eq!(time_for_channel(&[], Channel::Online, None), None);
    }

    #[test]
    fn a_bare_number_is_working_days_assumed() {
        let (time, assumed) = assume_unit(Some(ProcessingTime {
            amount: 3.0,
            unit: None,
        }));
        assert!(assumed);
        assert_eq!(time.and_then(|t| t.unit), Some(TimeUnit::WorkingDays));
        let stated = Some(ProcessingTime {
            amount: 3.0,
            unit: Some(TimeUnit::CalendarDays),
        });
        assert_eq!(assume_unit(stated.clone()), (stated, false));
        assert_eq!(assume_unit(None), (None, false));
    }
}
