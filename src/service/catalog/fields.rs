//! Fields (lĩnh vực) of the catalog: the list, and the admin's creates and renames.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::db::fields::{self, FieldRow};
use crate::db::{self as store, DbConnection, is_unique_violation, write_transaction};
use crate::domain::procedure::field_code_for;
use crate::error::{Code, Error};
use crate::service::idempotency::{Created, Keyed, create_once};
use crate::service::version::Expected;

/// A field.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FieldOut {
    /// Code.
    #[schema(example = "ho-tich")]
    pub code: String,
    /// Vietnamese name.
    #[schema(example = "Hộ tịch")]
    pub name: String,
    /// Version for `If-Match`.
    #[schema(example = 1)]
    pub version: i64,
}

impl From<&FieldRow> for FieldOut {
    fn from(row: &FieldRow) -> Self {
        Self {
            code: row.code.clone(),
            name: row.name.clone(),
            version: row.version,
        }
    }
}

/// A new field.
#[derive(Debug, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateField {
    /// Code: lowercase letters, digits and hyphens; derived from the name when absent.
    #[validate(length(min = 1, max = 64))]
    #[schema(example = "dat-dai")]
    pub code: Option<String>,
    /// Vietnamese name.
    #[validate(length(min = 1, max = 200))]
    #[schema(example = "Đất đai")]
    pub name: String,
}

/// A new name for a field.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateField {
    /// Vietnamese name.
    #[validate(length(min = 1, max = 200))]
    #[schema(example = "Đất đai")]
    pub name: String,
    /// The version being changed, when `If-Match` is not sent.
    pub version: Option<i64>,
}

impl CreateField {
    /// The new field's code: the one given, or one derived from the name.
    pub fn code(&self) -> Result<String, Error> {
        let code = self
            .code
            .clone()
            .unwrap_or_else(|| field_code_for(&self.name));
        if valid_code(&code) {
            Ok(code)
        } else {
            Err(Error::field(
                "code",
                "pattern",
                "chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang",
                "lowercase letters, digits and hyphens only",
            ))
        }
    }
}

fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Every field, by code.
pub fn list(conn: &mut DbConnection) -> Result<Vec<FieldOut>, Error> {
    Ok(fields::list(conn)?.iter().map(FieldOut::from).collect())
}

/// Creates field `code` named `name`, inside the caller's write transaction (the one that
/// also keeps the answer for retries of the request).
pub fn create_in(conn: &mut DbConnection, code: String, name: &str) -> Result<FieldOut, Error> {
    let now = store::now();
    let name = name.trim().to_owned();
    let row = FieldRow {
        code,
        name_folded: crate::domain::text::fold(&name),
        name,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    fields::insert(conn, &row).map_err(|e| {
        if is_unique_violation(&e) {
            Error::conflict(Code::FieldExists)
        } else {
            e.into()
        }
    })?;
    Ok(FieldOut::from(&row))
}

/// Renames field `code` in its own write transaction. `expected` is the version the caller
/// changes; a stale one is 409 or 412 by where the caller said it.
pub fn rename(
    conn: &mut DbConnection,
    code: &str,
    name: &str,
    expected: Expected,
) -> Result<FieldOut, Error> {
    write_transaction(conn, |conn| {
        let current = fields::find(conn, code)?.ok_or(Error::NotFound(Code::FieldNotFound))?;
        if current.version != expected.version()
            || !fields::rename(conn, code, expected.version(), name.trim(), store::now())?
        {
            return Err(expected.stale(current.version));
        }
        fields::find(conn, code)?
            .map(|row| FieldOut::from(&row))
            .ok_or(Error::NotFound(Code::FieldNotFound))
    })
}

/// Creates a field once: a retry of the same keyed request gets the first answer.
pub fn create(
    conn: &mut DbConnection,
    keyed: &Keyed,
    code: String,
    name: &str,
) -> Result<Created, Error> {
    create_once(conn, keyed, |conn| {
        let out = create_in(conn, code, name)?;
        Ok(Created::new(
            serde_json::to_value(&out).map_err(Error::internal)?,
            format!("/api/v1/fields/{}", out.code),
        ))
    })
}
