//! Applications (hồ sơ): the ten national statuses, the actions between them and who may take
//! each, the append-only events, and the projection that rebuilds the current state from them.
//!
//! Everything here is pure: the service loads the state, asks [`decide`] for the event an action
//! makes, stores the event, and stores `state.apply(&event)` as the new current row. Replaying
//! the stored events through [`replay`] gives the same state again.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::account::Role;
use super::calendar::{Calendar, Segment, TimeLimit, from_local, to_local};
/// How a dossier came in: the channels a procedure accepts.
pub use super::procedure::Channel;
use super::procedure::TimeUnit;

/// The national status codes (the ones the National Public Service Portal uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "i32", try_from = "i32")]
pub enum Status {
    /// 1 mới đăng ký: filed online, not yet checked by a clerk.
    Submitted = 1,
    /// 2 được tiếp nhận: received; the receipt carries the appointment date.
    Received = 2,
    /// 3 không được tiếp nhận: refused with reasons; final.
    Refused = 3,
    /// 4 đang xử lý: at a processing agency.
    Processing = 4,
    /// 5 yêu cầu bổ sung: waiting for the applicant's supplement.
    SupplementRequested = 5,
    /// 6 nghĩa vụ tài chính: waiting for fees or taxes.
    AwaitingPayment = 6,
    /// 7 công dân rút hồ sơ: withdrawn; final.
    Withdrawn = 7,
    /// 8 dừng xử lý: stopped; final.
    Stopped = 8,
    /// 9 đã xử lý xong: result ready, waiting to be returned.
    Resolved = 9,
    /// 10 đã trả kết quả: result returned; final.
    Returned = 10,
}

impl Status {
    /// Every status, by code.
    pub const ALL: [Status; 10] = [
        Self::Submitted,
        Self::Received,
        Self::Refused,
        Self::Processing,
        Self::SupplementRequested,
        Self::AwaitingPayment,
        Self::Withdrawn,
        Self::Stopped,
        Self::Resolved,
        Self::Returned,
    ];

    /// The national code, 1–10.
    pub fn code(self) -> i32 {
        self as i32
    }

    /// The status with this national code.
    pub fn from_code(code: i32) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The Vietnamese name the portal uses.
    pub fn name_vi(self) -> &'static str {
        match self {
            Self::Submitted => "Mới đăng ký",
            Self::Received => "Được tiếp nhận",
            Self::Refused => "Không được tiếp nhận",
            Self::Processing => "Đang xử lý",
            Self::SupplementRequested => "Yêu cầu bổ sung",
            Self::AwaitingPayment => "Chờ thực hiện nghĩa vụ tài chính",
            Self::Withdrawn => "Công dân rút hồ sơ",
            Self::Stopped => "Dừng xử lý",
            Self::Resolved => "Đã xử lý xong",
            Self::Returned => "Đã trả kết quả",
        }
    }

    /// The English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Self::Submitted => "Submitted",
            Self::Received => "Received",
            Self::Refused => "Refused",
            Self::Processing => "Processing",
            Self::SupplementRequested => "Supplement requested",
            Self::AwaitingPayment => "Awaiting financial obligation",
            Self::Withdrawn => "Withdrawn",
            Self::Stopped => "Stopped",
            Self::Resolved => "Resolved",
            Self::Returned => "Returned",
        }
    }

    /// Nothing happens after a final status.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Refused | Self::Withdrawn | Self::Stopped | Self::Returned
        )
    }

    /// The deadline clock stands still in these statuses.
    pub fn pauses_clock(self) -> bool {
        matches!(self, Self::SupplementRequested | Self::AwaitingPayment)
    }

    /// Still being handled: received and neither resolved nor ended.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::Received | Self::Processing | Self::SupplementRequested | Self::AwaitingPayment
        )
    }
}

impl From<Status> for i32 {
    fn from(status: Status) -> i32 {
        status.code()
    }
}

impl TryFrom<i32> for Status {
    type Error = String;

    fn try_from(code: i32) -> Result<Self, String> {
        Self::from_code(code).ok_or_else(|| format!("unknown status code {code}"))
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.name_en())
    }
}

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

token_enum! {
    /// The kind of identity document an applicant gives.
    IdKind {
        /// Căn cước / CCCD: 12 digits.
        CitizenId = "citizen_id",
        /// Hộ chiếu: a letter and 7 digits (Vietnamese), or 6–9 letters and digits.
        Passport = "passport",
        /// Mã số thuế of an organisation: 10 digits, or 10-3 for a branch.
        TaxCode = "tax_code",
    }
}

impl IdKind {
    /// Whether `number` is well formed for this kind.
    pub fn accepts(self, number: &str) -> bool {
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        match self {
            Self::CitizenId => digits(number, 12),
            Self::Passport => {
                (6..=9).contains(&number.len())
                    && number
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                    && number.bytes().any(|b| b.is_ascii_digit())
            }
            Self::TaxCode => match number.split_once('-') {
                None => digits(number, 10),
                Some((head, branch)) => digits(head, 10) && digits(branch, 3),
            },
        }
    }
}

/// A Vietnamese phone number in its canonical form (`0` and 9 digits), from what people type:
/// spaces, dots and dashes are ignored and `+84`/`84` stands for the leading `0`.
pub fn normalize_phone(input: &str) -> Option<String> {
    let compact: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let national = if let Some(rest) = compact.strip_prefix("+84") {
        format!("0{rest}")
    } else if compact.len() == 11 && compact.starts_with("84") {
        format!("0{}", &compact[2..])
    } else {
        compact
    };
    (national.len() == 10
        && national.starts_with('0')
        && !national.starts_with("00")
        && national.bytes().all(|b| b.is_ascii_digit()))
    .then_some(national)
}

/// What the public sees of a name: the initials (`Nguyễn Văn An` → `N. V. A.`).
pub fn mask_name(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|word| word.chars().next())
        .flat_map(char::to_uppercase)
        .map(|c| format!("{c}."))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An application code: `{agency code}-{YYMMDD}-{NNNN}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppCode {
    /// The receiving office's agency code on the day of receipt.
    pub agency: String,
    /// The day of receipt.
    pub date: NaiveDate,
    /// The office's sequence that day, from 1.
    pub seq: u32,
}

impl AppCode {
    /// The code's text: the sequence has at least four digits, more past 9,999.
    pub fn format(agency: &str, date: NaiveDate, seq: u32) -> String {
        format!("{agency}-{}-{seq:04}", date.format("%y%m%d"))
    }

    /// Reads a code; `None` when it is not one.
    pub fn parse(code: &str) -> Option<Self> {
        let (rest, seq) = code.rsplit_once('-')?;
        let (agency, date) = rest.rsplit_once('-')?;
        if agency.is_empty()
            || seq.len() < 4
            || !seq.bytes().all(|b| b.is_ascii_digit())
            || date.len() != 6
        {
            return None;
        }
        Some(Self {
            agency: agency.to_owned(),
            date: NaiveDate::parse_from_str(date, "%y%m%d").ok()?,
            seq: seq.parse().ok().filter(|&n| n > 0)?,
        })
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
    pub fn segment(&self, calendar: &super::calendar::Calendar) -> Segment {
        use super::calendar::to_local;
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
    pub fn segments(&self, calendar: &super::calendar::Calendar) -> Vec<Segment> {
        self.clock.iter().map(|s| s.segment(calendar)).collect()
    }
}

/// Rebuilds the state from the events, in order.
pub fn replay<'a>(events: impl IntoIterator<Item = &'a Event>) -> State {
    events
        .into_iter()
        .fold(State::default(), |state, event| state.apply(event))
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The action is not allowed from the current status.
    #[error("`{action}` is not allowed while the application is {current}")]
    InvalidTransition {
        /// The action asked for.
        action: &'static str,
        /// The current status.
        current: Status,
    },
    /// This role or office may not take the action.
    #[error("this account may not `{action}` this application")]
    NotYours {
        /// The action asked for.
        action: &'static str,
    },
    /// The request's data does not fit the action.
    #[error("{field}: {message}")]
    Invalid {
        /// The field at fault.
        field: &'static str,
        /// What is wrong.
        message: &'static str,
    },
    /// The apology was already given.
    #[error("the apology with a new date was already given")]
    AlreadyApologized,
}

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

fn allowed_from(action: Action) -> &'static [Status] {
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
        message: "the application has no status",
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
                    message: "the giver must be the office handling the dossier",
                });
            }
            if action == Action::Transfer && to_office_id == &state.handling_office_id {
                return Err(Refusal::Invalid {
                    field: "to_office",
                    message: "a transfer goes to another office",
                });
            }
            Status::Processing
        }
        Payload::AwaitPayment { amount } => {
            if amount.is_some_and(|a| a < 0) {
                return Err(Refusal::Invalid {
                    field: "amount",
                    message: "an amount is zero or more",
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
                    message: "a denial needs its reason",
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
                    message: "say why processing stops",
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
                    message: "the apology gives its reason",
                });
            }
            let Some(due) = context.due_at else {
                return Err(Refusal::Invalid {
                    field: "new_due_at",
                    message: "the clock is paused or has no due date",
                });
            };
            if !context.apology_in_time {
                return Err(Refusal::Invalid {
                    field: "new_due_at",
                    message: "the apology must come at least one working day before the due date",
                });
            }
            if *new_due_at <= due {
                return Err(Refusal::Invalid {
                    field: "new_due_at",
                    message: "the new date must be after the current due date",
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
            message: "list at least one item, none empty",
        });
    }
    let mut seen = std::collections::HashSet::new();
    if !items.iter().all(|i| seen.insert(i.trim().to_lowercase())) {
        return Err(Refusal::Invalid {
            field,
            message: "list each item once",
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
            message: "without an account, only online submissions are possible",
        });
    }
    if at_desk && channel == Channel::Online {
        return Err(Refusal::Invalid {
            field: "channel",
            message: "a clerk records in-person or postal dossiers",
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
                message: "only a clerk refuses",
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

// Deadlines of an application: its limit, and the due instant its clock gives.

/// The processing time stored with an application.
pub fn limit_of(amount: Option<i64>, unit: Option<&str>) -> Option<TimeLimit> {
    Some(TimeLimit {
        amount: amount?,
        unit: TimeUnit::from_token(unit?)?,
    })
}

/// A procedure's processing time as a whole-number limit: half a working day is 4 working
/// hours; a fraction of a calendar day counts as a whole day.
pub fn limit_from_procedure(amount: Option<f64>, unit: Option<TimeUnit>) -> Option<TimeLimit> {
    let (amount, unit) = (amount?, unit?);
    if !amount.is_finite() || amount <= 0.0 {
        return None;
    }
    let whole = |x: f64| (x.fract() == 0.0).then_some(x as i64);
    Some(match unit {
        TimeUnit::WorkingDays => match whole(amount) {
            Some(days) => TimeLimit { amount: days, unit },
            None => TimeLimit {
                amount: (amount * 8.0).ceil() as i64,
                unit: TimeUnit::WorkingHours,
            },
        },
        TimeUnit::WorkingHours => TimeLimit {
            amount: amount.ceil() as i64,
            unit,
        },
        _ => TimeLimit {
            amount: amount.ceil() as i64,
            unit,
        },
    })
}

/// The statutory due instant (UTC) of a state: running clocks and ended ones (as they stood
/// when they stopped) have one; a clock paused for a supplement or a payment has none.
pub fn due_of(
    calendar: &Calendar,
    limit: Option<TimeLimit>,
    state: &State,
) -> Option<NaiveDateTime> {
    let limit = limit?;
    let status = state.status?;
    if status.pauses_clock() || state.clock.is_empty() {
        return None;
    }
    let mut segments = state.segments(calendar);
    // A resolution or an end stops the clock; the due date is the one that stood then. A
    // clock that was already paused when the application ended has none.
    let ended_at = state.resolved_at.or(state.finished_at);
    if !status.is_open()
        && let (Some(last), Some(stretch)) = (segments.last_mut(), state.clock.last())
    {
        if stretch.to.is_some() && stretch.to == ended_at {
            last.end = None;
        } else {
            return None;
        }
    }
    calendar
        .due(limit, &segments)
        .map(|local| from_local(local).naive_utc())
}

/// Whether at least one working day is left before a due instant (UTC).
pub fn apology_in_time(calendar: &Calendar, now: NaiveDateTime, due: NaiveDateTime) -> bool {
    let minutes =
        calendar.working_minutes_between(to_local(now.and_utc()), to_local(due.and_utc()));
    minutes >= 8 * 60
}

/// Early, on time or late: the end compared with the due date, by day; an apology makes it late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    /// Before the due date's day.
    Early,
    /// On the due date's day.
    OnTime,
    /// After it, or after an apology.
    Late,
}

impl Timeliness {
    /// "Trước hạn", "Đúng hạn" or "Quá hạn".
    pub fn label_vi(self) -> &'static str {
        match self {
            Timeliness::Early => "Trước hạn",
            Timeliness::OnTime => "Đúng hạn",
            Timeliness::Late => "Quá hạn",
        }
    }
}

/// Compares an end with a due instant by (local) day.
pub fn timeliness(end: NaiveDate, due: NaiveDate, apologized: bool) -> Timeliness {
    if apologized || end > due {
        Timeliness::Late
    } else if end == due {
        Timeliness::OnTime
    } else {
        Timeliness::Early
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use proptest::prelude::*;

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
    fn procedure_times_become_whole_limits() {
        let days = limit_from_procedure(Some(15.0), Some(TimeUnit::WorkingDays)).unwrap();
        assert_eq!((days.amount, days.unit), (15, TimeUnit::WorkingDays));
        let half = limit_from_procedure(Some(0.5), Some(TimeUnit::WorkingDays)).unwrap();
        assert_eq!((half.amount, half.unit), (4, TimeUnit::WorkingHours));
        let cal = limit_from_procedure(Some(2.5), Some(TimeUnit::CalendarDays)).unwrap();
        assert_eq!(cal.amount, 3);
        assert!(limit_from_procedure(Some(0.0), Some(TimeUnit::WorkingDays)).is_none());
        assert!(limit_from_procedure(None, Some(TimeUnit::WorkingDays)).is_none());
    }

    #[test]
    fn codes_format_and_parse() {
        let d = NaiveDate::from_ymd_opt(2024, 8, 23).unwrap();
        assert_eq!(AppCode::format("H56.14", d, 1), "H56.14-240823-0001");
        assert_eq!(AppCode::format("H56.14", d, 12345), "H56.14-240823-12345");
        let parsed = AppCode::parse("000.00.15.H12-240823-0042").unwrap();
        assert_eq!(parsed.agency, "000.00.15.H12");
        assert_eq!(parsed.seq, 42);
        assert_eq!(parsed.date, d);
        assert!(AppCode::parse("H56.14-240823-42").is_none());
        assert!(AppCode::parse("H56.14-241323-0042").is_none());
        assert!(AppCode::parse("-240823-0042").is_none());
        assert!(AppCode::parse("H56.14-240823-0000").is_none());
    }

    #[test]
    fn identity_documents() {
        assert!(IdKind::CitizenId.accepts("001203004567"));
        assert!(!IdKind::CitizenId.accepts("00120300456"));
        assert!(!IdKind::CitizenId.accepts("00120300456a"));
        assert!(IdKind::Passport.accepts("C1234567"));
        assert!(!IdKind::Passport.accepts("ABCDEFG"));
        assert!(IdKind::TaxCode.accepts("0101234567"));
        assert!(IdKind::TaxCode.accepts("0101234567-001"));
        assert!(!IdKind::TaxCode.accepts("0101234567-01"));
        assert!(!IdKind::TaxCode.accepts("010123456"));
    }

    #[test]
    fn phones() {
        assert_eq!(
            normalize_phone("0912 345 678").as_deref(),
            Some("0912345678")
        );
        assert_eq!(
            normalize_phone("+84 912.345.678").as_deref(),
            Some("0912345678")
        );
        assert_eq!(
            normalize_phone("84912345678").as_deref(),
            Some("0912345678")
        );
        assert_eq!(normalize_phone("12345"), None);
        assert_eq!(normalize_phone("0012345678"), None);
    }

    #[test]
    fn masks_names_to_initials() {
        assert_eq!(mask_name("Nguyễn Văn An"), "N. V. A.");
        assert_eq!(mask_name("  đỗ   thị  "), "Đ. T.");
        assert_eq!(mask_name(""), "");
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

    #[test]
    fn timeliness_by_day() {
        let d = |day| NaiveDate::from_ymd_opt(2025, 3, day).unwrap();
        assert_eq!(timeliness(d(3), d(4), false), Timeliness::Early);
        assert_eq!(timeliness(d(4), d(4), false), Timeliness::OnTime);
        assert_eq!(timeliness(d(5), d(4), false), Timeliness::Late);
        assert_eq!(timeliness(d(3), d(4), true), Timeliness::Late);
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
}
