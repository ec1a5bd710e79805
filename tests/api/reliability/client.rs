//! Requests as the suites send them: submissions kept for their retry, actions by whom.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::worker::Known;
use crate::applications::{AGENCY, Desk};

/// A submission as sent: kept so that it can be sent again with its key.
#[derive(Clone)]
pub struct Sent {
    pub key: String,
    pub body: Value,
    pub clerk: bool,
}

/// What the first answer to a submission said.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub code: String,
    pub pin: String,
    pub location: String,
    /// The status page's link, with its token.
    pub tracking: String,
}

/// Tokens and the server's address, as the load sees them.
pub struct Ctx<'a> {
    pub desk: &'a Desk,
    pub client: reqwest::Client,
    pub address: String,
}

impl Ctx<'_> {
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.address))
    }

    /// Sends a submission with its key. `None` when no whole answer came back (the server
    /// died); otherwise whether it was a replay, and the answer.
    pub async fn submit(&self, sent: &Sent) -> Option<(bool, Answer, Value)> {
        let mut req = self
            .request(Method::POST, "/api/v1/applications")
            .header("Idempotency-Key", &sent.key)
            .json(&sent.body);
        if sent.clerk {
            req = req.bearer_auth(&self.desk.clerk);
        }
        let res = req.send().await.ok()?;
        let status = res.status();
        let replayed = res
            .headers()
            .get("idempotent-replayed")
            .is_some_and(|v| v == "true");
        let location = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body: Value = res.json().await.ok()?;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "submission {}: {body}",
            sent.key
        );
        let answer = Answer {
            code: body["code"].as_str().expect("code").to_owned(),
            pin: body["pin"].as_str().expect("pin").to_owned(),
            location,
            tracking: body["tracking_url"].as_str().expect("a link").to_owned(),
        };
        Some((replayed, answer, body))
    }

    /// The staff view of one application.
    pub async fn view(&self, code: &str) -> Value {
        let res = self
            .request(Method::GET, &format!("/api/v1/applications/{code}"))
            .bearer_auth(&self.desk.admin)
            .send()
            .await
            .expect("the server answers");
        assert_eq!(res.status(), StatusCode::OK, "{code}");
        res.json().await.expect("json")
    }

    /// Rates a returned application; `None` when the server died.
    pub async fn rate(&self, known: &Known, overall: u8) -> Option<(StatusCode, Value)> {
        let res = self
            .request(
                Method::POST,
                &format!("/api/v1/tracking/{}/rating", known.answer.code),
            )
            .json(
                &json!({"pin": known.answer.pin, "overall": overall, "attitude": 5,
                          "timeliness": 4, "contacts": 1}),
            )
            .send()
            .await
            .ok()?;
        let status = res.status();
        Some((status, res.json().await.ok()?))
    }
}

/// Who may take an action: the receiving desk's clerk or the agency's specialist.
#[derive(Clone, Copy)]
pub enum Who {
    Clerk,
    Specialist,
}

/// Actions valid from a status, by whom, with what they carry.
pub fn actions_from(status: i64) -> Vec<(&'static str, Who, Value)> {
    let supplement = json!({"items": ["Bản sao giấy chứng sinh"]});
    let stop = json!({"note": "Dừng xử lý theo đề nghị"});
    match status {
        1 => vec![
            ("receive", Who::Clerk, json!({})),
            ("receive", Who::Clerk, json!({})),
            ("refuse", Who::Clerk, json!({"reasons": ["Thiếu giấy tờ"]})),
        ],
        2 => vec![
            ("hand-over", Who::Clerk, json!({"to_office": AGENCY})),
            ("hand-over", Who::Clerk, json!({"to_office": AGENCY})),
            ("hand-over", Who::Clerk, json!({"to_office": AGENCY})),
            ("request-supplement", Who::Clerk, supplement),
            ("withdraw", Who::Clerk, json!({"note": "Rút hồ sơ"})),
            ("stop", Who::Clerk, stop),
        ],
        4 => vec![
            ("resolve", Who::Specialist, json!({"outcome": "approved"})),
            ("resolve", Who::Specialist, json!({"outcome": "approved"})),
            ("await-payment", Who::Specialist, json!({"amount": 50000})),
            ("request-supplement", Who::Specialist, supplement),
            ("stop", Who::Specialist, stop),
        ],
        5 => vec![
            ("supplement", Who::Clerk, json!({})),
            ("supplement", Who::Clerk, json!({})),
            ("withdraw", Who::Clerk, json!({"note": "Rút hồ sơ"})),
        ],
        6 => vec![
            ("paid", Who::Clerk, json!({})),
            ("paid", Who::Clerk, json!({})),
            ("stop", Who::Clerk, stop),
        ],
        9 => vec![("return", Who::Clerk, json!({"delivery": "in_person"}))],
        _ => Vec::new(),
    }
}

/// Sends an action based on `version`, through `If-Match` or the body's `version`.
pub async fn send_action(
    ctx: &Ctx<'_>,
    code: &str,
    (action, who, body): &(&'static str, Who, Value),
    version: i64,
    if_match: bool,
) -> Option<(StatusCode, Value)> {
    let token = match who {
        Who::Clerk => &ctx.desk.clerk,
        Who::Specialist => &ctx.desk.specialist,
    };
    let mut body = body.clone();
    let mut req = ctx
        .request(
            Method::POST,
            &format!("/api/v1/applications/{code}/actions/{action}"),
        )
        .bearer_auth(token);
    if if_match {
        req = req.header("If-Match", format!("\"{version}\""));
    } else {
        body["version"] = json!(version);
    }
    let res = req.json(&body).send().await.ok()?;
    let status = res.status();
    Some((status, res.json().await.ok()?))
}

pub fn status_of(body: &Value) -> i64 {
    body["status"]["code"].as_i64().expect("a status code")
}

pub fn version_of(body: &Value) -> i64 {
    body["version"].as_i64().expect("a version")
}
