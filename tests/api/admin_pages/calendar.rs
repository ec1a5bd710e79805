//! The calendar: a day set and back to normal, the moved count as the JSON API's.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::applications::{Desk, desk_body};
use crate::staff_pages::Session;

#[actix_web::test]
async fn a_calendar_change_reports_the_moved_due_dates_as_the_json_api_does() {
    let desk = Desk::new().await;
    for _ in 0..2 {
        desk.submit(Some(&desk.clerk), &desk_body()).await;
    }
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
    let year = &next[..4];

    let mut admin = Session::admin(&desk.app).await;
    let page = admin
        .get(&format!("/staff/admin/calendar?year={year}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    // Refused: no name, a date that is none.
    let page = admin
        .post_form(
            "/staff/admin/calendar",
            &[
                ("date", "2027-02-30"),
                ("kind", "holiday"),
                ("name", ""),
                ("year", year),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.html.contains(r##"href="#date""##) && page.html.contains(r##"href="#name""##));
    assert!(page.html.contains(r#"value="2027-02-30""#));

    let page = admin
        .post_form(
            "/staff/admin/calendar",
            &[
                ("date", &next),
                ("kind", "holiday"),
                ("name", "Nghỉ bù"),
                ("year", year),
            ],
        )
        .await;
    let to = page.assert_redirect("/staff/admin/calendar");
    assert!(to.contains("moved=2"), "{to}");
    let page = admin.get(&to).await;
    assert!(
        page.html
            .contains("2 hồ sơ đang xử lý được dời hạn giải quyết"),
        "{}",
        page.html
    );
    assert!(page.html.contains("Nghỉ bù"));
    let page_moved: i64 = 2;

    // Back to normal through the page, then the same change through the JSON API.
    let page = admin
        .post_form("/staff/admin/calendar/remove", &[("date", &next)])
        .await;
    let to = page.assert_redirect("/staff/admin/calendar");
    assert!(to.contains("moved=2"), "{to}");
    let res = desk
        .app
        .send_json(
            Method::PUT,
            &format!("/api/v1/calendar/days/{next}"),
            Some(&desk.admin),
            &json!({"kind": "holiday", "name": "Nghỉ bù"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let change: Value = res.json().await.unwrap();
    assert_eq!(change["recomputed"].as_i64(), Some(page_moved));
}
