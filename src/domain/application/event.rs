//! What happens to an application: the actions, who takes them, what each carries, and the
//! stored event.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Channel, Status};
use crate::domain::account::Role;

token_enum! {
    /// Everything that can happen to an application.
    Action {
        /// Filed online, or at a desk by a clerk.
        Submit = "submit",
        /// 1 → 2: a clerk accepts an online dossier.
        Receive = "receive",
        /// 1 → 3 (or at the desk): refused with reasons.
        Refuse = "refuse",
        /// 1/2/4 → 5: every missing item, listed once.
        RequestSupplement = "request_supplement",
        /// 5 → back: the supplement arrived.
        Supplement = "supplement",
        /// 2 → 4: to the processing agency.
        HandOver = "hand_over",
        /// 4 → 4: to another agency (liên thông).
        Transfer = "transfer",
        /// 4 → 6: fees or taxes to pay.
        AwaitPayment = "await_payment",
        /// 6 → 4: paid.
        Paid = "paid",
        /// 4 → 9: approved, or denied with a reason.
        Resolve = "resolve",
        /// 9 → 10: the result handed over.
        Return = "return",
        /// → 7 at the applicant's request.
        Withdraw = "withdraw",
        /// → 8.
        Stop = "stop",
        /// No status change: the apology with a new return date, once.
        Apologize = "apologize",
    }
}

token_enum! {
    /// How the result goes back to the applicant.
    Delivery {
        /// At the desk.
        InPerson = "in_person",
        /// By post.
        Postal = "postal",
        /// Electronically.
        Electronic = "electronic",
    }
}

token_enum! {
    /// What the processing agency decided.
    Outcome {
        /// Approved: the result is issued.
        Approved = "approved",
        /// Denied, with a written reason.
        Denied = "denied",
    }
}

/// Who acts: a staff member at an office, or the applicant (online).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The account id; `None` for the applicant.
    pub user_id: Option<String>,
    /// `citizen`, or a staff role.
    pub role: ActorRole,
    /// The office the staff member is bound to (its id).
    pub office_id: Option<String>,
}

/// A staff role, or the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActorRole {
    /// The applicant, without an account.
    Citizen,
    /// A reception clerk.
    Clerk,
    /// A specialist at a processing agency.
    Specialist,
    /// An administrator (reads only here).
    Admin,
    /// An official (reads only).
    Official,
}

impl ActorRole {
    /// The stored token.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Citizen => "citizen",
            Self::Clerk => "clerk",
            Self::Specialist => "specialist",
            Self::Admin => "admin",
            Self::Official => "official",
        }
    }

    /// The role with this token.
    pub fn from_token(token: &str) -> Option<Self> {
        [
            Self::Citizen,
            Self::Clerk,
            Self::Specialist,
            Self::Admin,
            Self::Official,
        ]
        .into_iter()
        .find(|r| r.as_str() == token)
    }
}

impl From<Role> for ActorRole {
    fn from(role: Role) -> Self {
        match role {
            Role::Admin => Self::Admin,
            Role::Clerk => Self::Clerk,
            Role::Specialist => Self::Specialist,
            Role::Official => Self::Official,
        }
    }
}

/// What an action carries; stored as the event's payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Payload {
    /// The application was filed.
    Submit {
        /// How it came in.
        channel: Channel,
        /// The receiving office (id).
        office_id: String,
        /// Filed at the desk by a clerk: received at once.
        at_desk: bool,
    },
    /// Received by a clerk.
    Receive {},
    /// Refused, with every reason.
    Refuse {
        /// The reasons (form 03).
        reasons: Vec<String>,
    },
    /// A supplement asked for.
    RequestSupplement {
        /// Every missing or incomplete item, once (form 02).
        items: Vec<String>,
    },
    /// The supplement arrived.
    Supplement {
        /// Restart the clock from zero (the procedure's rule) instead of resuming it.
        restart: bool,
    },
    /// Handed to the processing agency.
    HandOver {
        /// The office that gives (id).
        from_office_id: String,
        /// The office that receives (id).
        to_office_id: String,
    },
    /// Passed to another agency.
    Transfer {
        /// The office that gives (id).
        from_office_id: String,
        /// The office that receives (id).
        to_office_id: String,
    },
    /// Fees or taxes to pay.
    AwaitPayment {
        /// The amount in VND, when known.
        amount: Option<i64>,
    },
    /// Paid.
    Paid {},
    /// Resolved.
    Resolve {
        /// Approved or denied.
        outcome: Outcome,
        /// Why, when denied.
        reason: Option<String>,
    },
    /// Result returned.
    Return {
        /// How.
        delivery: Delivery,
    },
    /// Withdrawn at the applicant's request.
    Withdraw {},
    /// Processing stopped.
    Stop {},
    /// The apology with a new return date.
    Apologize {
        /// The new return date and time (UTC).
        new_due_at: NaiveDateTime,
    },
}

impl Payload {
    /// The action this payload belongs to.
    pub fn action(&self) -> Action {
        match self {
            Self::Submit { .. } => Action::Submit,
            Self::Receive {} => Action::Receive,
            Self::Refuse { .. } => Action::Refuse,
            Self::RequestSupplement { .. } => Action::RequestSupplement,
            Self::Supplement { .. } => Action::Supplement,
            Self::HandOver { .. } => Action::HandOver,
            Self::Transfer { .. } => Action::Transfer,
            Self::AwaitPayment { .. } => Action::AwaitPayment,
            Self::Paid {} => Action::Paid,
            Self::Resolve { .. } => Action::Resolve,
            Self::Return { .. } => Action::Return,
            Self::Withdraw {} => Action::Withdraw,
            Self::Stop {} => Action::Stop,
            Self::Apologize { .. } => Action::Apologize,
        }
    }
}

/// One thing that happened, as stored (times in UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// 1, 2, 3… within the application.
    pub seq: i32,
    /// The status before (`None` for the submission).
    pub from: Option<Status>,
    /// The status after.
    pub to: Status,
    /// When (UTC).
    pub at: NaiveDateTime,
    /// Who.
    pub actor: Actor,
    /// A free note.
    pub note: Option<String>,
    /// What the action carries.
    pub payload: Payload,
}
