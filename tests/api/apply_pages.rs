//! The online application pages over HTTP: the steps with a draft in a cookie, errors kept
//! with what was typed and attached, files checked by their content, one application for a
//! double submit, the PIN shown once, and the sweep of expired drafts.

use std::collections::BTreeMap;

use diesel::prelude::*;
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode, redirect};

use crate::applications::{DESK, Desk};
use crate::files::{jpeg, pdf};
use crate::helpers::marriage_registration;

/// A procedure with two documents to send and one needed only in some cases.
pub const TWO_FILES: &str = "1.000894";

/// Adds [`TWO_FILES`] to the desk's catalog, received online at both desks.
pub async fn with_two_documents(desk: &Desk) {
    let app = &desk.app;
    let res = app
        .send_json(
            Method::POST,
            "/api/v1/procedures",
            Some(&desk.admin),
            &marriage_registration(TWO_FILES),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap()
    );
    for office in [DESK, crate::applications::OTHER_DESK] {
        app.receive_online(
            &desk.admin,
            office,
            &[crate::applications::PROCEDURE, TWO_FILES],
        )
        .await;
    }
}

/// A browser without JavaScript: keeps its cookies, follows no redirect by itself.
#[derive(Clone)]
struct Citizen {
    base: String,
    client: reqwest::Client,
    cookies: BTreeMap<String, String>,
    csrf: String,
}

struct Page {
    status: StatusCode,
    location: Option<String>,
    html: String,
}

impl Citizen {
    fn new(desk: &Desk) -> Self {
        Self {
            base: desk.app.address.clone(),
            client: reqwest::Client::builder()
                .redirect(redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: BTreeMap::new(),
            csrf: String::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn read(&mut self, res: reqwest::Response) -> Page {
        for value in res.headers().get_all("set-cookie") {
            let pair = value.to_str().unwrap().split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            self.cookies.insert(k.to_owned(), v.to_owned());
        }
        let status = res.status();
        let location = res
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        let html = res.text().await.unwrap();
        let marker = r#"name="csrf" value=""#;
        if let Some(start) = html.find(marker) {
            self.csrf = html[start + marker.len()..]
                .split('"')
                .next()
                .unwrap()
                .to_owned();
        }
        Page {
            status,
            location,
            html,
        }
    }

    async fn get(&mut self, path: &str) -> Page {
        let res = self
            .client
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.read(res).await
    }

    fn post_request(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::RequestBuilder {
        let mut fields: Vec<(&str, &str)> = fields.to_vec();
        fields.push(("csrf", &self.csrf));
        self.client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .form(&fields)
    }

    async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let res = self.post_request(path, fields).send().await.unwrap();
        self.read(res).await
    }

    async fn upload(&mut self, path: &str, files: Vec<(&str, &str, Vec<u8>)>) -> Page {
        let mut form = Form::new().text("csrf", self.csrf.clone());
        for (field, name, bytes) in files {
            form = form.part(
                field.to_owned(),
                Part::bytes(bytes).file_name(name.to_owned()),
            );
        }
        let res = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .multipart(form)
            .send()
            .await
            .unwrap();
        self.read(res).await
    }

    /// Office and valid details: the draft stands at the documents step.
    async fn through_details(&mut self, code: &str) {
        self.get(&format!("/apply/{code}")).await;
        let page = self
            .post(&format!("/apply/{code}"), &[("office", DESK)])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.html);
        assert_eq!(
            page.location.as_deref(),
            Some(format!("/apply/{code}/details").as_str())
        );
        assert!(self.cookies.contains_key("draft"));
        self.get(&format!("/apply/{code}/details")).await;
        let page = self
            .post(
                &format!("/apply/{code}/details"),
                &[
                    ("name", "Trần Thị Bình"),
                    ("id_kind", "citizen_id"),
                    ("id_number", "001203004567"),
                    ("phone", "0912 345 678"),
                    ("email", ""),
                    ("address", "Số 2 Tràng Tiền"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.html);
        self.get(&format!("/apply/{code}/documents")).await;
    }
}

fn count(desk: &Desk, table: &str) -> i64 {
    let mut conn = desk.app.db.connect();
    use motcua::db::schema::{application_drafts, application_files, applications, draft_files};
    match table {
        "applications" => applications::table.count().get_result(&mut conn),
        "application_files" => application_files::table.count().get_result(&mut conn),
        "draft_files" => draft_files::table.count().get_result(&mut conn),
        _ => application_drafts::table.count().get_result(&mut conn),
    }
    .unwrap()
}

fn pin_in(html: &str) -> Option<String> {
    let marker = r#"<p class="pin-value"><strong>"#;
    let start = html.find(marker)? + marker.len();
    Some(html[start..].split('<').next()?.to_owned())
}

#[actix_web::test]
async fn an_online_application_goes_from_the_office_to_the_confirmation_with_its_files() {
    let desk = Desk::new().await;
    with_two_documents(&desk).await;
    let mut citizen = Citizen::new(&desk);
    let start = citizen.get(&format!("/apply/{TWO_FILES}")).await;
    assert_eq!(start.status, StatusCode::OK);
    assert!(start.html.contains("Bạn cần chuẩn bị"), "{}", start.html);
    assert!(start.html.contains("Giấy xác nhận tình trạng hôn nhân"));
    citizen.through_details(TWO_FILES).await;
    let page = citizen
        .upload(
            &format!("/apply/{TWO_FILES}/documents"),
            vec![
                ("documents[0]", "to-khai.pdf", pdf()),
                ("documents[1]", "xac-nhan.jpg", jpeg()),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.html);
    assert_eq!(
        page.location.as_deref(),
        Some(format!("/apply/{TWO_FILES}/check").as_str())
    );
    assert_eq!(count(&desk, "draft_files"), 2);
    let check = citizen.get(&format!("/apply/{TWO_FILES}/check")).await;
    assert_eq!(check.status, StatusCode::OK);
    for shown in [
        "Kiểm tra thông tin",
        "Trần Thị Bình",
        "001203004567",
        "to-khai.pdf",
        "xac-nhan.jpg",
        "/details?change=1#phone",
    ] {
        assert!(check.html.contains(shown), "{shown}: {}", check.html);
    }
    let sent = citizen
        .post(&format!("/apply/{TWO_FILES}/check"), &[])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.html);
    assert_eq!(
        sent.location.as_deref(),
        Some(format!("/apply/{TWO_FILES}/done").as_str())
    );
    let done = citizen.get(&format!("/apply/{TWO_FILES}/done")).await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.html.contains("Đã gửi hồ sơ"));
    let code = format!("{DESK}-");
    assert!(done.html.contains(&code), "{}", done.html);
    let pin = pin_in(&done.html).expect("the PIN is shown");
    assert_eq!(pin.len(), 8);
    assert!(done.html.contains("<svg"), "the QR code");
    assert!(done.html.contains("data-print"));
    // The application and its two files; the draft keeps nothing of them.
    assert_eq!(count(&desk, "applications"), 1);
    assert_eq!(count(&desk, "application_files"), 2);
    assert_eq!(count(&desk, "draft_files"), 0);
    // The PIN opens the tracking view.
    let start = done.html.find(&code).unwrap();
    let app_code: String = done.html[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        .collect();
    let res = desk
        .app
        .get(&format!("/api/v1/tracking/{app_code}?pin={pin}"), None)
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    // Shown once: the page again, and the back button, show the code without the PIN.
    let again = citizen.get(&format!("/apply/{TWO_FILES}/done")).await;
    assert!(again.html.contains(&app_code));
    assert!(pin_in(&again.html).is_none());
    assert!(!again.html.contains(&pin));
    let back = citizen.get(&format!("/apply/{TWO_FILES}/check")).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    assert_eq!(
        back.location.as_deref(),
        Some(format!("/apply/{TWO_FILES}/done").as_str())
    );
    // In English too.
    let english = citizen
        .get(&format!("/apply/{TWO_FILES}/done?lang=en"))
        .await;
    assert!(
        english.html.contains("Application sent"),
        "{}",
        english.html
    );
}

#[actix_web::test]
async fn bad_details_come_back_with_every_error_beside_its_field_and_what_was_typed() {
    let desk = Desk::new().await;
    let code = crate::applications::PROCEDURE;
    let mut citizen = Citizen::new(&desk);
    citizen.get(&format!("/apply/{code}")).await;
    // No office chosen.
    let page = citizen.post(&format!("/apply/{code}"), &[]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.html.contains("chọn nơi tiếp nhận hồ sơ"),
        "{}",
        page.html
    );
    assert!(page.html.contains(r##"href="#office""##));
    citizen
        .post(&format!("/apply/{code}"), &[("office", DESK)])
        .await;
    let page = citizen
        .post(
            &format!("/apply/{code}/details"),
            &[
                ("name", "Lê Văn <Cường>"),
                ("id_kind", "citizen_id"),
                ("id_number", "12345"),
                ("phone", ""),
                ("email", "not-an-email"),
                ("address", "Ngõ 5"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = &page.html;
    assert!(html.contains("error-summary"), "{html}");
    for (id, message) in [
        ("id-number", "số căn cước phải gồm 12 chữ số"),
        ("email", "địa chỉ email không hợp lệ"),
    ] {
        assert!(html.contains(&format!(r##"href="#{id}""##)), "{id}: {html}");
        assert!(
            html.contains(&format!(r#"id="{id}-error""#)),
            "{id} message beside: {html}"
        );
        assert_eq!(
            html.matches(message).count(),
            2,
            "{message}: summary and field"
        );
    }
    // What was typed is kept, escaped.
    assert!(html.contains(r#"value="Lê Văn &lt;Cường&gt;""#), "{html}");
    assert!(html.contains(r#"value="12345""#));
    assert!(html.contains(r#"value="not-an-email""#));
    assert!(html.contains(r#"value="Ngõ 5""#));
    // And it is kept in the draft: the page opened again shows it.
    let again = citizen.get(&format!("/apply/{code}/details")).await;
    assert!(again.html.contains(r#"value="12345""#));
    // Check your answers does not let an invalid draft through.
    let sent = citizen.post(&format!("/apply/{code}/check"), &[]).await;
    assert_eq!(sent.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(sent.html.contains("số căn cước phải gồm 12 chữ số"));
    assert!(sent.html.contains("chọn tệp cho giấy tờ"), "{}", sent.html);
    assert_eq!(count(&desk, "applications"), 0);
}

#[actix_web::test]
async fn a_file_whose_name_lies_is_refused_and_the_files_already_attached_are_kept() {
    let desk = Desk::new().await;
    with_two_documents(&desk).await;
    let mut citizen = Citizen::new(&desk);
    citizen.through_details(TWO_FILES).await;
    let page = citizen
        .upload(
            &format!("/apply/{TWO_FILES}/documents"),
            vec![
                ("documents[0]", "to-khai.pdf", b"just some text".to_vec()),
                ("documents[1]", "xac-nhan.jpg", jpeg()),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.html
            .contains("tệp to-khai.pdf không phải PDF, JPEG, PNG hay HEIC"),
        "{}",
        page.html
    );
    assert!(page.html.contains(r##"href="#documents-0-""##));
    assert!(page.html.contains("xac-nhan.jpg"), "the good file is kept");
    assert_eq!(count(&desk, "draft_files"), 1);
    // A PNG named .jpg: refused by its content, the kept file stays.
    let png = b"\x89PNG\r\n\x1a\n0000".to_vec();
    let page = citizen
        .upload(
            &format!("/apply/{TWO_FILES}/documents"),
            vec![("documents[0]", "anh.jpg", png)],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.html.contains("nội dung là PNG"), "{}", page.html);
    assert!(page.html.contains("xac-nhan.jpg"));
    // Continue without the first document: it is asked for.
    let page = citizen
        .upload(&format!("/apply/{TWO_FILES}/documents"), vec![])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.html
            .contains("chọn tệp cho giấy tờ: Tờ khai đăng ký kết hôn")
    );
    // A new file replaces the old one; the optional document may stay empty.
    let page = citizen
        .upload(
            &format!("/apply/{TWO_FILES}/documents"),
            vec![
                ("documents[0]", "to-khai.pdf", pdf()),
                ("documents[1]", "xac-nhan-2.pdf", pdf()),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.html);
    assert_eq!(count(&desk, "draft_files"), 2);
    let check = citizen.get(&format!("/apply/{TWO_FILES}/check")).await;
    assert!(check.html.contains("xac-nhan-2.pdf"));
    assert!(!check.html.contains("xac-nhan.jpg"));
    // Removing a file takes it off.
    let mut form = Form::new()
        .text("csrf", citizen.csrf.clone())
        .text("remove", "1");
    form = form.text("unused", "");
    let res = citizen
        .client
        .post(format!("{}/apply/{TWO_FILES}/documents", citizen.base))
        .header("cookie", citizen.cookie_header())
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(count(&desk, "draft_files"), 1);
}

#[actix_web::test]
async fn a_double_submit_and_a_retry_create_one_application() {
    let desk = Desk::new().await;
    let code = crate::applications::PROCEDURE;
    let mut citizen = Citizen::new(&desk);
    citizen.through_details(code).await;
    let page = citizen
        .upload(
            &format!("/apply/{code}/documents"),
            vec![("documents[0]", "to-khai.pdf", pdf())],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.html);
    citizen.get(&format!("/apply/{code}/check")).await;
    let path = format!("/apply/{code}/check");
    let clicks = (0..4).map(|_| citizen.post_request(&path, &[]).send());
    for res in futures_util::future::join_all(clicks).await {
        let res = res.unwrap();
        let status = res.status();
        let location = res.headers().get("location").cloned();
        assert_eq!(
            status,
            StatusCode::SEE_OTHER,
            "{}",
            res.text().await.unwrap()
        );
        let res = location.unwrap();
        assert_eq!(res.to_str().unwrap(), format!("/apply/{code}/done"));
    }
    // The back button and the form sent again.
    let again = citizen.post(&path, &[]).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(count(&desk, "applications"), 1);
    assert_eq!(count(&desk, "application_files"), 1);
    let done = citizen.get(&format!("/apply/{code}/done")).await;
    assert!(pin_in(&done.html).is_some(), "{}", done.html);
}

#[actix_web::test]
async fn a_step_without_a_draft_goes_back_to_the_start() {
    let desk = Desk::new().await;
    let code = crate::applications::PROCEDURE;
    let mut citizen = Citizen::new(&desk);
    for step in ["details", "documents", "check", "done"] {
        let page = citizen.get(&format!("/apply/{code}/{step}")).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{step}");
        assert_eq!(
            page.location.as_deref(),
            Some(format!("/apply/{code}").as_str())
        );
    }
    let page = citizen.get("/apply/9.999999").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    // A form without its token is refused.
    let res = citizen
        .client
        .post(format!("{}/apply/{code}", citizen.base))
        .form(&[("office", DESK)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn expired_drafts_and_the_bytes_only_they_held_are_swept() {
    let desk = Desk::new().await;
    let code = crate::applications::PROCEDURE;
    let mut citizen = Citizen::new(&desk);
    citizen.through_details(code).await;
    citizen
        .upload(
            &format!("/apply/{code}/documents"),
            vec![("documents[0]", "to-khai.pdf", pdf())],
        )
        .await;
    assert_eq!(count(&desk, "draft_files"), 1);
    let mut conn = desk.app.db.connect();
    use motcua::db::schema::{application_drafts, file_contents};
    let past = motcua::db::now() - chrono::Duration::hours(2);
    diesel::update(application_drafts::table)
        .set(application_drafts::expires_at.eq(past))
        .execute(&mut conn)
        .unwrap();
    diesel::update(file_contents::table)
        .set(file_contents::created_at.eq(past))
        .execute(&mut conn)
        .unwrap();
    let storage = motcua::service::files::Storage::from_settings(&Default::default());
    let (drafts, contents) = motcua::service::files::sweep(&mut conn, &storage).unwrap();
    assert_eq!((drafts, contents), (1, 1));
    assert_eq!(count(&desk, "drafts"), 0);
    assert_eq!(count(&desk, "draft_files"), 0);
    // The expired draft's cookie now starts afresh.
    let page = citizen.get(&format!("/apply/{code}/check")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        page.location.as_deref(),
        Some(format!("/apply/{code}").as_str())
    );
}
