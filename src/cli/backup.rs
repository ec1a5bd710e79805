//! `backup`, `restore` and `verify`: the operations of `service::backup`, and what they found.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::config::Settings;
use crate::db::DatabaseUrl;
use crate::service::backup::{self as op, Tools, Verification};
use crate::startup::{office_hours, sqlite_options};

/// Backs the database up into `file`, then verifies the copy when asked.
pub(super) fn backup(
    settings: &Settings,
    file: &Path,
    then_verify: bool,
    scratch: Option<&str>,
    pg_bin: Option<PathBuf>,
) -> anyhow::Result<()> {
    let url = DatabaseUrl::parse(&settings.database_url)?;
    let tools = Tools { bin_dir: pg_bin };
    let manifest = op::backup(&url, sqlite_options(settings), file, &tools)?;
    println!(
        "{} written in {:.2} s: {:.1} MB, {} tables, {} rows (manifest: {})",
        file.display(),
        manifest.seconds,
        manifest.bytes as f64 / 1e6,
        manifest.counts.len(),
        manifest.rows(),
        op::manifest_path(file).display()
    );
    secret_note(settings, "backup");
    if then_verify {
        verify(settings, Some(file), scratch, tools.bin_dir)?;
    }
    Ok(())
}

/// Restores `file` into the database in DATABASE_URL (a new one) and verifies it.
pub(super) fn restore(
    settings: &Settings,
    file: &Path,
    pg_bin: Option<PathBuf>,
) -> anyhow::Result<()> {
    let url = DatabaseUrl::parse(&settings.database_url)?;
    let started = std::time::Instant::now();
    let verification = op::restore(
        file,
        &url,
        sqlite_options(settings),
        &Tools { bin_dir: pg_bin },
        office_hours(settings)?,
    )
    .with_context(|| format!("cannot restore {} into {url}", file.display()))?;
    println!(
        "{} restored into {url} in {:.2} s",
        file.display(),
        started.elapsed().as_secs_f64()
    );
    secret_note(settings, "restore");
    report(&verification)
}

/// Verifies a backup file, or the database in DATABASE_URL without one.
pub(super) fn verify(
    settings: &Settings,
    file: Option<&Path>,
    scratch: Option<&str>,
    pg_bin: Option<PathBuf>,
) -> anyhow::Result<()> {
    let hours = office_hours(settings)?;
    let started = std::time::Instant::now();
    let verification = match file {
        Some(file) => {
            let scratch = scratch.map(DatabaseUrl::parse).transpose()?;
            op::verify_file(
                file,
                sqlite_options(settings),
                &Tools { bin_dir: pg_bin },
                scratch.as_ref(),
                hours,
            )
            .with_context(|| format!("cannot verify {}", file.display()))?
        }
        None => {
            let url = DatabaseUrl::parse(&settings.database_url)?;
            if let DatabaseUrl::Sqlite(path) = &url {
                anyhow::ensure!(path.exists(), "{} does not exist", path.display());
            }
            let mut conn = crate::db::connect(&url, sqlite_options(settings))?;
            op::verify_database(&mut conn, hours, None)?
        }
    };
    println!("verified in {:.2} s", started.elapsed().as_secs_f64());
    report(&verification)
}

/// Prints the verification; fails when a check failed.
fn report(verification: &Verification) -> anyhow::Result<()> {
    print!("{verification}");
    anyhow::ensure!(verification.passed(), "the verification failed");
    if !verification.complete() {
        println!(
            "only the archive was read: give --scratch URL (an empty database) to check the data"
        );
    }
    Ok(())
}

/// Says where the server secret is, since no backup holds it.
fn secret_note(settings: &Settings, after: &str) {
    if settings.secret.is_some() {
        println!(
            "the server secret is set in the settings (MOTCUA_SECRET) and is not in the database: \
             the restored server needs the same one"
        );
        return;
    }
    match crate::startup::secret_path(settings) {
        Ok(path) if after == "backup" => println!(
            "the server secret is not in the backup: keep {} apart (without it every PIN and \
             QR link issued so far stops working)",
            path.display()
        ),
        Ok(path) if path.exists() => {
            println!("the server will use the secret in {}", path.display());
        }
        Ok(path) => println!(
            "no secret at {}: copy the old server's secret file there (or set MOTCUA_SECRET) \
             before the first start, or a new one is made and every PIN issued so far stops \
             working",
            path.display()
        ),
        Err(e) => println!("{e}"),
    }
}
