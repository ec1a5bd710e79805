//! `demo`: the demo district and its generated applications.

use anyhow::Context;

use crate::config::Settings;
use crate::startup::open_database;

use super::progress::Progress;

/// Builds the demo district (on a catalog export when given) and generates its applications.
pub(super) fn demo(
    settings: &Settings,
    catalog: Option<&std::path::Path>,
    options: crate::demo::Options,
) -> anyhow::Result<()> {
    let (_, pool) = open_database(settings)?;
    crate::startup::ensure_calendar(&pool)?;
    let secret = crate::startup::load_secret(settings)?;
    let cache = crate::startup::calendar_cache(settings)?;
    let mut conn = pool.get()?;
    if let Some(file) = catalog {
        let bytes =
            std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        eprintln!("building the demo district on {} …", file.display());
        if let Some(report) =
            crate::demo::district::ensure(&mut conn, crate::db::now(), Some(&bytes))?
        {
            println!(
                "catalog: {} rows, {} created, {} rejected",
                report.rows, report.created, report.rejected
            );
        }
    }
    let calendar = cache.reload(&mut conn)?;
    let started = std::time::Instant::now();
    let progress = Progress::new(options.applications);
    let report = crate::demo::generate(&mut conn, &secret, &calendar, &options, |done, _| {
        progress.set(done)
    })?;
    progress.finish();
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{} applications and {} events in {seconds:.1} s ({:.0} applications/s)",
        report.applications,
        report.events,
        report.applications as f64 / seconds.max(0.001)
    );
    for (status, count) in &report.by_status {
        println!("  status {status:>2}: {count}");
    }
    Ok(())
}
