//! Fields (lĩnh vực): public reads, admin writes.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use serde::Serialize;
use utoipa::ToSchema;
use validator::Validate;

use super::access::Admin;
use super::idempotency::{IdempotencyKey, created};
use super::precondition::expected;
use super::responses::{AdminOnly, VersionPreconditions};
use crate::error::{Error, Problem};
use crate::service::catalog::fields::{self, CreateField, FieldOut, UpdateField};
use crate::service::catalog::write;
use crate::state::{AppState, db};

/// Every field.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldList {
    /// Fields by code.
    pub items: Vec<FieldOut>,
    /// How many.
    pub total: usize,
}

/// List fields.
#[utoipa::path(
    tag = "catalog",
    operation_id = "list_fields",
    responses((status = 200, description = "Every field, by code", body = FieldList))
)]
#[get("/fields")]
pub async fn list_fields(state: web::Data<AppState>) -> Result<web::Json<FieldList>, Error> {
    let items = db(&state, fields::list).await?;
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
    let code = body.code()?;
    let keyed = key.bind(&admin.0, "/api/v1/fields", &body)?;
    let answer = write(&state, move |conn| {
        fields::create(conn, &keyed, code, &body.name)
    })
    .await?;
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
    let out = write(&state, move |conn| {
        fields::rename(conn, &code, &body.name, expected)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{}\"", out.version)))
        .json(out))
}
