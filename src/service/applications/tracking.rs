//! Public tracking and ratings: the applicant opens an application with its code and a
//! proof: the link token of slip 01's QR code, the PIN, or their ID number. Without one, a
//! code reveals nothing: an unknown code and a wrong proof get the same 404.
//!
//! Nobody can lock the rightful applicant out. Wrong PINs (and ID numbers) count against the
//! client address, which past its limit gets 429 for everything, and against the code, which
//! past its limit refuses only the addresses that have been failing (`tracking.failing_after`
//! wrong PINs in the window): the right PIN from an address with a clean record always
//! opens. The link token is 128 bits that cannot be guessed, so it counts nothing and opens
//! from any address. A lookup without a proof counts nothing either.
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

use super::write::{self, Change};
use crate::config::TrackingSettings;
use crate::db::applications::{self as store, RatingRow, TrackFields};
use crate::db::throttle::{self, Limit};
use crate::db::{self as dbmod, DbConnection, write_transaction};
use crate::domain::application::Status;
use crate::domain::credentials::{same_secret, tracking_link_token, tracking_pin};
use crate::error::{Code, Error};
use crate::service::calendar::cache::CalendarCache;

pub use super::public_view::{ApologyOut, Step, TrackingOut};

/// How the applicant proves the application is theirs: one of these. When several are
/// given, the link token wins, then the PIN; only one is checked.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct Proof {
    /// The tracking PIN given at submission and printed on slip 01: 8 digits (spaces and
    /// dashes between them are ignored).
    #[param(example = "48213377")]
    pub pin: Option<String>,
    /// Or the applicant's ID number.
    pub id_number: Option<String>,
    /// Or the link token of slip 01's QR code (32 hex characters).
    #[param(example = "9f2c4e1a7b3d5f60812a4c6e8b0d2f41")]
    pub t: Option<String>,
}

/// A proof, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Given {
    /// None at all: nothing to check, nothing counted.
    Nothing,
    /// The link token.
    Token(String),
    /// The PIN, its 8 digits.
    Pin(String),
    /// The ID number, uppercase, without spaces.
    IdNumber(String),
}

impl Proof {
    /// The one proof to check. A PIN that is not 8 digits is a 422 on `pin`: it cannot be
    /// right, so it is refused before anything is read or counted.
    pub fn given(&self) -> Result<Given, Error> {
        let present = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        if let Some(token) = present(&self.t) {
            return Ok(Given::Token(token.to_ascii_lowercase()));
        }
        if let Some(pin) = present(&self.pin) {
            let digits: String = pin
                .chars()
                .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.'))
                .collect();
            if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Error::field(
                    "pin",
                    "format",
                    "Mã PIN gồm 8 chữ số, in trên giấy tiếp nhận hồ sơ.",
                    "The PIN has 8 digits; it is printed on the receipt.",
                ));
            }
            return Ok(Given::Pin(digits));
        }
        if let Some(id) = present(&self.id_number) {
            return Ok(Given::IdNumber(
                id.split_whitespace().collect::<String>().to_uppercase(),
            ));
        }
        Ok(Given::Nothing)
    }
}

/// Where slips and answers send the applicant, and the PIN they print: both made again
/// from the server secret and the application's nonce whenever they are needed.
pub struct Links<'a> {
    /// The service's public address, without a trailing slash.
    pub public_url: &'a str,
    /// The server secret.
    pub secret: &'a [u8],
}

impl Links<'_> {
    /// The public status page, opened directly by its link token:
    /// `{public_url}/track/{code}?t=…`.
    pub fn status_page(&self, code: &str, nonce: &str) -> String {
        format!(
            "{}/track/{code}?t={}",
            self.public_url.trim_end_matches('/'),
            tracking_link_token(self.secret, code, nonce)
        )
    }

    /// The tracking PIN.
    pub fn pin(&self, code: &str, nonce: &str) -> String {
        tracking_pin(self.secret, code, nonce)
    }
}

/// The answer for an unknown code or a wrong proof: the same for both.
fn not_found() -> Error {
    Error::NotFound(Code::ApplicationNotFound)
}

/// Whose failures a client address counts as: the address itself for IPv4, its /64 network
/// for IPv6, where one subscriber holds a whole /64 and could otherwise take a fresh address
/// for every guess.
pub fn client_key(client: &str) -> String {
    match client.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        _ => client.to_owned(),
    }
}

/// The throttle buckets of a lookup: the client's, and the code's.
struct Buckets {
    client: String,
    code: String,
}

impl Buckets {
    fn of(client: &str, code: &str) -> Self {
        Self {
            client: format!("track-client:{}", client_key(client)),
            code: format!("track-code:{code}"),
        }
    }

    /// The client's own limit, for everyone; the code's, for clients that have been failing.
    fn limits<'a>(&'a self, settings: &TrackingSettings) -> [Limit<'a>; 2] {
        [
            Limit::new(&self.client, settings.max_failures_per_client),
            Limit::only_for(
                &self.code,
                settings.max_failures_per_code,
                &self.client,
                settings.failing_after,
            ),
        ]
    }
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
    /// The offices' hours, shown with the result to collect.
    pub office_hours: &'a [String],
}

impl Tracking<'_> {
    /// Opens an application for the public with its proof: 404 for an unknown code, a wrong
    /// proof or none, 422 for a PIN that is not 8 digits, 429 past the limits. Only wrong
    /// PINs and ID numbers are counted.
    pub fn open(
        &self,
        conn: &mut DbConnection,
        client: &str,
        code: &str,
        proof: &Proof,
    ) -> Result<TrackFields, Error> {
        match proof.given()? {
            Given::Nothing => Err(not_found()),
            Given::Token(token) => self.open_by_token(conn, code, &token),
            given => self.open_guessable(conn, client, code, &given),
        }
    }

    /// The link token: checked from any address, counted nowhere (it cannot be guessed).
    fn open_by_token(
        &self,
        conn: &mut DbConnection,
        code: &str,
        token: &str,
    ) -> Result<TrackFields, Error> {
        let found = store::track(conn, code, "", "", dbmod::now())?;
        found
            .map(|row| row.fields)
            .filter(|f| {
                same_secret(
                    token,
                    &tracking_link_token(self.secret, &f.code, &f.pin_nonce),
                )
            })
            .ok_or_else(not_found)
    }

    /// A PIN or an ID number, which could be guessed: limited and counted.
    fn open_guessable(
        &self,
        conn: &mut DbConnection,
        client: &str,
        code: &str,
        given: &Given,
    ) -> Result<TrackFields, Error> {
        let buckets = Buckets::of(client, code);
        let turn = self
            .in_flight
            .enter(vec![buckets.client.clone(), buckets.code.clone()]);
        let since = self.since();
        let found = store::track(conn, code, &buckets.client, &buckets.code, since)?;
        let (client_failures, code_failures) = match &found {
            Some(row) => (row.client_failures, row.code_failures),
            None => (throttle::window(conn, &buckets.client, since)?.0, 0),
        };
        let limits = self.limits;
        let failing = client_failures >= limits.failing_after.max(1);
        if client_failures >= limits.max_failures_per_client
            || (failing && code_failures >= limits.max_failures_per_code)
        {
            return Err(self.wait(conn, &buckets)?);
        }
        // Each lookup under way may be a wrong guess about to be counted: while they could
        // exhaust what is left of a limit, this one is counted, checked and recorded under
        // the lock, after them.
        if turn.crowded(&[
            limits.max_failures_per_client - client_failures,
            limits.max_failures_per_code - code_failures,
        ]) {
            return self.open_serially(conn, &buckets, code, given);
        }
        match found
            .map(|row| row.fields)
            .filter(|f| self.proves(f, given))
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
        buckets: &Buckets,
        code: &str,
        given: &Given,
    ) -> Result<TrackFields, Error> {
        let now = dbmod::now();
        let outcome = write_transaction(conn, |conn| {
            if let Err(full) =
                throttle::take(conn, &buckets.limits(self.limits), now, self.window())?
            {
                return Ok(Err(Some(full)));
            }
            let found = store::track(
                conn,
                code,
                &buckets.client,
                &buckets.code,
                now - self.window(),
            )?;
            match found
                .map(|row| row.fields)
                .filter(|f| self.proves(f, given))
            {
                Some(fields) => {
                    throttle::give_back(conn, &buckets.client, now)?;
                    throttle::give_back(conn, &buckets.code, now)?;
                    Ok(Ok(fields))
                }
                None => Ok::<_, Error>(Err(None)),
            }
        })?;
        match outcome {
            Ok(fields) => Ok(fields),
            Err(Some(full)) => Err(retry_after(full.retry_at, now)),
            Err(None) => Err(not_found()),
        }
    }

    fn window(&self) -> chrono::Duration {
        chrono::Duration::minutes(self.limits.failure_window_minutes)
    }

    fn since(&self) -> NaiveDateTime {
        dbmod::now() - self.window()
    }

    fn proves(&self, row: &TrackFields, given: &Given) -> bool {
        match given {
            Given::Pin(pin) => {
                same_secret(pin, &tracking_pin(self.secret, &row.code, &row.pin_nonce))
            }
            Given::IdNumber(id) => same_secret(id, &row.id_number),
            Given::Token(_) | Given::Nothing => false,
        }
    }

    /// Counts a failure, the counts read again under the buckets' lock: 404, or 429 when
    /// another attempt reached the limit first.
    fn fail(&self, conn: &mut DbConnection, buckets: &Buckets) -> Result<Error, Error> {
        let now = dbmod::now();
        let taken = write_transaction(conn, |conn| {
            throttle::take(conn, &buckets.limits(self.limits), now, self.window())
        })?;
        Ok(match taken {
            Ok(()) => not_found(),
            Err(full) => retry_after(full.retry_at, now),
        })
    }

    /// The 429 for a lookup that found a limit reached in its read.
    fn wait(&self, conn: &mut DbConnection, buckets: &Buckets) -> Result<Error, Error> {
        let now = dbmod::now();
        let full = throttle::check(conn, &buckets.limits(self.limits), now, self.window())?;
        Ok(retry_after(full.map_or(now, |f| f.retry_at), now))
    }

    /// The public view of an application.
    pub fn track(
        &self,
        conn: &mut DbConnection,
        client: &str,
        code: &str,
        proof: &Proof,
    ) -> Result<TrackingOut, Error> {
        let row = self.open(conn, client, code, proof)?;
        super::public_view::public_view(conn, row, self.office_hours)
    }

    /// The status page's operation: the public view, and the link token that opens it again
    /// (the site's address after a PIN was typed, so the PIN stays out of the address bar).
    pub fn status_page(
        &self,
        conn: &mut DbConnection,
        client: &str,
        code: &str,
        proof: &Proof,
    ) -> Result<(TrackingOut, String), Error> {
        let row = self.open(conn, client, code, proof)?;
        let token = tracking_link_token(self.secret, &row.code, &row.pin_nonce);
        Ok((
            super::public_view::public_view(conn, row, self.office_hours)?,
            token,
        ))
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
            t: body.t.clone(),
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

/// The 429 with the seconds until the attempt would pass.
fn retry_after(at: NaiveDateTime, now: NaiveDateTime) -> Error {
    Error::TooManyRequests {
        retry_after: throttle::seconds_until(at, now),
    }
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// A rating of the service, once the result is returned.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingIn {
    /// The tracking PIN.
    pub pin: Option<String>,
    /// Or the applicant's ID number.
    pub id_number: Option<String>,
    /// Or the link token of slip 01's QR code.
    pub t: Option<String>,
    /// Overall: 1 (very dissatisfied) to 5 (very satisfied).
    #[validate(range(min = 1, max = 5))]
    #[schema(example = 5, minimum = 1, maximum = 5)]
    pub overall: i32,
    /// The staff's attitude, 1–5.
    #[validate(range(min = 1, max = 5))]
    #[schema(minimum = 1, maximum = 5)]
    pub attitude: Option<i32>,
    /// The time it took, 1–5.
    #[validate(range(min = 1, max = 5))]
    #[schema(minimum = 1, maximum = 5)]
    pub timeliness: Option<i32>,
    /// How many times the applicant had to come or get in touch.
    #[validate(range(min = 0, max = 100))]
    #[schema(minimum = 0, maximum = 100)]
    pub contacts: Option<i32>,
    /// A comment.
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv6_client_counts_as_its_64_network() {
        assert_eq!(client_key("203.0.113.7"), "203.0.113.7");
        assert_eq!(client_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(
            client_key("2001:db8:1:2:bbbb:cccc:dddd:eeee"),
            "2001:db8:1:2::/64"
        );
        assert_eq!(client_key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(client_key("unknown"), "unknown");
    }

    #[test]
    fn a_proof_is_one_of_token_pin_or_id_number() {
        let proof = |pin: Option<&str>, id: Option<&str>, t: Option<&str>| Proof {
            pin: pin.map(str::to_owned),
            id_number: id.map(str::to_owned),
            t: t.map(str::to_owned),
        };
        assert_eq!(proof(None, None, None).given().ok(), Some(Given::Nothing));
        assert_eq!(
            proof(Some(" "), Some(""), Some("")).given().ok(),
            Some(Given::Nothing)
        );
        assert_eq!(
            proof(Some("4821 3377"), Some("001203004567"), None)
                .given()
                .ok(),
            Some(Given::Pin("48213377".into()))
        );
        assert_eq!(
            proof(Some("1"), None, Some("ABC")).given().ok(),
            Some(Given::Token("abc".into()))
        );
        assert_eq!(
            proof(None, Some(" b 1234567 "), None).given().ok(),
            Some(Given::IdNumber("B1234567".into()))
        );
        assert!(proof(Some("4821337"), None, None).given().is_err());
    }
}
