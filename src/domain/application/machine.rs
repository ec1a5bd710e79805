//! The state machine: which action is allowed from which status, to whom, and the event it
//! makes.

use chrono::NaiveDateTime;

use super::{
    Action, Actor, ActorRole, Channel, Event, Outcome, Payload, Refusal, Rule, State, Status,
};

/// Which side of the dossier a staff member must be on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// A clerk of the receiving office.
    Reception,
    /// A specialist of the office handling it now.
    Processing,
    /// Either of the two.
    Either,
}

pub(super) fn allowed_from(action: Action) -> &'static [Status] {
    use Status::*;
    match action {
        Action::Submit => &[],
        Action::Receive | Action::Refuse => &[Submitted],
        Action::RequestSupplement => &[Submitted, Received, Processing],
        Action::Supplement => &[SupplementRequested],
        Action::HandOver => &[Received],
        Action::Transfer | Action::AwaitPayment | Action::Resolve => &[Processing],
        Action::Paid => &[AwaitingPayment],
        Action::Return => &[Resolved],
        Action::Withdraw => &[
            Submitted,
            Received,
            Processing,
            SupplementRequested,
            AwaitingPayment,
        ],
        Action::Stop => &[Received, Processing, SupplementRequested, AwaitingPayment],
        // While the clock runs: paused, an application has no due date to apologise for.
        Action::Apologize => &[Received, Processing],
    }
}

fn side(action: Action, current: Status) -> Side {
    match action {
        Action::Submit
        | Action::Receive
        | Action::Refuse
        | Action::HandOver
        | Action::Return
        | Action::Withdraw => Side::Reception,
        Action::RequestSupplement if current == Status::Processing => Side::Processing,
        Action::RequestSupplement => Side::Reception,
        Action::Transfer | Action::AwaitPayment | Action::Resolve | Action::Apologize => {
            Side::Processing
        }
        Action::Supplement | Action::Paid | Action::Stop => Side::Either,
    }
}

fn may_act(actor: &Actor, state: &State, side: Side) -> bool {
    let office = actor.office_id.as_deref();
    let at_reception =
        actor.role == ActorRole::Clerk && office == Some(state.receiving_office_id.as_str());
    let at_processing =
        actor.role == ActorRole::Specialist && office == Some(state.handling_office_id.as_str());
    match side {
        Side::Reception => at_reception,
        Side::Processing => at_processing,
        Side::Either => at_reception || at_processing,
    }
}

/// The actions an actor may take on a state now, by status and side (what the forms offer;
/// each is still decided by [`decide`], which also checks what the action carries).
/// Submissions are never among them.
pub fn offered(state: &State, actor: &Actor) -> Vec<Action> {
    let Some(current) = state.status else {
        return Vec::new();
    };
    Action::ALL
        .iter()
        .copied()
        .filter(|a| *a != Action::Submit)
        .filter(|a| allowed_from(*a).contains(&current))
        .filter(|a| may_act(actor, state, side(*a, current)))
        .collect()
}

/// What the deciding needs besides the state and the action.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// Now (UTC).
    pub now: NaiveDateTime,
    /// The statutory due instant now (UTC), if the clock has one.
    pub due_at: Option<NaiveDateTime>,
    /// At least one working day is left before the due instant (an apology may still come).
    pub apology_in_time: bool,
}

/// The event an action makes on a state, or why it may not happen. Submissions are made with
/// [`submission`] instead.
pub fn decide(
    state: &State,
    actor: &Actor,
    payload: Payload,
    note: Option<String>,
    context: Context,
) -> Result<Event, Refusal> {
    let action = payload.action();
    let name = action.as_str();
    let current = state.status.ok_or(Refusal::Invalid {
        field: "code",
        rule: Rule::NoStatus,
    })?;
    if !allowed_from(action).contains(&current) {
        return Err(Refusal::InvalidTransition {
            action: name,
            current,
        });
    }
    if !may_act(actor, state, side(action, current)) {
        return Err(Refusal::NotYours { action: name });
    }
    let to = match &payload {
        Payload::Submit { .. } => {
            return Err(Refusal::InvalidTransition {
                action: name,
                current,
            });
        }
        Payload::Receive {} => Status::Received,
        Payload::Refuse { reasons } => {
            require_list(reasons, "reasons")?;
            Status::Refused
        }
        Payload::RequestSupplement { items } => {
            require_list(items, "items")?;
            Status::SupplementRequested
        }
        Payload::Supplement { .. } => match state.resume_to {
            Some(Status::Processing) => Status::Processing,
            _ => Status::Received,
        },
        Payload::HandOver {
            from_office_id,
            to_office_id,
        }
        | Payload::Transfer {
            from_office_id,
            to_office_id,
        } => {
            if from_office_id != &state.handling_office_id {
                return Err(Refusal::Invalid {
                    field: "from_office",
                    rule: Rule::GiverNotHandling,
                });
            }
            if action == Action::Transfer && to_office_id == &state.handling_office_id {
                return Err(Refusal::Invalid {
                    field: "to_office",
                    rule: Rule::TransferToSameOffice,
                });
            }
            Status::Processing
        }
        Payload::AwaitPayment { amount } => {
            if amount.is_some_and(|a| a < 0) {
                return Err(Refusal::Invalid {
                    field: "amount",
                    rule: Rule::NegativeAmount,
                });
            }
            Status::AwaitingPayment
        }
        Payload::Paid {} => Status::Processing,
        Payload::Resolve { outcome, reason } => {
            let has_reason = reason.as_deref().is_some_and(|r| !r.trim().is_empty());
            if *outcome == Outcome::Denied && !has_reason {
                return Err(Refusal::Invalid {
                    field: "reason",
                    rule: Rule::DenialWithoutReason,
                });
            }
            Status::Resolved
        }
        Payload::Return { .. } => Status::Returned,
        Payload::Withdraw {} => Status::Withdrawn,
        Payload::Stop {} => {
            if note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                return Err(Refusal::Invalid {
                    field: "note",
                    rule: Rule::StopWithoutReason,
                });
            }
            Status::Stopped
        }
        Payload::Apologize { new_due_at } => {
            if state.promised_at.is_some() {
                return Err(Refusal::AlreadyApologized);
            }
            if note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                return Err(Refusal::Invalid {
                    field: "note",
                    rule: Rule::ApologyWithoutReason,
                });
            }
            let Some(due) = context.due_at else {
                return Err(Refusal::Invalid {
                    field: "new_due_at",
                    rule: Rule::ClockPaused,
                });
            };
            if !context.apology_in_time {
                return Err(Refusal::Invalid {
                    field: "new_due_at",
                    rule: Rule::ApologyTooLate,
                });
            }
            if *new_due_at <= due {
                return Err(Refusal::Invalid {
                    field: "new_due_at",
                    rule: Rule::NewDateNotAfterDue,
                });
            }
            current
        }
    };
    Ok(Event {
        seq: state.events + 1,
        from: Some(current),
        to,
        at: context.now,
        actor: actor.clone(),
        note,
        payload,
    })
}

fn require_list(items: &[String], field: &'static str) -> Result<(), Refusal> {
    if items.is_empty() || items.iter().any(|i| i.trim().is_empty()) {
        return Err(Refusal::Invalid {
            field,
            rule: Rule::EmptyList,
        });
    }
    let mut seen = std::collections::HashSet::new();
    if !items.iter().all(|i| seen.insert(i.trim().to_lowercase())) {
        return Err(Refusal::Invalid {
            field,
            rule: Rule::DuplicateItem,
        });
    }
    Ok(())
}

/// The first event: an online submission (status 1) by the applicant, or a desk submission by
/// a clerk of the receiving office (status 2 at once, or 3 when refused on the spot).
pub fn submission(
    actor: &Actor,
    office_id: &str,
    channel: Channel,
    refusal: Option<Vec<String>>,
    note: Option<String>,
    now: NaiveDateTime,
) -> Result<Event, Refusal> {
    let at_desk = actor.role != ActorRole::Citizen;
    if at_desk && (actor.role != ActorRole::Clerk || actor.office_id.as_deref() != Some(office_id))
    {
        return Err(Refusal::NotYours { action: "submit" });
    }
    if !at_desk && channel != Channel::Online {
        return Err(Refusal::Invalid {
            field: "channel",
            rule: Rule::OnlineOnlyWithoutAccount,
        });
    }
    if at_desk && channel == Channel::Online {
        return Err(Refusal::Invalid {
            field: "channel",
            rule: Rule::ClerkRecordsInPersonOrPostal,
        });
    }
    let to = match &refusal {
        Some(reasons) if at_desk => {
            require_list(reasons, "refusal_reasons")?;
            Status::Refused
        }
        Some(_) => {
            return Err(Refusal::Invalid {
                field: "refusal_reasons",
                rule: Rule::OnlyClerkRefuses,
            });
        }
        None if at_desk => Status::Received,
        None => Status::Submitted,
    };
    Ok(Event {
        seq: 1,
        from: None,
        to,
        at: now,
        actor: actor.clone(),
        note,
        payload: Payload::Submit {
            channel,
            office_id: office_id.to_owned(),
            at_desk,
        },
    })
}

/// A refusal on the spot is its own second event, so that the refusal reasons are stored as
/// any other refusal's are.
pub fn desk_refusal(first: &Event, reasons: Vec<String>) -> Event {
    Event {
        seq: 2,
        from: Some(Status::Submitted),
        to: Status::Refused,
        at: first.at,
        actor: first.actor.clone(),
        note: first.note.clone(),
        payload: Payload::Refuse { reasons },
    }
}
