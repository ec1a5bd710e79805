//! The printable slips (phiếu) of the one-stop desk as self-contained A5 HTML, in Vietnamese.
//!
//! Pure: data in, a `String` of HTML out; no actix, no diesel, no I/O. The service maps an
//! application into a [`SlipData`] and calls [`render`]. The page carries its own CSS (`@page`
//! A5), no scripts, no fonts and no other external resource; the QR code of the receipt is an
//! inline SVG. Everything taken from the data is HTML-escaped by `maud`.
//!
//! The five slips are the forms of Circular 01/2018/TT-VPCP (mẫu 01–05). The rules in force on
//! the receipt date decide which circular a slip cites ([`Circular::in_force_on`]); under
//! Circular 03/2025/TT-VPCP the control slip is numbered 06 and the apology is titled
//! differently ([`Form::number_in`], [`Form::title_in`]).

use chrono::{Datelike, NaiveDate, NaiveDateTime};

mod format;
mod forms;
mod layout;
pub mod qr;
#[cfg(test)]
mod tests;

/// A printable slip. The numbers of [`Form::from_number`] and [`Form::number`] are the stable
/// identifiers used in URLs: those of Circular 01/2018/TT-VPCP, whatever circular the slip cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    /// 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả.
    Receipt,
    /// 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
    SupplementRequest,
    /// 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ.
    Refusal,
    /// 04 Phiếu xin lỗi và hẹn lại ngày trả kết quả.
    Apology,
    /// 05 Phiếu kiểm soát quá trình giải quyết hồ sơ.
    ControlSlip,
}

impl Form {
    /// Every slip, in form-number order.
    pub const ALL: [Form; 5] = [
        Form::Receipt,
        Form::SupplementRequest,
        Form::Refusal,
        Form::Apology,
        Form::ControlSlip,
    ];

    /// "01".."05" (surrounding whitespace ignored); anything else is `None`.
    pub fn from_number(s: &str) -> Option<Form> {
        match s.trim() {
            "01" => Some(Form::Receipt),
            "02" => Some(Form::SupplementRequest),
            "03" => Some(Form::Refusal),
            "04" => Some(Form::Apology),
            "05" => Some(Form::ControlSlip),
            _ => None,
        }
    }

    /// The stable identifier, "01".."05" (the numbering of Circular 01/2018/TT-VPCP).
    pub fn number(self) -> &'static str {
        match self {
            Form::Receipt => "01",
            Form::SupplementRequest => "02",
            Form::Refusal => "03",
            Form::Apology => "04",
            Form::ControlSlip => "05",
        }
    }

    /// The title under Circular 01/2018/TT-VPCP, in sentence case.
    pub fn title_vi(self) -> &'static str {
        self.title_in(Circular::Tt01Of2018)
    }

    /// The "Mẫu số" printed on the slip under `circular`.
    pub fn number_in(self, circular: Circular) -> &'static str {
        match (self, circular) {
            // 03/2025 inserts 05 "Thông báo dừng giải quyết hồ sơ" before the control slip.
            (Form::ControlSlip, Circular::Tt03Of2025) => "06",
            _ => self.number(),
        }
    }

    /// The title printed on the slip under `circular`, in sentence case.
    pub fn title_in(self, circular: Circular) -> &'static str {
        match (self, circular) {
            (Form::Receipt, _) => "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            (Form::SupplementRequest, _) => "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
            (Form::Refusal, _) => "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
            (Form::Apology, Circular::Tt01Of2018) => "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
            (Form::Apology, Circular::Tt03Of2025) => {
                "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
            }
            (Form::ControlSlip, _) => "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        }
    }
}

/// The circular whose forms a slip follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Circular {
    /// Circular 01/2018/TT-VPCP: receipts up to 2025-06-30.
    Tt01Of2018,
    /// Circular 03/2025/TT-VPCP: receipts from 2025-07-01.
    Tt03Of2025,
}

impl Circular {
    /// The one place that decides: the rules in force on `date` (the receipt date).
    /// Circular 01/2018/TT-VPCP until 2025-06-30, Circular 03/2025/TT-VPCP from 2025-07-01.
    pub fn in_force_on(date: NaiveDate) -> Circular {
        if (date.year(), date.month()) >= (2025, 7) {
            Circular::Tt03Of2025
        } else {
            Circular::Tt01Of2018
        }
    }

    /// The circular for a slip: by its receipt date, or by its print date when not received.
    pub fn for_slip(data: &SlipData) -> Circular {
        Circular::in_force_on(data.received_at.unwrap_or(data.issued_at).date())
    }

    /// "01/2018/TT-VPCP" or "03/2025/TT-VPCP".
    pub fn number(self) -> &'static str {
        match self {
            Circular::Tt01Of2018 => "01/2018/TT-VPCP",
            Circular::Tt03Of2025 => "03/2025/TT-VPCP",
        }
    }
}

/// How a handover ended against its due time (form 05's result column).
pub use crate::domain::application::Timeliness;

/// One document of the dossier (form 01's table).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocumentLine {
    pub name: String,
    /// Number of originals (bản chính).
    pub originals: u32,
    /// Number of copies (bản sao).
    pub copies: u32,
}

/// The apology and new appointment (form 04).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApologyLine {
    pub reason: String,
    /// The new appointment (local time).
    pub new_due_at: NaiveDateTime,
    /// When the apology was issued (local time); the slip's date line shows this date.
    pub issued_at: NaiveDateTime,
    /// The office that apologises and signs.
    pub issuing_office: String,
}

/// One handover between offices (one row of form 05). Times are local.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverLine {
    pub giver_office: String,
    pub receiver_office: String,
    pub given_at: NaiveDateTime,
    pub received_at: Option<NaiveDateTime>,
    pub due_at: Option<NaiveDateTime>,
    /// `None` while the receiving office has not finished its part.
    pub timeliness: Option<Timeliness>,
    pub note: Option<String>,
}

/// Everything a slip may show. Times are Vietnam local time. Optional or empty values print as
/// a dotted blank to be filled in by hand; each form uses only the fields it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipData {
    /// Application code, e.g. "H56.14-240823-0001".
    pub code: String,
    /// The receiving office (the one-stop desk), printed bold in the header.
    pub office_name: String,
    /// Its administrative unit (governing body), printed above the office name.
    pub unit_name: String,
    /// The place in the date line ("Ba Đình, ngày … tháng … năm …"); `None` leaves a blank.
    pub place_name: Option<String>,
    pub procedure_code: String,
    pub procedure_name: String,
    /// The statutory processing time as worded for print, e.g. "05 ngày làm việc" (form 01).
    pub processing_time_vi: Option<String>,
    pub applicant_name: String,
    pub applicant_address: Option<String>,
    pub applicant_phone: Option<String>,
    pub applicant_email: Option<String>,
    pub received_at: Option<NaiveDateTime>,
    /// The appointment to return the result.
    pub due_at: Option<NaiveDateTime>,
    /// Form 01.
    pub documents: Vec<DocumentLine>,
    /// "Trực tiếp", "Trực tuyến", "Bưu chính".
    pub channel_vi: String,
    /// Where or how the result is to be returned, e.g. "Bộ phận một cửa" or "Bưu chính".
    pub delivery_vi: Option<String>,
    /// The clerk who receives, guides or refuses (signature blocks of forms 01–03).
    pub clerk_name: Option<String>,
    /// When the slip is printed; the date line of forms 01–03 and 05.
    pub issued_at: NaiveDateTime,
    /// The public tracking page that form 01's QR code opens.
    pub tracking_url: String,
    /// Form 01: the tracking PIN, printed for typing on the tracking form.
    pub pin: Option<String>,
    /// Form 02: each distinct item is listed once, in first-seen order.
    pub missing_items: Vec<String>,
    /// Form 03.
    pub refusal_reasons: Vec<String>,
    /// Form 04.
    pub apology: Option<ApologyLine>,
    /// Form 05, in the order given.
    pub handovers: Vec<HandoverLine>,
}

/// What a slip printed from the staff pages carries above the sheet (not printed): links
/// and a print button, and the script that makes the button print.
pub struct Toolbar {
    /// The links and buttons.
    pub markup: maud::Markup,
    /// The address of the site's script.
    pub script: String,
}

/// Renders `form` for `data` as one complete HTML document (A5, Vietnamese).
pub fn render(form: Form, data: &SlipData) -> String {
    render_with(form, data, None)
}

/// [`render`] with a toolbar above the sheet, hidden when printed.
pub fn render_with(form: Form, data: &SlipData, toolbar: Option<&Toolbar>) -> String {
    let circular = Circular::for_slip(data);
    let body = match form {
        Form::Receipt => forms::receipt(data),
        Form::SupplementRequest => forms::supplement_request(data),
        Form::Refusal => forms::refusal(data),
        Form::Apology => forms::apology(data),
        Form::ControlSlip => forms::control_slip(data),
    };
    let dated = match (form, &data.apology) {
        (Form::Apology, Some(apology)) => apology.issued_at.date(),
        _ => data.issued_at.date(),
    };
    layout::page(form, circular, data, dated, body, toolbar).into_string()
}
