//! Accounts handed a one-time password: an account the administrator's pages create, and a
//! password reset. The password is generated here, returned once to the caller (the page
//! shows it a single time), stored only as its Argon2 hash, and the account must change it
//! at its next sign-in.

use crate::db::users::UserView;
use crate::db::{DbConnection, users, write_transaction};
use crate::domain::account::Binding;
use crate::domain::credentials::generate_password;
use crate::error::{Code, Error};
use crate::service::version::Expected;

use super::{AccountChanges, NewAccount, apply_update, insert};

/// A new or reset password, given once.
#[derive(Debug, Clone)]
pub struct OneTime {
    /// The account as it is now.
    pub user: UserView,
    /// The password in clear: shown once, never stored nor logged.
    pub password: String,
}

fn fresh() -> Result<String, Error> {
    generate_password().map_err(Error::internal)
}

/// Creates an account with a generated one-time password, in one write transaction. A taken
/// username is 409 `username_taken`; a binding naming no office or unit a 422 on its field.
pub fn create(
    conn: &mut DbConnection,
    username: &str,
    display_name: &str,
    binding: Binding,
) -> Result<OneTime, Error> {
    let password = fresh()?;
    let account = NewAccount {
        username: username.to_owned(),
        display_name: display_name.trim().to_owned(),
        password: password.clone(),
        binding,
    };
    let user = write_transaction(conn, |conn| {
        let user = insert(conn, &account)?;
        users::set_password_change_required(conn, &user.row.id, true)?;
        users::find_by_id(conn, &user.row.id)?.ok_or(Error::NotFound(Code::UserNotFound))
    })?;
    Ok(OneTime { user, password })
}

/// Gives an account a new generated password if it still has version `expected`: every
/// session of the account ends (the API's and the pages'), and the password must be changed
/// at the next sign-in. A stale version is refused as [`Expected::stale`] says, so a reset
/// sent twice (a reload) makes one password only.
pub fn reset_password(
    conn: &mut DbConnection,
    username: &str,
    expected: Expected,
) -> Result<OneTime, Error> {
    let password = fresh()?;
    let user = write_transaction(conn, |conn| {
        let changes = AccountChanges {
            password: Some(password.clone()),
            ..AccountChanges::default()
        };
        let user = apply_update(conn, username, expected, changes)?;
        users::set_password_change_required(conn, &user.row.id, true)?;
        users::find_by_id(conn, &user.row.id)?.ok_or(Error::NotFound(Code::UserNotFound))
    })?;
    Ok(OneTime { user, password })
}
