//! The working-day calendar: due dates around real holidays and cut-offs, days, changes that
//! move open applications' due dates, imports.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::applications::{Desk, desk_body};
use crate::helpers::{assert_problem, spawn_app};

async fn due(app: &crate::helpers::TestApp, start: &str, amount: i64, unit: &str) -> Value {
    let start = start.replace('+', "%2B");
    let res = app
        .get(
            &format!("/api/v1/calendar/due-date?start={start}&amount={amount}&unit={unit}"),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

fn local(value: &Value) -> String {
    value["due_at_local"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn due_dates_skip_real_holidays_and_respect_the_cut_off() {
    let app = spawn_app().await;
    // Tết 2025: Monday 27/1 to Friday 31/1 closed.
    let tet = due(&app, "2025-01-24T10:00:00+07:00", 3, "working_days").await;
    assert_eq!(local(&tet), "2025-02-05T10:00:00+07:00");
    assert_eq!(tet["clock_start"], "2025-01-24T03:00:00Z");
    assert_eq!(tet["provisional"], false);
    // 30/4–1/5 2025: Friday 2/5 off, swapped with Saturday 26/4, which is worked. Received after
    // the cut-off on Friday 25/4, the clock starts on that Saturday morning.
    let swap = due(&app, "2025-04-25T17:30:00+07:00", 1, "working_days").await;
    assert_eq!(swap["clock_start"], "2025-04-26T00:30:00Z");
    assert_eq!(local(&swap), "2025-04-26T17:00:00+07:00");
    let after = due(&app, "2025-04-29T07:30:00+07:00", 2, "working_days").await;
    assert_eq!(
        local(&after),
        "2025-05-05T17:00:00+07:00",
        "30/4, 1/5 and 2/5 are off"
    );
    // National Day 2025: Monday 1/9 and Tuesday 2/9 closed.
    let national = due(&app, "2025-08-29T08:00:00+07:00", 2, "working_days").await;
    assert_eq!(local(&national), "2025-09-04T08:00:00+07:00");
    // New Year 2026: Friday 2/1 off, Saturday 10/1 worked.
    let new_year = due(&app, "2026-01-09T13:00:00+07:00", 1, "working_days").await;
    assert_eq!(local(&new_year), "2026-01-10T11:30:00+07:00");
    // Calendar days ending on a day off end at the close of the next working day.
    let calendar = due(&app, "2025-01-20T09:00:00+07:00", 10, "calendar_days").await;
    assert_eq!(local(&calendar), "2025-02-03T17:00:00+07:00");
    // Working hours across Tết.
    let hours = due(&app, "2025-01-24T16:00:00+07:00", 4, "working_hours").await;
    assert_eq!(local(&hours), "2025-02-03T10:30:00+07:00");
    // The cut-off: 16:59 still counts that day, 17:00 starts the next morning.
    let before = due(&app, "2025-03-03T16:59:00+07:00", 1, "working_hours").await;
    assert_eq!(local(&before), "2025-03-04T08:29:00+07:00");
    let at = due(&app, "2025-03-03T17:00:00+07:00", 1, "working_hours").await;
    assert_eq!(local(&at), "2025-03-04T08:30:00+07:00");
    // Any offset in, the same instant.
    let utc = due(&app, "2025-03-03T10:00:00Z", 1, "working_hours").await;
    assert_eq!(utc["due_at"], at["due_at"]);
    // 2027 is not announced yet.
    let future = due(&app, "2027-03-01T08:00:00+07:00", 1, "working_days").await;
    assert_eq!(future["provisional"], true);
    // Bad questions.
    let res = app
        .get(
            "/api/v1/calendar/due-date?start=2025-03-03T10:00:00Z&amount=1&unit=weeks",
            None,
        )
        .await;
    assert_problem(res, 422, "validation_failed").await;
    let res = app
        .get("/api/v1/calendar/due-date?amount=1&unit=working_days", None)
        .await;
    assert_problem(res, 400, "invalid_query").await;
}

#[actix_web::test]
async fn days_say_what_they_are() {
    let app = spawn_app().await;
    let days = app
        .get_json("/api/v1/calendar/days?from=2025-04-25&to=2025-05-05")
        .await;
    let kinds: Vec<(String, String)> = days["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap().to_owned(),
                d["type"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let kind = |date: &str| {
        kinds
            .iter()
            .find(|(d, _)| d == date)
            .map(|(_, k)| k.as_str())
            .unwrap()
    };
    assert_eq!(kinds.len(), 11);
    assert_eq!(kind("2025-04-25"), "weekday");
    assert_eq!(kind("2025-04-26"), "working_day");
    assert_eq!(kind("2025-04-27"), "weekend");
    assert_eq!(kind("2025-04-30"), "holiday");
    assert_eq!(kind("2025-05-02"), "holiday");
    assert_eq!(days["office_hours"], json!(["07:30-11:30", "13:00-17:00"]));
    assert_eq!(days["cutoff"], "17:00");
    let holiday = &days["items"][5];
    assert_eq!(holiday["working"], false);
    assert!(holiday["name"].as_str().unwrap().len() > 3);
    let y2027 = app
        .get_json("/api/v1/calendar/days?from=2027-01-01&to=2027-01-01")
        .await;
    assert_eq!(y2027["items"][0]["provisional"], true);
    let res = app
        .get("/api/v1/calendar/days?from=2025-01-01&to=2024-01-01", None)
        .await;
    assert_problem(res, 422, "validation_failed").await;
}

#[actix_web::test]
async fn a_calendar_change_moves_open_due_dates() {
    let desk = Desk::new().await;
    let submitted = desk.submit(Some(&desk.clerk), &desk_body()).await;
    let code = submitted["code"].as_str().unwrap();
    let before: chrono::DateTime<chrono::Utc> =
        submitted["due_at"].as_str().unwrap().parse().unwrap();
    // The next working day after today becomes a holiday.
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let days = desk
        .app
        .get_json(&format!(
            "/api/v1/calendar/days?from={}&to={}",
            today.succ_opt().unwrap(),
            today + chrono::Duration::days(20)
        ))
        .await;
    let next = days["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["working"] == true)
        .unwrap()["date"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/calendar/days/{next}");
    let holiday = json!({"kind": "holiday", "name": "Nghỉ bù"});
    let res = desk
        .app
        .send_json(Method::PUT, &path, Some(&desk.clerk), &holiday)
        .await;
    assert_problem(res, 403, "forbidden").await;
    let res = desk
        .app
        .send_json(Method::PUT, &path, Some(&desk.admin), &holiday)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let change: Value = res.json().await.unwrap();
    assert_eq!(change["recomputed"], 1);
    let moved: chrono::DateTime<chrono::Utc> = desk.get(code).await["due_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(moved > before, "{moved} after {before}");
    let listed = desk
        .app
        .get_json(&format!("/api/v1/calendar/days?from={next}&to={next}"))
        .await;
    assert_eq!(listed["items"][0]["type"], "holiday");
    assert_eq!(listed["items"][0]["name"], "Nghỉ bù");
    // Back to normal: back to the first due date.
    let res = desk
        .app
        .send_json(
            Method::PUT,
            &path,
            Some(&desk.admin),
            &json!({"kind": "normal"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let back: chrono::DateTime<chrono::Utc> = desk.get(code).await["due_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(back, before);
    let res = desk
        .app
        .send_json(
            Method::PUT,
            &path,
            Some(&desk.admin),
            &json!({"kind": "holiday"}),
        )
        .await;
    assert_problem(res, 422, "validation_failed").await;
}

#[actix_web::test]
async fn calendars_import_from_csv_all_or_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let import = |csv: &'static str| {
        let app = &app;
        let admin = admin.clone();
        async move {
            app.request(Method::POST, "/api/v1/calendar/import")
                .bearer_auth(admin)
                .header("Content-Type", "text/csv")
                .body(csv)
                .send()
                .await
                .unwrap()
        }
    };
    let bad = import(
        "date,kind,name\n2027-03-15,holiday,Tết\n2027-03-32,holiday,X\n2027-03-16,party,Y\n",
    )
    .await;
    let problem = assert_problem(bad, 422, "import_rejected").await;
    let lines: Vec<i64> = problem["report"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["line"].as_i64().unwrap())
        .collect();
    assert_eq!(lines, [3, 4]);
    let day = app
        .get_json("/api/v1/calendar/days?from=2027-03-15&to=2027-03-15")
        .await;
    assert_eq!(day["items"][0]["working"], true, "nothing was written");
    let res = import(
        "date,kind,name\n2027-03-15,holiday,Tết Nguyên Đán\n2027-03-20,working_day,Làm bù\n",
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let out: Value = res.json().await.unwrap();
    assert_eq!(out["days"], 2);
    let days = app
        .get_json("/api/v1/calendar/days?from=2027-03-15&to=2027-03-20")
        .await;
    assert_eq!(days["items"][0]["type"], "holiday");
    assert_eq!(days["items"][5]["type"], "working_day");
    // The holidays-vn layout is read as well.
    let res = import(
        "date,weekday,on_weekend,name_vi,name_en\n2027-09-03,Fri,0,Quốc khánh,National Day\n",
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    // A year is marked official once announced.
    let res = app
        .send_json(
            Method::PUT,
            "/api/v1/calendar/years/2027",
            Some(&admin),
            &json!({"provisional": false}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let day = app
        .get_json("/api/v1/calendar/days?from=2027-09-03&to=2027-09-03")
        .await;
    assert_eq!(day["items"][0]["working"], false);
    assert_eq!(day["items"][0]["provisional"], false);
}

#[actix_web::test]
#[ignore = "needs ../shared/data"]
async fn every_day_off_of_the_public_holiday_list_is_a_day_off() {
    let app = spawn_app().await;
    let text = std::fs::read_to_string("../shared/data/holidays-vn/vn_holidays_2020_2030.csv")
        .expect("../shared/data/holidays-vn");
    let mut working = std::collections::HashMap::new();
    for year in 2020..=2027 {
        let days = app
            .get_json(&format!(
                "/api/v1/calendar/days?from={year}-01-01&to={year}-12-31"
            ))
            .await;
        for d in days["items"].as_array().unwrap() {
            working.insert(d["date"].as_str().unwrap().to_owned(), d["working"] == true);
        }
    }
    let mut checked = 0;
    for line in text.lines().skip(1) {
        let date = line.split(',').next().unwrap();
        if &date[..4] > "2027" {
            continue;
        }
        assert_eq!(working.get(date), Some(&false), "{line}");
        checked += 1;
    }
    assert!(checked > 90, "{checked}");
}
