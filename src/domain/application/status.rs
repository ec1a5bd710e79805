//! The ten national statuses of an application and the sets of them that the stores filter on.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The national status codes (the ones the National Public Service Portal uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "i32", try_from = "i32")]
pub enum Status {
    /// 1 mới đăng ký: filed online, not yet checked by a clerk.
    Submitted = 1,
    /// 2 được tiếp nhận: received; the receipt carries the appointment date.
    Received = 2,
    /// 3 không được tiếp nhận: refused with reasons; final.
    Refused = 3,
    /// 4 đang xử lý: at a processing agency.
    Processing = 4,
    /// 5 yêu cầu bổ sung: waiting for the applicant's supplement.
    SupplementRequested = 5,
    /// 6 nghĩa vụ tài chính: waiting for fees or taxes.
    AwaitingPayment = 6,
    /// 7 công dân rút hồ sơ: withdrawn; final.
    Withdrawn = 7,
    /// 8 dừng xử lý: stopped; final.
    Stopped = 8,
    /// 9 đã xử lý xong: result ready, waiting to be returned.
    Resolved = 9,
    /// 10 đã trả kết quả: result returned; final.
    Returned = 10,
}

impl Status {
    /// Every status, by code.
    pub const ALL: [Status; 10] = [
        Self::Submitted,
        Self::Received,
        Self::Refused,
        Self::Processing,
        Self::SupplementRequested,
        Self::AwaitingPayment,
        Self::Withdrawn,
        Self::Stopped,
        Self::Resolved,
        Self::Returned,
    ];

    /// Still being handled (see [`Status::is_open`]): received and neither resolved nor ended.
    pub const OPEN: [Status; 4] = [
        Self::Received,
        Self::Processing,
        Self::SupplementRequested,
        Self::AwaitingPayment,
    ];

    /// Open with the deadline clock running: the open statuses that can fall overdue.
    pub const RUNNING: [Status; 2] = [Self::Received, Self::Processing];

    /// The national codes of [`Status::OPEN`], for stores that filter on the stored number.
    pub const OPEN_CODES: [i32; 4] = codes(Self::OPEN);

    /// The national codes of [`Status::RUNNING`], for stores that filter on the stored number.
    pub const RUNNING_CODES: [i32; 2] = codes(Self::RUNNING);

    /// The national code, 1–10.
    pub const fn code(self) -> i32 {
        self as i32
    }

    /// The status with this national code.
    pub fn from_code(code: i32) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The Vietnamese name the portal uses.
    pub fn name_vi(self) -> &'static str {
        match self {
            Self::Submitted => "Mới đăng ký",
            Self::Received => "Được tiếp nhận",
            Self::Refused => "Không được tiếp nhận",
            Self::Processing => "Đang xử lý",
            Self::SupplementRequested => "Yêu cầu bổ sung",
            Self::AwaitingPayment => "Chờ thực hiện nghĩa vụ tài chính",
            Self::Withdrawn => "Công dân rút hồ sơ",
            Self::Stopped => "Dừng xử lý",
            Self::Resolved => "Đã xử lý xong",
            Self::Returned => "Đã trả kết quả",
        }
    }

    /// The English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Self::Submitted => "Submitted",
            Self::Received => "Received",
            Self::Refused => "Refused",
            Self::Processing => "Processing",
            Self::SupplementRequested => "Supplement requested",
            Self::AwaitingPayment => "Awaiting financial obligation",
            Self::Withdrawn => "Withdrawn",
            Self::Stopped => "Stopped",
            Self::Resolved => "Resolved",
            Self::Returned => "Returned",
        }
    }

    /// Nothing happens after a final status.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Refused | Self::Withdrawn | Self::Stopped | Self::Returned
        )
    }

    /// The deadline clock stands still in these statuses.
    pub fn pauses_clock(self) -> bool {
        matches!(self, Self::SupplementRequested | Self::AwaitingPayment)
    }

    /// Still being handled: received and neither resolved nor ended.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::Received | Self::Processing | Self::SupplementRequested | Self::AwaitingPayment
        )
    }
}

/// The national codes of some statuses, in their order; `const` so the sets above are spelled
/// by name once and their codes follow.
const fn codes<const N: usize>(statuses: [Status; N]) -> [i32; N] {
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = statuses[i].code();
        i += 1;
    }
    out
}

impl From<Status> for i32 {
    fn from(status: Status) -> i32 {
        status.code()
    }
}

impl TryFrom<i32> for Status {
    type Error = String;

    fn try_from(code: i32) -> Result<Self, String> {
        Self::from_code(code).ok_or_else(|| format!("unknown status code {code}"))
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.name_en())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_named_sets_agree_with_the_predicates() {
        let open: Vec<Status> = Status::ALL.into_iter().filter(|s| s.is_open()).collect();
        assert_eq!(open, Status::OPEN);
        let running: Vec<Status> = Status::OPEN
            .into_iter()
            .filter(|s| !s.pauses_clock())
            .collect();
        assert_eq!(running, Status::RUNNING);
        assert_eq!(Status::OPEN_CODES, [2, 4, 5, 6]);
        assert_eq!(Status::RUNNING_CODES, [2, 4]);
    }
}
