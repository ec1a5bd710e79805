//! Application codes (mã hồ sơ).

use chrono::NaiveDate;

/// An application code: `{agency code}-{YYMMDD}-{NNNN}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppCode {
    /// The receiving office's agency code on the day of receipt.
    pub agency: String,
    /// The day of receipt.
    pub date: NaiveDate,
    /// The office's sequence that day, from 1.
    pub seq: u32,
}

impl AppCode {
    /// The code's text: the sequence has at least four digits, more past 9,999.
    pub fn format(agency: &str, date: NaiveDate, seq: u32) -> String {
        format!("{agency}-{}-{seq:04}", date.format("%y%m%d"))
    }

    /// Reads a code; `None` when it is not one.
    pub fn parse(code: &str) -> Option<Self> {
        let (rest, seq) = code.rsplit_once('-')?;
        let (agency, date) = rest.rsplit_once('-')?;
        if agency.is_empty()
            || seq.len() < 4
            || !seq.bytes().all(|b| b.is_ascii_digit())
            || date.len() != 6
        {
            return None;
        }
        Some(Self {
            agency: agency.to_owned(),
            date: NaiveDate::parse_from_str(date, "%y%m%d").ok()?,
            seq: seq.parse().ok().filter(|&n| n > 0)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_format_and_parse() {
        let d = NaiveDate::from_ymd_opt(2024, 8, 23).unwrap();
        assert_eq!(AppCode::format("H56.14", d, 1), "H56.14-240823-0001");
        assert_eq!(AppCode::format("H56.14", d, 12345), "H56.14-240823-12345");
        let parsed = AppCode::parse("000.00.15.H12-240823-0042").unwrap();
        assert_eq!(parsed.agency, "000.00.15.H12");
        assert_eq!(parsed.seq, 42);
        assert_eq!(parsed.date, d);
        assert!(AppCode::parse("H56.14-240823-42").is_none());
        assert!(AppCode::parse("H56.14-241323-0042").is_none());
        assert!(AppCode::parse("-240823-0042").is_none());
        assert!(AppCode::parse("H56.14-240823-0000").is_none());
    }
}
