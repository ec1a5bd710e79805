//! Staff account management (administrators only).

use actix_web::http::header::ETAG;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::{Validate, ValidationError};

use super::access::Admin;
use super::idempotency::{IdempotencyKey, created};
use super::pagination::{Page, PageQuery};
use super::precondition::expected;
use super::query::Query;
use super::responses::{AdminOnly, VersionPreconditions};
use crate::db::users::UserView;
use crate::domain::account::{Role, normalize_username};
use crate::error::{Error, Problem};
use crate::service::users::{self as accounts, AccountChanges, AccountQuery, NewAccount};
use crate::state::{AppState, db};
use crate::validation::rule;

/// A staff account as the API shows it (never the password hash).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UserOut {
    /// Opaque id.
    #[schema(example = "4f7f3c5e-2a51-4c8e-9a57-0d4c7b0e9f11")]
    pub id: String,
    /// Lowercase login name.
    #[schema(example = "nguyen.van.a")]
    pub username: String,
    /// Name shown to people.
    #[schema(example = "Nguyễn Văn A")]
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Agency code of the office (clerks and specialists).
    #[schema(example = "H56.14")]
    pub office_code: Option<String>,
    /// GSO code of the unit (officials).
    #[schema(example = json!(null))]
    pub unit_code: Option<String>,
    /// Whether the account may sign in.
    pub active: bool,
    /// Version for `If-Match`.
    #[schema(example = 1)]
    pub version: i64,
    /// Created (UTC).
    pub created_at: DateTime<Utc>,
    /// Last changed (UTC).
    pub updated_at: DateTime<Utc>,
    /// The account signs in with a one-time password handed out by an import: it is to be
    /// changed at once (cleared when the password changes).
    pub password_change_required: bool,
}

impl From<&UserView> for UserOut {
    fn from(view: &UserView) -> Self {
        let row = &view.row;
        Self {
            id: row.id.clone(),
            username: row.username.clone(),
            display_name: row.display_name.clone(),
            role: row.role.parse().unwrap_or(Role::Clerk),
            office_code: view.office_code.clone(),
            unit_code: view.unit_code.clone(),
            active: row.active,
            password_change_required: row.password_change_required,
            version: row.version,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        }
    }
}

fn valid_username(name: &str) -> Result<(), ValidationError> {
    normalize_username(name).map(drop).ok_or_else(|| {
        rule(
            "username",
            "chỉ gồm 3–64 ký tự a-z, 0-9, dấu chấm, gạch dưới, gạch ngang; bắt đầu bằng chữ hoặc số",
            "must be 3–64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit",
        )
    })
}

fn valid_role(role: &str) -> Result<(), ValidationError> {
    role.parse::<Role>().map(drop).map_err(|_| {
        rule(
            "one_of",
            "phải là một trong: admin, clerk, specialist, official",
            "must be one of: admin, clerk, specialist, official",
        )
    })
}

/// A new staff account.
#[derive(Debug, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    /// 3–64 characters of `a-z 0-9 . _ -`; stored lowercase.
    #[validate(custom(function = "valid_username"))]
    #[schema(example = "tran.thi.b")]
    pub username: String,
    /// Name shown to people.
    #[validate(length(min = 1, max = 200))]
    #[schema(example = "Trần Thị B")]
    pub display_name: String,
    /// At least 10 characters.
    #[validate(length(min = 10, max = 256))]
    #[schema(example = "mật-khẩu-đủ-dài", format = Password)]
    pub password: String,
    /// `admin`, `clerk`, `specialist` or `official`.
    #[validate(custom(function = "valid_role"))]
    #[schema(example = "clerk")]
    pub role: String,
    /// Agency code of the office, for clerks and specialists.
    #[schema(example = "H56.14")]
    pub office_code: Option<String>,
    /// GSO code of the unit, for officials.
    pub unit_code: Option<String>,
}

/// Changes to a staff account; absent fields stay as they are. Changing the role takes the
/// office or unit given with it. A new password or deactivation signs the account out
/// everywhere.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    /// New display name.
    #[validate(length(min = 1, max = 200))]
    pub display_name: Option<String>,
    /// New password (at least 10 characters).
    #[validate(length(min = 10, max = 256))]
    #[schema(format = Password)]
    pub password: Option<String>,
    /// New role.
    #[validate(custom(function = "valid_role"))]
    pub role: Option<String>,
    /// New office (clerks and specialists).
    pub office_code: Option<String>,
    /// New unit (officials).
    pub unit_code: Option<String>,
    /// Enable or disable sign-in.
    pub active: Option<bool>,
    /// The version being changed, when `If-Match` is not sent.
    #[schema(example = 1)]
    pub version: Option<i64>,
}

/// Filters for the account list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserListQuery {
    /// Only this role.
    pub role: Option<Role>,
    /// Only active (`true`) or inactive (`false`) accounts.
    pub active: Option<bool>,
}

/// List staff accounts.
#[utoipa::path(
    tag = "users",
    operation_id = "list_users",
    security(("bearer" = [])),
    params(PageQuery, UserListQuery),
    responses(
        (status = 200, description = "A page of accounts, by username", body = Page<UserOut>),
        AdminOnly,
    )
)]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    _admin: Admin,
    page: Query<PageQuery>,
    filter: Query<UserListQuery>,
) -> Result<web::Json<Page<UserOut>>, Error> {
    let limit = page.limit();
    let query = AccountQuery {
        role: filter.role,
        active: filter.active,
        office_code: None,
        after: page.after()?,
        limit,
    };
    let (rows, total) = db(&state, move |conn| accounts::list(conn, &query)).await?;
    let items = rows.iter().map(UserOut::from).collect();
    Ok(web::Json(Page::new(items, total, limit, |u: &UserOut| {
        &u.username
    })))
}

/// Create a staff account.
///
/// Clerks and specialists need an `office_code`, officials a `unit_code`. Send an
/// `Idempotency-Key` to make retries safe.
#[utoipa::path(
    tag = "users",
    operation_id = "create_user",
    security(("bearer" = [])),
    request_body(content = CreateUserRequest, example = json!({"username": "tran.thi.b", "display_name": "Trần Thị B", "password": "mật-khẩu-đủ-dài", "role": "clerk", "office_code": "H56.14"})),
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry key: a retry returns the first answer")),
    responses(
        (status = 201, description = "Created", body = UserOut, headers(("Location" = String, description = "The new account's URL"))),
        AdminOnly,
        (status = 409, description = "Username taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or reused Idempotency-Key", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    admin: Admin,
    key: IdempotencyKey,
    body: web::Json<CreateUserRequest>,
) -> Result<HttpResponse, Error> {
    body.validate()?;
    let body = body.into_inner();
    // The fingerprint leaves the password out: it is stored, and a plain digest of a
    // password would be a shortcut around Argon2 for anyone holding the database.
    let fingerprinted = serde_json::json!({
        "username": body.username, "display_name": body.display_name, "role": body.role,
        "office_code": body.office_code, "unit_code": body.unit_code,
    });
    let keyed = key.bind(&admin.0, "/api/v1/users", &fingerprinted)?;
    let role: Role = body.role.parse().map_err(|_| Error::Forbidden)?;
    let account = NewAccount {
        username: normalize_username(&body.username).unwrap_or_default(),
        display_name: body.display_name.trim().to_owned(),
        password: body.password,
        binding: accounts::binding(role, body.office_code, body.unit_code)?,
    };
    let answer = db(&state, move |conn| {
        accounts::create_keyed(conn, &keyed, &account, |user| {
            serde_json::to_value(UserOut::from(user))
        })
    })
    .await?;
    Ok(created(answer))
}

/// One staff account.
#[utoipa::path(
    tag = "users",
    operation_id = "get_user",
    security(("bearer" = [])),
    params(("username" = String, Path, description = "The account's username")),
    responses(
        (status = 200, description = "The account", body = UserOut, headers(("ETag" = String, description = "The version, for If-Match"))),
        AdminOnly,
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users/{username}")]
pub async fn get_user(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let username = path.into_inner();
    let user = db(&state, move |conn| accounts::get(conn, &username)).await?;
    Ok(with_etag(&user))
}

fn with_etag(user: &UserView) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((ETAG, format!("\"{}\"", user.row.version)))
        .json(UserOut::from(user))
}

/// Change a staff account.
///
/// Needs the current version: `If-Match: "3"` (stale: 412) or `"version": 3` in the body
/// (stale: 409); neither: 428.
#[utoipa::path(
    tag = "users",
    operation_id = "update_user",
    security(("bearer" = [])),
    request_body(content = UpdateUserRequest, example = json!({"display_name": "Trần Thị B (Tổ 1)", "version": 1})),
    params(
        ("username" = String, Path, description = "The account's username"),
        ("If-Match" = Option<String>, Header, description = "The ETag of the version being changed"),
    ),
    responses(
        (status = 200, description = "Changed", body = UserOut, headers(("ETag" = String, description = "The new version"))),
        AdminOnly,
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale `version`, or the last administrator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        VersionPreconditions,
    )
)]
#[patch("/users/{username}")]
pub async fn update_user(
    state: web::Data<AppState>,
    _admin: Admin,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<UpdateUserRequest>,
) -> Result<HttpResponse, Error> {
    body.validate()?;
    let body = body.into_inner();
    let expected = expected(&req, body.version)?;
    let username = path.into_inner();
    let changes = AccountChanges {
        display_name: body.display_name,
        password: body.password,
        role: body
            .role
            .map(|r| r.parse::<Role>())
            .transpose()
            .map_err(|e| Error::internal(anyhow::anyhow!("{e}")))?,
        office_code: body.office_code,
        unit_code: body.unit_code,
        active: body.active,
    };
    let user = db(&state, move |conn| {
        accounts::update(conn, &username, expected, changes)
    })
    .await?;
    Ok(with_etag(&user))
}
