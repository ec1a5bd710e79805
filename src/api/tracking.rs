//! Public tracking and ratings: the applicant opens an application with its code and the PIN
//! (or their ID number). Without them, a code reveals nothing: an unknown code and a wrong PIN
//! get the same 404, and wrong attempts are limited per code and per client in the database.

use crate::db::reports::{Changes, FactsRow, vn_day};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::applications::StatusOut;
use super::auth::client_address;
use super::query::Query;
use crate::db::applications::{self as store, RatingRow, TrackFields};
use crate::db::{self as dbmod, DbConnection, is_unique_violation, throttle};
use crate::domain::application::{self, Outcome, Status, mask_name};
use crate::domain::credentials::{same_secret, tracking_pin};
use crate::error::{Code, Error, Problem};
use crate::state::{AppState, db, db_read, db_write};

/// How the applicant proves the application is theirs.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct Proof {
    /// The tracking PIN given at submission.
    #[param(example = "48213377")]
    pub pin: Option<String>,
    /// Or the applicant's ID number.
    pub id_number: Option<String>,
}

/// One step of the public timeline.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Step {
    /// When.
    pub at: DateTime<Utc>,
    /// What happened (`submit`, `receive`, `hand_over`…).
    pub action: String,
    /// The status after it.
    pub status: StatusOut,
}

/// What the public sees of an application: no ID number, no phone, the name as initials.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrackingOut {
    /// The application code.
    pub code: String,
    /// The current status.
    pub status: StatusOut,
    /// The procedure.
    pub procedure_name: String,
    /// The receiving office.
    pub office_name: String,
    /// The applicant's initials.
    #[schema(example = "N. V. A.")]
    pub applicant: String,
    /// When it was filed.
    pub submitted_at: DateTime<Utc>,
    /// When it was received.
    pub received_at: Option<DateTime<Utc>>,
    /// The appointment: the apology's new date if one was given, else the due date.
    pub due_at: Option<DateTime<Utc>>,
    /// An apology with a new date was given.
    pub apologized: bool,
    /// The decision, once resolved.
    pub outcome: Option<Outcome>,
    /// Every step so far.
    pub timeline: Vec<Step>,
    /// The result was returned and the service may be rated now.
    pub can_rate: bool,
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// The answer for an unknown code or a wrong proof: the same for both.
fn not_found() -> Error {
    Error::NotFound(Code::ApplicationNotFound)
}

/// The throttle buckets of a lookup: the client's and the code's, with their limits.
fn buckets(state: &AppState, client: &str, code: &str) -> [(String, i64); 2] {
    let limits = &state.settings.tracking;
    [
        (
            format!("track-client:{client}"),
            limits.max_failures_per_client,
        ),
        (format!("track-code:{code}"), limits.max_failures_per_code),
    ]
}

/// How a lookup went.
enum Lookup {
    /// The proof holds.
    Open(Box<TrackFields>),
    /// Unknown code or wrong proof: count it.
    Failed,
    /// Too many failures: wait.
    Limited,
}

/// Finds the application and checks the proof, in one read.
fn lookup(
    conn: &mut DbConnection,
    state: &AppState,
    client: &str,
    code: &str,
    proof: &Proof,
) -> Result<Lookup, Error> {
    let limits = &state.settings.tracking;
    let since = dbmod::now() - chrono::Duration::minutes(limits.failure_window_minutes);
    let [(client_bucket, client_max), (code_bucket, code_max)] = buckets(state, client, code);
    let Some(row) = store::track(conn, code, &client_bucket, &code_bucket, since)? else {
        let (failures, _) = throttle::window(conn, &client_bucket, since)?;
        return Ok(if failures >= client_max {
            Lookup::Limited
        } else {
            Lookup::Failed
        });
    };
    if row.client_failures >= client_max || row.code_failures >= code_max {
        return Ok(Lookup::Limited);
    }
    let row = row.fields;
    let by_pin = proof.pin.as_deref().is_some_and(|pin| {
        let expected = tracking_pin(state.secret.as_bytes(), &row.code, &row.pin_nonce);
        same_secret(pin.trim(), &expected)
    });
    let by_id = proof
        .id_number
        .as_deref()
        .is_some_and(|id| same_secret(&id.trim().to_uppercase(), &row.id_number));
    Ok(if by_pin || by_id {
        Lookup::Open(Box::new(row))
    } else {
        Lookup::Failed
    })
}

/// Counts a failure against the client and the code, and answers 404; or 429 when limited.
async fn refuse(state: &web::Data<AppState>, client: String, code: String, limited: bool) -> Error {
    let shared = state.clone();
    let wait = db(state, move |conn| {
        let limits = &shared.settings.tracking;
        let now = dbmod::now();
        let window = chrono::Duration::minutes(limits.failure_window_minutes);
        let mut oldest = now;
        for (bucket, _) in buckets(&shared, &client, &code) {
            if limited {
                let (_, first) = throttle::window(conn, &bucket, now - window)?;
                oldest = oldest.min(first.unwrap_or(now));
            } else {
                throttle::record(conn, &bucket, now, now - window)?;
            }
        }
        Ok((oldest + window - now).num_seconds().max(1))
    })
    .await;
    match wait {
        Ok(seconds) if limited => Error::TooManyRequests {
            retry_after: u64::try_from(seconds).unwrap_or(1),
        },
        Ok(_) => not_found(),
        Err(error) => error,
    }
}

/// Looks an application up for the public, counting failures.
async fn open(
    state: &web::Data<AppState>,
    client: String,
    code: String,
    proof: Proof,
) -> Result<TrackFields, Error> {
    let shared = state.clone();
    let (c, k) = (client.clone(), code.clone());
    match db_read(state, move |conn| lookup(conn, &shared, &c, &k, &proof)).await? {
        Lookup::Open(row) => Ok(*row),
        Lookup::Failed => Err(refuse(state, client, code, false).await),
        Lookup::Limited => Err(refuse(state, client, code, true).await),
    }
}

/// Track an application (public): status, timeline, appointment and office, with the PIN or
/// the applicant's ID number. An unknown code and a wrong PIN answer the same 404; repeated
/// failures answer 429.
#[utoipa::path(
    tag = "tracking",
    operation_id = "track_application",
    params(
        ("code" = String, Path, description = "Application code", example = "H56.14-251103-0001"),
        Proof,
    ),
    responses(
        (status = 200, description = "The public view", body = TrackingOut),
        (status = 404, description = "Unknown code, or wrong PIN / ID number", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts for this code or from this client", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tracking/{code}")]
pub async fn track_application(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    proof: Query<Proof>,
) -> Result<HttpResponse, Error> {
    let client = client_address(&req, state.settings.auth.trust_forwarded_headers);
    let row = open(&state, client, path.into_inner(), proof.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(tracking_out(row)?))
}

fn tracking_out(row: TrackFields) -> Result<TrackingOut, Error> {
    let status = Status::try_from(row.status).map_err(|e| Error::internal(anyhow::anyhow!(e)))?;
    let details: ProcedureName = serde_json::from_str(&row.details).map_err(Error::internal)?;
    let steps: Vec<application::Step> =
        serde_json::from_str(&row.timeline).map_err(Error::internal)?;
    Ok(TrackingOut {
        code: row.code,
        status: status.into(),
        procedure_name: details.procedure_name,
        office_name: row.office_name,
        applicant: mask_name(&row.applicant_name),
        submitted_at: utc(row.submitted_at),
        received_at: row.received_at.map(utc),
        due_at: row.promised_at.or(row.due_at).map(utc),
        apologized: row.promised_at.is_some(),
        outcome: row.outcome.as_deref().and_then(Outcome::from_token),
        timeline: steps
            .into_iter()
            .map(|s| Step {
                at: utc(s.at),
                action: s.action.as_str().to_owned(),
                status: s.to.into(),
            })
            .collect(),
        can_rate: status == Status::Returned,
    })
}

/// The one field of the stored details tracking reads.
#[derive(Deserialize)]
struct ProcedureName {
    procedure_name: String,
}

/// A rating of the service, once the result is returned.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingIn {
    /// The tracking PIN.
    pub pin: Option<String>,
    /// Or the applicant's ID number.
    pub id_number: Option<String>,
    /// Overall: 1 (very dissatisfied) to 5 (very satisfied).
    #[validate(range(min = 1, max = 5))]
    #[schema(example = 5, minimum = 1, maximum = 5)]
    pub overall: i32,
    /// The staff's attitude, 1–5.
    #[validate(range(min = 1, max = 5))]
    pub attitude: Option<i32>,
    /// The time it took, 1–5.
    #[validate(range(min = 1, max = 5))]
    pub timeliness: Option<i32>,
    /// How many times the applicant had to come or get in touch.
    #[validate(range(min = 0, max = 100))]
    pub contacts: Option<i32>,
    /// A comment.
    #[validate(length(max = 2000))]
    pub comment: Option<String>,
}

/// A stored rating.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RatingOut {
    /// The application code.
    pub code: String,
    /// Overall, 1–5.
    pub overall: i32,
    /// Attitude, 1–5.
    pub attitude: Option<i32>,
    /// Time, 1–5.
    pub timeliness: Option<i32>,
    /// Contacts.
    pub contacts: Option<i32>,
    /// The comment.
    pub comment: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Rate the service (public, with the PIN or ID number), once, after the result is returned.
#[utoipa::path(
    tag = "tracking",
    operation_id = "rate_application",
    params(("code" = String, Path, description = "Application code", example = "H56.14-251103-0001")),
    request_body(content = RatingIn, example = json!({"pin": "48213377", "overall": 5, "attitude": 5, "timeliness": 4, "contacts": 1, "comment": "Cán bộ hướng dẫn tận tình"})),
    responses(
        (status = 201, description = "Rated", body = RatingOut),
        (status = 404, description = "Unknown code, or wrong PIN / ID number", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_returned` yet, or `already_rated`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tracking/{code}/rating")]
pub async fn rate_application(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<RatingIn>,
) -> Result<HttpResponse, Error> {
    body.validate()?;
    let code = path.into_inner();
    let body = body.into_inner();
    let client = client_address(&req, state.settings.auth.trust_forwarded_headers);
    let proof = Proof {
        pin: body.pin.clone(),
        id_number: body.id_number.clone(),
    };
    let row = open(&state, client, code, proof).await?;
    let out = db_write(&state, move |conn| {
        dbmod::write_transaction(conn, |conn| {
            let stored = store::find(conn, &row.code)?.ok_or_else(not_found)?;
            let id = stored.id;
            if row.status != Status::Returned.code() {
                return Err(Error::Conflict {
                    code: Code::NotReturned,
                    detail: Some((
                        "Chỉ đánh giá được sau khi đã nhận kết quả.".into(),
                        "The service can be rated once the result is returned.".into(),
                    )),
                });
            }
            let rating = RatingRow {
                application_id: id,
                overall: body.overall,
                attitude: body.attitude,
                timeliness: body.timeliness,
                contacts: body.contacts,
                comment: body.comment.clone().filter(|c| !c.trim().is_empty()),
                created_at: dbmod::now(),
            };
            // One rating per application: the key refuses a second one.
            let already = || Error::conflict(Code::AlreadyRated);
            store::rate(conn, &rating).map_err(|e| {
                if is_unique_violation(&e) {
                    already()
                } else {
                    e.into()
                }
            })?;
            let mut changes = Changes::default();
            changes.rating(
                &FactsRow::of(&stored).key(),
                vn_day(rating.created_at),
                rating.overall,
            );
            changes.write(conn)?;
            Ok(RatingOut {
                code: row.code,
                overall: rating.overall,
                attitude: rating.attitude,
                timeliness: rating.timeliness,
                contacts: rating.contacts,
                comment: rating.comment,
                created_at: utc(rating.created_at),
            })
        })
    })
    .await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(out))
}
