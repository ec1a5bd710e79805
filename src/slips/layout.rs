//! The page every slip shares: the A5 print stylesheet, the masthead (office and national
//! motto), the form number and circular in the corner, the date line and the title.

use chrono::NaiveDate;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::format::{date_line, or_blank};
use super::{Circular, Form, SlipData};

/// Print-first CSS: A5 portrait, serif system fonts, black on white, no external resource.
const CSS: &str = r#"
@page { size: A5 portrait; margin: 10mm 10mm 10mm 12mm; }
* { box-sizing: border-box; }
html { font-family: "Times New Roman", Times, serif; font-size: 11pt; line-height: 1.35;
  color: #000; background: #fff; }
body { margin: 0; }
.page { width: 100%; max-width: 126mm; margin: 0 auto; }
@media screen { body { background: #eee; } .page { background: #fff; max-width: 148mm;
  min-height: 210mm; padding: 10mm 10mm 10mm 12mm; margin: 5mm auto; box-shadow: 0 0 2mm #999; } }
p { margin: 0.6mm 0; }
.corner { text-align: right; font-size: 8.5pt; font-style: italic; margin-bottom: 1.5mm; }
.corner b { font-style: normal; }
table.masthead { width: 100%; border-collapse: collapse; }
table.masthead td { width: 50%; vertical-align: top; text-align: center; padding: 0; font-size: 9.5pt; }
table.masthead td.left { width: 42%; }
table.masthead td.right { width: 58%; }
.office, .nation { font-weight: bold; }
.motto { font-weight: bold; font-size: 10.5pt; }
.rule { width: 45%; margin: 0.8mm auto 0; border-top: 0.6pt solid #000; }
.dateline { text-align: right; font-style: italic; margin: 2mm 0 3mm; }
h1 { font-size: 12pt; font-weight: bold; text-align: center; margin: 2mm 0 0.5mm; }
.sub { text-align: center; font-style: italic; margin-bottom: 2.5mm; }
.blank { color: #555; letter-spacing: 0.3mm; }
.item { padding-left: 6mm; text-indent: -4mm; }
.closing { font-style: italic; margin-top: 1.5mm; }
table.grid { width: 100%; border-collapse: collapse; font-size: 9pt; margin: 1mm 0 2mm; }
table.grid th, table.grid td { border: 0.6pt solid #000; padding: 0.8mm 1.2mm; vertical-align: top; }
table.grid th { font-weight: bold; text-align: center; }
table.grid td.n { text-align: center; white-space: nowrap; }
table.grid thead { display: table-header-group; }
table.grid tr { break-inside: avoid; page-break-inside: avoid; }
table.control { font-size: 8pt; }
table.signs { width: 100%; border-collapse: collapse; margin-top: 3mm; break-inside: avoid;
  page-break-inside: avoid; }
table.signs td { width: 50%; vertical-align: top; text-align: center; padding: 0; }
table.signs .role { font-weight: bold; }
table.signs .hint { font-style: italic; font-size: 9pt; }
table.signs .space { height: 16mm; }
table.signs .name { font-weight: bold; }
table.signs td.recipients { text-align: left; font-size: 9pt; }
.qr { margin-top: 3mm; display: table; break-inside: avoid; page-break-inside: avoid; }
.qr .code, .qr .caption { display: table-cell; vertical-align: middle; }
.qr svg { display: block; width: 24mm; height: 24mm; }
.qr .caption { padding-left: 3mm; font-size: 8.5pt; }
.qr .url { word-break: break-all; font-family: "Courier New", Courier, monospace; }
.toolbar { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  font-size: 1rem; max-width: 148mm; margin: 4mm auto 0; display: flex; flex-wrap: wrap;
  gap: 3mm; align-items: center; background: #fff; padding: 2mm 3mm; }
.toolbar a { color: #1d70b8; }
.toolbar a:focus, .toolbar button:focus { outline: 3px solid #fd0; outline-offset: 0; }
.toolbar button { font: inherit; font-weight: 700; padding: 2mm 4mm; color: #fff;
  background: #00703c; border: 0; cursor: pointer; }
@media print { .toolbar { display: none; } }
"#;

/// One signature block: role in capitals, the circular's hint in brackets, room to sign, and
/// the signer's name when known.
pub(super) struct Signer<'a> {
    pub role: &'a str,
    pub hint: &'a str,
    pub name: Option<&'a str>,
}

/// The whole document around a form's `body`.
pub(super) fn page(
    form: Form,
    circular: Circular,
    data: &SlipData,
    dated: NaiveDate,
    body: Markup,
    toolbar: Option<&super::Toolbar>,
) -> Markup {
    let title = form.title_in(circular);
    let number = form.number_in(circular);
    html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Mẫu số " (number) " – " (title) " – " (data.code) }
                style { (PreEscaped(CSS)) }
                @if let Some(toolbar) = toolbar {
                    script src=(toolbar.script) defer {}
                }
            }
            body {
                @if let Some(toolbar) = toolbar {
                    div.toolbar { (toolbar.markup) }
                }
                div.page {
                    div.corner {
                        b { "Mẫu số " (number) }
                        br;
                        "(Ban hành kèm theo Thông tư số " (circular.number())
                        " của Văn phòng Chính phủ)"
                    }
                    table.masthead {
                        tr {
                            td.left {
                                div.unit { (data.unit_name.trim().to_uppercase()) }
                                div.office { (data.office_name.trim().to_uppercase()) }
                                div.rule {}
                            }
                            td.right {
                                div.nation { "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" }
                                div.motto { "Độc lập - Tự do - Hạnh phúc" }
                                div.rule {}
                            }
                        }
                    }
                    p.dateline { (or_blank(data.place_name.as_deref())) ", " (date_line(dated)) }
                    h1 { (title.to_uppercase()) }
                    (body)
                }
            }
        }
    }
}

/// Signature blocks side by side (one or two).
pub(super) fn signatures(signers: &[Signer<'_>]) -> Markup {
    html! {
        table.signs {
            tr {
                @for s in signers {
                    (signer(s))
                }
            }
        }
    }
}

/// A single signature block on the right, with `left` (e.g. the recipients list) beside it.
pub(super) fn signature_beside(left: Markup, s: &Signer<'_>) -> Markup {
    html! {
        table.signs {
            tr {
                td.recipients { (left) }
                (signer(s))
            }
        }
    }
}

fn signer(s: &Signer<'_>) -> Markup {
    html! {
        td {
            div.role { (s.role) }
            div.hint { "(" (s.hint) ")" }
            div.space {}
            @if let Some(name) = s.name.map(str::trim).filter(|n| !n.is_empty()) {
                div.name { (name) }
            }
        }
    }
}
