//! The results page's pickers: a month, a quarter or a year; the lines; the view; the unit.
//! Read from the query (a GET form), each wrong value a field error beside its picker.

use chrono::{Datelike, Months, NaiveDate};
use maud::{Markup, html};

use super::SignedIn;
use crate::domain::report::{GroupBy, Period, View};
use crate::web::forms::{self, Choice, Errors, TextInput};

/// What kind of period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Month,
    Quarter,
    Year,
}

impl Span {
    fn as_str(self) -> &'static str {
        match self {
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Year => "year",
        }
    }
}

/// The pickers as read.
#[derive(Debug, Clone)]
pub struct Picked {
    pub span: Span,
    pub year: i32,
    pub month: u32,
    pub quarter: u32,
    pub group_by: GroupBy,
    pub view: View,
    /// What was typed in the unit field (blank: the default).
    pub unit: String,
}

impl Picked {
    /// The period's first and last days.
    pub fn period(&self) -> Period {
        let first = |month| NaiveDate::from_ymd_opt(self.year, month, 1).unwrap_or_default();
        let (from, months) = match self.span {
            Span::Month => (first(self.month), 1),
            Span::Quarter => (first(3 * self.quarter - 2), 3),
            Span::Year => (first(1), 12),
        };
        let to = (from + Months::new(months)).pred_opt().unwrap_or(from);
        Period { from, to }
    }
}

fn group_by_token(g: GroupBy) -> &'static str {
    match g {
        GroupBy::Unit => "unit",
        GroupBy::Office => "office",
        GroupBy::Field => "field",
        GroupBy::Procedure => "procedure",
    }
}

/// Reads the pickers; defaults: this month, by field, as it was.
pub fn read(signed: &SignedIn, errors: &mut Errors) -> Picked {
    let ctx = &signed.ctx;
    let today = crate::domain::today();
    let span = match ctx.query_param("period").as_deref() {
        None | Some("month") => Span::Month,
        Some("quarter") => Span::Quarter,
        Some("year") => Span::Year,
        Some(_) => {
            errors.add("period", ctx.t("reports-period-invalid"));
            Span::Month
        }
    };
    let number =
        |name: &str, range: std::ops::RangeInclusive<i64>, default: i64, errors: &mut Errors| {
            match ctx.query_param(name) {
                None => default,
                Some(text) => match text.parse::<i64>() {
                    Ok(n) if range.contains(&n) => n,
                    _ => {
                        errors.add(name, ctx.t(&format!("reports-{name}-invalid")));
                        default
                    }
                },
            }
        };
    let year = number("year", 2000..=2100, i64::from(today.year()), errors);
    let month = number("month", 1..=12, i64::from(today.month()), errors);
    let quarter = number("quarter", 1..=4, i64::from(today.month0() / 3 + 1), errors);
    let group_by = match ctx.query_param("group_by").as_deref() {
        None | Some("field") => GroupBy::Field,
        Some("office") => GroupBy::Office,
        Some("procedure") => GroupBy::Procedure,
        Some("unit") => GroupBy::Unit,
        Some(_) => {
            errors.add("group_by", ctx.t("reports-group-by-invalid"));
            GroupBy::Field
        }
    };
    let view = match ctx.query_param("view").as_deref() {
        None | Some("as_it_was") => View::AsItWas,
        Some("rolled_up") => View::RolledUp,
        Some(_) => {
            errors.add("view", ctx.t("reports-view-invalid"));
            View::AsItWas
        }
    };
    Picked {
        span,
        year: i32::try_from(year).unwrap_or(2000),
        month: u32::try_from(month).unwrap_or(1),
        quarter: u32::try_from(quarter).unwrap_or(1),
        group_by,
        view,
        unit: ctx.query_param("unit").unwrap_or_default(),
    }
}

/// The pickers as a GET form.
pub fn form(signed: &SignedIn, picked: &Picked, errors: &Errors) -> Markup {
    let ctx = &signed.ctx;
    let spans = [
        Choice {
            value: "month",
            label: &ctx.t("reports-span-month"),
            hint: None,
        },
        Choice {
            value: "quarter",
            label: &ctx.t("reports-span-quarter"),
            hint: None,
        },
        Choice {
            value: "year",
            label: &ctx.t("reports-span-year"),
            hint: None,
        },
    ];
    let month_labels: Vec<(String, String)> = (1..=12)
        .map(|m: u32| {
            (
                m.to_string(),
                ctx.t_args(
                    "reports-month-n",
                    &crate::web::i18n::args(&[("month", m.into())]),
                ),
            )
        })
        .collect();
    let months: Vec<Choice<'_>> = month_labels
        .iter()
        .map(|(v, l)| Choice {
            value: v,
            label: l,
            hint: None,
        })
        .collect();
    let quarter_labels: Vec<(String, String)> = (1..=4)
        .map(|q: u32| {
            (
                q.to_string(),
                ctx.t_args(
                    "reports-quarter-n",
                    &crate::web::i18n::args(&[("quarter", q.into())]),
                ),
            )
        })
        .collect();
    let quarters: Vec<Choice<'_>> = quarter_labels
        .iter()
        .map(|(v, l)| Choice {
            value: v,
            label: l,
            hint: None,
        })
        .collect();
    let groupings = [
        Choice {
            value: "field",
            label: &ctx.t("reports-by-field"),
            hint: None,
        },
        Choice {
            value: "office",
            label: &ctx.t("reports-by-office"),
            hint: None,
        },
        Choice {
            value: "procedure",
            label: &ctx.t("reports-by-procedure"),
            hint: None,
        },
        Choice {
            value: "unit",
            label: &ctx.t("reports-by-unit"),
            hint: None,
        },
    ];
    let views = [
        Choice {
            value: "as_it_was",
            label: &ctx.t("reports-view-as-it-was"),
            hint: Some(&ctx.t("reports-view-as-it-was-hint")),
        },
        Choice {
            value: "rolled_up",
            label: &ctx.t("reports-view-rolled-up"),
            hint: Some(&ctx.t("reports-view-rolled-up-hint")),
        },
    ];
    let year = picked.year.to_string();
    let month = picked.month.to_string();
    let quarter = picked.quarter.to_string();
    html! {
        form.report-picker.no-print method="get" action="/staff/reports/results" novalidate {
            div.picker-row {
                (forms::radios(ctx, "period", &ctx.t("reports-span"), None, &spans, Some(picked.span.as_str()), errors))
                div.picker-when {
                    (TextInput::new("year", &ctx.t("reports-year")).value(&year).inputmode("numeric").width("width-5").errors(ctx, errors).render())
                    (forms::select(ctx, "month", &ctx.t("reports-month"), None, &months, Some(&month), errors))
                    (forms::select(ctx, "quarter", &ctx.t("reports-quarter"), None, &quarters, Some(&quarter), errors))
                }
            }
            div.picker-row {
                (forms::select(ctx, "group_by", &ctx.t("reports-group-by"), None, &groupings, Some(group_by_token(picked.group_by)), errors))
                (TextInput::new("unit", &ctx.t("reports-unit")).hint(&ctx.t("reports-unit-hint")).value(&picked.unit).width("width-10").errors(ctx, errors).render())
            }
            (forms::radios(ctx, "view", &ctx.t("reports-view"), None, &views, Some(match picked.view { View::AsItWas => "as_it_was", View::RolledUp => "rolled_up" }), errors))
            (forms::button(&ctx.t("reports-show")))
        }
    }
}
