//! What the public site's pages ask that the API has no operation for: the procedures most
//! often received lately, the public service statistics, and the offices that receive a
//! procedure. No personal data leaves here.

pub mod offices;
pub mod popular;
pub mod procedure_page;
pub mod statistics;

/// The site's answers kept in memory for a few minutes (they change slowly and cost a
/// scan of the period's applications).
#[derive(Default)]
pub struct SiteCache {
    pub(crate) popular: std::sync::Mutex<Option<popular::Kept>>,
    pub(crate) statistics: std::sync::Mutex<Option<statistics::Kept>>,
    /// Procedures' pages, kept per catalog snapshot.
    pub(crate) procedures: std::sync::Mutex<Option<procedure_page::Kept>>,
}
