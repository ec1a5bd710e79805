//! The reform-progress report in the official layout: the issuing unit and the national
//! masthead, the title, the date the figures are taken at and the unit's name, the figures as
//! numbered rows in parts (desks, publicity, reception, levels), the date line and the
//! signature block; A4 portrait.

use maud::{Markup, html};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::{
    Heading, Style, document, formats, issuer, masthead, pick, print_setup, signatures, words,
    xlsx_masthead, xlsx_signatures,
};
use crate::domain::progress::{Figure, Line, percent};
use crate::domain::report::Period;
use crate::i18n::Lang;
use crate::reports::progress::ProgressReport;

fn title(lang: Lang) -> &'static str {
    pick(
        lang,
        "BÁO CÁO TIẾN ĐỘ CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
        "ADMINISTRATIVE REFORM PROGRESS REPORT",
    )
}

/// "Số liệu tính đến ngày 09/06/2020".
fn date_of(report: &ProgressReport, lang: Lang) -> String {
    let d = report.date.format("%d/%m/%Y");
    match lang {
        Lang::Vi => format!("Số liệu tính đến ngày {d}"),
        Lang::En => format!("Figures as of {d}"),
    }
}

/// The part a line belongs to, by its key.
fn part_of(key: &str) -> u8 {
    if key.starts_with("desks_") {
        1
    } else if key == "published" {
        2
    } else if key.starts_with("received_") {
        3
    } else if key.starts_with("legacy_") {
        4
    } else {
        5
    }
}

fn part_name(part: u8, lang: Lang) -> &'static str {
    match part {
        1 => pick(
            lang,
            "I. Bộ phận một cửa hoạt động",
            "I. One-stop desks operating",
        ),
        2 => pick(
            lang,
            "II. Công khai thủ tục hành chính",
            "II. Procedures published",
        ),
        3 => pick(
            lang,
            "III. Thủ tục tiếp nhận tại bộ phận một cửa",
            "III. Procedures received at the desks",
        ),
        4 => pick(
            lang,
            "IV. Thủ tục theo mức độ (Nghị định 43/2011/NĐ-CP)",
            "IV. Procedures by level (Decree 43/2011)",
        ),
        _ => pick(
            lang,
            "V. Dịch vụ công trực tuyến (Nghị định 42/2022/NĐ-CP)",
            "V. Online public services (Decree 42/2022)",
        ),
    }
}

/// A line's value and share as the form shows them.
fn cells(line: &Line) -> (String, String) {
    match line.figure {
        Figure::Ratio(r) => (
            format!("{}/{}", r.numerator, r.denominator),
            r.share
                .map(|s| format!("{}%", percent(s)))
                .unwrap_or_else(|| "–".to_owned()),
        ),
        Figure::Count(n) => (n.to_string(), String::new()),
    }
}

/// The lines in parts: (part, its lines with their row numbers).
fn parts(report: &ProgressReport) -> Vec<(u8, Vec<(u32, Line)>)> {
    let mut parts: Vec<(u8, Vec<(u32, Line)>)> = Vec::new();
    for (n, line) in (1u32..).zip(report.figures.lines()) {
        let part = part_of(line.key);
        match parts.last_mut() {
            Some((p, lines)) if *p == part => lines.push((n, line)),
            _ => parts.push((part, vec![(n, line)])),
        }
    }
    parts
}

/// The heading of a reform-progress form: issued by the unit, on the report's date.
pub fn heading_of(report: &ProgressReport) -> Heading {
    Heading {
        period: Period {
            from: report.date,
            to: report.date,
        },
        issuer: Some(report.unit.full_name.clone()),
        place: Some(report.unit.name.clone()),
        dated: crate::domain::today(),
    }
}

fn headers(lang: Lang) -> [&'static str; 4] {
    [
        words(lang).number,
        pick(lang, "Chỉ tiêu", "Indicator"),
        pick(lang, "Kết quả", "Figure"),
        pick(lang, "Tỷ lệ", "Share"),
    ]
}

/// The form's content (masthead to signatures).
pub fn body(report: &ProgressReport, lang: Lang, heading: &Heading) -> Markup {
    let w = words(lang);
    html! {
        (masthead(heading, lang, None))
        h1 { (title(lang)) }
        div.sub {
            p.period { (date_of(report, lang)) }
            p { (w.issuer) ": " (issuer(heading, lang)) }
        }
        table.grid {
            thead {
                tr { @for h in headers(lang) { th scope="col" { (h) } } }
                tr.numbers { @for c in 1..=4 { th { "(" (c) ")" } } }
            }
            tbody {
                @for (part, lines) in parts(report) {
                    tr.part { td colspan="4" { (part_name(part, lang)) } }
                    @for (n, line) in &lines {
                        @let (value, share) = cells(line);
                        tr {
                            td.stt { (n) }
                            td { (lang.pick(&line.vi, &line.en)) }
                            td.n { (value) }
                            td.n { (share) }
                        }
                    }
                }
            }
        }
        (signatures(heading, lang))
    }
}

/// The form's page title.
pub fn page_title(report: &ProgressReport, lang: Lang) -> String {
    format!("{} – {}", title(lang), date_of(report, lang))
}

/// The form as a page to print, with its stylesheet as asked.
pub fn html(report: &ProgressReport, lang: Lang, heading: &Heading, style: Style<'_>) -> Markup {
    document(
        lang,
        &page_title(report, lang),
        false,
        style,
        body(report, lang, heading),
    )
}

/// The sheet's name.
pub fn sheet_name(lang: Lang) -> &'static str {
    pick(lang, "Tiến độ cải cách", "Reform progress")
}

/// The row of the column headers (0-based); the masthead, title and unit come before it.
pub const HEADER_ROW: u32 = 6;

/// The form as a workbook, set up to print on A4 portrait.
pub fn xlsx(report: &ProgressReport, lang: Lang, heading: &Heading) -> Result<Vec<u8>, XlsxError> {
    let w = words(lang);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(lang))?;
    let f = formats();
    let (split, last) = (1u16, 3u16);
    xlsx_masthead(sheet, heading, lang, None, split, last)?;
    sheet.merge_range(3, 0, 3, last, title(lang), &f.bold)?;
    sheet.merge_range(4, 0, 4, last, &date_of(report, lang), &f.italic)?;
    sheet.merge_range(
        5,
        0,
        5,
        last,
        &format!("{}: {}", w.issuer, issuer(heading, lang)),
        &f.center,
    )?;
    let header = f.bold.clone().set_border(FormatBorder::Thin);
    let numbering = f.italic.clone().set_border(FormatBorder::Thin);
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let number = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Right);
    let part = cell.clone().set_bold();
    for (c, h) in (0u16..).zip(headers(lang)) {
        sheet.write_string_with_format(HEADER_ROW, c, h, &header)?;
        sheet.write_string_with_format(HEADER_ROW + 1, c, format!("({})", c + 1), &numbering)?;
    }
    sheet.set_column_width(0, 6)?;
    sheet.set_column_width(1, 58)?;
    sheet.set_column_width(2, 12)?;
    sheet.set_column_width(3, 12)?;
    let mut row = HEADER_ROW + 2;
    for (p, lines) in parts(report) {
        sheet.merge_range(row, 0, row, last, part_name(p, lang), &part)?;
        row += 1;
        for (n, line) in &lines {
            let (value, share) = cells(line);
            sheet.write_number_with_format(row, 0, f64::from(*n), &cell)?;
            sheet.write_string_with_format(row, 1, lang.pick(&line.vi, &line.en), &cell)?;
            match line.figure {
                Figure::Count(c) => sheet.write_number_with_format(row, 2, c as f64, &number)?,
                Figure::Ratio(_) => sheet.write_string_with_format(row, 2, &value, &number)?,
            };
            sheet.write_string_with_format(row, 3, &share, &number)?;
            row += 1;
        }
    }
    xlsx_signatures(sheet, heading, lang, row + 1, split, last)?;
    print_setup(sheet, lang, false, HEADER_ROW, HEADER_ROW + 1)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_has_a_part_in_reading_order() {
        let keys = [
            "desks_commune",
            "published",
            "received_commune",
            "legacy_level_1",
            "online_full",
        ];
        let parts: Vec<u8> = keys.iter().map(|k| part_of(k)).collect();
        assert_eq!(parts, [1, 2, 3, 4, 5]);
    }
}
