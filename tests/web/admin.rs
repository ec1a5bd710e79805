//! The administrator's pages in a browser over the demo district: each page and its forms
//! (an account with its one-time password, an office with a catalog search, a calendar day,
//! a catalog import with its report, a unit reorganisation form), each looked at at phone
//! and desk size and scanned with axe-core.

use fantoccini::Locator;

use crate::helpers::{ADMIN_PASSWORD, Browser, demo_app, file_to_pick};

/// Clicks a radio or checkbox (no page change).
async fn tick(browser: &Browser, id: &str) {
    browser
        .client
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("no #{id}: {e}"))
        .click()
        .await
        .unwrap();
}

/// Looks at the page: screenshots, axe-core, no sideways scrolling on a phone.
async fn look(browser: &Browser, name: &str, what: &str) {
    browser.screenshots(name).await;
    browser.assert_accessible(what).await;
    browser.assert_no_horizontal_scroll(what).await;
}

#[actix_web::test]
#[ignore = "needs chromium"]
async fn every_admin_page_in_a_browser() {
    let app = demo_app().await;
    let office = app
        .get_json("/api/v1/offices?limit=1&kind=commune_reception")
        .await["items"][0]["code"]
        .as_str()
        .expect("a demo office")
        .to_owned();
    let browser = Browser::start(&app).await;
    browser.sign_in("admin", ADMIN_PASSWORD).await;
    assert_eq!(browser.location().await, "/staff/admin/users");

    // Accounts.
    look(&browser, "admin-users", "the accounts").await;
    browser.open("/staff/admin/users/new").await;
    browser.fill("username", "x").await;
    browser.fill("display-name", "Lê Văn Cường").await;
    tick(&browser, "role-2").await;
    browser
        .press("form[action='/staff/admin/users'] button[type=submit]")
        .await;
    let text = browser.main_text().await;
    assert!(text.contains("Có lỗi cần sửa"), "{text}");
    look(
        &browser,
        "admin-user-new-errors",
        "the new account with errors",
    )
    .await;
    browser.fill("username", "le.cuong").await;
    browser.fill("office-code", &office).await;
    browser
        .press("form[action='/staff/admin/users'] button[type=submit]")
        .await;
    let password = browser.text_of("#one-time-password").await;
    assert_eq!(password.len(), 20, "{password}");
    look(&browser, "admin-user-password", "the one-time password").await;
    browser.open("/staff/admin/users/le.cuong").await;
    assert!(!browser.main_text().await.contains(&password));
    look(&browser, "admin-user", "an account").await;

    // Offices and the catalog search.
    browser.open("/staff/admin/offices").await;
    look(&browser, "admin-offices", "the offices").await;
    browser
        .open(&format!("/staff/admin/offices/{office}?q=khai+sinh"))
        .await;
    let text = browser.main_text().await;
    assert!(
        text.contains("Khai sinh") || text.contains("khai sinh"),
        "{text}"
    );
    look(&browser, "admin-office", "an office with a catalog search").await;
    browser.open("/staff/admin/offices/new").await;
    look(&browser, "admin-office-new", "a new office").await;

    // The calendar: a day set through the form, and what it moved.
    browser.open("/staff/admin/calendar?year=2027").await;
    browser.fill("date", "2027-03-03").await;
    tick(&browser, "kind").await;
    browser.fill("name", "Nghỉ thử").await;
    browser
        .press("form[action='/staff/admin/calendar'] button[type=submit]")
        .await;
    let text = browser.main_text().await;
    assert!(
        text.contains("hạn giải quyết") && text.contains("Nghỉ thử"),
        "{text}"
    );
    look(&browser, "admin-calendar", "the calendar").await;

    // The catalog import and its report.
    browser.open("/staff/admin/import").await;
    look(&browser, "admin-import", "the import form").await;
    let file = file_to_pick(
        "procedures.csv",
        "ma_thu_tuc,ten_thu_tuc,cap_thuc_hien,linh_vuc,kenh_nop,truc_tuyen,thoi_han,don_vi_thoi_han,phi_le_phi\n\
         2.000001,Thủ tục thử một,Cấp xã,Hộ tịch,Trực tiếp,0,3,Ngày làm việc,Miễn phí\n\
         2.00002,Thủ tục thử hai,Cấp xã,Hộ tịch,Trực tiếp,0,3,Ngày làm việc,Miễn phí\n"
            .as_bytes(),
    );
    browser.attach("file", &file).await;
    browser
        .press("form[action='/staff/admin/import'] button[type=submit]")
        .await;
    let text = browser.main_text().await;
    assert!(
        text.contains("Báo cáo nhập") && text.contains("2.000001"),
        "{text}"
    );
    assert!(text.contains("Từ chối"), "{text}");
    look(&browser, "admin-import-report", "the import report").await;

    // Units: the tree with the demo's reorganisations, and the form.
    browser.open("/staff/admin/units").await;
    look(&browser, "admin-units", "the units").await;
    browser.open("/staff/admin/units/reorganize").await;
    look(&browser, "admin-reorganize", "the reorganisation form").await;
    browser.close().await;
}
