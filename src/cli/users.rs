//! `user add`: creating a staff account, with its password read off the command line.

use std::io::{BufRead, IsTerminal};

use anyhow::Context;

use crate::config::Settings;
use crate::domain::account::{Binding, MIN_PASSWORD_LEN, Role, normalize_username};
use crate::startup::open_database;

/// Reads the new account's password from MOTCUA_NEW_USER_PASSWORD or standard input.
pub(super) fn read_password() -> anyhow::Result<String> {
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

/// Creates the staff account after checking its name, binding and password.
pub(super) fn add_user(
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
