//! Offices, their agency codes over time, and availability.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};

async fn commune(app: &TestApp, admin: &str) {
    for body in [
        json!({"code": "56", "name": "Khánh Hòa", "kind": "Tỉnh", "level": "province", "valid_from": "2019-01-01"}),
        json!({"code": "22333", "name": "Ninh Hòa", "kind": "Phường", "level": "commune", "parent_code": "56", "valid_from": "2019-01-01"}),
    ] {
        let res = app
            .send_json(Method::POST, "/api/v1/units", Some(admin), &body)
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
}

#[actix_web::test]
async fn offices_are_created_found_by_old_codes_and_searched() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    commune(&app, &admin).await;
    let res = app
        .send_json(
            Method::POST,
            "/api/v1/offices",
            Some(&admin),
            &json!({"code": "000.00.15.H56", "name": "Bộ phận tiếp nhận và trả kết quả phường Ninh Hòa", "unit_code": "22333",
                    "kind": "commune_reception", "opened_on": "2019-10-01"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let office: Value = res.json().await.unwrap();
    assert_eq!(office["unit_name"], "Phường Ninh Hòa");
    assert_eq!(office["receives_public"], true);

    let res = app
        .send_json(
            Method::PATCH,
            "/api/v1/offices/000.00.15.H56",
            Some(&admin),
            &json!({"code": "H56.14", "code_valid_from": "2025-07-01", "kind": "commune_service_center", "version": 1}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let office: Value = res.json().await.unwrap();
    assert_eq!(office["code"], "H56.14");
    assert_eq!(office["version"], 2);
    // The 2020-format code still finds it.
    let old: Value = app.get_json("/api/v1/offices/000.00.15.H56").await;
    assert_eq!(old["code"], "H56.14");

    let list: Value = app.get_json("/api/v1/offices?q=ninh%20hoa").await;
    assert_eq!(list["total"], 1);
    let list: Value = app
        .get_json("/api/v1/offices?unit=56&open_on=2020-01-01")
        .await;
    assert_eq!(list["total"], 1);
    let list: Value = app.get_json("/api/v1/offices?open_on=2019-01-01").await;
    assert_eq!(list["total"], 0);

    let res = app
        .send_json(Method::POST, "/api/v1/offices", Some(&admin), &json!({"code": "H56.14", "name": "X", "unit_code": "22333", "kind": "processing_agency"}))
        .await;
    assert_problem(res, 409, "office_code_taken").await;
    let res = app
        .send_json(Method::POST, "/api/v1/offices", Some(&admin), &json!({"code": "H56.99", "name": "X", "unit_code": "99999", "kind": "processing_agency"}))
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "unit_code");
    assert_problem(
        app.get("/api/v1/offices/NOPE", None).await,
        404,
        "office_not_found",
    )
    .await;
}

#[actix_web::test]
async fn availability_says_which_procedures_an_office_receives() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    commune(&app, &admin).await;
    app.send_json(Method::POST, "/api/v1/offices", Some(&admin), &json!({"code": "H56.14", "name": "Bộ phận một cửa", "unit_code": "22333", "kind": "commune_service_center", "opened_on": "2019-10-01"}))
        .await;
    app.send_json(
        Method::POST,
        "/api/v1/fields",
        Some(&admin),
        &json!({"name": "Hộ tịch"}),
    )
    .await;
    for (code, name) in [
        ("1.001193", "Thủ tục đăng ký khai sinh"),
        ("1.000894", "Thủ tục đăng ký kết hôn"),
    ] {
        let res = app
            .send_json(Method::POST, "/api/v1/procedures", Some(&admin), &json!({"code": code, "name": name, "field_code": "ho-tich", "effective_from": "2019-01-01", "published": true}))
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let res = app
        .send_json(
            Method::PUT,
            "/api/v1/offices/H56.14/procedures",
            Some(&admin),
            &json!([
                {"procedure_code": "1.001193", "available_from": "2020-01-01", "online_level": "full", "legacy_level": 4, "posted": true},
                {"procedure_code": "1.000894", "available_from": "2020-01-01", "available_to": "2024-12-31", "legacy_level": 3, "posted": true}
            ]),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let list: Value = res.json().await.unwrap();
    assert_eq!(list["total"], 2);
    assert_eq!(
        list["items"][1]["procedure_name"],
        "Thủ tục đăng ký khai sinh"
    );
    assert_eq!(list["items"][1]["online_level"], "full");

    let now: Value = app
        .get_json("/api/v1/offices/H56.14/procedures?as_of=2025-06-01")
        .await;
    assert_eq!(now["total"], 1);
    let catalog: Value = app
        .get_json("/api/v1/procedures?office=H56.14&as_of=2024-06-01")
        .await;
    assert_eq!(catalog["total"], 2);
    let catalog: Value = app
        .get_json("/api/v1/procedures?office=H56.14&q=khai+sinh")
        .await;
    assert_eq!(catalog["total"], 1);

    let res = app
        .send_json(
            Method::PUT,
            "/api/v1/offices/H56.14/procedures",
            Some(&admin),
            &json!([{"procedure_code": "1.999999", "available_from": "2020-01-01"}]),
        )
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "[0].procedure_code");
    let res = app
        .send_json(Method::PUT, "/api/v1/offices/H56.14/procedures", Some(&admin), &json!([{"procedure_code": "1.001193", "available_from": "2020-01-01", "legacy_level": 7}]))
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "[0].legacy_level");
    let res = app.get("/api/v1/procedures?office=NOPE", None).await;
    assert_problem(res, 422, "validation_failed").await;
}

#[actix_web::test]
async fn an_office_may_belong_to_a_unit_valid_on_its_opening_date() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    commune(&app, &admin).await;
    // Ninh Hòa becomes a new ward on 2025-07-01 and ends the day before.
    let res = app
        .send_json(
            Method::POST,
            "/api/v1/units/reorganizations",
            Some(&admin),
            &json!({"kind": "rename", "effective_on": "2025-07-01", "title": "Đổi tên",
                    "predecessors": ["22333"],
                    "successors": [{"code": "22334", "name": "Hòa Thắng", "kind": "Phường", "level": "commune", "parent_code": "56"}]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let office = |code: &str, unit: &str, opened: &str| {
        json!({"code": code, "name": "Bộ phận tiếp nhận và trả kết quả", "unit_code": unit,
               "kind": "commune_reception", "opened_on": opened, "closed_on": "2025-06-30"})
    };
    // A desk of the ended ward, opened while it existed: its history can be recorded.
    let res = app
        .send_json(
            Method::POST,
            "/api/v1/offices",
            Some(&admin),
            &office("000.00.15.H12", "22333", "2019-05-01"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["unit_code"], "22333");
    // Opened after it ended, or before the new ward began: refused.
    for (code, unit, opened) in [
        ("BP.LATE", "22333", "2025-08-01"),
        ("BP.EARLY", "22334", "2024-01-01"),
    ] {
        let res = app
            .send_json(
                Method::POST,
                "/api/v1/offices",
                Some(&admin),
                &office(code, unit, opened),
            )
            .await;
        let problem = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["field"], "unit_code", "{problem}");
    }
}
