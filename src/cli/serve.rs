//! `serve` (the default command) and `migrate`.

use crate::config::Settings;
use crate::db::migrations;
use crate::startup::{Application, open_database};

/// Runs the HTTP server until it is stopped.
pub(super) fn serve(settings: Settings) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(settings).await?;
        app.run_until_stopped().await?;
        tracing::info!("stopped");
        Ok(())
    })
}

/// Opens the database (which applies pending migrations) and says whether they are current.
pub(super) fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let (url, pool) = open_database(settings)?;
    let mut conn = pool.get()?;
    let current = migrations::is_current(&mut conn)?;
    println!(
        "{url}: migrations {}",
        if current { "current" } else { "pending" }
    );
    Ok(())
}
