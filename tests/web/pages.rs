//! The frame and the catalog's pages: home, search, a procedure, statistics, the error page
//! and the language switch.

use fantoccini::Locator;

use crate::helpers::{Browser, DESK, PHONE, code_of, demo_app};

/// Every page of this group: (screenshot name, path).
async fn pages(app: &crate::helpers::TestApp) -> Vec<(&'static str, String)> {
    let code = code_of(app, "Đăng ký khai sinh").await;
    vec![
        ("home", "/".to_owned()),
        ("search", "/procedures?q=dang+ky+khai+sinh".to_owned()),
        ("procedure", format!("/procedures/{code}")),
        ("statistics", "/statistics".to_owned()),
        ("not-found", "/no-such-page".to_owned()),
    ]
}

#[actix_web::test]
#[ignore = "needs chromium"]
async fn search_finds_procedures_with_and_without_accents() {
    let app = demo_app().await;
    let browser = Browser::start(&app).await;
    for typed in [
        "đăng ký khai sinh",
        "dang ky khai sinh",
        "DANG KY KHAI SINH",
    ] {
        browser.open("/").await;
        let q = browser.client.find(Locator::Id("q")).await.unwrap();
        q.send_keys(typed).await.unwrap();
        q.send_keys("\u{E007}").await.unwrap(); // Enter
        browser
            .client
            .wait()
            .for_element(Locator::Css("ol.results"))
            .await
            .unwrap();
        assert!(browser.location().await.starts_with("/procedures?q="));
        let first = browser.text_of("ol.results li h2").await;
        assert_eq!(first, "Đăng ký khai sinh", "typed {typed}");
        let hit = browser.text_of("ol.results li").await;
        assert!(hit.contains("Hộ tịch"), "{hit}");
        assert!(hit.contains("Thời hạn giải quyết"), "{hit}");
        assert!(hit.contains("Phí, lệ phí"), "{hit}");
    }
    // Nothing found: said so, with what to try.
    browser.open("/procedures?q=zzzz+qqqq").await;
    assert!(
        browser
            .main_text()
            .await
            .contains("Không tìm thấy thủ tục nào")
    );
    browser.close().await;
}

#[actix_web::test]
#[ignore = "needs chromium"]
async fn search_filters_and_pages() {
    let app = demo_app().await;
    let browser = Browser::start(&app).await;
    browser.open("/procedures?field=ho-tich").await;
    let count = browser.text_of(".result-count").await;
    assert!(count.starts_with("Tìm thấy"), "{count}");
    let fields: Vec<String> = {
        let mut out = Vec::new();
        for dd in browser
            .client
            .find_all(Locator::Css("ol.results .result-meta dd:nth-of-type(1)"))
            .await
            .unwrap()
        {
            out.push(dd.text().await.unwrap());
        }
        out
    };
    assert!(!fields.is_empty());
    assert!(fields.iter().all(|f| f == "Hộ tịch"), "{fields:?}");
    // Paging keeps the filters.
    browser.open("/procedures").await;
    let next = browser
        .client
        .find(Locator::Css(".pagination a[rel=next]"))
        .await
        .unwrap();
    next.click().await.unwrap();
    assert_eq!(browser.location().await, "/procedures?page=2");
    let start = browser
        .client
        .find(Locator::Css("ol.results"))
        .await
        .unwrap()
        .attr("start")
        .await
        .unwrap();
    assert_eq!(start.as_deref(), Some("21"));
    // A filter value that is not in the lists: the error summary, linked to its field.
    browser.open("/procedures?tier=galaxy").await;
    let summary = browser.text_of(".error-summary").await;
    assert!(
        summary.contains("Chọn một giá trị trong danh sách"),
        "{summary}"
    );
    let link = browser
        .client
        .find(Locator::Css(".error-summary a"))
        .await
        .unwrap();
    assert_eq!(link.attr("href").await.unwrap().as_deref(), Some("#tier"));
    browser.close().await;
}

#[actix_web::test]
#[ignore = "needs chromium"]
async fn a_procedure_page_says_what_to_bring_where_and_how_much() {
    let app = demo_app().await;
    let code = code_of(&app, "Đăng ký khai sinh").await;
    let procedure = app.get_json(&format!("/api/v1/procedures/{code}")).await;
    let browser = Browser::start(&app).await;
    browser.open(&format!("/procedures/{code}")).await;
    assert_eq!(browser.text_of("h1").await, "Đăng ký khai sinh");
    let text = browser.main_text().await;
    for heading in [
        "Giấy tờ cần mang",
        "Nơi nộp hồ sơ",
        "Thời hạn giải quyết",
        "Phí, lệ phí",
        "Mức độ trực tuyến",
        "Nghị định 43/2011",
    ] {
        assert!(text.contains(heading), "missing {heading}");
    }
    assert!(text.contains(&code));
    for document in procedure["documents"].as_array().unwrap() {
        assert!(
            text.contains(document["name"].as_str().unwrap()),
            "missing the document {document}"
        );
    }
    if !procedure["result"].as_str().unwrap_or_default().is_empty() {
        assert!(text.contains("Kết quả"));
    }
    // The offices that receive it are folded under one line that says how many; opened, each
    // is one line. One that takes it online gets the button.
    let offices = browser
        .client
        .find_all(Locator::Css("ul.office-list li"))
        .await
        .unwrap();
    assert!(offices.len() > 3, "the demo's offices: {}", offices.len());
    let fold = browser.text_of("details.offices summary").await;
    assert_eq!(
        fold,
        format!("Xem tất cả {} cơ quan tiếp nhận", offices.len())
    );
    assert_eq!(offices[0].text().await.unwrap(), "", "folded");
    let folded: u64 = browser
        .client
        .execute("return document.documentElement.scrollHeight;", vec![])
        .await
        .unwrap()
        .as_u64()
        .unwrap();
    assert!(folded < 3000, "the page is {folded} px tall on a phone");
    browser
        .client
        .find(Locator::Css("details.offices summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let first = offices[0].text().await.unwrap();
    assert!(
        !first.trim().is_empty(),
        "an office's line shows once opened"
    );
    let apply = browser
        .client
        .find(Locator::Css("a.button-start"))
        .await
        .unwrap();
    assert_eq!(
        apply.attr("href").await.unwrap(),
        Some(format!("/apply/{code}"))
    );
    assert_eq!(apply.text().await.unwrap(), "Nộp trực tuyến");
    browser.close().await;
}

#[actix_web::test]
#[ignore = "needs chromium"]
async fn the_language_switch_keeps_the_page() {
    let app = demo_app().await;
    let browser = Browser::start(&app).await;
    browser.open("/procedures?q=khai+sinh&field=ho-tich").await;
    assert_eq!(browser.text_of("h1").await, "Kết quả tìm “khai sinh”");
    browser
        .client
        .find(Locator::Css("a.lang-switch"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(
        browser.location().await,
        "/procedures?q=khai+sinh&field=ho-tich&lang=en"
    );
    assert_eq!(browser.text_of("h1").await, "Results for “khai sinh”");
    let lang = browser
        .client
        .find(Locator::Css("html"))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(lang.as_deref(), Some("en"));
    // The cookie keeps the choice on the next page.
    browser.open("/statistics").await;
    assert_eq!(browser.text_of("h1").await, "Public service results");
    browser.open("/?lang=vi").await;
    assert_eq!(browser.text_of("h1").await, "Dịch vụ công");
    browser.close().await;
}

#[actix_web::test]
#[ignore = "needs chromium"]
async fn an_unknown_address_gets_the_sites_404_page() {
    let app = demo_app().await;
    let browser = Browser::start(&app).await;
    browser.open("/no-such-page").await;
    assert_eq!(browser.text_of("h1").await, "Không tìm thấy trang");
    // With a search box to go on from.
    assert!(browser.client.find(Locator::Id("error-q")).await.is_ok());
    browser.open("/procedures/9.999999").await;
    assert_eq!(browser.text_of("h1").await, "Không tìm thấy trang");
    browser.open("/no-such-page?lang=en").await;
    assert_eq!(browser.text_of("h1").await, "Page not found");
    browser.close().await;
}

#[actix_web::test]
#[ignore = "needs chromium"]
async fn every_page_fits_a_phone_passes_axe_and_is_photographed() {
    let app = demo_app().await;
    let browser = Browser::start(&app).await;
    for (name, path) in pages(&app).await {
        browser.open(&path).await;
        browser.resize(PHONE).await;
        browser
            .assert_no_horizontal_scroll(&format!("{path} at 390 px"))
            .await;
        browser.resize((320, 640)).await;
        browser
            .assert_no_horizontal_scroll(&format!("{path} at 320 px"))
            .await;
        browser.resize(DESK).await;
        browser.assert_accessible(&path).await;
        browser.screenshots(name).await;
        browser
            .open(&format!(
                "{path}{}lang=en",
                if path.contains('?') { "&" } else { "?" }
            ))
            .await;
        browser.resize(PHONE).await;
        browser
            .assert_no_horizontal_scroll(&format!("{path} in English"))
            .await;
        browser
            .assert_accessible(&format!("{path} in English"))
            .await;
        browser.screenshot(&format!("{name}-en-phone"), PHONE).await;
        browser.open("/?lang=vi").await;
    }
    browser.close().await;
}
