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

/// Each role's own pages (the administrator may also read the official's reports, and a
/// clerk the worklist: a commune's desk processes much of what it receives).
const PAGES: [(&str, &[&str]); 4] = [
    ("clerk", &["/staff/desk", "/staff/desk/intake"]),
    ("specialist", &["/staff/work"]),
    (
        "official",
        &[
            "/staff/dashboard",
            "/staff/reports/results",
            "/staff/reports/progress",
        ],
    ),
    (
        "admin",
        &[
            "/staff/admin/users",
            "/staff/admin/offices",
            "/staff/admin/calendar",
            "/staff/admin/import",
            "/staff/admin/units",
        ],
    ),
];

#[actix_web::test]
#[ignore = "needs chromium"]
async fn each_role_opens_its_own_pages_and_is_refused_the_others() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.add_office("H01.1", "99001");
    app.staff(&admin, "clerk1", "clerk", Some("H01.1"), None)
        .await;
    app.staff(&admin, "spec1", "specialist", Some("H01.1"), None)
        .await;
    app.staff(&admin, "lead1", "official", None, Some("99001"))
        .await;
    let browser = Browser::start(&app).await;
    for (role, username, password) in [
        ("clerk", "clerk1", "clerk1-password"),
        ("specialist", "spec1", "spec1-password"),
        ("official", "lead1", "lead1-password"),
        ("admin", "admin", ADMIN_PASSWORD),
    ] {
        browser.sign_in(username, password).await;
        for (owner, pages) in PAGES {
            for page in pages {
                let allowed = owner == role
                    || (role == "admin" && owner == "official")
                    || (role == "clerk" && *page == "/staff/work");
                browser.open(page).await;
                let heading = browser.text_of("main h1").await;
                if allowed {
                    assert_ne!(
                        heading, "Bạn không có quyền xem trang này",
                        "{role} on {page}"
                    );
                    assert_eq!(browser.location().await, *page, "{role} stays on {page}");
                } else {
                    assert_eq!(
                        heading, "Bạn không có quyền xem trang này",
                        "{role} on {page}"
                    );
                }
            }
        }
        browser.open("/staff/password").await;
        browser
            .press("nav.staff-nav form[action='/staff/sign-out'] button")
            .await;
    }
    browser.open("/staff/admin/users").await;
    browser.screenshots("staff-forbidden").await;
    browser.close().await;
}

#[actix_web::test]
#[ignore = "needs chromium"]
async fn the_sign_in_limit_and_a_form_without_its_token_show_the_sites_pages() {
    let app = spawn_app().await;
    let browser = Browser::start(&app).await;
    // A form whose token was taken out: the "form expired" page, nobody signed in.
    browser.open("/staff/sign-in").await;
    browser
        .client
        .execute(
            "document.querySelector('input[name=csrf]').remove()",
            vec![],
        )
        .await
        .unwrap();
    browser.fill("username", "admin").await;
    browser.fill("password", ADMIN_PASSWORD).await;
    browser
        .press("form[action='/staff/sign-in'] button[type=submit]")
        .await;
    assert_eq!(browser.text_of("main h1").await, "Biểu mẫu đã hết hạn");
    browser.open("/staff/password").await;
    assert!(browser.location().await.starts_with("/staff/sign-in"));

    // Five wrong passwords from this address, then the limit's page with the time to wait.
    for _ in 0..5 {
        browser.open("/staff/sign-in").await;
        browser.fill("username", "admin").await;
        browser.fill("password", "a wrong guess").await;
        browser
            .press("form[action='/staff/sign-in'] button[type=submit]")
            .await;
        assert!(
            browser
                .main_text()
                .await
                .contains("Tên đăng nhập hoặc mật khẩu không đúng")
        );
    }
    browser.open("/staff/sign-in").await;
    browser.fill("username", "admin").await;
    browser.fill("password", ADMIN_PASSWORD).await;
    browser
        .press("form[action='/staff/sign-in'] button[type=submit]")
        .await;
    let text = browser.main_text().await;
    assert!(text.contains("phút"), "the minutes to wait: {text}");
    browser.screenshots("staff-sign-in-limit").await;
    browser.assert_accessible("the limit's page").await;
    browser.close().await;
}
