//! The committed `openapi/openapi.json` is the contract: it must match what the code serves.

use std::path::Path;

use serde_json::Value;

#[test]
fn the_committed_spec_matches_the_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi/openapi.json");
    let generated = motcua::openapi::document_json().unwrap();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/openapi.json is out of date: run `cargo run -- openapi > openapi/openapi.json` \
         (or `UPDATE_OPENAPI=1 cargo test --test api openapi`) and commit it"
    );
}

#[test]
fn every_operation_has_an_id_a_summary_a_tag_and_an_error_shape() {
    let spec = serde_json::to_value(motcua::openapi::document()).unwrap();
    let mut ids = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap_or_default();
            assert!(
                !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{method} {path}: operationId `{id}` must be snake_case"
            );
            ids.push(id.to_owned());
            assert!(
                op["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{method} {path}: summary"
            );
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{method} {path}: tag"
            );
            let responses = op["responses"].as_object().unwrap();
            for (status, response) in responses {
                if status.starts_with('4') || status.starts_with('5') {
                    let content = &response["content"];
                    assert!(
                        content.get("application/problem+json").is_some(),
                        "{method} {path} {status}: errors are problem+json"
                    );
                }
            }
        }
    }
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "operation ids are unique");
    assert!(spec["components"]["securitySchemes"]["bearer"].is_object());
    assert!(spec["components"]["schemas"]["Problem"].is_object());
}

#[test]
fn the_spec_is_valid_json_with_openapi_3_1() {
    let text = motcua::openapi::document_json().unwrap();
    let spec: Value = serde_json::from_str(&text).unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3.1"));
}

#[test]
fn every_request_body_comes_with_an_example() {
    let spec = serde_json::to_value(motcua::openapi::document()).unwrap();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if let Some(content) = op["requestBody"]["content"].as_object() {
                for (media, body) in content {
                    assert!(
                        body.get("example").is_some(),
                        "{method} {path} {media}: no example"
                    );
                }
            }
        }
    }
}
