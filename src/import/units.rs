//! The GSO unit lists before and after the 2025 reform, and the merge table between them,
//! into one effective-dated tree. Keyed on codes, never on names (the sources place tone marks
//! differently). Re-importing changes nothing.
//!
//! Layout of the data folder (as published in `shared/data`):
//! `vn-admin-units/pre2025/{provinces,districts,wards}.csv` (valid until 2025-06-30),
//! `vn-admin-units/2026/{provinces,wards}.csv` (from 2025-07-01),
//! `vn-admin-mapping-2025/{province_merges,ward_merges}.csv` (old → new, full or partial).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::db::units::{self, LinkRow, ReorganizationRow, UnitRow};
use crate::db::{self as store, DbConnection, write_transaction};
use crate::domain::text::fold;

/// The last day of the three-tier tree.
pub fn old_until() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default()
}

/// The first day of the two-tier tree.
pub fn new_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default()
}

/// The title the 2025 reform is recorded under.
pub const REFORM_TITLE: &str = "Sắp xếp đơn vị hành chính 2025 (Nghị quyết 60-NQ/TW; Nghị quyết 202/2025/QH15; các nghị quyết 1654–1687/NQ-UBTVQH15)";

#[derive(Debug, Deserialize)]
struct ListedUnit {
    code: String,
    #[serde(default)]
    province_code: String,
    #[serde(default)]
    district_code: String,
    name: String,
    full_name: String,
    administrative_unit: String,
}

#[derive(Debug, Deserialize)]
struct ProvinceMerge {
    new_province_code: String,
    old_province_code: String,
    merge_type: String,
}

#[derive(Debug, Deserialize)]
struct WardMerge {
    new_ward_code: String,
    old_code: String,
    old_level: String,
    merge_type: String,
}

/// What a unit import did.
#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct UnitImportReport {
    /// Units in the files, by list.
    pub listed: HashMap<String, usize>,
    /// Units written.
    pub created: usize,
    /// Units already there.
    pub unchanged: usize,
    /// Links written.
    pub links_created: usize,
    /// Links already there.
    pub links_unchanged: usize,
    /// Links whose old or new code is in neither list (the merge table and the lists come
    /// from different sources), with the reason.
    pub links_skipped: Vec<String>,
}

/// Import failures.
#[derive(Debug, thiserror::Error)]
pub enum UnitImportError {
    /// A file is missing or unreadable.
    #[error("{path}: {source}")]
    File {
        /// Which file.
        path: String,
        /// Why.
        #[source]
        source: csv::Error,
    },
    /// The database failed.
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

fn read<T: for<'de> Deserialize<'de>>(
    dir: &Path,
    relative: &str,
) -> Result<Vec<T>, UnitImportError> {
    let path = dir.join(relative);
    let wrap = |source| UnitImportError::File {
        path: path.display().to_string(),
        source,
    };
    let mut reader = csv::Reader::from_path(&path).map_err(wrap)?;
    reader
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(wrap)
}

/// Imports the lists and the merge table found under `data` (the `shared/data` folder).
/// `progress` is told `(done, total)` as units and links are written.
pub fn import(
    conn: &mut DbConnection,
    data: &Path,
    mut progress: impl FnMut(u64, u64),
) -> Result<UnitImportReport, UnitImportError> {
    let old_provinces: Vec<ListedUnit> = read(data, "vn-admin-units/pre2025/provinces.csv")?;
    let old_districts: Vec<ListedUnit> = read(data, "vn-admin-units/pre2025/districts.csv")?;
    let old_wards: Vec<ListedUnit> = read(data, "vn-admin-units/pre2025/wards.csv")?;
    let new_provinces: Vec<ListedUnit> = read(data, "vn-admin-units/2026/provinces.csv")?;
    let new_wards: Vec<ListedUnit> = read(data, "vn-admin-units/2026/wards.csv")?;
    let province_merges: Vec<ProvinceMerge> =
        read(data, "vn-admin-mapping-2025/province_merges.csv")?;
    let ward_merges: Vec<WardMerge> = read(data, "vn-admin-mapping-2025/ward_merges.csv")?;

    let mut report = UnitImportReport::default();
    for (name, list) in [
        ("provinces_until_2025_06_30", &old_provinces),
        ("districts_until_2025_06_30", &old_districts),
        ("communes_until_2025_06_30", &old_wards),
        ("provinces_from_2025_07_01", &new_provinces),
        ("communes_from_2025_07_01", &new_wards),
    ] {
        report.listed.insert(name.to_owned(), list.len());
    }

    let now = store::now();
    let (old_to, new_start) = (old_until(), new_from());
    let make = |u: &ListedUnit,
                level: &str,
                parent: &str,
                from: Option<NaiveDate>,
                to: Option<NaiveDate>| UnitRow {
        id: uuid::Uuid::new_v4().to_string(),
        code: u.code.trim().to_owned(),
        name: u.name.trim().to_owned(),
        full_name: u.full_name.trim().to_owned(),
        name_folded: fold(&u.full_name),
        level: level.to_owned(),
        kind: u.administrative_unit.trim().to_owned(),
        parent_code: Some(parent.trim().to_owned()).filter(|p| !p.is_empty()),
        valid_from: from,
        valid_to: to,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let mut wanted: Vec<UnitRow> = Vec::new();
    wanted.extend(
        old_provinces
            .iter()
            .map(|u| make(u, "province", "", None, Some(old_to))),
    );
    wanted.extend(
        old_districts
            .iter()
            .map(|u| make(u, "district", &u.province_code, None, Some(old_to))),
    );
    wanted.extend(
        old_wards
            .iter()
            .map(|u| make(u, "commune", &u.district_code, None, Some(old_to))),
    );
    wanted.extend(
        new_provinces
            .iter()
            .map(|u| make(u, "province", "", Some(new_start), None)),
    );
    wanted.extend(
        new_wards
            .iter()
            .map(|u| make(u, "commune", &u.province_code, Some(new_start), None)),
    );

    write_transaction(conn, |conn| {
        // Units are keyed by (level, code, first day): codes are reused across the reform.
        let mut ids: HashMap<(String, String, Option<NaiveDate>), String> = units::all(conn)?
            .into_iter()
            .map(|u| ((u.level, u.code, u.valid_from), u.id))
            .collect();
        let mut fresh = Vec::new();
        for row in wanted {
            let key = (row.level.clone(), row.code.clone(), row.valid_from);
            match ids.entry(key) {
                std::collections::hash_map::Entry::Occupied(_) => report.unchanged += 1,
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(row.id.clone());
                    fresh.push(row);
                }
            }
        }
        report.created = fresh.len();
        let total = (fresh.len() + province_merges.len() + ward_merges.len()) as u64;
        let mut done = 0u64;
        for chunk in fresh.chunks(1000) {
            units::insert_many(conn, chunk)?;
            done += chunk.len() as u64;
            progress(done, total);
        }

        let reform = match units::find_reorganization(conn, REFORM_TITLE, new_start)? {
            Some(r) => r,
            None => {
                let r = ReorganizationRow {
                    id: uuid::Uuid::new_v4().to_string(),
                    kind: "reform".into(),
                    effective_on: new_start,
                    title: REFORM_TITLE.into(),
                    created_at: now,
                };
                units::insert_reorganization(conn, &r)?;
                r
            }
        };
        let existing: HashSet<(String, String)> = units::all_links(conn)?
            .into_iter()
            .map(|l| (l.predecessor_id, l.successor_id))
            .collect();
        let mut links = Vec::new();
        let mut seen = HashSet::new();
        let mut link = |old: (&str, &str),
                        new: (&str, &str),
                        succession: &str,
                        report: &mut UnitImportReport| {
            let old_id = ids.get(&(old.0.to_owned(), old.1.trim().to_owned(), None));
            let new_id = ids.get(&(new.0.to_owned(), new.1.trim().to_owned(), Some(new_start)));
            let (Some(old_id), Some(new_id)) = (old_id, new_id) else {
                report.links_skipped.push(format!(
                    "{} {} → {} {}: {} not in the lists",
                    old.0,
                    old.1,
                    new.0,
                    new.1,
                    if old_id.is_none() {
                        "old code"
                    } else {
                        "new code"
                    }
                ));
                return;
            };
            let pair = (old_id.clone(), new_id.clone());
            if existing.contains(&pair) {
                report.links_unchanged += 1;
            } else if seen.insert(pair) {
                links.push(LinkRow {
                    predecessor_id: old_id.clone(),
                    successor_id: new_id.clone(),
                    succession: if succession.trim() == "partial" {
                        "partial"
                    } else {
                        "full"
                    }
                    .into(),
                    reorganization_id: reform.id.clone(),
                });
            }
        };
        for m in &province_merges {
            link(
                ("province", &m.old_province_code),
                ("province", &m.new_province_code),
                &m.merge_type,
                &mut report,
            );
        }
        for m in &ward_merges {
            let old_level = if m.old_level.trim() == "district" {
                "district"
            } else {
                "commune"
            };
            link(
                (old_level, &m.old_code),
                ("commune", &m.new_ward_code),
                &m.merge_type,
                &mut report,
            );
        }
        report.links_created = links.len();
        units::insert_links(conn, &links)?;
        progress(total, total);
        Ok::<_, UnitImportError>(())
    })?;
    Ok(report)
}
