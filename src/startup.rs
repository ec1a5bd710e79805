//! Building the service: database, migrations, the first administrator, routes, server.

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::{Config as SwaggerConfig, SwaggerUi};

use crate::api::{self, observe};
use crate::config::{Settings, SqliteSynchronous};
use crate::db::pool::{self, Manager, PoolOptions};
use crate::db::{ConnectOptions, DatabaseUrl, DbPool, SqliteOptions, Writes, migrations, users};
use crate::domain::account::Binding;
use crate::domain::credentials::generate_password;
use crate::openapi::ApiDoc;
use crate::service::users::NewAccount;
use crate::state::AppState;

/// Where the secret file is: `secret_file` when set, else beside the SQLite database file
/// with the extension `.secret`. Never the working directory by default: a server started
/// from a checkout would otherwise pick up whatever secret file lies there.
pub fn secret_path(settings: &Settings) -> anyhow::Result<PathBuf> {
    if let Some(file) = settings
        .secret_file
        .as_deref()
        .filter(|f| !f.trim().is_empty())
    {
        return Ok(PathBuf::from(file));
    }
    match DatabaseUrl::parse(&settings.database_url)? {
        DatabaseUrl::Sqlite(database) => {
            Ok(crate::db::sqlite_file(&database).with_extension("secret"))
        }
        DatabaseUrl::Postgres(_) => anyhow::bail!(
            "on PostgreSQL there is no database file to keep the secret beside: set the \
             server secret (MOTCUA_SECRET)"
        ),
    }
}

/// The synonym list catalog search reads: the shipped one, or the file the settings name.
pub fn synonyms(settings: &Settings) -> anyhow::Result<crate::domain::search::Synonyms> {
    use crate::domain::search::Synonyms;
    match &settings.search.synonyms_file {
        None => Ok(Synonyms::shipped()),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the synonym list {path}"))?;
            Synonyms::parse(&text).with_context(|| format!("the synonym list {path}"))
        }
    }
}

/// The server secret: the configured one, or the one in the secret file (see
/// [`secret_path`]), created on the first start (readable by the owner only).
pub fn load_secret(settings: &Settings) -> anyhow::Result<String> {
    if let Some(secret) = settings.secret.as_deref().map(str::trim) {
        anyhow::ensure!(
            secret.len() >= 32,
            "the secret must be at least 32 characters long"
        );
        return Ok(secret.to_owned());
    }
    anyhow::ensure!(
        !settings.database_url.starts_with("postgres"),
        "on PostgreSQL, set the server secret (MOTCUA_SECRET, 32 characters or more) and give \
         every server of the deployment the same one"
    );
    let path = secret_path(settings)?;
    let path = path.as_path();
    if path.exists() {
        let secret = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the secret file {}", path.display()))?;
        let secret = secret.trim().to_owned();
        anyhow::ensure!(
            secret.len() >= 32,
            "the secret file {} holds fewer than 32 characters",
            path.display()
        );
        return Ok(secret);
    }
    let secret = crate::domain::credentials::new_secret()
        .map_err(|e| anyhow::anyhow!("cannot draw a random secret: {e}"))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create the secret file {}", path.display()))?;
    std::io::Write::write_all(&mut file, secret.as_bytes())?;
    file.sync_all()?;
    tracing::warn!(
        file = %path.display(),
        "created a new server secret; every server of this deployment needs the same one"
    );
    Ok(secret)
}

/// An empty calendar cache with the settings' office hours, until loaded.
pub fn calendar_cache(
    settings: &Settings,
) -> anyhow::Result<crate::service::calendar::cache::CalendarCache> {
    Ok(crate::service::calendar::cache::CalendarCache::new(
        office_hours(settings)?,
    ))
}

/// The office hours and cut-off of the settings.
pub fn office_hours(settings: &Settings) -> anyhow::Result<crate::domain::calendar::OfficeHours> {
    crate::domain::calendar::OfficeHours::parse(
        &settings
            .calendar
            .office_hours
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        &settings.calendar.cutoff,
    )
    .map_err(|e| anyhow::anyhow!("calendar settings: {e}"))
}

/// On a database without a calendar, loads the shipped one (Vietnam 2020–2027).
pub fn ensure_calendar(pool: &DbPool) -> anyhow::Result<()> {
    use crate::db::calendar as store;
    use crate::domain::calendar::{OFFICIAL_YEARS, is_provisional, vn_default};
    let mut conn = pool.get()?;
    let now = crate::db::now();
    crate::db::write_transaction(&mut conn, |conn| -> anyhow::Result<()> {
        // Checked inside the write transaction: two servers starting together load it once.
        if store::count(conn)? > 0 || !store::years(conn)?.is_empty() {
            return Ok(());
        }
        for day in vn_default() {
            store::set(
                conn,
                &store::DayRow {
                    day: day.date,
                    kind: day.kind.as_str().to_owned(),
                    name: day.name,
                    updated_at: now,
                },
            )?;
        }
        for year in *OFFICIAL_YEARS.start()..=2027 {
            store::set_year(conn, year, is_provisional(year), now)?;
        }
        store::bump_generation(conn)?;
        Ok(())
    })
}

/// SQLite options from the settings.
pub fn sqlite_options(settings: &Settings) -> SqliteOptions {
    SqliteOptions {
        busy_timeout: Duration::from_millis(settings.database.sqlite_busy_timeout_ms),
        synchronous_full: settings.database.sqlite_synchronous == SqliteSynchronous::Full,
    }
}

/// How connections are opened: with PostgreSQL's connect timeout always, and with its
/// statement and idle-in-transaction timeouts for the server's pool (`server`). Commands run
/// long imports, the demo and reports, and a person at the terminal stops them.
pub fn connect_options(settings: &Settings, server: bool) -> ConnectOptions {
    let ms = |v: u64| (v > 0).then(|| Duration::from_millis(v));
    let database = &settings.database;
    ConnectOptions {
        sqlite: sqlite_options(settings),
        connect_timeout: ms(database.connect_timeout_ms),
        statement_timeout: ms(database.statement_timeout_ms).filter(|_| server),
        // A session cut off mid-transaction holds its locks until the server notices; past
        // the request's own limit nobody is waiting for it any more.
        idle_in_transaction_timeout: ms(database.request_timeout_ms).filter(|_| server),
    }
}

/// The SQLite database's folder must exist unless the settings ask to create it: a missing
/// folder is most often a disk that is not mounted, and a new empty database (with a new
/// administrator) would hide that until someone misses the data.
fn check_folder(settings: &Settings, url: &DatabaseUrl) -> anyhow::Result<()> {
    let DatabaseUrl::Sqlite(path) = url else {
        return Ok(());
    };
    let file = crate::db::sqlite_file(path);
    let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(());
    };
    if dir.is_dir() {
        return Ok(());
    }
    anyhow::ensure!(
        settings.database.create_missing_folder,
        "the database folder {} does not exist (is its disk mounted?); create it, or set \
         database.create_missing_folder = true (MOTCUA_DATABASE__CREATE_MISSING_FOLDER=true) \
         to have it created",
        dir.display()
    );
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    tracing::info!(folder = %dir.display(), "created the database folder");
    Ok(())
}

/// Opens the pool for the configured URL (refusing unknown schemes and, unless asked, a
/// missing SQLite folder) and applies migrations; for commands (no statement timeout).
pub fn open_database(settings: &Settings) -> anyhow::Result<(DatabaseUrl, DbPool)> {
    let (url, pool, _) = open_database_with(settings, connect_options(settings, false))?;
    Ok((url, pool))
}

/// Like [`open_database`], with the pool's connections opened with `options`; also returns
/// what opens them.
pub fn open_database_with(
    settings: &Settings,
    options: ConnectOptions,
) -> anyhow::Result<(DatabaseUrl, DbPool, Manager)> {
    let url = DatabaseUrl::parse(&settings.database_url)?;
    check_folder(settings, &url)?;
    // Migrations on a connection of their own, without the server's statement timeout.
    let mut conn = crate::db::connect_with(&url, &connect_options(settings, false))?;
    let applied = migrations::run_pending(&mut conn)?;
    if !applied.is_empty() {
        tracing::info!(count = applied.len(), "applied migrations");
    }
    drop(conn);
    let manager = Manager::new(&url, options);
    let pool = pool::build(
        manager.clone(),
        PoolOptions {
            max_size: settings.database.pool_size.max(1),
            timeout: Duration::from_millis(settings.database.pool_timeout_ms),
        },
    )?;
    Ok((url, pool, manager))
}

/// Refuses to serve a database that cannot be written (a read-only file, disk or server):
/// every submission and action would fail.
pub fn ensure_writable(pool: &DbPool, url: &DatabaseUrl) -> anyhow::Result<()> {
    let mut conn = pool.get()?;
    match crate::db::probe_writes(&mut conn, url)? {
        Writes::Accepted => Ok(()),
        Writes::Refused(cause) => anyhow::bail!(
            "the database {url} cannot be written ({cause}): check the file's and its \
             folder's permissions, the disk, or that the server is the primary"
        ),
    }
}

/// Rebuilds the results report's tallies when they do not hold every application (the first
/// start after the migration that created them, on a database that had applications). One
/// server does it; the others wait on the state row's lock and find it done.
pub fn ensure_tallies(
    pool: &DbPool,
    calendar: &crate::domain::calendar::Calendar,
) -> anyhow::Result<()> {
    use crate::db::reports;
    let mut conn = pool.get()?;
    if reports::built(&mut conn)? {
        return Ok(());
    }
    let started = std::time::Instant::now();
    let counted = crate::db::write_transaction(&mut conn, |conn| -> anyhow::Result<Option<u64>> {
        // A rebuild of a large database may take minutes: no statement timeout for it.
        if let crate::db::DbConnection::Pg(pg) = conn {
            diesel::connection::SimpleConnection::batch_execute(
                pg,
                "SET LOCAL statement_timeout = 0",
            )?;
        }
        reports::lock_state(conn)?;
        if reports::built(conn)? {
            return Ok(None);
        }
        Ok(Some(reports::rebuild(conn, calendar, |done| {
            tracing::info!(done, "rebuilding the report tallies");
        })?))
    })?;
    if let Some(applications) = counted {
        tracing::info!(
            applications,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "rebuilt the report tallies"
        );
    }
    Ok(())
}

/// When no active administrator exists (an empty database, or one where only other accounts
/// were added with `motcua user add`), creates `admin` with the configured password or a
/// generated one, printed once on standard error (never logged).
pub fn ensure_first_admin(pool: &DbPool, settings: &Settings) -> anyhow::Result<()> {
    let mut conn = pool.get()?;
    if users::count_active_admins(&mut conn)? > 0 {
        return Ok(());
    }
    let others = users::count(&mut conn)?;
    let (password, generated) = match &settings.admin_password {
        Some(p) if !p.is_empty() => (p.clone(), false),
        _ => (generate_password()?, true),
    };
    let account = NewAccount {
        username: "admin".into(),
        display_name: "Quản trị hệ thống".into(),
        password: password.clone(),
        binding: Binding::Admin,
    };
    match crate::service::users::create(&mut conn, &account) {
        Ok(_) => {}
        Err(e) if e.code() == crate::error::Code::UsernameTaken => {
            // Another server starting on the same database created it first.
            if users::count_active_admins(&mut conn)? > 0 {
                return Ok(());
            }
            anyhow::bail!(
                "there is no active administrator, and the username `admin` belongs to an \
                 account that is not one: add an administrator with `motcua user add --username \
                 NAME --role admin`"
            );
        }
        Err(e) => anyhow::bail!("cannot create the first administrator: {e}"),
    }
    if others > 0 {
        tracing::warn!(
            accounts = others,
            "no active administrator existed: created `admin`"
        );
    }
    if generated {
        eprintln!(
            "\nmotcua: created the administrator account `admin` with the password\n\n    {password}\n\n\
             It is shown only this once. Sign in and change it (PATCH /api/v1/users/admin).\n"
        );
    } else {
        tracing::info!("created the administrator account `admin` from MOTCUA_ADMIN_PASSWORD");
    }
    Ok(())
}

/// Registers routes, docs, extractor settings and middleware on an app.
pub fn configure_app(
    state: web::Data<AppState>,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<actix_web::body::BoxBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let max_body = state.settings.max_body_bytes;
    let (app, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .app_data(state)
        .configure(api::routes)
        .split_for_parts();
    app.configure(|cfg| api::extractor_config(cfg, max_body))
        .service(
            SwaggerUi::new("/docs/{_:.*}")
                .url("/api-docs/openapi.json", crate::openapi::complete(api))
                .config(SwaggerConfig::default().validator_url("none")),
        )
        .route(
            "/docs",
            web::get().to(|| async {
                actix_web::HttpResponse::PermanentRedirect()
                    .insert_header(("Location", "/docs/"))
                    .finish()
            }),
        )
        // The operations endpoints asked with another method: 405 with `Allow`, as
        // problem+json, before the site's scope (whose error pages are for its own paths).
        .configure(api::method_fallbacks)
        // The public site, after the API: its pages, and its 404 page for browsers.
        .service(
            web::scope("")
                // No control character in a query, path or form reaches a page (api/text.rs):
                // the site's 400 page, drawn by the error pages around it.
                .wrap(from_fn(api::text::refuse_control_characters))
                .wrap(from_fn(crate::web::errors::pages))
                .wrap(actix_web::middleware::Compress::default())
                .wrap(crate::web::security_headers())
                .configure(crate::web::routes),
        )
        .default_service(web::to(api::no_route))
        .wrap(from_fn(observe::observe))
        .wrap(
            DefaultHeaders::new()
                .add(("X-Content-Type-Options", "nosniff"))
                .add(("X-Frame-Options", "DENY"))
                .add(("Referrer-Policy", "no-referrer")),
        )
}

/// Deletes what no longer proves anything: throttle events past their window, sessions
/// that ended more than a day ago, expired online application drafts and the uploaded bytes
/// nothing refers to any more.
pub fn prune(pool: &DbPool, settings: &Settings) -> anyhow::Result<(usize, usize)> {
    let mut conn = pool.get()?;
    let now = crate::db::now();
    // The longest window any bucket is counted over: a day for online submissions.
    let window = chrono::Duration::minutes(
        settings
            .auth
            .failure_window_minutes
            .max(settings.tracking.failure_window_minutes)
            .max(settings.submissions.burst_window_minutes)
            .max(crate::service::applications::submit::ONLINE_DAY_MINUTES),
    );
    let hits = crate::db::throttle::prune(&mut conn, now - window)?;
    let day_ago = now - chrono::Duration::days(1);
    let sessions = crate::db::sessions::prune(&mut conn, day_ago)?;
    // A retry comes within minutes; after a day the stored answer only keeps data around.
    crate::db::idempotency::prune(&mut conn, day_ago)?;
    // Online application drafts past their expiry, and uploaded bytes nothing refers to.
    let storage = crate::service::files::Storage::from_settings(&settings.uploads);
    let (drafts, contents) = crate::service::files::sweep(&mut conn, &storage)
        .map_err(|e| anyhow::anyhow!("sweeping drafts and uploads: {e}"))?;
    tracing::debug!(drafts, contents, "swept expired drafts and orphan uploads");
    Ok((hits, sessions))
}

/// The address slip 01's QR code and the tracking links use: `tracking.public_url`, or
/// `http://` and the address the server listens on. A server listening on every address
/// (`0.0.0.0`, `[::]`) names its outward one (the local end of the route to the internet,
/// which machines of the office's network can reach), or loopback when it has no route.
pub fn public_url(settings: &Settings, listening: std::net::SocketAddr) -> String {
    let configured = settings.tracking.public_url.trim().trim_end_matches('/');
    if !configured.is_empty() {
        return configured.to_owned();
    }
    let ip = listening.ip();
    let ip = if ip.is_unspecified() {
        outward_ip(ip.is_ipv6()).unwrap_or(if ip.is_ipv6() {
            std::net::Ipv6Addr::LOCALHOST.into()
        } else {
            std::net::Ipv4Addr::LOCALHOST.into()
        })
    } else {
        ip
    };
    let host = match ip {
        std::net::IpAddr::V6(v6) => format!("[{v6}]"),
        std::net::IpAddr::V4(v4) => v4.to_string(),
    };
    match listening.port() {
        80 => format!("http://{host}"),
        port => format!("http://{host}:{port}"),
    }
}

/// The local address of this machine's route to the internet. Connecting a UDP socket only
/// picks the route: no packet is sent (the peer is a documentation address).
fn outward_ip(v6: bool) -> Option<std::net::IpAddr> {
    let (local, peer) = if v6 {
        ("[::]:0", "[2001:db8::1]:9")
    } else {
        ("0.0.0.0:0", "192.0.2.1:9")
    };
    let socket = std::net::UdpSocket::bind(local).ok()?;
    socket.connect(peer).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
}

/// Whether a URL's host is this machine only: `localhost`, `127.0.0.0/8` or `::1`.
pub fn is_loopback_url(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The warning at start for a public URL that phones cannot reach, on a production
/// deployment (PostgreSQL): the QR codes on receipts would open the phone itself.
pub fn public_url_warning(
    backend: crate::db::BackendKind,
    public_url: &str,
) -> Option<&'static str> {
    (backend == crate::db::BackendKind::Postgres && is_loopback_url(public_url)).then_some(
        "tracking.public_url is a loopback address: the QR codes on receipts open the \
         applicant's own phone; set tracking.public_url (MOTCUA_TRACKING__PUBLIC_URL) to the \
         address applicants reach",
    )
}

/// How often the server prunes.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// A bound, ready-to-run server.
pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Opens the database, migrates, creates the first administrator if needed and binds.
    /// Bind to port 0 to get a free port (tests).
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let settings = Arc::new(settings);
        let prepared = settings.clone();
        let (url, pool, connector) = web::block(move || -> anyhow::Result<_> {
            let (url, pool, connector) =
                open_database_with(&prepared, connect_options(&prepared, true))?;
            ensure_writable(&pool, &url)?;
            ensure_first_admin(&pool, &prepared)?;
            ensure_calendar(&pool)?;
            // Made now, so the first unknown-user sign-in takes no longer than any other.
            crate::domain::credentials::decoy_hash();
            Ok((url, pool, connector))
        })
        .await??;
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        tracing::info!(address = %listener.local_addr()?, database = url.backend().as_str(), "listening");
        let public_url = public_url(&settings, listener.local_addr()?);
        if let Some(warning) = public_url_warning(url.backend(), &public_url) {
            tracing::warn!(public_url = %public_url, "{warning}");
        }
        let calendar = calendar_cache(&settings)?;
        let current = calendar.reload(&mut *pool.get()?)?;
        let tallies_pool = pool.clone();
        web::block(move || ensure_tallies(&tallies_pool, &current)).await??;
        let secret = load_secret(&settings)?;
        let state = web::Data::new(AppState {
            public_url,
            calendar,
            secret,
            tracking_in_flight: Default::default(),
            write_gate: tokio::sync::Semaphore::new(1),
            db_gate: tokio::sync::Semaphore::new(
                usize::try_from(settings.database.pool_size.max(1)).unwrap_or(1),
            ),
            pool,
            connector,
            settings: settings.clone(),
            metrics: crate::telemetry::Metrics::new()?,
            backend: url.backend(),
            catalog: crate::service::catalog::cache::CatalogCache::with_synonyms(synonyms(
                &settings,
            )?),
            site: Default::default(),
        });
        let pruning = state.clone();
        actix_web::rt::spawn(async move {
            let mut interval = actix_web::rt::time::interval(PRUNE_EVERY);
            loop {
                interval.tick().await;
                let state = pruning.clone();
                match web::block(move || prune(&state.pool, &state.settings)).await {
                    Ok(Ok((hits, sessions))) => {
                        tracing::debug!(hits, sessions, "pruned throttle events and sessions")
                    }
                    Ok(Err(e)) => tracing::warn!(error = %e, "pruning failed"),
                    Err(e) => tracing::warn!(error = %e, "pruning failed"),
                }
            }
        });
        let mut server = HttpServer::new(move || configure_app(state.clone()))
            .listen(listener)?
            .shutdown_timeout(settings.shutdown_timeout_secs);
        if let Some(workers) = settings.workers {
            server = server.workers(workers.max(1));
        }
        Ok(Self {
            port,
            server: server.run(),
        })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGINT/SIGTERM, then lets requests in flight finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn sqlite_settings(database: &std::path::Path) -> Settings {
        Settings {
            database_url: format!("sqlite://{}", database.display()),
            ..Settings::default()
        }
    }

    #[test]
    fn the_public_url_follows_the_bound_address_unless_set() {
        let settings = Settings::default();
        let at = |s: &str| s.parse::<std::net::SocketAddr>().unwrap();
        assert_eq!(
            public_url(&settings, at("192.168.1.20:8080")),
            "http://192.168.1.20:8080"
        );
        assert_eq!(public_url(&settings, at("10.0.0.5:80")), "http://10.0.0.5");
        assert_eq!(
            public_url(&settings, at("[fd00::7]:8080")),
            "http://[fd00::7]:8080"
        );
        // Every address: the outward one, never 0.0.0.0.
        let any = public_url(&settings, at("0.0.0.0:8080"));
        assert!(!any.contains("0.0.0.0") && any.ends_with(":8080"), "{any}");
        let mut set = Settings::default();
        set.tracking.public_url = "https://dvc.example.gov.vn/".into();
        assert_eq!(
            public_url(&set, at("127.0.0.1:8080")),
            "https://dvc.example.gov.vn"
        );
    }

    #[test]
    fn a_loopback_public_url_is_warned_about_on_postgres_only() {
        use crate::db::BackendKind::{Postgres, Sqlite};
        for url in [
            "http://127.0.0.1:8080",
            "http://localhost:8080/",
            "http://LOCALHOST",
            "http://[::1]:8080",
            "http://127.1.2.3",
            "http://user@localhost:1/x",
        ] {
            assert!(is_loopback_url(url), "{url}");
            assert!(public_url_warning(Postgres, url).is_some(), "{url}");
            assert!(public_url_warning(Sqlite, url).is_none(), "{url}");
        }
        for url in [
            "https://dvc.example.gov.vn",
            "http://192.168.1.20:8080",
            "http://[fd00::7]:80",
            "http://localhost.example.vn",
        ] {
            assert!(!is_loopback_url(url), "{url}");
            assert!(public_url_warning(Postgres, url).is_none(), "{url}");
        }
    }

    #[test]
    fn the_default_secret_file_lies_beside_the_sqlite_database() {
        let settings = sqlite_settings(std::path::Path::new("/var/lib/motcua/motcua.db"));
        assert_eq!(
            secret_path(&settings).unwrap(),
            PathBuf::from("/var/lib/motcua/motcua.secret")
        );
        let explicit = Settings {
            secret_file: Some("/etc/motcua/secret".into()),
            ..settings
        };
        assert_eq!(
            secret_path(&explicit).unwrap(),
            PathBuf::from("/etc/motcua/secret")
        );
    }

    #[test]
    fn a_first_start_creates_the_secret_beside_the_database_and_reads_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let settings = sqlite_settings(&dir.path().join("data").join("motcua.db"));
        let first = load_secret(&settings).unwrap();
        let file = dir.path().join("data").join("motcua.secret");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), first);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(load_secret(&settings).unwrap(), first);
    }

    #[test]
    fn postgres_still_needs_the_secret_set() {
        let settings = Settings {
            database_url: "postgres://motcua@db/motcua".into(),
            ..Settings::default()
        };
        assert!(load_secret(&settings).is_err());
    }
}
