//! Search over the catalog: filters, ranking, and the listing's pages, answered from today's
//! snapshot when possible and from the database otherwise.

use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use super::cache::CachedAnswer;
use super::views::summaries_json;
use crate::db::procedures::{self, CatalogFilter, ListedRow};
use crate::db::{DbConnection, offices};
use crate::domain::procedure::{Channel, OnlineLevel, ProcedureCode, Tier};
use crate::domain::search::{self as engine, Hit, SearchIndex, Synonyms};
use crate::domain::text;
use crate::error::Error;
use crate::service::pagination::{bad_cursor, decode_cursor, encode_cursor};
use crate::state::{AppState, db};

/// Which page of the listing to answer.
#[derive(Debug, Clone)]
pub struct PageRequest {
    /// Items per page (already capped).
    pub limit: usize,
    /// The `next_cursor` of the previous page, as the client sent it.
    pub cursor: Option<String>,
}

impl PageRequest {
    /// The sort key the cursor carries.
    fn after(&self) -> Result<Option<String>, Error> {
        self.cursor.as_deref().map(decode_cursor).transpose()
    }
}

/// A listing page as JSON.
pub enum Listing {
    /// An answer about today's catalog, kept with the snapshot for repeats (and gzip).
    Kept(CachedAnswer),
    /// An answer about another date or one office, built for this request only.
    Built(String),
}

/// Searches the catalog and answers one page.
///
/// `raw` is the query string: a repeat of a search of today's catalog is answered from the
/// snapshot without parsing it; otherwise `parse` reads the filters and the page from it.
pub async fn list(
    state: &AppState,
    raw: &str,
    parse: impl FnOnce(&str) -> Result<(CatalogQuery, PageRequest), Error>,
) -> Result<Listing, Error> {
    let snapshot = state.catalog.get(state).await?;
    if let Some(answer) = snapshot.answer(raw) {
        return Ok(Listing::Kept(answer));
    }
    let (query, page) = parse(raw)?;
    let (filter, rank) = query.filter();
    let office = query.office.clone();
    if query.as_of.is_none_or(|d| d == snapshot.date()) && office.is_none() {
        // The first page needs only its names' exact scores (see `SearchIndex::hits`).
        let best = page.cursor.is_none().then_some(page.limit);
        let keyed = snapshot.search(&filter, rank.as_deref(), best);
        let answer = CachedAnswer::new(page_body(&snapshot.rows, &snapshot.json, keyed, &page)?);
        snapshot.remember(raw, answer.clone());
        return Ok(Listing::Kept(answer));
    }
    // Another date, or one office's procedures: from the database, ranked without priors
    // when an office is named (all it receives is filed there).
    let priors = office.is_none();
    let rows = db(state, move |conn| matching(conn, filter, office)).await?;
    let json = summaries_json(&rows)?;
    let keyed = ranked(&rows, rank.as_deref(), priors, state.catalog.synonyms());
    Ok(Listing::Built(page_body(&rows, &json, keyed, &page)?))
}

/// Catalog filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogQuery {
    /// Search text, accent- and case-insensitive (`dang ky khai sinh` finds `Đăng ký khai
    /// sinh`); a procedure code finds that procedure. Every word is optional but counts;
    /// typos, the start of the last word and common phrasing (`so do`, `doc than`) are
    /// understood. Better matches come first; without `office`, procedures citizens file
    /// (at the commune, received often) before ministry-internal ones.
    #[param(example = "dang ky khai sinh")]
    pub q: Option<String>,
    /// Field code.
    #[param(example = "ho-tich")]
    pub field: Option<String>,
    /// Implementing tier.
    pub tier: Option<Tier>,
    /// Accepted channel.
    pub channel: Option<Channel>,
    /// Legacy online level, 1–4 (another number is 400 `invalid_query`).
    #[param(minimum = 1, maximum = 4)]
    #[serde(default, deserialize_with = "legacy_level")]
    pub legacy_level: Option<i32>,
    /// Current online level.
    pub online_level: Option<OnlineLevel>,
    /// `true` (default): published procedures; `false`: those not (yet) published.
    pub published: Option<bool>,
    /// Only procedures this office receives on `as_of` (agency code).
    #[param(example = "H56.14")]
    pub office: Option<String>,
    /// The date whose versions to show (default: today).
    pub as_of: Option<NaiveDate>,
}

/// Reads `legacy_level`, refusing a level outside 1–4 (Decree 43/2011 has four).
fn legacy_level<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i32>, D::Error> {
    let level = <i32 as serde::Deserialize>::deserialize(deserializer)?;
    if (1..=4).contains(&level) {
        Ok(Some(level))
    } else {
        Err(serde::de::Error::custom(format!(
            "must be from 1 to 4, not {level}"
        )))
    }
}

impl CatalogQuery {
    /// The database filter, and the folded query for ranking (`None` without words).
    pub(super) fn filter(&self) -> (CatalogFilter, Option<String>) {
        let q = self.q.as_deref().map(str::trim).unwrap_or_default();
        let code = ProcedureCode::parse(q).map(|c| c.to_string());
        let folded = if code.is_some() {
            String::new()
        } else {
            text::fold(q)
        };
        // Every word is optional: the search index ranks, the filter does not narrow by words.
        let rank = (!text::words_of_folded(&folded).is_empty()).then_some(folded);
        let filter = CatalogFilter {
            as_of: self.as_of,
            words: Vec::new(),
            code,
            field: self.field.clone(),
            tier: self.tier.map(|t| t.as_str().to_owned()),
            channel: self.channel.map(|c| c.as_str().to_owned()),
            legacy_level: self.legacy_level,
            online_level: self.online_level.map(|l| l.as_str().to_owned()),
            // The public catalog lists what is published unless asked otherwise.
            published: Some(self.published.unwrap_or(true)),
            codes: None,
        };
        (filter, rank)
    }
}

/// The catalog rows a filter matches, narrowed to an office's procedures when one is named.
pub(super) fn matching(
    conn: &mut DbConnection,
    mut filter: CatalogFilter,
    office: Option<String>,
) -> Result<Vec<ListedRow>, Error> {
    if let Some(office) = office {
        let id = offices::find_id_by_code(conn, &office)?.ok_or_else(|| {
            Error::field(
                "office",
                "exists",
                "không có bộ phận nào mang mã này",
                "no office has this code",
            )
        })?;
        let on = filter.as_of.unwrap_or_else(crate::domain::today);
        filter.codes = Some(offices::available_codes(conn, &id, on)?);
    }
    Ok(procedures::list(conn, &filter)?)
}

/// Matches in list order: best first when searching (by the hits' scores, then code), else
/// the candidates by code. Each item is `(inverted rank, row index)`; the pair with the code
/// is the sort key the cursor carries.
pub(super) fn ordered(
    rows: &[ListedRow],
    candidates: impl IntoIterator<Item = usize>,
    hits: Option<&[Hit]>,
) -> Vec<(u32, usize)> {
    let mut keyed: Vec<(u32, usize)> = match hits {
        Some(hits) => hits
            .iter()
            .map(|h| (inverted_rank(h.score), h.doc as usize))
            .collect(),
        None => candidates.into_iter().map(|i| (0, i)).collect(),
    };
    keyed.sort_unstable_by(|a, b| (a.0, &rows[a.1].code).cmp(&(b.0, &rows[b.1].code)));
    keyed
}

/// A score as the first half of the list order's key (its [`engine::rank`], which the cursor
/// carries): better scores, smaller numbers.
pub(super) fn inverted_rank(score: f32) -> u32 {
    engine::MAX_RANK - engine::rank(score)
}

/// Rows already filtered, in list order: searched with an index built for them when there
/// is a query (with the tiers' priors when `priors`), else by code.
pub(super) fn ranked(
    rows: &[ListedRow],
    query: Option<&str>,
    priors: bool,
    synonyms: std::sync::Arc<Synonyms>,
) -> Vec<(u32, usize)> {
    match query {
        None => ordered(rows, 0..rows.len(), None),
        Some(q) => {
            let index = SearchIndex::build(
                rows.iter().map(|r| {
                    let prior = if priors {
                        engine::prior(&r.tiers, false, 0, 0)
                    } else {
                        0.0
                    };
                    (r.name.as_str(), prior)
                }),
                synonyms,
            );
            let hits = index.search(q, priors, |_| true);
            ordered(rows, std::iter::empty(), Some(&hits))
        }
    }
}

fn cursor_key(inverted: u32, code: &str) -> String {
    format!("{inverted:06}:{code}")
}

/// The listing body, built from each row's pre-serialised summary: `{items, next_cursor, total}`.
///
/// `keyed` holds every match with its inverted rank, in any order: the page is the first
/// `limit` after the cursor in list order (inverted rank, then code), picked without
/// ordering the rest.
fn page_body(
    rows: &[ListedRow],
    json: &[String],
    mut keyed: Vec<(u32, usize)>,
    page: &PageRequest,
) -> Result<String, Error> {
    let limit = page.limit;
    let total = keyed.len();
    if let Some(after) = page.after()? {
        let (inverted, code) = after
            .split_once(':')
            .and_then(|(n, c)| n.parse::<u32>().ok().map(|n| (n, c)))
            .ok_or_else(bad_cursor)?;
        keyed.retain(|(n, i)| (*n, rows[*i].code.as_str()) > (inverted, code));
    }
    let more = keyed.len() > limit;
    let order = |a: &(u32, usize), b: &(u32, usize)| {
        (a.0, rows[a.1].code.as_str()).cmp(&(b.0, rows[b.1].code.as_str()))
    };
    if more {
        if limit == 0 {
            keyed.clear();
        } else {
            keyed.select_nth_unstable_by(limit - 1, order);
            keyed.truncate(limit);
        }
    }
    keyed.sort_unstable_by(order);
    let mut body = String::with_capacity(64 + keyed.len() * 400);
    body.push_str("{\"items\":[");
    for (n, (_, i)) in keyed.iter().enumerate() {
        if n > 0 {
            body.push(',');
        }
        body.push_str(&json[*i]);
    }
    body.push_str("],\"next_cursor\":");
    match keyed.last().filter(|_| more) {
        Some((n, i)) => {
            body.push('"');
            body.push_str(&encode_cursor(&cursor_key(*n, &rows[*i].code)));
            body.push('"');
        }
        None => body.push_str("null"),
    }
    body.push_str(",\"total\":");
    body.push_str(&total.to_string());
    body.push('}');
    Ok(body)
}
