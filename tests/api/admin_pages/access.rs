//! Other roles refused, strangers sent to sign in, forms without their token refused.

use reqwest::StatusCode;
use reqwest::multipart::Part;

use super::import::{GOOD_A, csv};
use crate::applications::{DESK, Desk, PROCEDURE};
use crate::staff_pages::Session;

/// Every admin page a GET opens.
const PAGES: [&str; 9] = [
    "/staff/admin/users",
    "/staff/admin/users/new",
    "/staff/admin/users/clerk1",
    "/staff/admin/offices",
    "/staff/admin/offices/new",
    "/staff/admin/offices/H01.1",
    "/staff/admin/calendar",
    "/staff/admin/import",
    "/staff/admin/units",
];

/// Every form of the admin pages, with fields that would pass.
fn forms() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    vec![
        (
            "/staff/admin/users",
            vec![
                ("username", "new.clerk"),
                ("display_name", "Người Mới"),
                ("role", "clerk"),
                ("office_code", DESK),
            ],
        ),
        (
            "/staff/admin/users/clerk1/active",
            vec![("version", "1"), ("active", "false")],
        ),
        ("/staff/admin/users/clerk1/password", vec![("version", "1")]),
        (
            "/staff/admin/offices",
            vec![
                ("code", "H09.9"),
                ("name", "Bộ phận mới"),
                ("kind", "commune_reception"),
                ("unit_code", "99001"),
            ],
        ),
        (
            "/staff/admin/offices/H01.1",
            vec![
                ("name", "Tên mới"),
                ("kind", "commune_reception"),
                ("unit_code", "99001"),
                ("version", "1"),
            ],
        ),
        (
            "/staff/admin/offices/H01.1/procedures",
            vec![("procedure_code", PROCEDURE), ("online_level", "partial")],
        ),
        (
            "/staff/admin/offices/H01.1/procedures/remove",
            vec![("procedure_code", PROCEDURE)],
        ),
        (
            "/staff/admin/calendar",
            vec![
                ("date", "2027-03-03"),
                ("kind", "holiday"),
                ("name", "Nghỉ"),
            ],
        ),
        ("/staff/admin/calendar/remove", vec![("date", "2027-03-03")]),
        (
            "/staff/admin/units/reorganize",
            vec![
                ("kind", "rename"),
                ("effective_on", "2027-01-01"),
                ("title", "NQ 1"),
                ("predecessors", "99001"),
                ("successor_code", "99003"),
                ("successor_kind", "Xã"),
                ("successor_name", "Mới"),
                ("key", "0123456789abcdef0123"),
            ],
        ),
    ]
}

#[actix_web::test]
async fn other_roles_are_refused_strangers_sent_to_sign_in_and_forms_need_their_token() {
    let desk = Desk::new().await;
    let app = &desk.app;
    for (username, _) in [
        ("clerk1", "clerk"),
        ("spec1", "specialist"),
        ("lead1", "official"),
    ] {
        let mut other = Session::sign_in(app, username, &format!("{username}-password")).await;
        for path in PAGES {
            let page = other.get(path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{username} on {path}");
            assert!(
                page.html.contains("Bạn không có quyền xem trang này"),
                "{path}"
            );
        }
        // A form with a valid token of their own session is still refused.
        other.get("/staff/password").await;
        for (path, fields) in forms() {
            let page = other.post_form(path, &fields).await;
            assert_eq!(
                page.status,
                StatusCode::FORBIDDEN,
                "{username} posting {path}"
            );
        }
        let form = other.multipart();
        assert_eq!(
            other
                .post_multipart("/staff/admin/import", form)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }

    let mut stranger = Session::anonymous(app);
    for path in PAGES {
        let page = stranger.get(path).await;
        let to = page.assert_redirect("/staff/sign-in");
        assert!(to.contains("next="), "{to}");
    }
    for (path, fields) in forms() {
        assert_eq!(
            stranger.post_form(path, &fields).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }

    let mut admin = Session::admin(app).await;
    for path in PAGES {
        let page = admin.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.html);
    }
    for (path, fields) in forms() {
        let page = admin.post_raw(path, &fields).await;
        assert_eq!(
            page.status,
            StatusCode::FORBIDDEN,
            "{path} without its token"
        );
        assert!(page.html.contains("Biểu mẫu đã hết hạn"), "{path}");
    }
    let form = reqwest::multipart::Form::new().part(
        "file",
        Part::bytes(csv(&[GOOD_A]).into_bytes()).file_name("p.csv"),
    );
    let page = admin.post_multipart("/staff/admin/import", form).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.html.contains("Biểu mẫu đã hết hạn"));
    // Nothing of it was done.
    assert_eq!(
        app.get("/api/v1/procedures/2.000001", None).await.status(),
        StatusCode::NOT_FOUND
    );
    let users = app.get("/api/v1/users/new.clerk", Some(&desk.admin)).await;
    assert_eq!(users.status(), StatusCode::NOT_FOUND);
}
