//! The portal's required-documents table (`thanh_phan_ho_so_raw`), flattened to one string by
//! its crawler, read back into documents.
//!
//! The flattened text is a run of sections. Each section is an optional case label (the
//! portal's heading above a table, `--` when there is none), the table's header
//! `Tên giấy tờMẫu đơn, tờ khaiSố lượng`, then its rows run together: a row is the document's
//! name, its form's file name when it has one (`Mẫu số 01.docx`), and its quantity cell
//! `N bản chính` or `N bản chính,M bản sao`. The next section's label follows the last row.
//!
//! What makes the text ambiguous, and the rules that read it:
//! - names quote quantities too (`01 bản chính Bảng kê…`, `1 bản chính hoặc bản sao…`): a
//!   quantity cell never has a leading zero, never ends an empty name, and is followed by the
//!   next row's start (an upper-case letter, a digit, a bullet, a list marker `a)`) or the end,
//!   never by a lower-case word or a `,`, `;`, `:` or `)`;
//! - the cell's number is glued to the name (`…ngày 01/01/20261 bản chính`,
//!   `Mẫu số 181 bản chính`): a run of three or more digits gives its last digit to the cell;
//! - the form's file name is glued to the name too (`…NĐ-CPMẫu số 01.docx`): it starts at a
//!   known beginning (`Mẫu`, `Phụ lục`, `PL`, `Đơn`, …) glued to the text before it, or after a
//!   `;`, `.`, `:` or `)` with no space; where neither is found it stays in the name and the
//!   table is listed for review.
//!
//! A table *parses cleanly* when every section has rows, every row a name and a quantity, every
//! form file name is separated from its name, and no text is left over; otherwise the
//! documents read so far are kept with the reasons, for an administrator to review.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Document;

token_enum! {
    /// Whether a document is handed in or only shown at the desk.
    Presentation {
        /// Submitted with the dossier (nộp).
        Submit = "submit",
        /// Shown to the clerk and handed back (xuất trình).
        Present = "present",
    }
}

// The enum comes from `token_enum!`, whose derives do not include `Default`.
#[allow(clippy::derivable_impls)]
impl Default for Presentation {
    fn default() -> Self {
        Self::Submit
    }
}

/// What the table's reading found amiss.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TableProblem {
    /// There is text but no table header in it.
    NoTable,
    /// A table has no row with a quantity.
    EmptyTable,
    /// Text after a table's last quantity that is not the next table's label.
    LeftoverText,
    /// A form's file name could not be told apart from the document's name.
    FormBoundary,
}

impl TableProblem {
    /// In English, for the import report.
    pub fn describe(self) -> &'static str {
        match self {
            Self::NoTable => "text without the documents table's header",
            Self::EmptyTable => "a table without any row that has a quantity",
            Self::LeftoverText => "text left after a table's last quantity",
            Self::FormBoundary => "a form's file name glued to the document's name",
        }
    }
}

/// A table read back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentTable {
    /// The documents, in the portal's order.
    pub documents: Vec<Document>,
    /// What could not be read with confidence (empty: parsed cleanly), each once, in order.
    pub problems: Vec<TableProblem>,
}

impl DocumentTable {
    /// Whether every part was read with confidence.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

const HEADER: &str = "Tên giấy tờMẫu đơn, tờ khaiSố lượng";
const ORIGINALS: &str = " bản chính";
const COPIES: &str = " bản sao";
const EXTENSIONS: [&str; 7] = [".docx", ".doc", ".pdf", ".xlsx", ".xls", ".zip", ".rar"];
const FORM_STARTS: [&str; 19] = [
    "Mẫu",
    "Mau",
    "Mu0",
    "Mus",
    "mau ",
    "mẫu ",
    "Phụ lục",
    "Phụ Lục",
    "Phu luc",
    "Phu lục",
    "PL",
    "Phlc",
    "Biểu mẫu",
    "BM",
    "Tờ khai",
    "To khai",
    "Đơn",
    "Don",
    "TK",
];

/// Reads the flattened table. Empty text (or the portal's `--`) is no documents and clean.
pub fn parse_document_table(raw: &str) -> DocumentTable {
    let mut table = DocumentTable::default();
    let text = raw.trim();
    if text
        .trim_matches(|c: char| c == '-' || c.is_whitespace())
        .is_empty()
    {
        return table;
    }
    let mut parts = text.split(HEADER);
    let first = parts.next().unwrap_or_default();
    let sections: Vec<&str> = parts.collect();
    if sections.is_empty() {
        table.problems.push(TableProblem::NoTable);
        return table;
    }
    let mut label = clean_label(first);
    let last = sections.len() - 1;
    for (i, body) in sections.into_iter().enumerate() {
        let (rows, tail) = split_rows(body);
        if rows.is_empty() {
            note(&mut table.problems, TableProblem::EmptyTable);
        }
        for (text, originals, copies) in rows {
            let document =
                document(text, originals, copies, label.as_deref()).unwrap_or_else(|| {
                    note(&mut table.problems, TableProblem::FormBoundary);
                    bare(text, originals, copies, label.as_deref())
                });
            table.documents.push(document);
        }
        if i == last {
            if !clean_label(tail).is_none_or(|t| t.is_empty()) {
                note(&mut table.problems, TableProblem::LeftoverText);
            }
        } else {
            label = clean_label(tail);
        }
    }
    table
}

fn note(problems: &mut Vec<TableProblem>, problem: TableProblem) {
    if !problems.contains(&problem) {
        problems.push(problem);
    }
}

fn clean_label(text: &str) -> Option<String> {
    let t = text.trim_matches(|c: char| c.is_whitespace() || c == '-');
    (!t.is_empty()).then(|| t.to_owned())
}

/// Whether the text after a quantity starts a new row (or ends the table).
fn starts_row(rest: &str) -> bool {
    let s = rest.trim_start_matches([' ', '\t']);
    let Some(c) = s.chars().next() else {
        return true;
    };
    if c.is_lowercase() {
        // A list marker: `a)`, `đ)`, `iv)`, `a.5)`.
        let marker: String = s.chars().take(8).collect();
        let letters = marker.chars().take_while(|c| c.is_lowercase()).count();
        let after: String = marker.chars().skip(letters).collect();
        let after = after.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
        return (1..=4).contains(&letters) && after.starts_with(')');
    }
    !matches!(c, ',' | ';' | ':' | ')')
}

/// The rows of one section (name text, originals, copies) and the text after the last.
fn split_rows(body: &str) -> (Vec<(&str, u32, u32)>, &str) {
    let mut rows = Vec::new();
    let mut start = 0;
    let mut search = 0;
    while let Some(found) = body[search..].find(ORIGINALS) {
        let at = search + found;
        search = at + ORIGINALS.len();
        let digits_from = body[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit())
            .last()
            .map(|(i, _)| i);
        let Some(digits_from) = digits_from.filter(|&d| d >= start) else {
            continue;
        };
        let run = &body[digits_from..at];
        let cut = match run.len() {
            1 => digits_from,
            2 if !run.starts_with('0') => digits_from,
            2 => continue,
            _ => at - 1,
        };
        let mut end = search;
        let mut copies = 0;
        if let Some(rest) = body[end..].strip_prefix(',') {
            let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if !n.is_empty() && rest[n.len()..].starts_with(COPIES) {
                copies = n.parse().unwrap_or(0);
                end += 1 + n.len() + COPIES.len();
            }
        }
        if !starts_row(&body[end..]) {
            continue;
        }
        let name = &body[start..cut];
        if name
            .trim_matches(|c: char| c.is_whitespace() || "-+*.;:".contains(c))
            .is_empty()
        {
            continue;
        }
        let originals = body[cut..at].parse().unwrap_or(0);
        rows.push((name, originals, copies));
        start = end;
        search = end;
    }
    (rows, &body[start..])
}

fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn presentation(name: &str) -> Presentation {
    if crate::domain::text::fold(name).contains("xuat trinh") {
        Presentation::Present
    } else {
        Presentation::Submit
    }
}

fn optional(name: &str, case: Option<&str>) -> bool {
    let folded = crate::domain::text::fold(name);
    case.is_some() || folded.contains("neu co") || folded.contains("truong hop")
}

fn bare(text: &str, originals: u32, copies: u32, case: Option<&str>) -> Document {
    let name = tidy(text);
    Document {
        presentation: presentation(&name),
        optional: optional(&name, case),
        case: case.map(str::to_owned),
        name,
        originals,
        copies,
        form: None,
    }
}

/// A row into a document; `None` when it names a form file whose start cannot be found.
fn document(text: &str, originals: u32, copies: u32, case: Option<&str>) -> Option<Document> {
    let trimmed = text.trim_end();
    let lower = trimmed.to_lowercase();
    if !EXTENSIONS.iter().any(|e| lower.ends_with(e)) {
        return Some(bare(text, originals, copies, case));
    }
    // The first file ends at the first extension; several files may follow each other.
    let first_ext = EXTENSIONS
        .iter()
        .filter_map(|e| lower.find(e).map(|i| i + e.len()))
        .min()
        .unwrap_or(trimmed.len());
    let head = &trimmed[..first_ext];
    let start = form_start(head)?;
    let name = tidy(&trimmed[..start]);
    if name
        .trim_matches(|c: char| "-+*.;: ".contains(c))
        .is_empty()
    {
        return None;
    }
    let forms = split_files(&trimmed[start..]);
    Some(Document {
        presentation: presentation(&name),
        optional: optional(&name, case),
        case: case.map(str::to_owned),
        name: name
            .trim_end_matches(|c: char| c == ';' || c == ',' || c.is_whitespace())
            .to_owned(),
        originals,
        copies,
        form: Some(forms.join("; ")),
    })
}

/// `A.docxB (1).docx` → `A.docx`, `B (1).docx`.
fn split_files(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let lower = rest.to_lowercase();
        let end = EXTENSIONS
            .iter()
            .filter_map(|e| lower.find(e).map(|i| i + e.len()))
            .min();
        let Some(mut end) = end else {
            out.push(tidy(rest));
            break;
        };
        // `.doc` inside `.docx`.
        if rest[end..].starts_with('x') || rest[end..].starts_with('X') {
            end += 1;
        }
        // A copy's number after the extension: `Mau 04.docx (1).doc` stays one name.
        out.push(tidy(&rest[..end]));
        rest = &rest[end..];
    }
    out.retain(|f| !f.is_empty());
    out
}

/// Where the form's file name starts in `head` (which ends with its extension).
fn form_start(head: &str) -> Option<usize> {
    let ext_at = head.rfind('.')?;
    let near = |i: usize| ext_at - i <= 100;
    let has_name = |i: usize| {
        !head[..i]
            .trim_matches(|c: char| "-+*.;: ".contains(c))
            .is_empty()
    };
    // A known beginning glued to the text before it.
    let mut best: Option<usize> = None;
    for start in FORM_STARTS {
        let mut from = 0;
        while let Some(found) = head[from..ext_at].find(start) {
            let i = from + found;
            from = i + start.len();
            let glued = head[..i]
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_whitespace());
            let file = &head[i..];
            if glued && near(i) && has_name(i) && plausible_file(file) {
                best = Some(best.map_or(i, |b: usize| b.min(i)));
            }
        }
    }
    if best.is_some() {
        return best;
    }
    // After a `;`, `.`, `:` or `)` with no space.
    let after_stop = head[..ext_at]
        .char_indices()
        .filter(|(_, c)| matches!(c, ';' | '.' | ':' | ')'))
        .map(|(i, c)| i + c.len_utf8())
        .filter(|&i| {
            head[i..].chars().next().is_some_and(char::is_alphanumeric)
                && near(i)
                && has_name(i)
                && plausible_file(&head[i..])
        })
        .min();
    if after_stop.is_some() {
        return after_stop;
    }
    // Where a lower-case letter runs into an upper-case one or a digit (`…nguồn genBao cao…`,
    // `…Luật Chăn nuôi08.pdf`): the last such place, so the file name is the shortest.
    let chars: Vec<(usize, char)> = head[..ext_at].char_indices().collect();
    chars
        .windows(2)
        .filter(|w| w[0].1.is_lowercase() && (w[1].1.is_uppercase() || w[1].1.is_ascii_digit()))
        .map(|w| w[1].0)
        .rfind(|&i| near(i) && has_name(i) && plausible_file(&head[i..]))
}

/// A file name (before its extension) holds no sentence break (`;`, `).`).
fn plausible_file(file: &str) -> bool {
    let stem = file.rfind('.').map_or(file, |i| &file[..i]);
    !stem.contains(';') && !stem.contains(").") && !stem.contains("NĐ-CP ") && stem.len() <= 160
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(t: &DocumentTable) -> Vec<&str> {
        t.documents.iter().map(|d| d.name.as_str()).collect()
    }

    #[test]
    fn a_complaint_table_of_originals() {
        // 1.000178, as the portal gives it.
        let t = parse_document_table(
            "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTài liệu, chứng cứ do các bên cung cấp1 bản chínhQuyết định giải quyết khiếu nại1 bản chínhBiên bản tổ chức đối thoại (nếu có)1 bản chínhĐơn khiếu nại hoặc bản ghi nội dung khiếu nại1 bản chính",
        );
        assert!(t.is_clean(), "{:?}", t.problems);
        assert_eq!(
            names(&t),
            vec![
                "Tài liệu, chứng cứ do các bên cung cấp",
                "Quyết định giải quyết khiếu nại",
                "Biên bản tổ chức đối thoại (nếu có)",
                "Đơn khiếu nại hoặc bản ghi nội dung khiếu nại",
            ]
        );
        assert!(
            t.documents
                .iter()
                .all(|d| d.originals == 1 && d.copies == 0)
        );
        assert!(t.documents[2].optional && !t.documents[0].optional);
        assert_eq!(t.documents[0].case, None);
    }

    #[test]
    fn copies_and_forms_are_read() {
        // 1.002693.
        let t = parse_document_table(
            "--Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn đề nghị cấp giấy phép chặt hạ, dịch chuyển cây xanh theo Mẫu số 01 Phụ lục I của Nghị định số 258/2025/NĐ-CPMẫu số 01.docx1 bản chínhẢnh chụp hiện trạng cây xanh đô thị cần chặt hạ, dịch chuyển0 bản chính,1 bản sao",
        );
        assert!(t.is_clean(), "{:?}", t.problems);
        assert_eq!(
            t.documents[0].name,
            "Đơn đề nghị cấp giấy phép chặt hạ, dịch chuyển cây xanh theo Mẫu số 01 Phụ lục I của Nghị định số 258/2025/NĐ-CP"
        );
        assert_eq!(t.documents[0].form.as_deref(), Some("Mẫu số 01.docx"));
        assert_eq!((t.documents[1].originals, t.documents[1].copies), (0, 1));
        assert_eq!(t.documents[1].form, None);
    }

    #[test]
    fn forms_after_punctuation_and_with_dots_in_their_names() {
        // 1.001651 and 1.003777.
        let t = parse_document_table(
            "--Tên giấy tờMẫu đơn, tờ khaiSố lượngVăn bản đề nghị chấp thuận tạm ngừng giao dịch theo mẫu tại Phụ lục VIII ban hành kèm theo Thông tư số 73/2025/TT-NHNN;Phụ lục VIII.docx1 bản chínhBản khai cá nhân (Mẫu số 03).Mẫu 03.TT41.doc1 bản chính",
        );
        assert!(t.is_clean(), "{:?}", t.problems);
        assert_eq!(t.documents[0].form.as_deref(), Some("Phụ lục VIII.docx"));
        assert!(t.documents[0].name.ends_with("73/2025/TT-NHNN"));
        assert_eq!(t.documents[1].form.as_deref(), Some("Mẫu 03.TT41.doc"));
        assert_eq!(t.documents[1].name, "Bản khai cá nhân (Mẫu số 03).");
    }

    #[test]
    fn quantities_quoted_in_names_are_not_cells() {
        // 3.000522: `01 bản chính` starts a name; 1.007659 quotes one before the cell.
        let t = parse_document_table(
            "--Tên giấy tờMẫu đơn, tờ khaiSố lượngVăn bản đề nghị cấp lại giấy phép theo Mẫu số 01.1 bản chính,1 bản sao01 bản chính Biên bản của cơ sở cai nghiện1 bản chínhVăn bản xác nhận thiệt hại trên địa bàn: 01 bản chính1 bản chínhGiấy tờ 1 bản chính hoặc bản sao có chứng thực1 bản chính",
        );
        assert!(t.is_clean(), "{:?}", t.problems);
        assert_eq!(
            names(&t),
            vec![
                "Văn bản đề nghị cấp lại giấy phép theo Mẫu số 01.",
                "01 bản chính Biên bản của cơ sở cai nghiện",
                "Văn bản xác nhận thiệt hại trên địa bàn: 01 bản chính",
                "Giấy tờ 1 bản chính hoặc bản sao có chứng thực",
            ]
        );
        assert_eq!(t.documents[0].copies, 1);
    }

    #[test]
    fn a_cells_number_glued_to_a_year_or_a_form_number() {
        // 1.003590 and 1.012782.
        let t = parse_document_table(
            "--Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn đề nghị thẩm định theo Thông tư số 02/2026/TT-BNNMT ngày 01/01/20261 bản chính,1 bản saoĐơn đăng ký biến động đất đai theo Mẫu số 181 bản chính",
        );
        assert!(t.is_clean(), "{:?}", t.problems);
        assert_eq!(
            names(&t),
            vec![
                "Đơn đề nghị thẩm định theo Thông tư số 02/2026/TT-BNNMT ngày 01/01/2026",
                "Đơn đăng ký biến động đất đai theo Mẫu số 18",
            ]
        );
        assert_eq!((t.documents[0].originals, t.documents[0].copies), (1, 1));
    }

    #[test]
    fn sections_carry_their_case() {
        // 1.003777: two tables, each under its heading.
        let t = parse_document_table(
            "Hồ sơ hưởng chế độ hằng tháng, gồm:Tên giấy tờMẫu đơn, tờ khaiSố lượngBản khai cá nhân (Mẫu số 03).Mẫu 03.TT41.doc1 bản chínhHồ sơ đề nghị xét hưởng chế độ trợ cấp Tên giấy tờMẫu đơn, tờ khaiSố lượngDanh sách đề nghị (Mẫu số 02);Mẫu 02.TT41.doc1 bản chính",
        );
        assert!(t.is_clean(), "{:?}", t.problems);
        assert_eq!(
            t.documents[0].case.as_deref(),
            Some("Hồ sơ hưởng chế độ hằng tháng, gồm:")
        );
        assert_eq!(
            t.documents[1].case.as_deref(),
            Some("Hồ sơ đề nghị xét hưởng chế độ trợ cấp")
        );
        assert!(t.documents.iter().all(|d| d.optional));
    }

    #[test]
    fn list_markers_start_rows_and_words_do_not() {
        let t = parse_document_table(
            "--Tên giấy tờMẫu đơn, tờ khaiSố lượnga) Đơn đề nghị1 bản chínhb) Bản sao giấy phép0 bản chính,1 bản sao(i) Hồ sơ kèm theo1 bản chính",
        );
        assert!(t.is_clean(), "{:?}", t.problems);
        assert_eq!(t.documents.len(), 3);
        assert_eq!(t.documents[1].name, "b) Bản sao giấy phép");
    }

    #[test]
    fn presenting_a_document_is_told_apart() {
        let t = parse_document_table(
            "--Tên giấy tờMẫu đơn, tờ khaiSố lượngXuất trình căn cước của người đi đăng ký1 bản chínhTờ khai1 bản chính",
        );
        assert_eq!(t.documents[0].presentation, Presentation::Present);
        assert_eq!(t.documents[1].presentation, Presentation::Submit);
    }

    #[test]
    fn what_cannot_be_read_is_kept_and_reported() {
        assert_eq!(parse_document_table(""), DocumentTable::default());
        assert_eq!(parse_document_table("--"), DocumentTable::default());
        let t = parse_document_table("phải được kê khai trên biểu mẫu điện tử");
        assert_eq!(t.problems, vec![TableProblem::NoTable]);
        // 1.009539: a table whose last row has no quantity.
        let t = parse_document_table(
            "--Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn đề nghị1 bản chínhTại Bước 7:  +",
        );
        assert_eq!(t.problems, vec![TableProblem::LeftoverText]);
        assert_eq!(names(&t), vec!["Đơn đề nghị"]);
        // A form glued to a name with nothing to tell them apart.
        let t = parse_document_table(
            "--Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn theo mẫu quy địnhvăn bản đề nghị.docx1 bản chính",
        );
        assert_eq!(t.problems, vec![TableProblem::FormBoundary]);
        assert_eq!(
            t.documents[0].name,
            "Đơn theo mẫu quy địnhvăn bản đề nghị.docx"
        );
    }

    #[test]
    fn several_forms_of_one_row() {
        let t = parse_document_table(
            "--Tên giấy tờMẫu đơn, tờ khaiSố lượngDanh sách hành khách, thuyền viên;MauDanhsachhanhkhach (1).docxMauBankhaichung (1).docx1 bản chính",
        );
        assert!(t.is_clean(), "{:?}", t.problems);
        assert_eq!(
            t.documents[0].form.as_deref(),
            Some("MauDanhsachhanhkhach (1).docx; MauBankhaichung (1).docx")
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn name() -> impl Strategy<Value = String> {
        "[A-ZĐ][a-zđàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễ ]{2,40}[a-z]"
    }

    proptest! {
        /// A table written the portal's way reads back as written.
        #[test]
        fn written_tables_read_back(rows in prop::collection::vec((name(), 0u32..4, 0u32..4), 1..8)) {
            let mut raw = String::from("--");
            raw.push_str(HEADER);
            for (name, originals, copies) in &rows {
                raw.push_str(name);
                raw.push_str(&format!("{originals} bản chính"));
                if *copies > 0 {
                    raw.push_str(&format!(",{copies} bản sao"));
                }
            }
            let t = parse_document_table(&raw);
            prop_assert!(t.is_clean(), "{:?}", t.problems);
            let read: Vec<(String, u32, u32)> = t.documents.iter().map(|d| (d.name.clone(), d.originals, d.copies)).collect();
            let expected: Vec<(String, u32, u32)> = rows.iter().map(|(n, o, c)| (tidy(n), *o, *c)).collect();
            prop_assert_eq!(read, expected);
        }

        /// Whatever the text, reading never panics and keeps every quantity it accepts.
        #[test]
        fn any_text_reads(raw in ".{0,300}") {
            let _ = parse_document_table(&raw);
        }
    }
}

#[cfg(test)]
mod real {
    use super::*;

    /// Every table of the portal's detail: how many read cleanly, and why the rest did not.
    #[test]
    #[ignore = "needs ../shared/data"]
    fn the_portals_tables() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/tthc-catalog/procedures_detail.jsonl"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let (mut tables, mut clean, mut documents, mut forms) = (0, 0, 0, 0);
        let mut reasons: std::collections::BTreeMap<TableProblem, u32> = Default::default();
        for line in text.lines() {
            let row: serde_json::Value = serde_json::from_str(line).unwrap();
            let raw = row["thanh_phan_ho_so_raw"].as_str().unwrap_or_default();
            let t = parse_document_table(raw);
            documents += t.documents.len();
            forms += t.documents.iter().filter(|d| d.form.is_some()).count();
            if raw.trim_matches(['-', ' ']).is_empty() {
                assert!(t.documents.is_empty() && t.is_clean());
                continue;
            }
            tables += 1;
            clean += u32::from(t.is_clean());
            for p in t.problems {
                *reasons.entry(p).or_default() += 1;
                if std::env::var_os("SHOW_TABLES").is_some() {
                    println!("{} {p:?}", row["ma_thu_tuc"]);
                }
            }
        }
        println!(
            "{tables} tables, {clean} clean, {documents} documents, {forms} with a form; {reasons:?}"
        );
        // 2,642 rows, 23 of them without any table (`--` or nothing).
        assert_eq!(tables, 2619);
        assert!(clean >= 2_500, "{clean} clean of {tables}");
        assert!(documents > 14_000 && forms > 2_000, "{documents} {forms}");
    }
}
