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
    components(schemas(
        crate::api::reports::ReportFormat,
        crate::api::reports::results::ResultsFormat,
        crate::service::catalog::export::ExportFormat,
    )),
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
    complete(api)
}

/// What every operation answers besides its own responses, added to the document the routes
/// registered: the shared extractors' refusals and the shared headers' rules.
///
/// - a request body: 400 (unreadable), 413 (past the size limit) and 422 (field rules); a
///   JSON body also 415 (another media type);
/// - a query or header parameter, or a path parameter that is not free text: 400;
/// - a bearer requirement: 401; a `cursor`: 422 for one the server did not issue;
/// - a query or path parameter: 422 for a control character in it (`api::text`);
/// - `Idempotency-Key`: 1–255 visible ASCII characters; `If-Match`: an ETag of digits.
pub fn complete(mut api: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    for item in api.paths.paths.values_mut() {
        for operation in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            complete_operation(operation);
        }
    }
    api
}

/// The rule `Idempotency-Key` follows (`api::idempotency`).
pub const IDEMPOTENCY_KEY_PATTERN: &str = "^[!-~]{1,255}$";
/// The rule `If-Match` follows (`api::precondition`): a version number, as an ETag or bare.
pub const IF_MATCH_PATTERN: &str = "^(W/)?(\"[0-9]{1,18}\"|[0-9]{1,18})$";

fn complete_operation(operation: &mut utoipa::openapi::path::Operation) {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    use utoipa::openapi::{RefOr, Schema};

    let mut reads_input = operation.request_body.is_some();
    // A query or path parameter: its text is refused with 422 when it holds a control
    // character (`api::text`).
    let mut reads_text = false;
    let mut cursor = false;
    for parameter in operation.parameters.iter_mut().flatten() {
        let pattern = match parameter.name.as_str() {
            "Idempotency-Key" => Some(IDEMPOTENCY_KEY_PATTERN),
            "If-Match" => Some(IF_MATCH_PATTERN),
            _ => None,
        };
        if let (Some(pattern), ParameterIn::Header) = (pattern, &parameter.parameter_in) {
            parameter.schema = Some(RefOr::T(Schema::Object(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some(pattern))
                    .build(),
            )));
        }
        let free_text = matches!(
            &parameter.schema,
            Some(RefOr::T(Schema::Object(o))) if o.schema_type == Type::String.into()
                && o.format.is_none()
                && o.pattern.is_none()
        );
        cursor |= parameter.name == "cursor";
        reads_text |= matches!(
            parameter.parameter_in,
            ParameterIn::Path | ParameterIn::Query
        );
        reads_input |= match parameter.parameter_in {
            ParameterIn::Path => !free_text,
            _ => true,
        };
    }
    let body = operation.request_body.as_ref();
    let json_body = body.is_some_and(|b| b.content.contains_key("application/json"));
    let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    let mut add = |status: &str, description: &str| {
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| problem(description));
    };
    if reads_input {
        add(
            "400",
            "The request cannot be read: a bad parameter, header or body (`invalid_query`, \
             `invalid_path`, `invalid_header`, `invalid_json`)",
        );
    }
    if secured {
        add("401", "No valid token");
    }
    if cursor {
        add("422", "A `cursor` the server did not issue");
    }
    if reads_text {
        add(
            "422",
            "A parameter holds a control character (`validation_failed`, rule \
             `control_character`: docs/API.md)",
        );
    }
    if body.is_some() {
        add("413", "The body is larger than the server accepts");
        add(
            "422",
            "Invalid fields: `errors[]` names each field and rule",
        );
    }
    if json_body {
        add("415", "The body is not JSON");
    }
}

fn problem(description: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            crate::error::PROBLEM_JSON,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
        .into()
}

/// The document as committed in `openapi/openapi.json`: pretty JSON with a final newline.
pub fn document_json() -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(&document())?;
    text.push('\n');
    Ok(text)
}
