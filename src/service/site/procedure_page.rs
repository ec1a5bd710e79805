//! A procedure's public page: its version in force and the offices that receive it, kept
//! with the catalog snapshot they were read under.
//!
//! The page is the public's second most frequent request after search, and everything on it
//! changes only with the catalog, the offices or the units, whose writes all move the
//! catalog's generation (`catalog_generation`). So a page read once is kept until the
//! snapshot's generation or date moves; the site face keeps its rendered body beside it, once
//! per language. At most [`MAX_KEPT`] pages are kept; past that the memory starts over.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;

use super::offices::{self, ReceivingOffice};
use crate::domain::procedure::ProcedureCode;
use crate::error::{Code, Error};
use crate::i18n::Lang;
use crate::service::catalog::cache::CachedAnswer;
use crate::service::catalog::procedures;
use crate::service::catalog::views::ProcedureOut;
use crate::state::{AppState, db};

/// How many procedures' pages are kept at once.
pub const MAX_KEPT: usize = 512;

/// What a procedure's page shows.
pub struct ProcedurePage {
    /// The version in force today.
    pub procedure: ProcedureOut,
    /// The open offices that receive it today, by name.
    pub receiving: Vec<ReceivingOffice>,
    rendered: [OnceLock<String>; 2],
    documents: [OnceLock<CachedAnswer>; 2],
}

impl ProcedurePage {
    /// The page's body in `lang`, rendered by `render` the first time it is asked for.
    pub fn rendered(&self, lang: Lang, render: impl FnOnce(&Self) -> String) -> &str {
        let slot = match lang {
            Lang::Vi => &self.rendered[0],
            Lang::En => &self.rendered[1],
        };
        slot.get_or_init(|| render(self))
    }

    /// The whole document in `lang` for a request without a query string (the same for
    /// every such request: no form, no language chosen by the address), made by `render`
    /// the first time and gzipped once when a client takes gzip.
    pub fn document(&self, lang: Lang, render: impl FnOnce() -> String) -> CachedAnswer {
        let slot = match lang {
            Lang::Vi => &self.documents[0],
            Lang::En => &self.documents[1],
        };
        slot.get_or_init(|| CachedAnswer::new(render())).clone()
    }
}

/// The pages kept for one snapshot.
pub struct Kept {
    generation: i64,
    date: NaiveDate,
    pages: HashMap<String, Arc<ProcedurePage>>,
}

fn kept(state: &AppState, stamp: (i64, NaiveDate), code: &str) -> Option<Arc<ProcedurePage>> {
    let guard = state.site.procedures.lock().ok()?;
    let kept = guard.as_ref()?;
    ((kept.generation, kept.date) == stamp)
        .then(|| kept.pages.get(code).cloned())
        .flatten()
}

fn keep(state: &AppState, stamp: (i64, NaiveDate), code: &str, page: Arc<ProcedurePage>) {
    let Ok(mut guard) = state.site.procedures.lock() else {
        return;
    };
    let fresh = guard
        .as_ref()
        .is_none_or(|k| (k.generation, k.date) != stamp || k.pages.len() >= MAX_KEPT);
    if fresh {
        *guard = Some(Kept {
            generation: stamp.0,
            date: stamp.1,
            pages: HashMap::new(),
        });
    }
    if let Some(kept) = guard.as_mut() {
        kept.pages.insert(code.to_owned(), page);
    }
}

/// A published procedure's page today: 404 `procedure_not_found` for a code with no
/// published version in force.
pub async fn procedure_page(
    state: &AppState,
    code: ProcedureCode,
) -> Result<Arc<ProcedurePage>, Error> {
    let snapshot = state.catalog.get(state).await?;
    let stamp = (snapshot.generation(), snapshot.date());
    if let Some(page) = kept(state, stamp, code.as_str()) {
        return Ok(page);
    }
    let today = snapshot.date();
    let key = code.as_str().to_owned();
    let page = db(state, move |conn| {
        let (procedure, _) = procedures::get(conn, &code, today)?;
        if !procedure.published {
            return Err(Error::NotFound(Code::ProcedureNotFound));
        }
        let receiving = offices::receiving(conn, &procedure.code, &procedure.channels, today)?;
        Ok(ProcedurePage {
            procedure,
            receiving,
            rendered: [OnceLock::new(), OnceLock::new()],
            documents: [OnceLock::new(), OnceLock::new()],
        })
    })
    .await?;
    let page = Arc::new(page);
    keep(state, stamp, &key, page.clone());
    Ok(page)
}
