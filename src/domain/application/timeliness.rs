//! Early, on time or late: how an end compares with its due date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Early, on time or late: the end compared with the due date, by day; an apology makes it late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    /// Before the due date's day.
    Early,
    /// On the due date's day.
    OnTime,
    /// After it, or after an apology.
    Late,
}

impl Timeliness {
    /// "Trước hạn", "Đúng hạn" or "Quá hạn".
    pub fn label_vi(self) -> &'static str {
        match self {
            Timeliness::Early => "Trước hạn",
            Timeliness::OnTime => "Đúng hạn",
            Timeliness::Late => "Quá hạn",
        }
    }
}

/// Compares an end with a due instant by (local) day.
pub fn timeliness(end: NaiveDate, due: NaiveDate, apologized: bool) -> Timeliness {
    if apologized || end > due {
        Timeliness::Late
    } else if end == due {
        Timeliness::OnTime
    } else {
        Timeliness::Early
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn timeliness_by_day() {
        let d = |day| NaiveDate::from_ymd_opt(2025, 3, day).unwrap();
        assert_eq!(timeliness(d(3), d(4), false), Timeliness::Early);
        assert_eq!(timeliness(d(4), d(4), false), Timeliness::OnTime);
        assert_eq!(timeliness(d(5), d(4), false), Timeliness::Late);
        assert_eq!(timeliness(d(3), d(4), true), Timeliness::Late);
    }
}
