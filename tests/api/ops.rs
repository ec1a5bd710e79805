use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestDb, spawn_app, test_settings};

#[actix_web::test]
async fn healthz_answers_ok() {
    let app = spawn_app().await;
    let res = app.get("/healthz", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().contains_key("x-request-id"));
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

#[actix_web::test]
async fn readyz_reports_the_backend_and_current_migrations() {
    let app = spawn_app().await;
    let res = app.get("/readyz", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ready");
    assert_eq!(body["migrations"], "current");
    let expected = if app.db.is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(body["database"], expected);
}

#[actix_web::test]
async fn readyz_is_503_when_a_migration_is_missing() {
    let app = spawn_app().await;
    let mut conn = app.db.connect();
    motcua::db::migrations::revert_all(&mut conn).unwrap();
    drop(conn);
    let res = app.get("/readyz", None).await;
    crate::helpers::assert_problem(res, 503, "service_unavailable").await;
}

#[actix_web::test]
async fn metrics_count_requests_per_route_and_show_the_pool() {
    let app = spawn_app().await;
    app.get("/healthz", None).await;
    app.get("/healthz", None).await;
    let res = app.get("/metrics", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    let line = text
        .lines()
        .find(|l| {
            l.starts_with("motcua_http_requests_total{")
                && l.contains("route=\"/healthz\"")
                && l.contains("status=\"200\"")
        })
        .unwrap_or_else(|| panic!("no healthz counter in\n{text}"));
    let count: f64 = line.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(count >= 2.0, "{line}");
    assert!(text.contains("motcua_http_request_duration_seconds_bucket"));
    assert!(text.contains("motcua_db_pool_connections"));
}

#[actix_web::test]
async fn interactive_docs_and_the_spec_are_served_without_internet() {
    let app = spawn_app().await;
    let res = app.get("/api-docs/openapi.json", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let spec: Value = res.json().await.unwrap();
    assert_eq!(spec["info"]["title"], "motcua");
    assert!(spec["paths"]["/api/v1/auth/login"].is_object());

    let res = app.get("/docs/", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    assert!(
        !html.contains("https://"),
        "the page must not load anything from the internet"
    );
    let res = app.get("/docs/swagger-initializer.js", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let js = res.text().await.unwrap();
    assert!(js.contains("/api-docs/openapi.json"));
    assert!(
        js.contains("\"validatorUrl\": \"none\"") || js.contains("\"validatorUrl\":\"none\""),
        "{js}"
    );
}

#[actix_web::test]
async fn startup_refuses_an_unknown_database_scheme() {
    let db = TestDb::new();
    let mut settings = test_settings(&db);
    settings.database_url = "mysql://root@127.0.0.1/motcua".into();
    let error = match motcua::startup::Application::build(settings).await {
        Ok(_) => panic!("a mysql:// URL must not start"),
        Err(e) => format!("{e:#}"),
    };
    assert!(
        error.contains("unsupported database URL scheme `mysql`"),
        "{error}"
    );
}

#[actix_web::test]
async fn startup_keeps_the_driver_error_for_an_unreachable_postgres() {
    let db = TestDb::new();
    let mut settings = test_settings(&db);
    settings.database_url = "postgres://nobody@127.0.0.1:1/none".into();
    let error = match motcua::startup::Application::build(settings).await {
        Ok(_) => panic!("must not start"),
        Err(e) => format!("{e:#}"),
    };
    assert!(
        error.contains("cannot connect to the postgres database"),
        "{error}"
    );
    assert!(error.to_lowercase().contains("connect"), "{error}");
}

#[actix_web::test]
async fn a_new_sqlite_file_is_created_in_a_new_folder_when_the_settings_ask() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/data/motcua.db");
    let db = TestDb::new();
    let mut settings = test_settings(&db);
    settings.database_url = path.display().to_string();
    // Without it a missing folder stops the start (tests/api/faults.rs).
    settings.database.create_missing_folder = true;
    let app = motcua::startup::Application::build(settings).await.unwrap();
    assert!(app.port() > 0);
    assert!(path.exists());
}
