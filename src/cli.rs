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
        Command::Openapi => Ok(()),
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
