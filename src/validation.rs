//! Turns `validator` failures into field issues that name the field and the rule.

use std::borrow::Cow;

use validator::{ValidationError, ValidationErrors, ValidationErrorsKind};

use crate::error::FieldIssue;

/// Flattens nested validation errors into one sorted list (`documents[2].name`).
pub fn issues(errors: &ValidationErrors) -> Vec<FieldIssue> {
    let mut out = Vec::new();
    collect("", errors, &mut out);
    out.sort_by(|a, b| (&a.field, &a.rule).cmp(&(&b.field, &b.rule)));
    out
}

fn collect(prefix: &str, errors: &ValidationErrors, out: &mut Vec<FieldIssue>) {
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                out.extend(list.iter().map(|e| describe(&path, e)));
            }
            ValidationErrorsKind::Struct(inner) => collect(&path, inner, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect(&format!("{path}[{index}]"), inner, out);
                }
            }
        }
    }
}

fn param(error: &ValidationError, name: &str) -> Option<String> {
    error.params.get(name).map(|v| match v.as_str() {
        Some(s) => s.to_owned(),
        None => v.to_string(),
    })
}

/// Describes one broken rule in Vietnamese and English.
fn describe(field: &str, error: &ValidationError) -> FieldIssue {
    let min = param(error, "min");
    let max = param(error, "max");
    let equal = param(error, "equal");
    let (rule, vi, en): (&str, String, String) = match error.code.as_ref() {
        "length" => {
            let (vi, en) = match (&equal, &min, &max) {
                (Some(n), _, _) => (
                    format!("phải dài đúng {n} ký tự"),
                    format!("must be exactly {n} characters long"),
                ),
                (None, Some(a), Some(b)) => (
                    format!("phải dài từ {a} đến {b} ký tự"),
                    format!("must be between {a} and {b} characters long"),
                ),
                (None, Some(a), None) => (
                    format!("phải dài ít nhất {a} ký tự"),
                    format!("must be at least {a} characters long"),
                ),
                (None, None, Some(b)) => (
                    format!("chỉ được dài tối đa {b} ký tự"),
                    format!("must be at most {b} characters long"),
                ),
                (None, None, None) => (
                    "có độ dài không hợp lệ".into(),
                    "has an invalid length".into(),
                ),
            };
            ("length", vi, en)
        }
        "range" => {
            let (vi, en) = match (&min, &max) {
                (Some(a), Some(b)) => (
                    format!("phải nằm trong khoảng {a} đến {b}"),
                    format!("must be between {a} and {b}"),
                ),
                (Some(a), None) => (
                    format!("phải lớn hơn hoặc bằng {a}"),
                    format!("must be at least {a}"),
                ),
                (None, Some(b)) => (
                    format!("phải nhỏ hơn hoặc bằng {b}"),
                    format!("must be at most {b}"),
                ),
                (None, None) => ("nằm ngoài khoảng cho phép".into(), "is out of range".into()),
            };
            ("range", vi, en)
        }
        "email" => (
            "email",
            "phải là địa chỉ email hợp lệ".into(),
            "must be a valid email address".into(),
        ),
        "required" => ("required", "là bắt buộc".into(), "is required".into()),
        "regex" | "pattern" => (
            "pattern",
            "không đúng định dạng".into(),
            "does not match the required format".into(),
        ),
        code => {
            let en = error.message.as_ref().map_or_else(
                || Cow::Owned(format!("breaks the rule `{code}`")),
                Clone::clone,
            );
            let vi = param(error, "vi").unwrap_or_else(|| format!("vi phạm quy tắc `{code}`"));
            return FieldIssue::new(field, code, vi, en.into_owned());
        }
    };
    FieldIssue::new(field, rule, vi, en)
}

/// A custom rule with its Vietnamese and English messages, for `#[validate(custom(...))]`.
pub fn rule(code: &'static str, vi: &'static str, en: &'static str) -> ValidationError {
    let mut error = ValidationError::new(code);
    error.message = Some(Cow::Borrowed(en));
    error.add_param(Cow::Borrowed("vi"), &vi);
    error
}

/// Whether a character is refused in any text the service takes: the C0 control characters
/// but tab, line feed and carriage return (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F).
/// PostgreSQL cannot store U+0000 at all, and none of them can be written in the XML of an
/// XLSX export or printed on a slip; refusing them on both backends keeps the two alike.
pub fn refused_char(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}')
}

/// Whether a byte of UTF-8 text is one of [`refused_char`]'s characters (they are one byte
/// each, and no byte of a longer character is below 0x80).
pub fn refused_byte(b: u8) -> bool {
    b < 0x80 && refused_char(char::from(b))
}

/// The first refused character of a text.
pub fn first_refused(text: &str) -> Option<char> {
    text.chars().find(|&c| refused_char(c))
}

/// The issue for a field holding a refused character (rule `control_character`).
pub fn control_character(field: &str, c: char) -> FieldIssue {
    let code = format!("U+{:04X}", u32::from(c));
    FieldIssue::new(
        field,
        "control_character",
        format!("không được chứa ký tự điều khiển {code}"),
        format!("must not contain the control character {code}"),
    )
}

/// A text with its refused characters written as `\u0000`, to name a field whose name holds
/// one.
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if refused_char(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use validator::Validate;

    #[test]
    fn control_characters_but_tab_and_line_ends_are_refused() {
        for c in [
            '\0', '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\u{e}', '\u{1b}', '\u{1f}',
        ] {
            assert!(refused_char(c), "{:?}", c);
            assert!(refused_byte(c as u8));
        }
        for c in [
            '\t', '\n', '\r', ' ', 'a', 'Đ', '\u{7f}', '\u{85}', '\u{feff}',
        ] {
            assert!(!refused_char(c), "{:?}", c);
        }
        assert_eq!(first_refused("Nguyễn\u{0}An"), Some('\0'));
        assert_eq!(first_refused("dòng 1\r\ndòng 2\tcột"), None);
        let issue = control_character("applicant.name", '\0');
        assert_eq!(
            (issue.field.as_str(), issue.rule.as_str()),
            ("applicant.name", "control_character")
        );
        assert_eq!(
            issue.message_en(),
            "must not contain the control character U+0000"
        );
        assert_eq!(shown("a\u{0}b"), "a\\u0000b");
    }

    #[derive(Validate)]
    struct Sample {
        #[validate(length(min = 3, max = 64))]
        name: String,
        #[validate(email)]
        email: String,
        #[validate(range(min = 1, max = 200))]
        limit: u32,
    }

    #[test]
    fn names_each_field_and_rule() {
        let sample = Sample {
            name: "ab".into(),
            email: "not-an-email".into(),
            limit: 500,
        };
        let errors = sample
            .validate()
            .err()
            .map(|e| issues(&e))
            .unwrap_or_default();
        let got: Vec<(&str, &str)> = errors
            .iter()
            .map(|i| (i.field.as_str(), i.rule.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![("email", "email"), ("limit", "range"), ("name", "length")]
        );
        assert_eq!(errors[2].message, "phải dài từ 3 đến 64 ký tự");
    }

    #[test]
    fn custom_rules_keep_both_languages() {
        let mut errors = ValidationErrors::new();
        errors.add(
            "role",
            rule(
                "one_of",
                "phải là một trong: admin, clerk",
                "must be one of: admin, clerk",
            ),
        );
        let issue = &issues(&errors)[0];
        assert_eq!(issue.rule, "one_of");
        assert_eq!(issue.message, "phải là một trong: admin, clerk");
    }
}
