//! The reception desk (clerks): the office's day (`/staff/desk`, each queue whole under
//! `/staff/desk/list/{queue}`), opening an application by its code or a scan of its QR code
//! (`/staff/desk/open`), the desk intake (`/staff/desk/intake`) and the slips 01–05 printed
//! from the browser (`/staff/applications/{code}/slips/{form}`). See docs/WEB.md.

mod day;
mod intake;
mod slips;

use actix_web::web;
use chrono::{NaiveDate, Utc};

use crate::domain::calendar::to_local;

/// This group's routes, inside `/staff`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/desk", web::get().to(day::day))
        .route("/desk/open", web::get().to(day::open))
        .route("/desk/list/{queue}", web::get().to(day::list))
        .route("/desk/intake", web::get().to(intake::form))
        .route("/desk/intake", web::post().to(intake::receive))
        .route(
            "/applications/{code}/slips/{form}",
            web::get().to(slips::slip),
        );
}

/// Today's date in Vietnam.
fn today() -> NaiveDate {
    to_local(Utc::now()).date()
}

/// Where one application opens for staff.
fn application_href(code: &str) -> String {
    let code: String = form_urlencoded::byte_serialize(code.as_bytes()).collect();
    format!("/staff/applications/{code}")
}
