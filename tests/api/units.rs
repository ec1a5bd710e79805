//! Administrative units over time: the tree on a date, reorganisations, history, import.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> reqwest::Response {
    app.send_json(Method::POST, path, Some(token), &body).await
}

/// A province, a district, and three communes in force since 2019.
async fn small_tree(app: &TestApp, admin: &str) {
    for body in [
        json!({"code": "01", "name": "Thử Nghiệm", "kind": "Tỉnh", "level": "province", "valid_from": "2019-01-01"}),
        json!({"code": "001", "name": "Sông Xanh", "kind": "Huyện", "level": "district", "parent_code": "01", "valid_from": "2019-01-01"}),
        json!({"code": "00001", "name": "An Phú", "kind": "Xã", "level": "commune", "parent_code": "001", "valid_from": "2019-01-01"}),
        json!({"code": "00004", "name": "An Lạc", "kind": "Xã", "level": "commune", "parent_code": "001", "valid_from": "2019-01-01"}),
        json!({"code": "00007", "name": "Bình Đông", "kind": "Xã", "level": "commune", "parent_code": "001", "valid_from": "2019-01-01"}),
    ] {
        let res = post(app, admin, "/api/v1/units", body).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    }
}

fn codes(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["code"].as_str().unwrap())
        .collect()
}

#[actix_web::test]
async fn a_merge_ends_the_predecessors_and_keeps_them_readable() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    small_tree(&app, &admin).await;
    let res = post(
        &app,
        &admin,
        "/api/v1/units/reorganizations",
        json!({
            "kind": "merge", "effective_on": "2020-02-01", "title": "Nghị quyết 862/NQ-UBTVQH14",
            "predecessors": ["00001", "00004"],
            "successors": [{"code": "00004", "name": "An Phú Lạc", "kind": "Xã"}]
        }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let result: Value = res.json().await.unwrap();
    assert_eq!(result["predecessors"][0]["valid_to"], "2020-01-31");
    assert_eq!(result["successors"][0]["valid_from"], "2020-02-01");
    assert_eq!(result["successors"][0]["parent_code"], "001");
    assert_eq!(result["successors"][0]["full_name"], "Xã An Phú Lạc");

    let before: Value = app
        .get_json("/api/v1/units?as_of=2020-01-31&parent=001")
        .await;
    assert_eq!(codes(&before), vec!["00001", "00004", "00007"]);
    let after: Value = app
        .get_json("/api/v1/units?as_of=2020-02-01&parent=001")
        .await;
    assert_eq!(codes(&after), vec!["00004", "00007"]);
    assert_eq!(after["items"][0]["name"], "An Phú Lạc");

    let old: Value = app.get_json("/api/v1/units/00001").await;
    assert_eq!(old["valid_to"], "2020-01-31");
    let old: Value = app.get_json("/api/v1/units/00004?as_of=2019-06-01").await;
    assert_eq!(old["name"], "An Lạc");

    let history: Value = app.get_json("/api/v1/units/00004/history").await;
    let periods = history["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 2);
    assert_eq!(periods[0]["unit"]["name"], "An Lạc");
    assert_eq!(periods[0]["successors"][0]["unit"]["name"], "An Phú Lạc");
    assert_eq!(periods[1]["predecessors"].as_array().unwrap().len(), 2);
    assert_eq!(periods[1]["predecessors"][0]["succession"], "full");
    assert_eq!(
        periods[1]["predecessors"][0]["reorganization"]["kind"],
        "merge"
    );
    assert_eq!(
        periods[1]["predecessors"][0]["reorganization"]["effective_on"],
        "2020-02-01"
    );

    // An ended unit cannot be merged again.
    let res = post(
        &app,
        &admin,
        "/api/v1/units/reorganizations",
        json!({"kind": "merge", "effective_on": "2021-01-01", "title": "x", "predecessors": ["00001", "00007"],
               "successors": [{"code": "00007", "name": "X", "kind": "Xã"}]}),
    )
    .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "predecessors[0]");
}

#[actix_web::test]
async fn splits_link_partially_and_renames_fully() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    small_tree(&app, &admin).await;
    let res = post(
        &app,
        &admin,
        "/api/v1/units/reorganizations",
        json!({"kind": "split", "effective_on": "2022-01-01", "title": "Tách xã Bình Đông",
               "predecessors": ["00007"],
               "successors": [
                   {"code": "00008", "name": "Bình Đông A", "kind": "Xã"},
                   {"code": "00009", "name": "Bình Đông B", "kind": "Thị trấn", "from": [{"code": "00007", "succession": "partial"}]}
               ]}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let history: Value = app.get_json("/api/v1/units/00007/history").await;
    let successors = history["periods"][0]["successors"].as_array().unwrap();
    assert_eq!(successors.len(), 2);
    assert!(successors.iter().all(|s| s["succession"] == "partial"));

    let res = post(
        &app,
        &admin,
        "/api/v1/units/reorganizations",
        json!({"kind": "rename", "effective_on": "2023-01-01", "title": "Đổi tên",
               "predecessors": ["00009"], "successors": [{"code": "00009", "name": "Bình Minh", "kind": "Thị trấn"}]}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let now: Value = app.get_json("/api/v1/units/00009").await;
    assert_eq!(now["full_name"], "Thị trấn Bình Minh");
    let found: Value = app.get_json("/api/v1/units?q=binh%20minh").await;
    assert_eq!(codes(&found), vec!["00009"]);
    let found: Value = app
        .get_json("/api/v1/units?q=BINH%20DONG&as_of=2022-06-01")
        .await;
    assert_eq!(codes(&found), vec!["00008", "00009"]);

    // Shapes are checked: a split with one successor is refused.
    let res = post(
        &app,
        &admin,
        "/api/v1/units/reorganizations",
        json!({"kind": "split", "effective_on": "2024-01-01", "title": "x", "predecessors": ["00008"],
               "successors": [{"code": "00010", "name": "X", "kind": "Xã"}]}),
    )
    .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["rule"], "shape");
}

#[actix_web::test]
async fn unit_writes_validate_and_need_an_admin() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    small_tree(&app, &admin).await;
    let res = post(&app, &admin, "/api/v1/units", json!({"code": "0001", "name": "X", "kind": "Xã", "level": "commune", "parent_code": "001"})).await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "code");
    let res = post(&app, &admin, "/api/v1/units", json!({"code": "00099", "name": "X", "kind": "Xã", "level": "commune", "parent_code": "999"})).await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "parent_code");
    let res = post(&app, &admin, "/api/v1/units", json!({"code": "00001", "name": "X", "kind": "Xã", "level": "commune", "parent_code": "001"})).await;
    assert_problem(res, 409, "unit_code_in_use").await;
    let res = app
        .send_json(Method::POST, "/api/v1/units", None, &json!({}))
        .await;
    assert_problem(res, 401, "unauthenticated").await;

    let res = app
        .request(Method::PATCH, "/api/v1/units/00007")
        .bearer_auth(&admin)
        .header("if-match", "\"1\"")
        .json(&json!({"name": "Bình Đông", "full_name": "Xã Bình Đông"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_problem(
        app.get("/api/v1/units/99999", None).await,
        404,
        "unit_not_found",
    )
    .await;
}

#[actix_web::test]
#[ignore = "needs ../shared/data"]
async fn the_national_lists_hold_both_trees_and_their_links() {
    let app = spawn_app().await;
    let mut conn = app.db.connect();
    let data = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data"));
    let mut steps = Vec::new();
    let report =
        motcua::import::units::import(&mut conn, data, |done, total| steps.push((done, total)))
            .unwrap();
    assert!(
        steps.len() > 10 && steps.last().is_some_and(|(d, t)| d == t),
        "{:?}",
        steps
    );
    // One more period for each unit renamed on 2026-04-30: Đồng Nai and 10 of its communes.
    assert_eq!(report.created, 63 + 696 + 10_035 + 34 + 3_321 + 11);
    assert_eq!(report.renamed.len(), 11, "{:?}", report.renamed);
    // 63 province links + 10,604 ward links, less those whose codes the lists lack; and the
    // 11 renames.
    assert_eq!(
        report.links_created + report.links_skipped.len(),
        63 + 10_604 + 11
    );
    assert!(
        report.links_skipped.len() < 30,
        "{:?}",
        report.links_skipped
    );

    let total = |query: &'static str| {
        let app = &app;
        async move {
            let page: Value = app
                .get_json(&format!("/api/v1/units?{query}&limit=1"))
                .await;
            page["total"].as_i64().unwrap()
        }
    };
    assert_eq!(total("as_of=2025-06-30&level=province").await, 63);
    assert_eq!(total("as_of=2025-06-30&level=district").await, 696);
    assert_eq!(total("as_of=2025-06-30&level=commune").await, 10_035);
    assert_eq!(total("as_of=2025-07-01&level=province").await, 34);
    assert_eq!(total("as_of=2025-07-01&level=district").await, 0);
    assert_eq!(total("as_of=2025-07-01&level=commune").await, 3_321);
    assert_eq!(total("as_of=2025-06-30&parent=001").await, 13);
    assert_eq!(total("as_of=2025-07-01&parent=01").await, 126);

    // Code 00004 was Phường Trúc Bạch until 2025-06-30 and is Phường Ba Đình since.
    let history: Value = app.get_json("/api/v1/units/00004/history").await;
    let periods = history["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 2);
    assert_eq!(periods[0]["unit"]["full_name"], "Phường Trúc Bạch");
    assert_eq!(periods[0]["unit"]["valid_to"], "2025-06-30");
    assert_eq!(
        periods[0]["successors"][0]["unit"]["full_name"],
        "Phường Ba Đình"
    );
    assert_eq!(periods[1]["unit"]["parent_code"], "01");
    let predecessors: Vec<&str> = periods[1]["predecessors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["unit"]["full_name"].as_str().unwrap())
        .collect();
    assert!(
        predecessors.contains(&"Phường Trúc Bạch") && predecessors.contains(&"Phường Quán Thánh"),
        "{predecessors:?}"
    );

    // Search folds tone placement: "Hoà" and "Hòa" fold alike.
    let found: Value = app
        .get_json("/api/v1/units?q=khanh%20hoa&level=province")
        .await;
    assert_eq!(codes(&found), vec!["56"]);

    let again = motcua::import::units::import(&mut conn, data, |_, _| {}).unwrap();
    assert_eq!((again.created, again.links_created), (0, 0));
    assert_eq!(again.unchanged, report.created);
}

#[actix_web::test]
#[ignore = "needs ../shared/data"]
async fn the_2026_list_applies_from_its_own_date_and_code_changes_keep_their_links() {
    let app = spawn_app().await;
    let mut conn = app.db.connect();
    let data = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data"));
    let report = motcua::import::units::import(&mut conn, data, |_, _| {}).unwrap();

    // Đồng Nai: a province from 2025-07-01, a centrally governed city from 2026-04-30.
    let before: Value = app.get_json("/api/v1/units/75?as_of=2026-04-29").await;
    assert_eq!(before["full_name"], "Tỉnh Đồng Nai");
    assert_eq!(before["valid_from"], "2025-07-01");
    assert_eq!(before["valid_to"], "2026-04-29");
    let after: Value = app.get_json("/api/v1/units/75?as_of=2026-04-30").await;
    assert_eq!(after["full_name"], "Thành phố Đồng Nai");
    assert_eq!(after["kind"], "Thành phố trực thuộc trung ương");
    assert_eq!(after["valid_from"], "2026-04-30");
    // Trảng Bom: a commune, then a ward, linked by a rename on that day.
    let ward: Value = app.get_json("/api/v1/units/26248?as_of=2025-12-31").await;
    assert_eq!(
        (&ward["full_name"], &ward["kind"]),
        (&json!("Xã Trảng Bom"), &json!("Xã"))
    );
    let ward: Value = app.get_json("/api/v1/units/26248?as_of=2026-04-30").await;
    assert_eq!(ward["full_name"], "Phường Trảng Bom");
    let history: Value = app.get_json("/api/v1/units/26248/history").await;
    let periods = history["periods"].as_array().unwrap();
    let names: Vec<&str> = periods
        .iter()
        .map(|p| p["unit"]["full_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Thị trấn Trảng Bom", "Xã Trảng Bom", "Phường Trảng Bom"],
        "{history}"
    );
    let rename = &periods[2]["predecessors"][0];
    assert_eq!(rename["unit"]["full_name"], "Xã Trảng Bom");
    assert_eq!(rename["reorganization"]["kind"], "rename");
    assert_eq!(rename["reorganization"]["effective_on"], "2026-04-30");
    // The tree counts the same on both sides of the day.
    for day in ["2025-07-01", "2026-04-29", "2026-04-30"] {
        let page: Value = app
            .get_json(&format!("/api/v1/units?as_of={day}&level=commune&limit=1"))
            .await;
        assert_eq!(page["total"], 3_321, "{day}");
    }
    let wards: Value = app
        .get_json("/api/v1/units?as_of=2026-04-29&parent=75&q=phuong%20trang%20bom")
        .await;
    assert_eq!(wards["total"], 0);

    // Ba Chẽ and Ia Mơ: the merge table's codes 06970 and 23737 are 06978 and 23938 in the
    // list; their six links are followed to them.
    assert_eq!(
        report.codes_corrected,
        ["06970 → 06978 Xã Ba Chẽ", "23737 → 23938 Xã Ia Mơ"]
    );
    assert!(
        report
            .links_skipped
            .iter()
            .all(|s| !s.contains("06970") && !s.contains("23737")),
        "{:?}",
        report.links_skipped
    );
    let ba_che: Value = app.get_json("/api/v1/units/06978/history").await;
    let mut predecessors: Vec<&str> = ba_che["periods"][0]["predecessors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["unit"]["code"].as_str().unwrap())
        .collect();
    predecessors.sort_unstable();
    assert_eq!(predecessors, ["06886", "06970", "06973", "06982", "06988"]);
    let ia_mo: Value = app.get_json("/api/v1/units/23938/history").await;
    let periods = ia_mo["periods"].as_array().unwrap();
    let linked: Vec<&str> = periods
        .iter()
        .flat_map(|p| p["predecessors"].as_array().unwrap())
        .map(|p| p["unit"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(linked, ["23938"], "{ia_mo}");

    // Again: nothing changes.
    let again = motcua::import::units::import(&mut conn, data, |_, _| {}).unwrap();
    assert_eq!(
        (again.created, again.corrected, again.links_created),
        (0, 0, 0)
    );
}
