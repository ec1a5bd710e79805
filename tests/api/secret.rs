//! The server secret's default home: beside the SQLite database, not the working directory;
//! on PostgreSQL, which has no database file, the settings must give it.

use crate::helpers::{TestDb, test_settings};

#[actix_web::test]
async fn the_default_secret_lives_beside_the_database_or_is_required() {
    let db = TestDb::new();
    let mut settings = test_settings(&db);
    settings.secret = None;
    settings.secret_file = None;
    let TestDb::Sqlite { path, .. } = &db else {
        let refused = motcua::startup::Application::build(settings).await;
        let message = format!("{:#}", refused.err().expect("a server without its secret"));
        assert!(message.contains("MOTCUA_SECRET"), "{message}");
        return;
    };
    let in_working_dir = std::env::current_dir().unwrap().join("motcua.secret");
    let before = std::fs::read(&in_working_dir).ok();

    motcua::startup::Application::build(settings).await.unwrap();

    let beside = path.with_extension("secret");
    let secret = std::fs::read_to_string(&beside).unwrap();
    assert!(secret.len() >= 32, "{secret}");
    assert_eq!(std::fs::read(&in_working_dir).ok(), before);
}
