//! The actions of the one-stop lifecycle: load, decide in the domain, and record the event
//! through the one write path.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::scope::{Scope, actor_of, load};
use super::views::{ApplicationWithEvents, with_events};
use super::write::{self, Change};
use crate::db::applications as store;
use crate::db::{self as dbmod, DbConnection, offices, write_transaction};
use crate::domain::application::{
    Action, Context, Delivery, Outcome, Payload, Refusal, apology_in_time, decide,
};
use crate::error::{Code, Error};
use crate::service::Staff;
use crate::service::calendar::cache::CalendarCache;
use crate::service::version::Expected;

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

/// Reads an action token (`request-supplement` or `request_supplement`).
pub fn parse_action(token: &str) -> Result<Action, Error> {
    Action::from_token(&token.replace('-', "_"))
        .filter(|a| *a != Action::Submit)
        .ok_or(Error::NotFound(Code::ActionNotFound))
}

/// Takes an action on an application as a staff member, based on the version `expected`:
/// the action is decided by the domain's rules and recorded through the one write path, and
/// the application comes back as it is after it.
pub fn act(
    conn: &mut DbConnection,
    calendar: &CalendarCache,
    staff: &Staff,
    code: &str,
    action: Action,
    expected: Expected,
    body: ActionIn,
) -> Result<ApplicationWithEvents, Error> {
    write_transaction(conn, |conn| {
        act_within(conn, calendar, staff, code, action, expected, body)
    })
}

/// [`act`] inside the caller's write transaction (to record something with the action, such
/// as the result's file, all or nothing).
pub fn act_within(
    conn: &mut DbConnection,
    calendar: &CalendarCache,
    staff: &Staff,
    code: &str,
    action: Action,
    expected: Expected,
    body: ActionIn,
) -> Result<ApplicationWithEvents, Error> {
    {
        // The calendar first: on PostgreSQL it takes the calendar's shared lock, so no
        // calendar change moves this application's due date between the read and the write.
        let calendar = calendar.for_write(conn)?;
        let loaded = load(conn, code)?;
        let scope = Scope::of(conn, staff)?;
        if !scope.covers(&loaded.row) {
            return Err(Error::NotFound(Code::ApplicationNotFound));
        }
        // The row and its events are two reads: on PostgreSQL a writer that commits between
        // them leaves the events one ahead of the row, and the caller's version, current for
        // the row, is already stale. Deciding on those events would refuse the action as an
        // invalid transition instead of answering the documented 409/412.
        expected.check(loaded.row.version.max(i64::from(loaded.state.events)))?;
        let office_id = match &scope {
            Scope::Office(id) => Some(id.clone()),
            Scope::All | Scope::Units(_) => None,
        };
        let actor = actor_of(staff, office_id);
        let now = dbmod::now();
        let payload = payload(conn, action, &body, &loaded, now)?;
        let context = Context {
            now,
            due_at: loaded.row.due_at,
            apology_in_time: loaded
                .row
                .due_at
                .is_some_and(|due| apology_in_time(&calendar, now, due)),
        };
        let note = body.note.clone().filter(|n| !n.trim().is_empty());
        let event = decide(&loaded.state, &actor, payload, note, context).map_err(refusal_error)?;
        write::record(
            conn,
            &calendar,
            vec![Change::Event {
                loaded: &loaded,
                event,
                expected,
                now,
            }],
        )?;
        let saved = store::find(conn, code)?.ok_or(Error::NotFound(Code::ApplicationNotFound))?;
        with_events(conn, &calendar, &saved, now)
    }
}

/// The domain's payload of an action, from what the request carries.
fn payload(
    conn: &mut DbConnection,
    action: Action,
    body: &ActionIn,
    loaded: &super::scope::Loaded,
    now: chrono::NaiveDateTime,
) -> Result<Payload, Error> {
    let to_office = |conn: &mut DbConnection| -> Result<String, Error> {
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
    Ok(match action {
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
    })
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
