//! The administrator's pages through their forms, as a browser without JavaScript: accounts
//! (a one-time password that signs in once shown, the old one refused, the sessions ended),
//! offices and the procedures they receive, the calendar (the moved count equal to the
//! JSON API's), the catalog import's line report, the units' reorganisations; every page
//! refused to the other roles, sent to sign-in without a session, and every form refused
//! without its token.

use reqwest::multipart::Part;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::applications::{DESK, Desk, PROCEDURE, desk_body};
use crate::staff_pages::{Page, Session};

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

#[actix_web::test]
async fn offices_and_the_procedures_they_receive_are_set_through_the_forms() {
    let desk = Desk::new().await;
    let mut admin = Session::admin(&desk.app).await;

    // A new office: a bad one first, then a good one.
    admin.get("/staff/admin/offices/new").await;
    let page = admin
        .post_form(
            "/staff/admin/offices",
            &[
                ("code", "H09.9"),
                ("name", "Bộ phận xã Chín"),
                ("kind", ""),
                ("unit_code", "99001"),
                ("opened_on", "31/02/2027"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.html.contains(r##"href="#kind""##) && page.html.contains(r##"href="#opened-on""##)
    );
    assert!(page.html.contains(r#"value="Bộ phận xã Chín""#));
    let page = admin
        .post_form(
            "/staff/admin/offices",
            &[
                ("code", "H09.9"),
                ("name", "Bộ phận xã Chín"),
                ("kind", "commune_reception"),
                ("unit_code", "99001"),
                ("opened_on", "01/01/2021"),
            ],
        )
        .await;
    let to = page.assert_redirect("/staff/admin/offices/H09.9");
    let page = admin.get(&to).await;
    assert!(page.html.contains("Đã thêm bộ phận"), "{}", page.html);
    let office = desk.app.get_json("/api/v1/offices/H09.9").await;
    assert_eq!(office["opened_on"], "2021-01-01");
    // Listed, and found by its name without accents.
    let page = admin.get("/staff/admin/offices?q=xa+chin").await;
    assert!(
        page.html.contains("H09.9") && !page.html.contains("H01.1"),
        "{}",
        page.html
    );
    // The same code again is refused beside the field.
    admin.get("/staff/admin/offices/new").await;
    let page = admin
        .post_form(
            "/staff/admin/offices",
            &[
                ("code", "H09.9"),
                ("name", "Khác"),
                ("kind", "commune_reception"),
                ("unit_code", "99001"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.html.contains(r##"href="#code""##));

    // Edited.
    admin.get("/staff/admin/offices/H09.9").await;
    let page = admin
        .post_form(
            "/staff/admin/offices/H09.9",
            &[
                ("name", "Bộ phận một cửa xã Chín"),
                ("kind", "commune_service_center"),
                ("unit_code", "99001"),
                ("opened_on", "2021-01-01"),
                ("version", "1"),
            ],
        )
        .await;
    page.assert_redirect("/staff/admin/offices/H09.9");
    let office = desk.app.get_json("/api/v1/offices/H09.9").await;
    assert_eq!(office["name"], "Bộ phận một cửa xã Chín");
    assert_eq!(office["kind"], "commune_service_center");

    // The catalog searched without accents, the procedure received, then its level changed.
    let page = admin
        .get("/staff/admin/offices/H09.9?q=dang+ky+khai+sinh")
        .await;
    assert!(page.html.contains(PROCEDURE), "{}", page.html);
    let page = admin.get("/staff/admin/offices/H09.9?q=1.001193").await;
    assert!(page.html.contains("Thủ tục đăng ký khai sinh"));
    let page = admin
        .post_form(
            "/staff/admin/offices/H09.9/procedures",
            &[("procedure_code", PROCEDURE), ("online_level", "full")],
        )
        .await;
    page.assert_redirect("/staff/admin/offices/H09.9");
    let received = desk.app.get_json("/api/v1/offices/H09.9/procedures").await;
    assert_eq!(
        received["items"][0]["procedure_code"], PROCEDURE,
        "{received}"
    );
    assert_eq!(received["items"][0]["online_level"], "full");
    admin.get("/staff/admin/offices/H09.9").await;
    admin
        .post_form(
            "/staff/admin/offices/H09.9/procedures",
            &[("procedure_code", PROCEDURE), ("online_level", "none")],
        )
        .await
        .assert_redirect("/staff/admin/offices/H09.9");
    let received = desk.app.get_json("/api/v1/offices/H09.9/procedures").await;
    assert_eq!(received["items"][0]["online_level"], "none");
    // An unknown code is refused beside the field.
    let page = admin
        .post_form(
            "/staff/admin/offices/H09.9/procedures",
            &[("procedure_code", "9.999999"), ("online_level", "full")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.html.contains(r##"href="#procedure-code""##),
        "{}",
        page.html
    );
    assert!(page.html.contains(r#"value="9.999999""#));
    // The details form below still carries the office's version (2, after the edit).
    assert!(
        page.html.contains(r#"name="version" value="2""#),
        "{}",
        page.html
    );

    // Removed: the office no longer receives it today; the row stays as history.
    let page = admin
        .post_form(
            "/staff/admin/offices/H09.9/procedures/remove",
            &[("procedure_code", PROCEDURE)],
        )
        .await;
    let to = page.assert_redirect("/staff/admin/offices/H09.9");
    let page = admin.get(&to).await;
    assert!(
        page.html.contains("Bộ phận chưa tiếp nhận thủ tục nào"),
        "{}",
        page.html
    );
    assert!(page.html.contains("1 thủ tục không còn tiếp nhận"));
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let now = desk
        .app
        .get_json(&format!("/api/v1/offices/H09.9/procedures?as_of={today}"))
        .await;
    assert_eq!(now["items"], json!([]), "{now}");
}

#[actix_web::test]
async fn a_calendar_change_reports_the_moved_due_dates_as_the_json_api_does() {
    let desk = Desk::new().await;
    for _ in 0..2 {
        desk.submit(Some(&desk.clerk), &desk_body()).await;
    }
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let days = desk
        .app
        .get_json(&format!(
            "/api/v1/calendar/days?from={}&to={}",
            today.succ_opt().unwrap(),
            today + chrono::Duration::days(20)
        ))
        .await;
    let next = days["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["working"] == true)
        .unwrap()["date"]
        .as_str()
        .unwrap()
        .to_owned();
    let year = &next[..4];

    let mut admin = Session::admin(&desk.app).await;
    let page = admin
        .get(&format!("/staff/admin/calendar?year={year}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    // Refused: no name, a date that is none.
    let page = admin
        .post_form(
            "/staff/admin/calendar",
            &[
                ("date", "2027-02-30"),
                ("kind", "holiday"),
                ("name", ""),
                ("year", year),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.html.contains(r##"href="#date""##) && page.html.contains(r##"href="#name""##));
    assert!(page.html.contains(r#"value="2027-02-30""#));

    let page = admin
        .post_form(
            "/staff/admin/calendar",
            &[
                ("date", &next),
                ("kind", "holiday"),
                ("name", "Nghỉ bù"),
                ("year", year),
            ],
        )
        .await;
    let to = page.assert_redirect("/staff/admin/calendar");
    assert!(to.contains("moved=2"), "{to}");
    let page = admin.get(&to).await;
    assert!(
        page.html
            .contains("2 hồ sơ đang xử lý được dời hạn giải quyết"),
        "{}",
        page.html
    );
    assert!(page.html.contains("Nghỉ bù"));
    let page_moved: i64 = 2;

    // Back to normal through the page, then the same change through the JSON API.
    let page = admin
        .post_form("/staff/admin/calendar/remove", &[("date", &next)])
        .await;
    let to = page.assert_redirect("/staff/admin/calendar");
    assert!(to.contains("moved=2"), "{to}");
    let res = desk
        .app
        .send_json(
            Method::PUT,
            &format!("/api/v1/calendar/days/{next}"),
            Some(&desk.admin),
            &json!({"kind": "holiday", "name": "Nghỉ bù"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let change: Value = res.json().await.unwrap();
    assert_eq!(change["recomputed"].as_i64(), Some(page_moved));
}

fn csv(rows: &[&str]) -> String {
    let mut text = String::from(
        "ma_thu_tuc,ten_thu_tuc,cap_thuc_hien,linh_vuc,kenh_nop,truc_tuyen,thoi_han,don_vi_thoi_han,phi_le_phi\n",
    );
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text
}

const GOOD_A: &str = "2.000001,Thủ tục một,Cấp xã,Hộ tịch,Trực tiếp,0,3,Ngày làm việc,Miễn phí";
const GOOD_B: &str =
    "2.000002,Thủ tục hai,Cấp tỉnh,Đất đai,Trực tiếp;Trực tuyến,1,10,Ngày làm việc,Miễn phí";
const BAD: &str = "2.00003,Thủ tục ba,Cấp xã,Hộ tịch,Trực tiếp,0,3,Ngày làm việc,Miễn phí";

async fn import(admin: &mut Session, text: String, atomic: bool) -> Page {
    admin.get("/staff/admin/import").await;
    let mut form = admin
        .multipart()
        .part(
            "file",
            Part::bytes(text.into_bytes())
                .file_name("procedures.csv")
                .mime_str("text/csv")
                .unwrap(),
        )
        .text("effective_from", "2026-01-01");
    if atomic {
        form = form.text("atomic", "true");
    }
    admin.post_multipart("/staff/admin/import", form).await
}

#[actix_web::test]
async fn the_catalog_import_reports_every_line() {
    let desk = Desk::new().await;
    let mut admin = Session::admin(&desk.app).await;
    let page = admin.get("/staff/admin/import").await;
    assert!(page.html.contains(r#"enctype="multipart/form-data""#));

    // Without a file.
    let page = admin
        .post_multipart("/staff/admin/import", admin.multipart())
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.html.contains(r##"href="#file""##));

    // All or nothing with a bad row: nothing written, the bad line listed.
    let page = import(&mut admin, csv(&[GOOD_A, GOOD_B, BAD]), true).await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.html
    );
    assert!(
        page.html.contains("<td class=\"num\">4</td>"),
        "{}",
        page.html
    );
    let res = desk.app.get("/api/v1/procedures/2.000001", None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // The good rows written, each line with what it did.
    let page = import(&mut admin, csv(&[GOOD_A, GOOD_B, BAD]), false).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let lines = report_lines(&page.html);
    assert_eq!(
        lines,
        vec![
            ("2".to_owned(), "2.000001".to_owned(), "Tạo mới".to_owned()),
            ("3".to_owned(), "2.000002".to_owned(), "Tạo mới".to_owned()),
            ("4".to_owned(), "2.00003".to_owned(), "Từ chối".to_owned()),
        ]
    );
    let res = desk.app.get("/api/v1/procedures/2.000002", None).await;
    assert_eq!(res.status(), StatusCode::OK);

    // Again with one row changed: unchanged, a new version, the same refusal — the counts as
    // the JSON API gives them for the same file.
    let changed = GOOD_B.replace(",10,", ",12,");
    let page = import(&mut admin, csv(&[GOOD_A, &changed, BAD]), false).await;
    let lines = report_lines(&page.html);
    let outcomes: Vec<&str> = lines.iter().map(|(_, _, o)| o.as_str()).collect();
    assert_eq!(outcomes, ["Không đổi", "Phiên bản mới", "Từ chối"]);
    let res = desk
        .app
        .request(
            Method::POST,
            "/api/v1/procedures/import?effective_from=2026-01-01",
        )
        .bearer_auth(&desk.admin)
        .header("content-type", "text/csv")
        .body(csv(&[GOOD_A, &changed, BAD]))
        .send()
        .await
        .unwrap();
    let report: Value = res.json().await.unwrap();
    assert_eq!(
        (report["unchanged"].as_u64(), report["rejected"].as_u64()),
        (Some(2), Some(1)),
        "{report}"
    );
}

/// The (line, code, outcome) rows of an import report page.
fn report_lines(html: &str) -> Vec<(String, String, String)> {
    let table = html.split("import-lines").nth(1).expect("the lines table");
    let body = table
        .split("<tbody>")
        .nth(1)
        .unwrap()
        .split("</tbody>")
        .next()
        .unwrap();
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let cells: Vec<String> = row
                .split("<td")
                .skip(1)
                .map(|cell| {
                    let inner = &cell[cell.find('>').unwrap() + 1..];
                    strip_tags(inner.split("</td>").next().unwrap())
                })
                .collect();
            let outcome = cells[2]
                .split_whitespace()
                .next()
                .map_or(String::new(), |first| {
                    // "Tạo mới", "Phiên bản mới", "Không đổi", "Từ chối …": the tag's words.
                    let tag = &cells[2];
                    ["Tạo mới", "Phiên bản mới", "Không đổi", "Từ chối"]
                        .into_iter()
                        .find(|t| tag.starts_with(t))
                        .unwrap_or(first)
                        .to_owned()
                });
            (cells[0].clone(), cells[1].clone(), outcome)
        })
        .collect()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out.trim().to_owned()
}

#[actix_web::test]
async fn a_merge_is_recorded_through_the_form_and_listed_with_the_tree() {
    let desk = Desk::new().await;
    // A province and two of its communes.
    for unit in [
        json!({"code": "98", "name": "Thử Nghiệm", "kind": "Tỉnh", "level": "province", "valid_from": "2020-01-01"}),
        json!({"code": "98001", "name": "Một", "kind": "Xã", "level": "commune", "parent_code": "98", "valid_from": "2020-01-01"}),
        json!({"code": "98002", "name": "Hai", "kind": "Xã", "level": "commune", "parent_code": "98", "valid_from": "2020-01-01"}),
    ] {
        let res = desk
            .app
            .send_json(Method::POST, "/api/v1/units", Some(&desk.admin), &unit)
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "{unit}");
    }
    let mut admin = Session::admin(&desk.app).await;
    let page = admin.get("/staff/admin/units").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.html.contains("Chưa ghi nhận lần sắp xếp nào"),
        "{}",
        page.html
    );

    // Refused: a predecessor that is not there, beside its field, the values kept.
    let form = admin.get("/staff/admin/units/reorganize").await;
    let key = {
        let marker = r#"name="key" value=""#;
        let start = form.html.find(marker).unwrap() + marker.len();
        form.html[start..].split('"').next().unwrap().to_owned()
    };
    let fields = |predecessors: &'static str| {
        vec![
            ("kind", "merge"),
            ("effective_on", "2027-01-01"),
            ("title", "Nghị quyết 99/NQ-UBTVQH16"),
            ("predecessors", predecessors),
            ("successor_code", "98009"),
            ("successor_kind", "Xã"),
            ("successor_name", "Hợp Nhất"),
        ]
    };
    let mut sent = fields("98001, 98888");
    sent.push(("key", &key));
    let page = admin
        .post_form("/staff/admin/units/reorganize", &sent)
        .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.html
    );
    assert!(
        page.html.contains(r##"href="#predecessors""##),
        "{}",
        page.html
    );
    assert!(page.html.contains("98001, 98888"));

    let mut sent = fields("98001, 98002");
    sent.push(("key", &key));
    let page = admin
        .post_form("/staff/admin/units/reorganize", &sent)
        .await;
    let to = page.assert_redirect("/staff/admin/units");
    // Sent twice (a double click): recorded once.
    admin.get("/staff/admin/units/reorganize").await;
    admin
        .post_form("/staff/admin/units/reorganize", &sent)
        .await
        .assert_redirect("/staff/admin/units");
    let page = admin.get(&to).await;
    assert!(page.html.contains("Đã ghi nhận lần sắp xếp"));
    assert!(
        page.html.contains("1 lần sắp xếp, mới nhất trước"),
        "{}",
        page.html
    );
    assert!(page.html.contains("Nghị quyết 99/NQ-UBTVQH16"));
    assert!(page.html.contains("2 kết thúc, 1 bắt đầu"));
    assert!(page.html.contains("Xã Hợp Nhất (98009)"));
    let history = desk.app.get_json("/api/v1/units/98009/history").await;
    assert_eq!(
        history["periods"][0]["predecessors"]
            .as_array()
            .unwrap()
            .len(),
        2,
        "{history}"
    );

    // The tree on the date: the new commune there, the old ones gone.
    let page = admin
        .get("/staff/admin/units?parent=98&as_of=2027-01-01")
        .await;
    assert!(tree_of(&page.html).contains("Xã Hợp Nhất"), "{}", page.html);
    assert!(!tree_of(&page.html).contains("Xã Một"));
    let page = admin
        .get("/staff/admin/units?parent=98&as_of=2026-12-31")
        .await;
    assert!(
        !tree_of(&page.html).contains("Xã Hợp Nhất") && tree_of(&page.html).contains("Xã Một"),
        "{}",
        page.html
    );
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

/// The unit tree's part of the units page.
fn tree_of(html: &str) -> &str {
    let start = html.find(r#"id="tree""#).unwrap();
    let end = html.find(r#"id="reorganizations""#).unwrap();
    &html[start..end]
}

#[actix_web::test]
#[ignore = "needs ../shared/data"]
async fn the_real_catalog_imports_through_the_page_with_a_line_per_row() {
    let app = crate::helpers::spawn_app().await;
    let mut admin = Session::admin(&app).await;
    let text = std::fs::read_to_string("../shared/data/tthc-catalog/procedures.csv").unwrap();
    let started = std::time::Instant::now();
    let page = import(&mut admin, text.clone(), false).await;
    let first = started.elapsed();
    assert_eq!(page.status, StatusCode::OK);
    let lines = report_lines(&page.html);
    assert_eq!(lines.len(), 2642);
    assert!(lines.iter().all(|(_, _, o)| o == "Tạo mới"));
    let started = std::time::Instant::now();
    let again = import(&mut admin, text, false).await;
    let second = started.elapsed();
    let lines = report_lines(&again.html);
    assert_eq!(lines.len(), 2642);
    assert!(lines.iter().all(|(_, _, o)| o == "Không đổi"));
    // The JSON API's import of the same file on a fresh database, for comparison.
    let other = crate::helpers::spawn_app().await;
    let token = other.admin_token().await;
    let body = std::fs::read("../shared/data/tthc-catalog/procedures.csv").unwrap();
    let started = std::time::Instant::now();
    let res = other
        .request(
            Method::POST,
            "/api/v1/procedures/import?effective_from=2026-01-01",
        )
        .bearer_auth(&token)
        .header("content-type", "text/csv")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let report: Value = res.json().await.unwrap();
    let api = started.elapsed();
    assert_eq!(report["created"], 2642);
    println!(
        "page import of 2642 rows: {first:?} (report {} KB), again {second:?}; JSON API {api:?}",
        page.html.len() / 1024
    );
}
