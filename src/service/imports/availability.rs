//! What each office receives, in bulk: one row per office × procedure, keyed by both. A row
//! sets the terms of that pair (from, to, online level, posted); the office's other procedures
//! keep theirs.

use std::collections::HashMap;

use super::{BulkReport, Column, ImportKind, LineError, Outcome, Row, Table, duplicate, keep, run};
use crate::db::offices::{self as store, AvailabilityRow};
use crate::db::{self as db, DbConnection, procedures};
use crate::domain::procedure::{OnlineLevel, ProcedureCode};
use crate::domain::text::fold;
use crate::error::Error;

/// The template's columns.
pub const COLUMNS: &[Column] = &[
    Column {
        key: "ma_co_quan",
        header: "Mã cơ quan",
        required: true,
    },
    Column {
        key: "ma_thu_tuc",
        header: "Mã thủ tục",
        required: true,
    },
    Column {
        key: "tu_ngay",
        header: "Từ ngày",
        required: true,
    },
    Column {
        key: "den_ngay",
        header: "Đến ngày",
        required: false,
    },
    Column {
        key: "muc_do_truc_tuyen",
        header: "Mức độ trực tuyến",
        required: false,
    },
    Column {
        key: "muc_do_cu",
        header: "Mức độ (cũ)",
        required: false,
    },
    Column {
        key: "niem_yet",
        header: "Niêm yết",
        required: false,
    },
];

/// An online level by its token or Vietnamese wording (`toàn trình`, `một phần`, `không`).
pub fn parse_online_level(text: &str) -> Option<OnlineLevel> {
    if let Some(level) = OnlineLevel::from_token(text.trim()) {
        return Some(level);
    }
    match fold(text).as_str() {
        "toan trinh" | "dvc toan trinh" | "truc tuyen toan trinh" => Some(OnlineLevel::Full),
        "mot phan" | "dvc mot phan" | "truc tuyen mot phan" => Some(OnlineLevel::Partial),
        "khong" | "khong truc tuyen" => Some(OnlineLevel::None),
        _ => None,
    }
}

#[derive(Default)]
struct State {
    seen: HashMap<String, usize>,
    offices: HashMap<String, Option<String>>,
    known: HashMap<String, bool>,
    rows: HashMap<String, HashMap<String, AvailabilityRow>>,
}

fn check(row: &Row) -> Result<(String, ProcedureCode, AvailabilityRow), Vec<LineError>> {
    let line = row.line;
    let mut errors = Vec::new();
    let office = keep(&mut errors, row.required("ma_co_quan")).map(str::to_owned);
    let procedure = keep(
        &mut errors,
        row.required("ma_thu_tuc").and_then(|c| {
            ProcedureCode::parse(c).ok_or_else(|| {
                LineError::new(
                    line,
                    Some("ma_thu_tuc"),
                    format!("“{c}” không phải mã thủ tục (một chữ số, dấu chấm, sáu chữ số)"),
                    format!("“{c}” is not a procedure code (a digit, a dot, six digits)"),
                )
            })
        }),
    );
    let from = keep(
        &mut errors,
        row.required("tu_ngay").and_then(|_| row.date("tu_ngay")),
    )
    .flatten();
    let to = keep(&mut errors, row.date("den_ngay")).flatten();
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        errors.push(LineError::new(
            line,
            Some("den_ngay"),
            "trước “Từ ngày”",
            "is before the first day",
        ));
    }
    let online_level = keep(
        &mut errors,
        row.get("muc_do_truc_tuyen")
            .map(|l| {
                parse_online_level(l).ok_or_else(|| {
                    LineError::new(
                        line,
                        Some("muc_do_truc_tuyen"),
                        format!("“{l}”: ghi “toàn trình”, “một phần” hoặc “không”"),
                        format!("“{l}”: write full, partial or none (toàn trình, một phần, không)"),
                    )
                })
            })
            .transpose(),
    )
    .flatten();
    let legacy_level = keep(
        &mut errors,
        row.get("muc_do_cu")
            .map(|l| {
                match l
                    .trim_start_matches(|c: char| !c.is_ascii_digit())
                    .parse::<i32>()
                {
                    Ok(n) if (1..=4).contains(&n) => Ok(n),
                    _ => Err(LineError::new(
                        line,
                        Some("muc_do_cu"),
                        format!("“{l}”: mức độ cũ là 1–4"),
                        format!("“{l}”: the legacy level is 1–4"),
                    )),
                }
            })
            .transpose(),
    )
    .flatten();
    // A desk posts what it receives (Decree 61/2018): posted unless the row says otherwise.
    let posted = keep(&mut errors, row.flag("niem_yet", true));
    match (office, procedure, from, posted) {
        (Some(office), Some(procedure), Some(from), Some(posted)) if errors.is_empty() => Ok((
            office,
            procedure.clone(),
            AvailabilityRow {
                office_id: String::new(),
                procedure_code: procedure.as_str().to_owned(),
                available_from: from,
                available_to: to,
                online_level: online_level.map(|l| l.as_str().to_owned()),
                legacy_level,
                posted,
                updated_at: db::now(),
            },
        )),
        _ => Err(errors),
    }
}

fn apply(
    conn: &mut DbConnection,
    state: &mut State,
    row: &Row,
    office_code: String,
    procedure: ProcedureCode,
    mut wanted: AvailabilityRow,
) -> Result<Result<Outcome, Vec<LineError>>, Error> {
    let line = row.line;
    let office_id = match state.offices.get(&office_code) {
        Some(id) => id.clone(),
        None => {
            let id = store::find_id_by_code(conn, &office_code)?;
            state.offices.insert(office_code.clone(), id.clone());
            id
        }
    };
    let known = match state.known.get(procedure.as_str()) {
        Some(k) => *k,
        None => {
            let k = procedures::latest(conn, procedure.as_str())?.is_some();
            state.known.insert(procedure.as_str().to_owned(), k);
            k
        }
    };
    let mut errors = Vec::new();
    if office_id.is_none() {
        errors.push(LineError::new(
            line,
            Some("ma_co_quan"),
            format!("không có cơ quan mang mã {office_code}"),
            format!("no office has the code {office_code}"),
        ));
    }
    if !known {
        errors.push(LineError::new(
            line,
            Some("ma_thu_tuc"),
            format!("không có thủ tục {} trong danh mục", procedure.as_str()),
            format!("no procedure {} in the catalog", procedure.as_str()),
        ));
    }
    let Some(office_id) = office_id.filter(|_| errors.is_empty()) else {
        return Ok(Err(errors));
    };
    if !state.rows.contains_key(&office_id) {
        let rows = store::availability(conn, &office_id, None)?
            .into_iter()
            .map(|r| (r.procedure_code.clone(), r))
            .collect();
        state.rows.insert(office_id.clone(), rows);
    }
    wanted.office_id = office_id.clone();
    let current = state
        .rows
        .get(&office_id)
        .and_then(|rows| rows.get(procedure.as_str()));
    let outcome = match current {
        Some(c)
            if c.available_from == wanted.available_from
                && c.available_to == wanted.available_to
                && c.online_level == wanted.online_level
                && c.legacy_level == wanted.legacy_level
                && c.posted == wanted.posted =>
        {
            return Ok(Ok(Outcome::Unchanged));
        }
        Some(_) => Outcome::Updated,
        None => Outcome::Created,
    };
    store::set_availability(conn, &wanted)?;
    // The site's procedure pages list the offices that receive each procedure.
    crate::db::procedures::bump_generation(conn)?;
    Ok(Ok(outcome))
}

/// Imports availability rows (see the module's and [`super`]'s documentation).
pub fn import(conn: &mut DbConnection, table: Table, dry_run: bool) -> Result<BulkReport, Error> {
    run(
        conn,
        ImportKind::Availability,
        table,
        dry_run,
        State::default(),
        |conn, state, row, _| {
            let (office, procedure, wanted) = match check(row) {
                Ok(w) => w,
                Err(errors) => return Ok(Err(errors)),
            };
            let key = format!("{office} {}", procedure.as_str());
            if let Some(e) = duplicate(&mut state.seen, key, row.line, "ma_thu_tuc") {
                return Ok(Err(vec![e]));
            }
            apply(conn, state, row, office, procedure, wanted)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn online_levels_in_vietnamese() {
        assert_eq!(parse_online_level("Toàn trình"), Some(OnlineLevel::Full));
        assert_eq!(parse_online_level("mot phan"), Some(OnlineLevel::Partial));
        assert_eq!(parse_online_level("none"), Some(OnlineLevel::None));
        assert_eq!(parse_online_level("mức 4"), None);
    }
}
