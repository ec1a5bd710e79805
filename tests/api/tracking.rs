//! Public tracking, its limits, ratings, and the printable slips.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::applications::{AGENCY, Desk, desk_body, online_body};
use crate::helpers::{TestApp, assert_problem, spawn_app_with};

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
    assert_eq!(view["can_rate"], false, "rated already");
    assert_eq!(
        view["next_step"],
        json!({"kind": "returned", "rated": true})
    );
    let steps: Vec<&str> = view["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["action"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["submit", "hand_over", "resolve", "return"]);
}

async fn slip(desk: &Desk, code: &str, form: &str) -> reqwest::Response {
    slip_with(desk, code, form, &desk.clerk).await
}

async fn slip_with(desk: &Desk, code: &str, form: &str, token: &str) -> reqwest::Response {
    desk.app
        .get(
            &format!("/api/v1/applications/{code}/slips/{form}"),
            Some(token),
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
    // The processing agency and officials do not hand out receipts (it carries the PIN).
    for token in [&desk.specialist, &desk.official] {
        assert_problem(slip_with(&desk, &code, "01", token).await, 403, "forbidden").await;
    }
    assert_eq!(
        slip_with(&desk, &code, "05", &desk.specialist)
            .await
            .status(),
        200
    );
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

/// A lookup of the API's tracking route from a client address (the server trusts
/// `X-Forwarded-For` in these tests, as behind a proxy).
async fn look(app: &TestApp, from: &str, code: &str, query: &str) -> reqwest::Response {
    let path = match query {
        "" => format!("/api/v1/tracking/{code}"),
        q => format!("/api/v1/tracking/{code}?{q}"),
    };
    app.request(Method::GET, &path)
        .header("x-forwarded-for", from)
        .send()
        .await
        .unwrap()
}

/// A desk behind a trusted proxy, with adjusted tracking limits, and one online application:
/// its code, PIN and link token.
async fn behind_proxy(
    adjust: impl FnOnce(&mut motcua::config::TrackingSettings),
) -> (Desk, String, String, String) {
    let desk = Desk::with(
        spawn_app_with(|s| {
            s.auth.trust_forwarded_headers = true;
            adjust(&mut s.tracking);
        })
        .await,
    )
    .await;
    let submitted = desk.submit(None, &online_body()).await;
    let code = submitted["code"].as_str().unwrap().to_owned();
    let pin = submitted["pin"].as_str().unwrap().to_owned();
    let link = submitted["tracking_url"].as_str().unwrap();
    let token = link.rsplit_once("?t=").unwrap().1.to_owned();
    (desk, code, pin, token)
}

fn retry_after(res: &reqwest::Response) -> u64 {
    res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[actix_web::test]
async fn sixteen_wrong_or_pinless_looks_from_one_address_leave_the_right_pin_from_another_open() {
    // The defaults: 5 wrong PINs per code, 30 per address, failing after 3.
    let (desk, code, pin, _) = behind_proxy(|_| {}).await;
    let app = &desk.app;
    let mut statuses = Vec::new();
    for i in 0..16 {
        let query = match i % 2 {
            0 => String::new(),
            _ => format!("pin={:08}", 20_000_000 + i),
        };
        statuses.push(
            look(app, "203.0.113.66", &code, &query)
                .await
                .status()
                .as_u16(),
        );
    }
    // Eight PIN-less looks count nothing (404); of the eight wrong PINs five are checked,
    // then the code is closed to this failing address.
    assert_eq!(
        statuses.iter().filter(|s| **s == 404).count(),
        13,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        3,
        "{statuses:?}"
    );
    let refused = look(app, "203.0.113.66", &code, &format!("pin={pin}")).await;
    assert!(retry_after(&refused) >= 1);
    assert_problem(refused, 429, "too_many_requests").await;
    // The applicant, from anywhere else, is not locked out: by PIN, by ID number.
    let res = look(app, "198.51.100.7", &code, &format!("pin={pin}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let view: Value = res.json().await.unwrap();
    assert_eq!(view["code"], code.as_str());
    let res = look(app, "198.51.100.8", &code, "id_number=001203004567").await;
    assert_eq!(res.status(), StatusCode::OK);
    // A typo of the applicant's own is still heard while the code is closed to the attacker.
    assert_eq!(
        look(app, "198.51.100.9", &code, "pin=12345678")
            .await
            .status(),
        404
    );
    let res = look(app, "198.51.100.9", &code, &format!("pin={pin}")).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[actix_web::test]
async fn many_attacking_addresses_get_one_guess_each_on_a_closed_code() {
    let (desk, code, pin, _) = behind_proxy(|t| {
        t.max_failures_per_code = 2;
        t.failing_after = 1;
    })
    .await;
    let app = &desk.app;
    // The first address spends the code's budget of two, and is refused after it.
    for pin in ["11111110", "11111111"] {
        assert_eq!(
            look(app, "203.0.113.100", &code, &format!("pin={pin}"))
                .await
                .status(),
            404
        );
    }
    assert_eq!(
        look(app, "203.0.113.100", &code, "pin=11111112")
            .await
            .status(),
        429
    );
    // Each new address is heard once, and its failure closes the code to it.
    for i in 0..6 {
        let from = format!("203.0.113.{i}");
        assert_eq!(
            look(app, &from, &code, "pin=11111113").await.status(),
            404,
            "{from}"
        );
        assert_eq!(
            look(app, &from, &code, "pin=11111114").await.status(),
            429,
            "{from}"
        );
    }
    let res = look(app, "198.51.100.1", &code, &format!("pin={pin}")).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[actix_web::test]
async fn a_failing_address_is_limited_with_429_and_retry_after() {
    let (desk, code, pin, token) = behind_proxy(|t| {
        t.max_failures_per_client = 4;
        t.max_failures_per_code = 100;
    })
    .await;
    let app = &desk.app;
    let other = desk.submit(None, &online_body()).await;
    let other_code = other["code"].as_str().unwrap();
    // Wrong PINs on any code, and unknown codes, count against the address.
    for (target, pin) in [
        (code.as_str(), "00000001"),
        (other_code, "00000002"),
        ("H01.1-200101-0001", "00000003"),
        (code.as_str(), "00000004"),
    ] {
        let res = look(app, "203.0.113.9", target, &format!("pin={pin}")).await;
        assert_problem(res, 404, "application_not_found").await;
    }
    // Past the limit, everything from that address waits, the right PIN too.
    let res = look(
        app,
        "203.0.113.9",
        other_code,
        &format!("pin={}", other["pin"].as_str().unwrap()),
    )
    .await;
    let wait = retry_after(&res);
    assert!((1..=15 * 60).contains(&wait), "{wait}");
    assert_problem(res, 429, "too_many_requests").await;
    let res = look(app, "203.0.113.9", &code, &format!("pin={pin}")).await;
    assert_eq!(res.status(), 429);
    // Other addresses are not concerned; the QR code's link token opens from anywhere.
    let res = look(app, "198.51.100.2", &code, &format!("pin={pin}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = look(app, "203.0.113.9", &code, &format!("t={token}")).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[actix_web::test]
async fn the_limits_in_settings_are_honoured() {
    let (desk, code, pin, _) = behind_proxy(|t| {
        t.max_failures_per_client = 6;
        t.max_failures_per_code = 3;
        t.failing_after = 2;
        t.failure_window_minutes = 1;
    })
    .await;
    let app = &desk.app;
    let a = "203.0.113.20";
    let b = "203.0.113.21";
    for _ in 0..3 {
        assert_eq!(look(app, a, &code, "pin=22222222").await.status(), 404);
    }
    // The code's three are spent; A has been failing: refused, within the one-minute window.
    let res = look(app, a, &code, "pin=22222222").await;
    assert!((1..=60).contains(&retry_after(&res)), "{:?}", res.headers());
    assert_eq!(res.status(), 429);
    // B is heard until it has failed twice (failing_after = 2), then refused there.
    assert_eq!(look(app, b, &code, "pin=22222223").await.status(), 404);
    assert_eq!(look(app, b, &code, "pin=22222224").await.status(), 404);
    assert_eq!(
        look(app, b, &code, &format!("pin={pin}")).await.status(),
        429
    );
    // A's own limit (6) holds on other codes: 3 more failures, then 429 everywhere.
    for i in 0..3 {
        let res = look(app, a, &format!("H01.1-200101-000{i}"), "pin=22222222").await;
        assert_eq!(res.status(), 404);
    }
    let res = look(app, a, "H01.1-200101-0009", "pin=22222222").await;
    assert_eq!(res.status(), 429);
    assert_eq!(
        look(app, "203.0.113.22", &code, &format!("pin={pin}"))
            .await
            .status(),
        200
    );
}

#[actix_web::test]
async fn lookups_without_a_proof_or_with_a_malformed_pin_count_nothing() {
    let (desk, code, pin, _) = behind_proxy(|t| {
        t.max_failures_per_client = 2;
        t.max_failures_per_code = 2;
        t.failing_after = 1;
    })
    .await;
    let app = &desk.app;
    for query in ["", "pin=", "pin=%20", "id_number=", "t="] {
        for _ in 0..4 {
            let res = look(app, "203.0.113.30", &code, query).await;
            assert_problem(res, 404, "application_not_found").await;
        }
    }
    for bad in ["1234", "abcdefgh", "123456789"] {
        let res = look(app, "203.0.113.30", &code, &format!("pin={bad}")).await;
        let body = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(body["errors"][0]["field"], "pin", "{body}");
    }
    // Spaces and dashes between the digits are fine (the slip prints "4821 3377").
    let spaced = format!("{} {}", &pin[..4], &pin[4..]);
    let res = look(
        app,
        "203.0.113.30",
        &code,
        &format!("pin={}", spaced.replace(' ', "%20")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = look(
        app,
        "203.0.113.30",
        &code,
        &format!("pin={}-{}", &pin[..4], &pin[4..]),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[actix_web::test]
async fn the_link_token_opens_from_any_address_and_a_wrong_one_counts_nothing() {
    let (desk, code, _, token) = behind_proxy(|t| {
        t.max_failures_per_client = 1;
        t.max_failures_per_code = 1;
        t.failing_after = 1;
    })
    .await;
    let app = &desk.app;
    for i in 0..5 {
        let res = look(app, "203.0.113.40", &code, &format!("t={:032x}", i)).await;
        assert_problem(res, 404, "application_not_found").await;
    }
    // Not counted: the same address's right PIN is still checked.
    assert_eq!(
        look(app, "203.0.113.40", &code, "pin=33333333")
            .await
            .status(),
        404
    );
    assert_eq!(
        look(app, "203.0.113.40", &code, "pin=33333333")
            .await
            .status(),
        429
    );
    // Limited now, and the link still opens (upper case too).
    let res = look(
        app,
        "203.0.113.40",
        &code,
        &format!("t={}", token.to_uppercase()),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    // A token is one application's: not another's.
    let other = desk.submit(None, &online_body()).await;
    let res = look(
        app,
        "203.0.113.41",
        other["code"].as_str().unwrap(),
        &format!("t={token}"),
    )
    .await;
    assert_eq!(res.status(), 404);
}

#[actix_web::test]
async fn slip_01_prints_the_pin_and_a_link_that_opens_the_status_page() {
    let desk = Desk::new().await;
    let submitted = desk.submit(Some(&desk.clerk), &desk_body()).await;
    let code = submitted["code"].as_str().unwrap();
    let pin = submitted["pin"].as_str().unwrap();
    let receipt = slip_html(&desk, code, "01").await;
    assert!(
        receipt.contains(&format!("{} {}", &pin[..4], &pin[4..])),
        "the PIN"
    );
    // The link follows the address the server listens on (this test server's).
    let start = receipt
        .find(&format!("{}/track/", desk.app.address))
        .expect("the link");
    let link: String = receipt[start..]
        .chars()
        .take_while(|c| !matches!(c, '<' | '"' | ' '))
        .collect();
    assert_eq!(
        link,
        submitted["tracking_url"]
            .as_str()
            .unwrap()
            .replace('&', "&amp;")
    );
    // Printed again later, it is the same link and PIN.
    assert_eq!(slip_html(&desk, code, "01").await.matches(&link).count(), 1);
    let token = link.rsplit_once("?t=").unwrap().1;
    let view: Value = desk
        .app
        .get_json(&format!("/api/v1/tracking/{code}?t={token}"))
        .await;
    assert_eq!(view["code"], code);
}

#[actix_web::test]
async fn the_view_says_what_to_do_next() {
    let desk = Desk::new().await;
    let submitted = desk.submit(Some(&desk.clerk), &desk_body()).await;
    let code = submitted["code"].as_str().unwrap();
    let pin = submitted["pin"].as_str().unwrap();
    let view = || {
        let app = &desk.app;
        let path = format!("/api/v1/tracking/{code}?pin={pin}");
        async move { app.get_json(&path).await }
    };
    let now = view().await;
    assert_eq!(now["next_step"], json!({"kind": "wait"}));
    assert_eq!(now["office_hours"], json!(["07:30-11:30", "13:00-17:00"]));
    assert!(now["apology"].is_null());
    desk.ok(&desk.clerk, code, "hand-over", json!({"to_office": AGENCY}))
        .await;
    desk.ok(
        &desk.specialist,
        code,
        "request-supplement",
        json!({"items": ["Bản sao giấy chứng sinh", "Giấy tờ tùy thân"]}),
    )
    .await;
    assert_eq!(
        view().await["next_step"],
        json!({"kind": "supplement", "items": ["Bản sao giấy chứng sinh", "Giấy tờ tùy thân"]})
    );
    desk.ok(&desk.clerk, code, "supplement", json!({})).await;
    desk.ok(
        &desk.specialist,
        code,
        "await-payment",
        json!({"amount": 50000}),
    )
    .await;
    assert_eq!(
        view().await["next_step"],
        json!({"kind": "pay", "amount_vnd": 50000})
    );
    desk.ok(&desk.specialist, code, "paid", json!({})).await;
    let due: chrono::DateTime<chrono::Utc> = desk.get(code).await["due_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let new_due = due + chrono::Duration::days(3);
    desk.ok(
        &desk.specialist,
        code,
        "apologize",
        json!({"new_due_at": new_due.to_rfc3339(), "note": "Cần xác minh thêm"}),
    )
    .await;
    let late = view().await;
    assert_eq!(late["apologized"], true);
    assert_eq!(late["apology"]["reason"], "Cần xác minh thêm");
    let promised: chrono::DateTime<chrono::Utc> = late["apology"]["new_due_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(promised, new_due);
    assert_eq!(late["due_at"], late["apology"]["new_due_at"]);
    desk.ok(
        &desk.specialist,
        code,
        "resolve",
        json!({"outcome": "denied", "reason": "Không đủ điều kiện"}),
    )
    .await;
    let ready = view().await;
    assert_eq!(
        ready["next_step"],
        json!({"kind": "collect", "outcome": "denied", "reason": "Không đủ điều kiện"})
    );
    assert_eq!(ready["office_name"], "Bộ phận tiếp nhận và trả kết quả");
    desk.ok(
        &desk.clerk,
        code,
        "return",
        json!({"delivery": "in_person"}),
    )
    .await;
    let done = view().await;
    assert_eq!(
        done["next_step"],
        json!({"kind": "returned", "rated": false})
    );
    assert_eq!(done["can_rate"], true);
}
