//! The real binary as a child process, and a district set up through it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use crate::applications::Desk;
use crate::helpers::{ADMIN_PASSWORD, TestApp, TestDb};

const SECRET: &str = "a reliability secret of at least thirty-two characters";
const PUBLIC_URL: &str = "https://dichvucong.example.gov.vn";

/// The real binary, serving one database on a port of its own until it is killed.
pub struct Server {
    child: Child,
    pub address: String,
}

impl Server {
    /// Starts `motcua serve` on `db` (listening on a port the system picks) and waits until
    /// it answers `/readyz`.
    pub async fn start(db: &TestDb) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_motcua"))
            .arg("serve")
            .env_clear()
            .env("DATABASE_URL", db.url())
            .env("MOTCUA_BIND", "127.0.0.1:0")
            .env("MOTCUA_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("MOTCUA_SECRET", SECRET)
            .env("MOTCUA_WORKERS", "2")
            .env("MOTCUA_LOG_FORMAT", "json")
            // The start's lines (the one saying where it listens among them), and errors.
            .env("MOTCUA_LOG_LEVEL", "error,motcua::startup=info")
            .env("MOTCUA_SHUTDOWN_TIMEOUT_SECS", "1")
            // The same links whatever port a start gets.
            .env("MOTCUA_TRACKING__PUBLIC_URL", PUBLIC_URL)
            // The load comes from one address, far past what the per-address limit on online
            // submissions lets through (its own tests are in faults.rs).
            .env("MOTCUA_SUBMISSIONS__MAX_ONLINE_PER_CLIENT", "1000000")
            .env(
                "MOTCUA_SUBMISSIONS__MAX_ONLINE_PER_CLIENT_PER_DAY",
                "1000000",
            )
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the motcua binary starts");
        let log = child.stderr.take().expect("the server's log");
        let (tx, rx) = std::sync::mpsc::channel();
        // Reads the log to its end (so the server never blocks on a full pipe), passing on
        // the address it listens on and every other line.
        std::thread::spawn(move || {
            for line in BufReader::new(log).lines().map_while(Result::ok) {
                // One JSON object per event, its fields beside `level` and `message`.
                let event: Value = serde_json::from_str(&line).unwrap_or_default();
                if event["message"] == "listening" {
                    let _ = tx.send(event["address"].as_str().unwrap_or_default().to_owned());
                } else if event["level"] != "INFO" {
                    eprintln!("server: {line}");
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let listening = loop {
            if let Ok(address) = rx.try_recv() {
                break address;
            }
            if let Some(exit) = child.try_wait().expect("child state") {
                panic!("the server exited while starting: {exit}");
            }
            assert!(
                Instant::now() < deadline,
                "the server did not start listening"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let mut server = Self {
            child,
            address: format!("http://{listening}"),
        };
        server.wait_ready(deadline).await;
        server
    }

    async fn wait_ready(&mut self, deadline: Instant) {
        let client = reqwest::Client::new();
        loop {
            if let Some(exit) = self.child.try_wait().expect("child state") {
                panic!("the server exited while starting: {exit}");
            }
            if let Ok(res) = client.get(format!("{}/readyz", self.address)).send().await
                && res.status() == StatusCode::OK
            {
                return;
            }
            assert!(Instant::now() < deadline, "the server did not get ready");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL: no shutdown, no flush, requests in flight cut off.
    pub fn kill(&mut self) {
        self.child.kill().expect("kill");
        self.child.wait().expect("reap");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client with a bound on every request, so a cut-off request never hangs a round.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

/// The district of `Desk`, set up through a server started on a fresh database.
pub async fn district(db: TestDb, server: &Server) -> Desk {
    Desk::with(TestApp {
        address: server.address.clone(),
        client: client(),
        db,
    })
    .await
}
