//! The catalog in memory, for search at the speed of `/healthz`.
//!
//! A snapshot holds today's versions and a search index over their folded names, with each
//! procedure's prior (its tiers, the offices receiving it, its applications of the last
//! [`RECENT_DAYS`] days, counted once a day). Every catalog
//! write bumps a counter in the database (`catalog_generation`); a server checks the counter
//! at most once per [`CHECK_EVERY`] and rebuilds when it moved or the date changed, so several
//! servers converge within that interval. A server's own writes invalidate its snapshot at once.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::{Duration, Instant};

use bytes::Bytes;
use chrono::NaiveDate;

use crate::db::catalog_usage;
use crate::db::procedures::{self, CatalogFilter, ListedRow};
use crate::domain::search::{SearchIndex, Synonyms};
use crate::error::Error;
use crate::state::{AppState, db};

/// How stale another server's catalog changes may be seen.
pub const CHECK_EVERY: Duration = Duration::from_secs(1);

/// The applications of how many days count towards a procedure's prior.
pub const RECENT_DAYS: u64 = 90;

/// How much each procedure is used, counted once a day.
#[derive(Debug, Default)]
pub struct Usage {
    /// Offices receiving each procedure today, by code.
    pub offices: HashMap<String, u64>,
    /// Applications of the last [`RECENT_DAYS`] days, by code.
    pub received: HashMap<String, u64>,
}

/// What the search reads of a version's details.
#[derive(serde::Deserialize)]
struct Subjects {
    #[serde(default)]
    subjects: String,
}

/// The procedures in force on `on` whose subjects name citizens.
fn citizens_file(
    conn: &mut crate::db::DbConnection,
    on: NaiveDate,
) -> Result<HashSet<String>, Error> {
    Ok(catalog_usage::details_in_force(conn, on)?
        .into_iter()
        .filter(|(_, details)| {
            serde_json::from_str::<Subjects>(details)
                .is_ok_and(|d| crate::domain::search::for_citizens(&d.subjects))
        })
        .map(|(code, _)| code)
        .collect())
}

impl Usage {
    fn load(conn: &mut crate::db::DbConnection, today: NaiveDate) -> Result<Self, Error> {
        let since = today
            .checked_sub_days(chrono::Days::new(RECENT_DAYS))
            .unwrap_or(today)
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default();
        let count = |rows: Vec<(String, i64)>| {
            rows.into_iter()
                .map(|(code, n)| (code, u64::try_from(n).unwrap_or(0)))
                .collect()
        };
        Ok(Self {
            offices: count(catalog_usage::offices_receiving(conn, today)?),
            received: count(catalog_usage::applications_since(conn, since)?),
        })
    }

    /// A row's prior (see [`crate::domain::search::prior`]), `citizens` holding the codes
    /// of the procedures citizens file.
    pub fn prior(&self, row: &ListedRow, citizens: &HashSet<String>) -> f32 {
        crate::domain::search::prior(
            &row.tiers,
            citizens.contains(&row.code),
            self.offices.get(&row.code).copied().unwrap_or(0),
            self.received.get(&row.code).copied().unwrap_or(0),
        )
    }
}

/// How many bytes of listing answers a snapshot keeps (plain bodies; gzip adds about a fifth).
pub const MAX_CACHED_BYTES: usize = 16 * 1024 * 1024;

/// A listing answer kept for repeat requests; compressed the first time a client asks for
/// gzip, so one-off searches never pay for compression.
#[derive(Clone)]
pub struct CachedAnswer(Arc<Answer>);

struct Answer {
    plain: Bytes,
    gzip: OnceLock<Option<Bytes>>,
}

impl CachedAnswer {
    /// Keeps a JSON body.
    pub fn new(plain: String) -> Self {
        Self(Arc::new(Answer {
            plain: Bytes::from(plain),
            gzip: OnceLock::new(),
        }))
    }

    /// The JSON body.
    pub fn plain(&self) -> Bytes {
        self.0.plain.clone()
    }

    /// The body gzip-compressed (computed once); `None` if compression failed.
    fn gzip(&self) -> Option<Bytes> {
        self.0
            .gzip
            .get_or_init(|| {
                use std::io::Write;
                let mut encoder =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                encoder.write_all(&self.0.plain).ok()?;
                encoder.finish().ok().map(Bytes::from)
            })
            .clone()
    }

    /// The gzipped body, compressed on the blocking pool the first time a client asks for it,
    /// so that no request thread spends its time compressing.
    pub async fn gzipped(&self) -> Option<Bytes> {
        if let Some(done) = self.0.gzip.get() {
            return done.clone();
        }
        let answer = self.clone();
        tokio::task::spawn_blocking(move || answer.gzip())
            .await
            .ok()
            .flatten()
    }
}

/// Today's catalog and its search index.
pub struct Snapshot {
    generation: i64,
    date: NaiveDate,
    /// Today's versions, by code.
    pub rows: Vec<ListedRow>,
    /// Each row's summary, serialised once.
    pub json: Vec<String>,
    /// Each row's `published`, side by side for the filter most searches carry.
    published: Vec<bool>,
    index: SearchIndex,
    /// Answers to listing requests already made against this snapshot, by query string.
    answers: RwLock<Answers>,
}

#[derive(Default)]
struct Answers {
    by_query: HashMap<String, CachedAnswer>,
    bytes: usize,
}

impl Snapshot {
    fn build(
        generation: i64,
        date: NaiveDate,
        rows: Vec<ListedRow>,
        usage: &Usage,
        citizens: &HashSet<String>,
        synonyms: Arc<Synonyms>,
    ) -> Result<Self, Error> {
        let index = SearchIndex::build(
            rows.iter()
                .map(|r| (r.name.as_str(), usage.prior(r, citizens))),
            synonyms,
        );
        let json = super::views::summaries_json(&rows)?;
        let published = rows.iter().map(|r| r.published).collect();
        Ok(Self {
            generation,
            date,
            rows,
            json,
            published,
            index,
            answers: RwLock::new(Answers::default()),
        })
    }

    /// The date whose versions it holds.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The catalog's generation it was built from (catalog, office and unit writes move it).
    pub fn generation(&self) -> i64 {
        self.generation
    }

    /// The answer already given to this query string.
    pub fn answer(&self, query: &str) -> Option<CachedAnswer> {
        self.answers.read().ok()?.by_query.get(query).cloned()
    }

    /// Keeps an answer for repeats; past [`MAX_CACHED_BYTES`] the cache starts over, which
    /// bounds its memory whatever clients ask.
    pub fn remember(&self, query: &str, answer: CachedAnswer) {
        let size = answer.0.plain.len() + query.len();
        if let Ok(mut answers) = self.answers.write() {
            if answers.bytes + size > MAX_CACHED_BYTES {
                answers.by_query.clear();
                answers.bytes = 0;
            }
            if answers.by_query.insert(query.to_owned(), answer).is_none() {
                answers.bytes += size;
            }
        }
    }

    /// The rows a filter and a folded query match, in no particular order, each with its
    /// inverted rank (see [`super::search::ordered`]); the page picks and orders its own.
    /// Filters mean what the database query means (`db::procedures::list`); the query ranks
    /// with the procedures' priors. With `best: Some(n)` the ranks are exact for the `n`
    /// first in list order and may be lower for the others (see [`SearchIndex::hits`]).
    pub fn search(
        &self,
        filter: &CatalogFilter,
        query: Option<&str>,
        best: Option<usize>,
    ) -> Vec<(u32, usize)> {
        // The public search filters on `published` alone: read from the side list.
        let only_published = filter.code.is_none()
            && filter.field.is_none()
            && filter.tier.is_none()
            && filter.channel.is_none()
            && filter.legacy_level.is_none()
            && filter.online_level.is_none()
            && filter.codes.is_none();
        let keep = |i: usize| {
            if only_published {
                filter
                    .published
                    .is_none_or(|p| self.published.get(i) == Some(&p))
            } else {
                self.rows.get(i).is_some_and(|row| matches(filter, row))
            }
        };
        match query {
            None => (0..self.rows.len())
                .filter(|&i| keep(i))
                .map(|i| (0, i))
                .collect(),
            Some(q) => self
                .index
                .hits(q, true, keep, best)
                .iter()
                .map(|h| (super::search::inverted_rank(h.score), h.doc as usize))
                .collect(),
        }
    }
}

/// Whether a row passes a filter's conditions other than its words, with the meaning of the
/// database query (`db::procedures::list`).
fn matches(filter: &CatalogFilter, row: &ListedRow) -> bool {
    let has = |list: &str, token: &str| list.split(',').any(|t| t == token);
    filter.code.as_ref().is_none_or(|c| &row.code == c)
        && filter.field.as_ref().is_none_or(|f| &row.field_code == f)
        && filter.tier.as_ref().is_none_or(|t| has(&row.tiers, t))
        && filter
            .channel
            .as_ref()
            .is_none_or(|c| has(&row.channels, c))
        && filter
            .legacy_level
            .is_none_or(|l| row.legacy_level == Some(l))
        && filter
            .online_level
            .as_ref()
            .is_none_or(|l| row.online_level.as_ref() == Some(l))
        && filter.published.is_none_or(|p| row.published == p)
        && filter
            .codes
            .as_ref()
            .is_none_or(|codes| codes.contains(&row.code))
}

/// The shared snapshot and when it was last checked.
pub struct CatalogCache {
    current: RwLock<Option<Arc<Snapshot>>>,
    /// Milliseconds since `epoch` of the last check against the database.
    checked_ms: AtomicU64,
    epoch: Instant,
    dirty: AtomicBool,
    /// One refresh at a time: the others use the snapshot they have, or wait for the first.
    refreshing: tokio::sync::Mutex<()>,
    /// The synonym list search reads.
    synonyms: Arc<Synonyms>,
    /// The usage counted today.
    usage: RwLock<Option<(NaiveDate, Arc<Usage>)>>,
}

impl Default for CatalogCache {
    fn default() -> Self {
        Self {
            current: RwLock::new(None),
            checked_ms: AtomicU64::new(0),
            epoch: Instant::now(),
            // Nothing checked yet.
            dirty: AtomicBool::new(true),
            refreshing: tokio::sync::Mutex::new(()),
            synonyms: Arc::new(Synonyms::shipped()),
            usage: RwLock::new(None),
        }
    }
}

impl CatalogCache {
    /// A cache whose search reads this synonym list.
    pub fn with_synonyms(synonyms: Synonyms) -> Self {
        Self {
            synonyms: Arc::new(synonyms),
            ..Self::default()
        }
    }

    /// The synonym list search reads.
    pub fn synonyms(&self) -> Arc<Synonyms> {
        self.synonyms.clone()
    }

    /// Forces a check before the next read (after this server changed the catalog).
    pub fn invalidate(&self) {
        self.dirty.store(true, Ordering::SeqCst);
    }

    fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn cached(&self) -> Option<Arc<Snapshot>> {
        self.current.read().ok().and_then(|c| c.clone())
    }

    fn usable(&self, today: NaiveDate) -> Option<Arc<Snapshot>> {
        let cached = self.cached()?;
        let fresh_enough = self
            .elapsed_ms()
            .saturating_sub(self.checked_ms.load(Ordering::Relaxed))
            < u64::try_from(CHECK_EVERY.as_millis()).unwrap_or(u64::MAX);
        (cached.date == today && fresh_enough && !self.dirty.load(Ordering::SeqCst))
            .then_some(cached)
    }

    /// Today's snapshot, checked against the database when due.
    pub async fn get(&self, state: &AppState) -> Result<Arc<Snapshot>, Error> {
        let today = crate::domain::today();
        if let Some(snapshot) = self.usable(today) {
            return Ok(snapshot);
        }
        let _guard = match self.refreshing.try_lock() {
            Ok(guard) => guard,
            Err(_) => match self
                .cached()
                .filter(|s| s.date == today && !self.dirty.load(Ordering::SeqCst))
            {
                // Someone is refreshing a snapshot that is only due for a check: this request
                // may use it. After a write here, it waits for the fresh one.
                Some(snapshot) => return Ok(snapshot),
                None => self.refreshing.lock().await,
            },
        };
        // The refresh this request waited for may have done the work.
        if let Some(snapshot) = self.usable(today) {
            return Ok(snapshot);
        }
        self.dirty.store(false, Ordering::SeqCst);
        let cached = self.cached();
        let known = cached
            .as_ref()
            .filter(|s| s.date == today)
            .map(|s| s.generation);
        let counted = self
            .usage
            .read()
            .ok()
            .and_then(|u| u.clone())
            .filter(|(day, _)| *day == today)
            .map(|(_, usage)| usage);
        let synonyms = self.synonyms.clone();
        let rebuilt = db(state, move |conn| {
            let generation = procedures::generation(conn)?;
            if known == Some(generation) {
                return Ok(None);
            }
            let filter = CatalogFilter {
                as_of: Some(today),
                ..CatalogFilter::default()
            };
            let rows = procedures::list(conn, &filter)?;
            let usage = match counted {
                Some(usage) => usage,
                None => Arc::new(Usage::load(conn, today)?),
            };
            // Subjects change with the catalog: read with each snapshot.
            let citizens = citizens_file(conn, today)?;
            Snapshot::build(generation, today, rows, &usage, &citizens, synonyms)
                .map(|s| Some((s, usage)))
        })
        .await
        .inspect_err(|_| self.dirty.store(true, Ordering::SeqCst))?;
        self.checked_ms.store(self.elapsed_ms(), Ordering::Relaxed);
        match (rebuilt, cached) {
            (Some((snapshot, usage)), _) => {
                if let Ok(mut counted) = self.usage.write() {
                    *counted = Some((today, usage));
                }
                let snapshot = Arc::new(snapshot);
                if let Ok(mut current) = self.current.write() {
                    *current = Some(snapshot.clone());
                }
                Ok(snapshot)
            }
            (None, Some(cached)) => Ok(cached),
            (None, None) => Err(Error::internal(anyhow::anyhow!("catalog snapshot missing"))),
        }
    }
}
