//! The results report in the official form's layout (Biểu II.06a): the issuing unit and the
//! national masthead, the form number, the period and the unit's name, a numbered table of
//! the received applications (lines by name, never by code) under two header rows and a row of
//! column numbers, what was never received shown apart, the date line and the signature block.

use maud::{Markup, html};
use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};

use super::{
    Heading, Style, document, formats, issuer, masthead, pick, print_setup, signatures, words,
    xlsx_masthead, xlsx_signatures,
};
use crate::domain::report::{Counts, GroupBy, Period};
use crate::i18n::Lang;
use crate::reports::results::Results;

/// The form's number.
pub const FORM_NUMBER: &str = "Biểu số II.06a/VPCP/KSTT";

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

/// The words of this form in one language (the shared ones are [`super::words`]).
struct Own {
    title: &'static str,
    total: &'static str,
    apart: &'static str,
    withdrawn_before: &'static str,
    stopped_before: &'static str,
    refused: &'static str,
}

fn own(lang: Lang) -> Own {
    match lang {
        Lang::Vi => Own {
            title: "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
            total: "Tổng cộng",
            apart: "Không tính vào bảng (chưa được tiếp nhận)",
            withdrawn_before: "rút trước khi tiếp nhận",
            stopped_before: "dừng xử lý trước khi tiếp nhận",
            refused: "từ chối tiếp nhận",
        },
        Lang::En => Own {
            title: "ADMINISTRATIVE PROCEDURES: SITUATION AND RESULTS",
            total: "Total",
            apart: "Not in the table (never received)",
            withdrawn_before: "withdrawn before reception",
            stopped_before: "stopped before reception",
            refused: "refused at reception",
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

/// "Kỳ báo cáo: từ ngày … đến ngày …".
fn period_line(period: &Period, lang: Lang) -> String {
    let (from, to) = (period.from.format("%d/%m/%Y"), period.to.format("%d/%m/%Y"));
    match lang {
        Lang::Vi => format!("Kỳ báo cáo: từ ngày {from} đến ngày {to}"),
        Lang::En => format!("Reporting period: {from} to {to}"),
    }
}

/// What was never received, as one sentence below the table.
fn apart_line(total: &Counts, lang: Lang) -> String {
    let w = own(lang);
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

/// The form as a workbook, set up to print on A4 landscape.
pub fn xlsx(
    results: &Results,
    group_by: GroupBy,
    lang: Lang,
    heading: &Heading,
) -> Result<Vec<u8>, XlsxError> {
    let w = words(lang);
    let o = own(lang);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(pick(lang, "Kết quả giải quyết", "Results"))?;
    let last_col = u16::try_from(FIGURES + 1).unwrap_or(u16::MAX);
    let f = formats();
    let header = f.bold.clone().set_border(FormatBorder::Thin);
    let numbering = f.italic.clone().set_border(FormatBorder::Thin);
    let cell = Format::new().set_border(FormatBorder::Thin);
    let text = cell.clone().set_text_wrap();
    let bold_cell = cell.clone().set_bold();
    // The masthead: the issuing unit on the left, the nation and its motto on the right.
    let split = 5u16;
    xlsx_masthead(sheet, heading, lang, Some(FORM_NUMBER), split, last_col)?;
    sheet.merge_range(3, 0, 3, last_col, o.title, &f.bold)?;
    sheet.merge_range(
        4,
        0,
        4,
        last_col,
        &period_line(&heading.period, lang),
        &f.italic,
    )?;
    sheet.merge_range(
        5,
        0,
        5,
        last_col,
        &format!("{}: {}", w.issuer, issuer(heading, lang)),
        &f.center,
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
    sheet.write_string_with_format(row, 1, o.total, &bold_cell)?;
    for (c, v) in (2u16..).zip(figures(&results.total)) {
        sheet.write_number_with_format(row, c, v as f64, &bold_cell)?;
    }
    let left = Format::new().set_italic();
    sheet.write_string_with_format(row + 1, 1, apart_line(&results.total, lang), &left)?;
    xlsx_signatures(sheet, heading, lang, row + 3, split, last_col)?;
    print_setup(sheet, lang, true, top, numbers)?;
    sheet.set_freeze_panes(numbers + 1, 2)?;
    workbook.save_to_buffer()
}

/// The form's content (masthead to signatures), for a page of its own or another frame.
pub fn body(results: &Results, group_by: GroupBy, lang: Lang, heading: &Heading) -> Markup {
    let w = words(lang);
    let o = own(lang);
    html! {
        (masthead(heading, lang, Some(FORM_NUMBER)))
        h1 { (o.title) }
        div.sub {
            p.period { (period_line(&heading.period, lang)) }
            p { (w.issuer) ": " (issuer(heading, lang)) }
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
                    td { (o.total) }
                    @for v in figures(&results.total) {
                        td.n { (v) }
                    }
                }
            }
        }
        p.apart { (apart_line(&results.total, lang)) }
        (signatures(heading, lang))
    }
}

/// The form's page title.
pub fn title(lang: Lang, heading: &Heading) -> String {
    format!(
        "{FORM_NUMBER} – {} – {}",
        own(lang).title,
        period_line(&heading.period, lang)
    )
}

/// The form as a page to print (its stylesheet written in).
pub fn html(results: &Results, group_by: GroupBy, lang: Lang, heading: &Heading) -> Markup {
    document(
        lang,
        &title(lang, heading),
        true,
        Style::Inline,
        body(results, group_by, lang, heading),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::results::Line;
    use chrono::NaiveDate;

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
