//! The staff application pages and the worklist in a browser: a specialist resolves an
//! application through the pages with a result file, a clerk returns the result with its
//! scan; every page and action form looked at (phone and desk size) and scanned by axe-core.

use fantoccini::Locator;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Browser, TestApp, file_to_pick, jpeg, pdf, spawn_app};

const DESK: &str = "H01.1";
const AGENCY: &str = "P01.1";

/// A commune desk and a processing agency receiving birth registration, with a clerk and a
/// specialist; the admin's token.
async fn district(app: &TestApp) -> String {
    let admin = app.admin_token().await;
    app.add_office(DESK, "99001");
    for (path, body) in [
        (
            "/api/v1/offices",
            json!({"code": AGENCY, "name": "Phòng Tư pháp", "unit_code": "99001",
                   "kind": "processing_agency", "opened_on": "2020-01-01"}),
        ),
        ("/api/v1/fields", json!({"name": "Hộ tịch"})),
        (
            "/api/v1/procedures",
            json!({
                "code": "1.001193", "name": "Thủ tục đăng ký khai sinh", "field_code": "ho-tich",
                "tiers": ["commune"], "channels": ["in_person", "online"],
                "documents": [
                    {"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0, "form": null},
                    {"name": "Giấy chứng sinh", "originals": 1, "copies": 0, "form": null}
                ],
                "processing_time": {"amount": 3, "unit": "working_days"},
                "fees": [], "legacy_level": 4, "online_level": "full", "published": true,
                "effective_from": "2020-01-01"
            }),
        ),
    ] {
        let res = app.send_json(Method::POST, path, Some(&admin), &body).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{path}");
    }
    app.receive_online(&admin, DESK, &["1.001193"]).await;
    app.staff(&admin, "clerk1", "clerk", Some(DESK), None).await;
    app.staff(&admin, "spec1", "specialist", Some(AGENCY), None)
        .await;
    admin
}

/// Files an application (at the desk, or online); its code.
async fn file(app: &TestApp, clerk: Option<&str>) -> String {
    let channel = if clerk.is_some() {
        "in_person"
    } else {
        "online"
    };
    let body = json!({
        "office_code": DESK, "procedure_code": "1.001193", "channel": channel,
        "applicant": {"name": "Trần Thị Bình", "id_kind": "citizen_id", "id_number": "001203004567",
                      "phone": "0912345678", "address": "Thôn 3, xã Thử Nghiệm"},
        "documents": [{"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0},
                      {"name": "Giấy chứng sinh", "originals": 1, "copies": 0}]
    });
    let res = app
        .send_json(Method::POST, "/api/v1/applications", clerk, &body)
        .await;
    let status = res.status();
    let out: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{out}");
    out["code"].as_str().unwrap().to_owned()
}

/// Hands a received application to the agency through the API.
async fn hand_over(app: &TestApp, clerk: &str, code: &str) {
    let res = app
        .send_json(
            Method::POST,
            &format!("/api/v1/applications/{code}/actions/hand-over"),
            Some(clerk),
            &json!({"version": 1, "to_office": AGENCY}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

/// Opens each action form of an application, looks at it and scans it.
async fn look_at_forms(browser: &Browser, code: &str, actions: &[&str], who: &str) {
    for action in actions {
        browser
            .open(&format!("/staff/applications/{code}/{action}"))
            .await;
        assert!(
            !browser.main_text().await.contains("Không thể"),
            "{action} is open to the {who}"
        );
        browser.screenshots(&format!("work-{who}-{action}")).await;
        browser
            .assert_accessible(&format!("the {who}'s {action} form"))
            .await;
        browser
            .assert_no_horizontal_scroll(&format!("the {who}'s {action} form"))
            .await;
    }
}

#[actix_web::test]
#[ignore = "needs chromium"]
async fn a_specialist_resolves_with_a_result_file_and_a_clerk_returns_the_result() {
    let app = spawn_app().await;
    district(&app).await;
    let clerk_token = app.login("clerk1", "clerk1-password").await;
    let code = file(&app, Some(&clerk_token)).await;
    hand_over(&app, &clerk_token, &code).await;
    let waiting = file(&app, Some(&clerk_token)).await;
    hand_over(&app, &clerk_token, &waiting).await;
    let online = file(&app, None).await;
    let received = file(&app, Some(&clerk_token)).await;

    let browser = Browser::start(&app).await;
    browser.sign_in("spec1", "spec1-password").await;
    assert_eq!(browser.location().await, "/staff/work");
    let text = browser.main_text().await;
    assert!(text.contains(&code) && text.contains(&waiting), "{text}");
    browser.screenshots("work-list").await;
    browser.assert_accessible("the worklist").await;
    browser.assert_no_horizontal_scroll("the worklist").await;
    browser.open("/staff/work?status=6&field=ho-tich").await;
    assert!(
        browser
            .main_text()
            .await
            .contains("Không có hồ sơ nào khớp")
    );
    browser.assert_accessible("the worklist filtered").await;

    // The specialist's forms, each looked at.
    look_at_forms(
        &browser,
        &waiting,
        &[
            "transfer",
            "await-payment",
            "request-supplement",
            "apologize",
            "stop",
        ],
        "specialist",
    )
    .await;

    // From the worklist to the application, then its resolve form.
    browser.open("/staff/work").await;
    browser
        .client
        .find(Locator::LinkText(&code))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .client
        .wait()
        .for_element(Locator::Css("main h1.work-code"))
        .await
        .unwrap();
    assert_eq!(
        browser.location().await,
        format!("/staff/applications/{code}")
    );
    let text = browser.main_text().await;
    assert!(
        text.contains("Trần Thị Bình") && text.contains("Đang xử lý"),
        "{text}"
    );
    browser.screenshots("work-application").await;
    browser.assert_accessible("the application's page").await;
    browser
        .assert_no_horizontal_scroll("the application's page")
        .await;
    browser
        .client
        .find(Locator::Css(&format!(
            "a[href='/staff/applications/{code}/resolve']"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .client
        .wait()
        .for_element(Locator::Id("outcome"))
        .await
        .unwrap();
    // Denied without a reason: the summary and the message beside the field.
    browser
        .client
        .find(Locator::Css("label[for='outcome-2']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.press("form.work-form button[type=submit]").await;
    let text = browser.main_text().await;
    assert!(text.contains("Có lỗi cần sửa"), "{text}");
    browser.screenshots("work-resolve-error").await;
    browser
        .assert_accessible("the resolve form with its error")
        .await;
    // Approved, with the result for electronic return.
    browser
        .client
        .find(Locator::Css("label[for='outcome']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let result = file_to_pick("giay-khai-sinh.pdf", &pdf());
    browser.attach("result-file", &result).await;
    browser.screenshots("work-resolve").await;
    browser.press("form.work-form button[type=submit]").await;
    assert!(
        browser
            .location()
            .await
            .starts_with(&format!("/staff/applications/{code}?done=resolve"))
    );
    let text = browser.main_text().await;
    assert!(text.contains("Đã ghi nhận kết quả giải quyết"), "{text}");
    assert!(
        text.contains("Đã xử lý xong") && text.contains("giay-khai-sinh.pdf"),
        "{text}"
    );
    browser.screenshots("work-resolved").await;
    browser.assert_accessible("the application, resolved").await;

    // The clerk's forms on applications at 1 and 2, looked at; then the return.
    browser
        .press("nav.staff-nav form[action='/staff/sign-out'] button")
        .await;
    browser.sign_in("clerk1", "clerk1-password").await;
    look_at_forms(
        &browser,
        &online,
        &["receive", "refuse", "request-supplement", "withdraw"],
        "clerk",
    )
    .await;
    look_at_forms(&browser, &received, &["hand-over"], "clerk").await;
    browser.open(&format!("/staff/applications/{code}")).await;
    browser
        .assert_accessible("the clerk's application page")
        .await;
    browser
        .client
        .find(Locator::Css(&format!(
            "a[href='/staff/applications/{code}/return']"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .client
        .wait()
        .for_element(Locator::Id("delivery"))
        .await
        .unwrap();
    browser
        .client
        .find(Locator::Css("label[for='delivery']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let scan = file_to_pick("ban-quet-ket-qua.jpg", &jpeg());
    browser.attach("result-file", &scan).await;
    browser.screenshots("work-clerk-return").await;
    browser.assert_accessible("the return form").await;
    browser.press("form.work-form button[type=submit]").await;
    let text = browser.main_text().await;
    assert!(text.contains("Đã trả kết quả"), "{text}");
    assert!(text.contains("ban-quet-ket-qua.jpg"), "{text}");
    browser.screenshots("work-returned").await;
    browser.assert_accessible("the application, returned").await;
    browser
        .assert_no_horizontal_scroll("the application, returned")
        .await;
    browser.close().await;
}
