//! The command line: the clap types of every command and [`run`], which parses the line and
//! hands each command to its file (`serve`, `users`, `import`, `demo`, `report`, `backup`).

mod backup;
mod demo;
mod import;
mod progress;
mod report;
mod serve;
mod users;

use crate::service::imports::ImportKind;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::domain::account::Role;

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
    /// Back the database up into FILE (which must not exist) while the server runs: SQLite
    /// with `VACUUM INTO` (one snapshot, writers go on), PostgreSQL with `pg_dump` in custom
    /// format. Writes FILE.manifest.json beside it: the migrations and the rows of every table
    /// in the copied state. The server secret is not in the database, so not in the backup:
    /// keep it apart (docs/OPERATIONS.md, "Backups").
    Backup {
        /// The backup file to write.
        file: PathBuf,
        /// Then verify the backup, as `verify FILE` does.
        #[arg(long)]
        verify: bool,
        /// With --verify on PostgreSQL: an empty database to restore the backup into and
        /// check in full (otherwise only the archive's list is read).
        #[arg(long, value_name = "URL")]
        scratch: Option<String>,
        /// The folder of pg_dump and pg_restore (default: the PATH).
        #[arg(long, env = "MOTCUA_PG_BIN", value_name = "DIR")]
        pg_bin: Option<PathBuf>,
    },
    /// Restore a backup into the database in DATABASE_URL, which must be new (a SQLite file
    /// that does not exist, a PostgreSQL database without tables), then verify it: integrity,
    /// migrations, rows per table against the manifest, report tallies against a recount.
    Restore {
        /// The backup file.
        file: PathBuf,
        /// The folder of pg_dump and pg_restore (default: the PATH).
        #[arg(long, env = "MOTCUA_PG_BIN", value_name = "DIR")]
        pg_bin: Option<PathBuf>,
    },
    /// Verify a backup file: a SQLite copy is restored into a scratch file beside it and
    /// checked (integrity, migrations, rows per table against the manifest, report tallies
    /// against a recount); a PostgreSQL archive is listed (`pg_restore --list`), and checked in
    /// full when --scratch names an empty database to restore it into. Without FILE, verifies
    /// the database in DATABASE_URL itself (its recount holds writers off while it runs).
    Verify {
        /// The backup file (default: the database in DATABASE_URL).
        file: Option<PathBuf>,
        /// On PostgreSQL: an empty database to restore the backup into and check in full.
        #[arg(long, value_name = "URL")]
        scratch: Option<String>,
        /// The folder of pg_dump and pg_restore (default: the PATH).
        #[arg(long, env = "MOTCUA_PG_BIN", value_name = "DIR")]
        pg_bin: Option<PathBuf>,
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
    /// Import the national portal's procedure export (CSV with its column names, or JSON), or
    /// its detail (`procedures_detail.jsonl`: times and fees per channel, documents).
    /// Re-importing the same file changes nothing; changed rows become new versions; bad rows
    /// are listed with their line and reason, documents tables and times to review too. Ends
    /// with a summary.
    Procedures {
        /// The file (`.csv`, `.json`, or `.jsonl` for the detail).
        file: PathBuf,
        /// First day the imported versions are in force (default: today).
        #[arg(long)]
        effective_from: Option<chrono::NaiveDate>,
        /// Write nothing when any row is bad.
        #[arg(long)]
        atomic: bool,
    },
    /// Import offices (CSV or XLSX, Vietnamese headers; see docs/IMPORT.md). All or nothing;
    /// re-importing the same file changes nothing.
    Offices {
        /// The file (`.csv` or `.xlsx`).
        file: PathBuf,
        /// Check every line and say what would be done; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Import which office receives which procedure (CSV or XLSX). All or nothing.
    Availability {
        /// The file (`.csv` or `.xlsx`).
        file: PathBuf,
        /// Check every line and say what would be done; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Import staff accounts (CSV or XLSX). New accounts get one-time passwords, written once
    /// to the passwords file (which must not exist yet) and never stored in clear.
    Staff {
        /// The file (`.csv` or `.xlsx`).
        file: PathBuf,
        /// Check every line and say what would be done; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Where to write the one-time passwords (default: FILE's name with `-passwords.csv`).
        #[arg(long)]
        passwords: Option<PathBuf>,
    },
    /// Write the import files for a province from the units and catalog already imported:
    /// `offices.csv`, `availability.csv`, `staff.csv` in OUT, to edit and import.
    ProvinceFiles {
        /// The province's GSO code (two digits, e.g. 24 for Bắc Ninh).
        #[arg(long)]
        province: String,
        /// The day the offices opened and start receiving (default 2025-07-01).
        #[arg(long, default_value = "2025-07-01")]
        opened_on: chrono::NaiveDate,
        /// The folder to write to (created if needed; existing files are not overwritten).
        #[arg(long)]
        out: PathBuf,
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
        Command::Serve => serve::serve(settings),
        Command::Migrate => serve::migrate(&settings),
        Command::User(UserCommand::Add {
            username,
            role,
            display_name,
            office,
            unit,
        }) => users::add_user(&settings, &username, role, display_name, office, unit),
        Command::Import(ImportCommand::Units { data }) => import::import_units(&settings, &data),
        Command::Import(ImportCommand::Procedures {
            file,
            effective_from,
            atomic,
        }) => import::import_procedures(&settings, &file, effective_from, atomic),
        Command::Import(ImportCommand::Offices { file, dry_run }) => {
            import::import_bulk(&settings, ImportKind::Offices, &file, dry_run, None)
        }
        Command::Import(ImportCommand::Availability { file, dry_run }) => {
            import::import_bulk(&settings, ImportKind::Availability, &file, dry_run, None)
        }
        Command::Import(ImportCommand::Staff {
            file,
            dry_run,
            passwords,
        }) => import::import_bulk(
            &settings,
            ImportKind::Staff,
            &file,
            dry_run,
            Some(passwords),
        ),
        Command::Import(ImportCommand::ProvinceFiles {
            province,
            opened_on,
            out,
        }) => import::province_files(&settings, &province, opened_on, &out),
        Command::Demo {
            applications,
            seed,
            until,
            catalog,
            pins,
            pin_sample,
        } => demo::demo(
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
        } => report::reform_progress(&settings, &unit, date, format, output.as_deref()),
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
        } => report::results(
            &settings,
            report::ResultsArgs {
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
        } => report::rebuild_tallies(&settings),
        Command::Backup {
            file,
            verify,
            scratch,
            pg_bin,
        } => backup::backup(&settings, &file, verify, scratch.as_deref(), pg_bin),
        Command::Restore { file, pg_bin } => backup::restore(&settings, &file, pg_bin),
        Command::Verify {
            file,
            scratch,
            pg_bin,
        } => backup::verify(&settings, file.as_deref(), scratch.as_deref(), pg_bin),
        Command::Openapi => Ok(()),
    }
}
