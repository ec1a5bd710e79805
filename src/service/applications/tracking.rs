//! Public tracking and ratings: the applicant opens an application with its code and the PIN
//! (or their ID number). Without them, a code reveals nothing: an unknown code and a wrong PIN
//! get the same 404, and wrong attempts are limited per code and per client in the database.
//!
//! Counting is atomic: a wrong attempt is recorded in a transaction that re-reads the counts
//! under a lock of its buckets, so a burst of wrong attempts gets at most the limit of 404s and
//! then 429s. A lookup is checked at once only while the lookups under way in this server for
//! its code and its client, all taken as failures, would stay within what is left of each
//! limit; otherwise it is decided under that lock (count, check, record), after them. So a
//! burst cannot have more guesses checked than the limit allows, and an ordinary lookup stays
//! one read.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::views::StatusOut;
use super::write::{self, Change};
use crate::config::TrackingSettings;
use crate::db::applications::{self as store, RatingRow, TrackFields};
use crate::db::throttle::{self, Limit};
use crate::db::{self as dbmod, DbConnection, write_transaction};
use crate::domain::application::{self, Outcome, Status, mask_name};
use crate::domain::credentials::{same_secret, tracking_pin};
use crate::error::{Code, Error};
use crate::service::calendar::cache::CalendarCache;

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
fn buckets(limits: &TrackingSettings, client: &str, code: &str) -> [(String, i64); 2] {
    [
        (
            format!("track-client:{client}"),
            limits.max_failures_per_client,
        ),
        (format!("track-code:{code}"), limits.max_failures_per_code),
    ]
}

/// Lookups under way in this server, by throttle bucket.
#[derive(Debug, Default)]
pub struct InFlight(Mutex<HashMap<String, u32>>);

/// A lookup's place in [`InFlight`]; leaves it when dropped.
struct Turn<'a> {
    in_flight: &'a InFlight,
    keys: Vec<String>,
    /// How many other lookups of each key were under way when this one began (`None` when
    /// the count could not be read).
    ahead: Option<Vec<u32>>,
}

impl InFlight {
    fn enter(&self, keys: Vec<String>) -> Turn<'_> {
        let ahead = self.0.lock().ok().map(|mut map| {
            keys.iter()
                .map(|key| {
                    let n = map.entry(key.clone()).or_default();
                    *n += 1;
                    *n - 1
                })
                .collect()
        });
        Turn {
            in_flight: self,
            keys,
            ahead,
        }
    }
}

impl Turn<'_> {
    /// Whether the lookups under way, with this one, could pass a bucket's remaining
    /// allowance if every one of them failed: then this one is decided under the lock.
    fn crowded(&self, remaining: &[i64]) -> bool {
        match &self.ahead {
            Some(ahead) => ahead
                .iter()
                .zip(remaining)
                .any(|(ahead, left)| i64::from(*ahead) >= *left),
            None => true,
        }
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        if let (Ok(mut map), Some(_)) = (self.in_flight.0.lock(), &self.ahead) {
            for key in &self.keys {
                if let Some(n) = map.get_mut(key) {
                    *n -= 1;
                    if *n == 0 {
                        map.remove(key);
                    }
                }
            }
        }
    }
}

/// What public tracking needs besides a connection.
pub struct Tracking<'a> {
    /// The limits.
    pub limits: &'a TrackingSettings,
    /// The server secret that keys PINs.
    pub secret: &'a [u8],
    /// Lookups under way in this server.
    pub in_flight: &'a InFlight,
}

impl Tracking<'_> {
    /// Opens an application for the public with its proof, counting failures: 404 for an
    /// unknown code or a wrong proof, 429 past the limits.
    pub fn open(
        &self,
        conn: &mut DbConnection,
        client: &str,
        code: &str,
        proof: &Proof,
    ) -> Result<TrackFields, Error> {
        let buckets = buckets(self.limits, client, code);
        let turn = self
            .in_flight
            .enter(buckets.iter().map(|(b, _)| b.clone()).collect());
        let since = self.since();
        let [(client_bucket, client_max), (code_bucket, code_max)] = &buckets;
        let found = store::track(conn, code, client_bucket, code_bucket, since)?;
        let (client_failures, code_failures) = match &found {
            Some(row) => (row.client_failures, row.code_failures),
            None => (throttle::window(conn, client_bucket, since)?.0, 0),
        };
        if client_failures >= *client_max || code_failures >= *code_max {
            return Err(self.wait(conn, &buckets)?);
        }
        // Each lookup under way may be a wrong guess about to be counted: while they could
        // exhaust what is left of a limit, this one is counted, checked and recorded under
        // the lock, after them.
        if turn.crowded(&[client_max - client_failures, code_max - code_failures]) {
            return self.open_serially(conn, &buckets, code, proof);
        }
        match found
            .map(|row| row.fields)
            .filter(|f| self.proves(f, proof))
        {
            Some(fields) => Ok(fields),
            None => Err(self.fail(conn, &buckets)?),
        }
    }

    /// The whole lookup under the lock of its buckets: the attempt is counted first, as a
    /// failure, and taken back when the proof holds.
    fn open_serially(
        &self,
        conn: &mut DbConnection,
        buckets: &[(String, i64); 2],
        code: &str,
        proof: &Proof,
    ) -> Result<TrackFields, Error> {
        let now = dbmod::now();
        let outcome = write_transaction(conn, |conn| {
            if let Err(full) = throttle::take(conn, &limits(buckets), now, self.window())? {
                return Ok(Err(Some(full)));
            }
            let [(client_bucket, _), (code_bucket, _)] = buckets;
            let found = store::track(conn, code, client_bucket, code_bucket, now - self.window())?;
            match found
                .map(|row| row.fields)
                .filter(|f| self.proves(f, proof))
            {
                Some(fields) => {
                    for (bucket, _) in buckets {
                        throttle::give_back(conn, bucket, now)?;
                    }
                    Ok(Ok(fields))
                }
                None => Ok::<_, Error>(Err(None)),
            }
        })?;
        match outcome {
            Ok(fields) => Ok(fields),
            Err(Some(full)) => Err(self.retry_after(full.oldest, now)),
            Err(None) => Err(not_found()),
        }
    }

    fn window(&self) -> chrono::Duration {
        chrono::Duration::minutes(self.limits.failure_window_minutes)
    }

    fn since(&self) -> NaiveDateTime {
        dbmod::now() - self.window()
    }

    fn proves(&self, row: &TrackFields, proof: &Proof) -> bool {
        let by_pin = proof.pin.as_deref().is_some_and(|pin| {
            let expected = tracking_pin(self.secret, &row.code, &row.pin_nonce);
            same_secret(pin.trim(), &expected)
        });
        let by_id = proof
            .id_number
            .as_deref()
            .is_some_and(|id| same_secret(&id.trim().to_uppercase(), &row.id_number));
        by_pin || by_id
    }

    /// Counts a failure, the counts read again under the buckets' lock: 404, or 429 when
    /// another attempt reached the limit first.
    fn fail(&self, conn: &mut DbConnection, buckets: &[(String, i64); 2]) -> Result<Error, Error> {
        let now = dbmod::now();
        let taken = write_transaction(conn, |conn| {
            throttle::take(conn, &limits(buckets), now, self.window())
        })?;
        Ok(match taken {
            Ok(()) => not_found(),
            Err(full) => self.retry_after(full.oldest, now),
        })
    }

    /// The 429 for a lookup that found a bucket full in its read.
    fn wait(&self, conn: &mut DbConnection, buckets: &[(String, i64); 2]) -> Result<Error, Error> {
        let now = dbmod::now();
        let mut oldest = None;
        for (bucket, max) in buckets {
            let (count, first) = throttle::window(conn, bucket, now - self.window())?;
            if count >= *max
                && let Some(first) = first
            {
                oldest = Some(oldest.map_or(first, |o: NaiveDateTime| o.min(first)));
            }
        }
        Ok(self.retry_after(oldest, now))
    }

    /// The 429 with the seconds until the oldest counted failure leaves the window.
    fn retry_after(&self, oldest: Option<NaiveDateTime>, now: NaiveDateTime) -> Error {
        let seconds = (oldest.unwrap_or(now) + self.window() - now)
            .num_seconds()
            .max(1);
        Error::TooManyRequests {
            retry_after: u64::try_from(seconds).unwrap_or(1),
        }
    }

    /// The public view of an application.
    pub fn track(
        &self,
        conn: &mut DbConnection,
        client: &str,
        code: &str,
        proof: &Proof,
    ) -> Result<TrackingOut, Error> {
        tracking_out(self.open(conn, client, code, proof)?)
    }

    /// Rates the service once the result is returned (one rating per application).
    pub fn rate(
        &self,
        conn: &mut DbConnection,
        calendar: &CalendarCache,
        client: &str,
        code: &str,
        body: RatingIn,
    ) -> Result<RatingOut, Error> {
        body.validate()?;
        let proof = Proof {
            pin: body.pin.clone(),
            id_number: body.id_number.clone(),
        };
        let row = self.open(conn, client, code, &proof)?;
        write_transaction(conn, |conn| {
            let calendar = calendar.current(conn)?;
            let stored = store::find(conn, &row.code)?.ok_or_else(not_found)?;
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
                application_id: stored.id,
                overall: body.overall,
                attitude: body.attitude,
                timeliness: body.timeliness,
                contacts: body.contacts,
                comment: body.comment.clone().filter(|c| !c.trim().is_empty()),
                created_at: dbmod::now(),
            };
            let out = RatingOut {
                code: row.code.clone(),
                overall: rating.overall,
                attitude: rating.attitude,
                timeliness: rating.timeliness,
                contacts: rating.contacts,
                comment: rating.comment.clone(),
                created_at: utc(rating.created_at),
            };
            write::record(
                conn,
                &calendar,
                vec![Change::Rating {
                    row: &stored,
                    rating,
                }],
            )?;
            Ok(out)
        })
    }
}

/// A lookup's buckets as the throttle counts them.
fn limits(buckets: &[(String, i64); 2]) -> [Limit<'_>; 2] {
    buckets
        .each_ref()
        .map(|(bucket, max)| Limit { bucket, max: *max })
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
