//! The contract tells the truth: what the document describes is what the server does, for the
//! refusals every operation shares (parameters, bodies, methods, tokens, versions) and for
//! the requests the HTTP parser refuses before the application sees them.

use std::io::{Read, Write};
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::applications::{Desk, online_body};
use crate::helpers::{assert_problem, spawn_app};

fn spec() -> Value {
    serde_json::to_value(motcua::openapi::document()).unwrap()
}

fn operations(spec: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            out.push((method.clone(), path.clone(), op.clone()));
        }
    }
    out
}

fn has(op: &Value, status: &str) -> bool {
    op["responses"].get(status).is_some()
}

#[test]
fn every_reference_in_the_document_is_defined() {
    let spec = spec();
    let text = serde_json::to_string(&spec).unwrap();
    let schemas = spec["components"]["schemas"].as_object().unwrap();
    let prefix = "\"#/components/schemas/";
    let mut checked = 0;
    for part in text.split(prefix).skip(1) {
        let name = part.split('"').next().unwrap();
        assert!(
            schemas.contains_key(name),
            "{name} is referenced, never defined"
        );
        checked += 1;
    }
    assert!(checked > 50, "{checked} references");
    assert_eq!(schemas["ExportFormat"]["enum"], json!(["csv", "xlsx"]));
    assert_eq!(
        schemas["ReportFormat"]["enum"],
        json!(["json", "csv", "xlsx"])
    );
}

#[test]
fn every_operation_lists_the_refusals_it_shares() {
    let spec = spec();
    for (method, path, op) in operations(&spec) {
        let body = op.get("requestBody").and_then(|b| b["content"].as_object());
        let params = op["parameters"].as_array().cloned().unwrap_or_default();
        let reads = body.is_some()
            || params.iter().any(|p| {
                p["in"] != "path"
                    || p["schema"]["type"] != "string"
                    || p["schema"].get("format").is_some()
            });
        if reads {
            assert!(has(&op, "400"), "{method} {path}: 400");
        }
        if let Some(content) = body {
            assert!(has(&op, "413"), "{method} {path}: 413");
            assert!(has(&op, "422"), "{method} {path}: 422");
            if content.contains_key("application/json") {
                assert!(has(&op, "415"), "{method} {path}: 415");
            }
        }
        if op.get("security").is_some() {
            assert!(has(&op, "401"), "{method} {path}: 401");
        }
        if params.iter().any(|p| p["name"] == "cursor") {
            assert!(has(&op, "422"), "{method} {path}: 422 for a bad cursor");
        }
    }
}

fn parameter(spec: &Value, method: &str, path: &str, name: &str) -> Value {
    spec["paths"][path][method]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{method} {path} has no {name}"))
        .clone()
}

#[test]
fn the_ranges_and_patterns_the_server_enforces_are_in_the_document() {
    let spec = spec();
    let schemas = &spec["components"]["schemas"];
    for (method, path, op) in operations(&spec) {
        for p in op["parameters"].as_array().into_iter().flatten() {
            match p["name"].as_str().unwrap() {
                "limit" => {
                    assert_eq!(p["in"], "query", "{method} {path}");
                    assert_eq!(p["schema"]["minimum"], 1, "{method} {path}");
                    assert_eq!(p["schema"]["maximum"], 200, "{method} {path}");
                }
                "cursor" => assert_eq!(p["in"], "query", "{method} {path}"),
                "Idempotency-Key" => assert_eq!(
                    p["schema"]["pattern"],
                    motcua::openapi::IDEMPOTENCY_KEY_PATTERN,
                    "{method} {path}"
                ),
                "If-Match" => assert_eq!(
                    p["schema"]["pattern"],
                    motcua::openapi::IF_MATCH_PATTERN,
                    "{method} {path}"
                ),
                _ => {}
            }
        }
    }
    let legacy = parameter(&spec, "get", "/api/v1/procedures", "legacy_level");
    assert_eq!(
        (&legacy["schema"]["minimum"], &legacy["schema"]["maximum"]),
        (&json!(1), &json!(4))
    );
    for schema in ["ProcedureIn", "AvailabilityIn"] {
        let level = &schemas[schema]["properties"]["legacy_level"];
        assert_eq!(
            (&level["minimum"], &level["maximum"]),
            (&json!(1), &json!(4)),
            "{schema}"
        );
    }
    for score in ["overall", "attitude", "timeliness"] {
        let field = &schemas["RatingIn"]["properties"][score];
        assert_eq!(
            (&field["minimum"], &field["maximum"]),
            (&json!(1), &json!(5)),
            "{score}"
        );
    }
    let year = parameter(&spec, "put", "/api/v1/calendar/years/{year}", "year");
    assert_eq!(
        (&year["schema"]["minimum"], &year["schema"]["maximum"]),
        (&json!(2000), &json!(2100))
    );
    let pattern = schemas["Person"]["properties"]["id_number"]["pattern"]
        .as_str()
        .unwrap();
    // The pattern is the union of the kinds' rules (`IdKind::accepts`).
    let pattern = regex::Regex::new(pattern).unwrap();
    for (number, valid) in [
        ("001203004567", true),
        ("C1234567", true),
        ("AB123456", true),
        ("0101234567", true),
        ("0101234567-001", true),
        ("ABCDEFG", false),
        ("0101234567-01", false),
        ("12345", false),
        ("ABCDEFGHI1", false),
    ] {
        assert_eq!(pattern.is_match(number), valid, "{number}");
    }
}

#[actix_web::test]
async fn a_page_size_outside_one_to_two_hundred_is_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    for path in [
        "/api/v1/procedures",
        "/api/v1/units",
        "/api/v1/offices",
        "/api/v1/users",
        "/api/v1/applications",
    ] {
        for limit in ["0", "201", "2147483648", "4294967296", "-1"] {
            let res = app
                .get(&format!("{path}?limit={limit}"), Some(&admin))
                .await;
            let body = assert_problem(res, 400, "invalid_query").await;
            assert!(
                body["detail"].as_str().unwrap().contains("limit"),
                "{path}: {body}"
            );
        }
        for limit in ["1", "200"] {
            let res = app
                .get(&format!("{path}?limit={limit}"), Some(&admin))
                .await;
            assert_eq!(res.status(), StatusCode::OK, "{path}?limit={limit}");
        }
    }
}

#[actix_web::test]
async fn a_legacy_level_outside_one_to_four_is_refused() {
    let app = spawn_app().await;
    for path in ["/api/v1/procedures", "/api/v1/procedures/export"] {
        for level in ["0", "5", "-1"] {
            let res = app.get(&format!("{path}?legacy_level={level}"), None).await;
            let body = assert_problem(res, 400, "invalid_query").await;
            assert!(
                body["detail"].as_str().unwrap().contains("legacy_level"),
                "{body}"
            );
        }
        let res = app.get(&format!("{path}?legacy_level=4"), None).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
    }
}

#[actix_web::test]
async fn bad_idempotency_keys_and_if_match_values_are_400() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    for key in ["x".repeat(256), "has space".into()] {
        let res = app
            .request(Method::POST, "/api/v1/fields")
            .bearer_auth(&admin)
            .header("Idempotency-Key", key)
            .json(&json!({"code": "ho-tich", "name": "Hộ tịch"}))
            .send()
            .await
            .unwrap();
        assert_problem(res, 400, "invalid_header").await;
    }
    let res = app
        .request(Method::PATCH, "/api/v1/users/admin")
        .bearer_auth(&admin)
        .header("If-Match", "\"abc\"")
        .json(&json!({"display_name": "X"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 400, "invalid_header").await;
}

#[actix_web::test]
async fn a_method_a_path_does_not_take_is_405_with_allow() {
    let app = spawn_app().await;
    for (method, path, allow) in [
        ("DELETE", "/api/v1/users", "GET, POST"),
        ("PUT", "/api/v1/users/admin", "GET, PATCH"),
        ("POST", "/api/v1/procedures/time-review", "GET"),
        ("DELETE", "/api/v1/procedures/1.001193", "GET, PUT"),
        ("TRACE", "/healthz", "GET"),
        ("POST", "/metrics", "GET"),
        ("OPTIONS", "/api/v1/auth/login", "POST"),
    ] {
        let res = app
            .request(Method::from_bytes(method.as_bytes()).unwrap(), path)
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["allow"], allow, "{method} {path}");
        assert_eq!(
            res.headers()["content-type"],
            "application/problem+json",
            "{method} {path}"
        );
        assert_problem(res, 405, "method_not_allowed").await;
    }
    let res = app.get("/api/v1/no-such-thing", None).await;
    assert!(res.headers().get("allow").is_none());
    assert_problem(res, 404, "route_not_found").await;
}

#[actix_web::test]
async fn a_bad_token_is_refused_before_the_body_is_read() {
    let app = spawn_app().await;
    let spec = spec();
    let mut checked = 0;
    for (method, path, op) in operations(&spec) {
        if op.get("security").is_none() || op.get("requestBody").is_none() {
            continue;
        }
        let concrete = path
            .replace("{username}", "admin")
            .replace("{code}", "1.001193")
            .replace("{action}", "receive")
            .replace("{kind}", "offices")
            .replace("{date}", "2027-01-04")
            .replace("{year}", "2027");
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        // The lookup of the token takes a database read; the body's refusal takes none. Each
        // bad body, several times, must still lose to the token.
        for round in 0..5 {
            for (content_type, body) in [
                ("text/plain", "not json"),
                ("application/json", "{"),
                ("application/json", "{\"unknown\": 1}"),
            ] {
                let res = app
                    .request(method.clone(), &concrete)
                    .bearer_auth(format!("not-a-token-{round}"))
                    .header("content-type", content_type)
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                assert_problem(res, 401, "unauthenticated").await;
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

#[actix_web::test]
async fn a_stale_if_match_is_always_412_even_racing_the_change() {
    let desk = Desk::new().await;
    for _ in 0..6 {
        let code = desk.submit(None, &online_body()).await["code"]
            .as_str()
            .unwrap()
            .to_owned();
        let path = format!("/api/v1/applications/{code}/actions/receive");
        let receive = || {
            desk.app
                .request(Method::POST, &path)
                .bearer_auth(&desk.clerk)
                .header("If-Match", "\"1\"")
                .json(&json!({}))
                .send()
        };
        let answers = futures_util::future::join_all((0..6).map(|_| receive())).await;
        let mut won = 0;
        for res in answers {
            let res = res.unwrap();
            if res.status() == StatusCode::OK {
                won += 1;
            } else {
                let body = assert_problem(res, 412, "precondition_failed").await;
                assert_eq!(body["current_version"], 2);
            }
        }
        assert_eq!(won, 1, "{code}");
    }
}

/// Sends raw bytes to the server and reads what comes back until it closes the connection.
fn raw(address: &str, request: Vec<u8>) -> String {
    let host = address.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // A head the parser refuses is answered as soon as it is read, maybe before all is sent.
    let _ = stream.write_all(&request);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

/// The parser of actix-http answers a head it cannot read itself, before any middleware or
/// handler: a fixed 400 with no body (431 for a head over 128 KiB), and closes the connection.
/// docs/API.md says so; this test holds the server to exactly that.
#[actix_web::test]
async fn requests_the_http_parser_refuses_get_its_fixed_answer_and_a_closed_connection() {
    let app = spawn_app().await;
    let long_uri = format!("/api/v1/procedures?q={}", "a".repeat(70 * 1024));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "a NUL byte in a header",
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: a\0b\r\n\r\n".to_vec(),
            "HTTP/1.1 400 Bad Request",
        ),
        (
            "a 70 KB URI",
            format!("GET {long_uri} HTTP/1.1\r\nHost: x\r\n\r\n").into_bytes(),
            "HTTP/1.1 400 Bad Request",
        ),
        (
            "Content-Length: abc",
            b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}"
                .to_vec(),
            "HTTP/1.1 400 Bad Request",
        ),
        (
            "a head over 128 KiB",
            format!(
                "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
                "b".repeat(140 * 1024)
            )
            .into_bytes(),
            "HTTP/1.1 431 Request Header Fields Too Large",
        ),
    ];
    for (name, request, status_line) in cases {
        let address = app.address.clone();
        let answer = actix_web::rt::task::spawn_blocking(move || raw(&address, request))
            .await
            .unwrap();
        assert!(answer.starts_with(status_line), "{name}: {answer:?}");
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
        assert!(body.is_empty(), "{name}: {body:?}");
        let head = head.to_ascii_lowercase();
        assert!(head.contains("content-length: 0"), "{name}: {head}");
        // The application never saw it: no request id, no security headers.
        assert!(!head.contains("x-request-id"), "{name}: {head}");
    }
    // The server is still serving.
    assert_eq!(app.get("/healthz", None).await.status(), StatusCode::OK);
}
