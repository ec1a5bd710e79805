//! Reliability suites on the real binary (docs/OPERATIONS.md, "Reliability suites"):
//!
//! - R1: the server is killed with SIGKILL at random moments under a mixed write load
//!   (submissions, actions, ratings), several rounds. After each restart every acknowledged
//!   write is there, every application's events replay to its row, codes are unique and
//!   gap-free, and acknowledged submissions retried with their `Idempotency-Key` get the same
//!   answer.
//! - R2: two servers on one database race transitions on the same versions (exactly one winner
//!   per version, the others 409 or 412 as documented) and submissions (unique, gap-free
//!   codes).
//!
//! The load's choices come from fixed seeds; the kill moments do not.

mod check;
mod client;
mod server;
mod worker;

use std::time::{Duration, Instant};

use serde_json::Value;

use self::check::{Expect, check_database};
use self::client::{Ctx, Sent, Who, actions_from, send_action, status_of, version_of};
use self::server::{Server, client, district};
use self::worker::{Tally, Worker};
use crate::applications::{desk_body, online_body};
use crate::helpers::TestDb;

/// A seed for the load, fixed; `MOTCUA_RELIABILITY_SEED` replays another.
fn seed() -> u64 {
    std::env::var("MOTCUA_RELIABILITY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_251_103)
}

/// Moments from the clock, not the seed: every run kills somewhere else.
fn kill_rng() -> fastrand::Rng {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    fastrand::Rng::with_seed(nanos)
}

fn backend(db: &TestDb) -> &'static str {
    if db.is_postgres() {
        "postgresql"
    } else {
        "sqlite"
    }
}

/// R1: rounds of a mixed write load, each ended by SIGKILL at a random moment.
#[tokio::test]
async fn r1_a_server_killed_under_load_keeps_every_acknowledged_write() {
    const ROUNDS: usize = 10;
    const WORKERS: usize = 6;
    let budget = Duration::from_secs(60);
    let db = TestDb::new();
    let name = backend(&db);
    let mut server = Server::start(&db).await;
    let mut desk = district(db, &server).await;
    let mut kills = kill_rng();
    let seed = seed();
    let mut workers: Vec<Worker> = (0..WORKERS)
        .map(|i| Worker::new(i, seed.wrapping_add(i as u64)))
        .collect();
    let started = Instant::now();
    let mut rounds = 0;
    let mut retried = 0;
    let mut lost = 0;
    while rounds < ROUNDS && started.elapsed() < budget {
        rounds += 1;
        let delay = Duration::from_millis(kills.u64(200..2_000));
        {
            let ctx = Ctx {
                desk: &desk,
                client: client(),
                address: server.address.clone(),
            };
            let until = Instant::now() + delay + Duration::from_secs(10);
            let load =
                futures_util::future::join_all(workers.iter_mut().map(|w| w.run(&ctx, until)));
            let killer = async {
                tokio::time::sleep(delay).await;
                server.kill();
            };
            futures_util::join!(load, killer);
        }
        server = Server::start(&desk.app.db).await;
        desk.app.address = server.address.clone();
        let ctx = Ctx {
            desk: &desk,
            client: client(),
            address: server.address.clone(),
        };
        for worker in &mut workers {
            worker.settle(&ctx).await;
        }
        for worker in &mut workers {
            retried += worker.retry_acknowledged(&ctx).await;
        }
        let expected: Vec<Expect<'_>> = workers
            .iter()
            .flat_map(|w| &w.apps)
            .map(|app| Expect {
                code: &app.answer.code,
                status: app.status,
                version: app.version,
                acked: &app.acked,
                rated: app.rated,
            })
            .collect();
        lost += check_database(&desk.app.db, &expected);
        println!(
            "R1 {name}: round {rounds}: killed after {} ms, {} applications",
            delay.as_millis(),
            expected.len()
        );
    }
    let total = |f: fn(&Tally) -> usize| workers.iter().map(|w| f(&w.tally)).sum::<usize>();
    let acknowledged = total(|t| t.submissions) + total(|t| t.actions) + total(|t| t.ratings);
    println!(
        "R1 {name}: {rounds} rounds in {:.1} s; writes acknowledged {acknowledged} \
         (submissions {}, actions {}, ratings {}); lost {lost}; in flight at a kill: \
         submissions {} ({} had committed), actions {} ({} had committed), ratings {}; \
         acknowledged submissions retried with their key {retried}, all given their first answer",
        started.elapsed().as_secs_f64(),
        total(|t| t.submissions),
        total(|t| t.actions),
        total(|t| t.ratings),
        total(|t| t.submissions_in_doubt),
        total(|t| t.submissions_committed),
        total(|t| t.actions_in_doubt),
        total(|t| t.actions_committed),
        total(|t| t.ratings_in_doubt),
    );
    assert_eq!(lost, 0, "acknowledged writes lost");
    assert!(rounds >= 3, "at least three kills");
    assert!(
        total(|t| t.actions) > 0 && total(|t| t.ratings) > 0,
        "the load mixes actions and ratings in"
    );
}

/// One contender in a race: which server, which action, and how it names the version.
struct Contender {
    server: usize,
    if_match: bool,
    action: (&'static str, Who, Value),
}

/// An application of R2 as the races left it.
struct Raced {
    code: String,
    status: i64,
    version: i64,
    /// The winners' events: (seq, to_status).
    acked: Vec<(i64, i64)>,
}

/// R2: two servers on one database: submissions and transitions racing across them.
#[tokio::test]
async fn r2_two_servers_on_one_database_agree_on_codes_and_versions() {
    const APPLICATIONS: usize = 40;
    const RACES_PER_APPLICATION: usize = 3;
    const CONTENDERS: usize = 4;
    let db = TestDb::new();
    let name = backend(&db);
    let first = Server::start(&db).await;
    let desk = district(db, &first).await;
    let second = Server::start(&desk.app.db).await;
    let servers = [
        Ctx {
            desk: &desk,
            client: client(),
            address: first.address.clone(),
        },
        Ctx {
            desk: &desk,
            client: client(),
            address: second.address.clone(),
        },
    ];

    // Submissions at the same desk, alternately on each server, all at once.
    let sends = (0..APPLICATIONS).map(|i| {
        let sent = Sent {
            key: format!("two-{i}"),
            body: if i % 4 < 2 {
                desk_body()
            } else {
                online_body()
            },
            clerk: i % 4 < 2,
        };
        let ctx = &servers[i % 2];
        async move {
            let (_, answer, body) = ctx.submit(&sent).await.expect("an answer");
            let (status, version) = (status_of(&body), version_of(&body));
            Raced {
                code: answer.code,
                status,
                version,
                acked: vec![(version, status)],
            }
        }
    });
    let mut apps: Vec<Raced> = futures_util::future::join_all(sends).await;
    let mut seqs: Vec<u32> = apps
        .iter()
        .map(|app| app.code.rsplit('-').next().unwrap().parse().unwrap())
        .collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=APPLICATIONS as u32).collect::<Vec<_>>());

    // Races: on every application, contenders on both servers take actions valid from its
    // status on the same version, half naming it in If-Match, half in the body.
    let mut rng = fastrand::Rng::with_seed(seed());
    let (mut races, mut winners, mut conflicts, mut preconditions) = (0, 0, 0, 0);
    for _ in 0..RACES_PER_APPLICATION {
        let mut contests = Vec::new();
        for (index, app) in apps.iter().enumerate() {
            let choices = actions_from(app.status);
            if choices.is_empty() {
                continue;
            }
            let contenders: Vec<Contender> = (0..CONTENDERS)
                .map(|j| Contender {
                    server: j % 2,
                    if_match: j / 2 % 2 == 1,
                    action: choices[rng.usize(0..choices.len())].clone(),
                })
                .collect();
            contests.push((index, app.version, contenders));
        }
        let outcomes =
            futures_util::future::join_all(contests.iter().map(|(index, version, contenders)| {
                let code = &apps[*index].code;
                futures_util::future::join_all(contenders.iter().map(|c| {
                    send_action(&servers[c.server], code, &c.action, *version, c.if_match)
                }))
            }))
            .await;
        for ((index, version, contenders), answers) in contests.iter().zip(outcomes) {
            races += 1;
            let app = &mut apps[*index];
            let mut won = 0;
            for (contender, answer) in contenders.iter().zip(answers) {
                let (status, body) = answer.expect("both servers answer");
                match status.as_u16() {
                    200 => {
                        won += 1;
                        assert_eq!(version_of(&body), version + 1, "{body}");
                        app.status = status_of(&body);
                        app.version = version + 1;
                        app.acked.push((app.version, app.status));
                    }
                    412 => {
                        assert!(contender.if_match, "412 answers If-Match only: {body}");
                        assert_eq!(body["code"], "precondition_failed", "{body}");
                        assert_eq!(body["current_version"], version + 1, "{body}");
                        preconditions += 1;
                    }
                    409 => {
                        assert!(!contender.if_match, "If-Match is answered 412: {body}");
                        assert_eq!(body["code"], "version_conflict", "{body}");
                        conflicts += 1;
                    }
                    other => panic!("{} on {}: {other} {body}", contender.action.0, app.code),
                }
            }
            assert_eq!(won, 1, "one winner per version of {}", app.code);
            winners += won;
        }
    }

    let expected: Vec<Expect<'_>> = apps
        .iter()
        .map(|app| Expect {
            code: &app.code,
            status: app.status,
            version: app.version,
            acked: &app.acked,
            rated: false,
        })
        .collect();
    let lost = check_database(&desk.app.db, &expected);
    println!(
        "R2 {name}: {APPLICATIONS} concurrent submissions on two servers, codes 1..={APPLICATIONS}; \
         {races} transitions raced by {CONTENDERS} contenders each: {winners} winners, \
         {conflicts} version_conflict (409), {preconditions} precondition_failed (412); lost {lost}"
    );
    assert_eq!(lost, 0);
    assert_eq!(winners, races);
}
