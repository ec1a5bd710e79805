//! The reception desk in a browser: the office's day, a code the desk does not know, and the
//! desk intake done with the keyboard alone (the procedure found by words without accents,
//! the focus on the first field, Tab, typing, Enter) up to slip 01's print page; each page
//! scanned with axe-core and looked at on a phone and a desk.

use std::time::Duration;

use fantoccini::Locator;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{Browser, TestApp, file_to_pick, jpeg, marriage_registration, pdf, spawn_app};

const RECEPTION: &str = "H01.1";
const PROCEDURE: &str = "1.000894";

/// An office receiving marriage registration, its clerk, and one online application
/// waiting to be received.
async fn desk() -> TestApp {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.add_office(RECEPTION, "99001");
    for (path, body) in [
        ("/api/v1/fields", json!({"name": "Hộ tịch"})),
        ("/api/v1/procedures", marriage_registration(PROCEDURE)),
    ] {
        let res = app.send_json(Method::POST, path, Some(&admin), &body).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{path}");
    }
    app.receive_online(&admin, RECEPTION, &[PROCEDURE]).await;
    app.staff(&admin, "clerk1", "clerk", Some(RECEPTION), None)
        .await;
    let online = json!({
        "office_code": RECEPTION, "procedure_code": PROCEDURE, "channel": "online",
        "applicant": {"name": "Phạm Thị Dung", "id_kind": "citizen_id",
                      "id_number": "001203004570", "phone": "0912345678"},
        "documents": [{"name": "Tờ khai đăng ký kết hôn", "originals": 1, "copies": 0},
                      {"name": "Giấy xác nhận tình trạng hôn nhân", "originals": 1, "copies": 0}]
    });
    let res = app
        .send_json(Method::POST, "/api/v1/applications", None, &online)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    app
}

async fn key(browser: &Browser, key: char) {
    let actions = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    browser.client.perform_actions(actions).await.unwrap();
}

async fn type_text(browser: &Browser, text: &str) {
    let mut actions = KeyActions::new("keyboard".to_owned());
    for c in text.chars() {
        actions = actions
            .then(KeyAction::Down { value: c })
            .then(KeyAction::Up { value: c });
    }
    browser.client.perform_actions(actions).await.unwrap();
}

async fn focused_is(browser: &Browser, css: &str) -> bool {
    browser
        .client
        .execute(
            "return !!document.activeElement && document.activeElement.matches(arguments[0]);",
            vec![json!(css)],
        )
        .await
        .unwrap()
        .as_bool()
        == Some(true)
}

async fn tab_to(browser: &Browser, css: &str) {
    for _ in 0..80 {
        key(browser, Key::Tab.into()).await;
        if focused_is(browser, css).await {
            return;
        }
    }
    panic!("Tab never reached {css} on {}", browser.location().await);
}

/// Waits until the address holds `part` and the page has a heading (`selector`).
async fn wait_for(browser: &Browser, part: &str, selector: &str) {
    for _ in 0..400 {
        if browser.location().await.contains(part) {
            browser
                .client
                .wait()
                .for_element(Locator::Css(selector))
                .await
                .unwrap();
            return;
        }
        actix_web::rt::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("never reached {part}: at {}", browser.location().await);
}

async fn look(browser: &Browser, name: &str) {
    browser.assert_no_horizontal_scroll(name).await;
    browser.assert_accessible(name).await;
    browser.screenshots(name).await;
}

#[actix_web::test]
#[ignore = "needs chromium"]
async fn the_desk_day_and_an_unknown_code() {
    let app = desk().await;
    let browser = Browser::start(&app).await;
    browser.sign_in("clerk1", "clerk1-password").await;
    assert_eq!(browser.location().await, "/staff/desk");
    let text = browser.main_text().await;
    assert!(text.contains("Phạm Thị Dung"), "{text}");
    look(&browser, "desk-day").await;
    // The scanner's box has the focus: what it types and Enter open, or come back beside it.
    assert!(focused_is(&browser, "#code").await);
    type_text(&browser, "H01.1-200101-9999").await;
    key(&browser, Key::Enter.into()).await;
    wait_for(&browser, "/staff/desk/open", "main h1").await;
    assert!(
        browser
            .text_of(".error-summary")
            .await
            .contains("không có hồ sơ nào có mã này")
    );
    look(&browser, "desk-open-unknown").await;
    browser.open("/staff/desk/list/waiting").await;
    look(&browser, "desk-list-waiting").await;
    browser.close().await;
}

#[actix_web::test]
#[ignore = "needs chromium"]
async fn the_desk_intake_with_the_keyboard_alone_up_to_slip_01() {
    let app = desk().await;
    let browser = Browser::start(&app).await;
    browser.sign_in("clerk1", "clerk1-password").await;
    browser.open("/staff/desk/intake").await;
    look(&browser, "desk-intake-search").await;
    // The procedure by words of its name without accents; Enter searches.
    assert!(focused_is(&browser, "#q").await);
    type_text(&browser, "dang ky ket hon").await;
    key(&browser, Key::Enter.into()).await;
    wait_for(&browser, "q=dang", ".intake-choices").await;
    look(&browser, "desk-intake-found").await;
    tab_to(&browser, &format!("a[href*='procedure={PROCEDURE}']")).await;
    key(&browser, Key::Enter.into()).await;
    wait_for(&browser, &format!("procedure={PROCEDURE}"), "form.intake").await;
    look(&browser, "desk-intake-form").await;
    // The first field has the focus; Enter in it with nothing typed: the errors, kept input.
    assert!(focused_is(&browser, "#name").await);
    tab_to(&browser, "#id-number").await;
    type_text(&browser, "12345").await;
    key(&browser, Key::Enter.into()).await;
    wait_for(
        &browser,
        &format!("procedure={PROCEDURE}"),
        ".error-summary",
    )
    .await;
    let summary = browser.text_of(".error-summary").await;
    assert!(summary.contains("200"), "{summary}");
    look(&browser, "desk-intake-errors").await;
    // The summary's first link leads to the field.
    browser.fill("name", "").await;
    type_text(&browser, "Tran Van Cuong").await;
    tab_to(&browser, "#id-number").await;
    browser.fill("id-number", "").await;
    type_text(&browser, "001203004571").await;
    // The scans: the keyboard reaches each picker (the picker itself is the system's).
    tab_to(&browser, "#scans-0-").await;
    browser
        .attach("scans-0-", &file_to_pick("to-khai.pdf", &pdf()))
        .await;
    tab_to(&browser, "#scans-1-").await;
    browser
        .attach("scans-1-", &file_to_pick("xac-nhan.jpg", &jpeg()))
        .await;
    tab_to(&browser, "button[data-prevent-double-click]").await;
    key(&browser, Key::Enter.into()).await;
    wait_for(&browser, "/slips/01", ".page h1").await;
    let sheet = browser.text_of(".page").await;
    assert!(sheet.contains("Tran Van Cuong"), "{sheet}");
    assert!(sheet.contains("Tờ khai đăng ký kết hôn"), "{sheet}");
    assert!(
        browser
            .client
            .find(Locator::Css("button[data-print]"))
            .await
            .unwrap()
            .is_displayed()
            .await
            .unwrap(),
        "the print button, shown by the script"
    );
    browser.assert_accessible("slip 01's print page").await;
    browser.screenshots("desk-slip-01").await;
    browser.close().await;
}
