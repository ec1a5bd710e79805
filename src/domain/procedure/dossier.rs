//! What a dossier needs and costs: required documents, and fees read from the portal's
//! wording.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One fee or charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Fee {
    /// Amount in whole VND; `null` when free or not stated as a number.
    #[schema(example = 50000)]
    pub amount_vnd: Option<i64>,
    /// True for "Miễn phí".
    pub free: bool,
    /// The source wording.
    #[schema(example = "50,000 Việt Nam Đồng")]
    pub note: String,
}

/// Reads the portal's `;`-joined fee strings. "Không có thông tin" (no information) yields
/// no fee; an amount that cannot be read keeps its text as the note.
pub fn parse_fees(text: &str) -> Vec<Fee> {
    let mut fees: Vec<Fee> = Vec::new();
    for item in text.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let folded = crate::domain::text::fold(item);
        if folded == "khong co thong tin" {
            continue;
        }
        let fee = if folded == "mien phi" || folded == "khong thu phi" {
            Fee {
                amount_vnd: Some(0),
                free: true,
                note: item.to_owned(),
            }
        } else {
            Fee {
                amount_vnd: parse_vnd(item),
                free: false,
                note: item.to_owned(),
            }
        };
        if !fees.contains(&fee) {
            fees.push(fee);
        }
    }
    fees
}

/// `"1,000,000 Việt Nam Đồng"`, `"50.000 đồng"`, `"50 VNĐ"` → the amount; text with more
/// than one number, or none, is not an amount.
fn parse_vnd(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(2, char::is_whitespace);
    let number = parts.next()?;
    let currency = crate::domain::text::fold(parts.next().unwrap_or_default());
    let known = matches!(
        currency.as_str(),
        "viet nam dong" | "dong" | "vnd" | "vnd lan" | "dong lan"
    );
    let grouped = !number.is_empty()
        && number.starts_with(|c: char| c.is_ascii_digit())
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
    if !(known && grouped) {
        return None;
    }
    number
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()
}

/// The most originals or copies of one document a procedure may ask for.
pub const MAX_PIECES: u32 = 99;

/// A required document of a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Document {
    /// What it is.
    #[schema(example = "Tờ khai đăng ký khai sinh")]
    pub name: String,
    /// Originals required (at most [`MAX_PIECES`]).
    #[schema(example = 1, maximum = 99)]
    pub originals: u32,
    /// Copies required (at most [`MAX_PIECES`]).
    #[schema(example = 0, maximum = 99)]
    pub copies: u32,
    /// Form template (name or URL), if any; several are separated by `; `.
    pub form: Option<String>,
    /// Handed in with the dossier (`submit`, the default) or only shown at the desk
    /// (`present`, xuất trình).
    #[serde(default)]
    pub presentation: super::Presentation,
    /// The case it applies to (the portal's heading above its table), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "Trường hợp đăng ký khai sinh có yếu tố nước ngoài")]
    pub case: Option<String>,
    /// Needed only in some cases (it has a case, or says "nếu có" / "trường hợp"): a
    /// submission need not declare it.
    #[serde(default)]
    pub optional: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fees_keep_their_source_text() {
        assert_eq!(
            parse_fees("Miễn phí"),
            vec![Fee {
                amount_vnd: Some(0),
                free: true,
                note: "Miễn phí".into()
            }]
        );
        assert_eq!(parse_fees("Không có thông tin"), vec![]);
        assert_eq!(
            parse_fees("1,000,000 Việt Nam Đồng;Không có thông tin"),
            vec![Fee {
                amount_vnd: Some(1_000_000),
                free: false,
                note: "1,000,000 Việt Nam Đồng".into()
            }]
        );
        assert_eq!(parse_fees("50 VNĐ")[0].amount_vnd, Some(50));
        let odd = parse_fees("Theo quy định tại Thông tư 85/2019/TT-BTC");
        assert_eq!(odd[0].amount_vnd, None);
        assert_eq!(odd[0].note, "Theo quy định tại Thông tư 85/2019/TT-BTC");
    }
}
