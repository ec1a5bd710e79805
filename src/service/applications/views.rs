//! What staff see of an application: its row, its history and its clock, as both faces show
//! them.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::applications::{self as store, ApplicationRow, EventRow};
use crate::db::{DbConnection, offices, units};
use crate::domain::application::{Channel, Delivery, IdKind, Outcome, Status, limit_of};
use crate::domain::calendar::Calendar;
use crate::domain::procedure::TimeUnit;
use crate::error::Error;

/// An applicant (or the proxy filing for them).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name.
    #[schema(example = "Nguyễn Văn An")]
    pub name: String,
    /// The identity document's kind.
    pub id_kind: IdKind,
    /// Its number: 12 digits for a citizen ID card; 6–9 letters and digits with at least
    /// one digit for a passport (`C1234567`); 10 or 10-3 digits for a tax code. Spaces around
    /// it are dropped and letters read as capitals.
    #[schema(
        example = "001203004567",
        pattern = "^([0-9]{12}|[0-9]{10}(-[0-9]{3})?|[0-9][A-Za-z0-9]{5,8}|[A-Za-z][0-9][A-Za-z0-9]{4,7}|[A-Za-z]{2}[0-9][A-Za-z0-9]{3,6}|[A-Za-z]{3}[0-9][A-Za-z0-9]{2,5}|[A-Za-z]{4}[0-9][A-Za-z0-9]{1,4}|[A-Za-z]{5}[0-9][A-Za-z0-9]{0,3}|[A-Za-z]{6}[0-9][A-Za-z0-9]{0,2}|[A-Za-z]{7}[0-9][A-Za-z0-9]{0,1}|[A-Za-z]{8}[0-9][A-Za-z0-9]{0,0})$"
    )]
    pub id_number: String,
    /// Phone number.
    #[schema(example = "0912345678")]
    pub phone: Option<String>,
    /// Email address.
    #[schema(example = "an.nguyen@example.vn")]
    pub email: Option<String>,
    /// Address.
    #[schema(example = "Số 1 phố Hàng Bài, phường Hoàn Kiếm, Hà Nội")]
    pub address: Option<String>,
}

/// A document the applicant hands in.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DeclaredDocument {
    /// The procedure's name for it.
    #[schema(example = "Tờ khai đăng ký khai sinh")]
    pub name: String,
    /// Originals handed in.
    #[serde(default)]
    pub originals: u32,
    /// Copies handed in.
    #[serde(default)]
    pub copies: u32,
}

/// What is stored of an application beyond its columns.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Details {
    /// The applicant's phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// The applicant's email address.
    #[serde(default)]
    pub email: Option<String>,
    /// The applicant's address.
    pub address: Option<String>,
    /// Who filed for the applicant.
    pub proxy: Option<Person>,
    /// What was handed in.
    pub documents: Vec<DeclaredDocument>,
    /// The procedure's name on the day of filing.
    pub procedure_name: String,
}

/// A status with its national code and name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatusOut {
    /// The national code, 1–10.
    #[schema(example = 2)]
    pub code: i32,
    /// Its Vietnamese name.
    #[schema(example = "Được tiếp nhận")]
    pub name: &'static str,
    /// Its English name.
    #[schema(example = "Received")]
    pub name_en: &'static str,
}

impl From<Status> for StatusOut {
    fn from(status: Status) -> Self {
        Self {
            code: status.code(),
            name: status.name_vi(),
            name_en: status.name_en(),
        }
    }
}

/// An application as staff see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApplicationOut {
    /// The application code.
    #[schema(example = "H56.14-251103-0001")]
    pub code: String,
    /// The current status.
    pub status: StatusOut,
    /// The procedure's code.
    #[schema(example = "1.001193")]
    pub procedure_code: String,
    /// The procedure version it was filed under.
    pub procedure_version: i32,
    /// The procedure's name then.
    pub procedure_name: String,
    /// The procedure's field.
    pub field_code: String,
    /// How it came in.
    pub channel: Channel,
    /// The receiving office's agency code.
    pub receiving_office: String,
    /// The office handling it now.
    pub handling_office: String,
    /// The unit of the receiving office on the day of receipt.
    pub unit_code: String,
    /// The applicant.
    pub applicant: Person,
    /// Who filed for the applicant.
    pub proxy: Option<Person>,
    /// What was handed in.
    pub documents: Vec<DeclaredDocument>,
    /// The processing time.
    pub time_limit: Option<TimeLimitOut>,
    /// `resume` or `restart`: the clock after a supplement.
    pub supplement_rule: String,
    /// When it was filed.
    pub submitted_at: DateTime<Utc>,
    /// When a clerk received it.
    pub received_at: Option<DateTime<Utc>>,
    /// The statutory due instant (absent while the clock is paused).
    pub due_at: Option<DateTime<Utc>>,
    /// The new return date given with the apology.
    pub promised_at: Option<DateTime<Utc>>,
    /// When it was resolved.
    pub resolved_at: Option<DateTime<Utc>>,
    /// When it ended (returned, refused, withdrawn or stopped).
    pub finished_at: Option<DateTime<Utc>>,
    /// The decision.
    pub outcome: Option<Outcome>,
    /// How the result went back.
    pub delivery: Option<Delivery>,
    /// Open and past its due instant now.
    pub overdue: bool,
    /// The concurrency version (the number of events).
    pub version: i64,
}

/// A processing time.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimeLimitOut {
    /// How many units.
    pub amount: i64,
    /// The unit.
    pub unit: TimeUnit,
}

/// One event of the history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventOut {
    /// 1, 2, 3…
    pub seq: i32,
    /// The action.
    #[schema(example = "receive")]
    pub action: String,
    /// The status before.
    pub from_status: Option<i32>,
    /// The status after.
    pub to_status: i32,
    /// When.
    pub at: DateTime<Utc>,
    /// `citizen`, `clerk` or `specialist`.
    pub actor_role: String,
    /// The account that acted.
    pub actor_id: Option<String>,
    /// The acting office's agency code.
    pub office: Option<String>,
    /// A note.
    pub note: Option<String>,
    /// What the action carried (office ids given as agency codes).
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
}

/// An application with its history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApplicationWithEvents {
    /// The application.
    #[serde(flatten)]
    pub application: ApplicationOut,
    /// Every event, oldest first.
    pub events: Vec<EventOut>,
    /// The deadline clock: each running segment and what it consumed.
    pub clock: ClockOut,
}

/// The deadline clock of an application.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClockOut {
    /// Each stretch the clock ran, from receipt, resumptions and restarts to pauses.
    pub segments: Vec<crate::service::calendar::SegmentOut>,
    /// What was left of the limit when the last segment started or paused (office minutes;
    /// real minutes for calendar days).
    pub remaining_minutes: Option<i64>,
}

/// Agency codes of offices by id.
pub fn office_codes(
    conn: &mut DbConnection,
    ids: impl IntoIterator<Item = String>,
) -> Result<HashMap<String, String>, Error> {
    let mut ids: Vec<String> = ids.into_iter().collect();
    ids.sort();
    ids.dedup();
    Ok(offices::by_ids(conn, &ids)?
        .into_iter()
        .map(|o| (o.row.id, o.row.code))
        .collect())
}

/// A unit's GSO code by id.
pub fn unit_code(conn: &mut DbConnection, id: &str) -> Result<String, Error> {
    Ok(units::find(conn, id)?.map(|u| u.code).unwrap_or_default())
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// The staff view of a row.
pub fn application_out(
    row: &ApplicationRow,
    codes: &HashMap<String, String>,
    unit_code: String,
    now: NaiveDateTime,
) -> Result<ApplicationOut, Error> {
    let details: Details = serde_json::from_str(&row.details).map_err(Error::internal)?;
    let status = Status::try_from(row.status).map_err(|e| Error::internal(anyhow::anyhow!(e)))?;
    let code_of = |id: &str| codes.get(id).cloned().unwrap_or_default();
    Ok(ApplicationOut {
        code: row.code.clone(),
        status: status.into(),
        procedure_code: row.procedure_code.clone(),
        procedure_version: row.procedure_version,
        procedure_name: details.procedure_name,
        field_code: row.field_code.clone(),
        channel: Channel::from_token(&row.channel).unwrap_or(Channel::InPerson),
        receiving_office: code_of(&row.receiving_office_id),
        handling_office: code_of(&row.handling_office_id),
        unit_code,
        applicant: Person {
            name: row.applicant_name.clone(),
            id_kind: IdKind::from_token(&row.id_kind).unwrap_or(IdKind::CitizenId),
            id_number: row.id_number.clone(),
            phone: details.phone,
            email: details.email,
            address: details.address,
        },
        proxy: details.proxy,
        documents: details.documents,
        time_limit: limit_of(row.limit_amount, row.limit_unit.as_deref()).map(|l| TimeLimitOut {
            amount: l.amount,
            unit: l.unit,
        }),
        supplement_rule: row.supplement_rule.clone(),
        submitted_at: utc(row.submitted_at),
        received_at: row.received_at.map(utc),
        due_at: row.due_at.map(utc),
        promised_at: row.promised_at.map(utc),
        resolved_at: row.resolved_at.map(utc),
        finished_at: row.finished_at.map(utc),
        outcome: row.outcome.as_deref().and_then(Outcome::from_token),
        delivery: row.delivery.as_deref().and_then(Delivery::from_token),
        overdue: status.is_open() && row.due_at.is_some_and(|due| due < now),
        version: row.version,
    })
}

/// The public view of an event's payload: office ids become agency codes.
fn payload_out(payload: &str, codes: &HashMap<String, String>) -> serde_json::Value {
    let mut value: serde_json::Value = serde_json::from_str(payload).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        map.remove("action");
        let keys: Vec<String> = map
            .keys()
            .filter(|k| k.ends_with("office_id"))
            .cloned()
            .collect();
        for key in keys {
            if let Some(serde_json::Value::String(id)) = map.remove(&key) {
                let code = codes.get(&id).cloned().unwrap_or(id);
                map.insert(key.trim_end_matches("_id").to_owned(), code.into());
            }
        }
    }
    value
}

/// Every office id an application's events mention.
pub fn event_office_ids(rows: &[EventRow]) -> Vec<String> {
    let mut ids = Vec::new();
    for row in rows {
        ids.extend(row.office_id.clone());
        if let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&row.payload) {
            for (key, value) in map {
                if key.ends_with("office_id")
                    && let serde_json::Value::String(id) = value
                {
                    ids.push(id);
                }
            }
        }
    }
    ids
}

/// The history's view.
pub fn events_out(rows: &[EventRow], codes: &HashMap<String, String>) -> Vec<EventOut> {
    rows.iter()
        .map(|r| EventOut {
            seq: r.seq,
            action: r.action.clone(),
            from_status: r.from_status,
            to_status: r.to_status,
            at: utc(r.at),
            actor_role: r.actor_role.clone(),
            actor_id: r.actor_id.clone(),
            office: r.office_id.as_ref().and_then(|id| codes.get(id).cloned()),
            note: r.note.clone(),
            payload: payload_out(&r.payload, codes),
        })
        .collect()
}

/// Loads a row with its history for the staff view.
pub fn with_events(
    conn: &mut DbConnection,
    calendar: &Calendar,
    row: &ApplicationRow,
    now: NaiveDateTime,
) -> Result<ApplicationWithEvents, Error> {
    let stretches: Vec<crate::domain::application::ClockStretch> =
        serde_json::from_str(&row.clock).map_err(Error::internal)?;
    let segments: Vec<_> = stretches.iter().map(|s| s.segment(calendar)).collect();
    let limit = limit_of(row.limit_amount, row.limit_unit.as_deref());
    let deadline = limit.map(|l| calendar.deadline(l, &segments));
    let clock = ClockOut {
        segments: match &deadline {
            Some(d) => d
                .segments
                .iter()
                .map(crate::service::calendar::segment_out)
                .collect(),
            None => Vec::new(),
        },
        remaining_minutes: deadline.as_ref().map(|d| d.remaining_minutes),
    };
    let rows = store::events(conn, row.id)?;
    let mut ids = event_office_ids(&rows);
    ids.push(row.receiving_office_id.clone());
    ids.push(row.handling_office_id.clone());
    let codes = office_codes(conn, ids)?;
    let unit = unit_code(conn, &row.unit_id)?;
    Ok(ApplicationWithEvents {
        application: application_out(row, &codes, unit, now)?,
        events: events_out(&rows, &codes),
        clock,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_show_agency_codes() {
        let codes = HashMap::from([("id-1".to_owned(), "H56.14".to_owned())]);
        let out = payload_out(
            r#"{"action":"hand_over","from_office_id":"id-1","to_office_id":"id-2"}"#,
            &codes,
        );
        assert_eq!(
            out,
            serde_json::json!({"from_office": "H56.14", "to_office": "id-2"})
        );
    }
}
