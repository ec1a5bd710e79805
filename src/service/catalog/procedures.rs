//! Procedures: one version or all, and the admin's creates and new versions.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::views::{ProcedureOut, rule_token, to_out};
use crate::db::procedures::{self, VersionRow};
use crate::db::{self as store, DbConnection, fields, write_transaction};
use crate::domain::calendar::PauseRule;
use crate::domain::procedure::{
    Channel, ChannelTerms, Document, Fee, OnlineLevel, ProcedureCode, ProcedureDraft,
    ProcessingTime, Tier, TimeStatus, assume_unit,
};
use crate::error::{Code, Error};
use crate::service::idempotency::{Created, Keyed, create_once};
use crate::service::version::Expected;

/// A procedure code from a path; one that breaks the national pattern names no procedure.
pub fn parse_code(raw: &str) -> Result<ProcedureCode, Error> {
    ProcedureCode::parse(raw).ok_or(Error::NotFound(Code::ProcedureNotFound))
}

fn field_name(conn: &mut DbConnection, code: &str) -> Result<String, Error> {
    Ok(fields::find(conn, code)?
        .map(|f| f.name)
        .unwrap_or_default())
}

/// The version of `code` in force on `on`, and the latest version's number (for `If-Match`).
pub fn get(
    conn: &mut DbConnection,
    code: &ProcedureCode,
    on: NaiveDate,
) -> Result<(ProcedureOut, i32), Error> {
    let row = procedures::in_force(conn, code.as_str(), on)?
        .ok_or(Error::NotFound(Code::ProcedureNotFound))?;
    let latest = procedures::latest(conn, code.as_str())?.map_or(row.version_no, |l| l.version_no);
    let name = field_name(conn, &row.field_code)?;
    Ok((to_out(&row, name)?, latest))
}

/// Every version of `code`, oldest first.
pub fn versions(conn: &mut DbConnection, code: &ProcedureCode) -> Result<Vec<ProcedureOut>, Error> {
    let rows = procedures::versions(conn, code.as_str())?;
    if rows.is_empty() {
        return Err(Error::NotFound(Code::ProcedureNotFound));
    }
    rows.iter()
        .map(|row| {
            let name = field_name(conn, &row.field_code)?;
            to_out(row, name)
        })
        .collect()
}

fn valid_pieces(documents: &[Document]) -> Result<(), validator::ValidationError> {
    let most = crate::domain::procedure::MAX_PIECES;
    if documents
        .iter()
        .all(|d| d.originals <= most && d.copies <= most)
    {
        Ok(())
    } else {
        Err(crate::validation::rule(
            "range",
            "số bản chính và bản sao của mỗi giấy tờ phải từ 0 đến 99",
            "each document's originals and copies must be between 0 and 99",
        ))
    }
}

fn valid_level(level: i32) -> Result<(), validator::ValidationError> {
    if (1..=4).contains(&level) {
        Ok(())
    } else {
        Err(crate::validation::rule(
            "range",
            "phải từ 1 đến 4",
            "must be between 1 and 4",
        ))
    }
}

/// The content of a procedure version, as an administrator writes it.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcedureIn {
    /// National code (`^[1-9]\.\d{6}$`); on `PUT`, must match the path when given.
    #[schema(example = "1.001193", pattern = r"^[1-9]\.\d{6}$")]
    pub code: Option<String>,
    /// Name.
    #[validate(length(min = 1, max = 2000))]
    #[schema(example = "Thủ tục đăng ký khai sinh")]
    pub name: String,
    /// An existing field's code.
    #[validate(length(min = 1, max = 64))]
    #[schema(example = "ho-tich")]
    pub field_code: String,
    /// Implementing tiers.
    #[serde(default)]
    pub tiers: Vec<Tier>,
    /// Accepted channels.
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// Required documents.
    #[serde(default)]
    #[validate(custom(function = "valid_pieces"))]
    pub documents: Vec<Document>,
    /// Processing time, or `null` for none.
    pub processing_time: Option<ProcessingTime>,
    /// Fees (`[]` when none).
    #[serde(default)]
    pub fees: Vec<Fee>,
    /// Time and fees of each channel where they differ (`[]`: the procedure's apply to all).
    #[serde(default)]
    pub channel_terms: Vec<ChannelTerms>,
    /// What the applicant gets.
    #[serde(default)]
    pub result: String,
    /// Legal basis.
    #[serde(default)]
    pub legal_basis: String,
    /// Conditions.
    #[serde(default)]
    pub conditions: String,
    /// Legacy online level 1–4.
    #[validate(custom(function = "valid_level"))]
    #[schema(minimum = 1, maximum = 4)]
    pub legacy_level: Option<i32>,
    /// Current online level.
    pub online_level: Option<OnlineLevel>,
    /// Listed publicly and posted at the desks.
    #[serde(default)]
    pub published: bool,
    /// Announcing decision.
    #[serde(default)]
    pub decision_no: String,
    /// Issuing body.
    #[serde(default)]
    pub issuing_body: String,
    /// Competent authority.
    #[serde(default)]
    pub competent_authority: String,
    /// Implementing agency.
    #[serde(default)]
    pub implementing_agency: String,
    /// Who may apply.
    #[serde(default)]
    pub subjects: String,
    /// First day in force (default: today).
    pub effective_from: Option<NaiveDate>,
    /// On `PUT`, the version being replaced, when `If-Match` is not sent.
    pub version: Option<i32>,
    /// After a supplement, the clock `resume`s with the time left (the default) or
    /// `restart`s from zero; on `PUT`, absent keeps the latest version's rule.
    #[serde(default)]
    pub supplement_rule: Option<PauseRule>,
}

impl ProcedureIn {
    /// The draft of a version of `code`, checking what the validator cannot.
    fn into_draft(self, code: ProcedureCode, field_name: String) -> Result<ProcedureDraft, Error> {
        if let Some(t) = &self.processing_time
            && !(t.amount.is_finite() && t.amount >= 0.0)
        {
            return Err(Error::field(
                "processing_time.amount",
                "range",
                "phải là số không âm",
                "must be a non-negative number",
            ));
        }
        let time_text = self
            .processing_time
            .as_ref()
            .map(|t| {
                format!("{} {}", t.amount, t.unit.map_or("", |u| u.as_str()))
                    .trim()
                    .to_owned()
            })
            .unwrap_or_default();
        for (i, terms) in self.channel_terms.iter().enumerate() {
            if let Some(t) = &terms.processing_time
                && !(t.amount.is_finite() && t.amount >= 0.0)
            {
                return Err(Error::field(
                    &format!("channel_terms[{i}].processing_time.amount"),
                    "range",
                    "phải là số không âm",
                    "must be a non-negative number",
                ));
            }
        }
        let (processing_time, assumed) = assume_unit(self.processing_time);
        let mut channel_terms = self.channel_terms;
        let mut any_assumed = assumed;
        for terms in &mut channel_terms {
            let (time, assumed) = assume_unit(terms.processing_time.take());
            terms.processing_time = time;
            terms.time_assumed = assumed;
            any_assumed |= assumed;
        }
        let timed = |t: Option<&ProcessingTime>| t.is_some_and(|t| t.amount > 0.0);
        let time_status = if !timed(processing_time.as_ref())
            && !channel_terms
                .iter()
                .any(|t| timed(t.processing_time.as_ref()))
        {
            TimeStatus::Unknown
        } else if any_assumed {
            TimeStatus::UnitAssumed
        } else {
            TimeStatus::Stated
        };
        let fee_text = self
            .fees
            .iter()
            .map(|f| f.note.as_str())
            .collect::<Vec<_>>()
            .join(";");
        Ok(ProcedureDraft {
            code,
            name: self.name.trim().to_owned(),
            field_code: self.field_code,
            field_name,
            tiers: self.tiers,
            channels: self.channels,
            documents: self.documents,
            processing_time,
            time_text,
            fees: self.fees,
            fee_text,
            result: self.result,
            legal_basis: self.legal_basis,
            conditions: self.conditions,
            legacy_level: self.legacy_level.and_then(|l| u8::try_from(l).ok()),
            online_level: self.online_level,
            published: self.published,
            decision_no: self.decision_no,
            issuing_body: self.issuing_body,
            competent_authority: self.competent_authority,
            implementing_agency: self.implementing_agency,
            subjects: self.subjects,
            kind: String::new(),
            result_code: String::new(),
            source_url: String::new(),
            channel_terms,
            time_status,
            documents_raw: String::new(),
            document_problems: Vec::new(),
        })
    }
}

fn known_field(conn: &mut DbConnection, code: &str) -> Result<String, Error> {
    fields::find(conn, code)?.map(|f| f.name).ok_or_else(|| {
        Error::field(
            "field_code",
            "exists",
            "không có lĩnh vực mang mã này",
            "no field has this code",
        )
    })
}

/// Creates procedure `code` with its first version, inside the caller's write transaction
/// (the one that also keeps the answer for retries of the request).
pub fn create_in(
    conn: &mut DbConnection,
    code: ProcedureCode,
    input: ProcedureIn,
) -> Result<ProcedureOut, Error> {
    let name = known_field(conn, &input.field_code)?;
    let effective_from = input.effective_from.unwrap_or_else(crate::domain::today);
    let rule = input.supplement_rule;
    let draft = input.into_draft(code.clone(), name.clone())?;
    if procedures::latest(conn, code.as_str())?.is_some() {
        return Err(Error::conflict(Code::ProcedureExists));
    }
    let mut row =
        VersionRow::from_draft(&draft, 1, effective_from, store::now()).map_err(Error::internal)?;
    row.supplement_rule = rule_token(rule.unwrap_or(PauseRule::Resume));
    procedures::create(conn, &row)?;
    to_out(&row, name)
}

/// Publishes a new version of `code` in its own write transaction. `expected` is the latest
/// version's number as the caller knows it; `stale` makes the error for a caller who is
/// behind, given the current number (how the caller named the version decides its status).
pub fn update(
    conn: &mut DbConnection,
    code: ProcedureCode,
    input: ProcedureIn,
    expected: Expected,
) -> Result<ProcedureOut, Error> {
    write_transaction(conn, |conn| {
        let latest = procedures::latest(conn, code.as_str())?
            .ok_or(Error::NotFound(Code::ProcedureNotFound))?;
        if i64::from(latest.version_no) != expected.version() {
            return Err(expected.stale(i64::from(latest.version_no)));
        }
        let name = known_field(conn, &input.field_code)?;
        let effective_from = input.effective_from.unwrap_or_else(crate::domain::today);
        if effective_from < latest.effective_from {
            return Err(Error::field(
                "effective_from",
                "not_before_latest",
                "không được sớm hơn ngày hiệu lực của phiên bản mới nhất",
                "cannot be before the latest version's effective date",
            ));
        }
        let rule = input.supplement_rule;
        let mut draft = input.into_draft(code.clone(), name.clone())?;
        // What only the portal supplies stays as the latest version had it.
        let previous = latest.details().map_err(Error::internal)?;
        draft.kind = previous.kind;
        draft.result_code = previous.result_code;
        draft.source_url = previous.source_url;
        let mut row =
            VersionRow::from_draft(&draft, latest.version_no + 1, effective_from, store::now())
                .map_err(Error::internal)?;
        row.supplement_rule = match rule {
            Some(rule) => rule_token(rule),
            None => latest.supplement_rule.clone(),
        };
        if !procedures::add_version(conn, &latest, &row)? {
            return Err(expected.stale(i64::from(latest.version_no) + 1));
        }
        to_out(&row, name)
    })
}

/// Creates a procedure once: a retry of the same keyed request gets the first answer.
pub fn create(
    conn: &mut DbConnection,
    keyed: &Keyed,
    code: ProcedureCode,
    input: ProcedureIn,
) -> Result<Created, Error> {
    create_once(conn, keyed, |conn| {
        let location = format!("/api/v1/procedures/{code}");
        let out = create_in(conn, code, input)?;
        Ok(Created::new(
            serde_json::to_value(out).map_err(Error::internal)?,
            location,
        ))
    })
}

/// A stored version as the draft it was made from (what an import compares against).
fn draft_of(row: &VersionRow, field_name: String) -> Result<ProcedureDraft, Error> {
    use crate::domain::procedure::TimeUnit;
    let details = row.details().map_err(Error::internal)?;
    let code = ProcedureCode::parse(&row.procedure_code)
        .ok_or_else(|| Error::internal(anyhow::anyhow!("stored code {}", row.procedure_code)))?;
    let tokens = |text: &str| {
        text.split(',')
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    Ok(ProcedureDraft {
        code,
        name: row.name.clone(),
        field_code: row.field_code.clone(),
        field_name,
        tiers: tokens(&row.tiers)
            .iter()
            .filter_map(|t| Tier::from_token(t))
            .collect(),
        channels: tokens(&row.channels)
            .iter()
            .filter_map(|t| Channel::from_token(t))
            .collect(),
        documents: details.documents,
        processing_time: row.time_amount.map(|amount| ProcessingTime {
            amount,
            unit: row.time_unit.as_deref().and_then(TimeUnit::from_token),
        }),
        time_text: details.time_text,
        fees: details.fees,
        fee_text: details.fee_text,
        result: details.result,
        legal_basis: details.legal_basis,
        conditions: details.conditions,
        legacy_level: row.legacy_level.and_then(|l| u8::try_from(l).ok()),
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
        channel_terms: details.channel_terms,
        time_status: TimeStatus::from_token(&row.time_status).unwrap_or_default(),
        documents_raw: details.documents_raw,
        document_problems: details.document_problems,
    })
}

/// An administrator's confirmation of an assumed time unit.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmTimeIn {
    /// The unit the bare numbers are in: `working_days` confirms the assumption; another unit
    /// corrects it.
    pub unit: crate::domain::procedure::TimeUnit,
    /// First day the confirmed version is in force (default: today, or the latest version's
    /// first day when that is later).
    pub effective_from: Option<NaiveDate>,
    /// The latest version, when `If-Match` is not sent.
    pub version: Option<i32>,
}

/// Confirms (or corrects) the unit of a procedure's bare-number times: a new version whose
/// assumed times carry `unit`, marked `confirmed`; a later import of the same bare numbers keeps
/// it. Only a procedure whose latest version is `unit_assumed` can be confirmed.
pub fn confirm_time(
    conn: &mut DbConnection,
    code: ProcedureCode,
    input: ConfirmTimeIn,
    expected: Expected,
) -> Result<ProcedureOut, Error> {
    write_transaction(conn, |conn| {
        let latest = procedures::latest(conn, code.as_str())?
            .ok_or(Error::NotFound(Code::ProcedureNotFound))?;
        if i64::from(latest.version_no) != expected.version() {
            return Err(expected.stale(i64::from(latest.version_no)));
        }
        if latest.time_status != TimeStatus::UnitAssumed.as_str() {
            return Err(Error::field(
                "unit",
                "not_assumed",
                "thời hạn của thủ tục này không phải đơn vị giả định",
                "this procedure's time unit is not assumed",
            ));
        }
        let name = field_name(conn, &latest.field_code)?;
        let mut draft = draft_of(&latest, name.clone())?;
        // The procedure's own time was assumed when any channel's was, or when it came bare.
        if let Some(time) = &mut draft.processing_time {
            let bare_main = draft.channel_terms.is_empty()
                || draft.channel_terms.iter().any(|t| {
                    t.time_assumed
                        && t.processing_time.as_ref().map(|p| p.amount) == Some(time.amount)
                });
            if bare_main {
                time.unit = Some(input.unit);
            }
        }
        for terms in &mut draft.channel_terms {
            if terms.time_assumed {
                if let Some(time) = &mut terms.processing_time {
                    time.unit = Some(input.unit);
                }
                terms.time_assumed = false;
            }
        }
        draft.time_status = TimeStatus::Confirmed;
        let effective_from = input
            .effective_from
            .unwrap_or_else(crate::domain::today)
            .max(latest.effective_from);
        let mut row =
            VersionRow::from_draft(&draft, latest.version_no + 1, effective_from, store::now())
                .map_err(Error::internal)?;
        row.supplement_rule = latest.supplement_rule.clone();
        if !procedures::add_version(conn, &latest, &row)? {
            return Err(expected.stale(i64::from(latest.version_no) + 1));
        }
        to_out(&row, name)
    })
}

/// A procedure whose time needs an administrator, as the review list shows it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TimeReviewItem {
    /// National code.
    #[schema(example = "1.001193")]
    pub code: String,
    /// The latest version (send it back as `If-Match` to confirm).
    pub version: i32,
    /// Name.
    pub name: String,
    /// Field name.
    pub field_name: String,
    /// `unit_assumed` or `unknown`.
    pub time_status: TimeStatus,
    /// The time as the catalog now takes it.
    pub processing_time: Option<ProcessingTime>,
    /// The source wording.
    pub time_text: String,
    /// Each channel's time and fees.
    pub channel_terms: Vec<ChannelTerms>,
}

/// The procedures whose time unit was assumed (`unit_assumed`) or whose time is unknown
/// (`unknown`), by their latest version, in code order.
pub fn time_review(
    conn: &mut DbConnection,
    statuses: &[TimeStatus],
) -> Result<Vec<TimeReviewItem>, Error> {
    use crate::domain::procedure::TimeUnit;
    let tokens: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    procedures::by_time_status(conn, &tokens)?
        .into_iter()
        .map(|(row, field_name)| {
            let details = row.details().map_err(Error::internal)?;
            Ok(TimeReviewItem {
                code: row.procedure_code.clone(),
                version: row.version_no,
                name: row.name.clone(),
                field_name,
                time_status: TimeStatus::from_token(&row.time_status).unwrap_or_default(),
                processing_time: row.time_amount.map(|amount| ProcessingTime {
                    amount,
                    unit: row.time_unit.as_deref().and_then(TimeUnit::from_token),
                }),
                time_text: details.time_text,
                channel_terms: details.channel_terms,
            })
        })
        .collect()
}
