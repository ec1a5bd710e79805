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

/// The day the `2026/` list is in force from: the latest change it carries (Resolution
/// 30/2026/QH16 and 237/NQ-UBTVQH16, in force 2026-04-30: Đồng Nai a centrally governed city,
/// 10 of its communes wards). Between 2025-07-01 and the day before, the tree is the one the
/// 2025 merge table names.
pub fn list_2026_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 4, 30).unwrap_or_default()
}

/// The title the 2025 reform is recorded under.
pub const REFORM_TITLE: &str = "Sắp xếp đơn vị hành chính 2025 (Nghị quyết 60-NQ/TW; Nghị quyết 202/2025/QH15; các nghị quyết 1654–1687/NQ-UBTVQH15)";

/// The title the changes between the 2025 merge table and the `2026/` list are recorded
/// under, as renames on [`list_2026_from`].
pub const RENAME_2026_TITLE: &str = "Thành lập Thành phố Đồng Nai; xã thành phường (Nghị quyết 30/2026/QH16; Nghị quyết 237/NQ-UBTVQH16)";

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
    new_province_name: String,
    old_province_code: String,
    merge_type: String,
}

#[derive(Debug, Deserialize)]
struct WardMerge {
    new_province_code: String,
    new_ward_code: String,
    new_ward_name: String,
    old_code: String,
    old_level: String,
    merge_type: String,
}

/// What a unit import did.
#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct UnitImportReport {
    /// Units in the files, by list.
    pub listed: HashMap<String, usize>,
    /// Units written (one per period: a unit renamed on 2026-04-30 is two).
    pub created: usize,
    /// Units already there.
    pub unchanged: usize,
    /// Stored periods an earlier import wrote differently (the `2026/` list applied from
    /// 2025-07-01), set to what the files say now.
    pub corrected: usize,
    /// Links written.
    pub links_created: usize,
    /// Links already there.
    pub links_unchanged: usize,
    /// Units whose name or kind in the `2026/` list differs from the 2025 merge table's, taken
    /// as renamed on [`list_2026_from`] (one `rename` reorganisation, full links).
    pub renamed: Vec<String>,
    /// Codes of the merge table the `2026/` list writes differently for the same unit
    /// (same province and name), `old → new`: the list's code is the unit's from 2025-07-01
    /// and the merge links are followed to it.
    pub codes_corrected: Vec<String>,
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

/// A unit as one list or table names it.
struct Named {
    code: String,
    parent: String,
    name: String,
    full_name: String,
    kind: String,
}

impl Named {
    fn listed(u: &ListedUnit, parent: &str) -> Self {
        Self {
            code: u.code.trim().to_owned(),
            parent: parent.trim().to_owned(),
            name: u.name.trim().to_owned(),
            full_name: u.full_name.trim().to_owned(),
            kind: u.administrative_unit.trim().to_owned(),
        }
    }

    /// A unit the merge table names by its full name only: the kind is the name's first
    /// words (`Xã`, `Phường`, `Đặc khu`, `Tỉnh`, `Thành phố`).
    fn from_full_name(code: &str, parent: &str, full_name: &str, level: &str) -> Self {
        let full_name = full_name.trim();
        let prefixes: &[(&str, &str)] = if level == "province" {
            &[
                ("Thành phố ", "Thành phố trực thuộc trung ương"),
                ("Tỉnh ", "Tỉnh"),
            ]
        } else {
            &[
                ("Xã ", "Xã"),
                ("Phường ", "Phường"),
                ("Đặc khu ", "Đặc khu"),
                ("Thị trấn ", "Thị trấn"),
            ]
        };
        let (name, kind) = prefixes
            .iter()
            .find_map(|(prefix, kind)| {
                full_name
                    .strip_prefix(prefix)
                    .map(|rest| (rest.to_owned(), (*kind).to_owned()))
            })
            .unwrap_or_else(|| (full_name.to_owned(), String::new()));
        Self {
            code: code.trim().to_owned(),
            parent: parent.trim().to_owned(),
            name,
            full_name: full_name.to_owned(),
            kind,
        }
    }

    /// Whether two namings differ by more than tone placement or case (`Hòa`/`Hoà`).
    fn differs(&self, other: &Named) -> bool {
        fold(&self.full_name) != fold(&other.full_name)
    }
}

/// A unit's naming from a first day through a last one.
type Period = (Named, Option<NaiveDate>, Option<NaiveDate>);

/// The two-tier tree from 2025-07-01: each unit of the `2026/` list, preceded by the merge
/// table's naming until the day before [`list_2026_from`] where the two differ. Returns the
/// periods (level, unit, first day, last day) and the renames as (level, code).
fn two_tier(
    level: &str,
    listed: Vec<Named>,
    table: &HashMap<String, Named>,
) -> (Vec<Period>, Vec<String>) {
    let (start, list_from) = (new_from(), list_2026_from());
    let mut periods = Vec::new();
    let mut renamed = Vec::new();
    for unit in listed {
        match table.get(&unit.code) {
            Some(before) if before.differs(&unit) => {
                renamed.push(format!(
                    "{level} {}: {} → {} on {list_from}",
                    unit.code, before.full_name, unit.full_name
                ));
                let before =
                    Named::from_full_name(&before.code, &unit.parent, &before.full_name, level);
                periods.push((before, Some(start), list_from.pred_opt()));
                periods.push((unit, Some(list_from), None));
            }
            _ => periods.push((unit, Some(start), None)),
        }
    }
    (periods, renamed)
}

/// Imports the lists and the merge table found under `data` (the `shared/data` folder).
/// `progress` is told `(done, total)` as units and links are written.
///
/// The `pre2025/` lists end on 2025-06-30 (their start is unknown); the merge table gives the
/// tree of 2025-07-01; the `2026/` list is in force from [`list_2026_from`], and a unit it
/// names differently from the merge table is renamed that day. A code of the merge table the
/// list writes differently for the same unit is corrected to the list's, and its links kept.
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

    // The tree of 2025-07-01 as the merge table names it.
    let mut province_table: HashMap<String, Named> = HashMap::new();
    for m in &province_merges {
        let code = m.new_province_code.trim();
        province_table
            .entry(code.to_owned())
            .or_insert_with(|| Named::from_full_name(code, "", &m.new_province_name, "province"));
    }
    let mut ward_table: HashMap<String, Named> = HashMap::new();
    for m in &ward_merges {
        let code = m.new_ward_code.trim();
        ward_table.entry(code.to_owned()).or_insert_with(|| {
            Named::from_full_name(code, &m.new_province_code, &m.new_ward_name, "commune")
        });
    }
    // Codes the table has and the list lacks, matched to a code the list has and the table
    // lacks: same province, same name.
    let listed_codes: HashSet<&str> = new_wards.iter().map(|w| w.code.trim()).collect();
    let mut code_fixes: HashMap<String, String> = HashMap::new();
    let mut table_only: Vec<&Named> = ward_table
        .values()
        .filter(|n| !listed_codes.contains(n.code.as_str()))
        .collect();
    table_only.sort_by(|a, b| a.code.cmp(&b.code));
    for named in table_only {
        let matched = new_wards.iter().find(|w| {
            !ward_table.contains_key(w.code.trim())
                && w.province_code.trim() == named.parent
                && fold(&w.full_name) == fold(&named.full_name)
        });
        if let Some(w) = matched {
            report.codes_corrected.push(format!(
                "{} → {} {}",
                named.code,
                w.code.trim(),
                w.full_name.trim()
            ));
            code_fixes.insert(named.code.clone(), w.code.trim().to_owned());
        }
    }
    for (old, new) in &code_fixes {
        if let Some(mut named) = ward_table.remove(old) {
            named.code = new.clone();
            ward_table.insert(new.clone(), named);
        }
    }

    let now = store::now();
    let old_to = old_until();
    let make = |u: Named, level: &str, from: Option<NaiveDate>, to: Option<NaiveDate>| UnitRow {
        id: uuid::Uuid::new_v4().to_string(),
        name_folded: fold(&u.full_name),
        code: u.code,
        name: u.name,
        full_name: u.full_name,
        level: level.to_owned(),
        kind: u.kind,
        parent_code: Some(u.parent).filter(|p| !p.is_empty()),
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
            .map(|u| make(Named::listed(u, ""), "province", None, Some(old_to))),
    );
    wanted.extend(old_districts.iter().map(|u| {
        make(
            Named::listed(u, &u.province_code),
            "district",
            None,
            Some(old_to),
        )
    }));
    wanted.extend(old_wards.iter().map(|u| {
        make(
            Named::listed(u, &u.district_code),
            "commune",
            None,
            Some(old_to),
        )
    }));
    let (provinces, renamed_provinces) = two_tier(
        "province",
        new_provinces.iter().map(|u| Named::listed(u, "")).collect(),
        &province_table,
    );
    let (communes, renamed_communes) = two_tier(
        "commune",
        new_wards
            .iter()
            .map(|u| Named::listed(u, &u.province_code))
            .collect(),
        &ward_table,
    );
    report.renamed = [renamed_provinces, renamed_communes].concat();
    let mut renames: Vec<(String, String)> = Vec::new();
    for (level, periods) in [("province", provinces), ("commune", communes)] {
        for (unit, from, to) in periods {
            if from == Some(list_2026_from()) {
                renames.push((level.to_owned(), unit.code.clone()));
            }
            wanted.push(make(unit, level, from, to));
        }
    }

    write_transaction(conn, |conn| {
        // Units are keyed by (level, code, first day): codes are reused across the reform.
        let stored: HashMap<(String, String, Option<NaiveDate>), UnitRow> = units::all(conn)?
            .into_iter()
            .map(|u| ((u.level.clone(), u.code.clone(), u.valid_from), u))
            .collect();
        let mut ids: HashMap<(String, String, Option<NaiveDate>), String> = stored
            .iter()
            .map(|(key, u)| (key.clone(), u.id.clone()))
            .collect();
        let mut fresh = Vec::new();
        for row in wanted {
            let key = (row.level.clone(), row.code.clone(), row.valid_from);
            match stored.get(&key) {
                Some(old) => {
                    let same = old.valid_to == row.valid_to
                        && old.full_name == row.full_name
                        && old.kind == row.kind;
                    if !same && units::correct_imported(conn, &old.id, &row, now)? {
                        report.corrected += 1;
                    } else {
                        report.unchanged += 1;
                    }
                }
                None => {
                    if let std::collections::hash_map::Entry::Vacant(slot) = ids.entry(key) {
                        slot.insert(row.id.clone());
                        fresh.push(row);
                    }
                }
            }
        }
        report.created = fresh.len();
        let total =
            (fresh.len() + province_merges.len() + ward_merges.len() + renames.len()) as u64;
        let mut done = 0u64;
        for chunk in fresh.chunks(1000) {
            units::insert_many(conn, chunk)?;
            done += chunk.len() as u64;
            progress(done, total);
        }

        let mut reorganization = |title: &str, kind: &str, on: NaiveDate| {
            Ok::<_, diesel::result::Error>(match units::find_reorganization(conn, title, on)? {
                Some(r) => r,
                None => {
                    let r = ReorganizationRow {
                        id: uuid::Uuid::new_v4().to_string(),
                        kind: kind.into(),
                        effective_on: on,
                        title: title.into(),
                        created_at: now,
                    };
                    units::insert_reorganization(conn, &r)?;
                    r
                }
            })
        };
        let reform = reorganization(REFORM_TITLE, "reform", new_from())?;
        let rename = if renames.is_empty() {
            None
        } else {
            Some(reorganization(
                RENAME_2026_TITLE,
                "rename",
                list_2026_from(),
            )?)
        };
        let existing: HashSet<(String, String)> = units::all_links(conn)?
            .into_iter()
            .map(|l| (l.predecessor_id, l.successor_id))
            .collect();
        let mut links = Vec::new();
        let mut seen = HashSet::new();
        let mut link = |old: (&str, &str, Option<NaiveDate>),
                        new: (&str, &str, Option<NaiveDate>),
                        succession: &str,
                        reorganization: &ReorganizationRow,
                        report: &mut UnitImportReport| {
            let old_id = ids.get(&(old.0.to_owned(), old.1.trim().to_owned(), old.2));
            let new_id = ids.get(&(new.0.to_owned(), new.1.trim().to_owned(), new.2));
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
                    reorganization_id: reorganization.id.clone(),
                });
            }
        };
        let start = Some(new_from());
        for m in &province_merges {
            link(
                ("province", &m.old_province_code, None),
                ("province", &m.new_province_code, start),
                &m.merge_type,
                &reform,
                &mut report,
            );
        }
        for m in &ward_merges {
            let old_level = if m.old_level.trim() == "district" {
                "district"
            } else {
                "commune"
            };
            let new_code = m.new_ward_code.trim();
            let new_code = code_fixes.get(new_code).map_or(new_code, String::as_str);
            link(
                (old_level, &m.old_code, None),
                ("commune", new_code, start),
                &m.merge_type,
                &reform,
                &mut report,
            );
        }
        if let Some(rename) = &rename {
            for (level, code) in &renames {
                link(
                    (level, code, start),
                    (level, code, Some(list_2026_from())),
                    "full",
                    rename,
                    &mut report,
                );
            }
        }
        report.links_created = links.len();
        units::insert_links(conn, &links)?;
        progress(total, total);
        Ok::<_, UnitImportError>(())
    })?;
    Ok(report)
}
