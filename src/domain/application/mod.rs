//! Applications (hồ sơ): the ten national statuses, the actions between them and who may take
//! each, the append-only events, and the projection that rebuilds the current state from them.
//!
//! Everything here is pure: the service loads the state, asks [`decide`] for the event an action
//! makes, stores the event, and stores `state.apply(&event)` as the new current row. Replaying
//! the stored events through [`replay`] gives the same state again.
//!
//! One file per topic; everything public is re-exported here, so callers name
//! `crate::domain::application::X` whatever file `X` lives in.

mod code;
mod deadline;
mod event;
mod identity;
mod machine;
mod next_step;
mod refusal;
mod state;
mod status;
mod timeliness;

#[cfg(test)]
mod tests;

/// How a dossier came in: the channels a procedure accepts.
pub use super::procedure::Channel;

pub use code::AppCode;
pub use deadline::{apology_in_time, due_of, limit_from_procedure, limit_of};
pub use event::{Action, Actor, ActorRole, Delivery, Event, Outcome, Payload};
pub use identity::{IdKind, mask_name, normalize_phone};
pub use machine::{Context, decide, desk_refusal, offered, submission};
pub use next_step::{Apology, NextStep, apology, needs_events, next_step};
pub use refusal::{Refusal, Rule};
pub use state::{ClockStretch, State, Step, replay};
pub use status::Status;
pub use timeliness::{Timeliness, timeliness};
