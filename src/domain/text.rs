//! Vietnamese text folding for search: case- and accent-insensitive.
//!
//! `đ`/`Đ` is a letter of its own, not `d` with a combining mark, so Unicode decomposition
//! leaves it alone; it is mapped to `d` explicitly.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds text for matching: decomposes, drops combining marks, maps `đ` to `d`, lowercases,
/// keeps letters and digits, and collapses everything else to single spaces.
///
/// `"Đăng ký  khai sinh!"` → `"dang ky khai sinh"`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfd().flat_map(char::to_lowercase) {
        if is_combining_mark(c) {
            continue;
        }
        let c = if c == 'đ' { 'd' } else { c };
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    }
    out
}

/// The folded words of a query, without duplicates, in order.
pub fn words(query: &str) -> Vec<String> {
    words_of_folded(&fold(query))
}

/// The words of already folded text, without duplicates, in order.
pub fn words_of_folded(folded: &str) -> Vec<String> {
    let mut seen = Vec::new();
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        if !seen.iter().any(|s: &String| s == word) {
            seen.push(word.to_owned());
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Đăng ký khai sinh"), "dang ky khai sinh");
        assert_eq!(fold("ĐẤT ĐAI"), "dat dai");
        assert_eq!(fold("Thanh Hoá"), fold("Thanh Hóa"));
        assert_eq!(fold("Khánh Hòa"), "khanh hoa");
        assert_eq!(fold("  Chứng   thực, bản sao!  "), "chung thuc ban sao");
        assert_eq!(fold("Cấp lại Giấy phép (lần 2)"), "cap lai giay phep lan 2");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn composed_and_decomposed_input_fold_alike() {
        let composed = "Hộ tịch";
        let decomposed: String = composed.nfd().collect();
        assert_ne!(composed, decomposed);
        assert_eq!(fold(composed), fold(&decomposed));
    }

    #[test]
    fn query_words_are_folded_and_unique() {
        assert_eq!(words("Đất  đai đất"), vec!["dat", "dai"]);
        assert!(words(" ,; ").is_empty());
    }

    proptest! {
        #[test]
        fn folding_is_idempotent(s in "\\PC{0,40}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn folded_text_has_no_marks_no_upper_case_and_no_d_stroke(s in "\\PC{0,40}") {
            let folded = fold(&s);
            prop_assert!(!folded.chars().any(|c| is_combining_mark(c) || c == 'đ' || c == 'Đ'));
            prop_assert!(!folded.starts_with(' ') && !folded.ends_with(' ') && !folded.contains("  "));
        }
    }
}
