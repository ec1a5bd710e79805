//! One-stop offices and processing agencies, their agency codes over time, and which
//! procedures each receives.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::offices::{
    self, AvailabilityRow, NewOffice, OfficeChanges, OfficeFilter, OfficeView,
};
use crate::db::{self as store, DbConnection, procedures, units, write_transaction};
use crate::domain::procedure::{OnlineLevel, ProcedureCode};
use crate::domain::text;
use crate::error::{Code, Error};
use crate::service::idempotency::{Created, Keyed, create_once};
use crate::service::version::Expected;

/// What an office is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OfficeKind {
    /// Trung tâm Hành chính công cấp huyện (district public-administration centre).
    DistrictCenter,
    /// Bộ phận tiếp nhận và trả kết quả cấp xã (commune reception-and-return unit).
    CommuneReception,
    /// Trung tâm phục vụ hành chính công cấp tỉnh (provincial public-service centre).
    ProvinceServiceCenter,
    /// Trung tâm phục vụ hành chính công cấp xã (commune public-service centre, since 2025).
    CommuneServiceCenter,
    /// A processing agency (phòng, ban, sở): does not receive the public.
    ProcessingAgency,
}

impl OfficeKind {
    const ALL: [OfficeKind; 5] = [
        Self::DistrictCenter,
        Self::CommuneReception,
        Self::ProvinceServiceCenter,
        Self::CommuneServiceCenter,
        Self::ProcessingAgency,
    ];

    /// The stored token.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DistrictCenter => "district_center",
            Self::CommuneReception => "commune_reception",
            Self::ProvinceServiceCenter => "province_service_center",
            Self::CommuneServiceCenter => "commune_service_center",
            Self::ProcessingAgency => "processing_agency",
        }
    }

    /// The kind a stored token names.
    pub fn from_token(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == token)
    }

    /// Whether it receives applications from the public.
    pub fn receives_public(self) -> bool {
        self != Self::ProcessingAgency
    }
}

/// An agency code as the national formats write it: opaque (`000.00.15.H12` in the 2020
/// format, `H56.14` in 2025's), 2–40 letters, digits, dots, hyphens or underscores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyCode(String);

impl AgencyCode {
    /// Checks a code; a 422 on the `code` field when it is not one.
    pub fn parse(code: &str) -> Result<Self, Error> {
        let ok = (2..=40).contains(&code.len())
            && code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_');
        if ok {
            Ok(Self(code.to_owned()))
        } else {
            Err(Error::field(
                "code",
                "pattern",
                "mã cơ quan gồm 2–40 ký tự chữ, số, dấu chấm, gạch ngang",
                "an agency code is 2–40 letters, digits, dots or hyphens",
            ))
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Which offices to list, and which page.
#[derive(Debug, Clone, Default)]
pub struct OfficeQuery {
    /// Offices of this unit or of the units directly under it.
    pub unit: Option<String>,
    /// Only this kind.
    pub kind: Option<OfficeKind>,
    /// Only offices open on this date.
    pub open_on: Option<NaiveDate>,
    /// Name search, accent- and case-insensitive.
    pub q: Option<String>,
    /// The code the previous page ended with.
    pub after: Option<String>,
    /// Most offices on the page.
    pub limit: i64,
}

/// A new office.
#[derive(Debug, Clone)]
pub struct NewOfficeInput {
    /// Agency code.
    pub code: AgencyCode,
    /// Name.
    pub name: String,
    /// The unit's GSO code (valid today).
    pub unit_code: String,
    /// What it is.
    pub kind: OfficeKind,
    /// The day its modern desk opened.
    pub opened_on: Option<NaiveDate>,
    /// The day it closed.
    pub closed_on: Option<NaiveDate>,
}

/// Changes to an office; `None` leaves a value as it is.
#[derive(Debug, Clone, Default)]
pub struct OfficeUpdate {
    /// A new agency code, in force from `code_valid_from`; the old one still finds the office.
    pub code: Option<AgencyCode>,
    /// When the new code took effect (default: today; not in the future).
    pub code_valid_from: Option<NaiveDate>,
    /// Name.
    pub name: Option<String>,
    /// The unit's GSO code.
    pub unit_code: Option<String>,
    /// What it is.
    pub kind: Option<OfficeKind>,
    /// The day its modern desk opened.
    pub opened_on: Option<NaiveDate>,
    /// The day it closed.
    pub closed_on: Option<NaiveDate>,
}

/// The terms on which an office receives a procedure.
#[derive(Debug, Clone)]
pub struct Availability {
    /// National procedure code.
    pub procedure_code: String,
    /// First day it is received there.
    pub available_from: NaiveDate,
    /// Last day, if it stops.
    pub available_to: Option<NaiveDate>,
    /// Online level at this office (Decree 42/2022).
    pub online_level: Option<OnlineLevel>,
    /// Legacy online level at this office, 1–4.
    pub legacy_level: Option<i32>,
    /// Posted at the desk.
    pub posted: bool,
}

/// A procedure an office receives, with its name.
#[derive(Debug, Clone)]
pub struct OfficeProcedure {
    /// The procedure's name (the version in force on the day asked, else the latest).
    pub procedure_name: String,
    /// The terms.
    pub terms: Availability,
}

/// An office's procedures, by procedure code.
#[derive(Debug, Clone)]
pub struct OfficeProcedures {
    /// The office's current code.
    pub office_code: String,
    /// By procedure code.
    pub items: Vec<OfficeProcedure>,
}

fn find(conn: &mut DbConnection, code: &str) -> Result<OfficeView, Error> {
    offices::find_by_code(conn, code)?.ok_or(Error::NotFound(Code::OfficeNotFound))
}

/// The unit an office belongs to: the period of `code` valid on the office's opening date (or
/// today for an office without one). A unit that has ended since still takes an office it held
/// then, so the desks of units merged in 2025 and their history can be recorded; a unit not
/// yet or no longer valid on that day is a 422 on `unit_code`.
fn unit_id(
    conn: &mut DbConnection,
    code: &str,
    opened_on: Option<NaiveDate>,
) -> Result<String, Error> {
    let on = opened_on.unwrap_or_else(crate::domain::today);
    units::find_id_valid_on(conn, code, on)?.ok_or_else(|| {
        Error::field(
            "unit_code",
            "exists",
            &format!("không có đơn vị hành chính mang mã này có hiệu lực vào ngày {on} (ngày khai trương, hoặc hôm nay khi không có)"),
            &format!("no unit with this code was valid on {on} (the opening date, or today without one)"),
        )
    })
}

/// A page of offices by current code, and how many match in all.
pub fn list(conn: &mut DbConnection, query: &OfficeQuery) -> Result<(Vec<OfficeView>, i64), Error> {
    let filter = OfficeFilter {
        unit: query.unit.clone(),
        kind: query.kind.map(|k| k.as_str().to_owned()),
        open_on: query.open_on,
        words: query.q.as_deref().map(text::words).unwrap_or_default(),
    };
    Ok(offices::list(
        conn,
        &filter,
        query.after.as_deref(),
        query.limit,
    )?)
}

/// One office, by its current or a former agency code.
pub fn get(conn: &mut DbConnection, code: &str) -> Result<OfficeView, Error> {
    find(conn, code)
}

/// Creates an office in its own write transaction.
pub fn create(conn: &mut DbConnection, office: &NewOfficeInput) -> Result<OfficeView, Error> {
    write_transaction(conn, |conn| insert(conn, office))
}

/// Creates an office in the caller's write transaction, for a create that must commit with
/// something else (the stored answer of an idempotent request). A code any office carries or
/// carried is 409 `office_code_taken`.
pub fn insert(conn: &mut DbConnection, office: &NewOfficeInput) -> Result<OfficeView, Error> {
    let unit_id = unit_id(conn, &office.unit_code, office.opened_on)?;
    let code = office.code.as_str();
    if offices::find_id_by_code(conn, code)?.is_some() {
        return Err(Error::conflict(Code::OfficeCodeTaken));
    }
    let now = store::now();
    offices::insert(
        conn,
        &NewOffice {
            id: &uuid::Uuid::new_v4().to_string(),
            code,
            name: office.name.trim(),
            unit_id: &unit_id,
            kind: office.kind.as_str(),
            opened_on: office.opened_on,
            closed_on: office.closed_on,
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )?;
    find(conn, code)
}

/// Changes an office if it still has version `expected`; a stale one is 409 or 412 by where the caller said it. For a
/// version that moved on. A new code is recorded from `code_valid_from` (never ahead of
/// time), and the old one keeps finding the office.
pub fn update(
    conn: &mut DbConnection,
    code: &str,
    expected: Expected,
    change: OfficeUpdate,
) -> Result<OfficeView, Error> {
    write_transaction(conn, |conn| {
        let current = find(conn, code)?;
        if current.row.version != expected.version() {
            return Err(expected.stale(current.row.version));
        }
        let mut changes = OfficeChanges {
            name_folded: change.name.as_deref().map(text::fold),
            name: change.name.map(|n| n.trim().to_owned()),
            kind: change.kind.map(|k| k.as_str().to_owned()),
            opened_on: change.opened_on.map(Some),
            closed_on: change.closed_on.map(Some),
            ..OfficeChanges::default()
        };
        let opened_on = change.opened_on.or(current.row.opened_on);
        if let Some(unit_code) = &change.unit_code {
            changes.unit_id = Some(unit_id(conn, unit_code, opened_on)?);
        } else if change.opened_on.is_some() {
            // A new opening date must still fall within the unit's period.
            changes.unit_id = Some(unit_id(conn, &current.unit_code, opened_on)?);
        }
        if let Some(new_code) = change.code.filter(|c| c.as_str() != current.row.code) {
            if offices::find_id_by_code(conn, new_code.as_str())?.is_some() {
                return Err(Error::conflict(Code::OfficeCodeTaken));
            }
            let from = change.code_valid_from.unwrap_or_else(crate::domain::today);
            if from > crate::domain::today() {
                return Err(Error::field(
                    "code_valid_from",
                    "not_in_future",
                    "ghi nhận mã mới từ ngày nó có hiệu lực, không ghi trước",
                    "record a new code once it is in force, not ahead",
                ));
            }
            offices::change_code(conn, &current.row.id, new_code.as_str(), from)?;
            changes.code = Some(new_code.0);
        }
        if !offices::update(
            conn,
            &current.row.id,
            expected.version(),
            &changes,
            store::now(),
        )? {
            return Err(expected.stale(current.row.version + 1));
        }
        find(conn, changes.code.as_deref().unwrap_or(&current.row.code))
    })
}

fn procedures_of(
    conn: &mut DbConnection,
    office: &OfficeView,
    on: Option<NaiveDate>,
) -> Result<OfficeProcedures, Error> {
    let today = crate::domain::today();
    let rows = offices::availability(conn, &office.row.id, on)?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let name = procedures::in_force(conn, &row.procedure_code, on.unwrap_or(today))?
            .or(procedures::latest(conn, &row.procedure_code)?)
            .map(|v| v.name)
            .unwrap_or_default();
        items.push(OfficeProcedure {
            procedure_name: name,
            terms: Availability {
                procedure_code: row.procedure_code,
                available_from: row.available_from,
                available_to: row.available_to,
                online_level: row
                    .online_level
                    .as_deref()
                    .and_then(OnlineLevel::from_token),
                legacy_level: row.legacy_level,
                posted: row.posted,
            },
        });
    }
    Ok(OfficeProcedures {
        office_code: office.row.code.clone(),
        items,
    })
}

/// The procedures an office receives: every row, or only those in force on `on`.
pub fn procedures(
    conn: &mut DbConnection,
    code: &str,
    on: Option<NaiveDate>,
) -> Result<OfficeProcedures, Error> {
    let office = find(conn, code)?;
    procedures_of(conn, &office, on)
}

/// Sets the terms of each procedure given (added, or replaced for that procedure); the
/// others keep theirs. Returns every row of the office afterwards. A procedure code no
/// catalog version carries is a 422 on `[i].procedure_code`, and nothing is written.
pub fn set_procedures(
    conn: &mut DbConnection,
    code: &str,
    entries: &[Availability],
) -> Result<OfficeProcedures, Error> {
    write_transaction(conn, |conn| {
        let office = find(conn, code)?;
        set_in(conn, &office, entries)
    })
}

/// [`set_procedures`] inside the caller's write transaction.
fn set_in(
    conn: &mut DbConnection,
    office: &OfficeView,
    entries: &[Availability],
) -> Result<OfficeProcedures, Error> {
    {
        let now = store::now();
        for (i, entry) in entries.iter().enumerate() {
            let known = ProcedureCode::parse(&entry.procedure_code)
                .map(|c| procedures::latest(conn, c.as_str()))
                .transpose()?
                .flatten();
            if known.is_none() {
                return Err(Error::field(
                    &format!("[{i}].procedure_code"),
                    "exists",
                    "không có thủ tục mang mã này",
                    "no procedure has this code",
                ));
            }
            offices::set_availability(
                conn,
                &AvailabilityRow {
                    office_id: office.row.id.clone(),
                    procedure_code: entry.procedure_code.trim().to_owned(),
                    available_from: entry.available_from,
                    available_to: entry.available_to,
                    online_level: entry.online_level.map(|l| l.as_str().to_owned()),
                    legacy_level: entry.legacy_level,
                    posted: entry.posted,
                    updated_at: now,
                },
            )?;
        }
        // The site's procedure pages list the offices that receive each procedure.
        procedures::bump_generation(conn)?;
        procedures_of(conn, office, None)
    }
}

/// Creates an office once: a retry of the same keyed request gets the first answer. `answer`
/// renders the new office as the face shows it.
pub fn create_keyed(
    conn: &mut DbConnection,
    keyed: &Keyed,
    office: &NewOfficeInput,
    answer: impl FnOnce(&OfficeView) -> serde_json::Result<serde_json::Value>,
) -> Result<Created, Error> {
    create_once(conn, keyed, |conn| {
        let created = insert(conn, office)?;
        Ok(Created::new(
            answer(&created).map_err(Error::internal)?,
            format!("/api/v1/offices/{}", created.row.code),
        ))
    })
}

/// Stops an office receiving a procedure: its row ends on `last_day` (a row that had not
/// started by then is never in force; nothing is deleted, so the history stays). Returns
/// every row of the office afterwards; a procedure the office has no row for is 404.
pub fn end_procedure(
    conn: &mut DbConnection,
    code: &str,
    procedure_code: &str,
    last_day: NaiveDate,
) -> Result<OfficeProcedures, Error> {
    write_transaction(conn, |conn| {
        let office = find(conn, code)?;
        let Some(mut row) = offices::availability(conn, &office.row.id, None)?
            .into_iter()
            .find(|r| r.procedure_code == procedure_code)
        else {
            return Err(Error::NotFound(Code::ProcedureNotFound));
        };
        if row.available_to.is_none_or(|to| to > last_day) {
            row.available_to = Some(last_day);
            row.updated_at = store::now();
            offices::set_availability(conn, &row)?;
            procedures::bump_generation(conn)?;
        }
        procedures_of(conn, &office, None)
    })
}

/// Has an office receive a procedure at an online level, in one transaction: a procedure it
/// receives now keeps its first day and other terms and takes the new level; otherwise it is
/// received from `from` on, posted at the desk. A code no catalog version carries is a 422
/// on `[0].procedure_code`. Returns every row of the office afterwards.
pub fn receive(
    conn: &mut DbConnection,
    code: &str,
    procedure_code: &str,
    level: OnlineLevel,
    from: NaiveDate,
) -> Result<OfficeProcedures, Error> {
    write_transaction(conn, |conn| {
        let office = find(conn, code)?;
        let mut terms = offices::availability(conn, &office.row.id, None)?
            .into_iter()
            .find(|r| r.procedure_code == procedure_code && r.available_to.is_none())
            .map(|r| Availability {
                procedure_code: r.procedure_code,
                available_from: r.available_from,
                available_to: None,
                online_level: None,
                legacy_level: r.legacy_level,
                posted: r.posted,
            })
            .unwrap_or(Availability {
                procedure_code: procedure_code.to_owned(),
                available_from: from,
                available_to: None,
                online_level: None,
                legacy_level: None,
                posted: true,
            });
        terms.online_level = Some(level);
        set_in(conn, &office, &[terms])
    })
}
