//! The national procedure code (`1.001193`).

use std::fmt;

use serde::Serialize;

/// A national procedure code: `^[1-9]\.\d{6}$`, a digit, a dot and six digits (`1.001193`:
/// birth registration; the portal also uses 5.xxxxxx and 6.xxxxxx, e.g. `6.001430`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ProcedureCode(String);

impl ProcedureCode {
    /// Parses a code, trimming spaces; anything else is refused.
    pub fn parse(raw: &str) -> Option<Self> {
        let code = raw.trim();
        let bytes = code.as_bytes();
        let ok = bytes.len() == 8
            && matches!(bytes[0], b'1'..=b'9')
            && bytes[1] == b'.'
            && bytes[2..].iter().all(u8::is_ascii_digit);
        ok.then(|| Self(code.to_owned()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProcedureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_the_national_pattern() {
        assert_eq!(
            ProcedureCode::parse(" 1.001193 ").map(|c| c.to_string()),
            Some("1.001193".into())
        );
        assert!(ProcedureCode::parse("2.000001").is_some());
        assert!(ProcedureCode::parse("3.123456").is_some());
        assert!(ProcedureCode::parse("5.002544").is_some());
        assert!(ProcedureCode::parse("6.001430").is_some());
        for bad in [
            "0.001193",
            "1.00119",
            "1.0011934",
            "1-001193",
            "a.001193",
            "",
            "1.00119x",
        ] {
            assert!(ProcedureCode::parse(bad).is_none(), "{bad}");
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Every digit-dot-six-digits code parses and prints back as written.
        #[test]
        fn the_whole_code_space_round_trips(first in 1u32..=9, rest in 0u32..1_000_000) {
            let text = format!("{first}.{rest:06}");
            prop_assert_eq!(ProcedureCode::parse(&text).map(|c| c.to_string()), Some(text));
        }

        /// Anything of another shape is refused.
        #[test]
        fn other_shapes_are_refused(text in "[0-9.a-z-]{0,10}") {
            let b = text.as_bytes();
            let good = b.len() == 8 && (b'1'..=b'9').contains(&b[0]) && b[1] == b'.'
                && b[2..].iter().all(u8::is_ascii_digit);
            prop_assert_eq!(ProcedureCode::parse(&text).is_some(), good);
        }
    }
}
