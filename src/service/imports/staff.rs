//! Staff accounts in bulk: one row per account, keyed by username. A new username gets an
//! account with a one-time password (returned once in the report, stored only as its Argon2
//! hash, and marked to be changed at the first sign-in); a known one is brought to the row's
//! name, role and office or unit, and keeps its password: an import never resets one.

use std::collections::HashMap;

use super::{
    BulkReport, Column, ImportKind, LineError, OneTimePassword, Outcome, Row, Table, duplicate,
    keep, run,
};
use crate::db::{DbConnection, users as store};
use crate::domain::account::{Binding, Role, normalize_username};
use crate::domain::credentials::generate_password;
use crate::domain::text::fold;
use crate::error::Error;
use crate::service::users::{self, AccountChanges, NewAccount};
use crate::service::version::Expected;

/// The template's columns.
pub const COLUMNS: &[Column] = &[
    Column {
        key: "ten_dang_nhap",
        header: "Tên đăng nhập",
        required: true,
    },
    Column {
        key: "ho_ten",
        header: "Họ và tên",
        required: true,
    },
    Column {
        key: "vai_tro",
        header: "Vai trò",
        required: true,
    },
    Column {
        key: "ma_co_quan",
        header: "Mã cơ quan",
        required: false,
    },
    Column {
        key: "ma_don_vi",
        header: "Mã đơn vị hành chính",
        required: false,
    },
];

/// A role by its token or Vietnamese name.
pub fn parse_role(text: &str) -> Option<Role> {
    if let Ok(role) = text.trim().parse::<Role>() {
        return Some(role);
    }
    let folded = fold(text);
    let has = |w: &str| folded.contains(w);
    if has("quan tri") {
        Some(Role::Admin)
    } else if has("mot cua") || has("tiep nhan") {
        Some(Role::Clerk)
    } else if has("chuyen vien") {
        Some(Role::Specialist)
    } else if has("lanh dao") {
        Some(Role::Official)
    } else {
        None
    }
}

fn column_of(field: &str) -> Option<&'static str> {
    Some(match field {
        "office_code" => "ma_co_quan",
        "unit_code" => "ma_don_vi",
        "username" => "ten_dang_nhap",
        "display_name" => "ho_ten",
        "role" => "vai_tro",
        _ => return None,
    })
}

fn check(row: &Row) -> Result<(String, String, Binding), Vec<LineError>> {
    let line = row.line;
    let mut errors = Vec::new();
    let username = keep(
        &mut errors,
        row.required("ten_dang_nhap").and_then(|u| {
            normalize_username(u).ok_or_else(|| {
                LineError::new(
                    line,
                    Some("ten_dang_nhap"),
                    format!("“{u}”: 3–64 ký tự a-z, 0-9, dấu chấm, gạch dưới, gạch ngang"),
                    format!("“{u}”: 3–64 characters of a-z, 0-9, dot, underscore, hyphen"),
                )
            })
        }),
    );
    let name = keep(&mut errors, row.required("ho_ten")).map(str::to_owned);
    let role = keep(&mut errors, row.required("vai_tro").and_then(|r| {
        parse_role(r).ok_or_else(|| {
            LineError::new(
                line,
                Some("vai_tro"),
                format!("“{r}”: ghi quản trị, một cửa, chuyên viên hoặc lãnh đạo (admin, clerk, specialist, official)"),
                format!("“{r}”: write admin, clerk, specialist or official (quản trị, một cửa, chuyên viên, lãnh đạo)"),
            )
        })
    }));
    let binding = role.and_then(|role| {
        match users::binding(
            role,
            row.get("ma_co_quan").map(str::to_owned),
            row.get("ma_don_vi").map(str::to_owned),
        ) {
            Ok(b) => Some(b),
            Err(e) => {
                errors.extend(LineError::from_error(line, e, column_of));
                None
            }
        }
    });
    match (username, name, binding) {
        (Some(u), Some(n), Some(b)) if errors.is_empty() => Ok((u, n, b)),
        _ => Err(errors),
    }
}

fn apply(
    conn: &mut DbConnection,
    row: &Row,
    dry_run: bool,
    (username, display_name, binding): (String, String, Binding),
    report: &mut BulkReport,
) -> Result<Result<Outcome, Vec<LineError>>, Error> {
    let line = row.line;
    let as_line = |e: Error| LineError::from_error(line, e, column_of);
    let Some(current) = store::find_by_username(conn, &username)? else {
        if dry_run {
            // The same checks as a create, without spending Argon2's time on a password
            // nobody will see.
            return Ok(users::resolve_binding(conn, &binding)
                .map(|_| Outcome::Created)
                .map_err(as_line));
        }
        let password = generate_password().map_err(Error::internal)?;
        let account = NewAccount {
            username: username.clone(),
            display_name: display_name.trim().to_owned(),
            password: password.clone(),
            binding,
        };
        let created = match users::insert(conn, &account) {
            Ok(created) => created,
            Err(e @ Error::Validation(_)) => return Ok(Err(as_line(e))),
            Err(e) => return Err(e),
        };
        store::set_password_change_required(conn, &created.row.id, true)?;
        report.passwords.push(OneTimePassword {
            line,
            username,
            display_name: account.display_name,
            password,
        });
        return Ok(Ok(Outcome::Created));
    };
    let same = current.row.display_name == display_name.trim()
        && current.row.role == binding.role().as_str()
        && current.office_code.as_deref() == binding.office_code()
        && current.unit_code.as_deref() == binding.unit_code();
    if same {
        return Ok(Ok(Outcome::Unchanged));
    }
    let changes = AccountChanges {
        display_name: Some(display_name.trim().to_owned()),
        role: Some(binding.role()),
        office_code: binding.office_code().map(str::to_owned),
        unit_code: binding.unit_code().map(str::to_owned),
        ..AccountChanges::default()
    };
    match users::apply_update(
        conn,
        &username,
        Expected::Field(current.row.version),
        changes,
    ) {
        Ok(_) => Ok(Ok(Outcome::Updated)),
        Err(e @ (Error::Validation(_) | Error::Conflict { .. })) => Ok(Err(as_line(e))),
        Err(e) => Err(e),
    }
}

/// Imports staff accounts (see the module's and [`super`]'s documentation). The report's
/// `passwords` are the only copy of the new accounts' passwords.
pub fn import(conn: &mut DbConnection, table: Table, dry_run: bool) -> Result<BulkReport, Error> {
    run(
        conn,
        ImportKind::Staff,
        table,
        dry_run,
        HashMap::<String, usize>::new(),
        |conn, seen, row, report| {
            let wanted = match check(row) {
                Ok(w) => w,
                Err(errors) => return Ok(Err(errors)),
            };
            if let Some(e) = duplicate(seen, wanted.0.clone(), row.line, "ten_dang_nhap") {
                return Ok(Err(vec![e]));
            }
            apply(conn, row, dry_run, wanted, report)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_by_token_or_vietnamese_name() {
        assert_eq!(parse_role("clerk"), Some(Role::Clerk));
        assert_eq!(parse_role("Cán bộ một cửa"), Some(Role::Clerk));
        assert_eq!(parse_role("Chuyên viên"), Some(Role::Specialist));
        assert_eq!(parse_role("lanh dao"), Some(Role::Official));
        assert_eq!(parse_role("Quản trị viên"), Some(Role::Admin));
        assert_eq!(parse_role("bảo vệ"), None);
    }
}
