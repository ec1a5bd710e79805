//! The tracking pages over HTTP: following slip 01's link, the PIN form, the no-lockout rule
//! and rating once.

use reqwest::{Method, StatusCode, redirect};
use serde_json::json;

use crate::applications::{AGENCY, Desk, desk_body};
use crate::helpers::spawn_app_with;

/// A client that does not follow redirects, so each answer is seen.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap()
}

async fn page(url: &str, from: &str) -> (StatusCode, String, reqwest::header::HeaderMap) {
    let res = client()
        .get(url)
        .header("x-forwarded-for", from)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    (status, res.text().await.unwrap(), headers)
}

/// The link slip 01 prints (its QR code's payload).
async fn slip_link(desk: &Desk, code: &str) -> String {
    let html = desk
        .app
        .get(
            &format!("/api/v1/applications/{code}/slips/01"),
            Some(&desk.clerk),
        )
        .await
        .text()
        .await
        .unwrap();
    let start = html.find(&format!("{}/track/", desk.app.address)).unwrap();
    html[start..]
        .chars()
        .take_while(|c| !matches!(c, '<' | '"' | ' '))
        .collect()
}

async fn proxied_desk() -> Desk {
    Desk::with(spawn_app_with(|s| s.auth.trust_forwarded_headers = true).await).await
}

#[actix_web::test]
async fn slip_01_link_opens_the_status_page_with_the_next_step() {
    let desk = proxied_desk().await;
    let submitted = desk.submit(Some(&desk.clerk), &desk_body()).await;
    let code = submitted["code"].as_str().unwrap();
    let link = slip_link(&desk, code).await;
    let (status, html, headers) = page(&link, "198.51.100.1").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(headers["cache-control"], "no-store");
    assert!(html.contains(code));
    assert!(html.contains("Được tiếp nhận"), "the status in words");
    assert!(html.contains("Việc bạn cần làm tiếp theo"));
    assert!(html.contains("N. V. A."));
    assert!(!html.contains("Nguyễn Văn An") && !html.contains("001203004567"));
    // In English too.
    let (_, english, _) = page(&format!("{link}&lang=en"), "198.51.100.1").await;
    assert!(english.contains("What you need to do next"), "{english}");
}

#[actix_web::test]
async fn the_status_page_without_a_pin_shows_the_form_and_counts_nothing() {
    let desk = proxied_desk().await;
    let submitted = desk.submit(Some(&desk.clerk), &desk_body()).await;
    let code = submitted["code"].as_str().unwrap();
    let pin = submitted["pin"].as_str().unwrap();
    let base = &desk.app.address;
    // Sixteen looks from one address: eight without a PIN, eight with a wrong one.
    for i in 0..16 {
        let url = match i % 2 {
            0 => format!("{base}/track/{code}"),
            _ => format!("{base}/track?code={code}&pin={:08}", 30_000_000 + i),
        };
        let (status, html, _) = page(&url, "203.0.113.5").await;
        match i % 2 {
            0 => {
                assert_eq!(status, StatusCode::OK);
                assert!(html.contains(r#"name="pin""#), "the PIN form");
            }
            _ => assert!(
                status == StatusCode::UNPROCESSABLE_ENTITY
                    || status == StatusCode::TOO_MANY_REQUESTS,
                "{status}"
            ),
        }
    }
    // That address is limited now: the site's 429 page with the time to wait.
    let (status, html, headers) = page(
        &format!("{base}/track?code={code}&pin={pin}"),
        "203.0.113.5",
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(headers.contains_key("retry-after"));
    assert!(html.contains("phút"), "{html}");
    // The right PIN from another address opens (to the link-token address).
    let (status, _, headers) = page(
        &format!("{base}/track?code={code}&pin={pin}"),
        "198.51.100.9",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let to = headers["location"].to_str().unwrap();
    assert!(to.starts_with(&format!("/track/{code}?t=")), "{to}");
    assert!(!to.contains(pin));
    let (status, html, _) = page(&format!("{base}{to}"), "198.51.100.9").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Quá trình xử lý"));
    // A wrong PIN comes back to the form with its message.
    let (status, html, _) = page(
        &format!("{base}/track/{code}?pin=11112222"),
        "198.51.100.10",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Không tìm thấy hồ sơ"), "{html}");
}

/// The `csrf` cookie and the form's hidden token of a page.
fn form_token(html: &str, headers: &reqwest::header::HeaderMap) -> (String, String) {
    let cookie = headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|v| v.starts_with("csrf="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let marker = r#"name="csrf" value=""#;
    let start = html.find(marker).unwrap() + marker.len();
    let token = html[start..].split('"').next().unwrap().to_owned();
    (cookie, token)
}

#[actix_web::test]
async fn the_service_is_rated_once_from_the_status_page() {
    let desk = proxied_desk().await;
    let submitted = desk.submit(Some(&desk.clerk), &desk_body()).await;
    let code = submitted["code"].as_str().unwrap();
    let link = slip_link(&desk, code).await;
    let token = link.rsplit_once("?t=").unwrap().1.to_owned();
    let base = desk.app.address.clone();
    let rate_url = format!("{base}/track/{code}/rate?t={token}");
    let (_, html, _) = page(&rate_url, "198.51.100.3").await;
    assert!(html.contains("sau khi đã nhận kết quả"), "not yet: {html}");
    desk.ok(&desk.clerk, code, "hand-over", json!({"to_office": AGENCY}))
        .await;
    desk.ok(
        &desk.specialist,
        code,
        "resolve",
        json!({"outcome": "approved"}),
    )
    .await;
    desk.ok(
        &desk.clerk,
        code,
        "return",
        json!({"delivery": "in_person"}),
    )
    .await;
    let (_, status_html, _) = page(&link, "198.51.100.3").await;
    assert!(status_html.contains(&format!("/track/{code}/rate?t={token}")));
    let (status, html, headers) = page(&rate_url, "198.51.100.3").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Rất hài lòng") && html.contains("Rất không hài lòng"));
    let (cookie, csrf) = form_token(&html, &headers);
    let post = |fields: Vec<(&'static str, String)>| {
        let cookie = cookie.clone();
        let url = format!("{base}/track/{code}/rate");
        async move {
            client()
                .request(Method::POST, url)
                .header("cookie", cookie)
                .header("x-forwarded-for", "198.51.100.3")
                .form(&fields)
                .send()
                .await
                .unwrap()
        }
    };
    // Without the overall score: the form again with its message.
    let res = post(vec![("csrf", csrf.clone()), ("t", token.clone())]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Chọn mức độ hài lòng chung")
    );
    // Without the form token: refused.
    let res = post(vec![("t", token.clone()), ("overall", "5".into())]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let rating = vec![
        ("csrf", csrf.clone()),
        ("t", token.clone()),
        ("overall", "5".into()),
        ("attitude", "4".into()),
        ("contacts", "1".into()),
        ("comment", "Nhanh gọn".into()),
    ];
    let res = post(rating.clone()).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    let (_, thanks, _) = page(&format!("{base}{to}"), "198.51.100.3").await;
    assert!(thanks.contains("Cảm ơn bạn đã đánh giá"), "{thanks}");
    let view: serde_json::Value = desk
        .app
        .get_json(&format!("/api/v1/tracking/{code}?t={token}"))
        .await;
    assert_eq!(
        view["next_step"],
        json!({"kind": "returned", "rated": true})
    );
    // Twice: a clear message.
    let res = post(rating).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("chỉ được đánh giá một lần")
    );
}
