//! What the catalog's operations answer with: a procedure as listed, and one version in full.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::procedures::{ListedRow, VersionRow};
use crate::domain::calendar::PauseRule;
use crate::domain::procedure::{
    Channel, ChannelTerms, Document, Fee, OnlineLevel, ProcessingTime, TableProblem, Tier,
    TimeStatus, TimeUnit,
};
use crate::error::Error;

fn tokens<T>(text: &str, parse: impl Fn(&str) -> Option<T>) -> Vec<T> {
    text.split(',').filter_map(parse).collect()
}

fn processing_time(amount: Option<f64>, unit: Option<&str>) -> Option<ProcessingTime> {
    amount.map(|amount| ProcessingTime {
        amount,
        unit: unit.and_then(TimeUnit::from_token),
    })
}

/// A catalog entry as listed.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProcedureSummary {
    /// National code.
    #[schema(example = "1.001193")]
    pub code: String,
    /// The version in force on the requested date.
    #[schema(example = 1)]
    pub version: i32,
    /// Name.
    #[schema(example = "Thủ tục đăng ký khai sinh")]
    pub name: String,
    /// Field code.
    #[schema(example = "ho-tich")]
    pub field_code: String,
    /// Field name.
    #[schema(example = "Hộ tịch")]
    pub field_name: String,
    /// Implementing tiers.
    pub tiers: Vec<Tier>,
    /// Accepted channels.
    pub channels: Vec<Channel>,
    /// Processing time.
    pub processing_time: Option<ProcessingTime>,
    /// Legacy online level 1–4.
    pub legacy_level: Option<i32>,
    /// Current online level.
    pub online_level: Option<OnlineLevel>,
    /// Published.
    pub published: bool,
    /// How sure the processing time is: `stated`, `unit_assumed` (a bare number taken as
    /// working days), `confirmed`, or `unknown` (no due date).
    pub time_status: TimeStatus,
}

impl From<&ListedRow> for ProcedureSummary {
    fn from(row: &ListedRow) -> Self {
        Self {
            code: row.code.clone(),
            version: row.version_no,
            name: row.name.clone(),
            field_code: row.field_code.clone(),
            field_name: row.field_name.clone(),
            tiers: tokens(&row.tiers, Tier::from_token),
            channels: tokens(&row.channels, Channel::from_token),
            processing_time: processing_time(row.time_amount, row.time_unit.as_deref()),
            legacy_level: row.legacy_level,
            online_level: row
                .online_level
                .as_deref()
                .and_then(OnlineLevel::from_token),
            published: row.published,
            time_status: TimeStatus::from_token(&row.time_status).unwrap_or_default(),
        }
    }
}

/// A field as embedded in a procedure.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FieldRef {
    /// Code.
    #[schema(example = "ho-tich")]
    pub code: String,
    /// Name.
    #[schema(example = "Hộ tịch")]
    pub name: String,
}

/// One version of a procedure, in full.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProcedureOut {
    /// National code.
    #[schema(example = "1.001193")]
    pub code: String,
    /// Version number (1 for the first).
    #[schema(example = 1)]
    pub version: i32,
    /// First day in force.
    pub effective_from: NaiveDate,
    /// Last day in force; `null` while in force.
    pub effective_to: Option<NaiveDate>,
    /// Name.
    #[schema(example = "Thủ tục đăng ký khai sinh")]
    pub name: String,
    /// Field.
    pub field: FieldRef,
    /// Implementing tiers.
    pub tiers: Vec<Tier>,
    /// Accepted channels.
    pub channels: Vec<Channel>,
    /// Required documents.
    pub documents: Vec<Document>,
    /// The portal's documents table as it came, beside `documents` read from it.
    pub documents_raw: String,
    /// What the reading of that table found amiss (`[]`: read cleanly).
    pub document_problems: Vec<TableProblem>,
    /// Processing time (the first channel's, as the portal's export gives it; see
    /// `channel_terms` for each channel's).
    pub processing_time: Option<ProcessingTime>,
    /// How sure the processing time is: `stated`, `unit_assumed` (a bare number taken as
    /// working days, to be confirmed), `confirmed`, or `unknown` (applications get no due
    /// date and are counted apart in the results report).
    pub time_status: TimeStatus,
    /// Time and fees of each channel (`in_person`, `postal`, `online`), as the portal states
    /// them; an application runs against its channel's time.
    pub channel_terms: Vec<ChannelTerms>,
    /// The source wording of the time.
    #[schema(example = "1 Ngày làm việc")]
    pub time_text: String,
    /// Fees.
    pub fees: Vec<Fee>,
    /// The source wording of the fees.
    #[schema(example = "Miễn phí")]
    pub fee_text: String,
    /// What the applicant gets.
    pub result: String,
    /// Legal basis.
    pub legal_basis: String,
    /// Conditions.
    pub conditions: String,
    /// Legacy online level 1–4 (Decree 43/2011).
    pub legacy_level: Option<i32>,
    /// Current online level (Decree 42/2022).
    pub online_level: Option<OnlineLevel>,
    /// Listed publicly and posted at the desks.
    pub published: bool,
    /// Announcing decision.
    pub decision_no: String,
    /// Issuing body.
    pub issuing_body: String,
    /// Competent authority.
    pub competent_authority: String,
    /// Implementing agency.
    pub implementing_agency: String,
    /// Who may apply.
    pub subjects: String,
    /// The portal's procedure type.
    pub kind: String,
    /// The portal's result code.
    pub result_code: String,
    /// The portal's page.
    pub source_url: String,
    /// When this version was recorded (UTC).
    pub recorded_at: DateTime<Utc>,
    /// After a supplement, the deadline clock resumes with the time left (`resume`) or
    /// restarts from zero once the dossier is complete (`restart`).
    pub supplement_rule: PauseRule,
}

/// The stored token of a supplement rule.
pub(super) fn rule_token(rule: PauseRule) -> String {
    match rule {
        PauseRule::Resume => "resume",
        PauseRule::Restart => "restart",
    }
    .to_owned()
}

/// One version in full; `field_name` is its field's name, which the row does not carry.
pub(super) fn to_out(row: &VersionRow, field_name: String) -> Result<ProcedureOut, Error> {
    let details = row.details().map_err(Error::internal)?;
    Ok(ProcedureOut {
        code: row.procedure_code.clone(),
        version: row.version_no,
        effective_from: row.effective_from,
        effective_to: row.effective_to,
        name: row.name.clone(),
        field: FieldRef {
            code: row.field_code.clone(),
            name: field_name,
        },
        tiers: tokens(&row.tiers, Tier::from_token),
        channels: tokens(&row.channels, Channel::from_token),
        documents: details.documents,
        documents_raw: details.documents_raw,
        document_problems: details.document_problems,
        processing_time: processing_time(row.time_amount, row.time_unit.as_deref()),
        time_status: TimeStatus::from_token(&row.time_status).unwrap_or_default(),
        channel_terms: details.channel_terms,
        time_text: details.time_text,
        fees: details.fees,
        fee_text: details.fee_text,
        result: details.result,
        legal_basis: details.legal_basis,
        conditions: details.conditions,
        legacy_level: row.legacy_level,
        online_level: row
            .online_level
            .as_deref()
            .and_then(OnlineLevel::from_token),
        published: row.published,
        decision_no: details.decision_no,
        issuing_body: details.issuing_body,
        competent_authority: details.competent_authority,
        implementing_agency: details.implementing_agency,
        subjects: details.subjects,
        kind: details.kind,
        result_code: details.result_code,
        source_url: details.source_url,
        recorded_at: details.recorded_at.unwrap_or_default().and_utc(),
        supplement_rule: if row.supplement_rule == "restart" {
            PauseRule::Restart
        } else {
            PauseRule::Resume
        },
    })
}

/// Each row's summary as JSON.
pub fn summaries_json(rows: &[ListedRow]) -> Result<Vec<String>, Error> {
    rows.iter()
        .map(|r| serde_json::to_string(&ProcedureSummary::from(r)).map_err(Error::internal))
        .collect()
}
