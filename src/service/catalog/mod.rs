//! The catalog: procedures, fields, search over today's catalog, import and export.
//!
//! Every catalog write bumps the catalog's generation in the database, which other servers
//! watch; [`write()`] also invalidates this server's snapshot, so its own writes show at once.

pub mod cache;
pub mod export;
pub mod fields;
pub mod import;
pub mod procedures;
pub mod search;
pub mod views;

use crate::db::DbConnection;
use crate::error::Error;
use crate::state::{AppState, db};

/// Runs a catalog write (one of this module's operations) with a pooled connection, then
/// makes this server's snapshot check the database before its next answer.
///
/// The snapshot is invalidated after a failure too: a refused write changed nothing, so the
/// check only costs one query, while a missed one would hide a write for up to
/// [`cache::CHECK_EVERY`].
pub async fn write<T, F>(state: &AppState, f: F) -> Result<T, Error>
where
    F: FnOnce(&mut DbConnection) -> Result<T, Error> + Send + 'static,
    T: Send + 'static,
{
    let result = db(state, f).await;
    state.catalog.invalidate();
    result
}
