//! Fields (lĩnh vực): public reads, admin writes.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::access::Admin;
use super::idempotency::{IdempotencyKey, created};
use super::precondition::expected;
use super::responses::{AdminOnly, VersionPreconditions};
use crate::db::fields::{self, FieldRow};
use crate::db::{self as store, is_unique_violation, write_transaction};
use crate::domain::procedure::field_code_for;
use crate::error::{Code, Error, Problem};
use crate::service::idempotency::{Created, create_once};
use crate::state::{AppState, db};

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

/// Every field.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldList {
    /// Fields by code.
    pub items: Vec<FieldOut>,
    /// How many.
    pub total: usize,
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

fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// List fields.
#[utoipa::path(
    tag = "catalog",
    operation_id = "list_fields",
    responses((status = 200, description = "Every field, by code", body = FieldList))
)]
#[get("/fields")]
pub async fn list_fields(state: web::Data<AppState>) -> Result<web::Json<FieldList>, Error> {
    let rows = db(&state, |conn| Ok(fields::list(conn)?)).await?;
    let items: Vec<FieldOut> = rows.iter().map(FieldOut::from).collect();
    Ok(web::Json(FieldList {
        total: items.len(),
        items,
    }))
}

/// Create a field.
#[utoipa::path(
    tag = "catalog",
    operation_id = "create_field",
    security(("bearer" = [])),
    request_body(content = CreateField, example = json!({"code": "ho-tich", "name": "Hộ tịch"})),
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry key")),
    responses(
        (status = 201, description = "Created", body = FieldOut),
        AdminOnly,
        (status = 409, description = "The code exists", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/fields")]
pub async fn create_field(
    state: web::Data<AppState>,
    admin: Admin,
    key: IdempotencyKey,
    body: web::Json<CreateField>,
) -> Result<HttpResponse, Error> {
    body.validate()?;
    let body = body.into_inner();
    let code = body
        .code
        .clone()
        .unwrap_or_else(|| field_code_for(&body.name));
    if !valid_code(&code) {
        return Err(Error::field(
            "code",
            "pattern",
            "chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang",
            "lowercase letters, digits and hyphens only",
        ));
    }
    let keyed = key.bind(&admin.0, "/api/v1/fields", &body)?;
    let name = body.name.trim().to_owned();
    let answer = db(&state, move |conn| {
        create_once(conn, &keyed, |conn| {
            let now = store::now();
            let row = FieldRow {
                code: code.clone(),
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
            Ok(Created {
                body: serde_json::to_value(FieldOut::from(&row)).map_err(Error::internal)?,
                location: Some(format!("/api/v1/fields/{}", row.code)),
                replayed: false,
            })
        })
    })
    .await?;
    state.catalog.invalidate();
    Ok(created(answer))
}

/// Rename a field.
#[utoipa::path(
    tag = "catalog",
    operation_id = "update_field",
    security(("bearer" = [])),
    request_body(content = UpdateField, example = json!({"name": "Hộ tịch", "version": 1})),
    params(
        ("code" = String, Path, description = "Field code"),
        ("If-Match" = Option<String>, Header, description = "The ETag of the version being changed"),
    ),
    responses(
        (status = 200, description = "Renamed", body = FieldOut),
        AdminOnly,
        (status = 404, description = "No such field", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale `version`", body = Problem, content_type = "application/problem+json"),
        VersionPreconditions,
    )
)]
#[patch("/fields/{code}")]
pub async fn update_field(
    state: web::Data<AppState>,
    _admin: Admin,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<UpdateField>,
) -> Result<HttpResponse, Error> {
    body.validate()?;
    let body = body.into_inner();
    let expected = expected(&req, body.version)?;
    let code = path.into_inner();
    let row = db(&state, move |conn| {
        write_transaction(conn, |conn| {
            let current = fields::find(conn, &code)?.ok_or(Error::NotFound(Code::FieldNotFound))?;
            if current.version != expected.version()
                || !fields::rename(
                    conn,
                    &code,
                    expected.version(),
                    body.name.trim(),
                    store::now(),
                )?
            {
                return Err(expected.stale(current.version));
            }
            fields::find(conn, &code)?.ok_or(Error::NotFound(Code::FieldNotFound))
        })
    })
    .await?;
    state.catalog.invalidate();
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{}\"", row.version)))
        .json(FieldOut::from(&row)))
}
