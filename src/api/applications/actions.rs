//! `POST /applications/{code}/actions/{action}`: the one-stop lifecycle, one event per action.

use crate::db::reports::{Changes, FactsRow};
use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApplicationWithEvents, Scope, actor_of, load, with_events};
use crate::api::access::Caller;
use crate::api::precondition::Expected;
use crate::api::responses::VersionPreconditions;
use crate::db::applications::{self as store, EventRow};
use crate::db::{self as dbmod, is_unique_violation, offices, write_transaction};
use crate::domain::application::{
    Action, Context, Delivery, Outcome, Payload, Refusal, apology_in_time, decide, limit_of,
};
use crate::error::{Code, Error, Problem};
use crate::state::{AppState, db_write};

/// What an action carries; each action reads the fields it needs.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionIn {
    /// The version the action is based on (or send `If-Match`).
    pub version: Option<i64>,
    /// A note; required for `stop` (why) and `apologize` (the reason for the delay).
    pub note: Option<String>,
    /// `request-supplement`: every missing or incomplete item, once.
    pub items: Option<Vec<String>>,
    /// `refuse`: every reason.
    pub reasons: Option<Vec<String>>,
    /// `hand-over`, `transfer`: the receiving office's agency code.
    pub to_office: Option<String>,
    /// `await-payment`: the amount in VND.
    pub amount: Option<i64>,
    /// `resolve`: approved or denied.
    pub outcome: Option<Outcome>,
    /// `resolve`: why, when denied.
    pub reason: Option<String>,
    /// `return`: how the result goes back.
    pub delivery: Option<Delivery>,
    /// `apologize`: the new return date and time (RFC 3339, any offset).
    pub new_due_at: Option<DateTime<FixedOffset>>,
}

/// The API error for a refused action.
pub fn refusal_error(refusal: Refusal) -> Error {
    match refusal {
        Refusal::InvalidTransition { action, current } => Error::Conflict {
            code: Code::InvalidTransition,
            detail: Some((
                format!(
                    "Không thể thực hiện `{action}` khi hồ sơ đang ở trạng thái {} ({}).",
                    current.code(),
                    current.name_vi()
                ),
                format!(
                    "`{action}` is not allowed while the application is {} ({}).",
                    current.code(),
                    current.name_en()
                ),
            )),
        },
        Refusal::NotYours { .. } => Error::Forbidden,
        Refusal::AlreadyApologized => Error::Conflict {
            code: Code::AlreadyApologized,
            detail: Some((
                "Hồ sơ đã có phiếu xin lỗi và hẹn lại ngày trả; chỉ được hẹn lại một lần.".into(),
                "The apology with a new date was already given; it can be given only once.".into(),
            )),
        },
        Refusal::Invalid { field, rule } => Error::field(field, "invalid", rule.vi(), rule.en()),
    }
}

fn required(field: &str) -> Error {
    Error::field(
        field,
        "required",
        "bắt buộc với thao tác này",
        "required for this action",
    )
}

/// Reads an action token from the path (`request-supplement` or `request_supplement`).
fn parse_action(token: &str) -> Result<Action, Error> {
    Action::from_token(&token.replace('-', "_"))
        .filter(|a| *a != Action::Submit)
        .ok_or(Error::NotFound(Code::ActionNotFound))
}

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
    let expected = Expected::from_request(&req, body.version)?;
    let shared = state.clone();
    let out = db_write(&state, move |conn| {
        write_transaction(conn, |conn| {
            // The calendar first: on PostgreSQL it takes the calendar's shared lock, so no
            // calendar change moves this application's due date between the read and the write.
            let calendar = shared.calendar.for_write(conn)?;
            let loaded = load(conn, &code)?;
            let scope = Scope::of(conn, &caller)?;
            if !scope.covers(&loaded.row) {
                return Err(Error::NotFound(Code::ApplicationNotFound));
            }
            if expected.version() != loaded.row.version {
                return Err(expected.stale(loaded.row.version));
            }
            let office_id = match &scope {
                Scope::Office(id) => Some(id.clone()),
                Scope::All | Scope::Units(_) => None,
            };
            let actor = actor_of(&caller, office_id);
            let now = dbmod::now();
            let to_office = |conn: &mut crate::db::DbConnection| -> Result<String, Error> {
                let code = body
                    .to_office
                    .as_deref()
                    .ok_or_else(|| required("to_office"))?;
                let office = offices::find_by_code(conn, code)?.ok_or_else(|| {
                    Error::field(
                        "to_office",
                        "unknown",
                        "không có cơ quan này",
                        "no such office",
                    )
                })?;
                let today = crate::domain::calendar::to_local(now.and_utc()).date();
                let open = office.row.opened_on.is_none_or(|d| d <= today)
                    && office.row.closed_on.is_none_or(|d| d > today);
                if !open {
                    return Err(Error::field(
                        "to_office",
                        "closed",
                        "cơ quan này không hoạt động hôm nay",
                        "this office is not open today",
                    ));
                }
                Ok(office.row.id)
            };
            let list = |items: &Option<Vec<String>>, field: &str| {
                items
                    .as_ref()
                    .map(|v| v.iter().map(|i| i.trim().to_owned()).collect::<Vec<_>>())
                    .ok_or_else(|| required(field))
            };
            let payload = match action {
                Action::Submit => return Err(Error::NotFound(Code::ActionNotFound)),
                Action::Receive => Payload::Receive {},
                Action::Refuse => Payload::Refuse {
                    reasons: list(&body.reasons, "reasons")?,
                },
                Action::RequestSupplement => Payload::RequestSupplement {
                    items: list(&body.items, "items")?,
                },
                Action::Supplement => Payload::Supplement {
                    restart: loaded.row.supplement_rule == "restart",
                },
                Action::HandOver => Payload::HandOver {
                    from_office_id: loaded.state.handling_office_id.clone(),
                    to_office_id: to_office(conn)?,
                },
                Action::Transfer => Payload::Transfer {
                    from_office_id: loaded.state.handling_office_id.clone(),
                    to_office_id: to_office(conn)?,
                },
                Action::AwaitPayment => Payload::AwaitPayment {
                    amount: body.amount,
                },
                Action::Paid => Payload::Paid {},
                Action::Resolve => Payload::Resolve {
                    outcome: body.outcome.ok_or_else(|| required("outcome"))?,
                    reason: body.reason.clone(),
                },
                Action::Return => Payload::Return {
                    delivery: body.delivery.ok_or_else(|| required("delivery"))?,
                },
                Action::Withdraw => Payload::Withdraw {},
                Action::Stop => Payload::Stop {},
                Action::Apologize => Payload::Apologize {
                    new_due_at: body
                        .new_due_at
                        .ok_or_else(|| required("new_due_at"))?
                        .naive_utc(),
                },
            };
            let context = Context {
                now,
                due_at: loaded.row.due_at,
                apology_in_time: loaded
                    .row
                    .due_at
                    .is_some_and(|due| apology_in_time(&calendar, now, due)),
            };
            let note = body.note.clone().filter(|n| !n.trim().is_empty());
            let event =
                decide(&loaded.state, &actor, payload, note, context).map_err(refusal_error)?;
            let next = loaded.state.apply(&event);
            let limit = limit_of(loaded.row.limit_amount, loaded.row.limit_unit.as_deref());
            let projection = super::projection(&calendar, limit, &next, now)?;
            let row = EventRow::new(loaded.row.id, &event).map_err(Error::internal)?;
            if let Err(error) = store::append(conn, &row) {
                return Err(if is_unique_violation(&error) {
                    expected.stale(loaded.row.version + 1)
                } else {
                    error.into()
                });
            }
            if !store::store_projection(conn, loaded.row.id, loaded.row.version, &projection)? {
                return Err(expected.stale(loaded.row.version + 1));
            }
            let before = FactsRow::of(&loaded.row);
            let mut changes = Changes::default();
            changes.application(&calendar, Some(&before), &before.with(&projection));
            changes.write(conn)?;
            let saved =
                store::find(conn, &code)?.ok_or(Error::NotFound(Code::ApplicationNotFound))?;
            with_events(conn, &calendar, &saved, now)
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{}\"", out.application.version)))
        .json(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_read_with_hyphens_or_underscores() {
        assert_eq!(
            parse_action("request-supplement").ok(),
            Some(Action::RequestSupplement)
        );
        assert_eq!(parse_action("hand_over").ok(), Some(Action::HandOver));
        assert!(parse_action("submit").is_err());
        assert!(parse_action("fly").is_err());
    }
}
