//! Form components in the GOV.UK Design System's pattern: an error summary at the top that
//! links to each field, each field's message beside it, labels and hints on every input,
//! and the values typed kept when the form comes back with errors.
//!
//! ```ignore
//! let mut errors = Errors::default();
//! errors.add("phone", ctx.t("apply-phone-invalid"));
//! html! {
//!     (error_summary(&ctx, &errors))
//!     form method="post" novalidate {
//!         (ctx.csrf_field())
//!         (TextInput::new("phone", &ctx.t("apply-phone")).value(&form.phone).kind("tel")
//!             .autocomplete("tel").errors(&errors).render())
//!         (button(&ctx.t("continue")))
//!     }
//! }
//! ```

use maud::{Markup, html};

use super::context::Ctx;
use crate::error::Error;
use crate::i18n::Lang;

/// A form's errors: (field name, message), in the order of the form.
#[derive(Debug, Default, Clone)]
pub struct Errors {
    items: Vec<(String, String)>,
}

impl Errors {
    /// Records a message for a field (the first one per field is shown).
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.items.push((field.to_owned(), message.into()));
        }
    }

    /// The message for a field.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    /// No errors.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Every (field, message).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.items.iter().map(|(f, m)| (f.as_str(), m.as_str()))
    }

    /// The field messages of a validation error, in `lang`, under the form's field names:
    /// `rename` maps an operation's field name (`applicant.phone`) to the form's (`phone`);
    /// names it does not map are kept. `None` for any other error, which is a page of its own.
    pub fn from_error(
        error: &Error,
        lang: Lang,
        rename: impl Fn(&str) -> Option<&'static str>,
    ) -> Option<Self> {
        let Error::Validation(issues) = error else {
            return None;
        };
        let problem = error.problem(lang);
        let mut errors = Self::default();
        let messages = problem.errors.unwrap_or_default();
        for (issue, shown) in issues.iter().zip(messages) {
            let field = rename(&issue.field).map_or_else(|| issue.field.clone(), str::to_owned);
            errors.add(&field, shown.message);
        }
        Some(errors)
    }
}

/// The HTML id of a field's input: its name with anything but letters, digits and `-`
/// turned into `-`.
pub fn field_id(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The box at the top of a page listing every error, each a link to its field. Nothing
/// when there are none. The script moves the focus to it when the page loads.
pub fn error_summary(ctx: &Ctx, errors: &Errors) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.error-summary role="alert" tabindex="-1" data-module="error-summary" aria-labelledby="error-summary-title" {
                h2 #error-summary-title.error-summary-title { (ctx.t("form-error-summary")) }
                ul.error-summary-list {
                    @for (field, message) in errors.iter() {
                        li { a href={ "#" (field_id(field)) } { (message) } }
                    }
                }
            }
        }
    }
}

fn error_message(ctx_lang: Lang, id: &str, message: Option<&str>) -> Markup {
    html! {
        @if let Some(message) = message {
            p.error-message id={ (id) "-error" } {
                span.visually-hidden { (ctx_lang.pick("Lỗi:", "Error:")) " " }
                (message)
            }
        }
    }
}

/// A form group with its label, hint and error message above the control.
fn labelled(
    lang: Lang,
    id: &str,
    label: Markup,
    hint: Option<&str>,
    error: Option<&str>,
    control: Markup,
) -> Markup {
    html! {
        div.form-group.form-group-error[error.is_some()] {
            (label)
            @if let Some(hint) = hint { div.hint id={ (id) "-hint" } { (hint) } }
            (error_message(lang, id, error))
            (control)
        }
    }
}

/// The label of the control `id`.
fn label_for(id: &str, text: &str) -> Markup {
    html! { label.label for=(id) { (text) } }
}

fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A text input with its label, hint and message.
#[derive(Debug, Clone)]
pub struct TextInput<'a> {
    name: &'a str,
    label: &'a str,
    hint: Option<&'a str>,
    value: &'a str,
    error: Option<&'a str>,
    kind: &'a str,
    autocomplete: Option<&'a str>,
    inputmode: Option<&'a str>,
    width: Option<&'a str>,
    lang: Lang,
    heading: bool,
}

impl<'a> TextInput<'a> {
    /// An input named `name` labelled `label`.
    pub fn new(name: &'a str, label: &'a str) -> Self {
        Self {
            name,
            label,
            hint: None,
            value: "",
            error: None,
            kind: "text",
            autocomplete: None,
            inputmode: None,
            width: None,
            lang: Lang::Vi,
            heading: false,
        }
    }
    /// A hint under the label.
    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = Some(hint);
        self
    }
    /// The value to show (what was typed).
    pub fn value(mut self, value: &'a str) -> Self {
        self.value = value;
        self
    }
    /// Takes this field's message from a form's errors, in the page's language.
    pub fn errors(mut self, ctx: &Ctx, errors: &'a Errors) -> Self {
        self.error = errors.get(self.name);
        self.lang = ctx.lang;
        self
    }
    /// `type=`: `text` (default), `email`, `tel`, `search`, `date`, `number`.
    pub fn kind(mut self, kind: &'a str) -> Self {
        self.kind = kind;
        self
    }
    /// `autocomplete=` (`name`, `tel`, `email`, `off`…).
    pub fn autocomplete(mut self, value: &'a str) -> Self {
        self.autocomplete = Some(value);
        self
    }
    /// `inputmode=` (`numeric` for digits kept as text).
    pub fn inputmode(mut self, value: &'a str) -> Self {
        self.inputmode = Some(value);
        self
    }
    /// A width class: `width-5`, `width-10`, `width-20`, `width-30` (characters).
    pub fn width(mut self, class: &'a str) -> Self {
        self.width = Some(class);
        self
    }
    /// The label is the page's heading (one question per page).
    pub fn as_heading(mut self) -> Self {
        self.heading = true;
        self
    }

    /// The markup.
    pub fn render(&self) -> Markup {
        let id = field_id(self.name);
        // One class attribute: maud writes a toggled `.input-error` as an attribute of its
        // own, and a browser keeps only the first of two.
        let mut class = match self.width {
            Some(w) => format!("input {w}"),
            None => "input".to_owned(),
        };
        if self.error.is_some() {
            class.push_str(" input-error");
        }
        let label = label_for(&id, self.label);
        let label = if self.heading {
            html! { h1.label-wrapper { (label) } }
        } else {
            label
        };
        let control = html! {
            input class=(class) id=(id) name=(self.name)
                type=(self.kind) value=(self.value)
                autocomplete=[self.autocomplete] inputmode=[self.inputmode]
                aria-describedby=[described_by(&id, self.hint.is_some(), self.error.is_some())];
        };
        labelled(self.lang, &id, label, self.hint, self.error, control)
    }
}

/// A textarea with its label, hint and message.
pub fn textarea(
    ctx: &Ctx,
    name: &str,
    label: &str,
    hint: Option<&str>,
    value: &str,
    errors: &Errors,
) -> Markup {
    let id = field_id(name);
    let error = errors.get(name);
    let control = html! {
        textarea.textarea id=(id) name=(name) rows="5"
            aria-describedby=[described_by(&id, hint.is_some(), error.is_some())] { (value) }
    };
    labelled(ctx.lang, &id, label_for(&id, label), hint, error, control)
}

/// One choice of radios, checkboxes or a select: (value, label, hint).
#[derive(Debug, Clone)]
pub struct Choice<'a> {
    /// The submitted value.
    pub value: &'a str,
    /// What it says.
    pub label: &'a str,
    /// A hint under it (radios and checkboxes).
    pub hint: Option<&'a str>,
}

/// Radios in a fieldset with its legend; `selected` is the value chosen (kept on errors).
pub fn radios(
    ctx: &Ctx,
    name: &str,
    legend: &str,
    hint: Option<&str>,
    choices: &[Choice<'_>],
    selected: Option<&str>,
    errors: &Errors,
) -> Markup {
    choice_group(
        ctx,
        "radio",
        name,
        legend,
        hint,
        choices,
        &|v| selected == Some(v),
        errors,
    )
}

/// Checkboxes in a fieldset; `checked` holds the values ticked.
pub fn checkboxes(
    ctx: &Ctx,
    name: &str,
    legend: &str,
    hint: Option<&str>,
    choices: &[Choice<'_>],
    checked: &[&str],
    errors: &Errors,
) -> Markup {
    choice_group(
        ctx,
        "checkbox",
        name,
        legend,
        hint,
        choices,
        &|v| checked.contains(&v),
        errors,
    )
}

#[allow(clippy::too_many_arguments)]
fn choice_group(
    ctx: &Ctx,
    kind: &str,
    name: &str,
    legend: &str,
    hint: Option<&str>,
    choices: &[Choice<'_>],
    is_on: &dyn Fn(&str) -> bool,
    errors: &Errors,
) -> Markup {
    let id = field_id(name);
    let error = errors.get(name);
    let class = if kind == "radio" {
        "radios"
    } else {
        "checkboxes"
    };
    html! {
        div.form-group.form-group-error[error.is_some()] {
            fieldset.fieldset aria-describedby=[described_by(&id, hint.is_some(), error.is_some())] {
                legend.fieldset-legend { (legend) }
                @if let Some(hint) = hint { div.hint id={ (id) "-hint" } { (hint) } }
                (error_message(ctx.lang, &id, error))
                div class=(class) {
                    @for (i, choice) in choices.iter().enumerate() {
                        @let item = if i == 0 { id.clone() } else { format!("{id}-{}", i + 1) };
                        div.choice {
                            input.choice-input id=(item) name=(name) type=(kind) value=(choice.value)
                                checked[is_on(choice.value)]
                                aria-describedby=[choice.hint.map(|_| format!("{item}-hint"))];
                            label.choice-label for=(item) { (choice.label) }
                            @if let Some(h) = choice.hint { div.hint.choice-hint id={ (item) "-hint" } { (h) } }
                        }
                    }
                }
            }
        }
    }
}

/// A select with its label; the first choice is usually "any" with an empty value.
pub fn select(
    ctx: &Ctx,
    name: &str,
    label: &str,
    hint: Option<&str>,
    choices: &[Choice<'_>],
    selected: Option<&str>,
    errors: &Errors,
) -> Markup {
    let id = field_id(name);
    let error = errors.get(name);
    let control = html! {
        select.select id=(id) name=(name)
            aria-describedby=[described_by(&id, hint.is_some(), error.is_some())] {
            @for choice in choices {
                option value=(choice.value) selected[selected == Some(choice.value)] { (choice.label) }
            }
        }
    };
    labelled(ctx.lang, &id, label_for(&id, label), hint, error, control)
}

/// A file input; `accept` is a hint to the phone's picker (the server reads the content).
/// `kept` names a file already received for this field, which a new choice replaces.
pub fn file_input(
    ctx: &Ctx,
    name: &str,
    label: &str,
    hint: Option<&str>,
    accept: &str,
    kept: Option<&str>,
    errors: &Errors,
) -> Markup {
    let id = field_id(name);
    let error = errors.get(name);
    let control = html! {
        @if let Some(kept) = kept {
            p.file-kept { (ctx.t("form-file-kept")) " " strong { (kept) } }
        }
        input.file-upload id=(id) name=(name) type="file" accept=(accept)
            aria-describedby=[described_by(&id, hint.is_some(), error.is_some())];
    };
    labelled(ctx.lang, &id, label_for(&id, label), hint, error, control)
}

/// The main button of a form.
pub fn button(label: &str) -> Markup {
    html! { button.button type="submit" data-prevent-double-click="true" { (label) } }
}

/// A secondary button (`name=value` tells the handler which was pressed).
pub fn secondary_button(label: &str, name: &str, value: &str) -> Markup {
    html! { button.button.button-secondary type="submit" name=(name) value=(value) { (label) } }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_ids_are_safe() {
        assert_eq!(field_id("documents[2].file"), "documents-2--file");
        assert_eq!(field_id("phone"), "phone");
    }

    #[test]
    fn validation_errors_become_field_messages() {
        let error = Error::Validation(vec![
            crate::error::FieldIssue::new("applicant.phone", "pattern", "sai số", "bad number"),
            crate::error::FieldIssue::new("email", "email", "sai email", "bad email"),
        ]);
        let errors = Errors::from_error(&error, Lang::En, |f| {
            (f == "applicant.phone").then_some("phone")
        })
        .unwrap_or_default();
        assert_eq!(errors.get("phone"), Some("bad number"));
        assert_eq!(errors.get("email"), Some("bad email"));
        assert!(Errors::from_error(&Error::Forbidden, Lang::Vi, |_| None).is_none());
    }

    #[test]
    fn text_inputs_keep_what_was_typed_and_say_what_is_wrong() {
        let mut errors = Errors::default();
        errors.add("phone", "Nhập số điện thoại");
        let mut input = TextInput::new("phone", "Số điện thoại")
            .value("09x<y>")
            .hint("10 chữ số");
        input.error = errors.get("phone");
        let html = input.render().into_string();
        assert!(html.contains(r#"value="09x&lt;y&gt;""#), "{html}");
        assert!(
            html.contains(r#"aria-describedby="phone-hint phone-error""#),
            "{html}"
        );
        assert!(html.contains("Nhập số điện thoại"));
        let tag = &html[html.find("<input").unwrap_or(0)..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        assert_eq!(tag.matches("class=").count(), 1, "{tag}");
        assert!(html.contains(r#"class="input input-error""#), "{html}");
        let html = TextInput::new("pin", "PIN")
            .width("width-20")
            .render()
            .into_string();
        assert!(html.contains(r#"<input class="input width-20""#), "{html}");
    }
}
