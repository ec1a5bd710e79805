//! Files uploaded with applications: with the online submission (multipart), with a
//! supplement, by staff at the desk; listed and downloaded by staff; types read from the
//! content; limits; idempotent retries; the folder storage.

use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::applications::{Desk, online_body};
use crate::helpers::{assert_problem, spawn_app_with};

/// A small PDF.
pub fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// A small JPEG (its markers; enough for the type).
pub fn jpeg() -> Vec<u8> {
    let mut v = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00,
    ];
    v.extend(std::iter::repeat_n(0x42, 200));
    v.extend([0xFF, 0xD9]);
    v
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The online body declaring two documents: the required form and a birth certificate.
fn two_documents() -> Value {
    let mut body = online_body();
    body["documents"] = json!([
        {"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0},
        {"name": "Giấy chứng sinh", "originals": 1, "copies": 0}
    ]);
    body
}

fn part(bytes: Vec<u8>, name: &str, mime: &str) -> Part {
    Part::bytes(bytes)
        .file_name(name.to_owned())
        .mime_str(mime)
        .unwrap()
}

fn form(body: &Value, files: Vec<(&str, Part)>) -> Form {
    let mut form = Form::new().part(
        "application",
        Part::text(body.to_string())
            .mime_str("application/json")
            .unwrap(),
    );
    for (field, part) in files {
        form = form.part(field.to_owned(), part);
    }
    form
}

fn both_files() -> Vec<(&'static str, Part)> {
    vec![
        (
            "documents[0]",
            part(pdf(), "to-khai.pdf", "application/pdf"),
        ),
        (
            "documents[1]",
            part(jpeg(), "giấy chứng sinh.jpg", "image/jpeg"),
        ),
    ]
}

async fn post_form(desk: &Desk, form: Form, key: Option<&str>) -> reqwest::Response {
    let mut req = desk
        .app
        .request(Method::POST, "/api/v1/applications")
        .multipart(form);
    if let Some(key) = key {
        req = req.header("Idempotency-Key", key);
    }
    req.send().await.unwrap()
}

async fn files_of(desk: &Desk, token: &str, code: &str) -> reqwest::Response {
    desk.app
        .get(&format!("/api/v1/applications/{code}/files"), Some(token))
        .await
}

async fn application_count(desk: &Desk) -> u64 {
    let res = desk
        .app
        .get("/api/v1/applications", Some(&desk.clerk))
        .await;
    let body: Value = res.json().await.unwrap();
    body["total"].as_u64().unwrap()
}

#[actix_web::test]
async fn an_online_submission_carries_its_files_and_staff_download_the_same_bytes() {
    let desk = Desk::new().await;
    let res = post_form(&desk, form(&two_documents(), both_files()), None).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    let code = body["code"].as_str().unwrap().to_owned();
    assert_eq!(body["status"]["code"], 1);
    assert!(body["pin"].as_str().is_some_and(|p| !p.is_empty()));
    let files = body["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["purpose"], "submission");
    assert_eq!(files[0]["label"], "Tờ khai đăng ký khai sinh");
    assert_eq!(files[0]["document_index"], 0);
    assert_eq!(files[0]["content_type"], "application/pdf");
    assert_eq!(files[0]["sha256"], sha(&pdf()));
    assert_eq!(files[1]["filename"], "giấy chứng sinh.jpg");
    assert_eq!(files[1]["content_type"], "image/jpeg");
    // Not one of the procedure's documents: no index, its declared name as the label.
    assert_eq!(files[1]["document_index"], Value::Null);
    assert_eq!(files[1]["uploaded_by_role"], "citizen");

    let res = files_of(&desk, &desk.clerk, &code).await;
    assert_eq!(res.status(), StatusCode::OK);
    let listed: Value = res.json().await.unwrap();
    assert_eq!(&listed, &body["files"]);
    for (file, bytes) in listed.as_array().unwrap().iter().zip([pdf(), jpeg()]) {
        let res = desk
            .app
            .get(file["download_url"].as_str().unwrap(), Some(&desk.clerk))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let headers = res.headers().clone();
        assert_eq!(
            headers["content-type"],
            file["content_type"].as_str().unwrap()
        );
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert!(
            headers["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment")
        );
        assert_eq!(
            headers["etag"].to_str().unwrap(),
            format!("\"{}\"", sha(&bytes))
        );
        assert!(
            headers["repr-digest"]
                .to_str()
                .unwrap()
                .starts_with("sha-256=:")
        );
        let got = res.bytes().await.unwrap();
        assert_eq!(got.as_ref(), bytes.as_slice());
        assert_eq!(sha(&got), file["sha256"].as_str().unwrap());
    }
    // The official over the unit reads them too.
    let res = files_of(&desk, &desk.official, &code).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[actix_web::test]
async fn a_file_whose_name_lies_about_its_type_is_refused_and_nothing_is_stored() {
    let desk = Desk::new().await;
    let lying = vec![
        (
            "documents[0]",
            part(pdf(), "to-khai.pdf", "application/pdf"),
        ),
        ("documents[1]", part(pdf(), "photo.jpg", "image/jpeg")),
    ];
    let res = post_form(&desk, form(&two_documents(), lying), None).await;
    let problem = assert_problem(res, 422, "file_type_mismatch").await;
    assert_eq!(problem["errors"][0]["field"], "documents[1]");
    assert_eq!(problem["errors"][0]["rule"], "file_type_mismatch");
    let message = problem["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("JPEG") && message.contains("PDF"),
        "{message}"
    );
    // In English on request, with the declared and the detected type.
    let res = desk
        .app
        .request(Method::POST, "/api/v1/applications")
        .header("Accept-Language", "en")
        .multipart(form(
            &two_documents(),
            vec![("documents[0]", part(jpeg(), "scan.png", "image/png"))],
        ))
        .send()
        .await
        .unwrap();
    let problem = assert_problem(res, 422, "file_type_mismatch").await;
    assert_eq!(
        problem["errors"][0]["message"],
        "scan.png is named as PNG but its content is JPEG"
    );
    // Content that is none of the accepted types.
    let res = post_form(
        &desk,
        form(
            &two_documents(),
            vec![(
                "documents[0]",
                part(
                    b"MZ\x90\0 not a document".to_vec(),
                    "x.pdf",
                    "application/pdf",
                ),
            )],
        ),
        None,
    )
    .await;
    assert_problem(res, 415, "file_type_not_allowed").await;
    // A file part that answers no declared document.
    let res = post_form(
        &desk,
        form(
            &two_documents(),
            vec![("documents[7]", part(pdf(), "a.pdf", "application/pdf"))],
        ),
        None,
    )
    .await;
    assert_problem(res, 422, "validation_failed").await;
    assert_eq!(application_count(&desk).await, 0);
}

#[actix_web::test]
async fn files_past_the_limits_are_refused_per_file_and_per_application() {
    let desk = Desk::with(
        spawn_app_with(|s| {
            s.uploads.max_file_bytes = 1_000;
            s.uploads.max_application_bytes = 1_500;
        })
        .await,
    )
    .await;
    let mut big = pdf();
    big.resize(1_200, b' ');
    let res = post_form(
        &desk,
        form(
            &two_documents(),
            vec![("documents[0]", part(big, "big.pdf", "application/pdf"))],
        ),
        None,
    )
    .await;
    let problem = assert_problem(res, 413, "file_too_large").await;
    assert_eq!(problem["errors"][0]["field"], "documents[0]");
    let mut half = pdf();
    half.resize(800, b' ');
    let res = post_form(
        &desk,
        form(
            &two_documents(),
            vec![
                (
                    "documents[0]",
                    part(half.clone(), "a.pdf", "application/pdf"),
                ),
                ("documents[1]", part(half, "b.pdf", "application/pdf")),
            ],
        ),
        None,
    )
    .await;
    assert_problem(res, 413, "files_too_large").await;
    assert_eq!(application_count(&desk).await, 0);
    // Within the limits it goes through.
    let res = post_form(&desk, form(&two_documents(), both_files()), None).await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

#[actix_web::test]
async fn another_office_and_anonymous_callers_cannot_read_the_files() {
    let desk = Desk::new().await;
    let res = post_form(&desk, form(&two_documents(), both_files()), None).await;
    let body: Value = res.json().await.unwrap();
    let code = body["code"].as_str().unwrap();
    let url = body["files"][0]["download_url"].as_str().unwrap();
    assert_problem(
        files_of(&desk, &desk.other_clerk, code).await,
        404,
        "application_not_found",
    )
    .await;
    assert_problem(
        desk.app.get(url, Some(&desk.other_clerk)).await,
        404,
        "application_not_found",
    )
    .await;
    assert_problem(desk.app.get(url, None).await, 401, "unauthenticated").await;
    let missing = format!("/api/v1/applications/{code}/files/no-such-file");
    assert_problem(
        desk.app.get(&missing, Some(&desk.clerk)).await,
        404,
        "file_not_found",
    )
    .await;
}

#[actix_web::test]
async fn a_retried_submission_with_files_makes_one_application_and_one_set_of_files() {
    let desk = Desk::new().await;
    let first = post_form(
        &desk,
        form(&two_documents(), both_files()),
        Some("apply-42"),
    )
    .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    let again = post_form(
        &desk,
        form(&two_documents(), both_files()),
        Some("apply-42"),
    )
    .await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["code"], first["code"]);
    assert_eq!(again["pin"], first["pin"]);
    assert_eq!(again["files"], first["files"]);
    assert_eq!(application_count(&desk).await, 1);
    let code = first["code"].as_str().unwrap();
    let listed: Value = files_of(&desk, &desk.clerk, code)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 2);
    // The same key with other files is another request.
    let other = vec![("documents[0]", part(jpeg(), "a.jpg", "image/jpeg"))];
    let res = post_form(&desk, form(&two_documents(), other), Some("apply-42")).await;
    assert_problem(res, 422, "idempotency_key_reused").await;
}

#[actix_web::test]
async fn the_folder_storage_keeps_the_bytes_under_their_digest() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().to_string_lossy().into_owned();
    let desk = Desk::with(
        spawn_app_with(move |s| {
            s.uploads.storage = motcua::config::UploadStorage::Folder;
            s.uploads.folder = path;
        })
        .await,
    )
    .await;
    let res = post_form(&desk, form(&two_documents(), both_files()), None).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    let digest = sha(&pdf());
    let on_disk = std::fs::read(folder.path().join(&digest[..2]).join(&digest)).unwrap();
    assert_eq!(on_disk, pdf());
    let res = desk
        .app
        .get(
            body["files"][0]["download_url"].as_str().unwrap(),
            Some(&desk.clerk),
        )
        .await;
    assert_eq!(res.bytes().await.unwrap().as_ref(), pdf().as_slice());
}

#[actix_web::test]
async fn the_applicant_sends_a_supplement_by_upload_with_the_pin() {
    let desk = Desk::new().await;
    let submitted = desk.submit(None, &online_body()).await;
    let code = submitted["code"].as_str().unwrap().to_owned();
    let pin = submitted["pin"].as_str().unwrap().to_owned();
    let supplement = format!("/api/v1/tracking/{code}/supplement");
    // Nothing asked yet.
    let res = desk
        .app
        .request(Method::POST, &supplement)
        .multipart(
            Form::new()
                .text("pin", pin.clone())
                .part("items[0]", part(pdf(), "a.pdf", "application/pdf")),
        )
        .send()
        .await
        .unwrap();
    assert_problem(res, 409, "supplement_not_requested").await;
    desk.ok(
        &desk.clerk,
        &code,
        "request-supplement",
        json!({"items": ["Bản sao giấy chứng sinh", "Ảnh CCCD của người đi khai"]}),
    )
    .await;
    let asked = desk.app.get_json(&format!("{supplement}?pin={pin}")).await;
    assert_eq!(asked["awaited"], true);
    assert_eq!(
        asked["items"],
        json!(["Bản sao giấy chứng sinh", "Ảnh CCCD của người đi khai"])
    );
    assert_eq!(asked["sent"], json!([]));
    // Without the right PIN: the same 404 as an unknown code.
    let res = desk
        .app
        .request(Method::POST, &supplement)
        .multipart(
            Form::new()
                .text("pin", "00000000")
                .part("items[0]", part(pdf(), "a.pdf", "application/pdf")),
        )
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "application_not_found").await;
    let send = || {
        desk.app
            .request(Method::POST, &supplement)
            .header("Idempotency-Key", "supp-1")
            .multipart(
                Form::new()
                    .text("pin", pin.clone())
                    .part(
                        "items[0]",
                        part(pdf(), "giay-chung-sinh.pdf", "application/pdf"),
                    )
                    .part("items[1]", part(jpeg(), "cccd.jpg", "image/jpeg")),
            )
            .send()
    };
    let res = send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let sent: Value = res.json().await.unwrap();
    assert_eq!(sent["sent"].as_array().unwrap().len(), 2);
    assert_eq!(sent["sent"][1]["label"], "Ảnh CCCD của người đi khai");
    assert_eq!(sent["sent"][1]["item"], 1);
    let res = send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let listed: Value = files_of(&desk, &desk.clerk, &code)
        .await
        .json()
        .await
        .unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2, "a retry stores nothing more");
    assert!(listed.iter().all(|f| f["purpose"] == "supplement"));
    // Staff check it and record the supplement; then no more is taken.
    desk.ok(&desk.clerk, &code, "supplement", json!({})).await;
    let res = send().await.unwrap();
    // The same key answers the first answer...
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = desk
        .app
        .request(Method::POST, &supplement)
        .multipart(
            Form::new()
                .text("pin", pin.clone())
                .part("items[0]", part(pdf(), "a.pdf", "application/pdf")),
        )
        .send()
        .await
        .unwrap();
    // ...and a new one is refused.
    assert_problem(res, 409, "supplement_not_requested").await;
}

#[actix_web::test]
async fn staff_attach_desk_scans_and_results() {
    let desk = Desk::new().await;
    let submitted = desk
        .submit(Some(&desk.clerk), &crate::applications::desk_body())
        .await;
    let code = submitted["code"].as_str().unwrap().to_owned();
    let attach = |token: &str, form: Form| {
        desk.app
            .request(Method::POST, &format!("/api/v1/applications/{code}/files"))
            .bearer_auth(token)
            .multipart(form)
            .send()
    };
    let scan = || {
        Form::new()
            .text("purpose", "desk_scan")
            .part("documents[0]", part(jpeg(), "scan-1.jpg", "image/jpeg"))
    };
    let res = attach(&desk.clerk, scan()).await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let out: Value = res.json().await.unwrap();
    assert_eq!(out[0]["purpose"], "desk_scan");
    assert_eq!(out[0]["label"], "Tờ khai đăng ký khai sinh");
    assert_eq!(out[0]["uploaded_by_role"], "clerk");
    assert_problem(
        attach(&desk.official, scan()).await.unwrap(),
        403,
        "forbidden",
    )
    .await;
    assert_problem(
        attach(&desk.other_clerk, scan()).await.unwrap(),
        404,
        "application_not_found",
    )
    .await;
    let res = attach(
        &desk.clerk,
        Form::new()
            .text("purpose", "submission")
            .part("files", part(pdf(), "x.pdf", "application/pdf")),
    )
    .await
    .unwrap();
    assert_problem(res, 422, "validation_failed").await;
    let res = attach(
        &desk.clerk,
        Form::new()
            .text("purpose", "result")
            .text("label", "Giấy khai sinh (bản điện tử)")
            .part("files", part(pdf(), "ket-qua.pdf", "application/pdf")),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let listed: Value = files_of(&desk, &desk.clerk, &code)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed[1]["purpose"], "result");
    assert_eq!(listed[1]["label"], "Giấy khai sinh (bản điện tử)");
}
