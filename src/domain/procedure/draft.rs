//! A procedure draft: everything one version of a procedure says, and the field code made
//! from a field's name.

use serde::Serialize;

use super::{
    Channel, ChannelTerms, Document, Fee, OnlineLevel, ProcedureCode, ProcessingTime, TableProblem,
    Tier, TimeStatus,
};

/// Everything one version of a procedure says: what an import row or an admin's edit yields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcedureDraft {
    /// National code.
    pub code: ProcedureCode,
    /// Name.
    pub name: String,
    /// Field code (a slug of the field's name when the source has none).
    pub field_code: String,
    /// Field name.
    pub field_name: String,
    /// Implementing tiers.
    pub tiers: Vec<Tier>,
    /// Accepted channels.
    pub channels: Vec<Channel>,
    /// Required documents.
    pub documents: Vec<Document>,
    /// Processing time, if any.
    pub processing_time: Option<ProcessingTime>,
    /// The source wording of the time.
    pub time_text: String,
    /// Fees.
    pub fees: Vec<Fee>,
    /// The source wording of the fees.
    pub fee_text: String,
    /// What the applicant gets.
    pub result: String,
    /// Legal basis.
    pub legal_basis: String,
    /// Conditions.
    pub conditions: String,
    /// Legacy online level (Decree 43/2011), 1–4.
    pub legacy_level: Option<u8>,
    /// Current online level (Decree 42/2022).
    pub online_level: Option<OnlineLevel>,
    /// Listed publicly and posted at the desks.
    pub published: bool,
    /// The announcing decision (quyết định công bố).
    pub decision_no: String,
    /// The body that issued the decision.
    pub issuing_body: String,
    /// The authority competent to decide.
    pub competent_authority: String,
    /// The agency that carries it out.
    pub implementing_agency: String,
    /// Who may apply.
    pub subjects: String,
    /// The portal's procedure type.
    pub kind: String,
    /// The portal's result code.
    pub result_code: String,
    /// Where the portal shows it (attribution).
    pub source_url: String,
    /// Time and fees of each channel, as the portal states them (a channel may have several
    /// entries, for different cases; the first with a time is the channel's).
    pub channel_terms: Vec<ChannelTerms>,
    /// Whether the processing time's unit was stated, assumed or confirmed, or the time is
    /// unknown.
    pub time_status: TimeStatus,
    /// The portal's required-documents table as it came, beside the documents read from it.
    pub documents_raw: String,
    /// What the reading of that table found amiss (empty: parsed cleanly).
    pub document_problems: Vec<TableProblem>,
}

impl ProcedureDraft {
    /// A digest of the content, so an unchanged re-import is recognised.
    pub fn content_hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let json = serde_json::to_string(self).unwrap_or_default();
        hex::encode(Sha256::digest(json.as_bytes()))
    }
}

/// A field code from its name: the folded name with hyphens (`Đất đai` → `dat-dai`).
pub fn field_code_for(name: &str) -> String {
    crate::domain::text::fold(name).replace(' ', "-")
}
