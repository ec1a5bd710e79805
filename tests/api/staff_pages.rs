//! The staff pages' sign-in over HTTP: the cookie session (its attributes, idle and absolute
//! expiry, sign-out here and everywhere), the form tokens, the sign-in limits, one's own
//! password; and [`Session`], the browser without JavaScript the staff page tests use.

use std::collections::BTreeMap;

use diesel::prelude::*;
use reqwest::multipart::Form;
use reqwest::{StatusCode, redirect};

use crate::helpers::{ADMIN_PASSWORD, TestApp, spawn_app, spawn_app_with};

/// A page as a browser got it.
#[derive(Debug)]
pub struct Page {
    /// The status.
    pub status: StatusCode,
    /// `Location`, for a redirect.
    pub location: Option<String>,
    /// The `Set-Cookie` headers, whole.
    pub set_cookies: Vec<String>,
    /// The body.
    pub html: String,
}

impl Page {
    /// Asserts a 303 to `to` (the path, with its query if given); returns the location.
    pub fn assert_redirect(&self, to: &str) -> String {
        assert_eq!(self.status, StatusCode::SEE_OTHER, "{}", self.html);
        let location = self.location.clone().expect("a Location");
        assert!(
            location == to || location.starts_with(&format!("{to}?")),
            "redirected to {location}, not {to}"
        );
        location
    }
}

/// A browser without JavaScript on the staff pages: keeps its cookies and the last form token
/// it was given, follows no redirect by itself.
#[derive(Clone)]
pub struct Session {
    base: String,
    client: reqwest::Client,
    cookies: BTreeMap<String, String>,
    /// The form token of the last page read that had one.
    pub csrf: String,
    /// Sent as `X-Forwarded-For` (for servers that trust it), to stand at another address.
    pub forwarded_for: Option<String>,
}

impl Session {
    /// A browser that has not signed in.
    pub fn anonymous(app: &TestApp) -> Self {
        Self {
            base: app.address.clone(),
            client: reqwest::Client::builder()
                .redirect(redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: BTreeMap::new(),
            csrf: String::new(),
            forwarded_for: None,
        }
    }

    /// Signs in through the sign-in page; panics unless it works.
    pub async fn sign_in(app: &TestApp, username: &str, password: &str) -> Self {
        let mut session = Self::anonymous(app);
        let page = session.try_sign_in(username, password).await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "sign in as {username}: {}",
            page.html
        );
        session
    }

    /// Signs in as the first administrator.
    pub async fn admin(app: &TestApp) -> Self {
        Self::sign_in(app, "admin", ADMIN_PASSWORD).await
    }

    /// Opens the sign-in page and sends the form; the answer to the POST.
    pub async fn try_sign_in(&mut self, username: &str, password: &str) -> Page {
        self.get("/staff/sign-in").await;
        self.post_form(
            "/staff/sign-in",
            &[("username", username), ("password", password)],
        )
        .await
    }

    /// The value of a cookie this browser holds.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.get(name).map(String::as_str)
    }

    /// Sets (or with `None` drops) a cookie.
    pub fn set_cookie(&mut self, name: &str, value: Option<&str>) {
        match value {
            Some(value) => self.cookies.insert(name.to_owned(), value.to_owned()),
            None => self.cookies.remove(name),
        };
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let mut builder = self
            .client
            .request(method, format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .header("accept", "text/html");
        if let Some(addr) = &self.forwarded_for {
            builder = builder.header("x-forwarded-for", addr);
        }
        builder
    }

    /// Reads an answer: its cookies (a removal drops the cookie) and its form token.
    pub async fn read(&mut self, res: reqwest::Response) -> Page {
        let mut set_cookies = Vec::new();
        for value in res.headers().get_all("set-cookie") {
            let whole = value.to_str().unwrap().to_owned();
            let pair = whole.split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            let removed = v.is_empty() || whole.to_ascii_lowercase().contains("max-age=0");
            if removed {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), v.to_owned());
            }
            set_cookies.push(whole);
        }
        let status = res.status();
        let location = res
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        let html = res.text().await.unwrap();
        let marker = r#"name="csrf" value=""#;
        if let Some(start) = html.find(marker) {
            html[start + marker.len()..]
                .split('"')
                .next()
                .unwrap()
                .clone_into(&mut self.csrf);
        }
        Page {
            status,
            location,
            set_cookies,
            html,
        }
    }

    /// GET a page.
    pub async fn get(&mut self, path: &str) -> Page {
        let res = self
            .request(reqwest::Method::GET, path)
            .send()
            .await
            .unwrap();
        self.read(res).await
    }

    /// POST a form with the last form token added.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let mut fields: Vec<(&str, &str)> = fields.to_vec();
        let csrf = self.csrf.clone();
        fields.push(("csrf", &csrf));
        self.post_raw(path, &fields).await
    }

    /// POST a form exactly as given (no form token added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let res = self
            .request(reqwest::Method::POST, path)
            .form(fields)
            .send()
            .await
            .unwrap();
        self.read(res).await
    }

    /// A multipart form that already holds the last form token (`csrf` part first).
    #[allow(dead_code, reason = "for the staff pages that take uploads")]
    pub fn multipart(&self) -> Form {
        Form::new().text("csrf", self.csrf.clone())
    }

    /// POST a multipart form (start it with [`Session::multipart`]).
    #[allow(dead_code, reason = "for the staff pages that take uploads")]
    pub async fn post_multipart(&mut self, path: &str, form: Form) -> Page {
        let res = self
            .request(reqwest::Method::POST, path)
            .multipart(form)
            .send()
            .await
            .unwrap();
        self.read(res).await
    }
}

/// Moves a page session's clock: its last request `idle` minutes ago and its absolute
/// expiry `expires_in` minutes from now.
fn age_sessions(app: &TestApp, idle: i64, expires_in: i64) {
    use motcua::db::schema::sessions;
    let now = chrono::Utc::now().naive_utc();
    let mut conn = app.db.connect();
    diesel::update(sessions::table.filter(sessions::idle_minutes.is_not_null()))
        .set((
            sessions::last_seen_at.eq(now - chrono::Duration::minutes(idle)),
            sessions::expires_at.eq(now + chrono::Duration::minutes(expires_in)),
        ))
        .execute(&mut conn)
        .unwrap();
}

#[actix_web::test]
async fn signing_in_sets_a_strict_http_only_cookie_and_opens_the_roles_page() {
    let app = spawn_app().await;
    let mut browser = Session::anonymous(&app);
    let page = browser.get("/staff/sign-in").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains(r#"autocomplete="current-password""#));

    let page = browser.try_sign_in("admin", ADMIN_PASSWORD).await;
    page.assert_redirect("/staff/admin/users");
    let cookie = page
        .set_cookies
        .iter()
        .find(|c| c.starts_with("staff="))
        .expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(cookie.contains("Path=/staff"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "{cookie}: the test site is http"
    );
    // The token is kept only as a digest.
    let token = browser.cookie("staff").unwrap().to_owned();
    let mut conn = app.db.connect();
    use motcua::db::schema::sessions;
    let stored: Vec<String> = sessions::table
        .select(sessions::token_hash)
        .load(&mut conn)
        .unwrap();
    assert!(!stored.contains(&token));
    assert!(stored.contains(&motcua::domain::credentials::token_digest(&token)));

    // Signed in, the staff home sends the role to its page, and so does the sign-in page.
    browser
        .get("/staff")
        .await
        .assert_redirect("/staff/admin/users");
    browser
        .get("/staff/sign-in")
        .await
        .assert_redirect("/staff/admin/users");
    let page = browser.get("/staff/password").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("/staff/sign-out"));
}

#[actix_web::test]
async fn the_cookie_is_secure_when_the_site_is_served_over_https() {
    let app =
        spawn_app_with(|s| s.tracking.public_url = "https://dichvucong.example.vn".into()).await;
    let mut browser = Session::anonymous(&app);
    let page = browser.try_sign_in("admin", ADMIN_PASSWORD).await;
    let cookie = page
        .set_cookies
        .iter()
        .find(|c| c.starts_with("staff="))
        .expect("a session cookie");
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[actix_web::test]
async fn a_wrong_password_is_answered_on_the_form_and_keeps_the_username() {
    let app = spawn_app().await;
    let mut browser = Session::anonymous(&app);
    let page = browser.try_sign_in("admin", "not the password").await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(page.html.contains("Tên đăng nhập hoặc mật khẩu không đúng"));
    assert!(page.html.contains(r#"value="admin""#));
    assert!(!page.html.contains("not the password"));
    assert!(browser.cookie("staff").is_none());
    // The same for an unknown username.
    let page = browser.try_sign_in("nobody", "not the password").await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    // Empty fields: each message beside its field.
    let page = browser.try_sign_in("", "").await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.html.contains("Nhập tên đăng nhập"));
    assert!(page.html.contains("Nhập mật khẩu"));
}

#[actix_web::test]
async fn without_a_session_a_page_goes_to_sign_in_and_back_and_a_post_is_refused() {
    let app = spawn_app().await;
    let mut browser = Session::anonymous(&app);
    let page = browser.get("/staff/password?lang=en").await;
    let location = page.assert_redirect("/staff/sign-in");
    assert_eq!(
        location,
        "/staff/sign-in?next=%2Fstaff%2Fpassword%3Flang%3Den"
    );

    // The sign-in form carries `next` and goes back there.
    let page = browser.get(&location).await;
    assert!(
        page.html
            .contains(r#"name="next" value="/staff/password?lang=en""#)
    );
    let page = browser
        .post_form(
            "/staff/sign-in",
            &[
                ("username", "admin"),
                ("password", ADMIN_PASSWORD),
                ("next", "/staff/password?lang=en"),
            ],
        )
        .await;
    page.assert_redirect("/staff/password");

    // Never to another site.
    let mut other = Session::anonymous(&app);
    other.get("/staff/sign-in").await;
    let page = other
        .post_form(
            "/staff/sign-in",
            &[
                ("username", "admin"),
                ("password", ADMIN_PASSWORD),
                ("next", "//evil.example/staff"),
            ],
        )
        .await;
    page.assert_redirect("/staff/admin/users");

    let mut stranger = Session::anonymous(&app);
    stranger.get("/staff/sign-in").await;
    let page = stranger
        .post_form("/staff/password", &[("current", "x"), ("new", "y")])
        .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(page.html.contains("<html"), "the site's page");
}

#[actix_web::test]
async fn a_form_without_its_token_or_with_a_token_from_before_sign_in_is_refused() {
    let app = spawn_app().await;
    let mut browser = Session::anonymous(&app);
    browser.get("/staff/sign-in").await;
    let page = browser
        .post_raw(
            "/staff/sign-in",
            &[("username", "admin"), ("password", ADMIN_PASSWORD)],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.html.contains("Biểu mẫu đã hết hạn"));
    assert!(browser.cookie("staff").is_none());

    // The sign-in page's token is not a staff form's token.
    let before = browser.csrf.clone();
    browser.try_sign_in("admin", ADMIN_PASSWORD).await;
    let page = browser
        .post_raw("/staff/sign-out", &[("csrf", &before)])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    // Still signed in; with the page's own token sign-out works.
    browser.get("/staff/password").await;
    let page = browser.post_form("/staff/sign-out", &[]).await;
    page.assert_redirect("/staff/sign-in");
    assert!(browser.cookie("staff").is_none());
}

#[actix_web::test]
async fn sign_out_ends_this_session_and_everywhere_ends_every_one() {
    let app = spawn_app().await;
    let mut first = Session::admin(&app).await;
    let mut second = Session::admin(&app).await;
    let bearer = app.admin_token().await;

    // This browser only.
    let stolen = first.cookie("staff").unwrap().to_owned();
    first.get("/staff/password").await;
    first.post_form("/staff/sign-out", &[]).await;
    let mut replay = Session::anonymous(&app);
    replay.set_cookie("staff", Some(&stolen));
    replay
        .get("/staff/password")
        .await
        .assert_redirect("/staff/sign-in");
    assert_eq!(second.get("/staff/password").await.status, StatusCode::OK);
    let me = app.get("/api/v1/auth/me", Some(&bearer)).await;
    assert_eq!(me.status(), StatusCode::OK);

    // Everywhere: the other browser and the API's token too.
    second
        .post_form("/staff/sign-out", &[("scope", "everywhere")])
        .await
        .assert_redirect("/staff/sign-in");
    let me = app.get("/api/v1/auth/me", Some(&bearer)).await;
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn a_session_ends_after_its_idle_time_and_at_its_absolute_expiry() {
    let app = spawn_app().await;
    let mut browser = Session::admin(&app).await;
    // 29 idle minutes of 30: still in, and the request moves the clock on.
    age_sessions(&app, 29, 60);
    assert_eq!(browser.get("/staff/password").await.status, StatusCode::OK);
    age_sessions(&app, 31, 60);
    browser
        .get("/staff/password")
        .await
        .assert_redirect("/staff/sign-in");

    let mut busy = Session::admin(&app).await;
    age_sessions(&app, 0, -1);
    busy.get("/staff/password")
        .await
        .assert_redirect("/staff/sign-in");

    // A bearer token is not a page session.
    let bearer = app.admin_token().await;
    let mut forged = Session::anonymous(&app);
    forged.set_cookie("staff", Some(&bearer));
    forged
        .get("/staff/password")
        .await
        .assert_redirect("/staff/sign-in");
}

#[actix_web::test]
async fn a_request_within_the_idle_time_keeps_the_session_alive() {
    let app = spawn_app().await;
    let mut browser = Session::admin(&app).await;
    age_sessions(&app, 20, 60);
    assert_eq!(browser.get("/staff/password").await.status, StatusCode::OK);
    // Written again at that request: 20 minutes later it is 20 idle minutes, not 40.
    use motcua::db::schema::sessions;
    let mut conn = app.db.connect();
    let seen: Option<chrono::NaiveDateTime> = sessions::table
        .filter(sessions::idle_minutes.is_not_null())
        .select(sessions::last_seen_at)
        .first(&mut conn)
        .unwrap();
    let idle = chrono::Utc::now().naive_utc() - seen.unwrap();
    assert!(idle.num_seconds() < 60, "touched: {idle}");
}

#[actix_web::test]
async fn the_limit_stops_a_guesser_but_not_the_owner_at_another_address() {
    let app = spawn_app_with(|s| s.auth.trust_forwarded_headers = true).await;
    let mut guesser = Session::anonymous(&app);
    guesser.forwarded_for = Some("203.0.113.66".into());
    for _ in 0..5 {
        let page = guesser.try_sign_in("admin", "guess-guess-guess").await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    let page = guesser.try_sign_in("admin", ADMIN_PASSWORD).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.html.contains("<html"));
    assert!(guesser.cookie("staff").is_none());

    let mut owner = Session::anonymous(&app);
    owner.forwarded_for = Some("198.51.100.7".into());
    let page = owner.try_sign_in("admin", ADMIN_PASSWORD).await;
    page.assert_redirect("/staff/admin/users");
}

#[actix_web::test]
async fn changing_ones_password_ends_the_other_sessions_and_keeps_this_one() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.add_office("H56.14", "00004");
    app.staff(&admin, "le.van.c", "official", None, Some("00004"))
        .await;
    let mut browser = Session::sign_in(&app, "le.van.c", "le.van.c-password").await;
    let other_token = app.login("le.van.c", "le.van.c-password").await;

    browser.get("/staff/password").await;
    let page = browser
        .post_form(
            "/staff/password",
            &[
                ("current", "wrong-password"),
                ("new", "short"),
                ("confirm", "other"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.html.contains("Mật khẩu nhập lại không khớp"));
    let page = browser
        .post_form(
            "/staff/password",
            &[
                ("current", "wrong-password"),
                ("new", "a-new-long-password"),
                ("confirm", "a-new-long-password"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.html.contains("Mật khẩu hiện tại không đúng"));
    let page = browser
        .post_form(
            "/staff/password",
            &[
                ("current", "le.van.c-password"),
                ("new", "short"),
                ("confirm", "short"),
            ],
        )
        .await;
    assert!(
        page.html
            .contains("Mật khẩu mới phải có từ 10 đến 256 ký tự")
    );

    let page = browser
        .post_form(
            "/staff/password",
            &[
                ("current", "le.van.c-password"),
                ("new", "a-new-long-password"),
                ("confirm", "a-new-long-password"),
            ],
        )
        .await;
    let location = page.assert_redirect("/staff/dashboard");
    assert_eq!(location, "/staff/dashboard?done=password");
    // This browser stays; the API token is gone; the old password is gone.
    assert_eq!(browser.get("/staff/password").await.status, StatusCode::OK);
    let me = app.get("/api/v1/auth/me", Some(&other_token)).await;
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.try_login("le.van.c", "le.van.c-password")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    app.login("le.van.c", "a-new-long-password").await;
}

#[actix_web::test]
async fn a_one_time_password_must_be_changed_before_any_other_page() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.add_office("H56.14", "00004");
    app.staff(&admin, "pham.thi.d", "official", None, Some("00004"))
        .await;
    {
        use motcua::db::schema::users;
        let mut conn = app.db.connect();
        diesel::update(users::table.filter(users::username.eq("pham.thi.d")))
            .set(users::password_change_required.eq(true))
            .execute(&mut conn)
            .unwrap();
    }
    let mut browser = Session::anonymous(&app);
    let page = browser
        .try_sign_in("pham.thi.d", "pham.thi.d-password")
        .await;
    page.assert_redirect("/staff/password");
    browser
        .get("/staff")
        .await
        .assert_redirect("/staff/password");
    let page = browser.get("/staff/password").await;
    assert!(page.html.contains("mật khẩu cấp một lần"));
    browser
        .post_form(
            "/staff/password",
            &[
                ("current", "pham.thi.d-password"),
                ("new", "mat-khau-moi-du-dai"),
                ("confirm", "mat-khau-moi-du-dai"),
            ],
        )
        .await
        .assert_redirect("/staff/dashboard");
    let page = browser.get("/staff").await;
    page.assert_redirect("/staff/dashboard");
}

#[actix_web::test]
async fn pages_are_gzipped_for_a_client_that_takes_gzip_and_plain_otherwise() {
    use std::io::Read;
    let app = spawn_app().await;
    for path in ["/staff/sign-in", "/track", "/statistics"] {
        let zipped = app
            .request(reqwest::Method::GET, path)
            .header("accept", "text/html")
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(zipped.status(), StatusCode::OK, "{path}");
        assert_eq!(zipped.headers()["content-encoding"], "gzip", "{path}");
        let vary = zipped.headers()["vary"].to_str().unwrap().to_owned();
        assert!(vary.contains("Accept-Encoding"), "{path}: {vary}");
        let bytes = zipped.bytes().await.unwrap();
        let mut html = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut html)
            .unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"), "{path}");

        let plain = app
            .request(reqwest::Method::GET, path)
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert!(plain.headers().get("content-encoding").is_none(), "{path}");
        assert!(plain.text().await.unwrap().starts_with("<!DOCTYPE html>"));
    }
}
