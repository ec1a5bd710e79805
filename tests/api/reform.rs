//! The reform-progress report over the demo district: the bulletin's figures, how API changes
//! move them, who may read them, and the CSV and XLSX outputs.

use motcua::db;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, generate_demo, spawn_app};

/// A server whose database holds the demo district (no applications).
async fn district() -> (TestApp, String) {
    let app = spawn_app().await;
    let mut conn = app.db.connect();
    motcua::demo::district::ensure(&mut conn, db::now(), None).unwrap();
    let admin = app.admin_token().await;
    (app, admin)
}

async fn report(app: &TestApp, token: &str, unit: &str, date: &str) -> Value {
    let res = app
        .get(
            &format!("/api/v1/reports/reform-progress?unit={unit}&date={date}"),
            Some(token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{unit} {date}");
    res.json().await.unwrap()
}

fn ratio(value: &Value) -> (u64, u64) {
    (
        value["numerator"].as_u64().unwrap(),
        value["denominator"].as_u64().unwrap(),
    )
}

fn desks(body: &Value, tier: &str) -> (u64, u64) {
    let found = body["desks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["tier"] == tier)
        .unwrap_or_else(|| panic!("no {tier} in {body}"));
    ratio(found)
}

#[actix_web::test]
async fn the_demo_district_gives_the_bulletins_figures() {
    let (app, admin) = district().await;

    let before = report(&app, &admin, "980", "2019-12-31").await;
    assert_eq!(desks(&before, "commune"), (21, 21));
    assert_eq!(desks(&before, "district"), (1, 1));

    let after = report(&app, &admin, "980", "2020-06-09").await;
    assert_eq!(after["unit"]["code"], "980");
    assert_eq!(after["unit"]["level"], "district");
    assert_eq!(desks(&after, "commune"), (18, 18));
    assert_eq!(desks(&after, "district"), (1, 1));
    assert_eq!(ratio(&after["published"]), (365, 365));
    assert_eq!(after["published"]["share"], 1.0);
    let legacy = &after["legacy_levels"];
    assert_eq!(
        [
            &legacy["level_1"],
            &legacy["level_2"],
            &legacy["level_3"],
            &legacy["level_4"],
            &legacy["not_classified"],
            &legacy["total"]
        ],
        [
            &json!(0),
            &json!(102),
            &json!(101),
            &json!(159),
            &json!(3),
            &json!(365)
        ]
    );
    let online = &after["online_levels"];
    assert_eq!(online["full"], 159);
    assert_eq!(online["partial"], 101);
    assert_eq!(online["none"], 105);
    assert_eq!(online["total"], 365);
    assert!(after["district_centers"]["procedures"].as_u64().unwrap() > 350);
    assert!(after["commune_desks"]["procedures"].as_u64().unwrap() > 125);
    assert!(after["commune_desks"]["per_desk_min"].as_u64().unwrap() > 125);
    assert_eq!(after["commune_desks"]["desks"], 18);

    // The lines carry the same figures, labelled in the asked language.
    let first = &after["lines"][0];
    assert_eq!(first["key"], "desks_commune");
    assert_eq!(first["label"], "Xã có bộ phận một cửa hiện đại hoạt động");
    assert_eq!(first["value"], "18/18");
    let english: Value = app
        .request(
            Method::GET,
            "/api/v1/reports/reform-progress?unit=980&date=2020-06-09",
        )
        .bearer_auth(&admin)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        english["lines"][0]["label"],
        "Communes with a modern one-stop desk operating"
    );

    // A merged commune's desk counts for its commune from the merger on.
    let merged = report(&app, &admin, "98022", "2020-06-09").await;
    assert_eq!(desks(&merged, "commune"), (1, 1));
    let gone = app
        .get(
            "/api/v1/reports/reform-progress?unit=98015&date=2020-06-09",
            Some(&admin),
        )
        .await;
    assert_problem(gone, 404, "unit_not_found").await;
}

#[actix_web::test]
async fn changes_through_the_api_change_the_report() {
    let (app, admin) = district().await;

    // A commune desk closes.
    let res = app
        .send_json(
            Method::PATCH,
            "/api/v1/offices/B98.01",
            Some(&admin),
            &json!({"closed_on": "2020-05-01", "version": 1}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = report(&app, &admin, "980", "2020-06-09").await;
    assert_eq!(desks(&body, "commune"), (17, 18));
    assert_eq!(body["desks"][0]["share"], 0.9444);
    // Still open the day before.
    let body = report(&app, &admin, "980", "2020-04-30").await;
    assert_eq!(desks(&body, "commune"), (18, 18));

    // A level-3 procedure becomes available at the centre.
    let procedure = json!({
        "code": "1.989999",
        "name": "Cấp Giấy phép tổ chức biểu diễn nghệ thuật",
        "field_code": "van-hoa",
        "tiers": ["district"],
        "channels": ["in_person", "postal", "online"],
        "documents": [{"name": "Đơn đề nghị", "originals": 1, "copies": 0, "form": null}],
        "processing_time": {"amount": 5, "unit": "working_days"},
        "legacy_level": 3,
        "online_level": "partial",
        "published": true,
        "effective_from": "2020-01-01"
    });
    let res = app
        .send_json(Method::POST, "/api/v1/procedures", Some(&admin), &procedure)
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap()
    );
    let res = app
        .send_json(
            Method::PUT,
            "/api/v1/offices/T98.00/procedures",
            Some(&admin),
            &json!([{"procedure_code": "1.989999", "available_from": "2020-01-01",
                     "legacy_level": 3, "online_level": "partial", "posted": true}]),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = report(&app, &admin, "980", "2020-06-09").await;
    assert_eq!(body["legacy_levels"]["total"], 366);
    assert_eq!(body["legacy_levels"]["level_3"], 102);
    assert_eq!(body["online_levels"]["partial"], 102);
    assert_eq!(ratio(&body["published"]), (366, 366));
    assert_eq!(body["district_centers"]["procedures"], 356);

    // It is unpublished from March.
    let mut unpublished = procedure.clone();
    unpublished["published"] = json!(false);
    unpublished["effective_from"] = json!("2020-03-01");
    unpublished["version"] = json!(1);
    let res = app
        .send_json(
            Method::PUT,
            "/api/v1/procedures/1.989999",
            Some(&admin),
            &unpublished,
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let body = report(&app, &admin, "980", "2020-06-09").await;
    assert_eq!(ratio(&body["published"]), (365, 366));
    let body = report(&app, &admin, "980", "2020-02-15").await;
    assert_eq!(ratio(&body["published"]), (366, 366), "before the change");
}

#[actix_web::test]
async fn readers_see_their_own_unit_and_below() {
    let (app, admin) = district().await;
    let path = |unit: &str| format!("/api/v1/reports/reform-progress?unit={unit}&date=2020-06-09");

    assert_problem(app.get(&path("980"), None).await, 401, "unauthenticated").await;

    // Another district of the same province, and its official.
    let res = app
        .send_json(
            Method::POST,
            "/api/v1/units",
            Some(&admin),
            &json!({"code": "981", "name": "Bình Sơn", "kind": "Huyện", "level": "district",
                    "parent_code": "98", "valid_from": "2019-01-01"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let other = app
        .staff(&admin, "lanh.dao.981", "official", None, Some("981"))
        .await;
    assert_problem(app.get(&path("980"), Some(&other)).await, 403, "forbidden").await;
    assert_problem(
        app.get(&path("98001"), Some(&other)).await,
        403,
        "forbidden",
    )
    .await;
    let own = app.get(&path("981"), Some(&other)).await;
    assert_eq!(own.status(), StatusCode::OK);
    let own: Value = own.json().await.unwrap();
    assert_eq!(desks(&own, "commune"), (0, 0));
    assert_eq!(own["desks"][0]["share"], Value::Null);

    // The district's official sees the district and its communes, not the province.
    let official = app
        .staff(&admin, "lanh.dao.980", "official", None, Some("980"))
        .await;
    assert_eq!(
        app.get(&path("980"), Some(&official)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get(&path("98022"), Some(&official)).await.status(),
        StatusCode::OK
    );
    assert_problem(
        app.get(&path("98"), Some(&official)).await,
        403,
        "forbidden",
    )
    .await;

    // A clerk of a commune desk sees that commune.
    let clerk = app
        .staff(&admin, "mot.cua.98001", "clerk", Some("B98.01"), None)
        .await;
    let commune = report(&app, &clerk, "98001", "2020-06-09").await;
    assert_eq!(commune["unit"]["name"], "Thị trấn An Lạc");
    assert_eq!(desks(&commune, "commune"), (1, 1));
    assert_eq!(commune["desks"].as_array().unwrap().len(), 1);
    assert_eq!(commune["commune_desks"]["procedures"], 146);
    assert_problem(
        app.get(&path("98002"), Some(&clerk)).await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(app.get(&path("980"), Some(&clerk)).await, 403, "forbidden").await;

    // The administrator sees the province, with its three tiers.
    let province = report(&app, &admin, "98", "2020-06-09").await;
    assert_eq!(province["desks"].as_array().unwrap().len(), 3);
    assert_eq!(desks(&province, "district"), (1, 2));
    assert_problem(
        app.get(&path("99"), Some(&admin)).await,
        404,
        "unit_not_found",
    )
    .await;
}

#[actix_web::test]
async fn the_report_comes_as_csv_and_xlsx() {
    use calamine::{Data, Reader, Xlsx};
    let (app, admin) = district().await;
    let path = "/api/v1/reports/reform-progress?unit=980&date=2020-06-09";

    let res = app.get(&format!("{path}&format=csv"), Some(&admin)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("tien-do-cai-cach-980-20200609.csv")
    );
    let text = res.text().await.unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("Mã đơn vị,Tên đơn vị,Ngày,Mã chỉ tiêu,Chỉ tiêu,Giá trị,Tử số,Mẫu số,Tỷ lệ (%)")
    );
    assert_eq!(
        lines.next(),
        Some(
            "980,Huyện An Lạc,2020-06-09,desks_commune,Xã có bộ phận một cửa hiện đại hoạt động,18/18,18,18,100"
        )
    );
    assert!(text.contains(",legacy_level_2,Mức độ 2,102,,,\n"));
    assert!(text.contains(",legacy_not_classified,Chưa phân loại mức độ,3,,,\n"));

    let res = app.get(&format!("{path}&format=xlsx"), Some(&admin)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = res.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), vec!["Tiến độ cải cách".to_owned()]);
    let range = book.worksheet_range("Tiến độ cải cách").unwrap();
    assert_eq!(
        range.get((0, 0)),
        Some(&Data::String("BÁO CÁO TIẾN ĐỘ CẢI CÁCH HÀNH CHÍNH".into()))
    );
    assert_eq!(range.get((3, 0)), Some(&Data::String("Chỉ tiêu".into())));
    assert_eq!(range.get((3, 4)), Some(&Data::String("Tỷ lệ".into())));
    assert_eq!(
        range.get((4, 0)),
        Some(&Data::String(
            "Xã có bộ phận một cửa hiện đại hoạt động".into()
        ))
    );
    assert_eq!(range.get((4, 1)), Some(&Data::String("18/18".into())));
    assert_eq!(range.get((4, 2)), Some(&Data::Float(18.0)));
    assert_eq!(range.get((4, 4)), Some(&Data::Float(1.0)));
    let level_4 = (4..range.height())
        .find(|&r| range.get((r, 5)) == Some(&Data::String("legacy_level_4".into())))
        .unwrap();
    assert_eq!(range.get((level_4, 1)), Some(&Data::Float(159.0)));

    let res = app.get(&format!("{path}&format=pdf"), Some(&admin)).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[actix_web::test]
#[ignore = "needs ../shared/data"]
async fn the_demo_district_can_stand_on_the_portal_catalog() {
    let app = spawn_app().await;
    let bytes = std::fs::read("../shared/data/tthc-catalog/procedures.csv").unwrap();
    let mut conn = app.db.connect();
    let imported = motcua::demo::district::ensure(&mut conn, db::now(), Some(&bytes))
        .unwrap()
        .unwrap();
    assert!(imported.created > 2_000, "{imported:?}");
    // A second build is refused: the catalog only goes into an empty database.
    assert!(motcua::demo::district::ensure(&mut conn, db::now(), Some(&bytes)).is_err());
    let admin = app.admin_token().await;
    let body = report(&app, &admin, "980", "2020-06-09").await;
    assert_eq!(desks(&body, "commune"), (18, 18));
    let center = body["district_centers"]["procedures"].as_u64().unwrap();
    let communes = body["commune_desks"]["procedures"].as_u64().unwrap();
    assert!(center > 350, "{center}");
    assert!(communes > 125, "{communes}");
    // The portal's export carries no legacy level: every procedure shows as not classified.
    let legacy = &body["legacy_levels"];
    assert_eq!(legacy["not_classified"], legacy["total"]);
    let online = &body["online_levels"];
    assert_eq!(
        online["full"].as_u64().unwrap()
            + online["partial"].as_u64().unwrap()
            + online["none"].as_u64().unwrap()
            + online["not_classified"].as_u64().unwrap(),
        online["total"].as_u64().unwrap()
    );
    // Applications go to the real procedures.
    let until = chrono::NaiveDate::from_ymd_opt(2020, 12, 31).unwrap();
    let generated = generate_demo(&mut conn, 200, 3, until);
    assert_eq!(generated.applications, 200);
}
