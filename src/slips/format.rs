//! Vietnamese date wording and small text helpers for the slips.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use maud::{Markup, html};

/// The dotted blank a clerk fills in by hand.
pub(super) const BLANK: &str = "…………………………";

/// "23/08/2024".
pub(super) fn date(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// "08 giờ 05 phút, ngày 23/08/2024": appointments and receipt times.
pub(super) fn datetime_long(t: NaiveDateTime) -> String {
    format!(
        "{:02} giờ {:02} phút, ngày {}",
        t.hour(),
        t.minute(),
        date(t.date())
    )
}

/// "08 giờ 05, 23/08/2024": table cells.
pub(super) fn datetime_short(t: NaiveDateTime) -> String {
    format!("{:02} giờ {:02}, {}", t.hour(), t.minute(), date(t.date()))
}

/// "ngày 05 tháng 01 năm 2025", "ngày 23 tháng 8 năm 2024": the date line of an administrative
/// document (Decree 30/2020/NĐ-CP: a zero before days under 10 and months 1 and 2).
pub(super) fn date_line(d: NaiveDate) -> String {
    let month = if d.month() < 3 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    format!("ngày {:02} tháng {} năm {}", d.day(), month, d.year())
}

/// Trimmed text, or `None` when empty.
pub(super) fn present(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty()).then_some(t)
}

/// The text, or the dotted blank when missing or empty.
pub(super) fn or_blank(s: Option<&str>) -> Markup {
    match s.and_then(present) {
        Some(t) => html! { (t) },
        None => html! { span.blank { (BLANK) } },
    }
}

/// A time in long form, or the dotted blank.
pub(super) fn when_or_blank(t: Option<NaiveDateTime>) -> Markup {
    match t {
        Some(t) => html! { (datetime_long(t)) },
        None => html! { span.blank { (BLANK) } },
    }
}

/// Non-empty items, each once: the same text up to case and spacing counts as one, and the
/// first spelling is kept.
pub(super) fn distinct(items: &[String]) -> Vec<&str> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for item in items {
        let Some(text) = present(item) else { continue };
        let key = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if !seen.contains(&key) {
            seen.push(key);
            out.push(text);
        }
    }
    out
}

/// A PIN as printed: two groups of four digits (`4821 3377`), easier to read and to type.
pub(super) fn pin_groups(pin: &str) -> String {
    let chars: Vec<char> = pin.chars().collect();
    chars
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}
