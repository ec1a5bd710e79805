//! The staff frame in a browser: sign-in (a wrong password, then the right one), the
//! password page, signing out; each page looked at and scanned.

use crate::helpers::{ADMIN_PASSWORD, Browser, spawn_app};

#[actix_web::test]
#[ignore = "needs chromium"]
async fn staff_sign_in_password_and_sign_out() {
    let app = spawn_app().await;
    let browser = Browser::start(&app).await;

    browser.open("/staff/password").await;
    assert!(browser.location().await.starts_with("/staff/sign-in?next="));
    browser.screenshots("staff-sign-in").await;
    browser.assert_accessible("the sign-in page").await;
    browser
        .assert_no_horizontal_scroll("the sign-in page")
        .await;

    browser.fill("username", "admin").await;
    browser.fill("password", "not the password").await;
    browser
        .press("form[action='/staff/sign-in'] button[type=submit]")
        .await;
    let text = browser.main_text().await;
    assert!(
        text.contains("Tên đăng nhập hoặc mật khẩu không đúng"),
        "{text}"
    );
    browser.screenshots("staff-sign-in-wrong").await;
    browser
        .assert_accessible("the sign-in page with its error")
        .await;

    // The right password goes back to the page asked for.
    browser.fill("password", ADMIN_PASSWORD).await;
    browser
        .press("form[action='/staff/sign-in'] button[type=submit]")
        .await;
    assert_eq!(browser.location().await, "/staff/password");
    let nav = browser.text_of("nav.staff-nav").await;
    assert!(
        nav.contains("Tài khoản") && nav.contains("Đăng xuất"),
        "{nav}"
    );
    browser.screenshots("staff-password").await;
    browser.assert_accessible("the password page").await;
    browser
        .assert_no_horizontal_scroll("the password page")
        .await;

    browser
        .press("nav.staff-nav form[action='/staff/sign-out'] button")
        .await;
    assert!(browser.location().await.starts_with("/staff/sign-in"));
    assert!(browser.main_text().await.contains("Bạn đã đăng xuất"));
    browser.open("/staff/password").await;
    assert!(browser.location().await.starts_with("/staff/sign-in"));
    browser.sign_in("admin", ADMIN_PASSWORD).await;
    browser.open("/staff/password").await;
    assert_eq!(browser.location().await, "/staff/password");
    browser.close().await;
}
