//! `/staff/admin/calendar`: one year's days off on weekdays and weekend days worked, a day
//! added or taken back to normal, and after each change how many open applications had
//! their due date moved (the count `PUT /api/v1/calendar/days/{date}` answers).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{Datelike, NaiveDate};
use maud::html;
use serde::Deserialize;

use super::{admin_only, parse_date, refusal};
use crate::error::Error;
use crate::service::calendar::{self, DayIn, DaySetting, DayType, DaysOut};
use crate::state::{db, db_write};
use crate::web::format;
use crate::web::forms::{Choice, Errors, TextInput, button, error_summary, radios};
use crate::web::i18n::args;
use crate::web::staff::SignedIn;

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/calendar", web::get().to(year))
        .route("/admin/calendar", web::post().to(set))
        .route("/admin/calendar/remove", web::post().to(remove));
}

/// The year asked for (`?year=`), this year without one; `None` outside 2000–2100.
fn year_of(text: Option<String>) -> Option<i32> {
    match text {
        None => Some(crate::domain::today().year()),
        Some(t) => t
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2100).contains(y)),
    }
}

async fn days_of(signed: &SignedIn, year: i32) -> Result<DaysOut, Error> {
    let state = signed.ctx.state.clone();
    let (from, to) = (
        NaiveDate::from_ymd_opt(year, 1, 1).ok_or(Error::NotFound(crate::error::Code::NotFound))?,
        NaiveDate::from_ymd_opt(year, 12, 31)
            .ok_or(Error::NotFound(crate::error::Code::NotFound))?,
    );
    db(&signed.ctx.state, move |conn| {
        calendar::days(conn, &state.calendar, from, to)
    })
    .await
}

/// `GET /staff/admin/calendar?year=2027`.
async fn year(signed: SignedIn) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    let year = year_of(signed.ctx.query_param("year"))
        .ok_or(Error::NotFound(crate::error::Code::NotFound))?;
    page(
        &signed,
        year,
        &DayForm::default(),
        &Errors::default(),
        StatusCode::OK,
    )
    .await
}

/// The add form's fields.
#[derive(Debug, Default, Deserialize)]
struct DayForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    /// The year shown, to come back to.
    #[serde(default)]
    year: String,
}

async fn page(
    signed: &SignedIn,
    year: i32,
    given: &DayForm,
    errors: &Errors,
    status: StatusCode,
) -> Result<HttpResponse, Error> {
    let days = days_of(signed, year).await?;
    let ctx = &signed.ctx;
    let special: Vec<_> = days
        .items
        .iter()
        .filter(|d| {
            d.name.is_some() || matches!(d.day_type, DayType::Holiday | DayType::WorkingDay)
        })
        .collect();
    let provisional = days.items.first().is_some_and(|d| d.provisional);
    let moved = ctx.query_param("moved").and_then(|m| m.parse::<i64>().ok());
    let (holiday, working) = (
        ctx.t("admin-calendar-holiday"),
        ctx.t("admin-calendar-working-day"),
    );
    let (holiday_hint, working_hint) = (
        ctx.t("admin-calendar-holiday-hint"),
        ctx.t("admin-calendar-working-day-hint"),
    );
    let kinds = [
        Choice {
            value: "holiday",
            label: &holiday,
            hint: Some(&holiday_hint),
        },
        Choice {
            value: "working_day",
            label: &working,
            hint: Some(&working_hint),
        },
    ];
    let title = ctx.t_args(
        "admin-calendar-title",
        &args(&[("year", year.to_string().into())]),
    );
    let main = html! {
        (error_summary(ctx, errors))
        @if let Some(moved) = moved {
            div.notice #moved role="status" {
                p { (ctx.t_args("admin-calendar-moved", &args(&[("count", moved.into())]))) }
            }
        }
        h1.heading-xl { (title) }
        nav.year-nav aria-label=(ctx.t("admin-calendar-years")) {
            a href={ "/staff/admin/calendar?year=" (year - 1) } rel="prev" { "← " (year - 1) }
            a href={ "/staff/admin/calendar?year=" (year + 1) } rel="next" { (year + 1) " →" }
        }
        @if provisional {
            p.notice { (ctx.t("admin-calendar-provisional")) }
        }
        p { (ctx.t("admin-calendar-lead")) " "
            (ctx.t_args("admin-calendar-hours", &args(&[("hours", days.office_hours.join(", ").into()), ("cutoff", days.cutoff.clone().into())]))) }
        @if special.is_empty() {
            p { (ctx.t("admin-calendar-none")) }
        } @else {
            div.table-wrap {
                table.table {
                    caption { (ctx.t("admin-calendar-days")) }
                    thead { tr {
                        th scope="col" { (ctx.t("admin-calendar-date")) }
                        th scope="col" { (ctx.t("admin-calendar-kind")) }
                        th scope="col" { (ctx.t("admin-calendar-name")) }
                        th scope="col" { span.visually-hidden { (ctx.t("admin-calendar-remove")) } }
                    } }
                    tbody {
                        @for d in &special {
                            tr {
                                td { (format::date(d.date)) " " span.muted { (ctx.t(&format!("admin-weekday-{}", d.date.weekday().num_days_from_monday()))) } }
                                td { @match d.day_type {
                                    DayType::Holiday => (holiday),
                                    DayType::WorkingDay => (working),
                                    _ => (ctx.t("admin-calendar-no-effect")),
                                } }
                                td { (d.name.clone().unwrap_or_default()) }
                                td {
                                    form method="post" action="/staff/admin/calendar/remove" {
                                        (signed.csrf_field())
                                        input type="hidden" name="date" value=(d.date);
                                        input type="hidden" name="year" value=(year);
                                        button.button.button-secondary.button-small type="submit"
                                            aria-label={ (ctx.t("admin-calendar-remove")) " " (format::date(d.date)) } {
                                            (ctx.t("admin-calendar-remove"))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2.heading-l #add { (ctx.t("admin-calendar-add")) }
        p { (ctx.t("admin-calendar-add-lead")) }
        form.narrow-form method="post" action="/staff/admin/calendar" novalidate {
            (signed.csrf_field())
            input type="hidden" name="year" value=(year);
            (TextInput::new("date", &ctx.t("admin-calendar-date")).value(&given.date)
                .hint(&ctx.t("admin-date-hint")).width("width-10").errors(ctx, errors).render())
            (radios(ctx, "kind", &ctx.t("admin-calendar-kind"), None, &kinds, Some(&given.kind), errors))
            (TextInput::new("name", &ctx.t("admin-calendar-name")).value(&given.name)
                .hint(&ctx.t("admin-calendar-name-hint")).errors(ctx, errors).render())
            (button(&ctx.t("admin-calendar-add-button")))
        }
    };
    Ok(signed.page_with(status, &title, main))
}

async fn change(signed: &SignedIn, day: NaiveDate, change: DayIn) -> Result<usize, Error> {
    let state = signed.ctx.state.clone();
    let out = db_write(&signed.ctx.state, move |conn| {
        calendar::set_day(conn, &state.calendar, day, change)
    })
    .await?;
    Ok(out.recomputed)
}

fn back(signed: &SignedIn, year: i32, done: &str, moved: usize) -> HttpResponse {
    signed.redirect(&format!(
        "/staff/admin/calendar?year={year}&done={done}&moved={moved}#moved"
    ))
}

/// `POST /staff/admin/calendar`: a weekday off or a weekend day worked.
async fn set(signed: SignedIn, form: web::Form<DayForm>) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    signed.verify_csrf(&form.csrf)?;
    let given = form.into_inner();
    let ctx = &signed.ctx;
    let mut errors = Errors::default();
    let day = parse_date(&given.date);
    if day.is_none() {
        errors.add("date", ctx.t("admin-date-invalid"));
    }
    let kind = match given.kind.as_str() {
        "holiday" => Some(DaySetting::Holiday),
        "working_day" => Some(DaySetting::WorkingDay),
        _ => {
            errors.add("kind", ctx.t("admin-calendar-kind-missing"));
            None
        }
    };
    if given.name.trim().is_empty() {
        errors.add("name", ctx.t("admin-calendar-name-missing"));
    }
    let shown = year_of(Some(given.year.clone()))
        .or(day.map(|d| d.year()))
        .unwrap_or_else(|| crate::domain::today().year());
    if let (Some(day), Some(kind), true) = (day, kind, errors.is_empty()) {
        let input = DayIn {
            kind,
            name: Some(given.name.trim().to_owned()),
        };
        match change(&signed, day, input).await {
            Ok(moved) => return Ok(back(&signed, day.year(), "calendar-set", moved)),
            Err(e) => {
                let found = refusal(&signed, e, |_| None, "date")?;
                for (field, message) in found.iter() {
                    errors.add(field, message);
                }
            }
        }
    }
    page(
        &signed,
        shown,
        &given,
        &errors,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// The remove button's fields.
#[derive(Debug, Deserialize)]
struct RemoveForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    date: String,
}

/// `POST /staff/admin/calendar/remove`: the day is back to normal (weekdays open, weekends
/// closed).
async fn remove(signed: SignedIn, form: web::Form<RemoveForm>) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    signed.verify_csrf(&form.csrf)?;
    let day = parse_date(&form.date)
        .ok_or_else(|| Error::field("date", "format", "ngày không hợp lệ", "not a date"))?;
    let moved = change(
        &signed,
        day,
        DayIn {
            kind: DaySetting::Normal,
            name: None,
        },
    )
    .await?;
    Ok(back(&signed, day.year(), "calendar-removed", moved))
}
