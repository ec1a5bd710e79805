//! The content of each form, as Circular 01/2018/TT-VPCP lays it out.

use maud::{Markup, PreEscaped, html};

use super::format::{self, BLANK, distinct, or_blank, present, when_or_blank};
use super::layout::{Signer, signature_beside, signatures};
use super::{SlipData, qr};

/// "Ông/Bà" as the forms address the applicant.
const SIR: &str = "Ông/Bà";

/// Code line under the title.
fn code_line(data: &SlipData) -> Markup {
    html! { p.sub { "Mã hồ sơ: " b { (data.code) } } }
}

/// Applicant's address, phone and email lines.
fn applicant_contact(data: &SlipData) -> Markup {
    html! {
        p { "Địa chỉ: " (or_blank(data.applicant_address.as_deref())) }
        p {
            "Số điện thoại: " (or_blank(data.applicant_phone.as_deref()))
            "; Email: " (or_blank(data.applicant_email.as_deref()))
        }
    }
}

/// "Nội dung yêu cầu giải quyết: <procedure> (mã thủ tục …)".
fn request_line(data: &SlipData) -> Markup {
    html! {
        p {
            "Nội dung yêu cầu giải quyết: " (or_blank(Some(data.procedure_name.as_str())))
            @if let Some(code) = present(&data.procedure_code) {
                " (mã thủ tục: " (code) ")"
            }
        }
    }
}

/// Numbered lines "1. …", "2. …"; the dotted blank when there is none.
fn numbered(items: &[&str]) -> Markup {
    html! {
        @if items.is_empty() {
            p.item { "1. " span.blank { (BLANK) } }
        }
        @for (i, item) in items.iter().enumerate() {
            p.item { (i + 1) ". " (item) }
        }
    }
}

/// Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả.
pub(super) fn receipt(data: &SlipData) -> Markup {
    let qr_svg = qr::svg(&data.tracking_url);
    html! {
        (code_line(data))
        p { "Bộ phận tiếp nhận và trả kết quả: " b { (data.office_name) } }
        p { "Tiếp nhận hồ sơ của: " b { (data.applicant_name) } }
        (applicant_contact(data))
        (request_line(data))
        p { "1. Thành phần hồ sơ nộp gồm:" }
        table.grid {
            thead {
                tr { th { "STT" } th { "Tên giấy tờ" } th { "Bản chính" } th { "Bản sao" } }
            }
            tbody {
                @if data.documents.is_empty() {
                    tr { td.n { "1" } td { span.blank { (BLANK) } } td.n {} td.n {} }
                }
                @for (i, doc) in data.documents.iter().enumerate() {
                    tr {
                        td.n { (i + 1) }
                        td { (doc.name) }
                        td.n { (doc.originals) }
                        td.n { (doc.copies) }
                    }
                }
            }
        }
        p { "2. Hình thức nộp hồ sơ: " (or_blank(Some(data.channel_vi.as_str()))) }
        p {
            "3. Thời gian giải quyết hồ sơ theo quy định: "
            (or_blank(data.processing_time_vi.as_deref()))
        }
        p { "4. Thời gian nhận hồ sơ: " (when_or_blank(data.received_at)) }
        p { "5. Ngày hẹn trả kết quả: " b { (when_or_blank(data.due_at)) } }
        p { "6. Đăng ký nhận kết quả tại: " (or_blank(data.delivery_vi.as_deref())) }
        (signatures(&[
            Signer { role: "NGƯỜI NỘP HỒ SƠ", hint: "Ký và ghi rõ họ tên", name: Some(data.applicant_name.as_str()) },
            Signer { role: "NGƯỜI TIẾP NHẬN HỒ SƠ", hint: "Ký và ghi rõ họ tên", name: data.clerk_name.as_deref() },
        ]))
        div.qr {
            @if let Some(svg) = qr_svg {
                div.code { (PreEscaped(svg)) }
            }
            div.caption {
                "Quét mã QR hoặc truy cập địa chỉ dưới đây để tra cứu tình trạng hồ sơ:"
                br;
                span.url { (data.tracking_url) }
                @if let Some(pin) = &data.pin {
                    br;
                    "Mã PIN tra cứu (nhập cùng mã hồ sơ tại trang tra cứu): "
                    b.pin { (format::pin_groups(pin)) }
                }
            }
        }
    }
}

/// Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. Each distinct missing item once, numbered.
pub(super) fn supplement_request(data: &SlipData) -> Markup {
    let items = distinct(&data.missing_items);
    html! {
        (code_line(data))
        p {
            "Bộ phận tiếp nhận và trả kết quả " b { (data.office_name) }
            " tiếp nhận hồ sơ của: " b { (data.applicant_name) }
        }
        (applicant_contact(data))
        (request_line(data))
        @if let Some(at) = data.received_at {
            p { "Thời gian nhận hồ sơ: " (format::datetime_long(at)) }
        }
        p { "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:" }
        (numbered(&items))
        p.closing {
            "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, " (SIR)
            " liên hệ Bộ phận tiếp nhận và trả kết quả " (data.office_name)
            " để được hướng dẫn./."
        }
        (signatures(&[
            Signer { role: "NGƯỜI HƯỚNG DẪN", hint: "Ký và ghi rõ họ tên", name: data.clerk_name.as_deref() },
        ]))
    }
}

/// Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ. Every reason, numbered.
pub(super) fn refusal(data: &SlipData) -> Markup {
    let reasons = distinct(&data.refusal_reasons);
    html! {
        (code_line(data))
        p { "Bộ phận tiếp nhận và trả kết quả: " b { (data.office_name) } }
        p { "Tiếp nhận hồ sơ của: " b { (data.applicant_name) } }
        (applicant_contact(data))
        (request_line(data))
        p {
            "Qua xem xét, Bộ phận tiếp nhận và trả kết quả " (data.office_name)
            " thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:"
        }
        (numbered(&reasons))
        p.closing { "Xin thông báo để " (SIR) " biết và thực hiện./." }
        (signatures(&[
            Signer { role: "NGƯỜI TIẾP NHẬN HỒ SƠ", hint: "Ký và ghi rõ họ tên", name: data.clerk_name.as_deref() },
        ]))
    }
}

/// Mẫu 04: Phiếu xin lỗi và hẹn lại ngày trả kết quả.
pub(super) fn apology(data: &SlipData) -> Markup {
    let apology = data.apology.as_ref();
    let office = apology
        .and_then(|a| present(&a.issuing_office))
        .or_else(|| present(&data.office_name));
    let received_on = data.received_at.map(|t| format::date(t.date()));
    html! {
        p.sub { "Kính gửi: " b { (SIR) " " (data.applicant_name) } }
        p {
            "Ngày " (or_blank(received_on.as_deref())) ", " (or_blank(office))
            " tiếp nhận giải quyết hồ sơ của " (SIR) ": " b { (data.applicant_name) } "."
        }
        (request_line(data))
        p { "Mã hồ sơ: " (data.code) }
        p { "Ngày hẹn trả kết quả giải quyết hồ sơ: " (when_or_blank(data.due_at)) }
        p {
            "Tuy nhiên đến nay, " (or_blank(office))
            " không trả được kết quả giải quyết hồ sơ của " (SIR)
            " đúng hạn như đã hẹn với lý do: "
            (or_blank(apology.map(|a| a.reason.as_str())))
        }
        p {
            "Sự chậm trễ này đã gây phiền hà cho " (SIR) ". " (or_blank(office))
            " xin lỗi " (SIR) " và sẽ trả kết quả giải quyết hồ sơ cho " (SIR) " vào: "
            b { (when_or_blank(apology.map(|a| a.new_due_at))) } "."
        }
        p.closing { "Mong nhận được sự thông cảm của " (SIR) "./." }
        (signature_beside(
            html! {
                b { i { "Nơi nhận:" } }
                br; "- Như trên;"
                br; "- Lưu: VT."
            },
            &Signer { role: "THỦ TRƯỞNG CƠ QUAN", hint: "Ký, ghi rõ họ tên và đóng dấu", name: None },
        ))
    }
}

/// Mẫu 05: Phiếu kiểm soát quá trình giải quyết hồ sơ. One row per handover.
pub(super) fn control_slip(data: &SlipData) -> Markup {
    html! {
        (code_line(data))
        p { "Kèm theo hồ sơ của: " b { (data.applicant_name) } }
        (request_line(data))
        p { "Thời gian nhận hồ sơ: " (when_or_blank(data.received_at)) }
        p { "Ngày hẹn trả kết quả: " (when_or_blank(data.due_at)) }
        table.grid.control {
            thead {
                tr {
                    th { "STT" }
                    th { "Bên giao" }
                    th { "Bên nhận" }
                    th { "Thời gian giao" }
                    th { "Thời gian nhận" }
                    th { "Hạn giải quyết" }
                    th { "Kết quả (trước hạn/ đúng hạn/ quá hạn)" }
                    th { "Ghi chú" }
                }
            }
            tbody {
                @for (i, h) in data.handovers.iter().enumerate() {
                    tr {
                        td.n { (i + 1) }
                        td { (h.giver_office) }
                        td { (h.receiver_office) }
                        td { (format::datetime_short(h.given_at)) }
                        td { @if let Some(t) = h.received_at { (format::datetime_short(t)) } }
                        td { @if let Some(t) = h.due_at { (format::datetime_short(t)) } }
                        td.n { @if let Some(t) = h.timeliness { (t.label_vi()) } }
                        td { @if let Some(note) = &h.note { (note) } }
                    }
                }
            }
        }
        @if data.handovers.is_empty() {
            p.closing { "Hồ sơ chưa được giao, nhận giữa các cơ quan." }
        }
    }
}
