//! Offices and the procedures they receive.

use reqwest::StatusCode;
use serde_json::json;

use crate::applications::{Desk, PROCEDURE};
use crate::staff_pages::Session;

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
