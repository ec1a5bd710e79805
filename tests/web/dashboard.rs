//! The official's pages in a browser over the demo district: the dashboard, the results
//! report with its charts, the reform progress and both forms' print pages; each looked at
//! (phone and desk), scanned with axe-core, without sideways scrolling; the results form
//! printed to PDF by headless Chromium.

use crate::helpers::{Browser, demo_app, screenshots_dir};

/// Prints the page open in the browser to `{name}.pdf` in the screenshots folder, through a
/// copy of its HTML (the stylesheet still comes from the test server).
async fn print_to_pdf(browser: &Browser, name: &str) {
    let html = browser
        .client
        .execute("return document.documentElement.outerHTML;", vec![])
        .await
        .unwrap();
    let html = html.as_str().unwrap().replacen(
        "<head>",
        &format!("<head><base href=\"{}/\">", browser.base),
        1,
    );
    let dir = screenshots_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join(format!("{name}.html"));
    std::fs::write(&source, format!("<!DOCTYPE html>{html}")).unwrap();
    let pdf = dir.join(format!("{name}.pdf"));
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".to_owned());
    let status = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", source.display()),
        ])
        .status()
        .expect("chromium");
    assert!(status.success(), "chromium printed {name}");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "{name}.pdf");
}

#[actix_web::test]
#[ignore = "needs chromium"]
async fn the_officials_pages_in_a_browser() {
    let app = demo_app().await;
    let admin = app.admin_token().await;
    app.staff(&admin, "lanhdao", "official", None, Some("980"))
        .await;
    let browser = Browser::start(&app).await;
    browser.sign_in("lanhdao", "lanhdao-password").await;
    assert_eq!(browser.location().await, "/staff/dashboard");
    let year = motcua::domain::today().format("%Y").to_string();
    let pages = [
        ("/staff/dashboard".to_owned(), "dashboard", "Tổng quan"),
        (
            format!("/staff/reports/results?period=year&year={year}"),
            "results-year",
            "Tỷ lệ giải quyết đúng hạn theo bộ phận một cửa",
        ),
        (
            format!(
                "/staff/reports/results?period=quarter&year={year}&quarter=3&group_by=office&view=rolled_up"
            ),
            "results-quarter-office",
            "Tiếp nhận và giải quyết theo tháng",
        ),
        (
            "/staff/reports/results?period=year&year=20x6".to_owned(),
            "results-error",
            "Nhập năm từ 2000 đến 2100",
        ),
        (
            "/staff/reports/progress?date=2020-02-01".to_owned(),
            "progress",
            "18/18 xã, phường, thị trấn có Bộ phận một cửa hoạt động",
        ),
    ];
    for (path, name, text) in &pages {
        browser.open(path).await;
        let main = browser.main_text().await;
        assert!(main.contains(text), "{path}: {main}");
        browser.screenshots(name).await;
        browser.assert_accessible(name).await;
        browser.assert_no_horizontal_scroll(name).await;
    }
    // The print pages: the official layout, without the site's frame.
    for (path, name, text) in [
        (
            format!("/staff/reports/results/print?period=year&year={year}"),
            "results-print",
            "THỦ TRƯỞNG ĐƠN VỊ",
        ),
        (
            "/staff/reports/progress/print?date=2020-02-01".to_owned(),
            "progress-print",
            "NGƯỜI LẬP BIỂU",
        ),
    ] {
        browser.open(&path).await;
        let body = browser.text_of("body").await;
        assert!(
            body.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            "{path}"
        );
        assert!(body.contains(text), "{path}");
        browser.screenshots(name).await;
        browser.assert_accessible(name).await;
        print_to_pdf(&browser, name).await;
    }
    browser.close().await;
}
