//! The authorization matrix: every operation of the OpenAPI document (the route table) ×
//! every kind of caller. Each cell is what docs/API.md ("Roles") and the operation's own
//! responses document: allowed (the request gets past who-may-call, whatever its data then
//! gets), 401, 403, or 404 for an application outside the caller's scope.

use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};

use crate::applications::{DESK, Desk, PROCEDURE, online_body};

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Admin,
    /// A clerk of the desk that received the application.
    Clerk,
    /// A specialist of the processing agency (the application was not handed over to it).
    Specialist,
    /// A clerk of another desk.
    OtherClerk,
    /// An official of the desk's unit.
    Official,
    /// An official of another unit.
    OtherOfficial,
}

const EVERYONE: [Who; 7] = [
    Who::Anonymous,
    Who::Admin,
    Who::Clerk,
    Who::Specialist,
    Who::OtherClerk,
    Who::Official,
    Who::OtherOfficial,
];

/// What a cell answers, as far as authorization goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    /// Past who-may-call: a 2xx, or a refusal of the data (400, 404 of another object, 409,
    /// 412, 415, 422, 428).
    Allowed,
    /// 401 `unauthenticated`.
    Unauthenticated,
    /// 403 `forbidden`.
    Forbidden,
    /// 404 `application_not_found`: outside the caller's scope, as if it did not exist.
    Hidden,
}

/// The documented cell of an operation for a caller.
fn documented(operation: &str, secured: bool, who: Who) -> Cell {
    use Cell::{Allowed, Forbidden, Hidden, Unauthenticated};
    use Who::*;
    if !secured {
        return Allowed;
    }
    if who == Anonymous {
        return Unauthenticated;
    }
    match operation {
        // Anyone signed in: themselves, and the applications list (scoped to what they see).
        "get_me" | "logout" | "list_applications" => Allowed,
        // Reading an application: administrators, the staff of its offices, the officials
        // of its unit; anyone else is told it does not exist.
        "get_application"
        | "list_application_events"
        | "list_application_files"
        | "download_application_file" => match who {
            Admin | Clerk | Official => Allowed,
            _ => Hidden,
        },
        // Slip 01 (the receipt) is printed by the receiving office's staff (and
        // administrators, who see everything).
        "get_application_slip" => match who {
            Admin | Clerk => Allowed,
            Official => Forbidden,
            _ => Hidden,
        },
        // Acting on it: the clerks and specialists of its offices.
        "act_on_application" => match who {
            Clerk => Allowed,
            Admin | Official => Forbidden,
            _ => Hidden,
        },
        "attach_application_files" => match who {
            Clerk => Allowed,
            Admin | Official | OtherOfficial => Forbidden,
            _ => Hidden,
        },
        // Reports over the desk's unit (docs/REPORTS.md): the results report for its
        // officials and administrators (clerks and specialists see only their own office's);
        // reform progress and the Decision 766 indicators also for the staff of the unit's
        // offices (the desk's clerk, the agency's specialist).
        "get_results_report" => match who {
            Admin | Official => Allowed,
            _ => Forbidden,
        },
        "get_decision_indicators" | "get_reform_progress" => match who {
            Admin | Official | Clerk | Specialist => Allowed,
            _ => Forbidden,
        },
        // Everything else that needs a token is for administrators.
        _ => match who {
            Admin => Allowed,
            _ => Forbidden,
        },
    }
}

/// The cell an answer is. On a public route a wrong PIN (404) or password (401
/// `invalid_credentials`) is the data's answer, not the caller's.
fn classify(secured: bool, status: u16, body: &Value) -> Option<Cell> {
    match (status, body["code"].as_str()) {
        (401, Some("unauthenticated")) => Some(Cell::Unauthenticated),
        (403, Some("forbidden")) => Some(Cell::Forbidden),
        (404, Some("application_not_found")) if secured => Some(Cell::Hidden),
        (401, Some("invalid_credentials")) if !secured => Some(Cell::Allowed),
        (s, _) if s >= 500 || s == 401 || s == 403 => None,
        _ => Some(Cell::Allowed),
    }
}

struct Fixture {
    desk: Desk,
    other_official: String,
    /// The application read by every cell.
    read: String,
    /// One fresh application per caller for the action cells.
    to_act: Vec<String>,
}

impl Fixture {
    fn token(&self, who: Who) -> Option<&str> {
        let d = &self.desk;
        match who {
            Who::Anonymous => None,
            Who::Admin => Some(&d.admin),
            Who::Clerk => Some(&d.clerk),
            Who::Specialist => Some(&d.specialist),
            Who::OtherClerk => Some(&d.other_clerk),
            Who::Official => Some(&d.official),
            Who::OtherOfficial => Some(&self.other_official),
        }
    }

    /// The path with its parameters filled in with objects of the fixture.
    fn concrete(&self, path: &str, who_index: usize) -> String {
        let code = if path.starts_with("/api/v1/applications/") {
            if path.contains("/actions/") {
                self.to_act[who_index].clone()
            } else {
                self.read.clone()
            }
        } else if path.starts_with("/api/v1/procedures/") {
            PROCEDURE.to_owned()
        } else if path.starts_with("/api/v1/offices/") {
            "H03.1".to_owned()
        } else if path.starts_with("/api/v1/units/") {
            "99003".to_owned()
        } else if path.starts_with("/api/v1/fields/") {
            "ho-tich".to_owned()
        } else if path.starts_with("/api/v1/tracking/") {
            self.read.clone()
        } else {
            String::new()
        };
        let unit = match path {
            "/api/v1/reports/reform-progress" => "?unit=99001&date=2026-01-31",
            p if p.starts_with("/api/v1/reports/") => "?unit=99001&from=2026-01-01&to=2026-01-31",
            _ => "",
        };
        format!(
            "{}{unit}",
            path.replace("{code}", &code)
                .replace("{username}", "matrix.target")
                .replace("{action}", "receive")
                .replace("{kind}", "offices")
                .replace("{form}", "01")
                .replace("{id}", "00000000-0000-0000-0000-000000000000")
                .replace("{date}", "2027-01-04")
                .replace("{year}", "2027")
        )
    }
}

/// The request of an operation: its documented example body, in its first media type, or a
/// multipart form with a small PDF where only multipart is taken.
fn with_body(builder: RequestBuilder, op: &Value, operation: &str) -> RequestBuilder {
    let Some(content) = op["requestBody"]["content"].as_object() else {
        return builder;
    };
    let builder = if operation == "act_on_application" {
        builder.header("If-Match", "\"1\"")
    } else {
        builder
    };
    if let Some(json) = content.get("application/json") {
        return builder.json(&json["example"]);
    }
    if let Some((media, body)) = content.iter().find(|(m, _)| m.starts_with("text/")) {
        let text = body["example"].as_str().unwrap_or_default().to_owned();
        return builder.header("content-type", media.as_str()).body(text);
    }
    let pdf = reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec())
        .file_name("scan.pdf")
        .mime_str("application/pdf")
        .unwrap();
    builder.multipart(
        reqwest::multipart::Form::new()
            .text("purpose", "desk_scan")
            .text("pin", "12345678")
            .part("files", pdf),
    )
}

#[actix_web::test]
async fn every_route_answers_each_caller_as_documented() {
    let desk = Desk::new().await;
    let app = &desk.app;
    app.add_office("H03.1", "99003");
    let other_official = app
        .staff(&desk.admin, "lead2", "official", None, Some("99002"))
        .await;
    app.staff(&desk.admin, "matrix.target", "clerk", Some(DESK), None)
        .await;
    let read = desk.submit(None, &online_body()).await["code"]
        .as_str()
        .unwrap()
        .to_owned();
    desk.ok(&desk.clerk, &read, "receive", json!({"version": 1}))
        .await;
    let mut to_act = Vec::new();
    for _ in EVERYONE {
        to_act.push(
            desk.submit(None, &online_body()).await["code"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let fixture = Fixture {
        desk,
        other_official,
        read,
        to_act,
    };
    let spec = serde_json::to_value(motcua::openapi::document()).unwrap();
    let mut operations = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations.push((method.clone(), path.clone(), op.clone()));
        }
    }
    // Signing out ends the caller's token: last.
    operations.sort_by_key(|(_, _, op)| op["operationId"] == "logout");

    let mut wrong = Vec::new();
    let mut cells = 0;
    for (method, path, op) in &operations {
        let operation = op["operationId"].as_str().unwrap();
        let secured = op
            .get("security")
            .and_then(Value::as_array)
            .is_some_and(|s| {
                s.iter()
                    .any(|r| r.as_object().is_some_and(|o| !o.is_empty()))
            });
        for (index, who) in EVERYONE.into_iter().enumerate() {
            let concrete = fixture.concrete(path, index);
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let mut builder = fixture.desk.app.request(method.clone(), &concrete);
            if let Some(token) = fixture.token(who) {
                builder = builder.bearer_auth(token);
            }
            let res = with_body(builder, op, operation).send().await.unwrap();
            let status = res.status().as_u16();
            let body: Value = res.json().await.unwrap_or(Value::Null);
            let expected = documented(operation, secured, who);
            let got = classify(secured, status, &body);
            if got != Some(expected) {
                wrong.push(format!(
                    "{method} {concrete} as {who:?}: expected {expected:?}, got {status} {}",
                    body["code"]
                ));
            }
            cells += 1;
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {cells} cells:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert_eq!(cells, operations.len() * EVERYONE.len());
    println!("authorization matrix: {cells} cells checked");
}
