//! The demo district, shaped like a real reform bulletin: "21/21 commune desks opened (18/18
//! after the merger), 100% of procedures published, 365 procedures: 102 at level 2, 101 at
//! level 3, 159 at level 4".
//!
//! Province 98 (invented) holds one district, 980 Huyện An Lạc, with 21 communes, each with a
//! modern reception desk opened during 2019. On 2020-02-01 three pairs of communes merge (recorded
//! through the same code path as `POST /units/reorganizations`), leaving 18; the merged-away
//! communes' desks close and each merged commune opens its own. The district has a public
//! administration centre and a processing agency (its departments). The 365 procedures are
//! invented but named like real ones; `--catalog` puts the national portal's export in their
//! place through the import code path.
//!
//! One file per topic; everything public is re-exported here: this file holds the codes and
//! the key dates and [`ensure`]; `catalog` the invented procedures and what the desks receive;
//! `communes` the units and their merger; `desks` the offices and what each receives; `build`
//! the building of it all in one transaction; `place` the district read back for the
//! generator.

mod build;
mod catalog;
mod communes;
mod desks;
mod place;

use chrono::{Duration, NaiveDate, NaiveDateTime};

use anyhow::bail;

use crate::db::{DbConnection, offices, write_transaction};
use crate::import::procedures::{Format, ImportReport, import, read};

use build::build;
use catalog::{create_procedures, offered};

pub use place::{Desk, DistrictProcedure, Place, load};

/// The province's code; no real unit uses it.
pub const PROVINCE: &str = "98";
/// The district's code (GSO style, three digits; no real district uses it).
pub const DISTRICT: &str = "980";
/// The district's name.
pub const DISTRICT_NAME: &str = "An Lạc";
/// The processing agency's agency code (the district's departments).
pub const AGENCY: &str = "P98.00";
/// The district public administration centre's agency code.
pub const CENTER: &str = "T98.00";
/// How many communes the district had before the merger.
pub const COMMUNES: usize = 21;
/// How many invented procedures the district provides.
pub const PROCEDURES: usize = 365;

/// The agency code of commune desk `i` (0-based): 0–20 are the original communes' desks,
/// 21–23 the merged communes'.
pub fn desk_code(i: usize) -> String {
    format!("B98.{:02}", i + 1)
}

/// The GSO-style code of commune `i` (0-based; 21–23 are the merged communes).
pub fn commune_code(i: usize) -> String {
    format!("98{:03}", i + 1)
}

/// The code of invented procedure `i` (0-based).
pub fn procedure_code(i: usize) -> String {
    format!("1.98{i:04}")
}

/// The first day of the merged communes.
pub fn merged_on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 2, 1).unwrap_or_default()
}

/// When the records begin: units and procedure versions are valid from this day.
fn since() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 1, 1).unwrap_or_default()
}

/// The day the district centre opened.
fn center_opened() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 10, 1).unwrap_or_default()
}

/// The day commune `i`'s desk opened: one after another from March to November 2019.
fn desk_opened(i: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 3, 1).unwrap_or_default() + Duration::days(13 * i as i64)
}

/// Builds the district into an empty database, unless it is there already. With `catalog`
/// (the portal's CSV export), its procedures are imported and received instead of the invented
/// ones; the import's summary is returned.
pub fn ensure(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    catalog: Option<&[u8]>,
) -> anyhow::Result<Option<ImportReport>> {
    if offices::find_id_by_code(conn, AGENCY)?.is_some() {
        if catalog.is_some() {
            bail!("the demo district exists already: --catalog only applies to an empty database");
        }
        return Ok(None);
    }
    let report = match catalog {
        Some(bytes) => {
            let rows = read(bytes, Format::Csv)?;
            Some(import(conn, rows, since(), false, |_| {})?)
        }
        None => {
            create_procedures(conn, now)?;
            None
        }
    };
    let offered = offered(conn)?;
    write_transaction(conn, |conn| build(conn, now, &offered))?;
    Ok(report)
}
