//! Reports in the official layout, ready to hand to a superior: the issuing unit and the
//! national masthead, the title, the unit's name, a numbered table, the date line and the
//! signature block; as a workbook set up for printing (A4, fit to width, header rows repeated
//! on every page, page numbers in the footer) and as a page with a print stylesheet.
//!
//! This module holds what every form shares; `results` is the results report (Biểu II.06a),
//! `progress` the reform-progress report.

pub mod progress;
pub mod results;

pub use results::{FORM_NUMBER, html, xlsx};

use chrono::{Datelike, NaiveDate};
use diesel::QueryResult;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use rust_xlsxwriter::{Format, FormatAlign, Worksheet, XlsxError};

use crate::db::{DbConnection, offices, units};
use crate::domain::report::Period;
use crate::i18n::Lang;

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

/// The words every form shares, in one language.
pub(crate) struct Words {
    pub nation: &'static str,
    pub motto: &'static str,
    pub issuer: &'static str,
    pub everything: &'static str,
    pub number: &'static str,
    pub maker: &'static str,
    pub maker_hint: &'static str,
    pub head: &'static str,
    pub head_hint: &'static str,
    pub page: &'static str,
}

pub(crate) fn words(lang: Lang) -> Words {
    match lang {
        Lang::Vi => Words {
            nation: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            motto: "Độc lập - Tự do - Hạnh phúc",
            issuer: "Đơn vị báo cáo",
            everything: "Toàn bộ",
            number: "STT",
            maker: "NGƯỜI LẬP BIỂU",
            maker_hint: "(Ký, ghi rõ họ tên)",
            head: "THỦ TRƯỞNG ĐƠN VỊ",
            head_hint: "(Ký tên, đóng dấu)",
            page: "Trang",
        },
        Lang::En => Words {
            nation: "SOCIALIST REPUBLIC OF VIETNAM",
            motto: "Independence - Freedom - Happiness",
            issuer: "Reporting unit",
            everything: "Everything",
            number: "No.",
            maker: "PREPARED BY",
            maker_hint: "(Signature and full name)",
            head: "HEAD OF THE UNIT",
            head_hint: "(Signature and seal)",
            page: "Page",
        },
    }
}

pub(crate) fn pick(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Vi { vi } else { en }
}

/// The issuing unit's name, or "everything" for a report on every unit.
pub(crate) fn issuer(heading: &Heading, lang: Lang) -> &str {
    heading.issuer.as_deref().unwrap_or(words(lang).everything)
}

/// "Sông Mây, ngày 02 tháng 12 năm 2026" (dots where the place is unknown).
pub(crate) fn date_line(heading: &Heading, lang: Lang) -> String {
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

/// The print-first stylesheet of every form (serif system fonts, black on white, the
/// masthead and signature blocks of the slips); `@page` is set by each form's own rule.
pub const CSS: &str = r#"
* { box-sizing: border-box; }
html { font-family: "Times New Roman", Times, serif; font-size: 11pt; line-height: 1.35;
  color: #000; background: #fff; }
body { margin: 0; }
.page { width: 100%; margin: 0 auto; }
@media screen { body { background: #eee; } .page { background: #fff; max-width: 297mm;
  min-height: 210mm; padding: 12mm 10mm; margin: 5mm auto; box-shadow: 0 0 2mm #999; } .page.portrait { max-width: 210mm; min-height: 297mm; } }
@media print { .no-print { display: none !important; } }
.back { font-family: system-ui, sans-serif; font-size: 10pt; max-width: 297mm; margin: 3mm auto 0; }
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
table.grid tr.total td, table.grid tr.part td { font-weight: bold; }
table.grid thead { display: table-header-group; }
table.grid tr { break-inside: avoid; page-break-inside: avoid; }
.apart { font-style: italic; }
.dateline { text-align: right; font-style: italic; margin: 3mm 0 1mm; padding-right: 10%; }
.signoff { break-inside: avoid; page-break-inside: avoid; }
table.signs { width: 100%; border-collapse: collapse; break-inside: avoid; page-break-inside: avoid; }
table.signs td { width: 50%; vertical-align: top; text-align: center; padding: 0; }
table.signs .role { font-weight: bold; }
table.signs .hint { font-style: italic; font-size: 9.5pt; }
table.signs .space { height: 22mm; }
"#;

/// How a form's page gets its stylesheet: written in (the API's `format=html`) or linked (the
/// staff pages, whose content security policy allows no inline style).
#[derive(Debug, Clone, Copy)]
pub enum Style<'a> {
    /// `<style>` with [`CSS`] and the page rule.
    Inline,
    /// `<link rel="stylesheet">` to [`CSS`] served at this address, and a "back" link.
    Linked {
        /// The stylesheet's address.
        href: &'a str,
        /// Where the "back" link leads.
        back: &'a str,
    },
}

/// A form as a whole page to print: `landscape` chooses the `@page` rule.
pub fn document(
    lang: Lang,
    title: &str,
    landscape: bool,
    style: Style<'_>,
    body: Markup,
) -> Markup {
    let page_rule = if landscape {
        "@page { size: A4 landscape; margin: 12mm 10mm 14mm 10mm; }"
    } else {
        "@page { size: A4 portrait; margin: 15mm 15mm 15mm 20mm; }"
    };
    html! {
        (DOCTYPE)
        html lang=(pick(lang, "vi", "en")) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                @match style {
                    Style::Inline => style { (PreEscaped(page_rule)) (PreEscaped(CSS)) },
                    Style::Linked { href, .. } => link rel="stylesheet" href={ (href) "?page=" (if landscape { "landscape" } else { "portrait" }) };,
                }
            }
            body {
                @if let Style::Linked { back, .. } = style {
                    p.back.no-print { a href=(back) { (pick(lang, "← Quay lại báo cáo", "← Back to the report")) } }
                }
                main.page.portrait[!landscape] { (body) }
            }
        }
    }
}

/// The stylesheet served for [`Style::Linked`]: [`CSS`] with the page rule asked for.
pub fn linked_css(landscape: bool) -> String {
    let page_rule = if landscape {
        "@page { size: A4 landscape; margin: 12mm 10mm 14mm 10mm; }"
    } else {
        "@page { size: A4 portrait; margin: 15mm 15mm 15mm 20mm; }"
    };
    format!("{page_rule}\n{CSS}")
}

/// The masthead: the issuing unit (and the form's number, if any) on the left, the nation
/// and its motto on the right.
pub(crate) fn masthead(heading: &Heading, lang: Lang, number: Option<&str>) -> Markup {
    let w = words(lang);
    html! {
        table.masthead {
            tr {
                td.left {
                    div.office { (issuer(heading, lang).to_uppercase()) }
                    div.rule {}
                    @if let Some(number) = number { div.number { (number) } }
                }
                td.right {
                    div.nation { (w.nation) }
                    div.motto { (w.motto) }
                    div.rule {}
                }
            }
        }
    }
}

/// The date line and the signature block.
pub(crate) fn signatures(heading: &Heading, lang: Lang) -> Markup {
    let w = words(lang);
    html! {
        div.signoff {
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

/// The cell formats of a form's sheet.
pub(crate) struct Formats {
    pub center: Format,
    pub bold: Format,
    pub italic: Format,
}

pub(crate) fn formats() -> Formats {
    let center = Format::new()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    Formats {
        bold: center.clone().set_bold(),
        italic: center.clone().set_italic(),
        center,
    }
}

/// The sheet's masthead on rows 0 and 1: the issuer (and number) in columns `0..=split`, the
/// nation and motto in `split + 1..=last`.
pub(crate) fn xlsx_masthead(
    sheet: &mut Worksheet,
    heading: &Heading,
    lang: Lang,
    number: Option<&str>,
    split: u16,
    last: u16,
) -> Result<(), XlsxError> {
    let w = words(lang);
    let f = formats();
    sheet.merge_range(
        0,
        0,
        0,
        split,
        &issuer(heading, lang).to_uppercase(),
        &f.bold,
    )?;
    if let Some(number) = number {
        sheet.merge_range(1, 0, 1, split, number, &f.italic)?;
    }
    sheet.merge_range(0, split + 1, 0, last, w.nation, &f.bold)?;
    sheet.merge_range(1, split + 1, 1, last, w.motto, &f.bold)?;
    Ok(())
}

/// The date line on row `row` and the signature block on the two rows below it.
pub(crate) fn xlsx_signatures(
    sheet: &mut Worksheet,
    heading: &Heading,
    lang: Lang,
    row: u32,
    split: u16,
    last: u16,
) -> Result<(), XlsxError> {
    let w = words(lang);
    let f = formats();
    sheet.merge_range(
        row,
        split + 1,
        row,
        last,
        &date_line(heading, lang),
        &f.italic,
    )?;
    sheet.merge_range(row + 1, 0, row + 1, split, w.maker, &f.bold)?;
    sheet.merge_range(row + 2, 0, row + 2, split, w.maker_hint, &f.italic)?;
    sheet.merge_range(row + 1, split + 1, row + 1, last, w.head, &f.bold)?;
    sheet.merge_range(row + 2, split + 1, row + 2, last, w.head_hint, &f.italic)?;
    Ok(())
}

/// Print setup: A4 (paper size 9), one page wide, centred, the header rows `top..=bottom` on
/// every page and "Trang &P / &N" in the footer.
pub(crate) fn print_setup(
    sheet: &mut Worksheet,
    lang: Lang,
    landscape: bool,
    top: u32,
    bottom: u32,
) -> Result<(), XlsxError> {
    if landscape {
        sheet.set_landscape();
    } else {
        sheet.set_portrait();
    }
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_repeat_rows(top, bottom)?;
    sheet.set_footer(format!("&C{} &P / &N", words(lang).page));
    Ok(())
}
