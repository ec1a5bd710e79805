//! Processing times: an amount in a unit, read from the portal's wording.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

token_enum! {
    /// The unit of a processing time.
    TimeUnit {
        /// Working days (ngày làm việc): 8 working hours each.
        WorkingDays = "working_days",
        /// Calendar days (ngày).
        CalendarDays = "calendar_days",
        /// Working hours (giờ làm việc).
        WorkingHours = "working_hours",
        /// Calendar months (tháng).
        Months = "months",
    }
}

impl TimeUnit {
    /// The portal's wording, as its export writes it.
    pub fn portal_name(self) -> &'static str {
        match self {
            Self::WorkingDays => "Ngày làm việc",
            Self::CalendarDays => "Ngày",
            Self::WorkingHours => "Giờ",
            Self::Months => "Tháng",
        }
    }

    /// Reads the portal's wording (`Ngày làm việc`, `Ngày`, `Giờ`, `Giờ làm việc`, `Tháng`)
    /// or a token.
    pub fn from_portal(text: &str) -> Option<Self> {
        match crate::domain::text::fold(text).as_str() {
            "ngay lam viec" | "working days" => Some(Self::WorkingDays),
            "ngay" | "ngay lien tuc" | "calendar days" => Some(Self::CalendarDays),
            "gio" | "gio lam viec" | "working hours" => Some(Self::WorkingHours),
            "thang" | "months" => Some(Self::Months),
            _ => None,
        }
    }
}

/// A processing time: an amount in a unit, or none at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProcessingTime {
    /// How many units (may be fractional: `0.5` working days).
    #[schema(example = 3.0)]
    pub amount: f64,
    /// The unit; `null` when the source gives a bare number.
    pub unit: Option<TimeUnit>,
}

/// Reads the portal's `thoi_han` and `don_vi_thoi_han`; `Ok(None)` when neither is given.
pub fn parse_processing_time(amount: &str, unit: &str) -> Result<Option<ProcessingTime>, String> {
    let amount = amount.trim();
    let unit = unit.trim();
    if amount.is_empty() {
        return if unit.is_empty() {
            Ok(None)
        } else {
            Err(format!("a time unit `{unit}` without an amount"))
        };
    }
    let value: f64 = amount
        .replace(',', ".")
        .parse()
        .map_err(|_| format!("the time amount `{amount}` is not a number"))?;
    if !(value.is_finite() && value >= 0.0) {
        return Err(format!("the time amount `{amount}` is out of range"));
    }
    let unit = if unit.is_empty() {
        None
    } else {
        Some(TimeUnit::from_portal(unit).ok_or_else(|| format!("unknown time unit `{unit}`"))?)
    };
    Ok(Some(ProcessingTime {
        amount: value,
        unit,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn processing_times() {
        let t = |a, u| parse_processing_time(a, u);
        assert_eq!(
            t("3", "Ngày làm việc"),
            Ok(Some(ProcessingTime {
                amount: 3.0,
                unit: Some(TimeUnit::WorkingDays)
            }))
        );
        assert_eq!(
            t("30", "Ngày"),
            Ok(Some(ProcessingTime {
                amount: 30.0,
                unit: Some(TimeUnit::CalendarDays)
            }))
        );
        assert_eq!(
            t("4", "Giờ"),
            Ok(Some(ProcessingTime {
                amount: 4.0,
                unit: Some(TimeUnit::WorkingHours)
            }))
        );
        assert_eq!(
            t("0,5", "Ngày làm việc").map(|p| p.map(|p| p.amount)),
            Ok(Some(0.5))
        );
        assert_eq!(
            t("7", ""),
            Ok(Some(ProcessingTime {
                amount: 7.0,
                unit: None
            }))
        );
        assert_eq!(t("", ""), Ok(None));
        assert!(t("ba", "Ngày").is_err());
        assert!(t("3", "Tuần trăng").is_err());
        assert!(t("", "Ngày").is_err());
    }
}
