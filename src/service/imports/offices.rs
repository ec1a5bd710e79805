//! Offices in bulk: one row per office, keyed by its agency code (or the former code it
//! replaced). A new code creates the office; a known one is brought to what the row says.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{BulkReport, Column, ImportKind, LineError, Outcome, Row, Table, duplicate, keep, run};
use crate::db::offices::{self as store, NewOffice, OfficeChanges};
use crate::db::{self as db, DbConnection, units};
use crate::domain::text::fold;
use crate::error::Error;
use crate::service::offices::{AgencyCode, OfficeKind};

/// The template's columns.
pub const COLUMNS: &[Column] = &[
    Column {
        key: "ma_co_quan",
        header: "Mã cơ quan",
        required: true,
    },
    Column {
        key: "ten",
        header: "Tên",
        required: true,
    },
    Column {
        key: "loai",
        header: "Loại",
        required: true,
    },
    Column {
        key: "ma_don_vi",
        header: "Mã đơn vị hành chính",
        required: true,
    },
    Column {
        key: "ngay_khai_truong",
        header: "Ngày khai trương",
        required: false,
    },
    Column {
        key: "ngay_dong_cua",
        header: "Ngày đóng cửa",
        required: false,
    },
    Column {
        key: "ma_cu",
        header: "Mã cơ quan cũ",
        required: false,
    },
    Column {
        key: "ma_tu_ngay",
        header: "Mã có hiệu lực từ",
        required: false,
    },
    Column {
        key: "dia_chi",
        header: "Địa chỉ",
        required: false,
    },
    Column {
        key: "gio_lam_viec",
        header: "Giờ làm việc",
        required: false,
    },
];

/// An office kind by its token or its Vietnamese name (accents and case aside).
pub fn parse_kind(text: &str) -> Option<OfficeKind> {
    if let Some(kind) = OfficeKind::from_token(text.trim()) {
        return Some(kind);
    }
    let folded = fold(text);
    let has = |w: &str| folded.contains(w);
    if has("xu ly") || has("phong") || has("so ") || folded.starts_with("so") {
        Some(OfficeKind::ProcessingAgency)
    } else if has("phuc vu") && has("tinh") {
        Some(OfficeKind::ProvinceServiceCenter)
    } else if has("phuc vu") && has("xa") {
        Some(OfficeKind::CommuneServiceCenter)
    } else if has("tiep nhan") {
        Some(OfficeKind::CommuneReception)
    } else if has("hanh chinh cong") && has("huyen") {
        Some(OfficeKind::DistrictCenter)
    } else {
        None
    }
}

/// Opening hours as `HH:MM-HH:MM` sessions separated by commas or semicolons, written back
/// as `07:30-11:30, 13:00-17:00`; `None` when one is not a session.
pub fn parse_hours(text: &str) -> Option<String> {
    let mut sessions = Vec::new();
    for part in text
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (from, to) = part.split_once('-')?;
        let time = |t: &str| chrono::NaiveTime::parse_from_str(t.trim(), "%H:%M").ok();
        let (from, to) = (time(from)?, time(to)?);
        if to <= from {
            return None;
        }
        sessions.push(format!("{}-{}", from.format("%H:%M"), to.format("%H:%M")));
    }
    (!sessions.is_empty()).then(|| sessions.join(", "))
}

/// A row, checked.
struct Wanted {
    code: AgencyCode,
    former: Option<(AgencyCode, NaiveDate)>,
    name: String,
    kind: OfficeKind,
    unit_code: String,
    opened_on: Option<NaiveDate>,
    closed_on: Option<NaiveDate>,
    address: Option<String>,
    hours: Option<String>,
}

fn field_column(field: &str) -> Option<&'static str> {
    Some(match field {
        "code" => "ma_co_quan",
        _ => return None,
    })
}

fn check(row: &Row) -> Result<Wanted, Vec<LineError>> {
    let mut errors = Vec::new();
    let line = row.line;
    let code = match keep(&mut errors, row.required("ma_co_quan")).map(AgencyCode::parse) {
        Some(Ok(c)) => Some(c),
        Some(Err(e)) => {
            errors.extend(LineError::from_error(line, e, field_column));
            None
        }
        None => None,
    };
    let name = keep(&mut errors, row.required("ten")).map(str::to_owned);
    let kind = keep(&mut errors, row.required("loai").and_then(|k| {
        parse_kind(k).ok_or_else(|| {
            LineError::new(
                line,
                Some("loai"),
                format!("“{k}”: không rõ loại cơ quan (province_service_center, commune_service_center, commune_reception, district_center, processing_agency, hoặc tên tiếng Việt)"),
                format!("“{k}”: unknown office kind (province_service_center, commune_service_center, commune_reception, district_center, processing_agency, or the Vietnamese name)"),
            )
        })
    }));
    let unit_code = keep(&mut errors, row.required("ma_don_vi")).map(str::to_owned);
    let opened_on = keep(&mut errors, row.date("ngay_khai_truong")).flatten();
    let closed_on = keep(&mut errors, row.date("ngay_dong_cua")).flatten();
    if let (Some(o), Some(c)) = (opened_on, closed_on)
        && c < o
    {
        errors.push(LineError::new(
            line,
            Some("ngay_dong_cua"),
            "ngày đóng cửa trước ngày khai trương",
            "the closing date is before the opening date",
        ));
    }
    let former_code = row.get("ma_cu").and_then(|c| match AgencyCode::parse(c) {
        Ok(c) => Some(c),
        Err(_) => {
            errors.push(LineError::new(
                line,
                Some("ma_cu"),
                "mã cơ quan gồm 2–40 ký tự chữ, số, dấu chấm, gạch ngang",
                "an agency code is 2–40 letters, digits, dots or hyphens",
            ));
            None
        }
    });
    let code_from = keep(&mut errors, row.date("ma_tu_ngay")).flatten();
    let former = match (former_code, code_from) {
        (Some(c), Some(d)) if d > crate::domain::today() => {
            let _ = c;
            errors.push(LineError::new(
                line,
                Some("ma_tu_ngay"),
                "ghi nhận mã mới từ ngày nó có hiệu lực, không ghi trước",
                "record a new code once it is in force, not ahead",
            ));
            None
        }
        (Some(c), Some(d)) => Some((c, d)),
        (Some(_), None) => {
            errors.push(LineError::new(
                line,
                Some("ma_tu_ngay"),
                "là bắt buộc khi có mã cơ quan cũ",
                "is required with a former code",
            ));
            None
        }
        (None, _) => None,
    };
    let address = row.get("dia_chi").map(str::to_owned);
    let hours = row.get("gio_lam_viec").and_then(|h| match parse_hours(h) {
        Some(h) => Some(h),
        None => {
            errors.push(LineError::new(
                line,
                Some("gio_lam_viec"),
                format!("“{h}”: ghi các buổi dạng 07:30-11:30, 13:00-17:00"),
                format!("“{h}”: write the sessions as 07:30-11:30, 13:00-17:00"),
            ));
            None
        }
    });
    match (code, name, kind, unit_code) {
        (Some(code), Some(name), Some(kind), Some(unit_code)) if errors.is_empty() => Ok(Wanted {
            code,
            former,
            name,
            kind,
            unit_code,
            opened_on,
            closed_on,
            address,
            hours,
        }),
        _ => Err(errors),
    }
}

fn apply(
    conn: &mut DbConnection,
    row: &Row,
    wanted: Wanted,
) -> Result<Result<Outcome, Vec<LineError>>, Error> {
    let line = row.line;
    let on = wanted.opened_on.unwrap_or_else(crate::domain::today);
    let Some(unit_id) = units::find_id_valid_on(conn, &wanted.unit_code, on)? else {
        return Ok(Err(vec![LineError::new(
            line,
            Some("ma_don_vi"),
            format!(
                "không có đơn vị hành chính mang mã {} có hiệu lực vào ngày {on} (ngày khai trương, hoặc hôm nay khi không có)",
                wanted.unit_code
            ),
            format!(
                "no unit with code {} was valid on {on} (the opening date, or today without one)",
                wanted.unit_code
            ),
        )]));
    };
    let code = wanted.code.as_str();
    let by_code = store::find_by_code(conn, code)?;
    let by_former = match &wanted.former {
        Some((former, _)) => store::find_by_code(conn, former.as_str())?,
        None => None,
    };
    let now = db::now();
    let mut code_changed = false;
    let current = match (by_code, by_former) {
        (Some(found), _) if found.row.code != code => {
            return Ok(Err(vec![LineError::new(
                line,
                Some("ma_co_quan"),
                format!("{code} là mã cũ của cơ quan nay mang mã {}", found.row.code),
                format!(
                    "{code} is a former code of the office now coded {}",
                    found.row.code
                ),
            )]));
        }
        (Some(found), Some(other)) if found.row.id != other.row.id => {
            return Ok(Err(vec![LineError::new(
                line,
                Some("ma_cu"),
                "mã cũ thuộc một cơ quan khác",
                "the former code belongs to another office",
            )]));
        }
        (Some(found), _) => Some(found),
        (None, Some(old)) => {
            if old.row.code != wanted.former.as_ref().map_or("", |(c, _)| c.as_str()) {
                return Ok(Err(vec![LineError::new(
                    line,
                    Some("ma_cu"),
                    format!("cơ quan này nay mang mã {}", old.row.code),
                    format!("this office is now coded {}", old.row.code),
                )]));
            }
            if let Some((_, from)) = &wanted.former {
                store::change_code(conn, &old.row.id, code, *from)?;
            }
            store::update(
                conn,
                &old.row.id,
                old.row.version,
                &OfficeChanges {
                    code: Some(code.to_owned()),
                    ..OfficeChanges::default()
                },
                now,
            )?;
            code_changed = true;
            store::find_by_code(conn, code)?
        }
        (None, None) => None,
    };
    let Some(current) = current else {
        let id = uuid::Uuid::new_v4().to_string();
        let first_code = wanted.former.as_ref().map_or(code, |(c, _)| c.as_str());
        store::insert(
            conn,
            &NewOffice {
                id: &id,
                code: first_code,
                name: wanted.name.trim(),
                unit_id: &unit_id,
                kind: wanted.kind.as_str(),
                opened_on: wanted.opened_on,
                closed_on: wanted.closed_on,
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
        if let Some((_, from)) = &wanted.former {
            store::change_code(conn, &id, code, *from)?;
            store::update(
                conn,
                &id,
                1,
                &OfficeChanges {
                    code: Some(code.to_owned()),
                    ..OfficeChanges::default()
                },
                now,
            )?;
        }
        if wanted.address.is_some() || wanted.hours.is_some() {
            store::set_details(
                conn,
                &id,
                wanted.address.as_deref(),
                wanted.hours.as_deref(),
                now,
            )?;
        }
        return Ok(Ok(Outcome::Created));
    };
    let row_now = &current.row;
    let same = row_now.name == wanted.name.trim()
        && row_now.kind == wanted.kind.as_str()
        && row_now.unit_id == unit_id
        && row_now.opened_on == wanted.opened_on
        && row_now.closed_on == wanted.closed_on;
    let same_details = row_now.address == wanted.address && row_now.hours == wanted.hours;
    if !same {
        store::update(
            conn,
            &row_now.id,
            row_now.version,
            &OfficeChanges {
                name_folded: Some(fold(&wanted.name)),
                name: Some(wanted.name.trim().to_owned()),
                kind: Some(wanted.kind.as_str().to_owned()),
                unit_id: Some(unit_id),
                opened_on: Some(wanted.opened_on),
                closed_on: Some(wanted.closed_on),
                ..OfficeChanges::default()
            },
            now,
        )?;
    }
    if !same_details {
        store::set_details(
            conn,
            &row_now.id,
            wanted.address.as_deref(),
            wanted.hours.as_deref(),
            now,
        )?;
    }
    Ok(Ok(if same && same_details && !code_changed {
        Outcome::Unchanged
    } else {
        Outcome::Updated
    }))
}

/// Imports offices (see the module's and [`super`]'s documentation).
pub fn import(conn: &mut DbConnection, table: Table, dry_run: bool) -> Result<BulkReport, Error> {
    run(
        conn,
        ImportKind::Offices,
        table,
        dry_run,
        HashMap::<String, usize>::new(),
        |conn, seen, row, _| {
            let wanted = match check(row) {
                Ok(w) => w,
                Err(errors) => return Ok(Err(errors)),
            };
            if let Some(e) = duplicate(
                seen,
                wanted.code.as_str().to_owned(),
                row.line,
                "ma_co_quan",
            ) {
                return Ok(Err(vec![e]));
            }
            apply(conn, row, wanted)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_token_or_vietnamese_name() {
        assert_eq!(
            parse_kind("Trung tâm Phục vụ hành chính công tỉnh"),
            Some(OfficeKind::ProvinceServiceCenter)
        );
        assert_eq!(
            parse_kind("trung tam phuc vu hanh chinh cong xa"),
            Some(OfficeKind::CommuneServiceCenter)
        );
        assert_eq!(
            parse_kind("Bộ phận tiếp nhận và trả kết quả"),
            Some(OfficeKind::CommuneReception)
        );
        assert_eq!(
            parse_kind("district_center"),
            Some(OfficeKind::DistrictCenter)
        );
        assert_eq!(parse_kind("Sở Tư pháp"), Some(OfficeKind::ProcessingAgency));
        assert_eq!(parse_kind("chợ"), None);
    }

    #[test]
    fn hours_are_sessions() {
        assert_eq!(
            parse_hours("7:30-11:30; 13:00 - 17:00").as_deref(),
            Some("07:30-11:30, 13:00-17:00")
        );
        assert_eq!(parse_hours("sáng"), None);
        assert_eq!(parse_hours("17:00-13:00"), None);
    }
}
