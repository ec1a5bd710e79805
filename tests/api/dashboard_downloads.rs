//! The official's pages' downloads over the demo district: the results report's CSV (parsed)
//! and Biểu II.06a's workbook and print page, the reform progress's CSV, its table and its
//! official form as workbooks, read back with calamine and their print setup checked.

use chrono::Datelike;
use reqwest::StatusCode;

use crate::dashboard_pages::{demo, download, json, number};

#[actix_web::test]
async fn the_downloads_are_the_report_and_the_forms_set_up_for_printing() {
    use calamine::{Data, Reader, Xlsx};
    let mut d = demo().await;
    let year = motcua::domain::today().year();
    let picker = format!("period=year&year={year}");
    let period = format!("from={year}-01-01&to={year}-12-31");
    let report = json(
        &d.app,
        &d.token,
        &format!("/api/v1/reports/results?{period}"),
    )
    .await;

    // CSV: the JSON's lines and total.
    let (kind, bytes) = download(
        &d.app,
        &d.official,
        &format!("/staff/reports/results?{picker}&format=csv"),
    )
    .await;
    assert!(kind.starts_with("text/csv"));
    let text = String::from_utf8(bytes).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let lines = report["lines"].as_array().unwrap();
    assert_eq!(rows.len(), lines.len() + 1);
    for (row, line) in rows.iter().zip(lines) {
        assert_eq!(&row[0], line["code"].as_str().unwrap());
        assert_eq!(number(&row[2]), line["received_total"].as_u64().unwrap());
    }
    assert_eq!(
        number(&rows[lines.len()][2]),
        report["total"]["received_total"].as_u64().unwrap()
    );

    // XLSX: Biểu II.06a, its print setup.
    let (kind, bytes) = download(
        &d.app,
        &d.official,
        &format!("/staff/reports/results?{picker}&format=xlsx"),
    )
    .await;
    assert!(kind.starts_with("application/vnd.openxmlformats"));
    let mut book = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let sheet = book.worksheet_range("Kết quả giải quyết").unwrap();
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(1, 0), Data::String("Biểu số II.06a/VPCP/KSTT".into()));
    assert_eq!(
        cell(0, 6),
        Data::String("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into())
    );
    let total = 10 + u32::try_from(lines.len()).unwrap();
    assert_eq!(cell(total, 1), Data::String("Tổng cộng".into()));
    assert_eq!(
        cell(total, 2),
        Data::Float(report["total"]["received_total"].as_u64().unwrap() as f64)
    );
    let xml = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(xml.contains(r#"paperSize="9""#) && xml.contains(r#"orientation="landscape""#));
    assert!(xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#));
    assert!(xml.contains("<oddFooter>&amp;CTrang &amp;P / &amp;N</oddFooter>"));
    assert!(part(&bytes, "xl/workbook.xml").contains("_xlnm.Print_Titles"));

    // The print page: the same form, its stylesheet linked (no inline style under the CSP).
    let page = d
        .official
        .get(&format!("/staff/reports/results/print?{picker}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Biểu số II.06a/VPCP/KSTT",
        "NGƯỜI LẬP BIỂU",
        "THỦ TRƯỞNG ĐƠN VỊ",
    ] {
        assert!(page.html.contains(text), "{text}");
    }
    assert!(!page.html.contains("<style"));
    let css = d
        .official
        .get("/staff/reports/form.css?page=landscape")
        .await;
    assert!(css.html.starts_with("@page { size: A4 landscape;"));

    // The reform progress: CSV, the table's XLSX and the official form's XLSX.
    let date = "2020-02-01";
    let (_, bytes) = download(
        &d.app,
        &d.official,
        &format!("/staff/reports/progress?date={date}&format=csv"),
    )
    .await;
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.contains("desks_commune") && text.contains("18/18"),
        "{text}"
    );
    let (_, bytes) = download(
        &d.app,
        &d.official,
        &format!("/staff/reports/progress?date={date}&format=xlsx"),
    )
    .await;
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert!(book.worksheet_range("Tiến độ cải cách").is_ok());
    let (_, bytes) = download(
        &d.app,
        &d.official,
        &format!("/staff/reports/progress?date={date}&format=form"),
    )
    .await;
    let mut book = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let sheet = book.worksheet_range("Tiến độ cải cách").unwrap();
    let texts: Vec<String> = sheet
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .filter(|t| !t.is_empty())
        .collect();
    for text in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO TIẾN ĐỘ CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
        "Số liệu tính đến ngày 01/02/2020",
        "18/18",
        "NGƯỜI LẬP BIỂU",
        "THỦ TRƯỞNG ĐƠN VỊ",
    ] {
        assert!(texts.iter().any(|t| t == text), "{text} in {texts:?}");
    }
    assert!(texts.iter().any(|t| t.contains(", ngày ")), "the date line");
    let xml = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(xml.contains(r#"paperSize="9""#) && xml.contains(r#"orientation="portrait""#));
    assert!(xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#));
    assert!(xml.contains("<oddFooter>&amp;CTrang &amp;P / &amp;N</oddFooter>"));
    assert!(part(&bytes, "xl/workbook.xml").contains("_xlnm.Print_Titles"));
}

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
