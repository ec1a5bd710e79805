//! The results report over the demo district in the official form's layout (Biểu II.06a):
//! every row adds up (received = resolved + in progress + withdrawn + stopped, what was never
//! received shown apart), and the workbook and the print page carry the form.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, generate_demo, spawn_app};

/// A server whose database holds the demo district and a year of its applications.
async fn demo() -> (TestApp, String) {
    let app = spawn_app().await;
    let mut conn = app.db.connect();
    let until = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    generate_demo(&mut conn, 1500, 14, until);
    let admin = app.admin_token().await;
    (app, admin)
}

async fn get(app: &TestApp, token: &str, query: &str) -> reqwest::Response {
    let res = app
        .get(&format!("/api/v1/reports/results?{query}"), Some(token))
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{query}");
    res
}

fn n(counts: &Value, key: &str) -> u64 {
    counts[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} in {counts}"))
}

/// Received = resolved + in progress + withdrawn + stopped, on a line or the total.
fn assert_adds_up(what: &str, c: &Value) {
    assert_eq!(
        n(c, "received_total"),
        n(c, "resolved_total") + n(c, "in_progress_total") + n(c, "withdrawn") + n(c, "stopped"),
        "{what}: {c}"
    );
    assert_eq!(
        n(c, "received_total"),
        n(c, "new_online") + n(c, "new_in_person") + n(c, "carried_over"),
        "{what}: {c}"
    );
    assert_eq!(
        n(c, "not_received_total"),
        n(c, "withdrawn_before_reception") + n(c, "stopped_before_reception") + n(c, "refused"),
        "{what}: {c}"
    );
}

#[actix_web::test]
async fn every_row_of_the_demo_district_adds_up() {
    let (app, admin) = demo().await;
    let mut before_reception = 0;
    // A whole year, a quarter (with what was carried over) and a single month.
    for period in [
        "from=2025-01-01&to=2025-12-31",
        "from=2025-07-01&to=2025-09-30",
        "from=2025-11-01&to=2025-11-30",
    ] {
        for group_by in ["field", "office", "unit", "procedure"] {
            let query = format!("{period}&unit=980&group_by={group_by}");
            let body: Value = get(&app, &admin, &query).await.json().await.unwrap();
            let lines = body["lines"].as_array().unwrap();
            assert!(!lines.is_empty(), "{query}");
            let mut received = 0;
            for line in lines {
                assert_adds_up(&format!("{query} {}", line["code"]), line);
                received += n(line, "received_total");
            }
            assert_adds_up(&query, &body["total"]);
            assert_eq!(received, n(&body["total"], "received_total"), "{query}");
            before_reception += n(&body["total"], "withdrawn_before_reception");
        }
    }
    assert!(
        before_reception > 0,
        "the demo withdraws some applications before reception"
    );
}
