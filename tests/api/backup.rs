//! Backups: a copy taken while applications keep arriving restores to the same reports, with
//! every application acknowledged before it began; a restore refuses a database in use; the
//! verification finds tallies and rows that differ.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use diesel::prelude::*;
use motcua::db::schema::applications;
use motcua::domain::calendar::OfficeHours;
use motcua::service::backup::{self, BackupError, Manifest, Tools};
use motcua::startup::Application;
use serde_json::Value;

use crate::applications::{Desk, desk_body};
use crate::helpers::{TestApp, TestDb, generate_demo, test_settings};

/// The demo district's year, which the load does not touch.
const DEMO_YEAR: &str = "from=2025-01-01&to=2025-12-31&unit=980";

fn url(db: &TestDb) -> motcua::db::DatabaseUrl {
    motcua::db::DatabaseUrl::parse(&db.url()).unwrap()
}

/// A server on a database that exists already.
async fn serve(db: TestDb) -> TestApp {
    let app = Application::build(test_settings(&db))
        .await
        .expect("server starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    actix_web::rt::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::new(),
        db,
    }
}

async fn results(app: &TestApp, token: &str, query: &str) -> Value {
    let res = app
        .get(&format!("/api/v1/reports/results?{query}"), Some(token))
        .await;
    assert_eq!(res.status(), reqwest::StatusCode::OK, "{query}");
    res.json().await.unwrap()
}

fn codes(conn: &mut motcua::db::DbConnection) -> Vec<String> {
    applications::table
        .select(applications::code)
        .load(conn)
        .unwrap()
}

#[actix_web::test]
async fn a_backup_under_load_restores_to_the_same_reports() {
    let desk = Desk::new().await;
    let mut conn = desk.app.db.connect();
    let until = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    generate_demo(&mut conn, 1_500, 11, until);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("motcua.backup");

    // One clerk submits without pause, noting each code once it is acknowledged.
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load = {
        let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
        let (address, clerk) = (desk.app.address.clone(), desk.clerk.clone());
        actix_web::rt::spawn(async move {
            let client = reqwest::Client::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let res = client
                    .post(format!("{address}/api/v1/applications"))
                    .bearer_auth(&clerk)
                    .json(&desk_body())
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), reqwest::StatusCode::CREATED);
                let body: Value = res.json().await.unwrap();
                let code = body["code"].as_str().unwrap().to_owned();
                acknowledged.lock().unwrap().push(code);
            }
        })
    };
    let len = || acknowledged.lock().unwrap().len();
    while len() < 5 {
        actix_web::rt::time::sleep(std::time::Duration::from_millis(10)).await;
    }

    let before: Vec<String> = acknowledged.lock().unwrap().clone();
    let started = Instant::now();
    let manifest = {
        let (url, file) = (url(&desk.app.db), file.clone());
        actix_web::rt::task::spawn_blocking(move || {
            backup::backup(&url, Default::default(), &file, &Tools::default())
        })
        .await
        .unwrap()
        .unwrap()
    };
    let took = started.elapsed();
    let finished = len();
    let during = finished - before.len();
    while len() < finished + 3 {
        actix_web::rt::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    load.await.unwrap();
    let acknowledged = acknowledged.lock().unwrap().clone();
    println!(
        "backup under load: {:.0} ms, {} submissions acknowledged while it ran",
        took.as_secs_f64() * 1e3,
        during
    );
    assert_eq!(Manifest::read(&file).unwrap().as_ref(), Some(&manifest));
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the owner's only");
    }
    assert!(manifest.counts["applications"] >= 1_500 + before.len() as i64);

    let restored = TestDb::new();
    let verification = {
        let (url, file) = (url(&restored), file.clone());
        actix_web::rt::task::spawn_blocking(move || {
            backup::restore(
                &file,
                &url,
                Default::default(),
                &Tools::default(),
                OfficeHours::standard(),
            )
        })
        .await
        .unwrap()
        .unwrap()
    };
    assert!(verification.passed(), "{verification}");
    assert!(verification.complete(), "{verification}");
    assert!(verification.count_mismatches.is_empty());
    let tallies = verification.tallies.unwrap();
    assert!(tallies.stored > 0 && tallies.stored == tallies.recounted);

    // Every application acknowledged before the backup began is in it; none acknowledged
    // after it ended is; the load's applications in it are the first ones, in order.
    let in_copy = codes(&mut restored.connect());
    assert_eq!(in_copy.len() as i64, manifest.counts["applications"]);
    for code in &before {
        assert!(in_copy.contains(code), "{code} was acknowledged before");
    }
    for code in &acknowledged[finished..] {
        assert!(!in_copy.contains(code), "{code} came after the backup");
    }
    let kept = acknowledged.iter().filter(|c| in_copy.contains(c)).count();
    assert!(acknowledged[..kept].iter().all(|c| in_copy.contains(c)));

    // The restored server reports as the running one: the demo year the load left alone
    // alike, and today's desk with the submissions the copy holds.
    let restored = serve(restored).await;
    let admin = restored.admin_token().await;
    assert_eq!(
        results(&restored, &admin, DEMO_YEAR).await,
        results(&desk.app, &desk.admin, DEMO_YEAR).await
    );
    let today = motcua::domain::today();
    let desk_today = format!("from={today}&to={today}&unit=99001");
    let copy = results(&restored, &admin, &desk_today).await;
    assert_eq!(copy["total"]["new_in_person"], kept);
    let live = results(&desk.app, &desk.admin, &desk_today).await;
    assert_eq!(live["total"]["new_in_person"], acknowledged.len());
}

#[actix_web::test]
async fn a_restore_needs_a_new_database_and_a_backup_a_new_file() {
    let desk = Desk::new().await;
    desk.submit(Some(&desk.clerk), &desk_body()).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("motcua.backup");
    let source = url(&desk.app.db);
    let tools = Tools::default();
    backup::backup(&source, Default::default(), &file, &tools).unwrap();

    let again = backup::backup(&source, Default::default(), &file, &tools);
    assert!(matches!(again, Err(BackupError::Exists(f)) if f == file));
    let onto_itself = backup::restore(
        &file,
        &source,
        Default::default(),
        &tools,
        OfficeHours::standard(),
    );
    assert!(
        matches!(onto_itself, Err(BackupError::NotEmpty(n)) if n > 20),
        "{onto_itself:?}"
    );
    let manifest = dir.path().join("motcua.backup.manifest.json");
    let not_a_backup = backup::restore(
        &manifest,
        &url(&TestDb::new()),
        Default::default(),
        &tools,
        OfficeHours::standard(),
    );
    assert!(
        matches!(not_a_backup, Err(BackupError::UnknownFormat(_))),
        "{not_a_backup:?}"
    );

    // The file on its own passes its verification.
    let checked = backup::verify_file(
        &file,
        Default::default(),
        &tools,
        None,
        OfficeHours::standard(),
    )
    .unwrap();
    assert!(checked.passed(), "{checked}");
    assert_eq!(checked.complete(), !desk.app.db.is_postgres());
    let scratch = TestDb::new();
    let checked = backup::verify_file(
        &file,
        Default::default(),
        &tools,
        Some(&url(&scratch)),
        OfficeHours::standard(),
    )
    .unwrap();
    assert!(checked.passed() && checked.complete(), "{checked}");
    // Nothing of the scratch copies is left beside the backup.
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["motcua.backup", "motcua.backup.manifest.json"]);
}

/// A `pg_dump` older than the server is refused before anything is written; a SQLite backup
/// needs no PostgreSQL client at all.
#[actix_web::test]
async fn a_pg_dump_older_than_the_server_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let desk = Desk::new().await;
    let bin = tempfile::tempdir().unwrap();
    for program in ["pg_dump", "pg_restore"] {
        let path = bin.path().join(program);
        std::fs::write(
            &path,
            format!("#!/bin/sh\necho '{program} (PostgreSQL) 9.6.24'\n"),
        )
        .unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let tools = Tools {
        bin_dir: Some(bin.path().to_owned()),
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("motcua.backup");
    let result = backup::backup(&url(&desk.app.db), Default::default(), &file, &tools);
    if desk.app.db.is_postgres() {
        assert!(
            matches!(
                &result,
                Err(BackupError::VersionMismatch { tool: 9, server, .. }) if *server >= 10
            ),
            "{result:?}"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    } else {
        assert!(result.is_ok(), "{result:?}");
        assert!(file.exists());
    }
}

#[actix_web::test]
async fn the_verification_finds_changed_tallies_and_missing_rows() {
    let desk = Desk::new().await;
    for _ in 0..3 {
        desk.submit(Some(&desk.clerk), &desk_body()).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("motcua.backup");
    let tools = Tools::default();
    backup::backup(&url(&desk.app.db), Default::default(), &file, &tools).unwrap();
    let restored = TestDb::new();
    let clean = backup::restore(
        &file,
        &url(&restored),
        Default::default(),
        &tools,
        OfficeHours::standard(),
    )
    .unwrap();
    assert!(clean.passed(), "{clean}");
    let manifest = clean.manifest.clone().unwrap();
    assert_eq!(manifest.counts["applications"], 3);

    let mut conn = restored.connect();
    let year_rows = diesel::sql_query(
        "UPDATE report_tallies SET new_in_person = new_in_person + 1 WHERE span = 'Y'",
    )
    .execute(&mut conn)
    .unwrap();
    assert!(year_rows > 0);
    diesel::sql_query("DELETE FROM sessions")
        .execute(&mut conn)
        .unwrap();
    let found =
        backup::verify_database(&mut conn, OfficeHours::standard(), Some(&manifest)).unwrap();
    assert!(!found.passed(), "{found}");
    let tallies = found.tallies.unwrap();
    assert_eq!(tallies.only_stored, year_rows as i64, "{found}");
    assert_eq!(tallies.only_recounted, year_rows as i64, "{found}");
    assert_eq!(
        found.count_mismatches,
        vec![(
            "sessions".to_owned(),
            Some(manifest.counts["sessions"]),
            Some(0)
        )]
    );
    // The recount was rolled back: the changed tallies are still there.
    let again = backup::verify_database(&mut conn, OfficeHours::standard(), None).unwrap();
    assert_eq!(again.tallies.unwrap().only_stored, year_rows as i64);
}
