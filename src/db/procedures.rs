//! Procedures and their versions. A change never overwrites: it adds a version with an
//! effective date and closes the previous one the day before.

use chrono::{Days, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{catalog_generation, fields, procedure_versions as pv, procedures};
use serde::{Deserialize, Serialize};

use crate::domain::procedure::{ChannelTerms, Document, Fee, ProcedureDraft, TableProblem};

/// One stored version.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = pv)]
pub struct VersionRow {
    pub procedure_code: String,
    pub version_no: i32,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
    pub name: String,
    pub name_folded: String,
    pub field_code: String,
    pub tiers: String,
    pub channels: String,
    pub time_amount: Option<f64>,
    pub time_unit: Option<String>,
    pub legacy_level: Option<i32>,
    pub online_level: Option<String>,
    pub published: bool,
    pub content_hash: String,
    /// [`Details`] as JSON.
    pub details: String,
    /// After a supplement the clock `resume`s with the time left or `restart`s from zero.
    pub supplement_rule: String,
    /// How sure the time is (`TimeStatus` token).
    pub time_status: String,
}

/// The descriptive content of a version, stored as one JSON column.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Details {
    pub documents: Vec<Document>,
    pub time_text: String,
    pub fees: Vec<Fee>,
    pub fee_text: String,
    pub result: String,
    pub legal_basis: String,
    pub conditions: String,
    pub decision_no: String,
    pub issuing_body: String,
    pub competent_authority: String,
    pub implementing_agency: String,
    pub subjects: String,
    pub kind: String,
    pub result_code: String,
    pub source_url: String,
    /// Each channel's time and fees.
    pub channel_terms: Vec<ChannelTerms>,
    /// The portal's documents table as it came.
    pub documents_raw: String,
    /// What its reading found amiss.
    pub document_problems: Vec<TableProblem>,
    /// When the version was recorded (UTC).
    pub recorded_at: Option<NaiveDateTime>,
}

fn join_tokens<T: ToString>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

impl VersionRow {
    /// The row for a draft as version `version_no`, effective from `effective_from`.
    pub fn from_draft(
        draft: &ProcedureDraft,
        version_no: i32,
        effective_from: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<Self, serde_json::Error> {
        let details = Details {
            documents: draft.documents.clone(),
            time_text: draft.time_text.clone(),
            fees: draft.fees.clone(),
            fee_text: draft.fee_text.clone(),
            result: draft.result.clone(),
            legal_basis: draft.legal_basis.clone(),
            conditions: draft.conditions.clone(),
            decision_no: draft.decision_no.clone(),
            issuing_body: draft.issuing_body.clone(),
            competent_authority: draft.competent_authority.clone(),
            implementing_agency: draft.implementing_agency.clone(),
            subjects: draft.subjects.clone(),
            kind: draft.kind.clone(),
            result_code: draft.result_code.clone(),
            source_url: draft.source_url.clone(),
            channel_terms: draft.channel_terms.clone(),
            documents_raw: draft.documents_raw.clone(),
            document_problems: draft.document_problems.clone(),
            recorded_at: Some(now),
        };
        Ok(Self {
            procedure_code: draft.code.to_string(),
            version_no,
            effective_from,
            effective_to: None,
            name: draft.name.clone(),
            name_folded: crate::domain::text::fold(&draft.name),
            field_code: draft.field_code.clone(),
            tiers: join_tokens(&draft.tiers),
            channels: join_tokens(&draft.channels),
            time_amount: draft.processing_time.as_ref().map(|t| t.amount),
            time_unit: draft
                .processing_time
                .as_ref()
                .and_then(|t| t.unit)
                .map(|u| u.as_str().to_owned()),
            legacy_level: draft.legacy_level.map(i32::from),
            online_level: draft.online_level.map(|l| l.as_str().to_owned()),
            published: draft.published,
            content_hash: draft.content_hash(),
            details: serde_json::to_string(&details)?,
            supplement_rule: "resume".to_owned(),
            time_status: draft.time_status.as_str().to_owned(),
        })
    }

    /// The descriptive content.
    pub fn details(&self) -> Result<Details, serde_json::Error> {
        serde_json::from_str(&self.details)
    }

    /// When the version was recorded.
    fn recorded_at(&self) -> NaiveDateTime {
        self.details()
            .ok()
            .and_then(|d| d.recorded_at)
            .unwrap_or_default()
    }
}

/// The newest version of a procedure (whatever its effective date).
pub fn latest(conn: &mut DbConnection, code: &str) -> QueryResult<Option<VersionRow>> {
    procedures::table
        .inner_join(
            pv::table.on(pv::procedure_code
                .eq(procedures::code)
                .and(pv::version_no.eq(procedures::latest_version))),
        )
        .filter(procedures::code.eq(code))
        .select(VersionRow::as_select())
        .get_result(conn)
        .optional()
}

/// The version in force on a date.
pub fn in_force(
    conn: &mut DbConnection,
    code: &str,
    on: NaiveDate,
) -> QueryResult<Option<VersionRow>> {
    pv::table
        .filter(pv::procedure_code.eq(code))
        .filter(pv::effective_from.le(on))
        .filter(pv::effective_to.is_null().or(pv::effective_to.ge(on)))
        .select(VersionRow::as_select())
        .get_result(conn)
        .optional()
}

/// Every version of a procedure, oldest first.
pub fn versions(conn: &mut DbConnection, code: &str) -> QueryResult<Vec<VersionRow>> {
    pv::table
        .filter(pv::procedure_code.eq(code))
        .order(pv::version_no.asc())
        .select(VersionRow::as_select())
        .load(conn)
}

/// Stores the first version of a new procedure.
pub fn create(conn: &mut DbConnection, row: &VersionRow) -> QueryResult<()> {
    diesel::insert_into(procedures::table)
        .values((
            procedures::code.eq(&row.procedure_code),
            procedures::latest_version.eq(row.version_no),
            procedures::created_at.eq(row.recorded_at()),
            procedures::updated_at.eq(row.recorded_at()),
        ))
        .execute(conn)?;
    diesel::insert_into(pv::table).values(row).execute(conn)?;
    bump_generation(conn)
}

/// Adds a version after `previous`, closing `previous` the day before the new one starts.
/// Returns false when `previous` is no longer the latest (a concurrent change won).
pub fn add_version(
    conn: &mut DbConnection,
    previous: &VersionRow,
    row: &VersionRow,
) -> QueryResult<bool> {
    let moved = diesel::update(procedures::table)
        .filter(procedures::code.eq(&row.procedure_code))
        .filter(procedures::latest_version.eq(previous.version_no))
        .set((
            procedures::latest_version.eq(row.version_no),
            procedures::updated_at.eq(row.recorded_at()),
        ))
        .execute(conn)?;
    if moved != 1 {
        return Ok(false);
    }
    let day_before = row
        .effective_from
        .checked_sub_days(Days::new(1))
        .unwrap_or(row.effective_from);
    diesel::update(pv::table)
        .filter(pv::procedure_code.eq(&previous.procedure_code))
        .filter(pv::version_no.eq(previous.version_no))
        .set(pv::effective_to.eq(day_before))
        .execute(conn)?;
    diesel::insert_into(pv::table).values(row).execute(conn)?;
    bump_generation(conn)?;
    Ok(true)
}

/// What a catalog listing filters on.
#[derive(Debug, Clone, Default)]
pub struct CatalogFilter {
    /// The date whose versions count.
    pub as_of: Option<NaiveDate>,
    /// Folded words that must all appear in the name.
    pub words: Vec<String>,
    /// A procedure code the query names exactly.
    pub code: Option<String>,
    /// Field code.
    pub field: Option<String>,
    /// Tier token.
    pub tier: Option<String>,
    /// Channel token.
    pub channel: Option<String>,
    /// Legacy level.
    pub legacy_level: Option<i32>,
    /// Online level token.
    pub online_level: Option<String>,
    /// Published or not.
    pub published: Option<bool>,
    /// Only these codes (an office's procedures).
    pub codes: Option<Vec<String>>,
}

/// A catalog entry as listed: the version in force and its field's name.
#[derive(Debug, Clone, Queryable)]
pub struct ListedRow {
    pub code: String,
    pub version_no: i32,
    pub name: String,
    pub name_folded: String,
    pub field_code: String,
    pub field_name: String,
    pub tiers: String,
    pub channels: String,
    pub time_amount: Option<f64>,
    pub time_unit: Option<String>,
    pub legacy_level: Option<i32>,
    pub online_level: Option<String>,
    pub published: bool,
    pub time_status: String,
}

/// The versions in force on the filter's date that match it, in code order.
pub fn list(conn: &mut DbConnection, filter: &CatalogFilter) -> QueryResult<Vec<ListedRow>> {
    let on = filter.as_of.unwrap_or_else(crate::domain::today);
    let mut query = pv::table
        .inner_join(fields::table)
        .filter(pv::effective_from.le(on))
        .filter(pv::effective_to.is_null().or(pv::effective_to.ge(on)))
        .select((
            pv::procedure_code,
            pv::version_no,
            pv::name,
            pv::name_folded,
            pv::field_code,
            fields::name,
            pv::tiers,
            pv::channels,
            pv::time_amount,
            pv::time_unit,
            pv::legacy_level,
            pv::online_level,
            pv::published,
            pv::time_status,
        ))
        .order(pv::procedure_code.asc())
        .into_boxed();
    if let Some(code) = &filter.code {
        query = query.filter(pv::procedure_code.eq(code.clone()));
    }
    // Folded words hold letters and digits only: no LIKE wildcard can slip in, and the
    // folded column is lowercase, so both backends' LIKE case rules agree.
    for word in &filter.words {
        query = query.filter(pv::name_folded.like(format!("%{word}%")));
    }
    if let Some(field) = &filter.field {
        query = query.filter(pv::field_code.eq(field.clone()));
    }
    if let Some(tier) = &filter.tier {
        query = query.filter(pv::tiers.like(format!("%{tier}%")));
    }
    if let Some(channel) = &filter.channel {
        query = query.filter(pv::channels.like(format!("%{channel}%")));
    }
    if let Some(level) = filter.legacy_level {
        query = query.filter(pv::legacy_level.eq(level));
    }
    if let Some(level) = &filter.online_level {
        query = query.filter(pv::online_level.eq(level.clone()));
    }
    if let Some(published) = filter.published {
        query = query.filter(pv::published.eq(published));
    }
    if let Some(codes) = &filter.codes {
        query = query.filter(pv::procedure_code.eq_any(codes.clone()));
    }

    query.load(conn)
}

/// The latest versions whose time status is one of `statuses`, in code order.
pub fn by_time_status(
    conn: &mut DbConnection,
    statuses: &[&str],
) -> QueryResult<Vec<(VersionRow, String)>> {
    procedures::table
        .inner_join(
            pv::table.on(pv::procedure_code
                .eq(procedures::code)
                .and(pv::version_no.eq(procedures::latest_version))),
        )
        .inner_join(fields::table.on(fields::code.eq(pv::field_code)))
        .filter(pv::time_status.eq_any(statuses))
        .order(pv::procedure_code.asc())
        .select((VersionRow::as_select(), fields::name))
        .load(conn)
}

/// The versions in force on `on` of these procedures, with their fields' names, in the order
/// of `codes`.
pub fn in_force_many(
    conn: &mut DbConnection,
    codes: &[String],
    on: NaiveDate,
) -> QueryResult<Vec<(VersionRow, String)>> {
    let mut found = std::collections::HashMap::with_capacity(codes.len());
    for chunk in codes.chunks(1000) {
        let rows: Vec<(VersionRow, String)> = pv::table
            .inner_join(fields::table)
            .filter(pv::procedure_code.eq_any(chunk))
            .filter(pv::effective_from.le(on))
            .filter(pv::effective_to.is_null().or(pv::effective_to.ge(on)))
            .select((VersionRow::as_select(), fields::name))
            .load(conn)?;
        found.extend(
            rows.into_iter()
                .map(|(v, f)| (v.procedure_code.clone(), (v, f))),
        );
    }
    Ok(codes.iter().filter_map(|c| found.remove(c)).collect())
}

/// Marks the catalog changed (in the caller's transaction).
pub fn bump_generation(conn: &mut DbConnection) -> QueryResult<()> {
    diesel::update(catalog_generation::table)
        .set(catalog_generation::generation.eq(catalog_generation::generation + 1))
        .execute(conn)
        .map(drop)
}

/// The catalog's change counter.
pub fn generation(conn: &mut DbConnection) -> QueryResult<i64> {
    catalog_generation::table
        .select(catalog_generation::generation)
        .get_result(conn)
}
