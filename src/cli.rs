//! The command line.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::db::migrations;
use crate::domain::account::{Binding, MIN_PASSWORD_LEN, Role, normalize_username};
use crate::i18n::Lang;
use crate::startup::{Application, open_database};

/// motcua: the one-stop (một cửa) service for administrative procedures.
///
/// With no command it serves the API on MOTCUA_BIND (default 127.0.0.1:8080) using the
/// database in DATABASE_URL (default sqlite://motcua.db, created on first start).
#[derive(Debug, Parser)]
#[command(name = "motcua", version, about, long_about)]
pub struct Cli {
    /// A TOML settings file (keys as in docs/OPERATIONS.md); MOTCUA_* variables override it.
    #[arg(long, short, env = "MOTCUA_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the HTTP server (the default): migrates the database first.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage staff accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Print the OpenAPI document (JSON) to standard output.
    Openapi,
    /// Import public data into the database.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Print a report.
    Report {
        /// Which report.
        #[command(subcommand)]
        report: ReportCommand,
    },
    /// Generate the demo district (created when missing): province 98, district 980 with 21
    /// commune desks (18 after three pairs merge on 2020-02-01), a public administration
    /// centre, a processing agency and 365 procedures; then N applications received over the
    /// year before `--until`, with histories made by the same rules as real ones. For load
    /// tests and trials.
    Demo {
        /// How many applications.
        #[arg(long, default_value_t = 10_000)]
        applications: u64,
        /// Random seed: the same seed gives the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The last day of receipt.
        #[arg(long, default_value = "2020-12-31")]
        until: chrono::NaiveDate,
        /// Build the district on the national portal's catalog export (CSV, as `import
        /// procedures` reads it) instead of the invented procedures: district-tier procedures
        /// (province-tier when the export has none) at the centre, commune-tier ones at the
        /// commune desks. Only into an empty database.
        #[arg(long)]
        catalog: Option<PathBuf>,
        /// Write `code,pin` lines of a sample of the applications to this file.
        #[arg(long)]
        pins: Option<PathBuf>,
        /// How many lines to write to `--pins`.
        #[arg(long, default_value_t = 10_000)]
        pin_sample: usize,
    },
}

/// Report commands: read-only, computed from the data.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The results report (Biểu II.06a style) of a period: received, resolved early, on
    /// time or late, in progress, withdrawn, stopped, refused, with the rates (see
    /// docs/REPORTS.md). Without `--unit` or `--office`, everything.
    Results {
        /// The period's first day.
        #[arg(long)]
        from: chrono::NaiveDate,
        /// Its last day.
        #[arg(long)]
        to: chrono::NaiveDate,
        /// GSO code of a unit: it and every unit under it.
        #[arg(long)]
        unit: Option<String>,
        /// Agency code of an office: the applications it received.
        #[arg(long)]
        office: Option<String>,
        /// One line per unit, office, field or procedure.
        #[arg(long, value_enum, default_value_t = GroupByArg::Field)]
        group_by: GroupByArg,
        /// Count ended units' applications with today's successors.
        #[arg(long)]
        rolled_up: bool,
        /// `table` (readable, the default), `csv` or `xlsx`.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Headers in English.
        #[arg(long)]
        english: bool,
        /// Also time the report N times against one hand-written SQL aggregation over the
        /// raw applications (grouped by field), check they agree, and print both timings.
        #[arg(long, value_name = "N")]
        compare_raw: Option<usize>,
    },
    /// Recount the results report's tallies from the applications (they are kept current
    /// with every event; this is for after a restore or a manual repair).
    RebuildTallies,
    /// The reform-progress report of a unit on a date: units with a one-stop desk operating,
    /// procedures published, procedures received at the desks, and the procedures provided by
    /// online level (see docs/REPORTS.md).
    ReformProgress {
        /// GSO code of the unit.
        #[arg(long)]
        unit: String,
        /// The date (default: today).
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
        /// `table` (readable, the default), `csv` or `xlsx`.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

/// What a results report's lines are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupByArg {
    /// Units of receipt.
    Unit,
    /// Receiving offices.
    Office,
    /// Fields.
    Field,
    /// Procedures.
    Procedure,
}

impl From<GroupByArg> for crate::domain::report::GroupBy {
    fn from(value: GroupByArg) -> Self {
        match value {
            GroupByArg::Unit => Self::Unit,
            GroupByArg::Office => Self::Office,
            GroupByArg::Field => Self::Field,
            GroupByArg::Procedure => Self::Procedure,
        }
    }
}

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// A plain-text table.
    Table,
    /// CSV with Vietnamese headers.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

/// Import commands.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import the GSO unit lists before and after the 2025 reform and the merge table, so the
    /// database holds the old tree (until 2025-06-30), the new one (from 2025-07-01) and the
    /// links between them. Re-importing changes nothing.
    Units {
        /// The data folder holding `vn-admin-units/` and `vn-admin-mapping-2025/`.
        #[arg(long, default_value = "../shared/data")]
        data: PathBuf,
    },
    /// Import the national portal's procedure export (CSV with its column names, or JSON).
    /// Re-importing the same file changes nothing; changed rows become new versions; bad rows
    /// are listed with their line and reason. Ends with a summary.
    Procedures {
        /// The file (`.csv` or `.json`).
        file: PathBuf,
        /// First day the imported versions are in force (default: today).
        #[arg(long)]
        effective_from: Option<chrono::NaiveDate>,
        /// Write nothing when any row is bad.
        #[arg(long)]
        atomic: bool,
    },
}

/// Account commands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a staff account. The password is read from MOTCUA_NEW_USER_PASSWORD, or from
    /// standard input (asked without echo on a terminal), never from the command line.
    Add {
        /// Login name: 3–64 characters of a-z 0-9 . _ -
        #[arg(long)]
        username: String,
        /// admin, clerk, specialist or official.
        #[arg(long)]
        role: Role,
        /// Name shown to people (default: the username).
        #[arg(long)]
        display_name: Option<String>,
        /// Agency code of the office (clerks and specialists).
        #[arg(long)]
        office: Option<String>,
        /// GSO code of the unit (officials).
        #[arg(long)]
        unit: Option<String>,
    },
}

impl clap::ValueEnum for Role {
    fn value_variants<'a>() -> &'a [Self] {
        &Role::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.as_str()))
    }
}

/// Parses the command line and runs it.
pub fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Some(Command::Openapi) = cli.command {
        print!("{}", crate::openapi::document_json()?);
        return Ok(());
    }
    let settings = Settings::load(cli.config.as_deref()).context("invalid settings")?;
    crate::telemetry::init(&settings.log_level, settings.log_format);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings),
        Command::Migrate => {
            let (url, pool) = open_database(&settings)?;
            let mut conn = pool.get()?;
            let current = migrations::is_current(&mut conn)?;
            println!(
                "{url}: migrations {}",
                if current { "current" } else { "pending" }
            );
            Ok(())
        }
        Command::User(UserCommand::Add {
            username,
            role,
            display_name,
            office,
            unit,
        }) => add_user(&settings, &username, role, display_name, office, unit),
        Command::Import(ImportCommand::Units { data }) => {
            let (_, pool) = open_database(&settings)?;
            let mut conn = pool.get()?;
            eprintln!("importing units from {} …", data.display());
            let progress = Progress::new(0);
            let report = crate::import::units::import(&mut conn, &data, |done, total| {
                progress.set_total(total);
                progress.set(done);
            })?;
            progress.finish();
            let mut listed: Vec<_> = report.listed.iter().collect();
            listed.sort();
            for (list, n) in listed {
                println!("{list}: {n}");
            }
            for skipped in &report.links_skipped {
                eprintln!("link skipped: {skipped}");
            }
            println!(
                "units: {} created, {} unchanged; links: {} created, {} unchanged, {} skipped",
                report.created,
                report.unchanged,
                report.links_created,
                report.links_unchanged,
                report.links_skipped.len()
            );
            Ok(())
        }
        Command::Import(ImportCommand::Procedures {
            file,
            effective_from,
            atomic,
        }) => import_procedures(&settings, &file, effective_from, atomic),
        Command::Demo {
            applications,
            seed,
            until,
            catalog,
            pins,
            pin_sample,
        } => demo(
            &settings,
            catalog.as_deref(),
            crate::demo::Options {
                applications,
                seed,
                until,
                pins,
                pin_sample,
            },
        ),
        Command::Report {
            report:
                ReportCommand::ReformProgress {
                    unit,
                    date,
                    format,
                    output,
                },
        } => reform_progress(&settings, &unit, date, format, output.as_deref()),
        Command::Report {
            report:
                ReportCommand::Results {
                    from,
                    to,
                    unit,
                    office,
                    group_by,
                    rolled_up,
                    format,
                    output,
                    english,
                    compare_raw,
                },
        } => results(
            &settings,
            ResultsArgs {
                period: crate::domain::report::Period { from, to },
                unit,
                office,
                group_by: group_by.into(),
                rolled_up,
                format,
                output,
                english,
                compare_raw,
            },
        ),
        Command::Report {
            report: ReportCommand::RebuildTallies,
        } => rebuild_tallies(&settings),
        Command::Openapi => Ok(()),
    }
}

/// What `report results` was asked.
struct ResultsArgs {
    period: crate::domain::report::Period,
    unit: Option<String>,
    office: Option<String>,
    group_by: crate::domain::report::GroupBy,
    rolled_up: bool,
    format: ReportFormat,
    output: Option<PathBuf>,
    english: bool,
    compare_raw: Option<usize>,
}

fn results(settings: &Settings, args: ResultsArgs) -> anyhow::Result<()> {
    use crate::domain::report::GroupBy;
    use crate::reports::results as report;
    anyhow::ensure!(args.period.from <= args.period.to, "--from is after --to");
    let (_, pool) = open_database(settings)?;
    let mut conn = pool.get()?;
    let cache = crate::service::calendar::cache::CalendarCache::new(crate::startup::office_hours(
        settings,
    )?);
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
            report::xlsx(&results, args.group_by, lang, &title)?
        }
    };
    write_out(args.output.as_deref(), &bytes)
}

/// Times the report against the hand-written aggregation and checks they count alike.
fn compare_raw(
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

fn rebuild_tallies(settings: &Settings) -> anyhow::Result<()> {
    let (_, pool) = open_database(settings)?;
    let mut conn = pool.get()?;
    let cache = crate::service::calendar::cache::CalendarCache::new(crate::startup::office_hours(
        settings,
    )?);
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

fn write_out(output: Option<&std::path::Path>, bytes: &[u8]) -> anyhow::Result<()> {
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

fn reform_progress(
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

fn demo(
    settings: &Settings,
    catalog: Option<&std::path::Path>,
    options: crate::demo::Options,
) -> anyhow::Result<()> {
    let (_, pool) = open_database(settings)?;
    crate::startup::ensure_calendar(&pool)?;
    let secret = crate::startup::load_secret(settings)?;
    let hours = crate::startup::office_hours(settings)?;
    let cache = crate::service::calendar::cache::CalendarCache::new(hours);
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

fn import_procedures(
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

/// A progress bar on a terminal, plain lines otherwise.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    total: std::cell::Cell<u64>,
    last_line: std::cell::Cell<u64>,
    started: std::time::Instant,
    last_at: std::cell::Cell<std::time::Instant>,
}

impl Progress {
    fn new(total: u64) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(total);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} rows ({per_sec}, {eta} left)",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Self {
            bar,
            total: std::cell::Cell::new(total),
            last_line: std::cell::Cell::new(0),
            started: std::time::Instant::now(),
            last_at: std::cell::Cell::new(std::time::Instant::now()),
        }
    }

    fn set_total(&self, total: u64) {
        self.total.set(total);
        if let Some(bar) = &self.bar {
            bar.set_length(total);
        }
    }

    fn set(&self, done: u64) {
        match &self.bar {
            Some(bar) => bar.set_position(done),
            // Without a terminal: a line every few seconds, with the rate and what is left.
            None if done > self.last_line.get()
                && (self.last_at.get().elapsed().as_secs() >= 5 || done == self.total.get()) =>
            {
                self.last_line.set(done);
                self.last_at.set(std::time::Instant::now());
                let seconds = self.started.elapsed().as_secs_f64().max(0.001);
                let rate = done as f64 / seconds;
                let left = self.total.get().saturating_sub(done) as f64 / rate.max(0.001);
                eprintln!(
                    "{done}/{} rows ({rate:.0}/s, about {left:.0} s left)",
                    self.total.get()
                );
            }
            None => {}
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn serve(settings: Settings) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(settings).await?;
        app.run_until_stopped().await?;
        tracing::info!("stopped");
        Ok(())
    })
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("MOTCUA_NEW_USER_PASSWORD") {
        return Ok(p);
    }
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password("Password: ").context("cannot read the password");
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn add_user(
    settings: &Settings,
    username: &str,
    role: Role,
    display_name: Option<String>,
    office: Option<String>,
    unit: Option<String>,
) -> anyhow::Result<()> {
    let username = normalize_username(username).context(
        "the username must be 3–64 characters of a-z 0-9 . _ - (starting with a letter or digit)",
    )?;
    let binding = Binding::new(role, office, unit)?;
    let password = read_password()?;
    anyhow::ensure!(
        password.chars().count() >= MIN_PASSWORD_LEN,
        "the password must have at least {MIN_PASSWORD_LEN} characters"
    );
    let (_, pool) = open_database(settings)?;
    let mut conn = pool.get()?;
    let display_name = display_name.unwrap_or_else(|| username.clone());
    let account = crate::service::users::NewAccount {
        username: username.clone(),
        display_name,
        password,
        binding,
    };
    crate::service::users::create(&mut conn, &account).map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("created {role} account `{username}`");
    Ok(())
}
