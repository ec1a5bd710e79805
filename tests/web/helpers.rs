//! The browser-test harness: a server on a fresh database (the API tests' helpers, on either
//! backend via MOTCUA_TEST_POSTGRES_URL), a headless Chromium driven through its own
//! chromedriver on a free port (tests run in parallel), screenshots at phone and desk size
//! under `target/screenshots/`, the no-horizontal-scrolling check, and axe-core.
//!
//! Chromium and chromedriver: `/usr/bin/chromium` and `/usr/bin/chromedriver` (Debian's
//! `chromium` and `chromium-driver`; MOTCUA_CHROMIUM / MOTCUA_CHROMEDRIVER override them).
//! axe-core: `target/axe/node_modules/axe-core/axe.min.js`, installed by `.ci/run` with npm
//! (MOTCUA_AXE overrides it); never fetched by a test.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

#[allow(dead_code, unused_imports)]
#[path = "../api/helpers.rs"]
pub mod api;

pub use api::{
    ADMIN_PASSWORD, TestApp, generate_demo, marriage_registration, spawn_app, spawn_app_with,
};

/// A phone's viewport (a common Android phone).
pub const PHONE: (u32, u32) = (390, 844);
/// A desk's viewport.
pub const DESK: (u32, u32) = (1280, 900);

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_owned())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A headless Chromium through a chromedriver of its own.
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    driver: Child,
    /// The server's base address.
    pub base: String,
}

impl Browser {
    /// Starts chromedriver and a Chromium session at phone size, pointed at `app`.
    pub async fn start(app: &TestApp) -> Self {
        let port = free_port();
        let driver = Command::new(env_or("MOTCUA_CHROMEDRIVER", "/usr/bin/chromedriver"))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts (apt-get install chromium-driver)");
        let url = format!("http://127.0.0.1:{port}");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": env_or("MOTCUA_CHROMIUM", "/usr/bin/chromium"),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--hide-scrollbars", "--lang=vi", "--force-device-scale-factor=1",
                    format!("--window-size={},{}", PHONE.0, PHONE.1),
                ],
                // A Vietnamese browser: the site's default language is what it answers.
                "prefs": { "intl.accept_languages": "vi-VN,vi" },
            }),
        );
        let started = Instant::now();
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(e) if started.elapsed() < Duration::from_secs(20) => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("cannot start a Chromium session: {e}"),
            }
        };
        let browser = Self {
            client,
            driver,
            base: app.address.clone(),
        };
        browser.resize(PHONE).await;
        browser
    }

    /// Types `value` into the field `id` (emptied first).
    pub async fn fill(&self, id: &str, value: &str) {
        let field = self.client.find(Locator::Id(id)).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(value).await.unwrap();
    }

    /// Gives a file input a file, as the file picker would.
    pub async fn attach(&self, id: &str, path: &std::path::Path) {
        let input = self.client.find(Locator::Id(id)).await.unwrap();
        input.send_keys(&path.display().to_string()).await.unwrap();
    }

    /// Presses the form button `css` and waits for the next page: it has arrived once the
    /// pressed button is gone with the old one.
    pub async fn press(&self, css: &str) {
        let button = self.client.find(Locator::Css(css)).await.unwrap();
        button.click().await.unwrap();
        for _ in 0..400 {
            if button.is_displayed().await.is_err() {
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(25)).await;
        }
        self.client
            .wait()
            .for_element(Locator::Css("main h1"))
            .await
            .unwrap();
    }

    /// Signs in on the staff sign-in page as a person would; panics unless it lets them in.
    pub async fn sign_in(&self, username: &str, password: &str) {
        self.open("/staff/sign-in").await;
        self.fill("username", username).await;
        self.fill("password", password).await;
        self.press("form[action='/staff/sign-in'] button[type=submit]")
            .await;
        let at = self.location().await;
        assert!(
            !at.starts_with("/staff/sign-in"),
            "signed in as {username}: still at {at}"
        );
    }

    /// Opens a path of the server and waits for the page.
    pub async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap_or_else(|e| panic!("open {path}: {e}"));
    }

    /// Sets the viewport's size (the window is sized so that the viewport is `size`).
    pub async fn resize(&self, (width, height): (u32, u32)) {
        self.client
            .set_window_size(width, height)
            .await
            .expect("resize");
        // The window's frame, if any, eats some of it: grow it until the viewport is right.
        let inner = self
            .client
            .execute("return [window.innerWidth, window.innerHeight];", vec![])
            .await
            .expect("viewport");
        let w = inner[0].as_u64().unwrap_or(width as u64) as u32;
        let h = inner[1].as_u64().unwrap_or(height as u64) as u32;
        if w != width || h != height {
            self.client
                .set_window_size(
                    width + (width - w.min(width)),
                    height + (height - h.min(height)),
                )
                .await
                .expect("resize");
        }
    }

    /// The visible text of the page's `<main>`.
    pub async fn main_text(&self) -> String {
        self.client
            .find(Locator::Css("main"))
            .await
            .expect("a main element")
            .text()
            .await
            .expect("its text")
    }

    /// The text of the first element matching `css`.
    pub async fn text_of(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"))
            .text()
            .await
            .expect("text")
    }

    /// The path and query of the current page.
    pub async fn location(&self) -> String {
        let url = self.client.current_url().await.expect("url");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Fails when the page scrolls sideways at the current size.
    pub async fn assert_no_horizontal_scroll(&self, what: &str) {
        let sizes = self
            .client
            .execute(
                "var d = document.documentElement; \
                 var wide = Array.prototype.filter.call(document.querySelectorAll('body *'), \
                   function (e) { var r = e.getBoundingClientRect(); return r.right > d.clientWidth + 1 \
                     && getComputedStyle(e).position !== 'absolute' && !e.closest('.table-wrap'); }) \
                   .slice(0, 5).map(function (e) { return e.tagName + '.' + e.className; }); \
                 return [d.scrollWidth, d.clientWidth, wide];",
                vec![],
            )
            .await
            .expect("sizes");
        let scroll = sizes[0].as_u64().unwrap_or(0);
        let client = sizes[1].as_u64().unwrap_or(0);
        assert!(
            scroll <= client,
            "{what} scrolls sideways: {scroll} px of content in {client} px; too wide: {}",
            sizes[2]
        );
    }

    /// A screenshot of the whole page at `size`, written to `target/screenshots/{name}.png`.
    pub async fn screenshot(&self, name: &str, size: (u32, u32)) {
        self.resize(size).await;
        let height = self
            .client
            .execute("return document.documentElement.scrollHeight;", vec![])
            .await
            .expect("height")
            .as_u64()
            .unwrap_or(size.1 as u64) as u32;
        // The whole page in one picture: a viewport as tall as the page (capped).
        self.resize((size.0, height.clamp(size.1, 6000))).await;
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = screenshots_dir();
        std::fs::create_dir_all(&dir).expect("screenshots folder");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write the screenshot");
        self.resize(size).await;
    }

    /// Screenshots at phone and desk size (`{name}-phone.png`, `{name}-desk.png`); leaves
    /// the browser at phone size.
    pub async fn screenshots(&self, name: &str) {
        self.screenshot(&format!("{name}-desk"), DESK).await;
        self.screenshot(&format!("{name}-phone"), PHONE).await;
    }

    /// Runs axe-core on the page; fails on any serious or critical violation.
    pub async fn assert_accessible(&self, what: &str) {
        let source = std::fs::read_to_string(axe_path()).unwrap_or_else(|e| {
            panic!(
                "axe-core is not installed at {} ({e}): run `npm install --prefix target/axe \
                 axe-core@4` (as .ci/run does)",
                axe_path().display()
            )
        });
        self.client
            .execute(&source, vec![])
            .await
            .expect("inject axe-core");
        let result = self
            .client
            .execute_async(
                "var done = arguments[arguments.length - 1]; \
                 axe.run(document, { resultTypes: ['violations'] }).then(function (r) { \
                   done(r.violations.map(function (v) { return { id: v.id, impact: v.impact, \
                     help: v.help, nodes: v.nodes.slice(0, 3).map(function (n) { return n.target.join(' '); }) }; })); \
                 }, function (e) { done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]); });",
                vec![],
            )
            .await
            .expect("axe-core runs");
        let bad: Vec<&Value> = result
            .as_array()
            .map(|v| {
                v.iter()
                    .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            bad.is_empty(),
            "{what}: axe-core found serious or critical violations: {}",
            serde_json::to_string_pretty(&bad).unwrap_or_default()
        );
    }

    /// Ends the session and chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A failed test never reaches close(): chromedriver (and its Chromium) still go.
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// Where screenshots go.
pub fn screenshots_dir() -> PathBuf {
    target_dir().join("screenshots")
}

/// Where axe-core is read from.
pub fn axe_path() -> PathBuf {
    std::env::var_os("MOTCUA_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("axe/node_modules/axe-core/axe.min.js"))
}

/// A server over the demo district with a few hundred applications received up to today.
pub async fn demo_app() -> TestApp {
    let app = spawn_app().await;
    let mut conn = app.db.connect();
    generate_demo(&mut conn, 300, 11, motcua::domain::today());
    app
}

/// A published procedure of the demo catalog whose name is `name`, and its code.
pub async fn code_of(app: &TestApp, name: &str) -> String {
    let q: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    let body = app
        .get_json(&format!("/api/v1/procedures?q={q}&limit=50"))
        .await;
    body["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["name"] == name))
        .and_then(|i| i["code"].as_str())
        .unwrap_or_else(|| panic!("no procedure named {name}: {body}"))
        .to_owned()
}

/// Writes a file for the browser to upload (under target/screenshots/uploads); its path.
pub fn file_to_pick(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = screenshots_dir()
        .join("uploads")
        .join(uuid::Uuid::new_v4().simple().to_string());
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A small valid PDF (one empty page).
pub fn pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        out.push_str(&format!("{offset:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

/// A small valid JPEG: a 1×1 grey baseline image.
pub fn jpeg() -> Vec<u8> {
    let mut v: Vec<u8> = vec![0xFF, 0xD8];
    // JFIF header.
    v.extend([
        0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00,
        0x01, 0x00, 0x00,
    ]);
    // Quantisation table: all ones.
    v.extend([0xFF, 0xDB, 0x00, 0x43, 0x00]);
    v.extend(std::iter::repeat_n(1u8, 64));
    // Frame: 8-bit, 1×1, one component.
    v.extend([
        0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00,
    ]);
    // DC table with one code (category 0), AC table with one code (end of block).
    v.extend([0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01]);
    v.extend(std::iter::repeat_n(0u8, 15));
    v.push(0x00);
    v.extend([0xFF, 0xC4, 0x00, 0x14, 0x10, 0x01]);
    v.extend(std::iter::repeat_n(0u8, 15));
    v.push(0x00);
    // Scan: DC difference 0, then end of block, padded with ones.
    v.extend([
        0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x3F, 0xFF, 0xD9,
    ]);
    v
}
