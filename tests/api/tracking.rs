//! Public tracking, its limits, ratings, and the printable slips.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::applications::{AGENCY, Desk, desk_body, online_body};
use crate::helpers::{assert_problem, spawn_app_with};

#[actix_web::test]
async fn tracking_shows_a_masked_view_with_the_pin_or_the_id_number() {
    let desk = Desk::new().await;
    let submitted = desk.submit(None, &online_body()).await;
    let code = submitted["code"].as_str().unwrap();
    let pin = submitted["pin"].as_str().unwrap();
    let res = desk
        .app
        .get(&format!("/api/v1/tracking/{code}?pin={pin}"), None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let view: Value = res.json().await.unwrap();
    assert_eq!(view["code"], code);
    assert_eq!(view["status"]["code"], 1);
    assert_eq!(view["applicant"], "N. V. A.");
    assert_eq!(view["procedure_name"], "Thủ tục đăng ký khai sinh");
    assert_eq!(view["timeline"][0]["action"], "submit");
    let text = view.to_string();
    for secret in [
        "001203004567",
        "0912345678",
        "Nguyễn",
        "an@example.vn",
        "Hàng Bài",
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    // The applicant's ID number opens it too.
    let res = desk
        .app
        .get(
            &format!("/api/v1/tracking/{code}?id_number=001203004567"),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // A wrong PIN and an unknown code answer exactly alike.
    let wrong = desk
        .app
        .get(&format!("/api/v1/tracking/{code}?pin=00000000"), None)
        .await;
    let wrong = assert_problem(wrong, 404, "application_not_found").await;
    let unknown = desk
        .app
        .get("/api/v1/tracking/H01.1-200101-0001?pin=00000000", None)
        .await;
    let unknown = assert_problem(unknown, 404, "application_not_found").await;
    assert_eq!(wrong, unknown);
    let bare = desk
        .app
        .get(&format!("/api/v1/tracking/{code}"), None)
        .await;
    assert_problem(bare, 404, "application_not_found").await;
}

#[actix_web::test]
async fn wrong_pins_are_limited_per_code_and_per_client() {
    let desk = Desk::with(
        spawn_app_with(|s| {
            s.tracking.max_failures_per_code = 3;
            s.tracking.max_failures_per_client = 5;
        })
        .await,
    )
    .await;
    let first = desk.submit(None, &online_body()).await;
    let second = desk.submit(None, &online_body()).await;
    let track = |code: &Value, pin: &str| {
        let path = format!("/api/v1/tracking/{}?pin={pin}", code.as_str().unwrap());
        let app = &desk.app;
        async move { app.get(&path, None).await }
    };
    for _ in 0..3 {
        assert_eq!(track(&first["code"], "11111111").await.status(), 404);
    }
    // The code is locked, even for the right PIN.
    let locked = track(&first["code"], first["pin"].as_str().unwrap()).await;
    assert!(locked.headers().contains_key("retry-after"));
    assert_problem(locked, 429, "too_many_requests").await;
    // Another code still opens, until the client's own limit.
    let ok = track(&second["code"], second["pin"].as_str().unwrap()).await;
    assert_eq!(ok.status(), StatusCode::OK);
    for _ in 0..2 {
        assert_eq!(track(&second["code"], "11111111").await.status(), 404);
    }
    let res = track(&second["code"], second["pin"].as_str().unwrap()).await;
    assert_problem(res, 429, "too_many_requests").await;
}

/// A desk whose codes lock after four wrong PINs, with one online application: its code and
/// its PIN.
async fn lockable() -> (Desk, String, String) {
    let desk = Desk::with(
        spawn_app_with(|s| {
            s.tracking.max_failures_per_code = 4;
            s.tracking.max_failures_per_client = 100;
        })
        .await,
    )
    .await;
    let submitted = desk.submit(None, &online_body()).await;
    let code = submitted["code"].as_str().unwrap().to_owned();
    let pin = submitted["pin"].as_str().unwrap().to_owned();
    (desk, code, pin)
}

/// Sends every lookup at once; their statuses in the order given.
async fn burst(desk: &Desk, paths: &[String]) -> Vec<u16> {
    let sends = paths.iter().map(|path| desk.app.get(path, None));
    futures_util::future::join_all(sends)
        .await
        .iter()
        .map(|res| res.status().as_u16())
        .collect()
}

fn wrong_pins(code: &str, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("/api/v1/tracking/{code}?pin={:08}", 10_000_000 + i))
        .collect()
}

#[actix_web::test]
async fn a_parallel_burst_of_wrong_pins_gets_no_more_tries_than_the_limit() {
    let (desk, code, pin) = lockable().await;
    let statuses = burst(&desk, &wrong_pins(&code, 20)).await;
    let evaluated = statuses.iter().filter(|s| **s == 404).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((evaluated, refused), (4, 16), "{statuses:?}");
    // The code is locked, for the right PIN too.
    let res = desk
        .app
        .get(&format!("/api/v1/tracking/{code}?pin={pin}"), None)
        .await;
    assert_problem(res, 429, "too_many_requests").await;
}

#[actix_web::test]
async fn a_right_pin_inside_a_burst_of_wrong_ones_is_checked_only_within_the_limit() {
    // Twenty guesses at once, one of them right: whatever the order they arrive in, no more
    // than the limit of guesses is checked, so the right one opens only if it comes within
    // the first four, and the others are refused without being checked.
    let (desk, code, pin) = lockable().await;
    let mut paths = wrong_pins(&code, 19);
    paths.insert(10, format!("/api/v1/tracking/{code}?pin={pin}"));
    let statuses = burst(&desk, &paths).await;
    let opened = statuses.iter().filter(|s| **s == 200).count();
    let wrong = statuses.iter().filter(|s| **s == 404).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(opened + wrong + refused, 20, "{statuses:?}");
    assert!(wrong <= 4, "{statuses:?}");
    assert!(opened <= 1, "{statuses:?}");
}

#[actix_web::test]
async fn the_service_is_rated_once_after_the_result_is_returned() {
    let desk = Desk::new().await;
    let submitted = desk.submit(Some(&desk.clerk), &desk_body()).await;
    let code = submitted["code"].as_str().unwrap();
    let pin = submitted["pin"].as_str().unwrap();
    let rate = |body: Value| {
        let app = &desk.app;
        let path = format!("/api/v1/tracking/{code}/rating");
        async move { app.send_json(Method::POST, &path, None, &body).await }
    };
    let rating = json!({"pin": pin, "overall": 5, "attitude": 4, "timeliness": 5, "contacts": 1,
                        "comment": "Nhanh gọn"});
    assert_problem(rate(rating.clone()).await, 409, "not_returned").await;
    desk.ok(&desk.clerk, code, "hand-over", json!({"to_office": AGENCY}))
        .await;
    desk.ok(
        &desk.specialist,
        code,
        "resolve",
        json!({"outcome": "approved"}),
    )
    .await;
    desk.ok(
        &desk.clerk,
        code,
        "return",
        json!({"delivery": "in_person"}),
    )
    .await;
    let mut bad = rating.clone();
    bad["overall"] = json!(6);
    assert_problem(rate(bad).await, 422, "validation_failed").await;
    let mut wrong = rating.clone();
    wrong["pin"] = json!("00000000");
    assert_problem(rate(wrong).await, 404, "application_not_found").await;
    let res = rate(rating.clone()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let stored: Value = res.json().await.unwrap();
    assert_eq!(stored["overall"], 5);
    assert_eq!(stored["comment"], "Nhanh gọn");
    assert_problem(rate(rating).await, 409, "already_rated").await;
    let view: Value = desk
        .app
        .get_json(&format!("/api/v1/tracking/{code}?pin={pin}"))
        .await;
    assert_eq!(view["status"]["code"], 10);
    assert_eq!(view["can_rate"], true);
    let steps: Vec<&str> = view["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["action"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["submit", "hand_over", "resolve", "return"]);
}

async fn slip(desk: &Desk, code: &str, form: &str) -> reqwest::Response {
    desk.app
        .get(
            &format!("/api/v1/applications/{code}/slips/{form}"),
            Some(&desk.clerk),
        )
        .await
}

async fn slip_html(desk: &Desk, code: &str, form: &str) -> String {
    let res = slip(desk, code, form).await;
    assert_eq!(res.status(), StatusCode::OK, "slip {form}");
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(res.headers().contains_key("content-security-policy"));
    res.text().await.unwrap()
}

#[actix_web::test]
async fn slips_print_what_happened() {
    let desk = Desk::new().await;
    let code = desk.processing().await;
    let receipt = slip_html(&desk, &code, "01").await;
    assert!(receipt.contains(&code));
    assert!(receipt.contains("<svg"), "the QR code");
    assert!(receipt.contains("size: A5"));
    assert!(receipt.contains("Nguyễn Văn An"));
    assert!(receipt.contains("Tờ khai đăng ký khai sinh"));
    // Nothing to print yet on 02, 03, 04.
    for form in ["02", "03", "04"] {
        assert_problem(slip(&desk, &code, form).await, 404, "slip_not_available").await;
    }
    assert_problem(slip(&desk, &code, "07").await, 404, "slip_not_found").await;
    desk.ok(
        &desk.specialist,
        &code,
        "request-supplement",
        json!({"items": ["Bản sao giấy chứng sinh", "Giấy tờ tùy thân của người đi khai"]}),
    )
    .await;
    let request = slip_html(&desk, &code, "02").await;
    assert!(request.contains("Bản sao giấy chứng sinh"));
    assert!(request.contains("Giấy tờ tùy thân của người đi khai"));
    desk.ok(&desk.clerk, &code, "supplement", json!({})).await;
    let due = desk.get(&code).await["due_at"].as_str().unwrap().to_owned();
    let due: chrono::DateTime<chrono::Utc> = due.parse().unwrap();
    desk.ok(
        &desk.specialist,
        &code,
        "apologize",
        json!({"new_due_at": (due + chrono::Duration::days(3)).to_rfc3339(), "note": "Cần xác minh thêm"}),
    )
    .await;
    let apology = slip_html(&desk, &code, "04").await;
    assert!(apology.contains("Cần xác minh thêm"));
    let control = slip_html(&desk, &code, "05").await;
    assert!(control.contains("Phòng Tư pháp"));
    assert!(
        control.matches("<tr").count() >= 2,
        "a header and one handover row"
    );
    // Refusal slip.
    let mut refused = desk_body();
    refused["refusal_reasons"] = json!(["Thiếu tờ khai <có chữ ký>"]);
    let refused = desk.submit(Some(&desk.clerk), &refused).await;
    let html = slip_html(&desk, refused["code"].as_str().unwrap(), "03").await;
    assert!(html.contains("Thiếu tờ khai &lt;có chữ ký&gt;"), "escaped");
    // Staff of other offices cannot print it.
    let res = desk
        .app
        .get(
            &format!("/api/v1/applications/{code}/slips/01"),
            Some(&desk.other_clerk),
        )
        .await;
    assert_problem(res, 404, "application_not_found").await;
}
