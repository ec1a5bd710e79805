//! Deny by default: every route in the contract either declares a security requirement or is
//! on the short public list below, and every protected route refuses an anonymous caller.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{assert_problem, spawn_app};

/// The routes anyone may call. Adding a public route means adding it here, on purpose.
const PUBLIC: &[(&str, &str)] = &[
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("get", "/metrics"),
    ("post", "/api/v1/auth/login"),
    ("get", "/api/v1/fields"),
    ("get", "/api/v1/procedures"),
    ("get", "/api/v1/procedures/export"),
    ("get", "/api/v1/procedures/{code}"),
    ("get", "/api/v1/procedures/{code}/versions"),
    ("get", "/api/v1/units"),
    ("get", "/api/v1/units/{code}"),
    ("get", "/api/v1/units/{code}/history"),
    ("get", "/api/v1/offices"),
    ("get", "/api/v1/offices/{code}"),
    ("get", "/api/v1/offices/{code}/procedures"),
    ("post", "/api/v1/applications"),
    ("get", "/api/v1/tracking/{code}"),
    ("post", "/api/v1/tracking/{code}/rating"),
    ("get", "/api/v1/tracking/{code}/supplement"),
    ("post", "/api/v1/tracking/{code}/supplement"),
    ("get", "/api/v1/calendar/days"),
    ("get", "/api/v1/calendar/due-date"),
];

fn operations(spec: &Value) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let secured = op
                .get("security")
                .and_then(Value::as_array)
                .is_some_and(|s| {
                    s.iter()
                        .any(|r| r.as_object().is_some_and(|o| !o.is_empty()))
                });
            out.push((method.clone(), path.clone(), secured));
        }
    }
    out
}

#[test]
fn every_route_declares_who_may_call_it() {
    let spec = serde_json::to_value(motcua::openapi::document()).unwrap();
    for (method, path, secured) in operations(&spec) {
        let public = PUBLIC.iter().any(|(m, p)| *m == method && *p == path);
        assert!(
            secured != public,
            "{method} {path}: secured={secured}, on the public list={public}"
        );
    }
}

#[actix_web::test]
async fn every_protected_route_refuses_anonymous_callers() {
    let app = spawn_app().await;
    let spec = serde_json::to_value(motcua::openapi::document()).unwrap();
    for (method, path, secured) in operations(&spec) {
        if !secured {
            continue;
        }
        let concrete = path
            .replace("{username}", "admin")
            .replace("{code}", "1.001193")
            .replace("{action}", "receive")
            .replace("{form}", "01")
            .replace("{date}", "2027-01-04")
            .replace("{year}", "2027");
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let res = app
            .request(method.clone(), &concrete)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 401, "{method} {concrete}");
    }
}

#[actix_web::test]
async fn staff_who_are_not_admins_get_403_on_admin_routes() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let office = app.add_office("H56.14", "00004");
    let clerk = app
        .staff(&admin, "clerk.a", "clerk", Some(&office), None)
        .await;
    let specialist = app
        .staff(&admin, "spec.b", "specialist", Some(&office), None)
        .await;
    let official = app
        .staff(&admin, "official.c", "official", None, Some("00004"))
        .await;
    for token in [&clerk, &specialist, &official] {
        let res = app
            .send_json(
                Method::PUT,
                "/api/v1/calendar/days/2027-01-04",
                Some(token),
                &json!({"kind": "holiday", "name": "X"}),
            )
            .await;
        assert_problem(res, 403, "forbidden").await;
        let res = app
            .send_json(
                Method::PUT,
                "/api/v1/calendar/years/2027",
                Some(token),
                &json!({"provisional": false}),
            )
            .await;
        assert_problem(res, 403, "forbidden").await;
        let res = app.get("/api/v1/users", Some(token)).await;
        assert_problem(res, 403, "forbidden").await;
        let res = app.get("/api/v1/users/admin", Some(token)).await;
        assert_problem(res, 403, "forbidden").await;
        let res = app
            .send_json(
                Method::POST,
                "/api/v1/users",
                Some(token),
                &json!({"username": "x.y.z", "display_name": "X", "password": "long-enough-1", "role": "admin"}),
            )
            .await;
        assert_problem(res, 403, "forbidden").await;
        let res = app
            .send_json(
                Method::PATCH,
                "/api/v1/users/admin",
                Some(token),
                &json!({"active": false, "version": 1}),
            )
            .await;
        assert_problem(res, 403, "forbidden").await;
        // Everyone signed in may see themselves.
        let res = app.get("/api/v1/auth/me", Some(token)).await;
        assert_eq!(res.status().as_u16(), 200);
    }
    let me: Value = app
        .get("/api/v1/auth/me", Some(&clerk))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["role"], "clerk");
    assert_eq!(me["user"]["office_code"], "H56.14");
    let me: Value = app
        .get("/api/v1/auth/me", Some(&official))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["unit_code"], "00004");
}
