//! Administrative units: the tree on any date, each code's history, the admin's creates and
//! corrections, and reorganisations ([`reorganize()`]).

mod listing;
mod reorganize;

pub use listing::{LinkOut, ReorganizationSummary, reorganizations};
pub use reorganize::{ReorganizationIn, ReorganizationResult, reorganize};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::db::units::{self, Direction, ReorganizationRow, UnitFilter, UnitRow};
use crate::db::{self as store, DbConnection, write_transaction};
use crate::domain::text;
use crate::domain::unit::{ReorganizationKind, Succession, UnitLevel, valid_code};
use crate::error::{Code, Error};
use crate::service::idempotency::{Created, Keyed, create_once};
use crate::service::version::Expected;

/// One period of an administrative unit.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UnitOut {
    /// GSO code (2 digits province, 3 district, 5 commune).
    #[schema(example = "00004")]
    pub code: String,
    /// Short name.
    #[schema(example = "Ba Đình")]
    pub name: String,
    /// Name with its kind.
    #[schema(example = "Phường Ba Đình")]
    pub full_name: String,
    /// Level.
    pub level: UnitLevel,
    /// Kind (Tỉnh, Thành phố, Quận, Huyện, Xã, Phường, Thị trấn, Đặc khu…).
    #[schema(example = "Phường")]
    pub kind: String,
    /// The parent's code.
    #[schema(example = "01")]
    pub parent_code: Option<String>,
    /// First day valid; `null`: before the records begin.
    pub valid_from: Option<NaiveDate>,
    /// Last day valid; `null`: still valid.
    pub valid_to: Option<NaiveDate>,
    /// Version for `If-Match`.
    pub version: i64,
}

impl From<&UnitRow> for UnitOut {
    fn from(row: &UnitRow) -> Self {
        Self {
            code: row.code.clone(),
            name: row.name.clone(),
            full_name: row.full_name.clone(),
            level: UnitLevel::from_token(&row.level).unwrap_or(UnitLevel::Commune),
            kind: row.kind.clone(),
            parent_code: row.parent_code.clone(),
            valid_from: row.valid_from,
            valid_to: row.valid_to,
            version: row.version,
        }
    }
}

/// Filters for the unit tree.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitQuery {
    /// The date the tree is taken at (default: today).
    #[param(example = "2025-06-30")]
    pub as_of: Option<NaiveDate>,
    /// Only this level.
    pub level: Option<UnitLevel>,
    /// Only children of this code.
    #[param(example = "01")]
    pub parent: Option<String>,
    /// Name search, accent- and case-insensitive.
    #[param(example = "ba dinh")]
    pub q: Option<String>,
}

/// One page of the units valid on a date, by code, after the code `after`; and how many
/// match in all.
pub fn list(
    conn: &mut DbConnection,
    query: UnitQuery,
    after: Option<&str>,
    limit: i64,
) -> Result<(Vec<UnitOut>, i64), Error> {
    let filter = UnitFilter {
        as_of: query.as_of,
        level: query.level.map(|l| l.as_str().to_owned()),
        parent: query.parent,
        words: query.q.as_deref().map(text::words).unwrap_or_default(),
    };
    let (rows, total) = units::list(conn, &filter, after, limit)?;
    Ok((rows.iter().map(UnitOut::from).collect(), total))
}

fn period(conn: &mut DbConnection, code: &str, as_of: Option<NaiveDate>) -> Result<UnitRow, Error> {
    let found = match as_of {
        Some(on) => units::find_valid_on(conn, code, on)?,
        None => match units::find_valid_on(conn, code, crate::domain::today())? {
            Some(row) => Some(row),
            None => units::by_code(conn, code)?.pop(),
        },
    };
    found.ok_or(Error::NotFound(Code::UnitNotFound))
}

/// The period of `code` valid on `as_of`; without a date, today's, or the code's last
/// period when it has ended.
pub fn get(
    conn: &mut DbConnection,
    code: &str,
    as_of: Option<NaiveDate>,
) -> Result<UnitOut, Error> {
    period(conn, code, as_of).map(|row| UnitOut::from(&row))
}

/// A unit on the other side of a reorganisation.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Neighbour {
    /// The other unit.
    pub unit: UnitOut,
    /// Whether all of the predecessor went into the successor.
    pub succession: Succession,
    /// The reorganisation.
    pub reorganization: ReorganizationOut,
}

/// A reorganisation event.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReorganizationOut {
    /// Opaque id.
    pub id: String,
    /// Merge, split, rename or reform.
    pub kind: ReorganizationKind,
    /// The first day of the new units.
    pub effective_on: NaiveDate,
    /// The decision or resolution.
    #[schema(example = "Nghị quyết 1656/NQ-UBTVQH15")]
    pub title: String,
}

impl From<&ReorganizationRow> for ReorganizationOut {
    fn from(row: &ReorganizationRow) -> Self {
        Self {
            id: row.id.clone(),
            kind: ReorganizationKind::from_token(&row.kind).unwrap_or(ReorganizationKind::Reform),
            effective_on: row.effective_on,
            title: row.title.clone(),
        }
    }
}

/// One period of a code, with where it came from and where it went.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UnitPeriod {
    /// The unit in this period.
    pub unit: UnitOut,
    /// The units it came from.
    pub predecessors: Vec<Neighbour>,
    /// The units it went into.
    pub successors: Vec<Neighbour>,
}

/// A code's history.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UnitHistory {
    /// The code.
    pub code: String,
    /// Its periods, oldest first (a code can be reused by a successor).
    pub periods: Vec<UnitPeriod>,
}

fn neighbours(list: Vec<units::Neighbour>) -> Vec<Neighbour> {
    list.iter()
        .map(|(link, unit, reorganization)| Neighbour {
            unit: UnitOut::from(unit),
            succession: Succession::from_token(&link.succession).unwrap_or(Succession::Full),
            reorganization: ReorganizationOut::from(reorganization),
        })
        .collect()
}

/// Every period of `code`, oldest first, with its predecessors and successors.
pub fn history(conn: &mut DbConnection, code: String) -> Result<UnitHistory, Error> {
    let rows = units::by_code(conn, &code)?;
    if rows.is_empty() {
        return Err(Error::NotFound(Code::UnitNotFound));
    }
    let mut periods = Vec::with_capacity(rows.len());
    for row in &rows {
        periods.push(UnitPeriod {
            unit: UnitOut::from(row),
            predecessors: neighbours(units::neighbours(conn, &row.id, Direction::Predecessors)?),
            successors: neighbours(units::neighbours(conn, &row.id, Direction::Successors)?),
        });
    }
    Ok(UnitHistory { code, periods })
}

/// A new unit.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUnitIn {
    /// GSO code of the level's length.
    #[schema(example = "00004")]
    pub code: String,
    /// Short name.
    #[validate(length(min = 1, max = 200))]
    #[schema(example = "Ba Đình")]
    pub name: String,
    /// Name with its kind (default: kind + name).
    #[validate(length(min = 1, max = 250))]
    pub full_name: Option<String>,
    /// Level (default for reorganisation successors: the first predecessor's).
    pub level: Option<UnitLevel>,
    /// Kind (Xã, Phường, …).
    #[validate(length(min = 1, max = 100))]
    #[schema(example = "Phường")]
    pub kind: String,
    /// Parent's code (default for successors: the first predecessor's parent).
    pub parent_code: Option<String>,
    /// First day valid (for `POST /units`, default today; successors start on the
    /// reorganisation's date).
    pub valid_from: Option<NaiveDate>,
    /// For reorganisation successors: which predecessors it takes, and how
    /// (default: all of them, `full` except in a split).
    #[serde(default)]
    #[validate(nested)]
    pub from: Vec<FromIn>,
}

/// A successor's predecessor.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FromIn {
    /// The predecessor's code.
    #[validate(length(min = 2, max = 5))]
    pub code: String,
    /// All of it or part.
    pub succession: Succession,
}

fn build_unit(
    input: &NewUnitIn,
    level: UnitLevel,
    parent: Option<String>,
    from: Option<NaiveDate>,
) -> Result<UnitRow, Error> {
    if !valid_code(level, &input.code) {
        return Err(Error::Validation(vec![crate::error::FieldIssue::new(
            "code",
            "pattern",
            format!(
                "phải gồm {} chữ số cho cấp {}",
                level.code_len(),
                level.as_str()
            ),
            format!(
                "must be {} digits for a {}",
                level.code_len(),
                level.as_str()
            ),
        )]));
    }
    let now = store::now();
    let full_name = input
        .full_name
        .clone()
        .unwrap_or_else(|| format!("{} {}", input.kind.trim(), input.name.trim()));
    Ok(UnitRow {
        id: uuid::Uuid::new_v4().to_string(),
        code: input.code.clone(),
        name: input.name.trim().to_owned(),
        name_folded: text::fold(&full_name),
        full_name,
        level: level.as_str().to_owned(),
        kind: input.kind.trim().to_owned(),
        parent_code: parent,
        valid_from: from,
        valid_to: None,
        version: 1,
        created_at: now,
        updated_at: now,
    })
}

fn check_parent(
    conn: &mut DbConnection,
    level: UnitLevel,
    parent: Option<&str>,
    on: NaiveDate,
) -> Result<(), Error> {
    let missing = |vi: &str, en: &str| Error::field("parent_code", "exists", vi, en);
    match (level.parent_levels().is_empty(), parent) {
        (true, None) => Ok(()),
        (true, Some(_)) => Err(Error::field(
            "parent_code",
            "not_allowed",
            "tỉnh không có đơn vị cấp trên",
            "a province has no parent",
        )),
        (false, None) => Err(Error::field(
            "parent_code",
            "required",
            "là bắt buộc",
            "is required",
        )),
        (false, Some(code)) => {
            let parent = units::find_valid_on(conn, code, on)?.ok_or_else(|| {
                missing(
                    "không có đơn vị cấp trên này vào ngày hiệu lực",
                    "no such parent on the effective date",
                )
            })?;
            let parent_level = UnitLevel::from_token(&parent.level).unwrap_or(UnitLevel::Commune);
            if level.parent_levels().contains(&parent_level) {
                Ok(())
            } else {
                Err(missing(
                    "đơn vị cấp trên không đúng cấp",
                    "the parent is not of a level above",
                ))
            }
        }
    }
}

/// Creates a unit of `level` starting on its `valid_from` (default today), inside the
/// caller's write transaction (the one that also keeps the answer for retries of the request).
pub fn create_in(
    conn: &mut DbConnection,
    input: &NewUnitIn,
    level: UnitLevel,
) -> Result<UnitOut, Error> {
    let on = input.valid_from.unwrap_or_else(crate::domain::today);
    check_parent(conn, level, input.parent_code.as_deref(), on)?;
    if units::find_valid_on(conn, &input.code, on)?.is_some() {
        return Err(Error::conflict(Code::UnitCodeInUse));
    }
    // A unit created now starts today: only imports know units older than the records.
    let row = build_unit(input, level, input.parent_code.clone(), Some(on))?;
    units::insert(conn, &row)?;
    Ok(UnitOut::from(&row))
}

/// A correction of a unit's names (renames with legal effect are reorganisations).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitCorrection {
    /// Short name.
    #[validate(length(min = 1, max = 200))]
    pub name: Option<String>,
    /// Name with its kind.
    #[validate(length(min = 1, max = 250))]
    pub full_name: Option<String>,
    /// Kind.
    #[validate(length(min = 1, max = 100))]
    pub kind: Option<String>,
    /// The version being changed, when `If-Match` is not sent.
    pub version: Option<i64>,
}

/// Corrects the names of the unit `code` is today, in its own write transaction. `expected`
/// is the version the caller changes; `stale` makes the error for a caller who is behind,
/// given the current version.
pub fn correct(
    conn: &mut DbConnection,
    code: &str,
    correction: UnitCorrection,
    expected: Expected,
) -> Result<UnitOut, Error> {
    write_transaction(conn, |conn| {
        let current = units::find_valid_on(conn, code, crate::domain::today())?
            .ok_or(Error::NotFound(Code::UnitNotFound))?;
        if current.version != expected.version() {
            return Err(expected.stale(current.version));
        }
        let name = correction.name.unwrap_or_else(|| current.name.clone());
        let kind = correction.kind.unwrap_or_else(|| current.kind.clone());
        let full_name = correction
            .full_name
            .unwrap_or_else(|| current.full_name.clone());
        if !units::correct_names(
            conn,
            &current.id,
            expected.version(),
            &name,
            &full_name,
            &kind,
            store::now(),
        )? {
            return Err(expected.stale(current.version + 1));
        }
        units::find(conn, &current.id)?
            .map(|row| UnitOut::from(&row))
            .ok_or(Error::NotFound(Code::UnitNotFound))
    })
}

/// Creates a unit once: a retry of the same keyed request gets the first answer.
pub fn create(
    conn: &mut DbConnection,
    keyed: &Keyed,
    input: &NewUnitIn,
    level: UnitLevel,
) -> Result<Created, Error> {
    create_once(conn, keyed, |conn| {
        let unit = create_in(conn, input, level)?;
        Ok(Created::new(
            serde_json::to_value(&unit).map_err(Error::internal)?,
            format!("/api/v1/units/{}", unit.code),
        ))
    })
}

/// Records a reorganisation once: a retry of the same keyed request gets the first answer.
pub fn reorganize_once(
    conn: &mut DbConnection,
    keyed: &Keyed,
    input: &ReorganizationIn,
) -> Result<Created, Error> {
    create_once(conn, keyed, |conn| {
        let result = reorganize(conn, input)?;
        Ok(Created {
            body: serde_json::to_value(&result).map_err(Error::internal)?,
            location: result
                .successors
                .first()
                .map(|s| format!("/api/v1/units/{}/history", s.code)),
            replayed: false,
        })
    })
}
