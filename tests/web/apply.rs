//! Applying online in a browser: a whole application with a PDF and a JPEG through check
//! your answers to the confirmation; a bad application whose errors come back in the summary
//! and beside each field with what was typed and attached kept; a file whose name lies
//! refused; the whole application with the keyboard alone; every step at phone size without
//! sideways scrolling, clean under axe-core, with screenshots at phone and desk size.

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::Locator;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{Browser, TestApp, marriage_registration, spawn_app};

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

/// A small valid PDF (one empty page).
fn pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        out.push_str(&format!("{offset:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

/// A small valid JPEG: a 1×1 grey baseline image.
fn jpeg() -> Vec<u8> {
    let mut v: Vec<u8> = vec![0xFF, 0xD8];
    // JFIF header.
    v.extend([
        0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00,
        0x01, 0x00, 0x00,
    ]);
    // Quantisation table: all ones.
    v.extend([0xFF, 0xDB, 0x00, 0x43, 0x00]);
    v.extend(std::iter::repeat_n(1u8, 64));
    // Frame: 8-bit, 1×1, one component.
    v.extend([
        0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00,
    ]);
    // DC table with one code (category 0), AC table with one code (end of block).
    v.extend([0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01]);
    v.extend(std::iter::repeat_n(0u8, 15));
    v.push(0x00);
    v.extend([0xFF, 0xC4, 0x00, 0x14, 0x10, 0x01]);
    v.extend(std::iter::repeat_n(0u8, 15));
    v.push(0x00);
    // Scan: DC difference 0, then end of block, padded with ones.
    v.extend([
        0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x3F, 0xFF, 0xD9,
    ]);
    v
}

/// Writes a file for the browser to upload; its path.
fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("motcua-apply-{}", uuid_like()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{}-{nanos}", std::process::id())
}

/// Types `value` into the field `id` (emptied first).
async fn fill(browser: &Browser, id: &str, value: &str) {
    let field = browser.client.find(Locator::Id(id)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(value).await.unwrap();
}

/// Gives a file input a file, as the file picker would.
async fn attach(browser: &Browser, id: &str, path: &std::path::Path) {
    let input = browser.client.find(Locator::Id(id)).await.unwrap();
    input.send_keys(&path.display().to_string()).await.unwrap();
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

/// Presses the form's main button and waits for the next page.
async fn press(browser: &Browser) {
    let button = browser
        .client
        .find(Locator::Css("main form button[data-prevent-double-click]"))
        .await
        .unwrap();
    button.click().await.unwrap();
    for _ in 0..400 {
        if button.is_displayed().await.is_err() {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(25)).await;
    }
    browser
        .client
        .wait()
        .for_element(Locator::Css("main h1"))
        .await
        .unwrap();
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
    press(&browser).await;
    assert_eq!(browser.location().await, format!("{base}/details"));
    look(&browser, "apply-2-details").await;
    fill(&browser, "name", "Trần Thị Bình").await;
    fill(&browser, "id-number", "001203004567").await;
    fill(&browser, "phone", "0912 345 678").await;
    fill(&browser, "email", "binh@example.vn").await;
    press(&browser).await;
    assert_eq!(browser.location().await, format!("{base}/documents"));
    look(&browser, "apply-3-documents").await;
    attach(&browser, "documents-0-", &file("to-khai.pdf", &pdf())).await;
    attach(&browser, "documents-1-", &file("xac-nhan.jpg", &jpeg())).await;
    press(&browser).await;
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
    press(&browser).await;
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
    press(&browser).await;
    fill(&browser, "name", "Lê Văn Cường").await;
    fill(&browser, "id-number", "12345").await;
    fill(&browser, "phone", "").await;
    fill(&browser, "email", "cuong@").await;
    press(&browser).await;
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
    fill(&browser, "id-number", "001203004567").await;
    fill(&browser, "email", "cuong@example.vn").await;
    press(&browser).await;
    assert_eq!(browser.location().await, format!("{base}/documents"));
    // A text file named .pdf, and a good JPEG.
    attach(
        &browser,
        "documents-0-",
        &file("to-khai.pdf", b"not a pdf at all"),
    )
    .await;
    attach(&browser, "documents-1-", &file("xac-nhan.jpg", &jpeg())).await;
    press(&browser).await;
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
    attach(&browser, "documents-0-", &file("to-khai.pdf", &pdf())).await;
    press(&browser).await;
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
    attach(&browser, "documents-0-", &file("to-khai.pdf", &pdf())).await;
    tab_to(&browser, "#documents-1-").await;
    attach(&browser, "documents-1-", &file("xac-nhan.jpg", &jpeg())).await;
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
