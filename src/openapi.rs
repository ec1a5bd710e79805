//! The OpenAPI document: the routes register their own operations; this adds the rest.

use actix_web::App;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

/// Title, tags and the bearer scheme.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "motcua",
        description = "Một cửa: the one-stop service for Vietnamese administrative procedures \
                       (thủ tục hành chính). Errors are `application/problem+json` with a stable \
                       `code`; text is Vietnamese by default, English with `Accept-Language: en`.",
        license(name = "MIT")
    ),
    tags(
        (name = "auth", description = "Sign-in for staff accounts"),
        (name = "users", description = "Staff accounts (administrators)"),
        (name = "units", description = "Administrative units over time: public reads, administrator writes"),
        (name = "offices", description = "One-stop offices and processing agencies, and the procedures each receives"),
        (name = "catalog", description = "Fields and procedures: public reads, administrator writes"),
        (name = "applications", description = "Applications (hồ sơ): submission, the one-stop lifecycle, staff views, slips"),
        (name = "tracking", description = "Public tracking with the PIN, and ratings"),
        (name = "calendar", description = "The working-day calendar and due dates"),
        (name = "reports", description = "Reports for officials over a unit and everything under it: results, reform progress, Decision 766 indicators"),
        (name = "operations", description = "Liveness, readiness, metrics"),
        (name = "imports", description = "Bulk imports for setting up a province: offices, what each receives, staff accounts (administrators)"),
    ),
    modifiers(&BearerScheme)
)]
pub struct ApiDoc;

struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The token from POST /api/v1/auth/login"))
                    .build(),
            ),
        );
    }
}

/// The whole document, as served at `/api-docs/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::api::routes)
        .split_for_parts();
    api
}

/// The document as committed in `openapi/openapi.json`: pretty JSON with a final newline.
pub fn document_json() -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(&document())?;
    text.push('\n');
    Ok(text)
}
