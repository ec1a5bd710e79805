//! The procedures most often received in the last 90 days, for the home page.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::state::{AppState, db};

/// How far back "lately" goes.
pub const DAYS: i64 = 90;
/// How long an answer is kept.
const KEEP: Duration = Duration::from_secs(300);

/// One procedure of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Popular {
    /// National code.
    pub code: String,
    /// Name (today's version).
    pub name: String,
    /// Field name.
    pub field_name: String,
    /// Applications received in the period.
    pub received: i64,
}

pub(crate) struct Kept {
    at: Instant,
    limit: i64,
    list: Arc<Vec<Popular>>,
}

/// The `limit` procedures most received in the last [`DAYS`] days that are in today's
/// published catalog, most received first.
pub async fn most_received(state: &AppState, limit: i64) -> Result<Arc<Vec<Popular>>, Error> {
    if let Ok(kept) = state.site.popular.lock()
        && let Some(kept) = kept.as_ref()
        && kept.limit == limit
        && kept.at.elapsed() < KEEP
    {
        return Ok(kept.list.clone());
    }
    let since = crate::db::now() - chrono::Duration::days(DAYS);
    // More than asked: some may have left the catalog since.
    let counted = db(state, move |conn| {
        Ok(crate::db::site::most_received(conn, since, limit * 2)?)
    })
    .await?;
    let snapshot = state.catalog.get(state).await?;
    let list: Vec<Popular> = counted
        .into_iter()
        .filter_map(|(code, received)| {
            let at = snapshot
                .rows
                .binary_search_by(|r| r.code.as_str().cmp(&code))
                .ok()?;
            let row = snapshot.rows.get(at).filter(|r| r.published)?;
            Some(Popular {
                code,
                name: row.name.clone(),
                field_name: row.field_name.clone(),
                received,
            })
        })
        .take(usize::try_from(limit).unwrap_or(0))
        .collect();
    let list = Arc::new(list);
    if let Ok(mut kept) = state.site.popular.lock() {
        *kept = Some(Kept {
            at: Instant::now(),
            limit,
            list: list.clone(),
        });
    }
    Ok(list)
}
