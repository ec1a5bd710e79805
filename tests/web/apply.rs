//! Applying online in a browser: a whole application with a PDF and a JPEG through check
//! your answers to the confirmation; a bad application whose errors come back in the summary
//! and beside each field with what was typed and attached kept; a file whose name lies
//! refused; the whole application with the keyboard alone; every step at phone size without
//! sideways scrolling, clean under axe-core, with screenshots at phone and desk size.

use std::time::Duration;

use fantoccini::Locator;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{Browser, TestApp, file_to_pick, jpeg, marriage_registration, pdf, spawn_app};

/// The main button of every step's form.
const SEND: &str = "main form button[data-prevent-double-click]";

const RECEPTION: &str = "H01.1";
const PROCEDURE: &str = "1.000894";

/// A reception desk taking online a procedure with two documents to send (and a third
/// needed only in some cases).
async fn district() -> TestApp {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.add_office(RECEPTION, "99001");
    let created = [
        ("/api/v1/fields", json!({"name": "Hộ tịch"})),
        ("/api/v1/procedures", marriage_registration(PROCEDURE)),
    ];
    for (path, body) in created {
        let res = app.send_json(Method::POST, path, Some(&admin), &body).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{path}");
    }
    app.receive_online(&admin, RECEPTION, &[PROCEDURE]).await;
    app
}

/// Waits until the page's address ends with `suffix`.
async fn wait_for(browser: &Browser, suffix: &str) {
    for _ in 0..400 {
        if browser.location().await.ends_with(suffix) {
            browser
                .client
                .wait()
                .for_element(Locator::Css("main h1"))
                .await
                .unwrap();
            return;
        }
        actix_web::rt::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("never reached {suffix}: at {}", browser.location().await);
}

/// Every step's checks: no sideways scrolling at phone size, axe-core, screenshots.
async fn look(browser: &Browser, name: &str) {
    browser.assert_no_horizontal_scroll(name).await;
    browser.assert_accessible(name).await;
    browser.screenshots(name).await;
    browser.assert_no_horizontal_scroll(name).await;
}

#[actix_web::test]
#[ignore = "needs chromium"]
async fn a_whole_online_application_with_two_files_reaches_the_confirmation() {
    let app = district().await;
    let browser = Browser::start(&app).await;
    let base = format!("/apply/{PROCEDURE}");
    // From the procedure's page.
    browser.open(&format!("/procedures/{PROCEDURE}")).await;
    browser
        .client
        .find(Locator::Css("a.button-start"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&browser, &base).await;
    assert_eq!(browser.text_of("h1").await, "Nộp hồ sơ trực tuyến");
    let text = browser.main_text().await;
    assert!(text.contains("Giấy xác nhận tình trạng hôn nhân"), "{text}");
    look(&browser, "apply-1-start").await;
    // The only office is chosen already.
    browser.press(SEND).await;
    assert_eq!(browser.location().await, format!("{base}/details"));
    look(&browser, "apply-2-details").await;
    browser.fill("name", "Trần Thị Bình").await;
    browser.fill("id-number", "001203004567").await;
    browser.fill("phone", "0912 345 678").await;
    browser.fill("email", "binh@example.vn").await;
    browser.press(SEND).await;
    assert_eq!(browser.location().await, format!("{base}/documents"));
    look(&browser, "apply-3-documents").await;
    browser
        .attach("documents-0-", &file_to_pick("to-khai.pdf", &pdf()))
        .await;
    browser
        .attach("documents-1-", &file_to_pick("xac-nhan.jpg", &jpeg()))
        .await;
    browser.press(SEND).await;
    assert_eq!(browser.location().await, format!("{base}/check"));
    let text = browser.main_text().await;
    for shown in [
        "Trần Thị Bình",
        "001203004567",
        "to-khai.pdf",
        "xac-nhan.jpg",
    ] {
        assert!(text.contains(shown), "{shown}: {text}");
    }
    look(&browser, "apply-4-check").await;
    browser.press(SEND).await;
    assert_eq!(browser.location().await, format!("{base}/done"));
    assert_eq!(browser.text_of("h1").await, "Đã gửi hồ sơ");
    let code = browser.text_of(".confirmation-code").await;
    assert!(code.starts_with(&format!("{RECEPTION}-")), "{code}");
    let pin = browser.text_of(".pin-value").await;
    assert_eq!(pin.len(), 8, "{pin}");
    assert!(pin.bytes().all(|b| b.is_ascii_digit()));
    browser
        .client
        .find(Locator::Css(".qr-code svg"))
        .await
        .expect("the QR code");
    let print = browser
        .client
        .find(Locator::Css("button[data-print]"))
        .await
        .unwrap();
    assert!(
        print.is_displayed().await.unwrap(),
        "the print button shows"
    );
    look(&browser, "apply-5-done").await;
    // The PIN is shown once.
    browser.open(&format!("{base}/done")).await;
    assert!(!browser.main_text().await.contains(&pin));
    browser.close().await;
}

#[actix_web::test]
#[ignore = "needs chromium"]
async fn a_bad_application_keeps_what_was_typed_and_attached_and_a_lying_file_is_refused() {
    let app = district().await;
    let browser = Browser::start(&app).await;
    let base = format!("/apply/{PROCEDURE}");
    browser.open(&base).await;
    browser.press(SEND).await;
    browser.fill("name", "Lê Văn Cường").await;
    browser.fill("id-number", "12345").await;
    browser.fill("phone", "").await;
    browser.fill("email", "cuong@").await;
    browser.press(SEND).await;
    let summary = browser.text_of(".error-summary").await;
    for message in [
        "số căn cước phải gồm 12 chữ số",
        "địa chỉ email không hợp lệ",
    ] {
        assert!(summary.contains(message), "{message}: {summary}");
    }
    assert!(
        browser
            .text_of("#id-number-error")
            .await
            .contains("12 chữ số")
    );
    assert!(browser.text_of("#email-error").await.contains("email"));
    for (id, typed) in [
        ("name", "Lê Văn Cường"),
        ("id-number", "12345"),
        ("email", "cuong@"),
    ] {
        let value = browser
            .client
            .find(Locator::Id(id))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap();
        assert_eq!(value.as_deref(), Some(typed), "{id} kept");
    }
    // The summary's links lead to the fields.
    let link = browser
        .client
        .find(Locator::Css(".error-summary a"))
        .await
        .unwrap();
    assert_eq!(
        link.attr("href").await.unwrap().as_deref(),
        Some("#id-number")
    );
    look(&browser, "apply-2-details-errors").await;
    browser.fill("id-number", "001203004567").await;
    browser.fill("email", "cuong@example.vn").await;
    browser.press(SEND).await;
    assert_eq!(browser.location().await, format!("{base}/documents"));
    // A text file named .pdf, and a good JPEG.
    browser
        .attach(
            "documents-0-",
            &file_to_pick("to-khai.pdf", b"not a pdf at all"),
        )
        .await;
    browser
        .attach("documents-1-", &file_to_pick("xac-nhan.jpg", &jpeg()))
        .await;
    browser.press(SEND).await;
    let summary = browser.text_of(".error-summary").await;
    assert!(
        summary.contains("tệp to-khai.pdf không phải PDF, JPEG, PNG hay HEIC"),
        "{summary}"
    );
    assert!(
        browser
            .text_of("#documents-0--error")
            .await
            .contains("to-khai.pdf")
    );
    let text = browser.main_text().await;
    assert!(text.contains("Đã nhận tệp: xac-nhan.jpg"), "{text}");
    look(&browser, "apply-3-documents-errors").await;
    // Only the missing file is needed now.
    browser
        .attach("documents-0-", &file_to_pick("to-khai.pdf", &pdf()))
        .await;
    browser.press(SEND).await;
    assert_eq!(browser.location().await, format!("{base}/check"));
    let text = browser.main_text().await;
    assert!(text.contains("xac-nhan.jpg") && text.contains("to-khai.pdf"));
    browser.close().await;
}

/// Presses one key.
async fn key(browser: &Browser, key: char) {
    let actions = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    browser.client.perform_actions(actions).await.unwrap();
}

/// Types text, key by key.
async fn type_text(browser: &Browser, text: &str) {
    let mut actions = KeyActions::new("keyboard".to_owned());
    for c in text.chars() {
        actions = actions
            .then(KeyAction::Down { value: c })
            .then(KeyAction::Up { value: c });
    }
    browser.client.perform_actions(actions).await.unwrap();
}

/// Presses Tab until the focus is on an element matching `css`.
async fn tab_to(browser: &Browser, css: &str) {
    for _ in 0..80 {
        key(browser, Key::Tab.into()).await;
        let on = browser
            .client
            .execute(
                "return !!document.activeElement && document.activeElement.matches(arguments[0]);",
                vec![json!(css)],
            )
            .await
            .unwrap();
        if on.as_bool() == Some(true) {
            return;
        }
    }
    panic!("Tab never reached {css} on {}", browser.location().await);
}

#[actix_web::test]
#[ignore = "needs chromium"]
async fn the_whole_application_can_be_made_with_the_keyboard_alone() {
    let app = district().await;
    let browser = Browser::start(&app).await;
    let base = format!("/apply/{PROCEDURE}");
    browser.open(&format!("/procedures/{PROCEDURE}")).await;
    tab_to(&browser, "a.button-start").await;
    key(&browser, Key::Enter.into()).await;
    wait_for(&browser, &base).await;
    // The office: Space picks the focused radio, Enter on the button sends.
    tab_to(&browser, "input[name=office]").await;
    key(&browser, ' ').await;
    tab_to(&browser, "button[data-prevent-double-click]").await;
    key(&browser, Key::Enter.into()).await;
    wait_for(&browser, &format!("{base}/details")).await;
    for (id, value) in [
        ("#name", "Tran Thi Binh"),
        ("#id-number", "001203004567"),
        ("#phone", "0912345678"),
    ] {
        tab_to(&browser, id).await;
        type_text(&browser, value).await;
    }
    // Enter in a field sends the form.
    key(&browser, Key::Enter.into()).await;
    wait_for(&browser, &format!("{base}/documents")).await;
    // A file input takes its file from the picker; the keyboard reaches it and the button.
    tab_to(&browser, "#documents-0-").await;
    browser
        .attach("documents-0-", &file_to_pick("to-khai.pdf", &pdf()))
        .await;
    tab_to(&browser, "#documents-1-").await;
    browser
        .attach("documents-1-", &file_to_pick("xac-nhan.jpg", &jpeg()))
        .await;
    tab_to(&browser, "button[data-prevent-double-click]").await;
    key(&browser, ' ').await;
    wait_for(&browser, &format!("{base}/check")).await;
    // A change link, followed and come back from with the keyboard.
    tab_to(&browser, "a[href*='details?change=1#phone']").await;
    key(&browser, Key::Enter.into()).await;
    wait_for(&browser, "/details?change=1").await;
    tab_to(&browser, "#email").await;
    type_text(&browser, "binh@example.vn").await;
    key(&browser, Key::Enter.into()).await;
    wait_for(&browser, &format!("{base}/check")).await;
    assert!(browser.main_text().await.contains("binh@example.vn"));
    tab_to(&browser, "button[data-prevent-double-click]").await;
    key(&browser, Key::Enter.into()).await;
    wait_for(&browser, &format!("{base}/done")).await;
    assert_eq!(browser.text_of("h1").await, "Đã gửi hồ sơ");
    assert_eq!(browser.text_of(".pin-value").await.len(), 8);
    browser.close().await;
}
