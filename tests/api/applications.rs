//! Applications: submission, the lifecycle's actions, roles and offices, versions, idempotency,
//! the append-only events and their replay.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};

/// A district with a reception desk, a processing agency, another desk, and their staff.
pub struct Desk {
    pub app: TestApp,
    pub admin: String,
    pub clerk: String,
    pub specialist: String,
    pub other_clerk: String,
    pub official: String,
}

pub const DESK: &str = "H01.1";
pub const AGENCY: &str = "P01.1";
pub const OTHER_DESK: &str = "H02.1";
pub const PROCEDURE: &str = "1.001193";

pub fn applicant() -> Value {
    json!({
        "name": "Nguyễn Văn An", "id_kind": "citizen_id", "id_number": "001203004567",
        "phone": "0912 345 678", "email": "an@example.vn", "address": "Số 1 Hàng Bài"
    })
}

pub fn online_body() -> Value {
    json!({
        "office_code": DESK, "procedure_code": PROCEDURE, "channel": "online",
        "applicant": applicant(),
        "documents": [{"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0}]
    })
}

pub fn desk_body() -> Value {
    let mut body = online_body();
    body["channel"] = json!("in_person");
    body
}

impl Desk {
    pub async fn new() -> Self {
        Self::with(spawn_app().await).await
    }

    pub async fn with(app: TestApp) -> Self {
        let admin = app.admin_token().await;
        app.add_office(DESK, "99001");
        app.add_office(OTHER_DESK, "99002");
        let res = app
            .send_json(
                Method::POST,
                "/api/v1/offices",
                Some(&admin),
                &json!({"code": AGENCY, "name": "Phòng Tư pháp", "unit_code": "99001",
                        "kind": "processing_agency", "opened_on": "2020-01-01"}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let res = app
            .send_json(
                Method::POST,
                "/api/v1/fields",
                Some(&admin),
                &json!({"name": "Hộ tịch"}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let res = app
            .send_json(
                Method::POST,
                "/api/v1/procedures",
                Some(&admin),
                &json!({
                    "code": PROCEDURE, "name": "Thủ tục đăng ký khai sinh", "field_code": "ho-tich",
                    "tiers": ["commune"], "channels": ["in_person", "online"],
                    "documents": [{"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0, "form": null}],
                    "processing_time": {"amount": 3, "unit": "working_days"},
                    "fees": [], "legacy_level": 4, "online_level": "full", "published": true,
                    "effective_from": "2020-01-01"
                }),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        for office in [DESK, OTHER_DESK] {
            let res = app
                .send_json(
                    Method::PUT,
                    &format!("/api/v1/offices/{office}/procedures"),
                    Some(&admin),
                    &json!([{"procedure_code": PROCEDURE, "available_from": "2020-01-01",
                             "online_level": "full", "posted": true}]),
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK);
        }
        let clerk = app.staff(&admin, "clerk1", "clerk", Some(DESK), None).await;
        let specialist = app
            .staff(&admin, "spec1", "specialist", Some(AGENCY), None)
            .await;
        let other_clerk = app
            .staff(&admin, "clerk2", "clerk", Some(OTHER_DESK), None)
            .await;
        let official = app
            .staff(&admin, "lead1", "official", None, Some("99001"))
            .await;
        Self {
            app,
            admin,
            clerk,
            specialist,
            other_clerk,
            official,
        }
    }

    /// Submits; returns the answer's body.
    pub async fn submit(&self, token: Option<&str>, body: &Value) -> Value {
        let res = self
            .app
            .send_json(Method::POST, "/api/v1/applications", token, body)
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "submit");
        res.json().await.unwrap()
    }

    /// Takes an action with the current version; returns the raw answer.
    pub async fn act(
        &self,
        token: &str,
        code: &str,
        action: &str,
        mut body: Value,
    ) -> reqwest::Response {
        if body.get("version").is_none() {
            let current = self.get(code).await;
            body["version"] = current["version"].clone();
        }
        self.app
            .send_json(
                Method::POST,
                &format!("/api/v1/applications/{code}/actions/{action}"),
                Some(token),
                &body,
            )
            .await
    }

    /// Takes an action that must succeed; returns the application after it.
    pub async fn ok(&self, token: &str, code: &str, action: &str, body: Value) -> Value {
        let res = self.act(token, code, action, body).await;
        let status = res.status();
        let body: Value = res.json().await.unwrap();
        assert_eq!(status, StatusCode::OK, "{action}: {body}");
        body
    }

    /// The staff view, as the admin sees it.
    pub async fn get(&self, code: &str) -> Value {
        let res = self
            .app
            .get(&format!("/api/v1/applications/{code}"), Some(&self.admin))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.unwrap()
    }

    /// A received application handed to the agency: status 4.
    pub async fn processing(&self) -> String {
        let submitted = self.submit(Some(&self.clerk), &desk_body()).await;
        let code = submitted["code"].as_str().unwrap().to_owned();
        self.ok(
            &self.clerk,
            &code,
            "hand-over",
            json!({"to_office": AGENCY}),
        )
        .await;
        code
    }
}

fn today_yymmdd() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(7))
        .format("%y%m%d")
        .to_string()
}

#[actix_web::test]
async fn an_online_submission_gets_a_code_and_a_pin_once() {
    let desk = Desk::new().await;
    let body = desk.submit(None, &online_body()).await;
    assert_eq!(body["status"]["code"], 1);
    assert_eq!(body["status"]["name"], "Mới đăng ký");
    assert_eq!(
        body["code"],
        format!("{DESK}-{}-0001", today_yymmdd()),
        "{body}"
    );
    let pin = body["pin"].as_str().unwrap();
    assert_eq!(pin.len(), 8);
    assert!(
        body["due_at"].is_null(),
        "no clock before a clerk receives it"
    );
    assert_eq!(body["applicant"]["phone"], "0912345678");
    // The status page on this server, opened by its link token.
    let link = body["tracking_url"].as_str().unwrap();
    let page = format!(
        "{}/track/{}?t=",
        desk.app.address,
        body["code"].as_str().unwrap()
    );
    assert!(link.starts_with(&page), "{link}");
    assert_eq!(link.len(), page.len() + 32, "{link}");
    // The staff view never shows the PIN again.
    let code = body["code"].as_str().unwrap();
    let view = desk.get(code).await;
    assert!(view.get("pin").is_none());
    assert_eq!(view["events"].as_array().unwrap().len(), 1);
    assert_eq!(view["events"][0]["action"], "submit");
    assert_eq!(view["events"][0]["actor_role"], "citizen");
    // The next one that day takes the next number.
    let second = desk.submit(None, &online_body()).await;
    assert_eq!(second["code"], format!("{DESK}-{}-0002", today_yymmdd()));
    assert_ne!(second["pin"], body["pin"]);
}

#[actix_web::test]
async fn a_desk_submission_is_received_at_once_with_a_due_date() {
    let desk = Desk::new().await;
    let body = desk.submit(Some(&desk.clerk), &desk_body()).await;
    assert_eq!(body["status"]["code"], 2);
    assert!(body["received_at"].is_string());
    assert!(body["due_at"].is_string(), "{body}");
    assert_eq!(
        body["time_limit"],
        json!({"amount": 3, "unit": "working_days"})
    );
    assert!(body["pin"].is_string());
    // Refused on the spot: status 3, with the reasons in the event.
    let mut refused = desk_body();
    refused["refusal_reasons"] = json!(["Hồ sơ không thuộc thẩm quyền"]);
    let body = desk.submit(Some(&desk.clerk), &refused).await;
    assert_eq!(body["status"]["code"], 3);
    let view = desk.get(body["code"].as_str().unwrap()).await;
    let events = view["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1]["action"], "refuse");
    assert_eq!(
        events[1]["payload"]["reasons"],
        json!(["Hồ sơ không thuộc thẩm quyền"])
    );
}

#[actix_web::test]
async fn submissions_are_validated_field_by_field() {
    let desk = Desk::new().await;
    let app = &desk.app;
    let post = |body: Value, token: Option<String>| async move {
        app.send_json(
            Method::POST,
            "/api/v1/applications",
            token.as_deref(),
            &body,
        )
        .await
    };
    let mut body = online_body();
    body["applicant"]["id_number"] = json!("12345");
    body["applicant"]["phone"] = json!("12");
    body["applicant"]["email"] = json!("not-an-email");
    let problem = assert_problem(post(body, None).await, 422, "validation_failed").await;
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["applicant.id_number", "applicant.phone", "applicant.email"]
    );
    // A tax code takes 10 or 10-3 digits.
    let mut body = online_body();
    body["applicant"]["id_kind"] = json!("tax_code");
    body["applicant"]["id_number"] = json!("0101234567-001");
    desk.submit(None, &body).await;
    // Required documents must be declared.
    let mut body = online_body();
    body["documents"] = json!([]);
    let problem = assert_problem(post(body, None).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["rule"], "required_document");
    // The office must receive the procedure, by that channel.
    let mut body = online_body();
    body["office_code"] = json!(AGENCY);
    let problem = assert_problem(post(body, None).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "office_code");
    let mut body = online_body();
    body["procedure_code"] = json!("1.000001");
    let problem = assert_problem(post(body, None).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "procedure_code");
    let mut body = online_body();
    body["channel"] = json!("postal");
    let problem = assert_problem(post(body, None).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "channel");
    // Without an account, only online; a clerk does not record online dossiers.
    let problem = assert_problem(post(desk_body(), None).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "channel");
    let res = post(online_body(), Some(desk.clerk.clone())).await;
    assert_problem(res, 422, "validation_failed").await;
    // A clerk of another desk or a specialist may not record a dossier here.
    assert_problem(
        post(desk_body(), Some(desk.other_clerk.clone())).await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(
        post(desk_body(), Some(desk.specialist.clone())).await,
        403,
        "forbidden",
    )
    .await;
    // A bad token is refused, never taken as anonymous.
    let res = post(online_body(), Some("not-a-token".into())).await;
    assert_problem(res, 401, "unauthenticated").await;
    // Nothing was stored by the refused attempts.
    let list: Value = app
        .get("/api/v1/applications", Some(&desk.admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1);
}

#[actix_web::test]
async fn the_whole_lifecycle_with_every_action() {
    let desk = Desk::new().await;
    let submitted = desk.submit(None, &online_body()).await;
    let code = submitted["code"].as_str().unwrap();
    // 1 → 5 → 2: an online dossier asked for a supplement before reception.
    let after = desk
        .ok(
            &desk.clerk,
            code,
            "request-supplement",
            json!({"items": ["Bản sao giấy chứng sinh"]}),
        )
        .await;
    assert_eq!(after["status"]["code"], 5);
    let after = desk.ok(&desk.clerk, code, "supplement", json!({})).await;
    assert_eq!(after["status"]["code"], 2);
    assert!(after["due_at"].is_string());
    // 2 → 4 hand over; 4 → 4 transfer; 4 → 6 → 4; 4 → 5 → 4; 4 → 9; 9 → 10.
    let after = desk
        .ok(&desk.clerk, code, "hand-over", json!({"to_office": AGENCY}))
        .await;
    assert_eq!(after["status"]["code"], 4);
    assert_eq!(after["handling_office"], AGENCY);
    let after = desk
        .ok(
            &desk.specialist,
            code,
            "await-payment",
            json!({"amount": 50000}),
        )
        .await;
    assert_eq!(after["status"]["code"], 6);
    assert!(after["due_at"].is_null(), "the clock stands still");
    let after = desk.ok(&desk.specialist, code, "paid", json!({})).await;
    assert_eq!(after["status"]["code"], 4);
    let after = desk
        .ok(
            &desk.specialist,
            code,
            "request-supplement",
            json!({"items": ["Tờ khai có chữ ký"]}),
        )
        .await;
    assert_eq!(after["status"]["code"], 5);
    let after = desk
        .ok(&desk.specialist, code, "supplement", json!({}))
        .await;
    assert_eq!(after["status"]["code"], 4);
    let after = desk
        .ok(
            &desk.specialist,
            code,
            "transfer",
            json!({"to_office": DESK, "note": "Liên thông"}),
        )
        .await;
    assert_eq!(after["handling_office"], DESK);
    // The specialist has passed it on; now it is not theirs to resolve.
    let res = desk
        .act(
            &desk.specialist,
            code,
            "resolve",
            json!({"outcome": "approved"}),
        )
        .await;
    assert!(matches!(res.status().as_u16(), 403 | 404));
    let res = desk
        .act(&desk.clerk, code, "transfer", json!({"to_office": AGENCY}))
        .await;
    assert_problem(res, 403, "forbidden").await;
    // Only a specialist of the handling office resolves: hand it back through a transfer by
    // a specialist account of the desk.
    let desk_specialist = desk
        .app
        .staff(&desk.admin, "spec-desk", "specialist", Some(DESK), None)
        .await;
    let res = desk
        .act(
            &desk_specialist,
            code,
            "resolve",
            json!({"outcome": "denied"}),
        )
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "reason");
    let after = desk
        .ok(
            &desk_specialist,
            code,
            "resolve",
            json!({"outcome": "approved"}),
        )
        .await;
    assert_eq!(after["status"]["code"], 9);
    assert!(after["resolved_at"].is_string());
    assert!(
        after["due_at"].is_string(),
        "the due date stays for the statistics"
    );
    let after = desk
        .ok(&desk.clerk, code, "return", json!({"delivery": "postal"}))
        .await;
    assert_eq!(after["status"]["code"], 10);
    assert_eq!(after["delivery"], "postal");
    assert!(after["finished_at"].is_string());
    let actions: Vec<&str> = after["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "submit",
            "request_supplement",
            "supplement",
            "hand_over",
            "await_payment",
            "paid",
            "request_supplement",
            "supplement",
            "transfer",
            "resolve",
            "return"
        ]
    );
    let transfer = &after["events"][8];
    assert_eq!(transfer["payload"]["from_office"], AGENCY);
    assert_eq!(transfer["payload"]["to_office"], DESK);
    assert_eq!(transfer["office"], AGENCY);
    assert_eq!(transfer["actor_role"], "specialist");
    // Final: nothing more.
    let res = desk.act(&desk.clerk, code, "withdraw", json!({})).await;
    let problem = assert_problem(res, 409, "invalid_transition").await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("10 (Đã trả kết quả)"),
        "{problem}"
    );
}

#[actix_web::test]
async fn withdraw_stop_refuse_and_apologize() {
    let desk = Desk::new().await;
    // 1 → 3.
    let code = desk.submit(None, &online_body()).await["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = desk.act(&desk.clerk, &code, "refuse", json!({})).await;
    assert_problem(res, 422, "validation_failed").await;
    let after = desk
        .ok(
            &desk.clerk,
            &code,
            "refuse",
            json!({"reasons": ["Không thuộc thẩm quyền"]}),
        )
        .await;
    assert_eq!(after["status"]["code"], 3);
    // 1 → 7.
    let code = desk.submit(None, &online_body()).await["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let after = desk
        .ok(
            &desk.clerk,
            &code,
            "withdraw",
            json!({"note": "Công dân xin rút"}),
        )
        .await;
    assert_eq!(after["status"]["code"], 7);
    // 4 → 8 needs a reason.
    let code = desk.processing().await;
    let res = desk.act(&desk.specialist, &code, "stop", json!({})).await;
    assert_problem(res, 422, "validation_failed").await;
    let after = desk
        .ok(
            &desk.specialist,
            &code,
            "stop",
            json!({"note": "Quá hạn bổ sung"}),
        )
        .await;
    assert_eq!(after["status"]["code"], 8);
    // Apology: once, with a later date, by the handling office.
    let code = desk.processing().await;
    let due = desk.get(&code).await["due_at"].as_str().unwrap().to_owned();
    let due: chrono::DateTime<chrono::Utc> = due.parse().unwrap();
    let earlier = (due - chrono::Duration::hours(1)).to_rfc3339();
    let res = desk
        .act(
            &desk.specialist,
            &code,
            "apologize",
            json!({"new_due_at": earlier, "note": "Chờ xác minh"}),
        )
        .await;
    assert_problem(res, 422, "validation_failed").await;
    let later = (due + chrono::Duration::days(5)).to_rfc3339();
    let res = desk
        .act(
            &desk.specialist,
            &code,
            "apologize",
            json!({"new_due_at": later}),
        )
        .await;
    assert_problem(res, 422, "validation_failed").await;
    let after = desk
        .ok(
            &desk.specialist,
            &code,
            "apologize",
            json!({"new_due_at": later, "note": "Chờ xác minh"}),
        )
        .await;
    assert_eq!(after["status"]["code"], 4, "no status change");
    assert_eq!(
        after["promised_at"]
            .as_str()
            .unwrap()
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap(),
        due + chrono::Duration::days(5)
    );
    assert_eq!(
        after["due_at"]
            .as_str()
            .unwrap()
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap(),
        due,
        "the statutory date stays"
    );
    let res = desk
        .act(
            &desk.specialist,
            &code,
            "apologize",
            json!({"new_due_at": later, "note": "Lần nữa"}),
        )
        .await;
    assert_problem(res, 409, "already_apologized").await;
}

#[actix_web::test]
async fn actions_out_of_order_name_the_current_status() {
    let desk = Desk::new().await;
    let code = desk.submit(None, &online_body()).await["code"]
        .as_str()
        .unwrap()
        .to_owned();
    // From status 1, everything but receive, refuse, request-supplement and withdraw is refused.
    for (action, body) in [
        ("supplement", json!({})),
        ("hand-over", json!({"to_office": AGENCY})),
        ("transfer", json!({"to_office": AGENCY})),
        ("await-payment", json!({})),
        ("paid", json!({})),
        ("resolve", json!({"outcome": "approved"})),
        ("return", json!({"delivery": "in_person"})),
        ("stop", json!({"note": "x"})),
        (
            "apologize",
            json!({"new_due_at": "2030-01-01T00:00:00Z", "note": "x"}),
        ),
    ] {
        let res = desk.act(&desk.clerk, &code, action, body).await;
        let problem = assert_problem(res, 409, "invalid_transition").await;
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains("1 (Mới đăng ký)"),
            "{action}: {problem}"
        );
    }
    let res = desk.act(&desk.clerk, &code, "fly", json!({})).await;
    assert_problem(res, 404, "action_not_found").await;
    // English on request.
    let res = desk
        .app
        .request(
            Method::POST,
            &format!("/api/v1/applications/{code}/actions/paid"),
        )
        .bearer_auth(&desk.clerk)
        .header("Accept-Language", "en")
        .json(&json!({"version": 1}))
        .send()
        .await
        .unwrap();
    let problem = assert_problem(res, 409, "invalid_transition").await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("1 (Submitted)")
    );
}

#[actix_web::test]
async fn roles_and_offices_draw_the_boundaries() {
    let desk = Desk::new().await;
    let code = desk.submit(None, &online_body()).await["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/applications/{code}");
    // Another desk's clerk cannot even see it; the official of the unit can read it.
    let res = desk.app.get(&path, Some(&desk.other_clerk)).await;
    assert_problem(res, 404, "application_not_found").await;
    assert_eq!(
        desk.app.get(&path, Some(&desk.official)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        desk.app.get(&path, Some(&desk.clerk)).await.status(),
        StatusCode::OK
    );
    let res = desk
        .act(&desk.other_clerk, &code, "receive", json!({}))
        .await;
    assert_problem(res, 404, "application_not_found").await;
    // Officials and admins read; they do not act. A specialist does not receive.
    assert_problem(
        desk.act(&desk.official, &code, "receive", json!({})).await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(
        desk.act(&desk.admin, &code, "receive", json!({})).await,
        403,
        "forbidden",
    )
    .await;
    // The agency does not see it before the handover.
    assert_problem(
        desk.act(&desk.specialist, &code, "receive", json!({}))
            .await,
        404,
        "application_not_found",
    )
    .await;
    desk.ok(&desk.clerk, &code, "receive", json!({})).await;
    desk.ok(
        &desk.clerk,
        &code,
        "hand-over",
        json!({"to_office": AGENCY}),
    )
    .await;
    // Now the agency works on it, and the desk's clerk may not resolve it.
    assert_eq!(
        desk.app.get(&path, Some(&desk.specialist)).await.status(),
        StatusCode::OK
    );
    assert_problem(
        desk.act(
            &desk.clerk,
            &code,
            "resolve",
            json!({"outcome": "approved"}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    // Lists are scoped the same way.
    let list = |token: String| {
        let app = &desk.app;
        async move {
            let body: Value = app
                .get("/api/v1/applications", Some(&token))
                .await
                .json()
                .await
                .unwrap();
            body["total"].as_i64().unwrap()
        }
    };
    assert_eq!(list(desk.clerk.clone()).await, 1);
    assert_eq!(list(desk.specialist.clone()).await, 1);
    assert_eq!(list(desk.official.clone()).await, 1);
    assert_eq!(list(desk.other_clerk.clone()).await, 0);
    // Anonymous callers get nothing.
    assert_problem(desk.app.get(&path, None).await, 401, "unauthenticated").await;
}

#[actix_web::test]
async fn stale_versions_are_refused() {
    let desk = Desk::new().await;
    let code = desk.submit(None, &online_body()).await["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/applications/{code}/actions/receive");
    // No version at all: 428.
    let res = desk
        .app
        .send_json(Method::POST, &path, Some(&desk.clerk), &json!({}))
        .await;
    assert_problem(res, 428, "precondition_required").await;
    // If-Match with an old version: 412; a version field: 409.
    let res = desk
        .app
        .request(Method::POST, &path)
        .bearer_auth(&desk.clerk)
        .header("If-Match", "\"7\"")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let problem = assert_problem(res, 412, "precondition_failed").await;
    assert_eq!(problem["current_version"], 1);
    let res = desk
        .app
        .send_json(
            Method::POST,
            &path,
            Some(&desk.clerk),
            &json!({"version": 0}),
        )
        .await;
    assert_problem(res, 409, "version_conflict").await;
    let res = desk
        .app
        .request(Method::POST, &path)
        .bearer_auth(&desk.clerk)
        .header("If-Match", "\"1\"")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["etag"], "\"2\"");
    // Two clerks racing on the same version: exactly one wins.
    let hand_over = |version: i64| {
        desk.act(
            &desk.clerk,
            &code,
            "hand-over",
            json!({"to_office": AGENCY, "version": version}),
        )
    };
    let (a, b) = futures_util::join!(hand_over(2), hand_over(2));
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    assert_eq!(desk.get(&code).await["events"].as_array().unwrap().len(), 3);
}

#[actix_web::test]
async fn a_retried_submission_returns_the_first_answer_and_creates_nothing() {
    let desk = Desk::new().await;
    let send = |key: &'static str, body: Value| {
        let app = &desk.app;
        async move {
            app.request(Method::POST, "/api/v1/applications")
                .header("Idempotency-Key", key)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let first = send("retry-1", online_body()).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    let again = send("retry-1", online_body()).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["code"], first["code"]);
    assert_eq!(
        again["pin"], first["pin"],
        "the retry can still show the PIN"
    );
    let mut other = online_body();
    other["applicant"]["name"] = json!("Trần Thị Bình");
    assert_problem(send("retry-1", other).await, 422, "idempotency_key_reused").await;
    let list: Value = desk
        .app
        .get("/api/v1/applications", Some(&desk.admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1);
    // The stored answer holds no PIN: a copy of the database reveals none.
    let mut conn = desk.app.db.connect();
    use diesel::prelude::*;
    use motcua::db::schema::idempotency_keys;
    let stored: Vec<String> = idempotency_keys::table
        .select(idempotency_keys::response_body)
        .load(&mut conn)
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains(first["pin"].as_str().unwrap()));
}

#[actix_web::test]
async fn parallel_submissions_get_unique_gap_free_codes() {
    let desk = Desk::new().await;
    let body = online_body();
    let sends = (0..24).map(|_| {
        desk.app
            .send_json(Method::POST, "/api/v1/applications", None, &body)
    });
    let answers = futures_util::future::join_all(sends).await;
    let mut seqs = Vec::new();
    for res in answers {
        assert_eq!(res.status(), StatusCode::CREATED);
        let body: Value = res.json().await.unwrap();
        let code = body["code"].as_str().unwrap().to_owned();
        seqs.push(code.rsplit('-').next().unwrap().parse::<u32>().unwrap());
    }
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=24).collect::<Vec<_>>());
}

#[actix_web::test]
async fn events_are_append_only_in_the_database() {
    let desk = Desk::new().await;
    desk.submit(None, &online_body()).await;
    let mut conn = desk.app.db.connect();
    use diesel::connection::SimpleConnection;
    let update = conn.batch_execute("UPDATE application_events SET note = 'changed'");
    assert!(update.is_err(), "UPDATE must be refused");
    assert!(format!("{:?}", update.unwrap_err()).contains("append-only"));
    let delete = conn.batch_execute("DELETE FROM application_events");
    assert!(delete.is_err(), "DELETE must be refused");
    if desk.app.db.is_postgres() {
        assert!(
            conn.batch_execute("TRUNCATE application_events CASCADE")
                .is_err()
        );
    } else {
        // REPLACE deletes without firing DELETE triggers; the insert trigger catches it.
        let replace = conn.batch_execute(
            "INSERT OR REPLACE INTO application_events \
             (id, application_id, seq, action, to_status, actor_role, at, payload) \
             SELECT id, application_id, seq, 'receive', 2, 'clerk', at, '{}' FROM application_events",
        );
        assert!(replace.is_err(), "REPLACE must be refused");
    }
    use diesel::prelude::*;
    use motcua::db::schema::application_events;
    let count: i64 = application_events::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(count, 1);
}

#[actix_web::test]
async fn the_stored_state_is_the_replay_of_the_events() {
    use motcua::db::applications as store;
    use motcua::domain::application::replay;
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRunner};

    let desk = Desk::new().await;
    // Random histories, one application each, driven through the API.
    let mut runner = TestRunner::new(Config::with_cases(6));
    let histories: Vec<Vec<usize>> = (0..6)
        .map(|_| {
            prop::collection::vec(0usize..13, 4..14)
                .new_tree(&mut runner)
                .unwrap()
                .current()
        })
        .collect();
    for history in histories {
        let code = desk.submit(None, &online_body()).await["code"]
            .as_str()
            .unwrap()
            .to_owned();
        for choice in history {
            let (action, body) = [
                ("receive", json!({})),
                ("request-supplement", json!({"items": ["Bản sao"]})),
                ("supplement", json!({})),
                ("hand-over", json!({"to_office": AGENCY})),
                ("transfer", json!({"to_office": DESK})),
                ("await-payment", json!({"amount": 10000})),
                ("paid", json!({})),
                ("resolve", json!({"outcome": "approved"})),
                ("return", json!({"delivery": "in_person"})),
                ("withdraw", json!({})),
                ("stop", json!({"note": "Dừng"})),
                ("refuse", json!({"reasons": ["Sai"]})),
                (
                    "apologize",
                    json!({"new_due_at": "2099-01-01T00:00:00Z", "note": "Chậm"}),
                ),
            ][choice]
                .clone();
            // Whoever may: the clerk, or the agency's specialist.
            for token in [&desk.clerk, &desk.specialist] {
                let res = desk.act(token, &code, action, body.clone()).await;
                if res.status() == StatusCode::OK {
                    break;
                }
            }
        }
        let mut conn = desk.app.db.connect();
        let row = store::find(&mut conn, &code).unwrap().unwrap();
        let events: Vec<_> = store::events(&mut conn, row.id)
            .unwrap()
            .iter()
            .map(|e| e.to_event().unwrap())
            .collect();
        let state = replay(&events);
        assert_eq!(state.status.unwrap().code(), row.status, "{code}");
        assert_eq!(i64::from(state.events), row.version);
        assert_eq!(state.handling_office_id, row.handling_office_id);
        assert_eq!(serde_json::to_string(&state.clock).unwrap(), row.clock);
        assert_eq!(state.received_at, row.received_at);
        assert_eq!(state.resolved_at, row.resolved_at);
        assert_eq!(state.finished_at, row.finished_at);
        assert_eq!(state.outcome.map(|o| o.as_str().to_owned()), row.outcome);
        assert_eq!(state.delivery.map(|d| d.as_str().to_owned()), row.delivery);
        assert_eq!(state.promised_at, row.promised_at);
        assert_eq!(
            serde_json::to_string(&state.timeline).unwrap(),
            row.timeline
        );
        // The stored due date is the one the staff view reports, and the clock's segments
        // are the replayed stretches.
        let view = desk.get(&code).await;
        let due: Option<chrono::NaiveDateTime> = view["due_at"].as_str().map(|d| {
            d.parse::<chrono::DateTime<chrono::Utc>>()
                .unwrap()
                .naive_utc()
        });
        assert_eq!(due, row.due_at);
        let limit =
            motcua::domain::application::limit_of(row.limit_amount, row.limit_unit.as_deref());
        let calendar = motcua::domain::calendar::Calendar::vn_default();
        assert_eq!(
            motcua::domain::application::due_of(&calendar, limit, &state),
            row.due_at,
            "{code}"
        );
        let expected_segments = if row.limit_amount.is_some() {
            state.clock.len()
        } else {
            0
        };
        assert_eq!(
            view["clock"]["segments"].as_array().unwrap().len(),
            expected_segments,
            "{view}"
        );
    }
}

#[actix_web::test]
async fn staff_lists_filter_and_search_without_accents() {
    let desk = Desk::new().await;
    let mut binh = online_body();
    binh["applicant"]["name"] = json!("Trần Thị Bình");
    desk.submit(None, &binh).await;
    let received = desk.submit(Some(&desk.clerk), &desk_body()).await;
    desk.submit(None, &online_body()).await;
    let list = |query: &str| {
        let app = &desk.app;
        let token = desk.clerk.clone();
        let path = format!("/api/v1/applications{query}");
        async move {
            let res = app.get(&path, Some(&token)).await;
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            res.json::<Value>().await.unwrap()
        }
    };
    assert_eq!(list("").await["total"], 3);
    assert_eq!(list("?q=tran%20thi%20binh").await["total"], 1);
    assert_eq!(
        list("?q=BINH").await["items"][0]["applicant"]["name"],
        "Trần Thị Bình"
    );
    assert_eq!(
        list("?status=2").await["items"][0]["code"],
        received["code"]
    );
    assert_eq!(list("?status=1,2").await["total"], 3);
    assert_eq!(list("?procedure=1.001193&field=ho-tich").await["total"], 3);
    assert_eq!(list("?overdue=true").await["total"], 0);
    assert_eq!(list("?due_before=2099-01-01T00:00:00Z").await["total"], 1);
    assert_eq!(list(&format!("?office={OTHER_DESK}")).await["total"], 0);
    assert_eq!(
        list("?received_from=2099-01-01T00:00:00%2B07:00").await["total"],
        0
    );
    let code = received["code"].as_str().unwrap();
    let part = &code[code.len() - 6..];
    assert_eq!(list(&format!("?q={part}")).await["total"], 1);
    let page = list("?limit=2").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let next = page["next_cursor"].as_str().unwrap();
    let rest = list(&format!("?limit=2&cursor={next}")).await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert!(rest["next_cursor"].is_null());
    let res = desk
        .app
        .get("/api/v1/applications?status=11", Some(&desk.clerk))
        .await;
    assert_problem(res, 422, "validation_failed").await;
}

#[actix_web::test]
async fn a_procedure_can_restart_the_clock_after_a_supplement() {
    let desk = Desk::new().await;
    let procedure = desk
        .app
        .get_json(&format!("/api/v1/procedures/{PROCEDURE}"))
        .await;
    assert_eq!(procedure["supplement_rule"], "resume");
    let mut body = json!({
        "name": "Thủ tục đăng ký khai sinh", "field_code": "ho-tich",
        "tiers": ["commune"], "channels": ["in_person", "online"],
        "documents": [{"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0, "form": null}],
        "processing_time": {"amount": 3, "unit": "working_days"},
        "published": true, "effective_from": "2020-01-01", "version": 1,
        "supplement_rule": "restart"
    });
    let res = desk
        .app
        .send_json(
            Method::PUT,
            &format!("/api/v1/procedures/{PROCEDURE}"),
            Some(&desk.admin),
            &body,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let updated: Value = res.json().await.unwrap();
    assert_eq!(updated["supplement_rule"], "restart");
    // A later version without the field keeps the rule.
    body["version"] = json!(2);
    body.as_object_mut().unwrap().remove("supplement_rule");
    let res = desk
        .app
        .send_json(
            Method::PUT,
            &format!("/api/v1/procedures/{PROCEDURE}"),
            Some(&desk.admin),
            &body,
        )
        .await;
    let kept: Value = res.json().await.unwrap();
    assert_eq!(kept["supplement_rule"], "restart");

    let code = desk.processing().await;
    desk.ok(
        &desk.specialist,
        &code,
        "request-supplement",
        json!({"items": ["Bản sao giấy chứng sinh"]}),
    )
    .await;
    let after = desk.ok(&desk.clerk, &code, "supplement", json!({})).await;
    assert_eq!(after["supplement_rule"], "restart");
    let supplement = after["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(supplement["payload"]["restart"], true);
    let segments = after["clock"]["segments"].as_array().unwrap();
    assert_eq!(segments.len(), 2);
    assert_eq!(segments[1]["restart"], true);
    assert!(after["due_at"].is_string());
}

#[actix_web::test]
async fn a_submission_sees_an_office_closed_while_it_waited() {
    use diesel::prelude::*;
    use motcua::db::schema::offices;
    let desk = Desk::new().await;
    // Another writer closes the desk and holds its transaction open for a while.
    let mut conn = desk.app.db.connect();
    let (held, hold) = std::sync::mpsc::channel();
    let closer = std::thread::spawn(move || {
        motcua::db::write_transaction(&mut conn, |conn| {
            diesel::update(offices::table.filter(offices::code.eq(DESK)))
                .set(offices::closed_on.eq(Some(motcua::domain::today())))
                .execute(conn)?;
            held.send(()).ok();
            std::thread::sleep(std::time::Duration::from_millis(600));
            Ok::<_, diesel::result::Error>(())
        })
    });
    hold.recv().unwrap();
    // The submission checks the office in its own write transaction, so it waits for the
    // close and is refused, instead of checking the desk open and writing after it closed.
    let res = desk
        .app
        .send_json(Method::POST, "/api/v1/applications", None, &online_body())
        .await;
    closer.join().unwrap().unwrap();
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "office_code", "{body}");
}
