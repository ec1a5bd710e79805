//! The reception desk's pages over HTTP: the office's day and its queues, opening an
//! application by its code or slip 01's link, the desk intake with scans (one application for
//! a double submit, errors beside their fields with what was typed kept) and the slips printed
//! with the cookie session; each page a clerk's, refused to the other roles, and the sign-in
//! page without a session.

use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::applications::{AGENCY, DESK, Desk, desk_body, online_body};
use crate::apply_pages::{TWO_FILES, with_two_documents};
use crate::files::{jpeg, pdf};
use crate::staff_pages::{Page, Session};

async fn clerk(desk: &Desk) -> Session {
    Session::sign_in(&desk.app, "clerk1", "clerk1-password").await
}

fn part(bytes: Vec<u8>, name: &str, mime: &str) -> Part {
    Part::bytes(bytes)
        .file_name(name.to_owned())
        .mime_str(mime)
        .unwrap()
}

/// The application's staff view, as the admin sees it.
async fn files_of(desk: &Desk, code: &str) -> Vec<Value> {
    let res = desk
        .app
        .get(
            &format!("/api/v1/applications/{code}/files"),
            Some(&desk.admin),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn total(desk: &Desk) -> u64 {
    let res = desk
        .app
        .get("/api/v1/applications", Some(&desk.admin))
        .await;
    let body: Value = res.json().await.unwrap();
    body["total"].as_u64().unwrap()
}

/// The hidden value of a field in a page.
fn hidden(page: &Page, name: &str) -> String {
    let marker = format!(r#"name="{name}" value=""#);
    let start = page.html.find(&marker).expect(name) + marker.len();
    page.html[start..].split('"').next().unwrap().to_owned()
}

#[actix_web::test]
async fn each_desk_page_is_a_clerks_and_refused_to_the_other_roles() {
    let desk = Desk::new().await;
    let code = desk.submit(Some(&desk.clerk), &desk_body()).await["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let pages = [
        "/staff/desk".to_owned(),
        "/staff/desk/list/waiting".to_owned(),
        "/staff/desk/intake".to_owned(),
        "/staff/desk/intake?q=khai+sinh".to_owned(),
        format!(
            "/staff/desk/intake?procedure={}",
            crate::applications::PROCEDURE
        ),
        format!("/staff/desk/open?code={code}"),
    ];
    let mut clerk = clerk(&desk).await;
    for path in &pages {
        let page = clerk.get(path).await;
        if path.starts_with("/staff/desk/open") {
            page.assert_redirect(&format!("/staff/applications/{code}"));
        } else {
            assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.html);
        }
    }
    let slip = clerk
        .get(&format!("/staff/applications/{code}/slips/01"))
        .await;
    assert_eq!(slip.status, StatusCode::OK);
    desk.app
        .staff(&desk.admin, "spec2", "specialist", Some(DESK), None)
        .await;
    for (username, password) in [
        ("spec1", "spec1-password".to_owned()),
        ("lead1", "lead1-password".to_owned()),
        ("admin", crate::helpers::ADMIN_PASSWORD.to_owned()),
    ] {
        let mut other = Session::sign_in(&desk.app, username, &password).await;
        for path in &pages {
            let page = other.get(path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{username} on {path}");
            assert!(page.html.contains("<html"), "the site's 403 page");
        }
    }
    // The slips follow the API's rules: slip 01 only at the receiving office (and for
    // administrators), the others for the staff who may see the application.
    let mut specialist = Session::sign_in(&desk.app, "spec2", "spec2-password").await;
    let page = specialist
        .get(&format!("/staff/applications/{code}/slips/05"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let mut official = Session::sign_in(&desk.app, "lead1", "lead1-password").await;
    let page = official
        .get(&format!("/staff/applications/{code}/slips/05"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let page = official
        .get(&format!("/staff/applications/{code}/slips/01"))
        .await;
    assert_eq!(
        page.status,
        StatusCode::FORBIDDEN,
        "slip 01 is the receiving office's"
    );
    let mut anonymous = Session::anonymous(&desk.app);
    for path in pages
        .iter()
        .chain([&format!("/staff/applications/{code}/slips/01")])
    {
        let page = anonymous.get(path).await;
        let to = page.assert_redirect("/staff/sign-in");
        assert!(to.contains("next=%2Fstaff%2F"), "{to}");
    }
}

#[actix_web::test]
async fn the_day_shows_each_queue_with_its_count_oldest_first() {
    let desk = Desk::new().await;
    let first = desk.submit(None, &online_body()).await;
    let second = desk.submit(None, &online_body()).await;
    let first = first["code"].as_str().unwrap().to_owned();
    let second = second["code"].as_str().unwrap().to_owned();
    // A result ready: received, handed over, resolved by the agency.
    let resolved = desk.processing().await;
    desk.ok(
        &desk.specialist,
        &resolved,
        "resolve",
        json!({"outcome": "approved"}),
    )
    .await;
    // A supplement sent back by the applicant.
    let asked = desk.submit(None, &online_body()).await;
    let asked_code = asked["code"].as_str().unwrap().to_owned();
    desk.ok(
        &desk.clerk,
        &asked_code,
        "request-supplement",
        json!({"items": ["Bản sao giấy chứng sinh"]}),
    )
    .await;
    let page = Session::sign_in(&desk.app, "clerk1", "clerk1-password")
        .await
        .get("/staff/desk")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let html = &page.html;
    let section = |id: &str| {
        let start = html.find(&format!(r#"id="queue-{id}""#)).expect(id);
        let rest = &html[start..];
        let end = rest.find("</section>").unwrap();
        rest[..end].to_owned()
    };
    let waiting = section("waiting");
    assert!(waiting.contains("(2)"), "{waiting}");
    let (a, b) = (
        waiting.find(&first).unwrap(),
        waiting.find(&second).unwrap(),
    );
    assert!(a < b, "oldest first");
    assert!(waiting.contains(&format!(r#"href="/staff/applications/{first}""#)));
    let results = section("results");
    assert!(
        results.contains("(1)") && results.contains(&resolved),
        "{results}"
    );
    let back = section("supplements");
    assert!(back.contains("(0)"), "nothing sent back yet: {back}");
    let pin = asked["pin"].as_str().unwrap();
    let res = desk
        .app
        .request(
            Method::POST,
            &format!("/api/v1/tracking/{asked_code}/supplement"),
        )
        .multipart(Form::new().text("pin", pin.to_owned()).part(
            "items[0]",
            part(pdf(), "giay-chung-sinh.pdf", "application/pdf"),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let page = clerk(&desk).await.get("/staff/desk").await;
    let start = page.html.find(r#"id="queue-supplements""#).unwrap();
    let back = &page.html[start..start + page.html[start..].find("</section>").unwrap()];
    assert!(back.contains("(1)") && back.contains(&asked_code), "{back}");
    // Another office's day holds none of these.
    let other = Session::sign_in(&desk.app, "clerk2", "clerk2-password")
        .await
        .get("/staff/desk")
        .await;
    assert!(!other.html.contains(&first) && !other.html.contains(&resolved));
}

#[actix_web::test]
async fn an_application_opens_by_its_code_typed_spaced_or_from_the_qr_link() {
    let desk = Desk::new().await;
    let submitted = desk.submit(None, &online_body()).await;
    let code = submitted["code"].as_str().unwrap().to_owned();
    let link = submitted["tracking_url"].as_str().unwrap().to_owned();
    let mut clerk = clerk(&desk).await;
    let spaced = format!("  {}  ", code.to_lowercase().replace('-', " - "));
    for typed in [code.clone(), spaced, link] {
        let query: String = form_urlencoded::byte_serialize(typed.as_bytes()).collect();
        let page = clerk.get(&format!("/staff/desk/open?code={query}")).await;
        page.assert_redirect(&format!("/staff/applications/{code}"));
    }
    for typed in ["H01.1-200101-9999", "not a code"] {
        let query: String = form_urlencoded::byte_serialize(typed.as_bytes()).collect();
        let page = clerk.get(&format!("/staff/desk/open?code={query}")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{typed}");
        assert!(
            page.html.contains(r##"href="#code""##),
            "the summary links to the box"
        );
        assert!(
            page.html.contains(r#"id="code-error""#),
            "the message beside the box"
        );
        assert!(
            page.html.contains(&format!(r#"value="{typed}""#)),
            "what was typed is kept"
        );
    }
    // Another office's application is not found from this desk.
    let theirs = Session::sign_in(&desk.app, "clerk2", "clerk2-password")
        .await
        .get(&format!("/staff/desk/open?code={code}"))
        .await;
    assert_eq!(theirs.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// The intake form of [`TWO_FILES`] as the clerk fills it, with a scan for each required
/// document.
fn filled(session: &Session, key: &str, name: &str, id_number: &str) -> Form {
    session
        .multipart()
        .text("key", key.to_owned())
        .text("procedure", TWO_FILES)
        .text("name", name.to_owned())
        .text("id_kind", "citizen_id")
        .text("id_number", id_number.to_owned())
        .text("phone", "0912 345 678")
        .text("channel", "in_person")
        .text("documents[0]", "1")
        .text("originals[0]", "1")
        .text("copies[0]", "0")
        .text("documents[1]", "1")
        .text("originals[1]", "1")
        .text("copies[1]", "1")
        .part("scans[0]", part(pdf(), "to-khai.pdf", "application/pdf"))
        .part("scans[1]", part(jpeg(), "xac-nhan.jpg", "image/jpeg"))
        .part("scans[1]", part(pdf(), "xac-nhan-2.pdf", "application/pdf"))
}

#[actix_web::test]
async fn the_desk_intake_receives_with_scans_once_and_opens_slip_01() {
    let desk = Desk::new().await;
    with_two_documents(&desk).await;
    let mut clerk = clerk(&desk).await;
    // The procedure by the words of its name, without accents.
    let found = clerk.get("/staff/desk/intake?q=dang+ky+ket+hon").await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(found.html.contains(&format!("procedure={TWO_FILES}")));
    // By its code typed whole: straight to the form.
    let form = clerk
        .get(&format!("/staff/desk/intake?q={TWO_FILES}"))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.html.contains("Giấy xác nhận tình trạng hôn nhân"));
    assert!(form.html.contains(r#"type="file" multiple"#));
    assert!(form.html.contains(r#"accept="image/*,application/pdf""#));
    assert!(form.html.contains("autofocus"));
    let key = hidden(&form, "key");
    let before = total(&desk).await;
    let sent = clerk
        .post_multipart(
            "/staff/desk/intake",
            filled(&clerk, &key, "Trần Thị Bình", "001203004568"),
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.html);
    let slip = sent.location.clone().unwrap();
    assert!(
        slip.starts_with("/staff/applications/") && slip.ends_with("/slips/01"),
        "{slip}"
    );
    let code = slip
        .trim_start_matches("/staff/applications/")
        .trim_end_matches("/slips/01")
        .to_owned();
    // The same form sent again (a double click, the back button): the same application.
    let again = clerk
        .post_multipart(
            "/staff/desk/intake",
            filled(&clerk, &key, "Trần Thị Bình", "001203004568"),
        )
        .await;
    assert_eq!(again.assert_redirect(&slip), slip);
    assert_eq!(total(&desk).await, before + 1, "one application");
    let application = desk.get(&code).await;
    assert_eq!(application["status"]["code"], 2, "received at the desk");
    assert_eq!(application["receiving_office"], DESK);
    let files = files_of(&desk, &code).await;
    assert_eq!(files.len(), 3, "{files:?}");
    assert!(files.iter().all(|f| f["purpose"] == "desk_scan"));
    assert_eq!(files[0]["label"], "Tờ khai đăng ký kết hôn");
    assert_eq!(files[1]["content_type"], "image/jpeg");
    assert_eq!(files[2]["content_type"], "application/pdf");
    assert_eq!(files[2]["document_index"], 1);
    // Decision 766's digitisation: the scanned application counts, one received at the desk
    // without scans does not.
    desk.submit(Some(&desk.clerk), &desk_body()).await;
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let res = desk
        .app
        .get(
            &format!("/api/v1/reports/index-766?unit=99001&from={today}&to={today}"),
            Some(&desk.official),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let index: Value = res.json().await.unwrap();
    let digitised = index["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "applications_digitised")
        .cloned()
        .expect("the digitisation indicator");
    assert_eq!(
        (
            digitised["numerator"].as_u64(),
            digitised["denominator"].as_u64()
        ),
        (Some(1), Some(2)),
        "{digitised}"
    );
    // Slip 01's print page: the applicant's receipt with a print button.
    let page = clerk.get(&slip).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains(&code));
    assert!(page.html.contains("Trần Thị Bình"));
    assert!(page.html.contains("data-print"));
    assert!(page.html.contains("size: A5"));
    // The handed-over application's control slip is there too; a slip with nothing to
    // print is the site's 404.
    desk.ok(
        &desk.clerk,
        &code,
        "hand-over",
        json!({"to_office": AGENCY}),
    )
    .await;
    let page = clerk
        .get(&format!("/staff/applications/{code}/slips/05"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let page = clerk
        .get(&format!("/staff/applications/{code}/slips/03"))
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn bad_intake_input_comes_back_with_each_message_and_what_was_typed() {
    let desk = Desk::new().await;
    with_two_documents(&desk).await;
    let mut clerk = clerk(&desk).await;
    let form = clerk
        .get(&format!("/staff/desk/intake?procedure={TWO_FILES}"))
        .await;
    let key = hidden(&form, "key");
    let before = total(&desk).await;
    let bad = clerk
        .multipart()
        .text("key", key)
        .text("procedure", TWO_FILES)
        .text("name", "")
        .text("id_kind", "citizen_id")
        .text("id_number", "12345")
        .text("phone", "0912 345 678")
        .text("address", "Số 7 Lý Thường Kiệt")
        .text("documents[0]", "1")
        .text("originals[0]", "1")
        .text("copies[0]", "0")
        .text("originals[1]", "1")
        .text("copies[1]", "0")
        .part(
            "scans[0]",
            part(b"not an image".to_vec(), "to-khai.pdf", "application/pdf"),
        );
    let page = clerk.post_multipart("/staff/desk/intake", bad).await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.html
    );
    let html = &page.html;
    assert!(html.contains("error-summary"));
    for field in ["name", "id-number", "documents-1-"] {
        assert!(
            html.contains(&format!(r##"href="#{field}""##)),
            "the summary links to {field}"
        );
    }
    assert!(html.contains(r#"id="name-error""#));
    assert!(html.contains(r#"id="id-number-error""#));
    assert!(html.contains("Giấy xác nhận tình trạng hôn nhân"));
    // What was typed is kept.
    assert!(html.contains(r#"value="12345""#));
    assert!(html.contains(r#"value="0912 345 678""#));
    assert!(html.contains(r#"value="Số 7 Lý Thường Kiệt""#));
    assert_eq!(total(&desk).await, before, "nothing received");
    // With the fields right, the file whose content is not what its name says is refused
    // beside its document.
    let form = clerk
        .multipart()
        .text("key", hidden(&page, "key"))
        .text("procedure", TWO_FILES)
        .text("name", "Lê Văn Cường")
        .text("id_kind", "citizen_id")
        .text("id_number", "001203004569")
        .text("documents[0]", "1")
        .text("documents[1]", "1")
        .part(
            "scans[1]",
            part(b"not an image".to_vec(), "anh.jpg", "image/jpeg"),
        );
    let page = clerk.post_multipart("/staff/desk/intake", form).await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.html
    );
    assert!(page.html.contains(r##"href="#scans-1-""##), "{}", page.html);
    assert!(page.html.contains("anh.jpg"), "the file to choose again");
    assert!(page.html.contains(r#"value="Lê Văn Cường""#));
    assert_eq!(total(&desk).await, before, "nothing received");
}

#[actix_web::test]
async fn a_form_without_its_token_receives_nothing() {
    let desk = Desk::new().await;
    with_two_documents(&desk).await;
    let mut clerk = clerk(&desk).await;
    clerk
        .get(&format!("/staff/desk/intake?procedure={TWO_FILES}"))
        .await;
    clerk.csrf = "forged".into();
    let before = total(&desk).await;
    let page = clerk
        .post_multipart(
            "/staff/desk/intake",
            filled(&clerk, "k1", "Trần Thị Bình", "001203004568"),
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(total(&desk).await, before);
}
