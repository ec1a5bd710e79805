use chrono::{NaiveDate, NaiveDateTime};
use qrcode::render::svg;
use qrcode::{Color, EcLevel, QrCode};

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(y: i32, m: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
    day(y, m, d).and_hms_opt(h, mi, 0).unwrap()
}

const URL: &str = "https://motcua.example.gov.vn/tra-cuu?ma=H56.14-240823-0001&k=a1b2";

fn sample() -> SlipData {
    SlipData {
        code: "H56.14-240823-0001".into(),
        office_name: "Bộ phận Một cửa phường Ba Đình".into(),
        unit_name: "Ủy ban nhân dân phường Ba Đình".into(),
        place_name: Some("Ba Đình".into()),
        procedure_code: "1.001612".into(),
        procedure_name: "Đăng ký khai sinh".into(),
        processing_time_vi: Some("01 ngày làm việc".into()),
        applicant_name: "Nguyễn Văn An".into(),
        applicant_address: Some("12 Phan Đình Phùng, Ba Đình, Hà Nội".into()),
        applicant_phone: Some("0912345678".into()),
        applicant_email: None,
        received_at: Some(at(2024, 8, 23, 8, 15)),
        due_at: Some(at(2024, 8, 30, 16, 30)),
        documents: vec![
            DocumentLine {
                name: "Tờ khai đăng ký khai sinh".into(),
                originals: 1,
                copies: 0,
            },
            DocumentLine {
                name: "Giấy chứng sinh".into(),
                originals: 1,
                copies: 1,
            },
        ],
        channel_vi: "Trực tiếp".into(),
        delivery_vi: Some("Bộ phận Một cửa".into()),
        clerk_name: Some("Trần Thị Bình".into()),
        issued_at: at(2024, 8, 23, 8, 20),
        tracking_url: URL.into(),
        pin: Some("48213377".into()),
        missing_items: vec![
            "Bản sao giấy chứng nhận kết hôn".into(),
            "Giấy chứng sinh bản chính".into(),
            "  bản sao giấy  chứng nhận kết hôn ".into(),
            "".into(),
        ],
        refusal_reasons: vec![
            "Thủ tục không thuộc thẩm quyền của phường".into(),
            "Người nộp không có giấy ủy quyền".into(),
        ],
        apology: Some(ApologyLine {
            reason: "Cần xác minh thông tin với cơ quan khác".into(),
            new_due_at: at(2024, 9, 6, 10, 0),
            issued_at: at(2024, 8, 28, 9, 0),
            issuing_office: "Ủy ban nhân dân phường Ba Đình".into(),
        }),
        handovers: vec![
            HandoverLine {
                giver_office: "Bộ phận Một cửa".into(),
                receiver_office: "Công chức tư pháp - hộ tịch".into(),
                given_at: at(2024, 8, 23, 9, 0),
                received_at: Some(at(2024, 8, 23, 9, 30)),
                due_at: Some(at(2024, 8, 26, 17, 0)),
                timeliness: Some(Timeliness::Early),
                note: None,
            },
            HandoverLine {
                giver_office: "Công chức tư pháp - hộ tịch".into(),
                receiver_office: "Lãnh đạo UBND phường".into(),
                given_at: at(2024, 8, 26, 10, 0),
                received_at: Some(at(2024, 8, 26, 10, 5)),
                due_at: Some(at(2024, 8, 27, 17, 0)),
                timeliness: Some(Timeliness::OnTime),
                note: Some("Ký duyệt".into()),
            },
            HandoverLine {
                giver_office: "Lãnh đạo UBND phường".into(),
                receiver_office: "Bộ phận Một cửa".into(),
                given_at: at(2024, 8, 29, 8, 0),
                received_at: None,
                due_at: Some(at(2024, 8, 28, 17, 0)),
                timeliness: Some(Timeliness::Late),
                note: None,
            },
        ],
    }
}

/// The part of the page after the title (the form's own content).
fn content(html: &str) -> &str {
    html.split("</h1>").nth(1).unwrap()
}

#[test]
fn every_form_renders_a_self_contained_a5_page() {
    let data = sample();
    for form in Form::ALL {
        let html = render(form, &data);
        assert!(html.starts_with("<!DOCTYPE html>"), "{form:?}");
        assert!(html.contains(r#"<html lang="vi">"#), "{form:?}");
        assert!(html.contains(r#"<meta charset="utf-8">"#), "{form:?}");
        assert!(html.contains("@page { size: A5"), "{form:?}");
        assert!(
            html.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            "{form:?}"
        );
        assert!(html.contains("Độc lập - Tự do - Hạnh phúc"), "{form:?}");
        assert!(html.contains("BỘ PHẬN MỘT CỬA PHƯỜNG BA ĐÌNH"), "{form:?}");
        assert!(html.contains("ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH"), "{form:?}");
        assert!(
            html.contains(&format!("Mẫu số {}", form.number())),
            "{form:?}"
        );
        assert!(html.contains("Thông tư số 01/2018/TT-VPCP"), "{form:?}");
        assert!(html.contains(&form.title_vi().to_uppercase()), "{form:?}");
        assert!(html.contains("H56.14-240823-0001"), "{form:?}");
        // No external resource of any kind.
        for banned in [
            "<script",
            "<link",
            "<img",
            "src=",
            "href=",
            "@import",
            "url(",
            "@font-face",
        ] {
            assert!(!html.contains(banned), "{form:?} contains {banned}");
        }
    }
}

#[test]
fn date_line_uses_the_administrative_style() {
    let data = sample();
    let html = render(Form::Receipt, &data);
    assert!(html.contains("Ba Đình, ngày 23 tháng 8 năm 2024"));
    let mut january = sample();
    january.issued_at = at(2025, 1, 5, 9, 0);
    assert!(render(Form::Refusal, &january).contains("ngày 05 tháng 01 năm 2025"));
    // The apology is dated when it was issued.
    assert!(render(Form::Apology, &data).contains("ngày 28 tháng 8 năm 2024"));
    // No place: a blank to fill in by hand.
    let mut no_place = sample();
    no_place.place_name = None;
    let html = render(Form::Receipt, &no_place);
    assert!(html.contains(&format!(
        r#"<span class="blank">{}</span>, ngày 23"#,
        format::BLANK
    )));
}

#[test]
fn data_is_html_escaped_in_every_form() {
    let mut data = sample();
    data.applicant_name = "<script>alert(\"x\")</script> & Co".into();
    data.office_name = "<b>Office</b>".into();
    data.missing_items = vec!["<img src=x onerror=alert(1)>".into()];
    data.handovers[0].note = Some("<script>n</script>".into());
    for form in Form::ALL {
        let html = render(form, &data);
        assert!(!html.contains("<script"), "{form:?}");
        assert!(!html.contains("<img"), "{form:?}");
        assert!(!html.contains("<b>Office"), "{form:?}");
        assert!(
            html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"),
            "{form:?}"
        );
    }
    assert!(render(Form::SupplementRequest, &data).contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(render(Form::ControlSlip, &data).contains("&lt;script&gt;n&lt;/script&gt;"));
}

#[test]
fn receipt_shows_documents_times_and_appointment() {
    let html = render(Form::Receipt, &sample());
    let body = content(&html);
    assert!(body.contains("Ngày hẹn trả kết quả: <b>16 giờ 30 phút, ngày 30/08/2024</b>"));
    assert!(body.contains("Thời gian nhận hồ sơ: 08 giờ 15 phút, ngày 23/08/2024"));
    assert!(body.contains("Tờ khai đăng ký khai sinh"));
    assert!(body.contains("Giấy chứng sinh"));
    assert!(body.contains("01 ngày làm việc"));
    assert!(body.contains("Trực tiếp"));
    assert!(body.contains("Trần Thị Bình"));
    // Missing email prints as a blank.
    assert!(body.contains(&format!(
        r#"Email: <span class="blank">{}</span>"#,
        format::BLANK
    )));
    // The URL is shown as text too, escaped.
    assert!(body.contains("tra-cuu?ma=H56.14-240823-0001&amp;k=a1b2"));
}

#[test]
fn receipt_qr_svg_is_the_qrcode_of_the_tracking_url() {
    let html = render(Form::Receipt, &sample());
    assert!(html.contains("<svg"));
    assert!(!html.contains("<?xml"));
    // The same URL through the qrcode crate gives the very SVG in the page.
    let expected = QrCode::with_error_correction_level(URL.as_bytes(), EcLevel::M)
        .unwrap()
        .render::<svg::Color<'_>>()
        .module_dimensions(1, 1)
        .build();
    let start = expected.find("<svg").unwrap();
    assert!(html.contains(&expected[start..]));

    // And the drawn modules are exactly the code's dark modules (one unit per module, 4-module
    // quiet zone): read the path back.
    let code = QrCode::with_error_correction_level(URL.as_bytes(), EcLevel::M).unwrap();
    let width = code.width();
    let marker = r##"<path fill="#000" d=""##;
    let d_start = html.find(marker).unwrap() + marker.len();
    let d_end = d_start + html[d_start..].find('"').unwrap();
    let mut drawn = vec![false; width * width];
    for rect in html[d_start..d_end].split('M').filter(|s| !s.is_empty()) {
        // "{x} {y}h1v1H{x}V{y}"
        let (x, rest) = rect.split_once(' ').unwrap();
        let (y, rest) = rest.split_once('h').unwrap();
        assert!(rest.starts_with("1v1H"), "{rect}");
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        drawn[(y - 4) * width + (x - 4)] = true;
    }
    let dark: Vec<bool> = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    assert_eq!(drawn, dark);
}

#[test]
fn receipt_prints_the_pin_in_two_groups_with_the_link() {
    let html = render(Form::Receipt, &sample());
    let body = content(&html);
    assert!(body.contains("Mã PIN tra cứu"), "{body}");
    assert!(body.contains("4821 3377"), "{body}");
    let without = SlipData {
        pin: None,
        ..sample()
    };
    assert!(!content(&render(Form::Receipt, &without)).contains("Mã PIN"));
    // The other forms never print it.
    for form in [
        Form::SupplementRequest,
        Form::Refusal,
        Form::Apology,
        Form::ControlSlip,
    ] {
        assert!(!render(form, &sample()).contains("4821"), "{form:?}");
    }
}

#[test]
fn receipt_without_a_usable_url_still_renders() {
    let mut data = sample();
    data.tracking_url = "x".repeat(5000); // too long for any QR code
    let html = render(Form::Receipt, &data);
    assert!(!html.contains("<svg"));
    assert!(html.contains("Ngày hẹn trả kết quả"));
}

#[test]
fn supplement_request_numbers_each_missing_item_once() {
    let html = render(Form::SupplementRequest, &sample());
    let body = content(&html);
    assert!(body.contains(r#"<p class="item">1. Bản sao giấy chứng nhận kết hôn</p>"#));
    assert!(body.contains(r#"<p class="item">2. Giấy chứng sinh bản chính</p>"#));
    assert!(!body.contains(r#"<p class="item">3. "#));
    assert_eq!(body.matches("hứng nhận kết hôn").count(), 1);
    assert!(body.contains("Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:"));
    assert!(body.contains("NGƯỜI HƯỚNG DẪN"));
}

#[test]
fn refusal_lists_every_reason() {
    let html = render(Form::Refusal, &sample());
    let body = content(&html);
    assert!(body.contains("1. Thủ tục không thuộc thẩm quyền của phường"));
    assert!(body.contains("2. Người nộp không có giấy ủy quyền"));
    assert!(body.contains("thông báo không tiếp nhận, giải quyết hồ sơ này"));
}

#[test]
fn apology_gives_reason_and_new_date() {
    let html = render(Form::Apology, &sample());
    let body = content(&html);
    assert!(body.contains("với lý do: Cần xác minh thông tin với cơ quan khác"));
    assert!(body.contains("<b>10 giờ 00 phút, ngày 06/09/2024</b>"));
    assert!(body.contains("16 giờ 30 phút, ngày 30/08/2024"));
    assert!(body.contains("Kính gửi: <b>Ông/Bà Nguyễn Văn An</b>"));
    assert!(body.contains("THỦ TRƯỞNG CƠ QUAN"));
    // Without the apology data the form prints blanks instead of failing.
    let mut data = sample();
    data.apology = None;
    assert!(render(Form::Apology, &data).contains("với lý do: <span class=\"blank\">"));
}

#[test]
fn control_slip_has_one_row_per_handover_and_each_result() {
    let data = sample();
    let html = render(Form::ControlSlip, &data);
    let body = content(&html);
    assert_eq!(body.matches("<tr>").count(), data.handovers.len() + 1);
    assert_eq!(body.matches("<th>").count(), 8);
    let rows = body.split("<tbody>").nth(1).unwrap();
    for word in ["Trước hạn", "Đúng hạn", "Quá hạn"] {
        assert_eq!(rows.matches(word).count(), 1, "{word}");
    }
    assert!(rows.contains("09 giờ 30, 23/08/2024"));
    assert!(rows.contains("Ký duyệt"));
    let empty = SlipData {
        handovers: vec![],
        ..data
    };
    let html = render(Form::ControlSlip, &empty);
    assert_eq!(content(&html).matches("<tr>").count(), 1);
}

#[test]
fn circular_switches_on_2025_07_01() {
    assert_eq!(
        Circular::in_force_on(day(2018, 12, 1)),
        Circular::Tt01Of2018
    );
    assert_eq!(
        Circular::in_force_on(day(2025, 6, 30)),
        Circular::Tt01Of2018
    );
    assert_eq!(Circular::in_force_on(day(2025, 7, 1)), Circular::Tt03Of2025);
    assert_eq!(Circular::in_force_on(day(2026, 1, 1)), Circular::Tt03Of2025);

    // By the receipt date, even when printed later.
    let mut data = sample();
    data.received_at = Some(at(2025, 6, 30, 16, 59));
    data.issued_at = at(2025, 7, 2, 8, 0);
    assert_eq!(Circular::for_slip(&data), Circular::Tt01Of2018);
    assert!(render(Form::Receipt, &data).contains("Thông tư số 01/2018/TT-VPCP"));
    data.received_at = Some(at(2025, 7, 1, 7, 30));
    let html = render(Form::Receipt, &data);
    assert!(html.contains("Thông tư số 03/2025/TT-VPCP"));
    assert!(!html.contains("01/2018"));
    // Not received (refused at the desk): by the print date.
    data.received_at = None;
    assert_eq!(Circular::for_slip(&data), Circular::Tt03Of2025);
    data.issued_at = at(2025, 6, 30, 8, 0);
    assert_eq!(Circular::for_slip(&data), Circular::Tt01Of2018);
}

#[test]
fn numbering_and_titles_follow_the_circular() {
    let mut data = sample();
    data.received_at = Some(at(2025, 9, 20, 9, 0));
    let html = render(Form::ControlSlip, &data);
    assert!(html.contains("Mẫu số 06"));
    let html = render(Form::Apology, &data);
    assert!(html.contains("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"));
    assert_eq!(Form::ControlSlip.number_in(Circular::Tt01Of2018), "05");
    assert_eq!(Form::Receipt.number_in(Circular::Tt03Of2025), "01");
}

#[test]
fn form_numbers_round_trip() {
    for form in Form::ALL {
        assert_eq!(Form::from_number(form.number()), Some(form));
    }
    assert_eq!(Form::from_number(" 03 "), Some(Form::Refusal));
    for bad in ["", "1", "00", "06", "5", "abc"] {
        assert_eq!(Form::from_number(bad), None, "{bad}");
    }
}
