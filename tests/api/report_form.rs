//! The results report over the demo district in the official form's layout (Biểu II.06a):
//! every row adds up (received = resolved + in progress + withdrawn + stopped, what was never
//! received shown apart), and the workbook and the print page carry the form.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, generate_demo, spawn_app};

/// A server whose database holds the demo district and a year of its applications.
async fn demo() -> (TestApp, String) {
    let app = spawn_app().await;
    let mut conn = app.db.connect();
    let until = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    generate_demo(&mut conn, 1500, 14, until);
    let admin = app.admin_token().await;
    (app, admin)
}

async fn get(app: &TestApp, token: &str, query: &str) -> reqwest::Response {
    let res = app
        .get(&format!("/api/v1/reports/results?{query}"), Some(token))
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{query}");
    res
}

fn n(counts: &Value, key: &str) -> u64 {
    counts[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} in {counts}"))
}

/// Received = resolved + in progress + withdrawn + stopped, on a line or the total.
fn assert_adds_up(what: &str, c: &Value) {
    assert_eq!(
        n(c, "received_total"),
        n(c, "resolved_total") + n(c, "in_progress_total") + n(c, "withdrawn") + n(c, "stopped"),
        "{what}: {c}"
    );
    assert_eq!(
        n(c, "received_total"),
        n(c, "new_online") + n(c, "new_in_person") + n(c, "carried_over"),
        "{what}: {c}"
    );
    assert_eq!(
        n(c, "not_received_total"),
        n(c, "withdrawn_before_reception") + n(c, "stopped_before_reception") + n(c, "refused"),
        "{what}: {c}"
    );
}

#[actix_web::test]
async fn every_row_of_the_demo_district_adds_up() {
    let (app, admin) = demo().await;
    let mut before_reception = 0;
    // A whole year, a quarter (with what was carried over) and a single month.
    for period in [
        "from=2025-01-01&to=2025-12-31",
        "from=2025-07-01&to=2025-09-30",
        "from=2025-11-01&to=2025-11-30",
    ] {
        for group_by in ["field", "office", "unit", "procedure"] {
            let query = format!("{period}&unit=980&group_by={group_by}");
            let body: Value = get(&app, &admin, &query).await.json().await.unwrap();
            let lines = body["lines"].as_array().unwrap();
            assert!(!lines.is_empty(), "{query}");
            let mut received = 0;
            for line in lines {
                assert_adds_up(&format!("{query} {}", line["code"]), line);
                received += n(line, "received_total");
            }
            assert_adds_up(&query, &body["total"]);
            assert_eq!(received, n(&body["total"], "received_total"), "{query}");
            before_reception += n(&body["total"], "withdrawn_before_reception");
        }
    }
    assert!(
        before_reception > 0,
        "the demo withdraws some applications before reception"
    );
}

/// The demo district's name, as the form shows it.
fn district_name(app: &TestApp) -> String {
    let mut conn = app.db.connect();
    motcua::db::units::by_code(&mut conn, "980")
        .unwrap()
        .pop()
        .unwrap()
        .full_name
}

const YEAR: &str = "from=2025-01-01&to=2025-12-31&unit=980";

/// A file of the workbook (a zip archive) as text.
fn part(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[actix_web::test]
async fn the_workbook_is_the_official_form_set_up_for_printing() {
    use calamine::{Data, Reader, Xlsx};
    let (app, admin) = demo().await;
    let body: Value = get(&app, &admin, YEAR).await.json().await.unwrap();
    let lines = body["lines"].as_array().unwrap();
    let bytes = get(&app, &admin, &format!("{YEAR}&format=xlsx"))
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let sheet = book.worksheet_range("Kết quả giải quyết").unwrap();
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    let text = |r: u32, c: u32| match cell(r, c) {
        Data::String(s) => s,
        other => panic!("({r}, {c}): {other:?}"),
    };
    let name = district_name(&app);
    assert_eq!(text(0, 0), name.to_uppercase(), "the issuing unit");
    assert_eq!(text(1, 0), "Biểu số II.06a/VPCP/KSTT");
    assert_eq!(text(0, 6), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert_eq!(text(1, 6), "Độc lập - Tự do - Hạnh phúc");
    assert!(text(3, 0).contains("KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"));
    assert_eq!(
        text(4, 0),
        "Kỳ báo cáo: từ ngày 01/01/2025 đến ngày 31/12/2025"
    );
    assert_eq!(text(5, 0), format!("Đơn vị báo cáo: {name}"));
    assert!(!text(5, 0).contains("(980)"), "the name, not the code");
    assert_eq!(text(7, 0), "STT");
    assert_eq!(text(7, 2), "Số hồ sơ nhận giải quyết");
    assert_eq!(text(9, 0), "(1)");
    // One numbered row per field, by name, in the JSON's order, then the total.
    for (i, line) in (0u32..).zip(lines) {
        assert_eq!(cell(10 + i, 0), Data::Float(f64::from(i + 1)));
        assert_eq!(text(10 + i, 1), line["name"].as_str().unwrap());
        assert_ne!(text(10 + i, 1), line["code"].as_str().unwrap());
        assert_eq!(
            cell(10 + i, 2),
            Data::Float(n(line, "received_total") as f64)
        );
    }
    let total = 10 + u32::try_from(lines.len()).unwrap();
    assert_eq!(text(total, 1), "Tổng cộng");
    let t = &body["total"];
    assert_eq!(cell(total, 2), Data::Float(n(t, "received_total") as f64));
    assert!(text(total + 1, 1).contains(&format!(
        "{} rút trước khi tiếp nhận",
        n(t, "withdrawn_before_reception")
    )));
    // The date line and the signature block.
    assert!(text(total + 3, 6).contains(", ngày "));
    assert_eq!(text(total + 4, 0), "NGƯỜI LẬP BIỂU");
    assert_eq!(text(total + 4, 6), "THỦ TRƯỞNG ĐƠN VỊ");

    // Print setup: A4 landscape, one page wide, the header rows on every page, page numbers.
    let xml = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(xml.contains(r#"paperSize="9""#), "{xml}");
    assert!(xml.contains(r#"orientation="landscape""#), "{xml}");
    assert!(xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{xml}");
    assert!(xml.contains(r#"fitToHeight="0""#), "{xml}");
    assert!(!xml.contains("fitToWidth=") || xml.contains(r#"fitToWidth="1""#));
    assert!(
        xml.contains("<oddFooter>&amp;CTrang &amp;P / &amp;N</oddFooter>"),
        "{xml}"
    );
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(
        workbook.contains(r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">'Kết quả giải quyết'!$8:$10</definedName>"#),
        "{workbook}"
    );
}

#[actix_web::test]
async fn the_print_page_is_the_same_form() {
    let (app, admin) = demo().await;
    let body: Value = get(&app, &admin, YEAR).await.json().await.unwrap();
    let res = get(&app, &admin, &format!("{YEAR}&format=html")).await;
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = res.text().await.unwrap();
    let name = district_name(&app);
    for text in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Biểu số II.06a/VPCP/KSTT",
        "Kỳ báo cáo: từ ngày 01/01/2025 đến ngày 31/12/2025",
        &format!("Đơn vị báo cáo: {name}"),
        &name.to_uppercase(),
        "NGƯỜI LẬP BIỂU",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "@page { size: A4 landscape;",
    ] {
        assert!(page.contains(text), "{text}");
    }
    let lines = body["lines"].as_array().unwrap();
    for (i, line) in (1..).zip(lines) {
        let row = format!(
            "<td class=\"stt\">{i}</td><td>{}</td><td class=\"n\">{}</td>",
            line["name"].as_str().unwrap(),
            n(line, "received_total")
        );
        assert!(page.contains(&row), "{row}");
    }
    // Authenticated like the other formats.
    let res = app
        .get(&format!("/api/v1/reports/results?{YEAR}&format=html"), None)
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}
