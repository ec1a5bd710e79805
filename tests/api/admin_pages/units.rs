//! A reorganisation recorded through the form; the unit tree.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::applications::Desk;
use crate::staff_pages::Session;

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

/// The unit tree's part of the units page.
fn tree_of(html: &str) -> &str {
    let start = html.find(r#"id="tree""#).unwrap();
    let end = html.find(r#"id="reorganizations""#).unwrap();
    &html[start..end]
}
