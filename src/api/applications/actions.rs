//! `POST /applications/{code}/actions/{action}`: the one-stop lifecycle, one event per action.

use actix_web::{HttpRequest, HttpResponse, post, web};

use crate::api::access::Caller;
use crate::api::precondition::expected;
use crate::api::responses::VersionPreconditions;
use crate::error::{Error, Problem};
use crate::service::applications::actions::{self, ActionIn, parse_action};
use crate::service::applications::views::ApplicationWithEvents;
use crate::state::{AppState, db_write};

/// Take an action on an application: receive, refuse, request-supplement, supplement,
/// hand-over, transfer, await-payment, paid, resolve, return, withdraw, stop, apologize. Each is
/// allowed only from the statuses of the national flow and only to the clerk of the receiving
/// office or the specialist of the office handling it.
#[utoipa::path(
    tag = "applications",
    operation_id = "act_on_application",
    security(("bearer" = [])),
    params(
        ("code" = String, Path, description = "Application code", example = "H56.14-251103-0001"),
        ("action" = String, Path, description = "receive, refuse, request-supplement, supplement, hand-over, transfer, await-payment, paid, resolve, return, withdraw, stop or apologize", example = "receive"),
        ("If-Match" = Option<String>, Header, description = "The version the action is based on"),
    ),
    request_body(content = ActionIn, example = json!({"version": 1, "note": "Hồ sơ đầy đủ"})),
    responses(
        (status = 200, description = "The application after the action, with its events", body = ApplicationWithEvents, headers(("ETag" = String, description = "The new version"))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not this role's or this office's action", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application (or not visible to the caller), or no such action", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition` (the detail names the current status), `version_conflict`, `already_apologized`", body = Problem, content_type = "application/problem+json"),
        VersionPreconditions,
        (status = 422, description = "A field the action needs is missing or invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/applications/{code}/actions/{action}")]
pub async fn act_on_application(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<ActionIn>,
) -> Result<HttpResponse, Error> {
    let (code, action) = path.into_inner();
    let action = parse_action(&action)?;
    let body = body.into_inner();
    let expected = expected(&req, body.version)?;
    let staff = super::staff_of(&caller);
    let shared = state.clone();
    let out = db_write(&state, move |conn| {
        actions::act(
            conn,
            &shared.calendar,
            &staff,
            &code,
            action,
            expected,
            body,
        )
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{}\"", out.application.version)))
        .json(out))
}
