//! The catalog import and its line report.

use reqwest::multipart::Part;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::applications::Desk;
use crate::staff_pages::{Page, Session};

pub(super) fn csv(rows: &[&str]) -> String {
    let mut text = String::from(
        "ma_thu_tuc,ten_thu_tuc,cap_thuc_hien,linh_vuc,kenh_nop,truc_tuyen,thoi_han,don_vi_thoi_han,phi_le_phi\n",
    );
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text
}

pub(super) const GOOD_A: &str =
    "2.000001,Thủ tục một,Cấp xã,Hộ tịch,Trực tiếp,0,3,Ngày làm việc,Miễn phí";
const GOOD_B: &str =
    "2.000002,Thủ tục hai,Cấp tỉnh,Đất đai,Trực tiếp;Trực tuyến,1,10,Ngày làm việc,Miễn phí";
const BAD: &str = "2.00003,Thủ tục ba,Cấp xã,Hộ tịch,Trực tiếp,0,3,Ngày làm việc,Miễn phí";

pub(super) async fn import(admin: &mut Session, text: String, atomic: bool) -> Page {
    admin.get("/staff/admin/import").await;
    let mut form = admin
        .multipart()
        .part(
            "file",
            Part::bytes(text.into_bytes())
                .file_name("procedures.csv")
                .mime_str("text/csv")
                .unwrap(),
        )
        .text("effective_from", "2026-01-01");
    if atomic {
        form = form.text("atomic", "true");
    }
    admin.post_multipart("/staff/admin/import", form).await
}

#[actix_web::test]
async fn the_catalog_import_reports_every_line() {
    let desk = Desk::new().await;
    let mut admin = Session::admin(&desk.app).await;
    let page = admin.get("/staff/admin/import").await;
    assert!(page.html.contains(r#"enctype="multipart/form-data""#));

    // Without a file.
    let page = admin
        .post_multipart("/staff/admin/import", admin.multipart())
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.html.contains(r##"href="#file""##));

    // All or nothing with a bad row: nothing written, the bad line listed.
    let page = import(&mut admin, csv(&[GOOD_A, GOOD_B, BAD]), true).await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.html
    );
    assert!(
        page.html.contains("<td class=\"num\">4</td>"),
        "{}",
        page.html
    );
    let res = desk.app.get("/api/v1/procedures/2.000001", None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // The good rows written, each line with what it did.
    let page = import(&mut admin, csv(&[GOOD_A, GOOD_B, BAD]), false).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let lines = report_lines(&page.html);
    assert_eq!(
        lines,
        vec![
            ("2".to_owned(), "2.000001".to_owned(), "Tạo mới".to_owned()),
            ("3".to_owned(), "2.000002".to_owned(), "Tạo mới".to_owned()),
            ("4".to_owned(), "2.00003".to_owned(), "Từ chối".to_owned()),
        ]
    );
    let res = desk.app.get("/api/v1/procedures/2.000002", None).await;
    assert_eq!(res.status(), StatusCode::OK);

    // Again with one row changed: unchanged, a new version, the same refusal — the counts as
    // the JSON API gives them for the same file.
    let changed = GOOD_B.replace(",10,", ",12,");
    let page = import(&mut admin, csv(&[GOOD_A, &changed, BAD]), false).await;
    let lines = report_lines(&page.html);
    let outcomes: Vec<&str> = lines.iter().map(|(_, _, o)| o.as_str()).collect();
    assert_eq!(outcomes, ["Không đổi", "Phiên bản mới", "Từ chối"]);
    let res = desk
        .app
        .request(
            Method::POST,
            "/api/v1/procedures/import?effective_from=2026-01-01",
        )
        .bearer_auth(&desk.admin)
        .header("content-type", "text/csv")
        .body(csv(&[GOOD_A, &changed, BAD]))
        .send()
        .await
        .unwrap();
    let report: Value = res.json().await.unwrap();
    assert_eq!(
        (report["unchanged"].as_u64(), report["rejected"].as_u64()),
        (Some(2), Some(1)),
        "{report}"
    );
}

/// The (line, code, outcome) rows of an import report page.
pub(super) fn report_lines(html: &str) -> Vec<(String, String, String)> {
    let table = html.split("import-lines").nth(1).expect("the lines table");
    let body = table
        .split("<tbody>")
        .nth(1)
        .unwrap()
        .split("</tbody>")
        .next()
        .unwrap();
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let cells: Vec<String> = row
                .split("<td")
                .skip(1)
                .map(|cell| {
                    let inner = &cell[cell.find('>').unwrap() + 1..];
                    strip_tags(inner.split("</td>").next().unwrap())
                })
                .collect();
            let outcome = cells[2]
                .split_whitespace()
                .next()
                .map_or(String::new(), |first| {
                    // "Tạo mới", "Phiên bản mới", "Không đổi", "Từ chối …": the tag's words.
                    let tag = &cells[2];
                    ["Tạo mới", "Phiên bản mới", "Không đổi", "Từ chối"]
                        .into_iter()
                        .find(|t| tag.starts_with(t))
                        .unwrap_or(first)
                        .to_owned()
                });
            (cells[0].clone(), cells[1].clone(), outcome)
        })
        .collect()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out.trim().to_owned()
}

#[actix_web::test]
#[ignore = "needs ../shared/data"]
async fn the_real_catalog_imports_through_the_page_with_a_line_per_row() {
    let app = crate::helpers::spawn_app().await;
    let mut admin = Session::admin(&app).await;
    let text = std::fs::read_to_string("../shared/data/tthc-catalog/procedures.csv").unwrap();
    let started = std::time::Instant::now();
    let page = import(&mut admin, text.clone(), false).await;
    let first = started.elapsed();
    assert_eq!(page.status, StatusCode::OK);
    let lines = report_lines(&page.html);
    assert_eq!(lines.len(), 2642);
    assert!(lines.iter().all(|(_, _, o)| o == "Tạo mới"));
    let started = std::time::Instant::now();
    let again = import(&mut admin, text, false).await;
    let second = started.elapsed();
    let lines = report_lines(&again.html);
    assert_eq!(lines.len(), 2642);
    assert!(lines.iter().all(|(_, _, o)| o == "Không đổi"));
    // The JSON API's import of the same file on a fresh database, for comparison.
    let other = crate::helpers::spawn_app().await;
    let token = other.admin_token().await;
    let body = std::fs::read("../shared/data/tthc-catalog/procedures.csv").unwrap();
    let started = std::time::Instant::now();
    let res = other
        .request(
            Method::POST,
            "/api/v1/procedures/import?effective_from=2026-01-01",
        )
        .bearer_auth(&token)
        .header("content-type", "text/csv")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let report: Value = res.json().await.unwrap();
    let api = started.elapsed();
    assert_eq!(report["created"], 2642);
    println!(
        "page import of 2642 rows: {first:?} (report {} KB), again {second:?}; JSON API {api:?}",
        page.html.len() / 1024
    );
}
