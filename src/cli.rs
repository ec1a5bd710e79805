//! The command line.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::db::migrations;
use crate::domain::account::{Binding, MIN_PASSWORD_LEN, Role, normalize_username};
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
        Command::Openapi => Ok(()),
    }
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
    match output {
        Some(path) => std::fs::write(path, &bytes)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&bytes)?;
        }
    }
    Ok(())
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
    let cache = crate::api::calendar_cache::CalendarCache::new(hours);
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
            None if done >= self.last_line.get() + 500 || done == self.total.get() => {
                self.last_line.set(done);
                eprintln!("{done}/{} rows", self.total.get());
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
    crate::api::users::insert_user(&mut conn, &username, &display_name, &password, &binding)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("created {role} account `{username}`");
    Ok(())
}
