//! Reorganisations: merges, splits and renames of units, with the links between the units
//! that end and those that begin.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::{NewUnitIn, ReorganizationOut, UnitOut, build_unit, check_parent};
use crate::db::units::{self, LinkRow, ReorganizationRow, UnitRow};
use crate::db::{self as store, DbConnection};
use crate::domain::unit::{ReorganizationKind, Succession, UnitLevel};
use crate::error::{Code, Error};

/// A merge, split or rename.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReorganizationIn {
    /// `merge` (several → one), `split` (one → several) or `rename` (one → one).
    pub kind: ReorganizationKind,
    /// The successors' first day; predecessors end the day before.
    pub effective_on: NaiveDate,
    /// The decision or resolution.
    #[validate(length(min = 1, max = 300))]
    #[schema(example = "Nghị quyết 862/NQ-UBTVQH14")]
    pub title: String,
    /// Codes of the units that end.
    #[schema(example = json!(["00001", "00004"]))]
    pub predecessors: Vec<String>,
    /// The units that begin.
    #[validate(nested)]
    pub successors: Vec<NewUnitIn>,
}

/// The reorganisation as recorded.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReorganizationResult {
    /// The event.
    pub reorganization: ReorganizationOut,
    /// The units that ended, as they are now.
    pub predecessors: Vec<UnitOut>,
    /// The units that began.
    pub successors: Vec<UnitOut>,
}

/// Records a reorganisation inside the caller's transaction: ends the predecessors the day
/// before `effective_on`, inserts the successors and links them. `POST /units/reorganizations`
/// and the demo district both record merges through here.
pub fn reorganize(
    conn: &mut DbConnection,
    body: &ReorganizationIn,
) -> Result<ReorganizationResult, Error> {
    if body.kind == ReorganizationKind::Reform {
        return Err(Error::field(
            "kind",
            "one_of",
            "phải là merge, split hoặc rename",
            "must be merge, split or rename",
        ));
    }
    body.kind
        .check_shape(body.predecessors.len(), body.successors.len())
        .map_err(|en| {
            Error::field(
                "predecessors",
                "shape",
                "số đơn vị trước và sau không khớp loại sắp xếp",
                en,
            )
        })?;
    let Some(day_before) = body.effective_on.pred_opt() else {
        return Err(Error::field(
            "effective_on",
            "range",
            "ngày không hợp lệ",
            "invalid date",
        ));
    };
    let mut predecessors = Vec::new();
    for (i, code) in body.predecessors.iter().enumerate() {
        let unit = units::find_valid_on(conn, code, day_before)?
            .filter(|u| u.valid_to.is_none())
            .ok_or_else(|| {
                Error::field(
                    &format!("predecessors[{i}]"),
                    "exists",
                    "không có đơn vị đang hiệu lực mang mã này trước ngày sắp xếp",
                    "no unit with this code is in force (and not yet ended) the day before",
                )
            })?;
        if predecessors.iter().any(|p: &UnitRow| p.id == unit.id) {
            return Err(Error::field(
                &format!("predecessors[{i}]"),
                "unique",
                "bị lặp",
                "is repeated",
            ));
        }
        predecessors.push(unit);
    }
    let first = &predecessors[0];
    let now = store::now();
    for p in &predecessors {
        units::end(conn, &p.id, day_before, now)?;
    }
    let reorganization = ReorganizationRow {
        id: uuid::Uuid::new_v4().to_string(),
        kind: body.kind.as_str().to_owned(),
        effective_on: body.effective_on,
        title: body.title.trim().to_owned(),
        created_at: now,
    };
    units::insert_reorganization(conn, &reorganization)?;
    let mut successors = Vec::new();
    let mut links = Vec::new();
    for (i, input) in body.successors.iter().enumerate() {
        let level = input
            .level
            .or_else(|| UnitLevel::from_token(&first.level))
            .unwrap_or(UnitLevel::Commune);
        let parent = input
            .parent_code
            .clone()
            .or_else(|| first.parent_code.clone());
        check_parent(conn, level, parent.as_deref(), body.effective_on)?;
        if units::find_valid_on(conn, &input.code, body.effective_on)?.is_some() {
            return Err(Error::Conflict {
                code: Code::UnitCodeInUse,
                detail: Some((
                    format!(
                        "Mã {} đang được đơn vị khác dùng vào ngày {}.",
                        input.code, body.effective_on
                    ),
                    format!(
                        "Code {} is used by another unit on {}.",
                        input.code, body.effective_on
                    ),
                )),
            });
        }
        let row = build_unit(input, level, parent, Some(body.effective_on))?;
        let sources: Vec<(String, Succession)> = if input.from.is_empty() {
            predecessors
                .iter()
                .map(|p| (p.id.clone(), body.kind.default_succession()))
                .collect()
        } else {
            let mut list = Vec::new();
            for (j, from) in input.from.iter().enumerate() {
                let p = predecessors
                    .iter()
                    .find(|p| p.code == from.code)
                    .ok_or_else(|| {
                        Error::field(
                            &format!("successors[{i}].from[{j}].code"),
                            "exists",
                            "không nằm trong danh sách đơn vị trước sắp xếp",
                            "is not one of the predecessors",
                        )
                    })?;
                list.push((p.id.clone(), from.succession));
            }
            list
        };
        for (predecessor_id, succession) in sources {
            links.push(LinkRow {
                predecessor_id,
                successor_id: row.id.clone(),
                succession: succession.as_str().to_owned(),
                reorganization_id: reorganization.id.clone(),
            });
        }
        units::insert(conn, &row)?;
        successors.push(row);
    }
    units::insert_links(conn, &links)?;
    let ended = predecessors
        .iter()
        .map(|p| units::find(conn, &p.id).map(|u| u.map(|u| UnitOut::from(&u))))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect();
    Ok(ReorganizationResult {
        reorganization: ReorganizationOut::from(&reorganization),
        predecessors: ended,
        successors: successors.iter().map(UnitOut::from).collect(),
    })
}
