//! `import units` and `import procedures`: public data into the database, with progress
//! and a summary.

use anyhow::Context;

use crate::config::Settings;
use crate::startup::open_database;

use super::progress::Progress;

/// Imports the GSO unit lists and the 2025 merge table from the data folder.
pub(super) fn import_units(settings: &Settings, data: &std::path::Path) -> anyhow::Result<()> {
    let (_, pool) = open_database(settings)?;
    let mut conn = pool.get()?;
    eprintln!("importing units from {} …", data.display());
    let progress = Progress::new(0);
    let report = crate::import::units::import(&mut conn, data, |done, total| {
        progress.set_total(total);
        progress.set(done);
    })?;
    progress.finish();
    let mut listed: Vec<_> = report.listed.iter().collect();
    listed.sort();
    for (list, n) in listed {
        println!("{list}: {n}");
    }
    for renamed in &report.renamed {
        println!("renamed: {renamed}");
    }
    for fixed in &report.codes_corrected {
        println!("code corrected: {fixed}");
    }
    for skipped in &report.links_skipped {
        eprintln!("link skipped: {skipped}");
    }
    println!(
        "units: {} created, {} unchanged, {} corrected; links: {} created, {} unchanged, {} skipped",
        report.created,
        report.unchanged,
        report.corrected,
        report.links_created,
        report.links_unchanged,
        report.links_skipped.len()
    );
    Ok(())
}

/// Imports the national portal's procedure export (CSV or JSON).
pub(super) fn import_procedures(
    settings: &Settings,
    file: &std::path::Path,
    effective_from: Option<chrono::NaiveDate>,
    atomic: bool,
) -> anyhow::Result<()> {
    use crate::import::procedures::{Format, import, read};
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let format = match file.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
        _ => Format::Csv,
    };
    let rows = read(&bytes, format)?;
    let total = rows.len() as u64;
    let (_, pool) = open_database(settings)?;
    let mut conn = pool.get()?;
    let effective_from = effective_from.unwrap_or_else(crate::domain::today);
    let progress = Progress::new(total);
    let report = import(&mut conn, rows, effective_from, atomic, |done| {
        progress.set(done)
    })?;
    progress.finish();
    for error in &report.errors {
        let code = error.code.as_deref().unwrap_or("-");
        eprintln!("line {}: {code}: {}", error.line, error.reason);
    }
    println!(
        "{} rows: {} created, {} new versions, {} unchanged, {} rejected{}",
        report.rows,
        report.created,
        report.new_versions,
        report.unchanged,
        report.rejected,
        if report.rolled_back {
            " (atomic: nothing written)"
        } else {
            ""
        }
    );
    anyhow::ensure!(!report.rolled_back, "nothing was imported");
    Ok(())
}
