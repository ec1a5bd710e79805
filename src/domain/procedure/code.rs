//! The national procedure code (`1.001193`).

use std::fmt;

use serde::Serialize;

/// A national procedure code: `^[123]\.\d{6}$` (`1.001193`: birth registration).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ProcedureCode(String);

impl ProcedureCode {
    /// Parses a code, trimming spaces; anything else is refused.
    pub fn parse(raw: &str) -> Option<Self> {
        let code = raw.trim();
        let bytes = code.as_bytes();
        let ok = bytes.len() == 8
            && matches!(bytes[0], b'1' | b'2' | b'3')
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
        for bad in [
            "5.002544",
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
