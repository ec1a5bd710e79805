//! The staff pages of this group (see `web::staff`).

use actix_web::web;

/// This group's routes, inside `/staff`.
pub fn routes(_cfg: &mut web::ServiceConfig) {}
