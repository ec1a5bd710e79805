//! What the public sees of an application, once its proof holds: the status, what to do
//! next, the timeline and the appointment, the office, and the applicant as initials.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::scope::to_events;
use super::views::StatusOut;
use crate::db::DbConnection;
use crate::db::applications::{self as store, TrackFields};
use crate::domain::application::{self, NextStep, Outcome, Status, mask_name};
use crate::error::Error;

/// One step of the public timeline.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Step {
    /// When.
    pub at: DateTime<Utc>,
    /// What happened (`submit`, `receive`, `hand_over`…).
    pub action: String,
    /// The status after it.
    pub status: StatusOut,
}

/// The apology for lateness (form 04).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApologyOut {
    /// The reason the agency gave.
    pub reason: Option<String>,
    /// The new return date.
    pub new_due_at: DateTime<Utc>,
    /// When it was issued.
    pub issued_at: DateTime<Utc>,
}

/// What the public sees of an application: no ID number, no phone, the name as initials.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrackingOut {
    /// The application code.
    pub code: String,
    /// The current status.
    pub status: StatusOut,
    /// The procedure.
    pub procedure_name: String,
    /// The receiving office, where the result is collected.
    pub office_name: String,
    /// The applicant's initials.
    #[schema(example = "N. V. A.")]
    pub applicant: String,
    /// When it was filed.
    pub submitted_at: DateTime<Utc>,
    /// When it was received.
    pub received_at: Option<DateTime<Utc>>,
    /// The appointment: the apology's new date if one was given, else the due date.
    pub due_at: Option<DateTime<Utc>>,
    /// An apology with a new date was given.
    pub apologized: bool,
    /// The decision, once resolved.
    pub outcome: Option<Outcome>,
    /// Every step so far.
    pub timeline: Vec<Step>,
    /// The result was returned and the service was not rated yet: it may be rated now.
    pub can_rate: bool,
    /// What the applicant must do next.
    pub next_step: NextStep,
    /// The apology, when the agency gave one: why, and the new date.
    pub apology: Option<ApologyOut>,
    /// The offices' hours on a working day (`HH:MM-HH:MM`, Vietnam time): when the result
    /// can be collected and the desk reached.
    #[schema(example = json!(["07:30-11:30", "13:00-17:00"]))]
    pub office_hours: Vec<String>,
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// The public view of an opened application. Reads its events only when the next step or
/// the apology needs their payloads (a supplement, a payment, a decision, a refusal, an
/// apology); otherwise the row says everything.
pub fn public_view(
    conn: &mut DbConnection,
    row: TrackFields,
    office_hours: &[String],
) -> Result<TrackingOut, Error> {
    let status = Status::try_from(row.status).map_err(|e| Error::internal(anyhow::anyhow!(e)))?;
    let apologized = row.promised_at.is_some();
    let events = if application::needs_events(status, apologized) {
        to_events(&store::events(conn, row.id)?)?
    } else {
        Vec::new()
    };
    let details: ProcedureName = serde_json::from_str(&row.details).map_err(Error::internal)?;
    let steps: Vec<application::Step> =
        serde_json::from_str(&row.timeline).map_err(Error::internal)?;
    Ok(TrackingOut {
        next_step: application::next_step(status, &events, row.rated),
        apology: application::apology(&events).map(|a| ApologyOut {
            reason: a.reason,
            new_due_at: utc(a.new_due_at),
            issued_at: utc(a.issued_at),
        }),
        office_hours: office_hours.to_vec(),
        code: row.code,
        status: status.into(),
        procedure_name: details.procedure_name,
        office_name: row.office_name,
        applicant: mask_name(&row.applicant_name),
        submitted_at: utc(row.submitted_at),
        received_at: row.received_at.map(utc),
        due_at: row.promised_at.or(row.due_at).map(utc),
        apologized,
        outcome: row.outcome.as_deref().and_then(Outcome::from_token),
        timeline: steps
            .into_iter()
            .map(|s| Step {
                at: utc(s.at),
                action: s.action.as_str().to_owned(),
                status: s.to.into(),
            })
            .collect(),
        can_rate: status == Status::Returned && !row.rated,
    })
}

/// The one field of the stored details tracking reads.
#[derive(Deserialize)]
struct ProcedureName {
    procedure_name: String,
}
