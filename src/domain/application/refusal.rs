//! Why an action was refused, typed: each broken rule is a [`Rule`] that carries its own
//! Vietnamese and English text, so no face has to recognise English sentences to translate them.

use super::Status;

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The action is not allowed from the current status.
    #[error("`{action}` is not allowed while the application is {current}")]
    InvalidTransition {
        /// The action asked for.
        action: &'static str,
        /// The current status.
        current: Status,
    },
    /// This role or office may not take the action.
    #[error("this account may not `{action}` this application")]
    NotYours {
        /// The action asked for.
        action: &'static str,
    },
    /// The request's data does not fit the action.
    #[error("{field}: {rule}")]
    Invalid {
        /// The field at fault.
        field: &'static str,
        /// The rule it broke.
        rule: Rule,
    },
    /// The apology was already given.
    #[error("the apology with a new date was already given")]
    AlreadyApologized,
}

/// One table row per rule keeps its token and both texts side by side, so a new rule cannot
/// be added without its translation.
macro_rules! rules {
    ($($(#[$meta:meta])* $variant:ident = $token:literal, $vi:literal, $en:literal;)+) => {
        /// A rule of the lifecycle that a request's data broke.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Rule {
            $($(#[$meta])* $variant,)+
        }

        impl Rule {
            /// Every rule, in declaration order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];

            /// A stable `snake_case` token naming the rule.
            pub fn token(self) -> &'static str {
                match self { $(Self::$variant => $token),+ }
            }

            /// What the rule asks, in Vietnamese.
            pub fn vi(self) -> &'static str {
                match self { $(Self::$variant => $vi),+ }
            }

            /// What the rule asks, in English.
            pub fn en(self) -> &'static str {
                match self { $(Self::$variant => $en),+ }
            }
        }
    };
}

rules! {
    /// The state has no status: nothing was submitted yet.
    NoStatus = "no_status",
        "hồ sơ chưa có trạng thái",
        "the application has no status";
    /// A list (items, reasons) is empty or has an empty entry.
    EmptyList = "empty_list",
        "cần liệt kê ít nhất một mục, không mục nào trống",
        "list at least one item, none empty";
    /// A list names the same entry twice.
    DuplicateItem = "duplicate_item",
        "mỗi mục chỉ liệt kê một lần",
        "list each item once";
    /// A hand-over or transfer must come from the office handling the dossier.
    GiverNotHandling = "giver_not_handling",
        "bên giao phải là cơ quan đang giữ hồ sơ",
        "the giver must be the office handling the dossier";
    /// A transfer to the office that already handles the dossier.
    TransferToSameOffice = "transfer_to_same_office",
        "chuyển hồ sơ phải sang cơ quan khác",
        "a transfer goes to another office";
    /// A negative amount to pay.
    NegativeAmount = "negative_amount",
        "số tiền không được âm",
        "an amount is zero or more";
    /// A denial without its reason.
    DenialWithoutReason = "denial_without_reason",
        "từ chối giải quyết phải nêu lý do",
        "a denial needs its reason";
    /// Processing stopped without saying why.
    StopWithoutReason = "stop_without_reason",
        "cần nêu lý do dừng xử lý",
        "say why processing stops";
    /// An apology without its reason.
    ApologyWithoutReason = "apology_without_reason",
        "phiếu xin lỗi phải nêu lý do",
        "the apology gives its reason";
    /// An apology while the clock is paused or has no due date.
    ClockPaused = "clock_paused",
        "hồ sơ đang tạm dừng tính thời hạn hoặc không có hạn",
        "the clock is paused or has no due date";
    /// An apology less than one working day before the due date.
    ApologyTooLate = "apology_too_late",
        "phiếu xin lỗi phải phát hành chậm nhất một ngày làm việc trước ngày hẹn",
        "the apology must come at least one working day before the due date";
    /// An apology's new date on or before the current due date.
    NewDateNotAfterDue = "new_date_not_after_due",
        "ngày hẹn mới phải sau ngày hẹn hiện tại",
        "the new date must be after the current due date";
    /// An applicant without an account filing other than online.
    OnlineOnlyWithoutAccount = "online_only_without_account",
        "không đăng nhập thì chỉ nộp hồ sơ trực tuyến",
        "without an account, only online submissions are possible";
    /// A clerk recording an online dossier.
    ClerkRecordsInPersonOrPostal = "clerk_records_in_person_or_postal",
        "cán bộ một cửa ghi nhận hồ sơ trực tiếp hoặc qua bưu chính",
        "a clerk records in-person or postal dossiers";
    /// Someone other than a clerk refusing at submission.
    OnlyClerkRefuses = "only_clerk_refuses",
        "chỉ cán bộ một cửa được từ chối tiếp nhận",
        "only a clerk refuses";
}

impl std::fmt::Display for Rule {
    /// The English text: the refusal's own message (logs, `Refusal`'s `Display`) is English.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.en())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_rule_has_its_own_texts_in_both_languages() {
        let (mut vi, mut en, mut tokens) = (HashSet::new(), HashSet::new(), HashSet::new());
        for rule in Rule::ALL {
            assert!(!rule.vi().trim().is_empty(), "{rule:?}");
            assert!(!rule.en().trim().is_empty(), "{rule:?}");
            assert_ne!(rule.vi(), rule.en(), "{rule:?}");
            assert!(vi.insert(rule.vi()), "{rule:?} repeats a Vietnamese text");
            assert!(en.insert(rule.en()), "{rule:?} repeats an English text");
            assert!(tokens.insert(rule.token()), "{rule:?} repeats a token");
        }
    }

    #[test]
    fn a_refusal_reads_as_the_field_and_the_english_rule() {
        let refusal = Refusal::Invalid {
            field: "amount",
            rule: Rule::NegativeAmount,
        };
        assert_eq!(refusal.to_string(), "amount: an amount is zero or more");
    }
}
