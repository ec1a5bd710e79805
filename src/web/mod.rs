//! The public site: server-rendered pages beside the JSON API, calling the same operations.
//!
//! Every route of the site is listed in [`routes`]; one file per page group; the frame
//! (context, layout, words, assets, form toolkit, form tokens, error pages) in small modules
//! of its own. See docs/WEB.md.

pub mod apply;
pub mod assets;
pub mod context;
pub mod csrf;
pub mod errors;
pub mod format;
pub mod forms;
pub mod home;
pub mod i18n;
pub mod layout;
pub mod procedures;
pub mod staff;
pub mod statistics;
pub mod supplement;
pub mod track;

use actix_web::middleware::DefaultHeaders;
use actix_web::web;

/// The Content-Security-Policy of every page: nothing from elsewhere, no inline script or
/// style, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; \
    frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// The security headers of every page and asset (the app adds `X-Content-Type-Options`,
/// `X-Frame-Options` and `Referrer-Policy` to every answer).
pub fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("Content-Security-Policy", CSP))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "no-referrer"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        ))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
}

/// Every route of the site. Mounted after the API's, inside the site's middleware (error
/// pages, compression, security headers): see `startup::configure_app`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home::home))
        .route("/procedures", web::get().to(procedures::search))
        .route("/procedures/{code}", web::get().to(procedures::procedure))
        .route("/statistics", web::get().to(statistics::statistics))
        .route("/track", web::get().to(track::form))
        .route("/track", web::post().to(track::post))
        .route("/track/{code}", web::get().to(track::status))
        .route("/track/{code}/rate", web::get().to(track::rate_form))
        .route("/track/{code}/rate", web::post().to(track::rate_post))
        .route("/apply/{code}", web::get().to(apply::start))
        .route("/apply/{code}", web::post().to(apply::start_post))
        .route("/apply/{code}/details", web::get().to(apply::details))
        .route("/apply/{code}/details", web::post().to(apply::details_post))
        .route("/apply/{code}/documents", web::get().to(apply::documents))
        .route(
            "/apply/{code}/documents",
            web::post().to(apply::documents_post),
        )
        .route("/apply/{code}/check", web::get().to(apply::check))
        .route("/apply/{code}/check", web::post().to(apply::submit))
        .route("/apply/{code}/done", web::get().to(apply::done))
        .route("/track/{code}/supplement", web::get().to(supplement::form))
        .route("/track/{code}/supplement", web::post().to(supplement::send))
        .route("/assets/{name}", web::get().to(assets::serve))
        .service(
            web::scope("/staff")
                .wrap(actix_web::middleware::from_fn(staff::look_up_first))
                .configure(staff::routes),
        );
}
