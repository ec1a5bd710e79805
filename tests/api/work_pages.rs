//! The staff application pages and the specialist's worklist over HTTP, as a browser without
//! JavaScript uses them: every action through its form for the right role and status, refused
//! for the wrong ones, the apology once, a stale form, the files, the worklist's order, marks,
//! filters and pages, and who may open them.

use diesel::prelude::*;
use reqwest::multipart::Part;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::applications::{AGENCY, DESK, Desk, desk_body, online_body};
use crate::files::{jpeg, pdf};
use crate::staff_pages::{Page, Session};

/// The desk fixture with its clerk and specialist signed in on the pages.
struct Pages {
    desk: Desk,
    clerk: Session,
    specialist: Session,
}

async fn pages() -> Pages {
    let desk = Desk::new().await;
    let clerk = Session::sign_in(&desk.app, "clerk1", "clerk1-password").await;
    let specialist = Session::sign_in(&desk.app, "spec1", "spec1-password").await;
    Pages {
        desk,
        clerk,
        specialist,
    }
}

fn href(code: &str) -> String {
    format!("/staff/applications/{code}")
}

/// The hidden version of the form on a page.
fn version_in(page: &Page) -> String {
    let marker = r#"name="version" value=""#;
    let start = page.html.find(marker).expect("a version field") + marker.len();
    page.html[start..].split('"').next().unwrap().to_owned()
}

/// Opens an action's form and sends it with `fields` (and the form's version).
async fn send(session: &mut Session, code: &str, action: &str, fields: &[(&str, &str)]) -> Page {
    let path = format!("{}/{action}", href(code));
    let form = session.get(&path).await;
    assert_eq!(form.status, StatusCode::OK, "{action} form: {}", form.html);
    let version = version_in(&form);
    let mut all = fields.to_vec();
    all.push(("version", &version));
    session.post_form(&path, &all).await
}

/// Asserts the post/redirect/get to the application's page with its banner, and that the
/// banner shows there.
async fn assert_done(session: &mut Session, page: &Page, code: &str, action: &str) {
    page.assert_redirect(&format!("{}?done={action}", href(code)));
    let shown = session.get(page.location.as_deref().unwrap()).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.html.contains("notice-success"), "{action}: no banner");
}

fn status_of(app: &Value) -> i64 {
    app["status"]["code"].as_i64().unwrap()
}

/// Whether the page offers the action (a link to its form).
fn offers(page: &Page, code: &str, action: &str) -> bool {
    page.html
        .contains(&format!(r#"href="{}/{action}""#, href(code)))
}

#[actix_web::test]
async fn the_clerk_takes_each_of_their_actions_through_its_form() {
    let Pages {
        desk, mut clerk, ..
    } = pages().await;
    let online = desk.submit(None, &online_body()).await;
    let code = online["code"].as_str().unwrap().to_owned();

    // Status 1: the clerk may receive, refuse, ask for a supplement or withdraw; nothing of
    // the processing side.
    let page = clerk.get(&href(&code)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("Nguyễn Văn An"));
    assert!(page.html.contains("Thủ tục đăng ký khai sinh"));
    for action in ["receive", "refuse", "request-supplement", "withdraw"] {
        assert!(offers(&page, &code, action), "{action} offered at 1");
    }
    for action in ["hand-over", "resolve", "transfer", "apologize", "return"] {
        assert!(!offers(&page, &code, action), "{action} not offered at 1");
    }
    for n in ["01", "02", "03", "04", "05"] {
        assert!(page.html.contains(&format!("{}/slips/{n}", href(&code))));
    }

    // A supplement request: the procedure's document ticked plus a free item, one list.
    let form = clerk
        .get(&format!("{}/request-supplement", href(&code)))
        .await;
    assert!(form.html.contains(r#"type="checkbox""#));
    assert!(form.html.contains(r#"value="Tờ khai đăng ký khai sinh""#));
    let done = send(
        &mut clerk,
        &code,
        "request-supplement",
        &[
            ("items", "Tờ khai đăng ký khai sinh"),
            ("other", "Bản sao giấy đăng ký kết hôn\n\n  Ảnh chân dung  "),
        ],
    )
    .await;
    assert_done(&mut clerk, &done, &code, "request-supplement").await;
    let app = desk.get(&code).await;
    assert_eq!(status_of(&app), 5);
    let asked = app["events"].as_array().unwrap().last().unwrap()["payload"]["items"].clone();
    assert_eq!(
        asked,
        json!([
            "Tờ khai đăng ký khai sinh",
            "Bản sao giấy đăng ký kết hôn",
            "Ảnh chân dung"
        ])
    );

    // The supplement came at the desk; then received and handed over to the agency.
    let done = send(&mut clerk, &code, "supplement", &[("note", "Đã nhận đủ")]).await;
    assert_done(&mut clerk, &done, &code, "supplement").await;
    assert_eq!(status_of(&desk.get(&code).await), 2);
    // Handing over without choosing the agency: the form again, the message beside it.
    let bad = send(&mut clerk, &code, "hand-over", &[("to_office", "")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.html.contains("error-summary"));
    assert!(bad.html.contains(r##"href="#to-office""##));
    assert!(bad.html.contains("Chọn cơ quan"));
    let form = clerk.get(&format!("{}/hand-over", href(&code))).await;
    assert!(form.html.contains(&format!(r#"value="{AGENCY}""#)));
    let done = send(&mut clerk, &code, "hand-over", &[("to_office", AGENCY)]).await;
    assert_done(&mut clerk, &done, &code, "hand-over").await;
    let app = desk.get(&code).await;
    assert_eq!(status_of(&app), 4);
    assert_eq!(app["handling_office"], AGENCY);

    // At 4 the clerk has nothing of the processing side: the form is refused, and a post
    // straight to it is the machine's refusal (another office's action: 403).
    let page = clerk.get(&format!("{}/resolve", href(&code))).await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    let refused = clerk
        .post_form(
            &format!("{}/resolve", href(&code)),
            &[
                ("outcome", "approved"),
                ("version", &app["version"].to_string()),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(status_of(&desk.get(&code).await), 4);

    // The specialist resolves (through the API here); the clerk returns the result with its
    // scan, the digitisation of results.
    desk.ok(
        &desk.specialist,
        &code,
        "resolve",
        json!({"outcome": "approved"}),
    )
    .await;
    let path = format!("{}/return", href(&code));
    let form = clerk.get(&path).await;
    assert!(form.html.contains(r#"enctype="multipart/form-data""#));
    let version = version_in(&form);
    let multipart = clerk
        .multipart()
        .text("version", version)
        .text("delivery", "in_person")
        .part(
            "result_file",
            Part::bytes(pdf())
                .file_name("ket-qua.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        );
    let done = clerk.post_multipart(&path, multipart).await;
    assert_done(&mut clerk, &done, &code, "return").await;
    let app = desk.get(&code).await;
    assert_eq!(status_of(&app), 10);
    assert_eq!(app["delivery"], "in_person");
    let files: Value = desk
        .app
        .get(
            &format!("/api/v1/applications/{code}/files"),
            Some(&desk.clerk),
        )
        .await
        .json()
        .await
        .unwrap();
    let result = files
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["purpose"] == "result")
        .expect("the result's scan");
    assert_eq!(result["uploaded_by_role"], "clerk");
    assert_eq!(result["filename"], "ket-qua.pdf");
    // Ended: nothing more to do, and the page says so.
    let page = clerk.get(&href(&code)).await;
    assert!(!offers(&page, &code, "return"));
    assert!(page.html.contains("không có việc nào thuộc về bạn"));

    // Refuse with every reason, one per line; an empty list is refused beside its field.
    let other = desk.submit(None, &online_body()).await;
    let other = other["code"].as_str().unwrap().to_owned();
    let bad = send(&mut clerk, &other, "refuse", &[("reasons", "  \n ")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.html.contains(r##"href="#reasons""##));
    let done = send(
        &mut clerk,
        &other,
        "refuse",
        &[("reasons", "Thiếu tờ khai\nSai thẩm quyền")],
    )
    .await;
    assert_done(&mut clerk, &done, &other, "refuse").await;
    let app = desk.get(&other).await;
    assert_eq!(status_of(&app), 3);
    assert_eq!(
        app["events"].as_array().unwrap().last().unwrap()["payload"]["reasons"],
        json!(["Thiếu tờ khai", "Sai thẩm quyền"])
    );
    // Refused is final: handing it over now is the machine's refusal naming the status.
    let page = clerk.get(&format!("{}/hand-over", href(&other))).await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert!(page.html.contains("Không được tiếp nhận"));
    let stale = clerk
        .post_form(
            &format!("{}/hand-over", href(&other)),
            &[
                ("to_office", AGENCY),
                ("version", &app["version"].to_string()),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale.html.contains("Không được tiếp nhận"),
        "{}",
        stale.html
    );

    // Withdraw at the applicant's request.
    let third = desk.submit(Some(&desk.clerk), &desk_body()).await;
    let third = third["code"].as_str().unwrap().to_owned();
    let done = send(
        &mut clerk,
        &third,
        "withdraw",
        &[("note", "Công dân xin rút")],
    )
    .await;
    assert_done(&mut clerk, &done, &third, "withdraw").await;
    assert_eq!(status_of(&desk.get(&third).await), 7);
}

#[actix_web::test]
async fn the_specialist_transfers_awaits_payment_resolves_and_apologises_once() {
    let Pages {
        desk,
        mut specialist,
        ..
    } = pages().await;
    let res = desk
        .app
        .send_json(
            Method::POST,
            "/api/v1/offices",
            Some(&desk.admin),
            &json!({"code": "P01.2", "name": "Phòng Tài nguyên và Môi trường", "unit_code": "99001",
                    "kind": "processing_agency", "opened_on": "2020-01-01"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let code = desk.processing().await;

    let page = specialist.get(&href(&code)).await;
    assert_eq!(page.status, StatusCode::OK);
    for action in [
        "transfer",
        "await-payment",
        "request-supplement",
        "resolve",
        "apologize",
        "stop",
    ] {
        assert!(offers(&page, &code, action), "{action} offered at 4");
    }
    for action in ["receive", "refuse", "hand-over", "return", "withdraw"] {
        assert!(
            !offers(&page, &code, action),
            "{action} not offered to a specialist"
        );
    }

    // Await payment with an amount, then paid.
    let bad = send(
        &mut specialist,
        &code,
        "await-payment",
        &[("amount", "năm mươi")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.html.contains(r##"href="#amount""##));
    assert!(
        bad.html.contains(r#"value="năm mươi""#),
        "what was typed is kept"
    );
    let done = send(
        &mut specialist,
        &code,
        "await-payment",
        &[("amount", "50.000")],
    )
    .await;
    assert_done(&mut specialist, &done, &code, "await-payment").await;
    let app = desk.get(&code).await;
    assert_eq!(status_of(&app), 6);
    assert_eq!(
        app["events"].as_array().unwrap().last().unwrap()["payload"]["amount"],
        50000
    );
    let page = specialist.get(&href(&code)).await;
    assert!(page.html.contains("50.000"), "the amount in the history");
    let done = send(&mut specialist, &code, "paid", &[]).await;
    assert_done(&mut specialist, &done, &code, "paid").await;
    assert_eq!(status_of(&desk.get(&code).await), 4);

    // The apology: the form says it is once; a date not after the due date is refused
    // beside the field; then given; a second one is refused with the message.
    let form = specialist.get(&format!("{}/apologize", href(&code))).await;
    assert!(form.html.contains("chỉ được hẹn lại ngày trả một lần"));
    let due: chrono::DateTime<chrono::Utc> = desk.get(&code).await["due_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let local_due = (due + chrono::Duration::hours(7)).date_naive();
    let before = (local_due - chrono::Duration::days(30)).to_string();
    let bad = send(
        &mut specialist,
        &code,
        "apologize",
        &[("new_date", &before), ("note", "Cần xác minh thêm")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.html);
    assert!(bad.html.contains(r##"href="#new-date""##));
    let later = (local_due + chrono::Duration::days(7)).to_string();
    let missing_reason = send(&mut specialist, &code, "apologize", &[("new_date", &later)]).await;
    assert_eq!(missing_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing_reason.html.contains(r##"href="#note""##));
    let done = send(
        &mut specialist,
        &code,
        "apologize",
        &[
            ("new_date", &later),
            ("new_time", "15:00"),
            ("note", "Cần xác minh thêm"),
        ],
    )
    .await;
    assert_done(&mut specialist, &done, &code, "apologize").await;
    let app = desk.get(&code).await;
    let promised: chrono::DateTime<chrono::Utc> =
        app["promised_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        (promised + chrono::Duration::hours(7))
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        format!("{later} 15:00")
    );
    let page = specialist.get(&href(&code)).await;
    let shown = (promised + chrono::Duration::hours(7))
        .format("%H:%M %d/%m/%Y")
        .to_string();
    assert!(
        page.html.contains(&format!("Ngày hẹn trả mới: {shown}")),
        "the history names the new date"
    );
    let again = send(
        &mut specialist,
        &code,
        "apologize",
        &[("new_date", &later), ("note", "Lần nữa")],
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(
        again.html.contains("chỉ được hẹn lại một lần"),
        "{}",
        again.html
    );
    assert!(again.html.contains("Lần nữa"), "what was typed is kept");
    assert_eq!(desk.get(&code).await["version"], app["version"]);

    // Resolve: a denial needs its reason; approved with the result's file.
    let bad = send(&mut specialist, &code, "resolve", &[("outcome", "denied")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.html.contains(r##"href="#reason""##));
    let path = format!("{}/resolve", href(&code));
    let form = specialist.get(&path).await;
    let multipart = specialist
        .multipart()
        .text("version", version_in(&form))
        .text("outcome", "approved")
        .part(
            "result_file",
            Part::bytes(jpeg())
                .file_name("giay-khai-sinh.jpg")
                .mime_str("image/jpeg")
                .unwrap(),
        );
    let done = specialist.post_multipart(&path, multipart).await;
    assert_done(&mut specialist, &done, &code, "resolve").await;
    let app = desk.get(&code).await;
    assert_eq!(status_of(&app), 9);
    assert_eq!(app["outcome"], "approved");
    let page = specialist.get(&href(&code)).await;
    assert!(page.html.contains("giay-khai-sinh.jpg"));
    assert!(page.html.contains("Kết quả giải quyết"));

    // A file whose name lies about its type is refused with the form, and nothing is done.
    let second = desk.processing().await;
    let path = format!("{}/resolve", href(&second));
    let form = specialist.get(&path).await;
    let multipart = specialist
        .multipart()
        .text("version", version_in(&form))
        .text("outcome", "approved")
        .part(
            "result_file",
            Part::bytes(b"MZ not a pdf at all".to_vec())
                .file_name("ket-qua.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        );
    let refused = specialist.post_multipart(&path, multipart).await;
    // 415, as the API answers a file of none of the types taken.
    assert_eq!(refused.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(refused.html.contains(r##"href="#result-file""##));
    assert_eq!(status_of(&desk.get(&second).await), 4);

    // Transfer to another agency: the application leaves this office's sight.
    let form = specialist.get(&format!("{}/transfer", href(&second))).await;
    assert!(form.html.contains(r#"value="P01.2""#));
    assert!(
        !form.html.contains(&format!(r#"value="{AGENCY}""#)),
        "not to the office that has it"
    );
    let done = send(
        &mut specialist,
        &second,
        "transfer",
        &[("to_office", "P01.2")],
    )
    .await;
    done.assert_redirect(&format!("{}?done=transfer", href(&second)));
    let app = desk.get(&second).await;
    assert_eq!(app["handling_office"], "P01.2");
    assert_eq!(
        specialist.get(&href(&second)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn a_stale_form_says_so_keeps_what_was_typed_and_goes_through_when_sent_again() {
    let Pages {
        desk,
        mut specialist,
        ..
    } = pages().await;
    let code = desk.processing().await;
    let path = format!("{}/await-payment", href(&code));
    let form = specialist.get(&path).await;
    let old = version_in(&form);
    // Meanwhile someone else: payment asked and paid (the status is 4 again).
    desk.ok(
        &desk.specialist,
        &code,
        "await-payment",
        json!({"amount": 1000}),
    )
    .await;
    desk.ok(&desk.specialist, &code, "paid", json!({})).await;
    let current = desk.get(&code).await["version"].to_string();
    let stale = specialist
        .post_form(
            &path,
            &[
                ("amount", "75000"),
                ("note", "Phí thẩm định"),
                ("version", &old),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.html.contains("đã được người khác thay đổi"));
    assert!(stale.html.contains(r#"value="75000""#));
    assert!(stale.html.contains("Phí thẩm định"));
    assert_eq!(
        version_in(&stale),
        current,
        "the form is based on the current version"
    );
    assert_eq!(desk.get(&code).await["version"].to_string(), current);
    // Sent again as it came back, it goes through.
    let done = specialist
        .post_form(
            &path,
            &[
                ("amount", "75000"),
                ("note", "Phí thẩm định"),
                ("version", &current),
            ],
        )
        .await;
    done.assert_redirect(&format!("{}?done=await-payment", href(&code)));
    assert_eq!(status_of(&desk.get(&code).await), 6);

    // A form whose action is no longer possible says that instead.
    let form = specialist.get(&format!("{}/resolve", href(&code))).await;
    assert_eq!(form.status, StatusCode::CONFLICT);
}

/// An online submission with a PDF for the procedure's document; its code.
async fn submit_with_file(desk: &Desk) -> String {
    let form = reqwest::multipart::Form::new()
        .part(
            "application",
            Part::text(online_body().to_string())
                .mime_str("application/json")
                .unwrap(),
        )
        .part(
            "documents[0]",
            Part::bytes(pdf())
                .file_name("tờ khai.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        );
    let res = desk
        .app
        .request(Method::POST, "/api/v1/applications")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    body["code"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn uploaded_files_open_for_the_offices_of_the_application_only() {
    let Pages {
        desk, mut clerk, ..
    } = pages().await;
    let code = submit_with_file(&desk).await;
    let page = clerk.get(&href(&code)).await;
    let marker = format!("{}/files/", href(&code));
    let start = page.html.find(&marker).expect("a file link");
    let link = page.html[start..].split('"').next().unwrap().to_owned();
    assert!(page.html.contains("tờ khai.pdf"));

    let res = desk
        .app
        .request(Method::GET, &link)
        .header(
            "cookie",
            format!("staff={}", clerk.cookie("staff").unwrap()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let headers = res.headers().clone();
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("inline"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''t%E1%BB%9D%20khai.pdf"),
        "{disposition}"
    );
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf());
    let res = desk
        .app
        .request(Method::GET, &format!("{link}?download=1"))
        .header(
            "cookie",
            format!("staff={}", clerk.cookie("staff").unwrap()),
        )
        .send()
        .await
        .unwrap();
    let disposition = res.headers()["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment"), "{disposition}");

    // Another office's clerk: not found, as the API answers; an official: the role's 403;
    // nobody signed in: the sign-in page.
    let mut other = Session::sign_in(&desk.app, "clerk2", "clerk2-password").await;
    assert_eq!(other.get(&link).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.get(&href(&code)).await.status, StatusCode::NOT_FOUND);
    let mut official = Session::sign_in(&desk.app, "lead1", "lead1-password").await;
    assert_eq!(official.get(&link).await.status, StatusCode::FORBIDDEN);
    let mut nobody = Session::anonymous(&desk.app);
    nobody.get(&link).await.assert_redirect("/staff/sign-in");
    // The specialist sees it once it is handed to the agency, not before.
    let mut specialist = Session::sign_in(&desk.app, "spec1", "spec1-password").await;
    assert_eq!(specialist.get(&link).await.status, StatusCode::NOT_FOUND);
    desk.ok(&desk.clerk, &code, "receive", json!({})).await;
    desk.ok(
        &desk.clerk,
        &code,
        "hand-over",
        json!({"to_office": AGENCY}),
    )
    .await;
    assert_eq!(specialist.get(&link).await.status, StatusCode::OK);
}

/// Sets an application's due instant in the database (to place it against now).
fn set_due(desk: &Desk, code: &str, due: Option<chrono::NaiveDateTime>) {
    use motcua::db::schema::applications;
    let mut conn = desk.app.db.connect();
    diesel::update(applications::table.filter(applications::code.eq(code)))
        .set(applications::due_at.eq(due))
        .execute(&mut conn)
        .unwrap();
}

/// The codes of the worklist's rows, in order.
fn rows(page: &Page) -> Vec<String> {
    let marker = r#"<a href="/staff/applications/"#;
    page.html
        .match_indices(marker)
        .map(|(i, _)| {
            page.html[i + marker.len()..]
                .split('"')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[actix_web::test]
async fn the_worklist_orders_by_due_date_marks_the_urgent_filters_and_pages() {
    let Pages {
        desk,
        mut specialist,
        mut clerk,
    } = pages().await;
    let now = chrono::Utc::now().naive_utc();
    let in_time = desk.processing().await;
    let overdue = desk.processing().await;
    let due_soon = desk.processing().await;
    let paying = desk.processing().await;
    desk.ok(
        &desk.specialist,
        &paying,
        "await-payment",
        json!({"amount": 1000}),
    )
    .await;
    set_due(&desk, &in_time, Some(now + chrono::Duration::days(30)));
    set_due(&desk, &overdue, Some(now - chrono::Duration::hours(2)));
    // Less than one working day ahead whatever the hour and the day.
    set_due(&desk, &due_soon, Some(now + chrono::Duration::minutes(30)));

    let page = specialist.get("/staff/work").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        rows(&page),
        vec![
            overdue.clone(),
            due_soon.clone(),
            in_time.clone(),
            paying.clone()
        ]
    );
    assert!(page.html.contains("4 hồ sơ"));
    // The marks are words, on the rows they belong to.
    let row_of = |code: &str| {
        let start = page.html.find(&format!("{code}\"")).unwrap();
        let open = page.html[..start].rfind("<tr").unwrap();
        let close = start + page.html[start..].find("</tr>").unwrap();
        page.html[open..close].to_owned()
    };
    assert!(row_of(&overdue).contains("Quá hạn"));
    assert!(row_of(&due_soon).contains("Còn dưới 1 ngày làm việc"));
    assert!(!row_of(&in_time).contains("Quá hạn"));
    assert!(!row_of(&in_time).contains("Còn dưới"));
    assert!(row_of(&paying).contains("Chưa có hạn"));
    // The same on the application's page.
    let one = specialist.get(&href(&overdue)).await;
    assert!(one.html.contains("Quá hạn"));

    // Filters: status, procedure, field; the form keeps them.
    let page = specialist.get("/staff/work?status=6").await;
    assert_eq!(rows(&page), vec![paying.clone()]);
    assert!(page.html.contains(r#"<option value="6" selected>"#));
    let page = specialist
        .get("/staff/work?procedure=1.001193&field=ho-tich")
        .await;
    assert_eq!(rows(&page).len(), 4);
    assert!(page.html.contains(r#"value="1.001193""#));
    let page = specialist.get("/staff/work?procedure=2.000001").await;
    assert!(rows(&page).is_empty());
    assert!(page.html.contains("Không có hồ sơ nào khớp bộ lọc"));
    let page = specialist.get("/staff/work?field=dat-dai").await;
    assert!(rows(&page).is_empty());
    // Unreadable filters are ignored, not refused.
    let page = specialist.get("/staff/work?status=abc&page=-3").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(rows(&page).len(), 4);
    // In English, with the marks in words too.
    let page = specialist.get("/staff/work?lang=en").await;
    assert!(page.html.contains("Overdue"));
    assert!(page.html.contains("Due within 1 working day"));
    specialist.get("/staff/work?lang=vi").await;

    // The clerk's office hands over: their worklist holds only what their office handles.
    let page = clerk.get("/staff/work").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(rows(&page).is_empty());
    let received = desk.submit(Some(&desk.clerk), &desk_body()).await;
    let page = clerk.get("/staff/work").await;
    assert_eq!(
        rows(&page),
        vec![received["code"].as_str().unwrap().to_owned()]
    );

    // Pages of 50: 51 undated applications after the four.
    for _ in 0..50 {
        let code = desk.processing().await;
        set_due(&desk, &code, None);
    }
    set_due(&desk, &in_time, None);
    let first = specialist.get("/staff/work").await;
    let first_rows = rows(&first);
    assert_eq!(first_rows.len(), 50);
    assert_eq!(first_rows[..2], [overdue.clone(), due_soon.clone()]);
    assert!(
        first.html.contains("Trang 1 / 2"),
        "{}",
        &first.html[first.html.find("pagination").unwrap_or(0)..][..400]
    );
    assert!(first.html.contains(r#"href="/staff/work?page=2""#));
    let second = specialist.get("/staff/work?page=2").await;
    let second_rows = rows(&second);
    assert_eq!(second_rows.len(), 4);
    assert!(second_rows.iter().all(|c| !first_rows.contains(c)));
}

#[actix_web::test]
async fn the_pages_need_a_session_and_a_clerk_or_specialist_of_the_office() {
    let Pages { desk, .. } = pages().await;
    let code = desk.processing().await;
    let mut nobody = Session::anonymous(&desk.app);
    for path in [
        "/staff/work".to_owned(),
        href(&code),
        format!("{}/resolve", href(&code)),
    ] {
        nobody.get(&path).await.assert_redirect("/staff/sign-in");
    }
    let page = nobody
        .post_raw(
            &format!("{}/resolve", href(&code)),
            &[("outcome", "approved")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);

    let mut official = Session::sign_in(&desk.app, "lead1", "lead1-password").await;
    let mut admin = Session::admin(&desk.app).await;
    for session in [&mut official, &mut admin] {
        for path in [
            "/staff/work".to_owned(),
            href(&code),
            format!("{}/resolve", href(&code)),
        ] {
            assert_eq!(
                session.get(&path).await.status,
                StatusCode::FORBIDDEN,
                "{path}"
            );
        }
        let page = session
            .post_form(
                &format!("{}/resolve", href(&code)),
                &[("outcome", "approved")],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
    }
    // A form without its token is refused, and nothing happens.
    let mut specialist = Session::sign_in(&desk.app, "spec1", "spec1-password").await;
    let version = desk.get(&code).await["version"].to_string();
    let page = specialist
        .post_raw(
            &format!("{}/resolve", href(&code)),
            &[("outcome", "approved"), ("version", &version)],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(status_of(&desk.get(&code).await), 4);
    // An unknown action or application is the 404 page.
    assert_eq!(
        specialist.get(&format!("{}/fly", href(&code))).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        specialist
            .get(&href(&format!("{DESK}-990101-0001")))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn a_worklist_past_a_thousand_says_there_are_more_and_pages_the_first_thousand() {
    let Pages {
        desk,
        mut specialist,
        ..
    } = pages().await;
    let code = desk.processing().await;
    // 1,000 more like it, straight into the table.
    let mut conn = desk.app.db.connect();
    let row = motcua::db::applications::find(&mut conn, &code)
        .unwrap()
        .unwrap();
    motcua::db::write_transaction(&mut conn, |conn| {
        for n in 0..1000 {
            let mut copy = row.clone();
            copy.code = format!("{code}-{n:04}");
            copy.due_at = row.due_at.map(|d| d + chrono::Duration::minutes(n + 1));
            motcua::db::applications::insert(conn, &copy)?;
        }
        Ok::<_, diesel::result::Error>(())
    })
    .unwrap();
    let page = specialist.get("/staff/work").await;
    assert!(page.html.contains("Hơn 1.000 hồ sơ"), "{}", page.html);
    assert_eq!(rows(&page)[0], code, "the earliest due first");
    assert!(page.html.contains("Trang 1 / 20"));
    let last = specialist.get("/staff/work?page=20").await;
    assert_eq!(rows(&last).len(), 50);
    assert_eq!(rows(&last)[49], format!("{code}-0998"));
    // Past the last page: the last page.
    let past = specialist.get("/staff/work?page=21").await;
    assert!(past.html.contains("Trang 20 / 20"));
    // A filter that narrows it counts again.
    let page = specialist.get("/staff/work?status=6").await;
    assert!(page.html.contains("0 hồ sơ"));
}
