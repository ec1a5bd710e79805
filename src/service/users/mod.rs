//! Staff accounts: create, list, read and change them; sign-in and sessions in [`sessions`].

pub mod one_time;
pub mod sessions;

use crate::db::users::{NewUser, UserChanges, UserFilter, UserView};
use crate::db::{
    self as store, DbConnection, is_unique_violation, offices, units, users, write_transaction,
};
use crate::domain::account::{Binding, BindingError, Role, normalize_username};
use crate::domain::credentials::hash_password;
use crate::error::{Code, Error};
use crate::service::idempotency::{Created, Keyed, create_once};
use crate::service::version::Expected;

/// A new staff account, before its password is hashed.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// The normalised (lowercase) username.
    pub username: String,
    /// Name shown to people.
    pub display_name: String,
    /// The password in clear; only its Argon2 hash is stored.
    pub password: String,
    /// The role and the office or unit it is bound to.
    pub binding: Binding,
}

/// Changes to an account; `None` leaves a value as it is. A new role takes the office or unit
/// given with it; the same role keeps the one it had unless another is given.
#[derive(Debug, Clone, Default)]
pub struct AccountChanges {
    /// New display name.
    pub display_name: Option<String>,
    /// New password, in clear.
    pub password: Option<String>,
    /// New role.
    pub role: Option<Role>,
    /// New office (clerks and specialists).
    pub office_code: Option<String>,
    /// New unit (officials).
    pub unit_code: Option<String>,
    /// Enable or disable sign-in.
    pub active: Option<bool>,
}

/// Which accounts to list, and which page.
#[derive(Debug, Clone, Default)]
pub struct AccountQuery {
    /// Only this role.
    pub role: Option<Role>,
    /// Only active (true) or inactive (false) accounts.
    pub active: Option<bool>,
    /// Only accounts of this office (its current or a former agency code).
    pub office_code: Option<String>,
    /// The username the previous page ended with.
    pub after: Option<String>,
    /// Most accounts on the page.
    pub limit: i64,
}

/// A role and its office or unit codes as a binding, or a 422 naming the field that is
/// missing or does not apply.
pub fn binding(
    role: Role,
    office_code: Option<String>,
    unit_code: Option<String>,
) -> Result<Binding, Error> {
    Binding::new(role, office_code, unit_code).map_err(binding_error)
}

fn binding_error(e: BindingError) -> Error {
    match e {
        BindingError::OfficeRequired(_) => Error::field(
            "office_code",
            "required",
            "là bắt buộc với cán bộ một cửa và chuyên viên",
            "is required for clerks and specialists",
        ),
        BindingError::UnitRequired => Error::field(
            "unit_code",
            "required",
            "là bắt buộc với lãnh đạo",
            "is required for officials",
        ),
        BindingError::Unexpected { what, .. } => {
            let field = if what == "an office" {
                "office_code"
            } else {
                "unit_code"
            };
            Error::field(
                field,
                "not_allowed",
                "không áp dụng cho vai trò này",
                "does not apply to this role",
            )
        }
    }
}

/// Finds the ids of the office or unit a binding names.
pub(crate) fn resolve_binding(
    conn: &mut DbConnection,
    binding: &Binding,
) -> Result<(Option<String>, Option<String>), Error> {
    match binding {
        Binding::Admin => Ok((None, None)),
        Binding::Office { office_code, .. } => offices::find_id_by_code(conn, office_code)?
            .map(|id| (Some(id), None))
            .ok_or_else(|| {
                Error::field(
                    "office_code",
                    "exists",
                    "không có bộ phận nào mang mã này",
                    "no office has this code",
                )
            }),
        Binding::Unit { unit_code } => {
            units::find_id_valid_on(conn, unit_code, crate::domain::today())?
                .map(|id| (None, Some(id)))
                .ok_or_else(|| {
                    Error::field(
                        "unit_code",
                        "exists",
                        "không có đơn vị hành chính đang hiệu lực mang mã này",
                        "no unit valid today has this code",
                    )
                })
        }
    }
}

fn find(conn: &mut DbConnection, username: &str) -> Result<UserView, Error> {
    let username = normalize_username(username).ok_or(Error::NotFound(Code::UserNotFound))?;
    users::find_by_username(conn, &username)?.ok_or(Error::NotFound(Code::UserNotFound))
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::internal(anyhow::anyhow!("{e}"))
}

/// Creates an account in its own write transaction. A taken username is 409
/// `username_taken`, also when another server created it a moment before.
pub fn create(conn: &mut DbConnection, account: &NewAccount) -> Result<UserView, Error> {
    write_transaction(conn, |conn| insert(conn, account))
}

/// Creates an account in the caller's write transaction, for a create that must commit with
/// something else (the stored answer of an idempotent request).
pub fn insert(conn: &mut DbConnection, account: &NewAccount) -> Result<UserView, Error> {
    let (office_id, unit_id) = resolve_binding(conn, &account.binding)?;
    let password_hash = hash_password(&account.password).map_err(internal)?;
    let now = store::now();
    let id = uuid::Uuid::new_v4().to_string();
    users::insert(
        conn,
        &NewUser {
            id: &id,
            username: &account.username,
            display_name: &account.display_name,
            password_hash: &password_hash,
            role: account.binding.role().as_str(),
            office_id: office_id.as_deref(),
            unit_id: unit_id.as_deref(),
            active: true,
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )
    .map_err(|e| {
        if is_unique_violation(&e) {
            Error::conflict(Code::UsernameTaken)
        } else {
            e.into()
        }
    })?;
    users::find_by_id(conn, &id)?
        .ok_or_else(|| Error::internal(anyhow::anyhow!("account vanished")))
}

/// A page of accounts in username order, and how many match in all. An office code no
/// office carries matches no account.
pub fn list(conn: &mut DbConnection, query: &AccountQuery) -> Result<(Vec<UserView>, i64), Error> {
    let office_id = match &query.office_code {
        Some(code) => match offices::find_id_by_code(conn, code)? {
            Some(id) => Some(id),
            None => return Ok((Vec::new(), 0)),
        },
        None => None,
    };
    let filter = UserFilter {
        role: query.role.map(|r| r.as_str().to_owned()),
        active: query.active,
        office_id,
    };
    Ok(users::list(
        conn,
        &filter,
        query.after.as_deref(),
        query.limit,
    )?)
}

/// One account, by username in any case.
pub fn get(conn: &mut DbConnection, username: &str) -> Result<UserView, Error> {
    find(conn, username)
}

/// Changes an account if it still has version `expected`; a stale one is 409 or 412 by where the caller said it. For a
/// version that moved on (the faces answer it differently depending on where the version
/// came from). The last active administrator cannot be demoted or disabled; a new password or
/// deactivation signs the account out everywhere.
pub fn update(
    conn: &mut DbConnection,
    username: &str,
    expected: Expected,
    changes: AccountChanges,
) -> Result<UserView, Error> {
    write_transaction(conn, |conn| apply_update(conn, username, expected, changes))
}

pub(crate) fn apply_update(
    conn: &mut DbConnection,
    username: &str,
    expected: Expected,
    body: AccountChanges,
) -> Result<UserView, Error> {
    let current = find(conn, username)?;
    if current.row.version != expected.version() {
        return Err(expected.stale(current.row.version));
    }
    let old_role: Role = current.row.role.parse().map_err(internal)?;
    let mut changes = UserChanges {
        display_name: body.display_name.map(|n| n.trim().to_owned()),
        active: body.active,
        ..UserChanges::default()
    };
    let rebinding = body.role.is_some() || body.office_code.is_some() || body.unit_code.is_some();
    let new_role = body.role.unwrap_or(old_role);
    if rebinding {
        let keep = new_role == old_role;
        let office = body
            .office_code
            .or_else(|| keep.then(|| current.office_code.clone()).flatten());
        let unit = body
            .unit_code
            .or_else(|| keep.then(|| current.unit_code.clone()).flatten());
        let binding = binding(new_role, office, unit)?;
        let (office_id, unit_id) = resolve_binding(conn, &binding)?;
        changes.role = Some(new_role.as_str().to_owned());
        changes.office_id = Some(office_id);
        changes.unit_id = Some(unit_id);
    }
    let loses_admin = old_role == Role::Admin
        && current.row.active
        && (new_role != Role::Admin || body.active == Some(false));
    if loses_admin {
        // Lock every active administrator first, so two concurrent demotions cannot both
        // see the other still active.
        users::lock_active_admins(conn)?;
        let admins = users::count_active_admins(conn)?;
        if admins <= 1 {
            return Err(Error::Conflict {
                code: Code::LastAdmin,
                detail: Some((
                    "Không thể bỏ quyền hoặc khóa quản trị viên cuối cùng.".into(),
                    "The last active administrator cannot be demoted or disabled.".into(),
                )),
            });
        }
    }
    let sign_out = body.password.is_some() || body.active == Some(false);
    if let Some(password) = &body.password {
        changes.password_hash = Some(hash_password(password).map_err(internal)?);
    }
    let now = store::now();
    if !users::update(conn, &current.row.id, expected.version(), &changes, now)? {
        let latest = find(conn, username)?;
        return Err(expected.stale(latest.row.version));
    }
    if body.password.is_some() {
        users::set_password_change_required(conn, &current.row.id, false)?;
    }
    if sign_out {
        crate::db::sessions::revoke_all_for_user(conn, &current.row.id, now)?;
    }
    users::find_by_id(conn, &current.row.id)?.ok_or(Error::NotFound(Code::UserNotFound))
}

/// Creates an account once: a retry of the same keyed request gets the first answer. `answer`
/// renders the new account as the face shows it (never its password).
pub fn create_keyed(
    conn: &mut DbConnection,
    keyed: &Keyed,
    account: &NewAccount,
    answer: impl FnOnce(&UserView) -> serde_json::Result<serde_json::Value>,
) -> Result<Created, Error> {
    create_once(conn, keyed, |conn| {
        let user = insert(conn, account)?;
        Ok(Created::new(
            answer(&user).map_err(Error::internal)?,
            format!("/api/v1/users/{}", user.row.username),
        ))
    })
}
