//! Faults: a lost or stalled link to PostgreSQL (through a relay the test controls), statement
//! and request timeouts, SQLite's locks, a database that cannot be written, a missing folder,
//! the first administrator, and the limit on online submissions per client address.
//!
//! Every test runs on both backends; where a fault belongs to one backend (a network link
//! exists only to PostgreSQL), the SQLite pass checks that backend's own form of it (a lock
//! held past the busy timeout, a read-only file).

use std::time::Duration;

use diesel::connection::SimpleConnection;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::applications::{Desk, desk_body, online_body};
use crate::helpers::{TestApp, TestDb, assert_problem, spawn_app_with, test_settings};
use crate::relay::{Link, Relay, timed};
use motcua::config::Settings;
use motcua::startup::Application;

/// Whether this pass of the suite runs on PostgreSQL.
fn on_postgres() -> bool {
    std::env::var("MOTCUA_TEST_POSTGRES_URL").is_ok_and(|url| !url.is_empty())
}

/// A server whose PostgreSQL connections go through a relay (PostgreSQL only).
async fn spawn_through_relay(adjust: impl FnOnce(&mut Settings)) -> (TestApp, Relay) {
    let mut relay = None;
    let app = spawn_app_with(|settings| {
        let (front, url) = Relay::in_front_of(&settings.database_url);
        settings.database_url = url;
        relay = Some(front);
        adjust(settings);
    })
    .await;
    (app, relay.expect("the relay"))
}

/// Asserts a 503 `service_unavailable` with `Retry-After`.
async fn assert_unavailable(res: reqwest::Response) -> Value {
    let retry_after = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if retry_after.is_none_or(|s| s < 1) {
        let status = res.status();
        panic!(
            "{status} without Retry-After: {}",
            res.text().await.unwrap_or_default()
        );
    }
    assert_problem(res, 503, "service_unavailable").await
}

/// Holds SQLite's write lock from a connection of the test's own until dropped.
fn hold_sqlite_write_lock(db: &TestDb) -> motcua::db::DbConnection {
    let mut conn = db.connect();
    conn.batch_execute("BEGIN IMMEDIATE").unwrap();
    conn
}

/// Polls readiness until it answers 200 (after a fault is over), at most `limit`.
async fn ready_again(app: &TestApp, limit: Duration) {
    let started = std::time::Instant::now();
    loop {
        let status = app.get("/readyz", None).await.status();
        if status == StatusCode::OK {
            return;
        }
        assert!(
            started.elapsed() < limit,
            "not ready again after {limit:?}: {status}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[actix_web::test]
async fn a_cut_link_answers_503_with_retry_after_and_service_resumes_when_it_returns() {
    if on_postgres() {
        let (app, relay) = spawn_through_relay(|s| {
            s.database.connect_timeout_ms = 2_000;
            s.database.pool_timeout_ms = 1_000;
        })
        .await;
        assert_eq!(
            app.get("/api/v1/fields", None).await.status(),
            StatusCode::OK
        );
        relay.set(Link::Cut);
        // A read and a write (sign-in records its attempt): 503, never 500, and soon.
        let (res, took) = timed(app.get("/api/v1/fields", None)).await;
        eprintln!("cut link, read: answered in {took:?}");
        assert_unavailable(res).await;
        assert!(took < Duration::from_secs(4), "took {took:?}");
        let (res, took) = timed(app.try_login("admin", "wrong password")).await;
        eprintln!("cut link, sign-in: answered in {took:?}");
        assert_unavailable(res).await;
        assert!(took < Duration::from_secs(4), "took {took:?}");
        assert_unavailable(app.get("/readyz", None).await).await;
        relay.set(Link::Open);
        // Every pooled connection died with the link: the next requests get fresh ones.
        for _ in 0..3 {
            assert_eq!(
                app.get("/api/v1/fields", None).await.status(),
                StatusCode::OK
            );
        }
        assert_eq!(app.get("/readyz", None).await.status(), StatusCode::OK);
    } else {
        // SQLite cannot lose a link; its way of not answering a writer is a lock held past
        // the busy timeout.
        let app = spawn_app_with(|s| s.database.sqlite_busy_timeout_ms = 300).await;
        let lock = hold_sqlite_write_lock(&app.db);
        let (res, took) = timed(app.try_login("admin", "wrong password")).await;
        eprintln!("SQLite lock past busy timeout, sign-in: answered in {took:?}");
        assert_unavailable(res).await;
        assert!(took < Duration::from_secs(3), "took {took:?}");
        drop(lock);
        let res = app.try_login("admin", "wrong password").await;
        assert_problem(res, 401, "invalid_credentials").await;
    }
}

#[actix_web::test]
async fn a_pooled_connection_that_died_is_replaced_before_the_request_uses_it() {
    let app = spawn_app_with(|_| {}).await;
    assert_eq!(
        app.get("/api/v1/fields", None).await.status(),
        StatusCode::OK
    );
    if app.db.is_postgres() {
        // The database ends every connection of the server (as a restart does).
        let mut conn = app.db.connect();
        conn.batch_execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .unwrap();
        // Idle connections are checked before they are lent.
        tokio::time::sleep(Duration::from_millis(1_200)).await;
        for _ in 0..3 {
            let res = app.get("/api/v1/fields", None).await;
            assert_eq!(res.status(), StatusCode::OK);
        }
        let token = app.admin_token().await;
        assert_eq!(
            app.get("/api/v1/users", Some(&token)).await.status(),
            StatusCode::OK
        );
    } else {
        // SQLite connections do not die; a writer holding the lock does not hold up reads.
        let lock = hold_sqlite_write_lock(&app.db);
        let (res, took) = timed(app.get("/api/v1/fields", None)).await;
        eprintln!("SQLite lock held, read: answered in {took:?}");
        assert_eq!(res.status(), StatusCode::OK);
        assert!(took < Duration::from_secs(1), "took {took:?}");
        drop(lock);
    }
}

#[actix_web::test]
async fn a_stalled_link_answers_503_within_the_request_limit_and_readiness_within_its_own() {
    if on_postgres() {
        let (app, relay) = spawn_through_relay(|s| {
            s.database.request_timeout_ms = 1_500;
            s.database.connect_timeout_ms = 2_000;
        })
        .await;
        assert_eq!(
            app.get("/api/v1/fields", None).await.status(),
            StatusCode::OK
        );
        relay.set(Link::Stalled);
        let (res, took) = timed(app.get("/api/v1/fields", None)).await;
        eprintln!("stalled link, read: answered in {took:?}");
        assert_unavailable(res).await;
        assert!(took >= Duration::from_millis(1_400), "took {took:?}");
        assert!(took < Duration::from_secs(3), "took {took:?}");
        let (res, took) = timed(app.get("/readyz", None)).await;
        eprintln!("stalled link, /readyz: answered in {took:?}");
        assert_unavailable(res).await;
        assert!(
            took < Duration::from_millis(2_800),
            "readiness took {took:?}"
        );
        relay.set(Link::Open);
        ready_again(&app, Duration::from_secs(10)).await;
        assert_eq!(
            app.get("/api/v1/fields", None).await.status(),
            StatusCode::OK
        );
    } else {
        // A writer waiting for SQLite's lock gives up at the request's limit, even when the
        // busy timeout is longer; readiness still says ready (the lock's holder is writing).
        let app = spawn_app_with(|s| {
            s.database.request_timeout_ms = 1_000;
            s.database.sqlite_busy_timeout_ms = 5_000;
        })
        .await;
        let lock = hold_sqlite_write_lock(&app.db);
        let (res, took) = timed(app.try_login("admin", "wrong password")).await;
        eprintln!("SQLite lock, write at the request limit: answered in {took:?}");
        assert_unavailable(res).await;
        assert!(took < Duration::from_millis(2_500), "took {took:?}");
        let (res, took) = timed(app.get("/readyz", None)).await;
        eprintln!("SQLite lock, /readyz: answered in {took:?}");
        assert_eq!(res.status(), StatusCode::OK);
        assert!(took < Duration::from_secs(2), "readiness took {took:?}");
        drop(lock);
        ready_again(&app, Duration::from_secs(10)).await;
    }
}

#[actix_web::test]
async fn a_statement_blocked_past_the_statement_timeout_answers_503() {
    let app = spawn_app_with(|s| {
        s.database.statement_timeout_ms = 500;
        s.database.sqlite_busy_timeout_ms = 500;
    })
    .await;
    let mut conn = app.db.connect();
    if app.db.is_postgres() {
        conn.batch_execute("BEGIN; LOCK TABLE fields IN ACCESS EXCLUSIVE MODE")
            .unwrap();
        let (res, took) = timed(app.get("/api/v1/fields", None)).await;
        eprintln!("statement timeout, read: answered in {took:?}");
        assert_unavailable(res).await;
        assert!(took < Duration::from_secs(3), "took {took:?}");
        conn.batch_execute("COMMIT").unwrap();
        // The cancelled statement left its connection usable.
        assert_eq!(
            app.get("/api/v1/fields", None).await.status(),
            StatusCode::OK
        );
    } else {
        conn.batch_execute("BEGIN IMMEDIATE").unwrap();
        let (res, took) = timed(app.try_login("admin", "wrong password")).await;
        eprintln!("SQLite busy timeout, sign-in: answered in {took:?}");
        assert_unavailable(res).await;
        assert!(took < Duration::from_secs(3), "took {took:?}");
        conn.batch_execute("ROLLBACK").unwrap();
        let res = app.try_login("admin", "wrong password").await;
        assert_problem(res, 401, "invalid_credentials").await;
    }
}

#[actix_web::test]
async fn a_database_that_cannot_be_written_is_not_served_and_not_ready() {
    let app = spawn_app_with(|_| {}).await;
    let mut settings = test_settings(&app.db);
    if app.db.is_postgres() {
        let mut conn = app.db.connect();
        conn.batch_execute(
            "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET default_transaction_read_only = on', \
             current_database()); END $$",
        )
        .unwrap();
        // A second server starting now refuses the read-only database.
        let refused = Application::build(settings).await;
        let error = refused.err().map(|e| format!("{e:#}")).unwrap_or_default();
        assert!(error.contains("read-only"), "{error}");
        // The running server's connections end (a failover): the new ones are read-only.
        conn.batch_execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .unwrap();
        tokio::time::sleep(Duration::from_millis(1_200)).await;
        let res = app.get("/readyz", None).await;
        let body = assert_unavailable(res).await;
        assert!(body["detail"].is_string(), "{body}");
        // A write is 503 too, not 500.
        assert_unavailable(app.try_login("admin", "wrong password").await).await;
        // Reads still work.
        assert_eq!(
            app.get("/api/v1/fields", None).await.status(),
            StatusCode::OK
        );
    } else {
        let motcua::db::DatabaseUrl::Sqlite(path) =
            motcua::db::DatabaseUrl::parse(&settings.database_url).unwrap()
        else {
            unreachable!()
        };
        // The file opened read-only, as SQLite opens a file it may not write.
        settings.database_url = format!("sqlite://file:{}?mode=ro", path.display());
        let refused = Application::build(settings).await;
        let error = refused.err().map(|e| format!("{e:#}")).unwrap_or_default();
        assert!(error.contains("cannot be written"), "{error}");
        assert!(error.contains("read-only"), "{error}");
        // The server on the writable file is ready.
        assert_eq!(app.get("/readyz", None).await.status(), StatusCode::OK);
    }
}

#[actix_web::test]
async fn a_missing_database_folder_stops_the_start_unless_the_settings_ask_to_create_it() {
    let db = TestDb::new();
    let mut settings = test_settings(&db);
    if db.is_postgres() {
        // PostgreSQL never creates a database: a missing one is an error naming it.
        settings.database_url = settings
            .database_url
            .replace("motcua_test_", "motcua_missing_");
        let error = Application::build(settings)
            .await
            .err()
            .map(|e| format!("{e:#}"))
            .unwrap_or_default();
        assert!(error.contains("does not exist"), "{error}");
    } else {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("disk").join("motcua.db");
        settings.database_url = format!("sqlite://{}", missing.display());
        let error = Application::build(settings.clone())
            .await
            .err()
            .map(|e| format!("{e:#}"))
            .unwrap_or_default();
        assert!(error.contains("does not exist"), "{error}");
        assert!(error.contains("create_missing_folder"), "{error}");
        assert!(!missing.exists() && !dir.path().join("disk").exists());
        settings.database.create_missing_folder = true;
        let app = Application::build(settings).await.unwrap();
        assert!(missing.exists());
        drop(app);
    }
}

/// What `motcua user add` does before the first start: the database migrated, and an
/// official of a new unit named `username` (an administrator when `admin`).
fn add_account_before_the_first_start(settings: &Settings, username: &str, admin: bool) {
    use motcua::domain::account::Binding;
    use motcua::service::users::{NewAccount, create};
    let (_, pool) = motcua::startup::open_database(settings).unwrap();
    let mut conn = pool.get().unwrap();
    let now = motcua::db::now();
    if motcua::db::units::find_id_valid_on(&mut conn, "99001", now.date())
        .unwrap()
        .is_none()
    {
        motcua::db::units::insert(
            &mut conn,
            &motcua::db::units::UnitRow {
                id: uuid::Uuid::new_v4().to_string(),
                code: "99001".into(),
                name: "Thử Nghiệm".into(),
                full_name: "Xã Thử Nghiệm".into(),
                name_folded: "xa thu nghiem".into(),
                level: "commune".into(),
                kind: "Xã".into(),
                parent_code: None,
                valid_from: chrono::NaiveDate::from_ymd_opt(2020, 1, 1),
                valid_to: None,
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )
        .unwrap();
    }
    let binding = if admin {
        Binding::Admin
    } else {
        Binding::Unit {
            unit_code: "99001".into(),
        }
    };
    create(
        &mut conn,
        &NewAccount {
            username: username.into(),
            display_name: username.into(),
            password: format!("a long password for {username}"),
            binding,
        },
    )
    .unwrap();
}

#[actix_web::test]
async fn the_administrator_is_created_when_none_exists_even_after_accounts_were_added() {
    let db = TestDb::new();
    let settings = test_settings(&db);
    add_account_before_the_first_start(&settings, "lead1", false);
    let app = Application::build(settings.clone()).await.unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    actix_web::rt::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    let login = |username: &'static str, password: &'static str| {
        client
            .post(format!("{address}/api/v1/auth/login"))
            .json(&json!({"username": username, "password": password}))
            .send()
    };
    let res = login("admin", crate::helpers::ADMIN_PASSWORD)
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = login("lead1", "a long password for lead1").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    // An administrator added before the first start is enough: no `admin` beside it.
    let other = TestDb::new();
    let settings = test_settings(&other);
    add_account_before_the_first_start(&settings, "boss", true);
    drop(Application::build(settings).await.unwrap());
    let mut conn = other.connect();
    let admin = motcua::db::users::find_by_username(&mut conn, "admin").unwrap();
    assert!(admin.is_none());
    assert_eq!(motcua::db::users::count(&mut conn).unwrap(), 1);

    // No administrator, and `admin` is someone else's username: the start says what to do.
    let third = TestDb::new();
    let settings = test_settings(&third);
    add_account_before_the_first_start(&settings, "admin", false);
    let error = Application::build(settings)
        .await
        .err()
        .map(|e| format!("{e:#}"))
        .unwrap_or_default();
    assert!(error.contains("no active administrator"), "{error}");
    assert!(error.contains("--role admin"), "{error}");
}

/// An online submission from `address` (the server trusts `X-Forwarded-For`).
async fn submit_from(desk: &Desk, address: &str, key: Option<&str>) -> reqwest::Response {
    let mut request = desk
        .app
        .request(Method::POST, "/api/v1/applications")
        .header("x-forwarded-for", address)
        .json(&online_body());
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    request.send().await.unwrap()
}

#[actix_web::test]
async fn online_submissions_are_limited_per_client_address() {
    let app = spawn_app_with(|s| {
        s.auth.trust_forwarded_headers = true;
        s.submissions.max_online_per_client = 2;
        s.submissions.burst_window_minutes = 10;
        s.submissions.max_online_per_client_per_day = 3;
    })
    .await;
    let desk = Desk::with(app).await;
    let office = "203.0.113.7";
    let first = submit_from(&desk, office, Some("first-key")).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    assert_eq!(
        submit_from(&desk, office, None).await.status(),
        StatusCode::CREATED
    );
    // The burst limit: the third within ten minutes waits until the first leaves the window.
    let res = submit_from(&desk, office, None).await;
    let retry_after: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=600).contains(&retry_after), "{retry_after}");
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    assert_problem(res, 429, "too_many_requests").await;
    // A retry of the first submission answers what it answered and counts nothing.
    let again = submit_from(&desk, office, Some("first-key")).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["code"], first["code"]);
    // Another address is not held back; a clerk at the desk never is.
    assert_eq!(
        submit_from(&desk, "198.51.100.20", None).await.status(),
        StatusCode::CREATED
    );
    desk.submit(Some(&desk.clerk), &desk_body()).await;

    // The day's limit: from a fresh address, the fourth within a day is refused for hours.
    let app = spawn_app_with(|s| {
        s.auth.trust_forwarded_headers = true;
        s.submissions.max_online_per_client = 10;
        s.submissions.max_online_per_client_per_day = 3;
    })
    .await;
    let desk = Desk::with(app).await;
    for _ in 0..3 {
        assert_eq!(
            submit_from(&desk, office, None).await.status(),
            StatusCode::CREATED
        );
    }
    let res = submit_from(&desk, office, None).await;
    let retry_after: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after > 23 * 3600, "{retry_after}");
    assert_problem(res, 429, "too_many_requests").await;
}

#[actix_web::test]
async fn a_start_while_the_database_does_not_answer_gives_up_instead_of_hanging() {
    let db = TestDb::new();
    let mut settings = test_settings(&db);
    if db.is_postgres() {
        // Every connection stalls: opening one gives up after the connect timeout.
        let (relay, url) = Relay::in_front_of(&settings.database_url);
        relay.set(Link::Stalled);
        settings.database_url = url;
        settings.database.connect_timeout_ms = 2_000;
        let (started, took) = timed(Application::build(settings)).await;
        eprintln!("start on a stalled link: gave up in {took:?}");
        let error = started.err().map(|e| format!("{e:#}")).unwrap_or_default();
        assert!(error.contains("cannot connect"), "{error}");
        assert!(took < Duration::from_secs(5), "took {took:?}");
    } else {
        // The migrations wait for the lock another process holds, up to the busy timeout.
        settings.database.sqlite_busy_timeout_ms = 500;
        let mut lock = db.connect();
        lock.batch_execute("BEGIN EXCLUSIVE").unwrap();
        let (started, took) = timed(Application::build(settings)).await;
        eprintln!("start on a locked database: gave up in {took:?}");
        let error = started.err().map(|e| format!("{e:#}")).unwrap_or_default();
        assert!(error.contains("locked"), "{error}");
        assert!(took < Duration::from_secs(5), "took {took:?}");
    }
}
