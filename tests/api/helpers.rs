//! `spawn_app()` and friends: a server on a random port over a database of its own.

use std::path::PathBuf;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use motcua::config::Settings;
use motcua::db::{self, DatabaseUrl, DbConnection, SqliteOptions};
use motcua::startup::Application;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};

/// The password the first administrator gets in tests.
pub const ADMIN_PASSWORD: &str = "admin-password-for-tests";

/// A database that exists for one test only.
pub enum TestDb {
    /// A SQLite file in a temporary folder.
    Sqlite {
        _dir: tempfile::TempDir,
        path: PathBuf,
    },
    /// A PostgreSQL database created for the test and dropped after it.
    Postgres { server: String, name: String },
}

impl TestDb {
    /// A new empty database on the backend the environment selects.
    pub fn new() -> Self {
        match std::env::var("MOTCUA_TEST_POSTGRES_URL") {
            Ok(server) if !server.is_empty() => {
                let name = format!("motcua_test_{}", uuid::Uuid::new_v4().simple());
                let mut conn = PgConnection::establish(&server)
                    .unwrap_or_else(|e| panic!("cannot reach MOTCUA_TEST_POSTGRES_URL: {e}"));
                conn.batch_execute(&format!("CREATE DATABASE {name}"))
                    .unwrap_or_else(|e| panic!("cannot create {name}: {e}"));
                Self::Postgres { server, name }
            }
            _ => {
                let dir = tempfile::tempdir().expect("temporary folder");
                let path = dir.path().join("motcua.db");
                Self::Sqlite { _dir: dir, path }
            }
        }
    }

    /// The URL of this database.
    pub fn url(&self) -> String {
        match self {
            Self::Sqlite { path, .. } => format!("sqlite://{}", path.display()),
            Self::Postgres { server, name } => replace_database(server, name),
        }
    }

    /// True on PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        matches!(self, Self::Postgres { .. })
    }

    /// A direct connection, for fixtures and checks.
    pub fn connect(&self) -> DbConnection {
        let url = DatabaseUrl::parse(&self.url()).expect("test URL");
        db::connect(&url, SqliteOptions::default()).expect("test database")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Self::Postgres { server, name } = self
            && let Ok(mut conn) = PgConnection::establish(server)
        {
            let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// The same server URL with another database name.
fn replace_database(server: &str, name: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (server, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    // Tests talk to a local server without TLS. Without `sslmode=disable`, libpq sets up
    // OpenSSL for every connection, and a pool thread still reconnecting to a dropped test
    // database while the test process exits can race OpenSSL's own clean-up.
    match query {
        Some(q) if q.contains("sslmode=") => format!("{base}/{name}?{q}"),
        Some(q) => format!("{base}/{name}?{q}&sslmode=disable"),
        None => format!("{base}/{name}?sslmode=disable"),
    }
}

/// A running server and a client for it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// A client that keeps nothing between requests.
    pub client: reqwest::Client,
    /// The test's database.
    pub db: TestDb,
}

/// Test settings: port 0, one worker, the known admin password.
pub fn test_settings(db: &TestDb) -> Settings {
    Settings {
        database_url: db.url(),
        bind: "127.0.0.1:0".into(),
        workers: Some(1),
        admin_password: Some(ADMIN_PASSWORD.into()),
        log_level: "warn".into(),
        shutdown_timeout_secs: 1,
        secret: Some("a test secret of at least thirty-two characters".into()),
        ..Settings::default()
    }
}

/// Starts a server on a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts a server on a fresh database with adjusted settings.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let db = TestDb::new();
    let mut settings = test_settings(&db);
    adjust(&mut settings);
    let app = Application::build(settings).await.expect("server starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    actix_web::rt::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::new(),
        db,
    }
}

impl TestApp {
    /// A request to a path of this server.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.address))
    }

    /// GET with an optional token.
    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        with_token(self.request(Method::GET, path), token)
            .send()
            .await
            .expect("request")
    }

    /// GET without a token, expecting JSON back.
    pub async fn get_json(&self, path: &str) -> Value {
        self.get(path, None)
            .await
            .json()
            .await
            .expect("a JSON body")
    }

    /// A JSON request with an optional token.
    pub async fn send_json(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> Response {
        with_token(self.request(method, path), token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// Tries to sign in; returns the raw answer.
    pub async fn try_login(&self, username: &str, password: &str) -> Response {
        self.send_json(
            Method::POST,
            "/api/v1/auth/login",
            None,
            &json!({"username": username, "password": password}),
        )
        .await
    }

    /// Signs in; returns the token, panicking on failure.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let res = self.try_login(username, password).await;
        assert_eq!(res.status(), StatusCode::OK, "login as {username}");
        let body: Value = res.json().await.expect("json");
        body["token"].as_str().expect("token").to_owned()
    }

    /// The first administrator's token.
    pub async fn admin_token(&self) -> String {
        self.login("admin", ADMIN_PASSWORD).await
    }

    /// Creates a commune valid from 2020 (if its code is new) and an office in it; returns
    /// the office code.
    pub fn add_office(&self, office_code: &str, unit_code: &str) -> String {
        let mut conn = self.db.connect();
        let now = db::now();
        let from = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).expect("date");
        let unit_id =
            match db::units::find_id_valid_on(&mut conn, unit_code, now.date()).expect("query") {
                Some(id) => id,
                None => {
                    let id = uuid::Uuid::new_v4().to_string();
                    db::units::insert(
                        &mut conn,
                        &db::units::UnitRow {
                            id: id.clone(),
                            code: unit_code.to_owned(),
                            name: "Thử Nghiệm".into(),
                            full_name: "Xã Thử Nghiệm".into(),
                            name_folded: "xa thu nghiem".into(),
                            level: "commune".into(),
                            kind: "Xã".into(),
                            parent_code: None,
                            valid_from: Some(from),
                            valid_to: None,
                            version: 1,
                            created_at: now,
                            updated_at: now,
                        },
                    )
                    .expect("unit");
                    id
                }
            };
        db::offices::insert(
            &mut conn,
            &db::offices::NewOffice {
                id: &uuid::Uuid::new_v4().to_string(),
                code: office_code,
                name: "Bộ phận tiếp nhận và trả kết quả",
                unit_id: &unit_id,
                kind: "commune_reception",
                opened_on: Some(from),
                closed_on: None,
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )
        .expect("office");
        office_code.to_owned()
    }

    /// Has `office` receive each of `procedures` online and posted, from 2020, through the
    /// API as admin.
    pub async fn receive_online(&self, admin: &str, office: &str, procedures: &[&str]) {
        let list: Vec<Value> = procedures
            .iter()
            .map(|code| {
                serde_json::json!({"procedure_code": code, "available_from": "2020-01-01",
                                   "online_level": "full", "posted": true})
            })
            .collect();
        let res = self
            .send_json(
                Method::PUT,
                &format!("/api/v1/offices/{office}/procedures"),
                Some(admin),
                &Value::Array(list),
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{office} receives {procedures:?}"
        );
    }

    /// Creates a staff account through the API as admin; returns its token.
    pub async fn staff(
        &self,
        admin: &str,
        username: &str,
        role: &str,
        office: Option<&str>,
        unit: Option<&str>,
    ) -> String {
        let password = format!("{username}-password");
        let res = self
            .send_json(
                Method::POST,
                "/api/v1/users",
                Some(admin),
                &json!({
                    "username": username,
                    "display_name": username,
                    "password": password,
                    "role": role,
                    "office_code": office,
                    "unit_code": unit,
                }),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "create {username}");
        self.login(username, &password).await
    }
}

fn with_token(builder: RequestBuilder, token: Option<&str>) -> RequestBuilder {
    match token {
        Some(token) => builder.bearer_auth(token),
        None => builder,
    }
}

/// Asserts a problem+json answer with this status and code; returns the body.
pub async fn assert_problem(res: Response, status: u16, code: &str) -> Value {
    assert_eq!(res.status().as_u16(), status, "status for {code}");
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: Value = res.json().await.expect("problem body");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status);
    assert_eq!(body["type"], format!("urn:motcua:problem:{code}"));
    assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(body["detail"].as_str().is_some_and(|t| !t.is_empty()));
    body
}

/// Generates `applications` demo applications received over the year before `until`, on the
/// shipped calendar (the demo district is created the first time).
pub fn generate_demo(
    conn: &mut DbConnection,
    applications: u64,
    seed: u64,
    until: chrono::NaiveDate,
) -> motcua::demo::Report {
    let options = motcua::demo::Options {
        applications,
        seed,
        until,
        pins: None,
        pin_sample: 0,
    };
    motcua::demo::generate(
        conn,
        "a secret of thirty-two characters!",
        &motcua::domain::calendar::Calendar::vn_default(),
        &options,
        |_, _| {},
    )
    .expect("generated applications")
}

/// Marriage registration under `code`, filed online: two documents required and one optional
/// (field `ho-tich`, which must exist).
pub fn marriage_registration(code: &str) -> Value {
    serde_json::json!({
        "code": code, "name": "Thủ tục đăng ký kết hôn", "field_code": "ho-tich",
        "tiers": ["commune"], "channels": ["in_person", "online"],
        "documents": [
            {"name": "Tờ khai đăng ký kết hôn", "originals": 1, "copies": 0, "form": null},
            {"name": "Giấy xác nhận tình trạng hôn nhân", "originals": 1, "copies": 0, "form": null},
            {"name": "Giấy tờ khác nếu có", "originals": 0, "copies": 1, "form": null, "optional": true}
        ],
        "processing_time": {"amount": 5, "unit": "working_days"},
        "fees": [], "legacy_level": 4, "online_level": "full", "published": true,
        "effective_from": "2020-01-01"
    })
}
