//! Generated data: a district of reception desks and a processing agency, its procedures, and
//! a year of applications with a realistic mix of channels, supplements, payments, transfers,
//! lateness, withdrawals and refusals. Every application's history is made by the domain's
//! own `submission`/`decide` and its row is the projection of those events, exactly as the
//! service stores a real one; only the writing is batched, so that a million take minutes.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::db::applications::{self as store, ApplicationRow, Projection};
use crate::db::{self, DbConnection, write_transaction};
use crate::domain::application::{
    Actor, ActorRole, AppCode, Channel, Context as Decide, Delivery, Event, IdKind, Outcome,
    Payload, State, apology_in_time, decide, due_of, limit_from_procedure, submission,
};
use crate::domain::calendar::{Calendar, from_local};
use crate::domain::credentials::tracking_pin;
use crate::domain::procedure::TimeUnit;
use crate::domain::text::fold;
use crate::service::applications::views::{DeclaredDocument, Details};
use crate::service::applications::write::{self, Change};

pub mod district;

pub use district::{AGENCY, CENTER, DISTRICT, PROVINCE, desk_code};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// How many applications.
    pub applications: u64,
    /// The random seed (the same seed gives the same data).
    pub seed: u64,
    /// The last day applications are received (they spread over the year before it).
    pub until: NaiveDate,
    /// Where to write `code,pin` lines for load tests.
    pub pins: Option<std::path::PathBuf>,
    /// How many of them.
    pub pin_sample: usize,
}

/// What was generated.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Applications written.
    pub applications: u64,
    /// Events written.
    pub events: u64,
    /// Applications by status code.
    pub by_status: std::collections::BTreeMap<i32, u64>,
}

const NAMES: [&str; 12] = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Hoàng Cường",
    "Phạm Thu Dung",
    "Hoàng Minh Đức",
    "Vũ Thị Hà",
    "Đặng Quốc Huy",
    "Bùi Thị Lan",
    "Đỗ Văn Long",
    "Ngô Thị Mai",
    "Dương Văn Nam",
    "Lý Thị Oanh",
];

/// Builds the district when it is not there yet, and reads it back.
fn ensure_place(conn: &mut DbConnection, now: NaiveDateTime) -> anyhow::Result<district::Place> {
    district::ensure(conn, now, None)?;
    district::load(conn)
}

/// Office time on a day: somewhere in 07:30–11:30 or 13:00–17:00.
fn office_time(rng: &mut fastrand::Rng, day: NaiveDate) -> NaiveDateTime {
    let minutes = rng.u32(0..480);
    let minutes = if minutes < 240 {
        450 + minutes
    } else {
        780 + minutes - 240
    };
    day.and_time(
        NaiveTime::from_num_seconds_from_midnight_opt(minutes * 60 + rng.u32(0..60), 0)
            .unwrap_or_default(),
    )
}

/// One application's history, from the domain's own decisions.
fn history(
    rng: &mut fastrand::Rng,
    calendar: &Calendar,
    desk: &str,
    agency: &str,
    channel: Channel,
    submitted_local: NaiveDateTime,
    limit: Option<crate::domain::calendar::TimeLimit>,
) -> Vec<Event> {
    let citizen = Actor {
        user_id: None,
        role: ActorRole::Citizen,
        office_id: None,
    };
    let clerk = Actor {
        user_id: None,
        role: ActorRole::Clerk,
        office_id: Some(desk.to_owned()),
    };
    let specialist = |office: &str| Actor {
        user_id: None,
        role: ActorRole::Specialist,
        office_id: Some(office.to_owned()),
    };
    let submitted = from_local(submitted_local).naive_utc();
    let first = match channel {
        Channel::Online => submission(&citizen, desk, channel, None, None, submitted),
        _ => submission(&clerk, desk, channel, None, None, submitted),
    };
    let Ok(first) = first else {
        return Vec::new();
    };
    let mut events = vec![first];
    let mut state = State::default().apply(&events[0]);
    let mut now = submitted;
    let mut step = |state: &mut State,
                    actor: &Actor,
                    payload: Payload,
                    note: Option<&str>,
                    hours: i64,
                    events: &mut Vec<Event>| {
        now += Duration::minutes(hours * 60 + 7);
        let due_at = due_of(calendar, limit, state);
        let context = Decide {
            now,
            due_at,
            apology_in_time: due_at.is_some_and(|d| apology_in_time(calendar, now, d)),
        };
        if let Ok(event) = decide(state, actor, payload, note.map(str::to_owned), context) {
            *state = state.apply(&event);
            events.push(event);
            true
        } else {
            false
        }
    };
    let roll = rng.u32(0..1000);
    if channel == Channel::Online {
        if roll < 20 {
            return events; // still waiting for a clerk
        }
        if roll < 40 {
            step(
                &mut state,
                &clerk,
                Payload::Refuse {
                    reasons: vec!["Hồ sơ không đúng thẩm quyền".into()],
                },
                None,
                2,
                &mut events,
            );
            return events;
        }
        if roll < 55 {
            step(
                &mut state,
                &clerk,
                Payload::Withdraw {},
                Some("Công dân rút hồ sơ"),
                3,
                &mut events,
            );
            return events;
        }
        step(
            &mut state,
            &clerk,
            Payload::Receive {},
            None,
            rng.i64(1..20),
            &mut events,
        );
    }
    // Supplements, sometimes.
    if rng.u32(0..100) < 12 {
        step(
            &mut state,
            &clerk,
            Payload::RequestSupplement {
                items: vec!["Bản sao giấy tờ tùy thân".into()],
            },
            None,
            1,
            &mut events,
        );
        let fate = rng.u32(0..100);
        if fate < 10 {
            return events; // still waiting for the applicant
        }
        if fate < 25 {
            step(
                &mut state,
                &clerk,
                Payload::Stop {},
                Some("Quá hạn bổ sung"),
                24 * 20,
                &mut events,
            );
            return events;
        }
        step(
            &mut state,
            &clerk,
            Payload::Supplement { restart: false },
            None,
            rng.i64(4..100),
            &mut events,
        );
    }
    if rng.u32(0..100) < 3 {
        return events; // received, not handed over yet
    }
    step(
        &mut state,
        &clerk,
        Payload::HandOver {
            from_office_id: desk.to_owned(),
            to_office_id: agency.to_owned(),
        },
        None,
        1,
        &mut events,
    );
    if rng.u32(0..100) < 8 {
        step(
            &mut state,
            &specialist(agency),
            Payload::Transfer {
                from_office_id: agency.to_owned(),
                to_office_id: desk.to_owned(),
            },
            Some("Liên thông"),
            8,
            &mut events,
        );
        step(
            &mut state,
            &specialist(desk),
            Payload::Transfer {
                from_office_id: desk.to_owned(),
                to_office_id: agency.to_owned(),
            },
            None,
            8,
            &mut events,
        );
    }
    if rng.u32(0..100) < 10 {
        step(
            &mut state,
            &specialist(agency),
            Payload::AwaitPayment {
                amount: Some(50_000),
            },
            None,
            4,
            &mut events,
        );
        if rng.u32(0..100) < 10 {
            return events; // still waiting for the payment
        }
        step(
            &mut state,
            &specialist(agency),
            Payload::Paid {},
            None,
            rng.i64(2..48),
            &mut events,
        );
    }
    if rng.u32(0..100) < 4 {
        let due = due_of(calendar, limit, &state);
        if let Some(due) = due {
            step(
                &mut state,
                &specialist(agency),
                Payload::Apologize {
                    new_due_at: due + Duration::days(5),
                },
                Some("Cần xác minh thêm"),
                1,
                &mut events,
            );
        }
    }
    let pace = rng.u32(0..100);
    // How long processing takes, against the limit: most on time, some late, some still open.
    let total_hours = limit.map_or(24, |l| match l.unit {
        TimeUnit::WorkingHours => l.amount,
        _ => l.amount * 24,
    });
    let hours = match pace {
        0..=55 => total_hours / 2,
        56..=85 => total_hours * 9 / 10,
        86..=93 => total_hours * 2,
        _ => return events, // still in progress
    };
    if rng.u32(0..100) < 3 {
        step(
            &mut state,
            &clerk,
            Payload::Withdraw {},
            Some("Công dân rút hồ sơ"),
            hours / 2,
            &mut events,
        );
        return events;
    }
    let outcome = if rng.u32(0..100) < 5 {
        Outcome::Denied
    } else {
        Outcome::Approved
    };
    let reason = (outcome == Outcome::Denied).then(|| "Không đủ điều kiện".to_owned());
    step(
        &mut state,
        &specialist(agency),
        Payload::Resolve { outcome, reason },
        None,
        hours.max(1),
        &mut events,
    );
    if rng.u32(0..100) < 92 {
        let delivery = [
            Delivery::InPerson,
            Delivery::InPerson,
            Delivery::Postal,
            Delivery::Electronic,
        ][rng.usize(0..4)];
        step(
            &mut state,
            &clerk,
            Payload::Return { delivery },
            None,
            rng.i64(2..72),
            &mut events,
        );
    }
    events
}

/// One application to store: where and how it was filed, and its history.
#[derive(Debug, Clone)]
pub struct Filing {
    /// Its code.
    pub code: String,
    /// The receiving office (id).
    pub receiving_office_id: String,
    /// That office's unit on the day of receipt (id).
    pub unit_id: String,
    /// The procedure (version 1).
    pub procedure_code: String,
    /// Its name.
    pub procedure_name: String,
    /// Its field.
    pub field_code: String,
    /// How it came in.
    pub channel: Channel,
    /// The applicant.
    pub applicant_name: String,
    /// Their CCCD number.
    pub id_number: String,
    /// Their phone.
    pub phone: String,
    /// Their address.
    pub address: String,
    /// The nonce of its tracking PIN.
    pub pin_nonce: String,
    /// Its processing time limit.
    pub limit: Option<crate::domain::calendar::TimeLimit>,
    /// Its events, oldest first, as `decide` made them.
    pub events: Vec<Event>,
    /// The applicant's rating (overall score, when), if they gave one.
    pub rating: Option<(i32, NaiveDateTime)>,
}

/// What [`store`] wrote.
#[derive(Debug, Clone, Default)]
pub struct Stored {
    /// Events written.
    pub events: u64,
    /// Applications by status code.
    pub by_status: std::collections::BTreeMap<i32, u64>,
}

/// Stores applications as the service stores one: the row is the projection of its events
/// (with the calendar's due date), the events are appended, the rating recorded and the
/// report tallies added, all in one transaction; only the writing is batched.
pub fn store(
    conn: &mut DbConnection,
    calendar: &Calendar,
    filings: &[Filing],
    now: NaiveDateTime,
) -> anyhow::Result<Stored> {
    let mut stored = Stored::default();
    let mut rows = Vec::with_capacity(filings.len());
    for filing in filings {
        let state = filing
            .events
            .iter()
            .fold(State::default(), |s, e| s.apply(e));
        let projection = Projection::of(&state, due_of(calendar, filing.limit, &state), now)?;
        let details = Details {
            phone: Some(filing.phone.clone()),
            email: None,
            address: Some(filing.address.clone()),
            proxy: None,
            documents: vec![DeclaredDocument {
                name: "Tờ khai".into(),
                originals: 1,
                copies: 0,
            }],
            procedure_name: filing.procedure_name.clone(),
        };
        *stored.by_status.entry(projection.status).or_default() += 1;
        rows.push(ApplicationRow {
            id: 0,
            code: filing.code.clone(),
            receiving_office_id: filing.receiving_office_id.clone(),
            handling_office_id: projection.handling_office_id.clone(),
            unit_id: filing.unit_id.clone(),
            procedure_code: filing.procedure_code.clone(),
            procedure_version: 1,
            field_code: filing.field_code.clone(),
            channel: filing.channel.as_str().to_owned(),
            status: projection.status,
            applicant_name: filing.applicant_name.clone(),
            applicant_folded: fold(&filing.applicant_name),
            id_kind: IdKind::CitizenId.as_str().to_owned(),
            id_number: filing.id_number.clone(),
            details: serde_json::to_string(&details)?,
            pin_nonce: filing.pin_nonce.clone(),
            limit_amount: filing.limit.map(|l| l.amount),
            limit_unit: filing.limit.map(|l| l.unit.as_str().to_owned()),
            supplement_rule: "resume".into(),
            clock: projection.clock,
            timeline: projection.timeline,
            submitted_at: state.submitted_at.unwrap_or(now),
            received_at: projection.received_at,
            due_at: projection.due_at,
            promised_at: projection.promised_at,
            resolved_at: projection.resolved_at,
            finished_at: projection.finished_at,
            outcome: projection.outcome,
            delivery: projection.delivery,
            version: projection.version,
            updated_at: now,
        });
    }
    let changes: Vec<Change<'_>> = rows
        .into_iter()
        .zip(filings)
        .map(|(row, filing)| {
            stored.events += filing.events.len() as u64;
            Change::New {
                row: Box::new(row),
                events: filing.events.clone(),
                rating: filing.rating.map(|(overall, at)| store::RatingRow {
                    application_id: 0,
                    overall,
                    attitude: Some(overall),
                    timeliness: Some(overall),
                    contacts: Some(1),
                    comment: None,
                    created_at: at,
                }),
            }
        })
        .collect();
    write_transaction(conn, |conn| write::record(conn, calendar, changes))?;
    Ok(stored)
}

/// Generates applications. `progress(done, total)` is called as batches are written.
pub fn generate(
    conn: &mut DbConnection,
    secret: &str,
    calendar: &Calendar,
    options: &Options,
    progress: impl Fn(u64, u64),
) -> anyhow::Result<Report> {
    let now = db::now();
    let place = ensure_place(conn, now)?;
    let mut rng = fastrand::Rng::with_seed(options.seed);
    let mut report = Report::default();
    // Continue the day sequences of earlier runs.
    let mut sequences: HashMap<(String, NaiveDate), i32> = store::sequences(conn)?
        .into_iter()
        .map(|(office, day, last)| ((office, day), last))
        .collect();
    let first_day = options.until - Duration::days(364);
    let mut pins = Vec::new();
    let sample_every = (options.applications / options.pin_sample.max(1) as u64).max(1);
    const BATCH: u64 = 2_000;
    let mut done = 0;
    while done < options.applications {
        let n = BATCH.min(options.applications - done);
        let mut filings = Vec::with_capacity(n as usize);
        for k in 0..n {
            let i = done + k;
            let day = first_day + Duration::days(rng.i64(0..365));
            let day = if calendar.is_working_day(day) {
                day
            } else {
                calendar.next_working_day(day)
            };
            let (desk, p) = place.pick(&mut rng, day);
            let (desk_id, desk_code_now, unit_id) = (&desk.id, &desk.code, &desk.unit_id);
            let (code_p, name_p, field_p, amount, unit) = &place.procedures[p];
            let submitted_local = office_time(&mut rng, day);
            let channel = match rng.u32(0..100) {
                0..=44 => Channel::Online,
                45..=92 => Channel::InPerson,
                _ => Channel::Postal,
            };
            let limit =
                limit_from_procedure(*amount, unit.as_deref().and_then(TimeUnit::from_token));
            let events = history(
                &mut rng,
                calendar,
                desk_id,
                &place.agency_id,
                channel,
                submitted_local,
                limit,
            );
            let submitted_on = submitted_local.date();
            let seq = sequences
                .entry((desk_id.clone(), submitted_on))
                .or_insert(0);
            *seq += 1;
            let code = AppCode::format(
                desk_code_now,
                submitted_on,
                u32::try_from(*seq).unwrap_or(0),
            );
            let nonce = format!("{:032x}", rng.u128(..));
            if i % sample_every == 0 && pins.len() < options.pin_sample {
                pins.push(format!(
                    "{code},{}",
                    tracking_pin(secret.as_bytes(), &code, &nonce)
                ));
            }
            // About a third of the returned results are rated, most of them well.
            let returned_at = events
                .iter()
                .rev()
                .find(|e| e.to == crate::domain::application::Status::Returned)
                .map(|e| e.at);
            let rating = returned_at.filter(|_| rng.u32(0..100) < 35).map(|at| {
                let overall = [5, 5, 5, 4, 4, 4, 4, 3, 2, 1][rng.usize(0..10)];
                (overall, at + Duration::hours(rng.i64(1..72)))
            });
            filings.push(Filing {
                code,
                receiving_office_id: desk_id.clone(),
                unit_id: unit_id.clone(),
                procedure_code: code_p.clone(),
                procedure_name: name_p.clone(),
                field_code: field_p.clone(),
                channel,
                applicant_name: NAMES[rng.usize(0..NAMES.len())].to_owned(),
                id_number: format!("{:012}", rng.u64(0..1_000_000_000_000)),
                phone: format!("09{:08}", rng.u32(0..100_000_000)),
                address: format!("Thôn {}, xã Thử Nghiệm", rng.u32(1..20)),
                pin_nonce: nonce,
                limit,
                events,
                rating,
            });
        }
        let stored = store(conn, calendar, &filings, now)?;
        report.events += stored.events;
        for (status, count) in stored.by_status {
            *report.by_status.entry(status).or_default() += count;
        }
        done += n;
        report.applications = done;
        progress(done, options.applications);
    }
    // The sequences go on from where the generated days end.
    write_transaction(conn, |conn| -> anyhow::Result<()> {
        for ((office, day), last) in &sequences {
            store::set_seq(conn, office, *day, *last)?;
        }
        Ok(())
    })?;
    if let Some(path) = &options.pins {
        write_pins(path, &pins)?;
    }
    Ok(report)
}

fn write_pins(path: &Path, pins: &[String]) -> anyhow::Result<()> {
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
    );
    for line in pins {
        writeln!(file, "{line}")?;
    }
    file.flush()?;
    Ok(())
}
