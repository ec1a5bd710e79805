//! Who applies: identity documents, phone numbers, and the masked name the public sees.

token_enum! {
    /// The kind of identity document an applicant gives.
    IdKind {
        /// Căn cước / CCCD: 12 digits.
        CitizenId = "citizen_id",
        /// Hộ chiếu: a letter and 7 digits (Vietnamese), or 6–9 letters and digits.
        Passport = "passport",
        /// Mã số thuế of an organisation: 10 digits, or 10-3 for a branch.
        TaxCode = "tax_code",
    }
}

impl IdKind {
    /// Whether `number` is well formed for this kind.
    pub fn accepts(self, number: &str) -> bool {
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        match self {
            Self::CitizenId => digits(number, 12),
            Self::Passport => {
                (6..=9).contains(&number.len())
                    && number
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                    && number.bytes().any(|b| b.is_ascii_digit())
            }
            Self::TaxCode => match number.split_once('-') {
                None => digits(number, 10),
                Some((head, branch)) => digits(head, 10) && digits(branch, 3),
            },
        }
    }
}

/// A Vietnamese phone number in its canonical form (`0` and 9 digits), from what people type:
/// spaces, dots and dashes are ignored and `+84`/`84` stands for the leading `0`.
pub fn normalize_phone(input: &str) -> Option<String> {
    let compact: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let national = if let Some(rest) = compact.strip_prefix("+84") {
        format!("0{rest}")
    } else if compact.len() == 11 && compact.starts_with("84") {
        format!("0{}", &compact[2..])
    } else {
        compact
    };
    (national.len() == 10
        && national.starts_with('0')
        && !national.starts_with("00")
        && national.bytes().all(|b| b.is_ascii_digit()))
    .then_some(national)
}

/// What the public sees of a name: the initials (`Nguyễn Văn An` → `N. V. A.`).
pub fn mask_name(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|word| word.chars().next())
        .flat_map(char::to_uppercase)
        .map(|c| format!("{c}."))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_documents() {
        assert!(IdKind::CitizenId.accepts("001203004567"));
        assert!(!IdKind::CitizenId.accepts("00120300456"));
        assert!(!IdKind::CitizenId.accepts("00120300456a"));
        assert!(IdKind::Passport.accepts("C1234567"));
        assert!(!IdKind::Passport.accepts("ABCDEFG"));
        assert!(IdKind::TaxCode.accepts("0101234567"));
        assert!(IdKind::TaxCode.accepts("0101234567-001"));
        assert!(!IdKind::TaxCode.accepts("0101234567-01"));
        assert!(!IdKind::TaxCode.accepts("010123456"));
    }

    #[test]
    fn phones() {
        assert_eq!(
            normalize_phone("0912 345 678").as_deref(),
            Some("0912345678")
        );
        assert_eq!(
            normalize_phone("+84 912.345.678").as_deref(),
            Some("0912345678")
        );
        assert_eq!(
            normalize_phone("84912345678").as_deref(),
            Some("0912345678")
        );
        assert_eq!(normalize_phone("12345"), None);
        assert_eq!(normalize_phone("0012345678"), None);
    }

    #[test]
    fn masks_names_to_initials() {
        assert_eq!(mask_name("Nguyễn Văn An"), "N. V. A.");
        assert_eq!(mask_name("  đỗ   thị  "), "Đ. T.");
        assert_eq!(mask_name(""), "");
    }
}
