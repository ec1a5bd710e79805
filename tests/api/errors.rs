use reqwest::Method;
use serde_json::json;

use crate::helpers::{assert_problem, spawn_app};

#[actix_web::test]
async fn unknown_routes_are_problem_json_in_vietnamese_by_default() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/no-such-thing", None).await;
    assert_eq!(res.headers()["content-language"], "vi");
    let body = assert_problem(res, 404, "route_not_found").await;
    assert_eq!(body["title"], "Không tìm thấy đường dẫn");
}

#[actix_web::test]
async fn english_on_request() {
    let app = spawn_app().await;
    let res = app
        .request(Method::GET, "/api/v1/no-such-thing")
        .header("accept-language", "en-GB,en;q=0.9,vi;q=0.5")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-language"], "en");
    let body = assert_problem(res, 404, "route_not_found").await;
    assert_eq!(body["title"], "Route not found");
    assert_eq!(body["detail"], "There is no such path in the API.");
}

#[actix_web::test]
async fn malformed_json_is_invalid_json() {
    let app = spawn_app().await;
    let res = app
        .request(Method::POST, "/api/v1/auth/login")
        .header("content-type", "application/json")
        .body("{\"username\": \"admin\",")
        .send()
        .await
        .unwrap();
    assert_problem(res, 400, "invalid_json").await;
}

#[actix_web::test]
async fn wrong_json_types_and_unknown_fields_are_invalid_json() {
    let app = spawn_app().await;
    let res = app
        .send_json(
            Method::POST,
            "/api/v1/auth/login",
            None,
            &json!({"username": 5, "password": "x"}),
        )
        .await;
    let body = assert_problem(res, 400, "invalid_json").await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("expected a string"),
        "{body}"
    );
    let res = app
        .send_json(
            Method::POST,
            "/api/v1/auth/login",
            None,
            &json!({"username": "a", "password": "b", "remember": true}),
        )
        .await;
    let body = assert_problem(res, 400, "invalid_json").await;
    assert!(
        body["detail"].as_str().unwrap().contains("remember"),
        "{body}"
    );
}

#[actix_web::test]
async fn a_body_that_is_not_json_is_unsupported_media_type() {
    let app = spawn_app().await;
    let res = app
        .request(Method::POST, "/api/v1/auth/login")
        .header("content-type", "text/plain")
        .body("username=admin")
        .send()
        .await
        .unwrap();
    assert_problem(res, 415, "unsupported_media_type").await;
}

#[actix_web::test]
async fn oversized_bodies_are_refused() {
    let app = crate::helpers::spawn_app_with(|s| s.max_body_bytes = 1024).await;
    let res = app
        .send_json(
            Method::POST,
            "/api/v1/auth/login",
            None,
            &json!({"username": "admin", "password": "x".repeat(4096)}),
        )
        .await;
    assert_problem(res, 413, "payload_too_large").await;
}

#[actix_web::test]
async fn bad_query_parameters_are_invalid_query() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let res = app.get("/api/v1/users?limit=many", Some(&token)).await;
    let body = assert_problem(res, 400, "invalid_query").await;
    assert!(body["detail"].as_str().unwrap().contains("limit"), "{body}");
    let res = app.get("/api/v1/users?role=root", Some(&token)).await;
    assert_problem(res, 400, "invalid_query").await;
    let res = app.get("/api/v1/users?cursor=zz", Some(&token)).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "cursor");
}

#[actix_web::test]
async fn unknown_ids_are_resource_specific_404s() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let res = app.get("/api/v1/users/nobody", Some(&token)).await;
    let body = assert_problem(res, 404, "user_not_found").await;
    assert_eq!(body["title"], "Không tìm thấy tài khoản");
    // A path value that could never be a username is the same 404, not a 400.
    let res = app.get("/api/v1/users/%20%2F..", Some(&token)).await;
    assert_problem(res, 404, "user_not_found").await;
}

#[actix_web::test]
async fn every_error_carries_the_request_id() {
    let app = spawn_app().await;
    let res = app
        .request(Method::GET, "/nowhere")
        .header("x-request-id", "trace-abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "trace-abc-123");
    assert_problem(res, 404, "route_not_found").await;
}
