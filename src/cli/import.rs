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

/// Imports the national portal's procedure export (CSV or JSON) or its detail (JSON Lines).
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
        Some(ext) if ext.eq_ignore_ascii_case("jsonl") || ext.eq_ignore_ascii_case("ndjson") => {
            Format::JsonLines
        }
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
    let docs = &report.documents;
    for review in &docs.review {
        eprintln!(
            "line {}: {}: documents to review ({} read): {}",
            review.line, review.code, review.documents, review.reason
        );
    }
    for review in &report.times.review {
        let what = match review.status {
            crate::domain::procedure::TimeStatus::Unknown => "no processing time",
            _ => "time unit assumed (working days)",
        };
        eprintln!(
            "line {}: {}: {what}: `{}`",
            review.line, review.code, review.time_text
        );
    }
    if docs.tables > 0 {
        println!(
            "documents: {} tables, {} read cleanly ({:.1}%), {} to review; {} documents",
            docs.tables,
            docs.clean,
            100.0 * docs.clean as f64 / docs.tables as f64,
            docs.review.len(),
            docs.documents
        );
    }
    let times = &report.times;
    println!(
        "times: {} with channel entries, {} differ by channel in time and {} in fees; {} unit assumed, {} unknown",
        times.with_channels,
        times.times_differ,
        times.fees_differ,
        times.unit_assumed,
        times.unknown
    );
    anyhow::ensure!(!report.rolled_back, "nothing was imported");
    Ok(())
}

/// Runs a bulk import (offices, availability, staff) and prints its report; staff passwords
/// go to a file that must not exist yet, opened before anything is written so that a
/// password is never made without a place to put it.
pub(super) fn import_bulk(
    settings: &Settings,
    kind: crate::service::imports::ImportKind,
    file: &std::path::Path,
    dry_run: bool,
    passwords: Option<Option<std::path::PathBuf>>,
) -> anyhow::Result<()> {
    use std::io::Write;
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let (_, pool) = open_database(settings)?;
    let mut conn = pool.get()?;
    // A passwords file only when the import creates accounts: a re-import needs none.
    let creates = passwords.is_some()
        && !dry_run
        && crate::service::imports::import(&mut conn, kind, &bytes, true)
            .map(|r| r.created > 0)
            .unwrap_or(true);
    let mut out = None;
    if let Some(path) = passwords.filter(|_| creates) {
        let path = path.unwrap_or_else(|| {
            let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("staff");
            file.with_file_name(format!("{stem}-passwords.csv"))
        });
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let handle = options
            .open(&path)
            .with_context(|| format!("cannot create {} (it must not exist yet)", path.display()))?;
        out = Some((path, handle));
    }
    let result = crate::service::imports::import(&mut conn, kind, &bytes, dry_run);
    let report = match result {
        Ok(report) => report,
        Err(crate::error::Error::ImportRejected(report)) => {
            if let Some((path, _)) = &out {
                let _ = std::fs::remove_file(path);
            }
            for e in report["errors"].as_array().into_iter().flatten() {
                let column = e["column"]
                    .as_str()
                    .map(|c| format!(" {c}:"))
                    .unwrap_or_default();
                eprintln!(
                    "line {}:{column} {}",
                    e["line"],
                    e["message"].as_str().unwrap_or_default()
                );
            }
            anyhow::bail!("nothing was imported: fix the lines above and run again");
        }
        Err(e) => {
            if let Some((path, _)) = &out {
                let _ = std::fs::remove_file(path);
            }
            return Err(e.into());
        }
    };
    if let Some((path, mut handle)) = out {
        if report.passwords.is_empty() {
            drop(handle);
            std::fs::remove_file(&path)?;
        } else {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record([
                "Dòng",
                "Tên đăng nhập",
                "Họ và tên",
                "Mật khẩu dùng một lần",
            ])?;
            for p in &report.passwords {
                w.write_record([
                    p.line.to_string().as_str(),
                    &p.username,
                    &p.display_name,
                    &p.password,
                ])?;
            }
            handle.write_all(&w.into_inner()?)?;
            handle.sync_all()?;
            println!(
                "{} one-time passwords written to {} (hand them out, then delete the file)",
                report.passwords.len(),
                path.display()
            );
        }
    }
    println!(
        "{} {}: {} rows: {} created, {} updated, {} unchanged{}",
        kind.as_str(),
        file.display(),
        report.rows,
        report.created,
        report.updated,
        report.unchanged,
        if dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    );
    Ok(())
}

/// Writes a province's import files from the units and catalog in the database.
pub(super) fn province_files(
    settings: &Settings,
    province: &str,
    opened_on: chrono::NaiveDate,
    out: &std::path::Path,
) -> anyhow::Result<()> {
    let (_, pool) = open_database(settings)?;
    let mut conn = pool.get()?;
    let files = crate::service::imports::province::files(&mut conn, province, opened_on)?;
    std::fs::create_dir_all(out)?;
    for (name, text) in [
        ("offices.csv", &files.offices),
        ("availability.csv", &files.availability),
        ("staff.csv", &files.staff),
    ] {
        let path = out.join(name);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("cannot create {} (it must not exist yet)", path.display()))?;
        std::io::Write::write_all(&mut file, text.as_bytes())?;
    }
    println!(
        "{}: {} offices, {} availability rows, {} accounts written to {}",
        files.province,
        files.counts.0,
        files.counts.1,
        files.counts.2,
        out.display()
    );
    Ok(())
}
