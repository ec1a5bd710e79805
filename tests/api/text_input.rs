//! Text input: a control character (U+0000 above all, which PostgreSQL text cannot hold) is
//! refused in every kind of input before it reaches the database, on both backends alike:
//! the API with 422 `validation_failed` naming the field (rule `control_character`), the
//! site with its 400 page; and nothing is stored.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::applications::{Desk, online_body};
use crate::helpers::{TestApp, assert_problem, spawn_app};

/// Asserts a 422 naming exactly these fields, each with the rule `control_character`.
async fn assert_refused(res: reqwest::Response, fields: &[&str]) -> Value {
    let body = assert_problem(res, 422, "validation_failed").await;
    let errors = body["errors"].as_array().cloned().unwrap_or_default();
    let named: Vec<&str> = errors.iter().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(named, fields, "{body}");
    for error in &errors {
        assert_eq!(error["rule"], "control_character", "{body}");
    }
    body
}

async fn total(app: &TestApp, path: &str, token: &str) -> i64 {
    let res = app.get(path, Some(token)).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    let body: Value = res.json().await.unwrap();
    body["total"].as_i64().unwrap()
}

#[actix_web::test]
async fn a_nul_in_a_body_field_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.add_office("H09.1", "99009");
    let offices = total(&app, "/api/v1/offices", &admin).await;
    for (body, field) in [
        (
            json!({"code": "H09.2", "name": "Bộ phận\u{0} một cửa", "unit_code": "99009",
                   "kind": "commune_reception", "opened_on": "2020-01-01"}),
            "name",
        ),
        (
            json!({"code": "H09.3", "name": "Bộ phận một cửa", "unit_code": "990\u{0}09",
                   "kind": "commune_reception", "opened_on": "2020-01-01"}),
            "unit_code",
        ),
    ] {
        let res = app
            .send_json(Method::POST, "/api/v1/offices", Some(&admin), &body)
            .await;
        let problem = assert_refused(res, &[field]).await;
        assert!(
            problem["errors"][0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("U+0000")),
            "{problem}"
        );
    }
    assert_eq!(total(&app, "/api/v1/offices", &admin).await, offices);
    for code in ["H09.2", "H09.3"] {
        let res = app.get(&format!("/api/v1/offices/{code}"), None).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{code}");
    }

    // Other control characters likewise; tab and line ends are text.
    let res = app
        .send_json(
            Method::POST,
            "/api/v1/fields",
            Some(&admin),
            &json!({"name": "Hộ\u{1b}tịch"}),
        )
        .await;
    assert_refused(res, &["name"]).await;
    let res = app
        .get("/api/v1/procedures?q=khai%09sinh%0A", Some(&admin))
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // A bad token is still 401 first, whatever the body holds (authentication first).
    let res = app
        .send_json(
            Method::POST,
            "/api/v1/fields",
            Some("not-a-token"),
            &json!({"name": "x\u{0}"}),
        )
        .await;
    assert_problem(res, 401, "unauthenticated").await;
    let res = app
        .send_json(
            Method::POST,
            "/api/v1/fields",
            None,
            &json!({"name": "x\u{0}"}),
        )
        .await;
    assert_problem(res, 401, "unauthenticated").await;
}

#[actix_web::test]
async fn a_nul_in_a_nested_field_or_a_key_is_named_by_its_path() {
    let desk = Desk::new().await;
    let app = &desk.app;
    let mut name = online_body();
    name["applicant"]["name"] = json!("Nguyễn\u{0}Văn An");
    let mut document = online_body();
    document["documents"][0]["name"] = json!("Tờ khai\u{0}");
    let mut key = online_body();
    key["applicant"]["na\u{0}me"] = json!("An");
    for (body, field) in [
        (name, "applicant.name"),
        (document, "documents[0].name"),
        (key, "applicant.na\\u0000me"),
    ] {
        let res = app
            .send_json(Method::POST, "/api/v1/applications", None, &body)
            .await;
        assert_refused(res, &[field]).await;
    }

    // The same application as the JSON part of a multipart submission.
    let mut part = online_body();
    part["applicant"]["address"] = json!("Số 1\u{0} Hàng Bài");
    let form = reqwest::multipart::Form::new().text("application", part.to_string());
    let res = app
        .request(Method::POST, "/api/v1/applications")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_refused(res, &["applicant.address"]).await;

    assert_eq!(
        total(app, "/api/v1/applications", &desk.admin).await,
        0,
        "nothing stored"
    );
    // The well-formed application still goes through.
    let submitted = desk.submit(None, &online_body()).await;
    assert!(submitted["code"].as_str().is_some());
    assert_eq!(total(app, "/api/v1/applications", &desk.admin).await, 1);
}

#[actix_web::test]
async fn a_nul_in_a_query_parameter_is_refused() {
    let desk = Desk::new().await;
    let app = &desk.app;
    let res = app
        .get(
            "/api/v1/reports/reform-progress?unit=%00",
            Some(&desk.admin),
        )
        .await;
    assert_refused(res, &["unit"]).await;
    let res = app
        .get(
            "/api/v1/reports/reform-progress?unit=99%0001",
            Some(&desk.official),
        )
        .await;
    assert_refused(res, &["unit"]).await;
    let res = app.get("/api/v1/procedures?q=khai%00sinh", None).await;
    assert_refused(res, &["q"]).await;
    let res = app.get("/api/v1/offices?q=a&%00=1", None).await;
    assert_refused(res, &["\\u0000"]).await;
    // Anonymous on a secured operation: 401, not a word about the query.
    let res = app
        .get("/api/v1/reports/reform-progress?unit=%00", None)
        .await;
    assert_problem(res, 401, "unauthenticated").await;
}

#[actix_web::test]
async fn a_nul_in_a_path_segment_is_refused_and_nothing_is_stored() {
    let desk = Desk::new().await;
    let app = &desk.app;
    let res = app.get("/api/v1/procedures/1.00%0093", None).await;
    assert_refused(res, &["code"]).await;
    let res = app.get("/api/v1/tracking/H01%00?pin=12345678", None).await;
    assert_refused(res, &["code"]).await;
    let res = app
        .send_json(
            Method::PATCH,
            "/api/v1/fields/ho-tich%00",
            Some(&desk.admin),
            &json!({"name": "Hộ tịch mới", "version": 1}),
        )
        .await;
    assert_refused(res, &["code"]).await;
    let fields = app.get_json("/api/v1/fields").await;
    assert!(
        fields.to_string().contains("\"Hộ tịch\""),
        "the field is unchanged: {fields}"
    );
    // A path no route takes is still 404.
    let res = app.get("/api/v1/nothing%00here", None).await;
    assert_problem(res, 404, "route_not_found").await;
}

#[actix_web::test]
async fn a_nul_in_a_text_body_or_a_multipart_field_is_refused() {
    let desk = Desk::new().await;
    let app = &desk.app;
    let days = app
        .get_json("/api/v1/calendar/days?from=2031-01-01&to=2031-12-31")
        .await;
    let res = app
        .request(Method::POST, "/api/v1/calendar/import")
        .bearer_auth(&desk.admin)
        .header("content-type", "text/csv")
        .body("date,kind,name\n2031-05-02,holiday,Ngh\0ỉ\n")
        .send()
        .await
        .unwrap();
    let body = assert_refused(res, &["body"]).await;
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("dòng 2")),
        "{body}"
    );
    assert_eq!(
        app.get_json("/api/v1/calendar/days?from=2031-01-01&to=2031-12-31")
            .await,
        days,
        "nothing stored"
    );
    let res = app
        .request(Method::POST, "/api/v1/procedures/import")
        .bearer_auth(&desk.admin)
        .header("content-type", "application/x-ndjson")
        .body("{\"ma_thu_tuc\": \"1.009999\", \"ten_thu_tuc\": \"Th\\u0000\"}\n")
        .send()
        .await
        .unwrap();
    assert_refused(res, &["body"]).await;
    let res = app.get("/api/v1/procedures/1.009999", None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // A multipart text field: the tracking supplement's PIN.
    let submitted = desk.submit(None, &online_body()).await;
    let code = submitted["code"].as_str().unwrap();
    let form = reqwest::multipart::Form::new().text("pin", "1234\u{0}5678");
    let res = app
        .request(Method::POST, &format!("/api/v1/tracking/{code}/supplement"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_refused(res, &["pin"]).await;
}

/// A page's answer: status, content type, body.
async fn page(res: reqwest::Response) -> (StatusCode, String, String) {
    let status = res.status();
    let kind = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, kind, res.text().await.unwrap())
}

#[actix_web::test]
async fn a_nul_in_a_page_form_gets_the_sites_400_page() {
    let desk = Desk::new().await;
    let app = &desk.app;
    let submitted = desk.submit(None, &online_body()).await;
    let code = submitted["code"].as_str().unwrap();
    let pin = submitted["pin"].as_str().unwrap();

    // An urlencoded form: the tracking box.
    let res = app
        .request(Method::POST, "/track")
        .header("accept-language", "en")
        .form(&[("code", code), ("pin", "1234\u{0}5678"), ("csrf", "x")])
        .send()
        .await
        .unwrap();
    let (status, kind, html) = page(res).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(kind.starts_with("text/html"), "{kind}");
    assert!(
        html.contains("pin: must not contain the control character U+0000"),
        "{html}"
    );

    // A multipart form: the supplement page's fields, in Vietnamese by default.
    let form = reqwest::multipart::Form::new()
        .text("csrf", "x")
        .text("key", "sup-\u{0}");
    let res = app
        .request(Method::POST, &format!("/track/{code}/supplement"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let (status, kind, html) = page(res).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(kind.starts_with("text/html"), "{kind}");
    assert!(
        html.contains("key: không được chứa ký tự điều khiển U+0000"),
        "{html}"
    );

    // A page's query string and path.
    let res = app.get("/procedures?q=khai%00sinh", None).await;
    let (status, _, html) = page(res).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("q: "), "{html}");
    let res = app.get(&format!("/track/{code}%00?pin={pin}"), None).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Nothing was counted against the code: the right PIN still opens it.
    let res = app
        .get(&format!("/api/v1/tracking/{code}?pin={pin}"), None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}
