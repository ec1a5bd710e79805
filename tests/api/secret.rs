//! The server secret's default home: beside the SQLite database, not the working directory.

use crate::helpers::{TestDb, test_settings};

#[actix_web::test]
async fn a_server_on_sqlite_keeps_its_secret_beside_the_database() {
    let db = TestDb::new();
    let TestDb::Sqlite { path, .. } = &db else {
        // PostgreSQL has no database file; it keeps needing MOTCUA_SECRET.
        return;
    };
    let mut settings = test_settings(&db);
    settings.secret = None;
    settings.secret_file = None;
    let in_working_dir = std::env::current_dir().unwrap().join("motcua.secret");
    let before = std::fs::read(&in_working_dir).ok();

    motcua::startup::Application::build(settings).await.unwrap();

    let beside = path.with_extension("secret");
    let secret = std::fs::read_to_string(&beside).unwrap();
    assert!(secret.len() >= 32, "{secret}");
    assert_eq!(std::fs::read(&in_working_dir).ok(), before);
}
