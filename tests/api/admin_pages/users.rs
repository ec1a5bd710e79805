//! Accounts: listed, created with a one-time password shown once, disabled, reset.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::applications::{DESK, Desk};
use crate::staff_pages::{Page, Session};

/// The one-time password a page shows.
fn shown_password(page: &Page) -> String {
    let marker = r#"id="one-time-password">"#;
    let start = page
        .html
        .find(marker)
        .unwrap_or_else(|| panic!("no password: {}", page.html))
        + marker.len();
    page.html[start..].split('<').next().unwrap().to_owned()
}

async fn clerk_version(desk: &Desk, username: &str) -> i64 {
    let res = desk
        .app
        .get(&format!("/api/v1/users/{username}"), Some(&desk.admin))
        .await;
    let body: Value = res.json().await.unwrap();
    body["version"].as_i64().unwrap()
}

#[actix_web::test]
async fn accounts_are_listed_created_with_a_password_shown_once_disabled_and_reset() {
    let desk = Desk::new().await;
    let app = &desk.app;
    let mut admin = Session::admin(app).await;

    // The list, filtered by role and office.
    let page = admin.get("/staff/admin/users?role=clerk").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.html.contains("clerk1") && page.html.contains("clerk2"),
        "{}",
        page.html
    );
    assert!(!page.html.contains(">spec1<"));
    let page = admin
        .get(&format!("/staff/admin/users?office={DESK}"))
        .await;
    assert!(page.html.contains("clerk1") && !page.html.contains("clerk2"));
    assert!(page.html.contains("1 tài khoản"), "{}", page.html);
    let page = admin.get("/staff/admin/users?active=false").await;
    assert!(page.html.contains("0 tài khoản"));

    // A clerk without an office and a bad username: both messages, the values kept.
    admin.get("/staff/admin/users/new").await;
    let page = admin
        .post_form(
            "/staff/admin/users",
            &[
                ("username", "x"),
                ("display_name", "Trần Thị Bình"),
                ("role", "clerk"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.html.contains("error-summary"));
    assert!(
        page.html.contains(r##"href="#username""##)
            && page.html.contains(r##"href="#office-code""##)
    );
    assert!(page.html.contains(r#"value="Trần Thị Bình""#));
    // An office no one has.
    let page = admin
        .post_form(
            "/staff/admin/users",
            &[
                ("username", "tran.binh"),
                ("display_name", "Trần Thị Bình"),
                ("role", "clerk"),
                ("office_code", "Z99"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.html.contains("không có bộ phận nào mang mã này"),
        "{}",
        page.html
    );
    // A taken username.
    let page = admin
        .post_form(
            "/staff/admin/users",
            &[
                ("username", "clerk1"),
                ("display_name", "X"),
                ("role", "official"),
                ("unit_code", "99001"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.html.contains(r##"href="#username""##));

    // Created: the password shown once, not stored in clear, and it signs in (to change it).
    let page = admin
        .post_form(
            "/staff/admin/users",
            &[
                ("username", "Tran.Binh"),
                ("display_name", "Trần Thị Bình"),
                ("role", "clerk"),
                ("office_code", DESK),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let password = shown_password(&page);
    assert_eq!(password.len(), 20);
    let again = admin.get("/staff/admin/users/tran.binh").await;
    assert!(!again.html.contains(&password), "shown once only");
    let listed = app
        .get("/api/v1/users/tran.binh", Some(&desk.admin))
        .await
        .text()
        .await
        .unwrap();
    assert!(!listed.contains(&password));
    assert!(
        listed.contains(r#""password_change_required":true"#),
        "{listed}"
    );
    let mut binh = Session::anonymous(app);
    binh.try_sign_in("tran.binh", &password)
        .await
        .assert_redirect("/staff/password");

    // The clerk signed in on the pages and on the API; the admin resets the password.
    let mut clerk = Session::sign_in(app, "clerk1", "clerk1-password").await;
    assert_eq!(clerk.get("/staff/password").await.status, StatusCode::OK);
    let account = admin.get("/staff/admin/users/clerk1").await;
    assert_eq!(account.status, StatusCode::OK);
    let version = clerk_version(&desk, "clerk1").await.to_string();
    let page = admin
        .post_form(
            "/staff/admin/users/clerk1/password",
            &[("version", &version)],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let new_password = shown_password(&page);
    assert_ne!(new_password, "clerk1-password");
    // The clerk's sessions are over, the page's and the API's.
    clerk
        .get("/staff/password")
        .await
        .assert_redirect("/staff/sign-in");
    let res = app.get("/api/v1/auth/me", Some(&desk.clerk)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // The old password no longer works; the new one does.
    let mut someone = Session::anonymous(app);
    let refused = someone.try_sign_in("clerk1", "clerk1-password").await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    let mut clerk = Session::anonymous(app);
    clerk
        .try_sign_in("clerk1", &new_password)
        .await
        .assert_redirect("/staff/password");
    // The same form sent again (a reload) makes no second password.
    admin.csrf = account_token(&account);
    let page = admin
        .post_form(
            "/staff/admin/users/clerk1/password",
            &[("version", &version)],
        )
        .await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert!(!page.html.contains("one-time-password"));
    let mut clerk_again = Session::anonymous(app);
    clerk_again
        .try_sign_in("clerk1", &new_password)
        .await
        .assert_redirect("/staff/password");

    // Disabled: cannot sign in, then enabled again.
    admin.get("/staff/admin/users/clerk2").await;
    let version = clerk_version(&desk, "clerk2").await.to_string();
    let page = admin
        .post_form(
            "/staff/admin/users/clerk2/active",
            &[("version", &version), ("active", "false")],
        )
        .await;
    let to = page.assert_redirect("/staff/admin/users/clerk2");
    assert!(to.contains("done=user-disabled"));
    let shown = admin.get(&to).await;
    assert!(
        shown.html.contains("Tài khoản đã bị khóa"),
        "{}",
        shown.html
    );
    let mut two = Session::anonymous(app);
    assert_eq!(
        two.try_sign_in("clerk2", "clerk2-password").await.status,
        StatusCode::UNAUTHORIZED
    );
    let version = clerk_version(&desk, "clerk2").await.to_string();
    admin
        .post_form(
            "/staff/admin/users/clerk2/active",
            &[("version", &version), ("active", "true")],
        )
        .await
        .assert_redirect("/staff/admin/users/clerk2");
    Session::sign_in(app, "clerk2", "clerk2-password").await;

    // The last administrator cannot disable itself: the page says why.
    admin.get("/staff/admin/users/admin").await;
    let version = clerk_version(&desk, "admin").await.to_string();
    let page = admin
        .post_form(
            "/staff/admin/users/admin/active",
            &[("version", &version), ("active", "false")],
        )
        .await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert!(
        page.html.contains("quản trị viên cuối cùng"),
        "{}",
        page.html
    );
}

/// The form token on a page.
fn account_token(page: &Page) -> String {
    let marker = r#"name="csrf" value=""#;
    let start = page.html.find(marker).unwrap() + marker.len();
    page.html[start..].split('"').next().unwrap().to_owned()
}

#[actix_web::test]
async fn the_one_time_password_page_is_never_stored() {
    let desk = Desk::new().await;
    let mut admin = Session::admin(&desk.app).await;
    admin.get("/staff/admin/users/new").await;
    let cookie = format!("staff={}", admin.cookie("staff").unwrap());
    let csrf_cookie = format!("csrf={}", admin.cookie("csrf").unwrap_or_default());
    let res = desk
        .app
        .request(Method::POST, "/staff/admin/users")
        .header("cookie", format!("{cookie}; {csrf_cookie}"))
        .header("accept", "text/html")
        .form(&[
            ("username", "spec2"),
            ("display_name", "Chuyên viên"),
            ("role", "specialist"),
            ("office_code", DESK),
            ("csrf", &admin.csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store");
}
