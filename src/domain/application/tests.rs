//! The lifecycle's tests: submissions, decisions, the projection and replay together, which
//! is why they sit beside the module rather than in one topic's file.

use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;

use super::machine::allowed_from;
use super::*;

fn t(h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 3, 3)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

fn clerk(office: &str) -> Actor {
    Actor {
        user_id: Some("u1".into()),
        role: ActorRole::Clerk,
        office_id: Some(office.into()),
    }
}

fn specialist(office: &str) -> Actor {
    Actor {
        user_id: Some("u2".into()),
        role: ActorRole::Specialist,
        office_id: Some(office.into()),
    }
}

fn citizen() -> Actor {
    Actor {
        user_id: None,
        role: ActorRole::Citizen,
        office_id: None,
    }
}

fn ctx(now: NaiveDateTime) -> Context {
    Context {
        now,
        due_at: None,
        apology_in_time: false,
    }
}

fn online() -> State {
    let event = submission(&citizen(), "A", Channel::Online, None, None, t(1)).unwrap();
    State::default().apply(&event)
}

#[test]
fn online_submission_starts_at_1_and_desk_at_2() {
    assert_eq!(online().status, Some(Status::Submitted));
    assert!(online().clock.is_empty());
    let desk = submission(&clerk("A"), "A", Channel::InPerson, None, None, t(2)).unwrap();
    let state = State::default().apply(&desk);
    assert_eq!(state.status, Some(Status::Received));
    assert_eq!(state.received_at, Some(t(2)));
    assert_eq!(state.clock.len(), 1);
    let refused = submission(
        &clerk("A"),
        "A",
        Channel::InPerson,
        Some(vec!["Thiếu tờ khai".into()]),
        None,
        t(2),
    )
    .unwrap();
    assert_eq!(refused.to, Status::Refused);
}

#[test]
fn only_a_clerk_of_the_office_submits_at_the_desk() {
    let wrong = submission(&clerk("B"), "A", Channel::InPerson, None, None, t(2));
    assert_eq!(wrong, Err(Refusal::NotYours { action: "submit" }));
    let specialist = submission(&specialist("A"), "A", Channel::InPerson, None, None, t(2));
    assert!(specialist.is_err());
    assert!(submission(&citizen(), "A", Channel::InPerson, None, None, t(2)).is_err());
}

#[test]
fn a_disallowed_action_names_the_current_status() {
    let refusal = decide(
        &online(),
        &specialist("A"),
        Payload::Resolve {
            outcome: Outcome::Approved,
            reason: None,
        },
        None,
        ctx(t(3)),
    )
    .unwrap_err();
    assert_eq!(
        refusal,
        Refusal::InvalidTransition {
            action: "resolve",
            current: Status::Submitted
        }
    );
    assert!(refusal.to_string().contains("1 (Submitted)"));
}

#[test]
fn supplement_returns_to_where_it_was_and_pauses_the_clock() {
    let state = online();
    let e = decide(&state, &clerk("A"), Payload::Receive {}, None, ctx(t(2))).unwrap();
    let state = state.apply(&e);
    let e = decide(
        &state,
        &clerk("A"),
        Payload::HandOver {
            from_office_id: "A".into(),
            to_office_id: "P".into(),
        },
        None,
        ctx(t(3)),
    )
    .unwrap();
    let state = state.apply(&e);
    assert_eq!(state.handling_office_id, "P");
    // The clerk may no longer ask for a supplement; the specialist may.
    let items = Payload::RequestSupplement {
        items: vec!["Bản sao sổ đỏ".into()],
    };
    assert!(decide(&state, &clerk("A"), items.clone(), None, ctx(t(4))).is_err());
    let e = decide(&state, &specialist("P"), items, None, ctx(t(4))).unwrap();
    let state = state.apply(&e);
    assert_eq!(state.clock[0].to, Some(t(4)));
    let e = decide(
        &state,
        &clerk("A"),
        Payload::Supplement { restart: true },
        None,
        ctx(t(5)),
    )
    .unwrap();
    assert_eq!(e.to, Status::Processing);
    let state = state.apply(&e);
    assert_eq!(state.clock.len(), 2);
    assert!(state.clock[1].restart);
}

#[test]
fn lists_must_name_each_item_once() {
    let state = online();
    for items in [vec![], vec!["a".into(), "A ".into()], vec![" ".into()]] {
        let r = decide(
            &state,
            &clerk("A"),
            Payload::RequestSupplement { items },
            None,
            ctx(t(2)),
        );
        assert!(matches!(r, Err(Refusal::Invalid { field: "items", .. })));
    }
}

#[test]
fn a_denial_needs_a_reason_and_an_apology_comes_once() {
    let mut state = online();
    state.status = Some(Status::Processing);
    state.handling_office_id = "P".into();
    let denied = Payload::Resolve {
        outcome: Outcome::Denied,
        reason: None,
    };
    assert!(decide(&state, &specialist("P"), denied, None, ctx(t(3))).is_err());
    let context = Context {
        now: t(3),
        due_at: Some(t(20)),
        apology_in_time: true,
    };
    let apology = Payload::Apologize { new_due_at: t(22) };
    let e = decide(
        &state,
        &specialist("P"),
        apology.clone(),
        Some("Chờ xác minh".into()),
        context,
    )
    .unwrap();
    assert_eq!(e.to, Status::Processing);
    let state = state.apply(&e);
    assert_eq!(state.promised_at, Some(t(22)));
    assert_eq!(
        decide(&state, &specialist("P"), apology, Some("x".into()), context),
        Err(Refusal::AlreadyApologized)
    );
}

#[test]
fn an_apology_too_late_or_too_early_a_date_is_refused() {
    let mut state = online();
    state.status = Some(Status::Processing);
    state.handling_office_id = "P".into();
    let late = Context {
        now: t(11),
        due_at: Some(t(20)),
        apology_in_time: false,
    };
    let apology = |h| Payload::Apologize { new_due_at: t(h) };
    let why = Some("x".to_owned());
    assert!(decide(&state, &specialist("P"), apology(22), why.clone(), late).is_err());
    let early = Context {
        apology_in_time: true,
        ..late
    };
    assert!(decide(&state, &specialist("P"), apology(19), why, early).is_err());
}

/// Every action from every status: allowed exactly where the table says, and otherwise
/// refused naming the current status.
#[test]
fn the_transition_table_is_enforced_everywhere() {
    let payloads = sample_payloads();
    for status in Status::ALL {
        for payload in &payloads {
            let mut state = online();
            state.status = Some(status);
            state.handling_office_id = "P".into();
            state.resume_to = Some(Status::Processing);
            let action = payload.action();
            let context = Context {
                now: t(3),
                due_at: Some(t(20)),
                apology_in_time: true,
            };
            let result = [clerk("A"), specialist("P")].into_iter().find_map(|actor| {
                decide(
                    &state,
                    &actor,
                    payload.clone(),
                    Some("lý do".into()),
                    context,
                )
                .ok()
            });
            let allowed = allowed_from(action).contains(&status);
            assert_eq!(result.is_some(), allowed, "{action:?} from {status}");
            if !allowed {
                let refusal = decide(
                    &state,
                    &clerk("A"),
                    payload.clone(),
                    Some("x".into()),
                    context,
                );
                assert_eq!(
                    refusal,
                    Err(Refusal::InvalidTransition {
                        action: action.as_str(),
                        current: status
                    })
                );
            }
        }
    }
}

fn sample_payloads() -> Vec<Payload> {
    vec![
        Payload::Receive {},
        Payload::Refuse {
            reasons: vec!["r".into()],
        },
        Payload::RequestSupplement {
            items: vec!["i".into()],
        },
        Payload::Supplement { restart: false },
        Payload::HandOver {
            from_office_id: "P".into(),
            to_office_id: "Q".into(),
        },
        Payload::Transfer {
            from_office_id: "P".into(),
            to_office_id: "Q".into(),
        },
        Payload::AwaitPayment { amount: Some(1) },
        Payload::Paid {},
        Payload::Resolve {
            outcome: Outcome::Approved,
            reason: None,
        },
        Payload::Return {
            delivery: Delivery::InPerson,
        },
        Payload::Withdraw {},
        Payload::Stop {},
        Payload::Apologize { new_due_at: t(22) },
    ]
}

proptest! {
    /// Random histories: whatever is allowed, replaying the events gives the state that
    /// was built step by step, and final statuses accept nothing more.
    #[test]
    fn replay_rebuilds_the_state(choices in prop::collection::vec(0usize..13, 0..40)) {
        let payloads = sample_payloads();
        let first = submission(&citizen(), "A", Channel::Online, None, None, t(0)).unwrap();
        let mut state = State::default().apply(&first);
        let mut events = vec![first];
        for (i, choice) in choices.into_iter().enumerate() {
            let now = t(1) + chrono::Duration::minutes(i64::try_from(i).unwrap());
            let context = Context { now, due_at: Some(t(20)), apology_in_time: true };
            let payload = match payloads[choice].clone() {
                Payload::HandOver { .. } => Payload::HandOver {
                    from_office_id: state.handling_office_id.clone(),
                    to_office_id: "P".into(),
                },
                Payload::Transfer { .. } => Payload::Transfer {
                    from_office_id: state.handling_office_id.clone(),
                    to_office_id: if state.handling_office_id == "P" { "Q" } else { "P" }.into(),
                },
                other => other,
            };
            let actors = [clerk("A"), specialist(&state.handling_office_id)];
            if let Some(event) = actors.iter().find_map(|actor| {
                decide(&state, actor, payload.clone(), Some("n".into()), context).ok()
            }) {
                prop_assert_eq!(event.seq, state.events + 1);
                state = state.apply(&event);
                events.push(event);
            }
        }
        prop_assert_eq!(replay(&events), state.clone());
        if state.status.is_some_and(Status::is_final) {
            prop_assert!(state.finished_at.is_some());
        }
        // The clock never has two running stretches.
        prop_assert!(state.clock.iter().rev().skip(1).all(|s| s.to.is_some()));
    }
}

#[test]
fn what_is_offered_is_what_the_machine_lets_each_actor_do() {
    let context = Context {
        now: t(3),
        due_at: Some(t(20)),
        apology_in_time: true,
    };
    let actors = [clerk("A"), specialist("P"), clerk("P"), specialist("A")];
    for status in Status::ALL {
        let mut state = online();
        state.status = Some(status);
        state.handling_office_id = "P".into();
        state.resume_to = Some(Status::Processing);
        for actor in &actors {
            let offers = offered(&state, actor);
            assert!(!offers.contains(&Action::Submit));
            for payload in sample_payloads() {
                let action = payload.action();
                if action == Action::Submit {
                    continue;
                }
                let decided = decide(&state, actor, payload, Some("lý do".into()), context);
                let refused_outright = matches!(
                    decided,
                    Err(Refusal::InvalidTransition { .. } | Refusal::NotYours { .. })
                );
                assert_eq!(
                    offers.contains(&action),
                    !refused_outright,
                    "{action:?} from {status} by {:?} at {:?}",
                    actor.role,
                    actor.office_id
                );
            }
        }
    }
}
