//! What the applicant must do next, as the public status page says it: read from the current
//! status and the events' payloads (the missing items, the amount, the decision, the
//! apology).

use chrono::NaiveDateTime;
use serde::Serialize;
use utoipa::ToSchema;

use super::{Event, Outcome, Payload, Status};

/// What the applicant must do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NextStep {
    /// Nothing: the office checks the online application (status 1).
    AwaitReception,
    /// Nothing: the application is being processed (2, 4).
    Wait,
    /// Send or bring every missing item (5), as the supplement request listed them, each
    /// once.
    Supplement {
        /// The missing or incomplete items.
        items: Vec<String>,
    },
    /// Pay the fees or taxes (6).
    Pay {
        /// The amount in VND, when the office gave one.
        amount_vnd: Option<i64>,
    },
    /// Collect the result at the receiving office (9), in its office hours.
    Collect {
        /// Approved or denied.
        outcome: Option<Outcome>,
        /// Why, when denied.
        reason: Option<String>,
    },
    /// The result was returned (10); the service can be rated once.
    Returned {
        /// The service was rated already.
        rated: bool,
    },
    /// Refused at reception (3), with every reason.
    Refused {
        /// The reasons (form 03).
        reasons: Vec<String>,
    },
    /// Withdrawn (7) or stopped (8): nothing more will happen.
    Closed,
}

/// The apology for lateness (form 04): why, and the new date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Apology {
    /// The reason the agency gave.
    pub reason: Option<String>,
    /// The new return date (UTC).
    pub new_due_at: NaiveDateTime,
    /// When it was issued (UTC).
    pub issued_at: NaiveDateTime,
}

/// Whether [`next_step`] needs the events (else the status says everything).
pub fn needs_events(status: Status, apologized: bool) -> bool {
    apologized
        || matches!(
            status,
            Status::Refused
                | Status::SupplementRequested
                | Status::AwaitingPayment
                | Status::Resolved
        )
}

/// What the applicant must do next, from the status and the events (in order).
pub fn next_step(status: Status, events: &[Event], rated: bool) -> NextStep {
    let last = |pick: fn(&Payload) -> bool| events.iter().rev().find(|e| pick(&e.payload));
    match status {
        Status::Submitted => NextStep::AwaitReception,
        Status::Received | Status::Processing => NextStep::Wait,
        Status::SupplementRequested => {
            let mut items: Vec<String> = Vec::new();
            if let Some(Payload::RequestSupplement { items: asked }) =
                last(|p| matches!(p, Payload::RequestSupplement { .. })).map(|e| &e.payload)
            {
                for item in asked.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
                    if !items.iter().any(|seen| seen == item) {
                        items.push(item.to_owned());
                    }
                }
            }
            NextStep::Supplement { items }
        }
        Status::AwaitingPayment => NextStep::Pay {
            amount_vnd: last(|p| matches!(p, Payload::AwaitPayment { .. })).and_then(|e| {
                match e.payload {
                    Payload::AwaitPayment { amount } => amount,
                    _ => None,
                }
            }),
        },
        Status::Resolved => {
            let resolved = last(|p| matches!(p, Payload::Resolve { .. }));
            match resolved.map(|e| &e.payload) {
                Some(Payload::Resolve { outcome, reason }) => NextStep::Collect {
                    outcome: Some(*outcome),
                    reason: reason.clone().filter(|_| *outcome == Outcome::Denied),
                },
                _ => NextStep::Collect {
                    outcome: None,
                    reason: None,
                },
            }
        }
        Status::Returned => NextStep::Returned { rated },
        Status::Refused => NextStep::Refused {
            reasons: match last(|p| matches!(p, Payload::Refuse { .. })).map(|e| &e.payload) {
                Some(Payload::Refuse { reasons }) => reasons.clone(),
                _ => Vec::new(),
            },
        },
        Status::Withdrawn | Status::Stopped => NextStep::Closed,
    }
}

/// The apology, when one was issued.
pub fn apology(events: &[Event]) -> Option<Apology> {
    events.iter().rev().find_map(|e| match e.payload {
        Payload::Apologize { new_due_at } => Some(Apology {
            reason: e.note.clone().filter(|n| !n.trim().is_empty()),
            new_due_at,
            issued_at: e.at,
        }),
        _ => None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::application::{Actor, ActorRole};

    fn event(seq: i32, to: Status, note: Option<&str>, payload: Payload) -> Event {
        Event {
            seq,
            from: None,
            to,
            at: chrono::NaiveDate::from_ymd_opt(2026, 11, 2)
                .unwrap()
                .and_hms_opt(2, seq.unsigned_abs(), 0)
                .unwrap(),
            actor: Actor {
                user_id: None,
                role: ActorRole::Specialist,
                office_id: None,
            },
            note: note.map(str::to_owned),
            payload,
        }
    }

    #[test]
    fn a_supplement_lists_the_latest_request_each_item_once() {
        let events = [
            event(
                1,
                Status::SupplementRequested,
                None,
                Payload::RequestSupplement {
                    items: vec!["Giấy cũ".into()],
                },
            ),
            event(
                2,
                Status::SupplementRequested,
                None,
                Payload::RequestSupplement {
                    items: vec![
                        "Bản sao giấy chứng sinh".into(),
                        " Bản sao giấy chứng sinh ".into(),
                        "Tờ khai".into(),
                        "  ".into(),
                    ],
                },
            ),
        ];
        assert_eq!(
            next_step(Status::SupplementRequested, &events, false),
            NextStep::Supplement {
                items: vec!["Bản sao giấy chứng sinh".into(), "Tờ khai".into()]
            }
        );
        assert!(needs_events(Status::SupplementRequested, false));
        assert!(!needs_events(Status::Processing, false));
        assert!(needs_events(Status::Processing, true));
    }

    #[test]
    fn payment_decision_refusal_and_the_apology_come_from_their_events() {
        let pay = [event(
            1,
            Status::AwaitingPayment,
            None,
            Payload::AwaitPayment {
                amount: Some(50_000),
            },
        )];
        assert_eq!(
            next_step(Status::AwaitingPayment, &pay, false),
            NextStep::Pay {
                amount_vnd: Some(50_000)
            }
        );
        let denied = [event(
            1,
            Status::Resolved,
            None,
            Payload::Resolve {
                outcome: Outcome::Denied,
                reason: Some("Không đủ điều kiện".into()),
            },
        )];
        assert_eq!(
            next_step(Status::Resolved, &denied, false),
            NextStep::Collect {
                outcome: Some(Outcome::Denied),
                reason: Some("Không đủ điều kiện".into())
            }
        );
        let refused = [event(
            1,
            Status::Refused,
            None,
            Payload::Refuse {
                reasons: vec!["Thiếu tờ khai".into()],
            },
        )];
        assert_eq!(
            next_step(Status::Refused, &refused, false),
            NextStep::Refused {
                reasons: vec!["Thiếu tờ khai".into()]
            }
        );
        assert_eq!(
            next_step(Status::Returned, &[], true),
            NextStep::Returned { rated: true }
        );
        assert_eq!(next_step(Status::Stopped, &[], false), NextStep::Closed);
        assert_eq!(
            next_step(Status::Submitted, &[], false),
            NextStep::AwaitReception
        );
        let new_due_at = chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        let late = [event(
            3,
            Status::Processing,
            Some("Cần xác minh thêm"),
            Payload::Apologize { new_due_at },
        )];
        let found = apology(&late).unwrap();
        assert_eq!(found.new_due_at, new_due_at);
        assert_eq!(found.reason.as_deref(), Some("Cần xác minh thêm"));
        assert_eq!(apology(&pay), None);
    }
}
