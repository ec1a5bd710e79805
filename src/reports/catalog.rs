//! The catalog as a file: the portal's CSV layout (re-importable) and an XLSX sheet with
//! Vietnamese headers for people.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::db::procedures::{Details, VersionRow};
use crate::domain::procedure::{Channel, OnlineLevel, PortalRow, Tier, TimeStatus, TimeUnit};

/// A version with its field's name, as exported.
pub struct ExportRow {
    /// The version.
    pub version: VersionRow,
    /// Its descriptive content.
    pub details: Details,
    /// The field's name.
    pub field_name: String,
}

fn tokens<T: Copy>(
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
    show: impl Fn(T) -> &'static str,
    sep: &str,
) -> String {
    text.split(',')
        .filter_map(&parse)
        .map(show)
        .collect::<Vec<_>>()
        .join(sep)
}

fn amount_text(amount: Option<f64>) -> String {
    amount.map(|a| a.to_string()).unwrap_or_default()
}

impl ExportRow {
    /// The row in the portal's layout: importing it again changes nothing.
    pub fn to_portal(&self) -> PortalRow {
        let v = &self.version;
        let d = &self.details;
        let online = matches!(
            v.online_level.as_deref().and_then(OnlineLevel::from_token),
            Some(OnlineLevel::Full | OnlineLevel::Partial)
        );
        PortalRow {
            ma_thu_tuc: v.procedure_code.clone(),
            ten_thu_tuc: v.name.clone(),
            nguon: String::new(),
            co_quan_ban_hanh: d.issuing_body.clone(),
            cap_thuc_hien: tokens(&v.tiers, Tier::from_token, Tier::portal_name, ", "),
            loai_thu_tuc: d.kind.clone(),
            linh_vuc: self.field_name.clone(),
            doi_tuong_thuc_hien: d.subjects.clone(),
            co_quan_co_tham_quyen: d.competent_authority.clone(),
            co_quan_thuc_hien: d.implementing_agency.clone(),
            so_quyet_dinh: d.decision_no.clone(),
            kenh_nop: tokens(&v.channels, Channel::from_token, Channel::portal_name, ";"),
            truc_tuyen: if online { "1" } else { "0" }.into(),
            thoi_han: amount_text(v.time_amount),
            // An assumed unit was not in the source: the export gives the bare number back.
            don_vi_thoi_han: v
                .time_unit
                .as_deref()
                .filter(|_| v.time_status != TimeStatus::UnitAssumed.as_str())
                .and_then(TimeUnit::from_token)
                .map(TimeUnit::portal_name)
                .unwrap_or_default()
                .into(),
            phi_le_phi: d.fee_text.clone(),
            ket_qua: d.result.clone(),
            ma_ket_qua: d.result_code.clone(),
            detail_url: d.source_url.clone(),
            ..PortalRow::default()
        }
    }
}

/// The XLSX headers and their column widths.
const XLSX_COLUMNS: [(&str, f64); 16] = [
    ("Mã thủ tục", 11.0),
    ("Tên thủ tục", 60.0),
    ("Lĩnh vực", 24.0),
    ("Cấp thực hiện", 20.0),
    ("Cách thức nộp", 28.0),
    ("Thời hạn giải quyết", 12.0),
    ("Đơn vị thời hạn", 15.0),
    ("Phí, lệ phí", 24.0),
    ("Mức độ DVCTT (cũ)", 10.0),
    ("Mức độ DVCTT", 12.0),
    ("Công khai", 10.0),
    ("Kết quả", 40.0),
    ("Cơ quan thực hiện", 30.0),
    ("Quyết định công bố", 18.0),
    ("Phiên bản", 9.0),
    ("Hiệu lực từ", 12.0),
];

fn online_text(level: Option<&str>) -> &'static str {
    match level.and_then(OnlineLevel::from_token) {
        Some(OnlineLevel::Full) => "Toàn trình",
        Some(OnlineLevel::Partial) => "Một phần",
        Some(OnlineLevel::None) => "Không",
        None => "",
    }
}

/// A workbook with one sheet, "Thủ tục hành chính": bold frozen headers, widths, a filter.
pub fn xlsx(rows: &[ExportRow]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Thủ tục hành chính")?;
    let bold = Format::new().set_bold();
    for (col, (title, width)) in (0u16..).zip(XLSX_COLUMNS) {
        sheet.write_string_with_format(0, col, title, &bold)?;
        sheet.set_column_width(col, width)?;
    }
    for (row, item) in (1u32..).zip(rows) {
        let v = &item.version;
        let portal = item.to_portal();
        let texts = [
            v.procedure_code.as_str(),
            v.name.as_str(),
            item.field_name.as_str(),
            portal.cap_thuc_hien.as_str(),
            portal.kenh_nop.as_str(),
        ];
        for (col, text) in (0u16..).zip(texts) {
            sheet.write_string(row, col, text)?;
        }
        if let Some(amount) = v.time_amount {
            sheet.write_number(row, 5, amount)?;
        }
        sheet.write_string(row, 6, &portal.don_vi_thoi_han)?;
        sheet.write_string(row, 7, &item.details.fee_text)?;
        if let Some(level) = v.legacy_level {
            sheet.write_number(row, 8, f64::from(level))?;
        }
        sheet.write_string(row, 9, online_text(v.online_level.as_deref()))?;
        sheet.write_string(row, 10, if v.published { "Có" } else { "Không" })?;
        sheet.write_string(row, 11, &item.details.result)?;
        sheet.write_string(row, 12, &item.details.implementing_agency)?;
        sheet.write_string(row, 13, &item.details.decision_no)?;
        sheet.write_number(row, 14, f64::from(v.version_no))?;
        sheet.write_string(row, 15, v.effective_from.format("%d/%m/%Y").to_string())?;
    }
    let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, 15)?;
    workbook.save_to_buffer()
}
