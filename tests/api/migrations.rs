use std::collections::BTreeSet;
use std::path::Path;

use diesel::connection::SimpleConnection;
use motcua::db::migrations::{is_current, revert_all, run_pending};

use crate::helpers::TestDb;

fn folder_names(dir: &str) -> BTreeSet<String> {
    std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn both_backends_have_the_same_migration_folders() {
    let sqlite = folder_names("migrations/sqlite");
    let postgres = folder_names("migrations/postgres");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
    for name in &sqlite {
        for backend in ["sqlite", "postgres"] {
            for file in ["up.sql", "down.sql"] {
                let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("migrations")
                    .join(backend)
                    .join(name)
                    .join(file);
                assert!(path.is_file(), "{} is missing", path.display());
            }
        }
    }
}

#[test]
fn migrations_go_up_down_and_up_again() {
    let db = TestDb::new();
    let mut conn = db.connect();
    assert!(!is_current(&mut conn).unwrap());
    let applied = run_pending(&mut conn).unwrap();
    assert_eq!(applied.len(), folder_names("migrations/sqlite").len());
    assert!(is_current(&mut conn).unwrap());

    let reverted = revert_all(&mut conn).unwrap();
    assert_eq!(reverted.len(), applied.len());
    assert!(!is_current(&mut conn).unwrap());
    // Every table is gone: creating one with a taken name would fail otherwise.
    conn.batch_execute("CREATE TABLE users (id TEXT); DROP TABLE users;")
        .unwrap();

    assert_eq!(run_pending(&mut conn).unwrap(), applied);
    assert!(is_current(&mut conn).unwrap());
}

#[test]
fn sqlite_connections_enforce_foreign_keys_and_use_wal() {
    let db = TestDb::new();
    if db.is_postgres() {
        return; // PostgreSQL always enforces them; the pragmas are SQLite's.
    }
    use diesel::prelude::*;
    use diesel::sql_types::{BigInt, Text};
    #[derive(QueryableByName)]
    struct Mode {
        #[diesel(sql_type = Text)]
        journal_mode: String,
    }
    #[derive(QueryableByName)]
    struct Keys {
        #[diesel(sql_type = BigInt)]
        foreign_keys: i64,
    }
    let mut conn = db.connect();
    let mode: Mode = diesel::sql_query("PRAGMA journal_mode")
        .get_result(&mut conn)
        .unwrap();
    let keys: Keys = diesel::sql_query("PRAGMA foreign_keys")
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(mode.journal_mode, "wal");
    assert_eq!(keys.foreign_keys, 1);
}

#[test]
fn timestamps_keep_microseconds_on_both_backends() {
    use diesel::prelude::*;
    use motcua::db::schema::throttle_hits;
    let db = TestDb::new();
    let mut conn = db.connect();
    run_pending(&mut conn).unwrap();
    let at = chrono::NaiveDate::from_ymd_opt(2025, 7, 1)
        .unwrap()
        .and_hms_micro_opt(7, 30, 0, 123_456)
        .unwrap();
    diesel::insert_into(throttle_hits::table)
        .values((throttle_hits::bucket.eq("t"), throttle_hits::at.eq(at)))
        .execute(&mut conn)
        .unwrap();
    let back: chrono::NaiveDateTime = throttle_hits::table
        .select(throttle_hits::at)
        .first(&mut conn)
        .unwrap();
    assert_eq!(back, at);
}
