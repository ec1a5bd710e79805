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
    // The procedure's name is said once, whatever words it starts with.
    assert!(html.contains("(Thủ tục đăng ký khai sinh)"), "{html}");
    assert!(!html.to_lowercase().contains("thủ tục thủ tục"), "{html}");
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

/// The value of the hidden field `name` of a page.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}" value=""#);
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name}: {html}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

#[actix_web::test]
async fn a_supplement_is_sent_by_upload_on_the_page_once() {
    use crate::files::{jpeg, pdf};
    use reqwest::multipart::{Form, Part};
    let desk = proxied_desk().await;
    let submitted = desk.submit(None, &crate::applications::online_body()).await;
    let code = submitted["code"].as_str().unwrap().to_owned();
    let pin = submitted["pin"].as_str().unwrap().to_owned();
    let base = desk.app.address.clone();
    let from = "198.51.100.20";
    let (_, to_status, headers) = page(&format!("{base}/track?code={code}&pin={pin}"), from).await;
    let to = headers["location"].to_str().unwrap().to_owned();
    let token = to.rsplit_once("?t=").unwrap().1.to_owned();
    let supplement = format!("{base}/track/{code}/supplement?t={token}");
    // Nothing asked for yet: the page says so and offers no form.
    let (status, html, _) = page(&supplement, from).await;
    assert_eq!(status, StatusCode::OK, "{to_status}");
    assert!(html.contains("không chờ bổ sung"), "{html}");
    assert!(!html.contains("multipart/form-data"));
    let items = ["Bản sao giấy chứng sinh", "Ảnh CCCD của người đi khai"];
    desk.ok(
        &desk.clerk,
        &code,
        "request-supplement",
        json!({ "items": items }),
    )
    .await;
    // The status page links to the form, which asks for exactly those items.
    let (_, status_html, _) = page(&format!("{base}{to}"), from).await;
    assert!(status_html.contains(&format!("/track/{code}/supplement?t={token}")));
    let (status, html, headers) = page(&supplement, from).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], "no-store");
    assert!(html.contains(r#"enctype="multipart/form-data""#), "{html}");
    for (n, item) in items.iter().enumerate() {
        assert!(html.contains(item), "{item}");
        assert!(
            html.contains(&format!(r#"name="items[{n}]" type="file""#)),
            "{html}"
        );
    }
    assert!(!html.contains(r#"name="items[2]""#));
    let (cookie, csrf) = form_token(&html, &headers);
    let key = hidden(&html, "key");
    let post = |form: Form| {
        let cookie = cookie.clone();
        let url = supplement.clone();
        async move {
            client()
                .post(url)
                .header("cookie", cookie)
                .header("x-forwarded-for", from)
                .multipart(form)
                .send()
                .await
                .unwrap()
        }
    };
    let file = |bytes: Vec<u8>, name: &str| Part::bytes(bytes).file_name(name.to_owned());
    // No file: the message beside the first item and in the summary.
    let res = post(
        Form::new()
            .text("csrf", csrf.clone())
            .text("key", key.clone()),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains(r##"href="#items-0-""##), "{html}");
    assert!(html.contains(r#"id="items-0--error""#), "{html}");
    // A file that is not a document: refused beside its item, nothing stored, and the good
    // file asked for again by name.
    let res = post(
        Form::new()
            .text("csrf", csrf.clone())
            .text("key", key.clone())
            .part("items[0]", file(pdf(), "chung-sinh.pdf"))
            .part("items[1]", file(b"just text".to_vec(), "cccd.txt")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"id="items-1--error""#), "{html}");
    assert!(html.contains("Bạn đã chọn chung-sinh.pdf"), "{html}");
    assert!(html.contains("Chưa có tệp nào được gửi"), "{html}");
    let asked = desk
        .app
        .get_json(&format!("/api/v1/tracking/{code}/supplement?t={token}"))
        .await;
    assert_eq!(asked["sent"], json!([]));
    // Without the form token: refused.
    let res = post(Form::new().part("items[0]", file(pdf(), "chung-sinh.pdf"))).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Both files, sent twice (a double submit): stored once, then the thank-you page.
    let both = || {
        Form::new()
            .text("csrf", csrf.clone())
            .text("key", key.clone())
            .part("items[0]", file(pdf(), "chung-sinh.pdf"))
            .part("items[1]", file(jpeg(), "cccd.jpg"))
    };
    let first = post(both()).await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    let second = post(both()).await;
    assert_eq!(second.status(), StatusCode::SEE_OTHER);
    let thanks = first.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(thanks, format!("/track/{code}/supplement?t={token}&sent=1"));
    let asked = desk
        .app
        .get_json(&format!("/api/v1/tracking/{code}/supplement?t={token}"))
        .await;
    let sent = asked["sent"].as_array().unwrap();
    assert_eq!(sent.len(), 2, "{asked}");
    assert_eq!(sent[0]["item"], 0);
    assert_eq!(sent[0]["content_type"], "application/pdf");
    assert_eq!(sent[1]["item"], 1);
    assert_eq!(sent[1]["content_type"], "image/jpeg");
    let (status, html, _) = page(&format!("{base}{thanks}"), from).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Đã nhận giấy tờ bổ sung"), "{html}");
    assert!(html.contains("chung-sinh.pdf") && html.contains("cccd.jpg"));
    let (_, english, _) = page(&format!("{base}{thanks}&lang=en"), from).await;
    assert!(english.contains("Documents received"), "{english}");
    // Without a proof: the PIN form; with a wrong token: its message.
    let (_, html, _) = page(&format!("{base}/track/{code}/supplement"), from).await;
    assert!(html.contains(r#"name="pin""#));
    let (status, html, _) = page(
        &format!("{base}/track/{code}/supplement?t=0123456789abcdef0123456789abcdef"),
        from,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Không tìm thấy hồ sơ"), "{html}");
    // A PIN in the address moves to the link token's address.
    let (status, _, headers) = page(
        &format!("{base}/track/{code}/supplement?pin={pin}"),
        "198.51.100.21",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        headers["location"],
        format!("/track/{code}/supplement?t={token}").as_str()
    );
}
