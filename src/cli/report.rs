//! `report results`, `report rebuild-tallies` and `report reform-progress`: reading the
//! reports, timing them against the raw aggregation, and writing them out.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;

use crate::config::Settings;
use crate::i18n::Lang;
use crate::startup::open_database;

use super::ReportFormat;
use super::progress::Progress;

/// What `report results` was asked.
pub(super) struct ResultsArgs {
    pub(super) period: crate::domain::report::Period,
    pub(super) unit: Option<String>,
    pub(super) office: Option<String>,
    pub(super) group_by: crate::domain::report::GroupBy,
    pub(super) rolled_up: bool,
    pub(super) format: ReportFormat,
    pub(super) output: Option<PathBuf>,
    pub(super) english: bool,
    pub(super) compare_raw: Option<usize>,
}

/// Computes and writes the results report of a period (or times it with `--compare-raw`).
pub(super) fn results(settings: &Settings, args: ResultsArgs) -> anyhow::Result<()> {
    use crate::domain::report::GroupBy;
    use crate::reports::results as report;
    anyhow::ensure!(args.period.from <= args.period.to, "--from is after --to");
    let (_, pool) = open_database(settings)?;
    let mut conn = pool.get()?;
    let cache = crate::startup::calendar_cache(settings)?;
    let calendar = cache.reload(&mut conn)?;
    crate::startup::ensure_tallies(&pool, &calendar)?;
    let roll_up = if args.rolled_up {
        Some(report::roll_up(&mut conn)?)
    } else {
        None
    };
    let unit_ids = match &args.unit {
        Some(code) => {
            anyhow::ensure!(
                !crate::db::units::by_code(&mut conn, code)?.is_empty(),
                "no unit has the code {code}"
            );
            Some(report::unit_ids(&mut conn, code, roll_up.as_ref(), None)?)
        }
        None => None,
    };
    let office_id = match &args.office {
        Some(code) => Some(
            crate::db::offices::find_id_by_code(&mut conn, code)?
                .with_context(|| format!("no office has the code {code}"))?,
        ),
        None => None,
    };
    let selection = report::Selection {
        period: args.period,
        unit_ids: unit_ids.clone(),
        office_id,
        group_by: args.group_by,
        roll_up,
    };
    let lang = if args.english { Lang::En } else { Lang::Vi };
    let results = report::results(&mut conn, &calendar, &selection)?;
    if let Some(runs) = args.compare_raw {
        let by_field = report::Selection {
            group_by: GroupBy::Field,
            ..selection.clone()
        };
        let ids = match &unit_ids {
            Some(ids) => ids.clone(),
            None => crate::db::units::all(&mut conn)?
                .into_iter()
                .map(|u| u.id)
                .collect(),
        };
        compare_raw(&mut conn, &calendar, &by_field, &ids, runs.max(1))?;
        return Ok(());
    }
    let scope = args.unit.as_deref().or(args.office.as_deref());
    let title = report::title(&args.period, scope, lang);
    let bytes = match args.format {
        ReportFormat::Table => report::table(&results, args.group_by, lang, &title).into_bytes(),
        ReportFormat::Csv => report::csv(&results, args.group_by, lang)?,
        ReportFormat::Xlsx => {
            anyhow::ensure!(
                args.output.is_some() || !std::io::stdout().is_terminal(),
                "an XLSX file is not for a terminal: give --output FILE"
            );
            let heading = crate::reports::form::heading(
                &mut conn,
                args.period,
                args.unit.as_deref(),
                selection.office_id.as_deref(),
            )?;
            crate::reports::form::xlsx(&results, args.group_by, lang, &heading)?
        }
    };
    write_out(args.output.as_deref(), &bytes)
}

/// Times the report against the hand-written aggregation and checks they count alike.
pub(super) fn compare_raw(
    conn: &mut crate::db::DbConnection,
    calendar: &crate::domain::calendar::Calendar,
    selection: &crate::reports::results::Selection,
    unit_ids: &[String],
    runs: usize,
) -> anyhow::Result<()> {
    use crate::reports::results as report;
    let mut tallies = Vec::with_capacity(runs);
    let mut raw = Vec::with_capacity(runs);
    let mut last = None;
    let mut last_raw = Vec::new();
    for _ in 0..runs {
        let started = std::time::Instant::now();
        last = Some(report::results(conn, calendar, selection)?);
        tallies.push(started.elapsed());
        let started = std::time::Instant::now();
        last_raw = crate::db::reports::raw_by_field(
            conn,
            unit_ids,
            selection.period.from,
            selection.period.to,
        )?;
        raw.push(started.elapsed());
    }
    let results = last.context("no run")?;
    let mut mismatches = 0;
    for row in &last_raw {
        let line = results.lines.iter().find(|l| l.code == row.field_code);
        let counts = line.map(|l| l.counts).unwrap_or_default();
        let ours = [
            counts.new_online,
            counts.new_in_person,
            counts.carried_over,
            counts.resolved_early,
            counts.resolved_on_time,
            counts.resolved_late,
            counts.in_progress_total,
            counts.in_progress_overdue,
            counts.withdrawn,
            counts.stopped,
            counts.refused,
            counts.withdrawn_before_reception,
            counts.stopped_before_reception,
            counts.rated,
            counts.satisfied,
        ];
        let theirs = [
            row.new_online,
            row.new_in_person,
            row.carried_over,
            row.resolved_early,
            row.resolved_on_time,
            row.resolved_late,
            row.in_progress,
            row.in_progress_overdue,
            row.withdrawn,
            row.stopped,
            row.refused,
            row.withdrawn_before_reception,
            row.stopped_before_reception,
            row.rated,
            row.satisfied,
        ]
        .map(|v| v.max(0).unsigned_abs());
        if ours != theirs {
            mismatches += 1;
            eprintln!("field {}: tallies {ours:?}, raw {theirs:?}", row.field_code);
        }
    }
    let median = |times: &mut Vec<std::time::Duration>| {
        times.sort();
        times[times.len() / 2].as_secs_f64() * 1000.0
    };
    let (t, r) = (median(&mut tallies), median(&mut raw));
    println!(
        "| lines | applications counted | report (tallies), median ms | raw SQL aggregation, median ms | ratio | agree |"
    );
    println!("|---|---|---|---|---|---|");
    println!(
        "| {} | {} | {t:.1} | {r:.1} | {:.0}× | {} |",
        results.lines.len(),
        results.total.received_total + results.total.refused,
        r / t.max(0.001),
        if mismatches == 0 { "yes" } else { "NO" }
    );
    anyhow::ensure!(mismatches == 0, "{mismatches} fields disagree");
    Ok(())
}

/// Recounts the results report's tallies from the applications.
pub(super) fn rebuild_tallies(settings: &Settings) -> anyhow::Result<()> {
    let (_, pool) = open_database(settings)?;
    let mut conn = pool.get()?;
    let cache = crate::startup::calendar_cache(settings)?;
    let calendar = cache.reload(&mut conn)?;
    let started = std::time::Instant::now();
    let progress = Progress::new(crate::db::reports::count_applications(&mut conn)?);
    let counted = crate::db::write_transaction(&mut conn, |conn| -> anyhow::Result<u64> {
        crate::db::reports::lock_state(conn)?;
        Ok(crate::db::reports::rebuild(conn, &calendar, |done| {
            progress.set(done)
        })?)
    })?;
    progress.finish();
    println!(
        "{counted} applications recounted in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Writes the bytes to the file, or to standard output without one.
pub(super) fn write_out(output: Option<&std::path::Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match output {
        Some(path) => std::fs::write(path, bytes)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => {
            use std::io::Write;
            std::io::stdout().write_all(bytes)?;
        }
    }
    Ok(())
}

/// Computes and writes the reform-progress report of a unit on a date.
pub(super) fn reform_progress(
    settings: &Settings,
    unit: &str,
    date: Option<chrono::NaiveDate>,
    format: ReportFormat,
    output: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    use crate::reports::progress;
    let (_, pool) = open_database(settings)?;
    let mut conn = pool.get()?;
    let on = date.unwrap_or_else(crate::domain::today);
    let report = progress::compute(&mut conn, unit.trim(), on)?
        .with_context(|| format!("no unit has the code {unit} on {on}"))?;
    let bytes = match format {
        ReportFormat::Table => progress::table(&report).into_bytes(),
        ReportFormat::Csv => progress::csv(&report)?,
        ReportFormat::Xlsx => {
            anyhow::ensure!(
                output.is_some() || !std::io::stdout().is_terminal(),
                "an XLSX file is not for a terminal: give --output FILE"
            );
            progress::xlsx(&report)?
        }
    };
    write_out(output, &bytes)
}
