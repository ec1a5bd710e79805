//! The results report in the official form's layout (Biểu II.06a): the issuing unit and the
//! national masthead, the form number, the period and the unit's name, a numbered table of
//! the received applications (lines by name, never by code) under two header rows and a row of
//! column numbers, what was never received shown apart, the date line and the signature block.
//! As a workbook set up for printing (A4 landscape, fit to width, headers repeated on every
//! page, page numbers in the footer) and as a page with a print stylesheet.

use chrono::{Datelike, NaiveDate};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use diesel::QueryResult;

use super::results::Results;
use crate::db::{DbConnection, offices, units};
use crate::domain::report::{Counts, GroupBy, Period};
use crate::i18n::Lang;

/// The form's number.
pub const FORM_NUMBER: &str = "Biểu số II.06a/VPCP/KSTT";

/// Who issues the report and when.
#[derive(Debug, Clone)]
pub struct Heading {
    /// The period reported on.
    pub period: Period,
    /// The issuing unit's or office's name (the masthead and "Đơn vị báo cáo"); none for a
    /// report on everything.
    pub issuer: Option<String>,
    /// The place on the date line (the unit's short name), when known.
    pub place: Option<String>,
    /// The day the report is issued.
    pub dated: NaiveDate,
}

/// The heading of a report on the unit with `unit_code` (its newest period's names) or the
/// office with `office_id` (its name; the office wins when both are given), issued today.
pub fn heading(
    conn: &mut DbConnection,
    period: Period,
    unit_code: Option<&str>,
    office_id: Option<&str>,
) -> QueryResult<Heading> {
    let unit = match unit_code {
        Some(code) => units::by_code(conn, code)?.pop(),
        None => None,
    };
    let office = match office_id {
        Some(id) => offices::by_ids(conn, &[id.to_owned()])?.pop(),
        None => None,
    };
    let (issuer, place) = match (office, unit) {
        (Some(o), unit) => (Some(o.row.name), unit.map(|u| u.name).or(Some(o.unit_name))),
        (None, Some(u)) => (Some(u.full_name), Some(u.name)),
        (None, None) => (None, None),
    };
    Ok(Heading {
        period,
        issuer,
        place,
        dated: crate::domain::today(),
    })
}

/// A column group: its header over its columns (one column: the header spans both rows).
struct Group {
    vi: &'static str,
    en: &'static str,
    columns: &'static [(&'static str, &'static str)],
}

const GROUPS: [Group; 5] = [
    Group {
        vi: "Số hồ sơ nhận giải quyết",
        en: "Applications received",
        columns: &[
            ("Tổng số", "Total"),
            ("Kỳ trước chuyển qua", "Carried over"),
            ("Mới tiếp nhận trực tuyến", "New online"),
            (
                "Mới tiếp nhận trực tiếp, bưu chính",
                "New in person or postal",
            ),
        ],
    },
    Group {
        vi: "Số hồ sơ đã giải quyết",
        en: "Resolved",
        columns: &[
            ("Tổng số", "Total"),
            ("Trước hạn", "Early"),
            ("Đúng hạn", "On time"),
            ("Quá hạn", "Late"),
            ("Không có thời hạn", "Without a deadline"),
        ],
    },
    Group {
        vi: "Số hồ sơ đang giải quyết",
        en: "In progress",
        columns: &[
            ("Tổng số", "Total"),
            ("Trong hạn", "On time"),
            ("Quá hạn", "Overdue"),
            ("Không có thời hạn", "Without a deadline"),
        ],
    },
    Group {
        vi: "Rút hồ sơ",
        en: "Withdrawn",
        columns: &[("", "")],
    },
    Group {
        vi: "Dừng xử lý",
        en: "Stopped",
        columns: &[("", "")],
    },
];

/// How many figures a row has (every group's columns).
const FIGURES: usize = 15;

/// A row's figures, in the groups' order.
fn figures(c: &Counts) -> [u64; FIGURES] {
    [
        c.received_total,
        c.carried_over,
        c.new_online,
        c.new_in_person,
        c.resolved_total,
        c.resolved_early,
        c.resolved_on_time,
        c.resolved_late,
        c.resolved_no_deadline,
        c.in_progress_total,
        c.in_progress_on_time,
        c.in_progress_overdue,
        c.in_progress_no_deadline,
        c.withdrawn,
        c.stopped,
    ]
}

/// The words of the form in one language.
struct Words {
    nation: &'static str,
    motto: &'static str,
    title: &'static str,
    number: &'static str,
    issuer: &'static str,
    everything: &'static str,
    total: &'static str,
    apart: &'static str,
    withdrawn_before: &'static str,
    stopped_before: &'static str,
    refused: &'static str,
    maker: &'static str,
    maker_hint: &'static str,
    head: &'static str,
    head_hint: &'static str,
    page: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::Vi => Words {
            nation: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            motto: "Độc lập - Tự do - Hạnh phúc",
            title: "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
            number: "STT",
            issuer: "Đơn vị báo cáo",
            everything: "Toàn bộ",
            total: "Tổng cộng",
            apart: "Không tính vào bảng (chưa được tiếp nhận)",
            withdrawn_before: "rút trước khi tiếp nhận",
            stopped_before: "dừng xử lý trước khi tiếp nhận",
            refused: "từ chối tiếp nhận",
            maker: "NGƯỜI LẬP BIỂU",
            maker_hint: "(Ký, ghi rõ họ tên)",
            head: "THỦ TRƯỞNG ĐƠN VỊ",
            head_hint: "(Ký tên, đóng dấu)",
            page: "Trang",
        },
        Lang::En => Words {
            nation: "SOCIALIST REPUBLIC OF VIETNAM",
            motto: "Independence - Freedom - Happiness",
            title: "ADMINISTRATIVE PROCEDURES: SITUATION AND RESULTS",
            number: "No.",
            issuer: "Reporting unit",
            everything: "Everything",
            total: "Total",
            apart: "Not in the table (never received)",
            withdrawn_before: "withdrawn before reception",
            stopped_before: "stopped before reception",
            refused: "refused at reception",
            maker: "PREPARED BY",
            maker_hint: "(Signature and full name)",
            head: "HEAD OF THE UNIT",
            head_hint: "(Signature and seal)",
            page: "Page",
        },
    }
}

fn line_header(group_by: GroupBy, lang: Lang) -> &'static str {
    match (group_by, lang) {
        (GroupBy::Unit, Lang::Vi) => "Đơn vị",
        (GroupBy::Office, Lang::Vi) => "Bộ phận một cửa",
        (GroupBy::Field, Lang::Vi) => "Lĩnh vực giải quyết",
        (GroupBy::Procedure, Lang::Vi) => "Thủ tục hành chính",
        (GroupBy::Unit, Lang::En) => "Unit",
        (GroupBy::Office, Lang::En) => "Office",
        (GroupBy::Field, Lang::En) => "Field",
        (GroupBy::Procedure, Lang::En) => "Procedure",
    }
}

fn pick(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Vi { vi } else { en }
}

/// "Kỳ báo cáo: từ ngày … đến ngày …".
fn period_line(period: &Period, lang: Lang) -> String {
    let (from, to) = (period.from.format("%d/%m/%Y"), period.to.format("%d/%m/%Y"));
    match lang {
        Lang::Vi => format!("Kỳ báo cáo: từ ngày {from} đến ngày {to}"),
        Lang::En => format!("Reporting period: {from} to {to}"),
    }
}

/// "Sông Mây, ngày 02 tháng 12 năm 2026" (dots where the place is unknown).
fn date_line(heading: &Heading, lang: Lang) -> String {
    let place = heading.place.as_deref().unwrap_or("………");
    let d = heading.dated;
    match lang {
        Lang::Vi => format!(
            "{place}, ngày {:02} tháng {:02} năm {}",
            d.day(),
            d.month(),
            d.year()
        ),
        Lang::En => format!("{place}, {}", d.format("%d %B %Y")),
    }
}

/// What was never received, as one sentence below the table.
fn apart_line(total: &Counts, lang: Lang) -> String {
    let w = words(lang);
    format!(
        "{}: {} {}; {} {}; {} {}.",
        w.apart,
        total.withdrawn_before_reception,
        w.withdrawn_before,
        total.stopped_before_reception,
        w.stopped_before,
        total.refused,
        w.refused
    )
}

fn issuer<'a>(heading: &'a Heading, w: &Words) -> &'a str {
    heading.issuer.as_deref().unwrap_or(w.everything)
}

/// The form as a workbook, set up to print on A4 landscape.
pub fn xlsx(
    results: &Results,
    group_by: GroupBy,
    lang: Lang,
    heading: &Heading,
) -> Result<Vec<u8>, XlsxError> {
    let w = words(lang);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(pick(lang, "Kết quả giải quyết", "Results"))?;
    let last_col = u16::try_from(FIGURES + 1).unwrap_or(u16::MAX);
    let center = Format::new()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let bold = center.clone().set_bold();
    let italic = center.clone().set_italic();
    let header = bold.clone().set_border(FormatBorder::Thin);
    let numbering = italic.clone().set_border(FormatBorder::Thin);
    let cell = Format::new().set_border(FormatBorder::Thin);
    let text = cell.clone().set_text_wrap();
    let bold_cell = cell.clone().set_bold();
    // The masthead: the issuing unit on the left, the nation and its motto on the right.
    let split = 5u16;
    sheet.merge_range(0, 0, 0, split, &issuer(heading, &w).to_uppercase(), &bold)?;
    sheet.merge_range(1, 0, 1, split, FORM_NUMBER, &italic)?;
    sheet.merge_range(0, split + 1, 0, last_col, w.nation, &bold)?;
    sheet.merge_range(1, split + 1, 1, last_col, w.motto, &bold)?;
    sheet.merge_range(3, 0, 3, last_col, w.title, &bold)?;
    sheet.merge_range(
        4,
        0,
        4,
        last_col,
        &period_line(&heading.period, lang),
        &italic,
    )?;
    sheet.merge_range(
        5,
        0,
        5,
        last_col,
        &format!("{}: {}", w.issuer, issuer(heading, &w)),
        &center,
    )?;
    // Two header rows and a row of column numbers, repeated on every printed page.
    let (top, sub, numbers) = (7u32, 8u32, 9u32);
    sheet.merge_range(top, 0, sub, 0, w.number, &header)?;
    sheet.merge_range(top, 1, sub, 1, line_header(group_by, lang), &header)?;
    let mut col = 2u16;
    for group in &GROUPS {
        let width = u16::try_from(group.columns.len()).unwrap_or(1);
        if width == 1 {
            sheet.merge_range(top, col, sub, col, pick(lang, group.vi, group.en), &header)?;
        } else {
            sheet.merge_range(
                top,
                col,
                top,
                col + width - 1,
                pick(lang, group.vi, group.en),
                &header,
            )?;
            for (i, (vi, en)) in (0u16..).zip(group.columns) {
                sheet.write_string_with_format(sub, col + i, pick(lang, vi, en), &header)?;
            }
        }
        col += width;
    }
    for c in 0..=last_col {
        sheet.write_string_with_format(numbers, c, format!("({})", c + 1), &numbering)?;
    }
    sheet.set_row_height(top, 30)?;
    sheet.set_row_height(sub, 45)?;
    sheet.set_column_width(0, 5)?;
    sheet.set_column_width(1, 38)?;
    for c in 2..=last_col {
        sheet.set_column_width(c, 9.5)?;
    }
    let mut row = numbers + 1;
    for (i, line) in (1u32..).zip(&results.lines) {
        sheet.write_number_with_format(row, 0, f64::from(i), &cell)?;
        let name = if line.name.is_empty() {
            &line.code
        } else {
            &line.name
        };
        sheet.write_string_with_format(row, 1, name, &text)?;
        for (c, v) in (2u16..).zip(figures(&line.counts)) {
            sheet.write_number_with_format(row, c, v as f64, &cell)?;
        }
        row += 1;
    }
    sheet.write_string_with_format(row, 0, "", &bold_cell)?;
    sheet.write_string_with_format(row, 1, w.total, &bold_cell)?;
    for (c, v) in (2u16..).zip(figures(&results.total)) {
        sheet.write_number_with_format(row, c, v as f64, &bold_cell)?;
    }
    let left = Format::new().set_italic();
    sheet.write_string_with_format(row + 1, 1, apart_line(&results.total, lang), &left)?;
    // The date line and the signature block.
    let sign = row + 3;
    sheet.merge_range(
        sign,
        split + 1,
        sign,
        last_col,
        &date_line(heading, lang),
        &italic,
    )?;
    sheet.merge_range(sign + 1, 0, sign + 1, split, w.maker, &bold)?;
    sheet.merge_range(sign + 2, 0, sign + 2, split, w.maker_hint, &italic)?;
    sheet.merge_range(sign + 1, split + 1, sign + 1, last_col, w.head, &bold)?;
    sheet.merge_range(
        sign + 2,
        split + 1,
        sign + 2,
        last_col,
        w.head_hint,
        &italic,
    )?;
    // Print setup: A4 (paper size 9) landscape, one page wide, headers on every page.
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_repeat_rows(top, numbers)?;
    sheet.set_footer(format!("&C{} &P / &N", w.page));
    sheet.set_freeze_panes(numbers + 1, 2)?;
    workbook.save_to_buffer()
}

/// Print-first CSS on the slips' model (serif system fonts, black on white, the same masthead
/// and signature blocks), on A4 landscape; the table's header repeats on every page.
const CSS: &str = r#"
@page { size: A4 landscape; margin: 12mm 10mm 14mm 10mm; }
* { box-sizing: border-box; }
html { font-family: "Times New Roman", Times, serif; font-size: 11pt; line-height: 1.35;
  color: #000; background: #fff; }
body { margin: 0; }
.page { width: 100%; margin: 0 auto; }
@media screen { body { background: #eee; } .page { background: #fff; max-width: 297mm;
  min-height: 210mm; padding: 12mm 10mm; margin: 5mm auto; box-shadow: 0 0 2mm #999; } }
p { margin: 0.6mm 0; }
table.masthead { width: 100%; border-collapse: collapse; }
table.masthead td { vertical-align: top; text-align: center; padding: 0; font-size: 10pt; }
table.masthead td.left { width: 40%; }
table.masthead td.right { width: 60%; }
.office, .nation, .motto { font-weight: bold; }
.number { font-style: italic; }
.rule { width: 40%; margin: 0.8mm auto 0; border-top: 0.6pt solid #000; }
h1 { font-size: 12.5pt; font-weight: bold; text-align: center; margin: 4mm 0 0.5mm; }
.sub { text-align: center; margin-bottom: 2.5mm; }
.sub .period { font-style: italic; }
table.grid { width: 100%; border-collapse: collapse; font-size: 9.5pt; margin: 1mm 0 2mm; }
table.grid th, table.grid td { border: 0.6pt solid #000; padding: 0.8mm 1.2mm; vertical-align: middle; }
table.grid th { font-weight: bold; text-align: center; }
table.grid tr.numbers th { font-weight: normal; font-style: italic; }
table.grid td.n { text-align: right; white-space: nowrap; }
table.grid td.stt { text-align: center; }
table.grid tr.total td { font-weight: bold; }
table.grid thead { display: table-header-group; }
table.grid tr { break-inside: avoid; page-break-inside: avoid; }
.apart { font-style: italic; }
.dateline { text-align: right; font-style: italic; margin: 3mm 0 1mm; padding-right: 10%; }
table.signs { width: 100%; border-collapse: collapse; break-inside: avoid; page-break-inside: avoid; }
table.signs td { width: 50%; vertical-align: top; text-align: center; padding: 0; }
table.signs .role { font-weight: bold; }
table.signs .hint { font-style: italic; font-size: 9.5pt; }
table.signs .space { height: 22mm; }
"#;

/// The form as a page to print.
pub fn html(results: &Results, group_by: GroupBy, lang: Lang, heading: &Heading) -> Markup {
    let w = words(lang);
    let issuer = issuer(heading, &w);
    html! {
        (DOCTYPE)
        html lang=(pick(lang, "vi", "en")) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (FORM_NUMBER) " – " (w.title) " – " (period_line(&heading.period, lang)) }
                style { (PreEscaped(CSS)) }
            }
            body {
                div.page {
                    table.masthead {
                        tr {
                            td.left {
                                div.office { (issuer.to_uppercase()) }
                                div.rule {}
                                div.number { (FORM_NUMBER) }
                            }
                            td.right {
                                div.nation { (w.nation) }
                                div.motto { (w.motto) }
                                div.rule {}
                            }
                        }
                    }
                    h1 { (w.title) }
                    div.sub {
                        p.period { (period_line(&heading.period, lang)) }
                        p { (w.issuer) ": " (issuer) }
                    }
                    table.grid {
                        thead {
                            tr {
                                th rowspan="2" scope="col" { (w.number) }
                                th rowspan="2" scope="col" { (line_header(group_by, lang)) }
                                @for group in &GROUPS {
                                    @if group.columns.len() == 1 {
                                        th rowspan="2" scope="col" { (pick(lang, group.vi, group.en)) }
                                    } @else {
                                        th colspan=(group.columns.len()) scope="colgroup" {
                                            (pick(lang, group.vi, group.en))
                                        }
                                    }
                                }
                            }
                            tr {
                                @for group in GROUPS.iter().filter(|g| g.columns.len() > 1) {
                                    @for (vi, en) in group.columns {
                                        th scope="col" { (pick(lang, vi, en)) }
                                    }
                                }
                            }
                            tr.numbers {
                                @for c in 1..=FIGURES + 2 {
                                    th { "(" (c) ")" }
                                }
                            }
                        }
                        tbody {
                            @for (i, line) in (1u32..).zip(&results.lines) {
                                tr {
                                    td.stt { (i) }
                                    td { @if line.name.is_empty() { (line.code) } @else { (line.name) } }
                                    @for v in figures(&line.counts) {
                                        td.n { (v) }
                                    }
                                }
                            }
                            tr.total {
                                td {}
                                td { (w.total) }
                                @for v in figures(&results.total) {
                                    td.n { (v) }
                                }
                            }
                        }
                    }
                    p.apart { (apart_line(&results.total, lang)) }
                    p.dateline { (date_line(heading, lang)) }
                    table.signs {
                        tr {
                            td {
                                div.role { (w.maker) }
                                div.hint { (w.maker_hint) }
                                div.space {}
                            }
                            td {
                                div.role { (w.head) }
                                div.hint { (w.head_hint) }
                                div.space {}
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::results::Line;

    fn sample() -> (Results, Heading) {
        let counts = Counts {
            received_total: 4,
            new_in_person: 3,
            carried_over: 1,
            resolved_total: 2,
            resolved_on_time: 2,
            in_progress_total: 1,
            in_progress_on_time: 1,
            withdrawn: 1,
            withdrawn_before_reception: 2,
            refused: 1,
            ..Counts::default()
        };
        let results = Results {
            lines: vec![Line {
                code: "ho-tich".into(),
                name: "Hộ tịch".into(),
                counts,
            }],
            total: counts,
            day_minutes: 480,
        };
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap_or_default();
        let heading = Heading {
            period: Period {
                from: d(1, 1),
                to: d(3, 31),
            },
            issuer: Some("Huyện Sông Mây".into()),
            place: Some("Sông Mây".into()),
            dated: d(4, 2),
        };
        (results, heading)
    }

    #[test]
    fn the_figures_follow_the_groups_and_add_up() {
        let columns: usize = GROUPS.iter().map(|g| g.columns.len()).sum();
        assert_eq!(columns, FIGURES);
        let (results, _) = sample();
        let f = figures(&results.total);
        assert_eq!(f[0], f[4] + f[9] + f[13] + f[14], "received = outcomes");
    }

    #[test]
    fn the_page_has_the_masthead_the_names_and_the_signatures() {
        let (results, heading) = sample();
        let page = html(&results, GroupBy::Field, Lang::Vi, &heading).into_string();
        for text in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "HUYỆN SÔNG MÂY",
            FORM_NUMBER,
            "Kỳ báo cáo: từ ngày 01/01/2025 đến ngày 31/03/2025",
            "<td>Hộ tịch</td>",
            "Sông Mây, ngày 02 tháng 04 năm 2025",
            "NGƯỜI LẬP BIỂU",
            "THỦ TRƯỞNG ĐƠN VỊ",
            "2 rút trước khi tiếp nhận",
            "size: A4 landscape",
        ] {
            assert!(page.contains(text), "{text}");
        }
        assert!(!page.contains("ho-tich"), "names, not codes");
    }
}
