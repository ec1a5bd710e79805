//! The projection: the current state of an application, rebuilt from its events.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{Action, Channel, Delivery, Event, Outcome, Payload, Status};
use crate::domain::calendar::{Calendar, Segment, to_local};

/// The current state of an application: a projection of its events.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct State {
    /// The status (`None` before the submission).
    pub status: Option<Status>,
    /// The number of events applied.
    pub events: i32,
    /// The receiving office (id).
    pub receiving_office_id: String,
    /// The office handling it now (id).
    pub handling_office_id: String,
    /// How it came in.
    pub channel: Option<Channel>,
    /// When it was filed (UTC).
    pub submitted_at: Option<NaiveDateTime>,
    /// When a clerk received it (UTC).
    pub received_at: Option<NaiveDateTime>,
    /// When it reached status 9 (UTC).
    pub resolved_at: Option<NaiveDateTime>,
    /// When it reached a final status (UTC).
    pub finished_at: Option<NaiveDateTime>,
    /// The decision.
    pub outcome: Option<Outcome>,
    /// How the result went back.
    pub delivery: Option<Delivery>,
    /// The new return date of the apology (UTC), set once.
    pub promised_at: Option<NaiveDateTime>,
    /// The status a supplement request interrupted, to return to.
    pub resume_to: Option<Status>,
    /// The deadline clock's running stretches, as raw event times (UTC); the calendar turns
    /// them into clock starts.
    pub clock: Vec<ClockStretch>,
    /// What the public timeline shows: each event's time, action and resulting status.
    pub timeline: Vec<Step>,
}

/// One step of the public timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// When (UTC).
    pub at: NaiveDateTime,
    /// The action.
    pub action: Action,
    /// The status after it.
    pub to: Status,
}

/// One running stretch of the deadline clock, in raw event times (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockStretch {
    /// The event that started it (receipt, supplement, payment).
    pub from: NaiveDateTime,
    /// The event that paused it.
    pub to: Option<NaiveDateTime>,
    /// The clock restarted from zero here.
    pub restart: bool,
}

impl ClockStretch {
    /// The calendar's segment: the start normalised to a clock start (local time).
    pub fn segment(&self, calendar: &Calendar) -> Segment {
        let start = calendar.clock_start(to_local(self.from.and_utc()));
        let end = self.to.map(|t| to_local(t.and_utc()).max(start));
        Segment {
            start,
            end,
            restart: self.restart,
        }
    }
}

impl State {
    /// The state after one more event. Events come from [`decide`], so they are valid for
    /// the state they were decided on; replaying them gives the same states again.
    #[must_use]
    pub fn apply(&self, event: &Event) -> State {
        let mut next = self.clone();
        next.events = event.seq;
        next.status = Some(event.to);
        let at = event.at;
        next.timeline.push(Step {
            at,
            action: event.payload.action(),
            to: event.to,
        });
        match &event.payload {
            Payload::Submit {
                channel,
                office_id,
                at_desk,
            } => {
                next.receiving_office_id = office_id.clone();
                next.handling_office_id = office_id.clone();
                next.channel = Some(*channel);
                next.submitted_at = Some(at);
                if *at_desk && event.to == Status::Received {
                    next.start_clock(at);
                }
            }
            Payload::Receive {} => next.start_clock(at),
            Payload::RequestSupplement { .. } => {
                next.resume_to = event.from;
                next.pause_clock(at);
            }
            Payload::Supplement { restart } => {
                next.resume_to = None;
                if event.to == Status::Received && next.received_at.is_none() {
                    next.start_clock(at);
                } else {
                    next.clock.push(ClockStretch {
                        from: at,
                        to: None,
                        restart: *restart,
                    });
                }
            }
            Payload::HandOver { to_office_id, .. } | Payload::Transfer { to_office_id, .. } => {
                next.handling_office_id = to_office_id.clone();
            }
            Payload::AwaitPayment { .. } => next.pause_clock(at),
            Payload::Paid {} => next.clock.push(ClockStretch {
                from: at,
                to: None,
                restart: false,
            }),
            Payload::Resolve { outcome, .. } => {
                next.outcome = Some(*outcome);
                next.resolved_at = Some(at);
                next.pause_clock(at);
            }
            Payload::Return { delivery } => next.delivery = Some(*delivery),
            Payload::Apologize { new_due_at } => next.promised_at = Some(*new_due_at),
            Payload::Refuse { .. } | Payload::Withdraw {} | Payload::Stop {} => {
                next.pause_clock(at);
            }
        }
        if event.to.is_final() && next.finished_at.is_none() {
            next.finished_at = Some(at);
        }
        next
    }

    fn start_clock(&mut self, at: NaiveDateTime) {
        self.received_at = Some(at);
        self.clock = vec![ClockStretch {
            from: at,
            to: None,
            restart: false,
        }];
    }

    fn pause_clock(&mut self, at: NaiveDateTime) {
        if let Some(last) = self.clock.last_mut()
            && last.to.is_none()
        {
            last.to = Some(at.max(last.from));
        }
    }

    /// The clock as calendar segments.
    pub fn segments(&self, calendar: &Calendar) -> Vec<Segment> {
        self.clock.iter().map(|s| s.segment(calendar)).collect()
    }
}

/// Rebuilds the state from the events, in order.
pub fn replay<'a>(events: impl IntoIterator<Item = &'a Event>) -> State {
    events
        .into_iter()
        .fold(State::default(), |state, event| state.apply(event))
}
