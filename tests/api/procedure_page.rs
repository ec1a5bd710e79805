//! A procedure's public page: kept per catalog snapshot and language, served gzipped as
//! browsers ask, and following office changes at once.

use std::io::Read;

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::applications::{Desk, OTHER_DESK, PROCEDURE};

#[actix_web::test]
async fn the_procedure_page_is_kept_gzipped_and_follows_the_offices() {
    let desk = Desk::new().await;
    let url = format!("{}/procedures/{PROCEDURE}", desk.app.address);
    let get = |gzip: bool| {
        let url = url.clone();
        async move {
            let mut req = reqwest::Client::new()
                .get(url)
                .header("accept", "text/html");
            if gzip {
                req = req.header("accept-encoding", "gzip");
            }
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            let encoding = res
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap().to_owned());
            let body = res.bytes().await.unwrap();
            match encoding.as_deref() {
                Some("gzip") => {
                    let mut text = String::new();
                    flate2::read::GzDecoder::new(&body[..])
                        .read_to_string(&mut text)
                        .unwrap();
                    (true, text)
                }
                _ => (false, String::from_utf8(body.to_vec()).unwrap()),
            }
        }
    };
    let (_, plain) = get(false).await;
    assert!(plain.contains("một trong 2 cơ quan"), "{plain}");
    let (gzipped, again) = get(true).await;
    assert!(gzipped, "served gzipped");
    assert_eq!(again, plain, "the same document, kept");
    // The other desk stopped receiving it: the next view lists one.
    let res = desk
        .app
        .send_json(
            Method::PUT,
            &format!("/api/v1/offices/{OTHER_DESK}/procedures"),
            Some(&desk.admin),
            &json!([{"procedure_code": PROCEDURE, "available_from": "2020-01-01",
                     "available_to": "2020-12-31", "online_level": "full", "posted": true}]),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, after) = get(true).await;
    assert!(after.contains("Nộp hồ sơ tại cơ quan dưới đây."), "{after}");
    // In English, with the address's language (not kept whole: the query differs).
    let res = reqwest::Client::new()
        .get(format!("{url}?lang=en"))
        .send()
        .await
        .unwrap();
    let english = res.text().await.unwrap();
    assert!(english.contains("Apply at the office below."), "{english}");
}
