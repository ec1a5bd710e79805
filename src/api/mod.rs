//! The HTTP layer: actix only. Request and response types, extractors and thin handlers.

pub mod access;
pub mod applications;
pub mod auth;
pub mod calendar;
pub mod fields;
pub mod files;
pub mod idempotency;
pub mod imports;
pub mod observe;
pub mod offices;
pub mod ops;
pub mod pagination;
pub mod precondition;
pub mod problem;
pub mod procedures;
pub mod query;
pub mod reports;
pub mod responses;
pub mod text;
pub mod tracking;
pub mod units;
pub mod users;

use actix_web::web;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::{Code, Error};

/// Every route of the service, registered with its OpenAPI operation.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(ops::healthz)
        .service(ops::readyz)
        .service(ops::metrics)
        .service(
            utoipa_actix_web::scope("/api/v1")
                // No control character in any text input reaches a handler (text.rs); it runs
                // after the token is decided, below.
                .wrap(actix_web::middleware::from_fn(
                    text::refuse_control_characters,
                ))
                // The token is decided before any extractor reads the request (access.rs).
                .wrap(actix_web::middleware::from_fn(access::authenticate_first))
                // actix tries routes in registration order: the public catalog, the
                // busiest, comes first.
                .service(procedures::list_procedures)
                .service(tracking::track_application)
                .service(tracking::rate_application)
                .service(applications::submit::submit_application)
                .service(applications::read::list_applications)
                .service(applications::read::list_application_events)
                .service(files::list_application_files)
                .service(files::download_application_file)
                .service(files::attach_application_files)
                .service(files::get_supplement_request)
                .service(files::send_supplement)
                .service(applications::slips::get_application_slip)
                .service(applications::actions::act_on_application)
                .service(applications::read::get_application)
                .service(reports::results::get_results_report)
                .service(reports::index766::get_index_766)
                .service(calendar::list_calendar_days)
                .service(calendar::compute_due_date)
                .service(calendar::set_calendar_day)
                .service(calendar::import_calendar)
                .service(calendar::set_calendar_year)
                .service(procedures::export_procedures)
                .service(procedures::list_time_review)
                .service(procedures::get_procedure)
                .service(procedures::list_procedure_versions)
                .service(procedures::import_procedures)
                .service(procedures::create_procedure)
                .service(procedures::update_procedure)
                .service(procedures::confirm_procedure_time)
                .service(fields::list_fields)
                .service(fields::create_field)
                .service(fields::update_field)
                .service(units::list_units)
                .service(units::create_unit)
                .service(units::create_reorganization)
                .service(units::get_unit_history)
                .service(units::get_unit)
                .service(units::update_unit)
                .service(offices::list_offices)
                .service(offices::create_office)
                .service(offices::list_office_procedures)
                .service(offices::set_office_procedures)
                .service(offices::get_office)
                .service(offices::update_office)
                .service(reports::progress::get_reform_progress)
                .service(auth::login)
                .service(auth::logout)
                .service(auth::me)
                .service(users::list_users)
                .service(users::create_user)
                .service(users::get_user)
                .service(users::update_user)
                .service(imports::bulk_import)
                .service(imports::get_import_template),
        );
}

/// The largest file an import accepts (the national catalog's CSV is about 2 MB).
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

/// Extractor settings that send every parse failure through [`Error`].
pub fn extractor_config(cfg: &mut web::ServiceConfig, max_body_bytes: usize) {
    cfg.app_data(web::PayloadConfig::new(MAX_IMPORT_BYTES))
        .app_data(
            web::JsonConfig::default()
                .limit(max_body_bytes)
                .error_handler(|e, _| Error::from(e).into()),
        )
        // Handlers use `query::Query`, whose errors name the parameter; this covers `web::Query`.
        .app_data(web::QueryConfig::default().error_handler(|e, _| Error::from(e).into()))
        .app_data(web::PathConfig::default().error_handler(|e, _| Error::from(e).into()));
}

/// The answer for any request no route takes: 405 with `Allow` when the path is one of the
/// API's with other methods, else 404.
pub async fn no_route(req: actix_web::HttpRequest) -> Result<actix_web::HttpResponse, Error> {
    let allowed = allowed_methods(req.path());
    if allowed.is_empty() {
        return Err(Error::NotFound(Code::RouteNotFound));
    }
    let mut response = problem::to_response(&Error::MethodNotAllowed, problem::lang_of(&req));
    if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&allowed.join(", ")) {
        response
            .headers_mut()
            .insert(actix_web::http::header::ALLOW, value);
    }
    Ok(response)
}

/// The paths of the route table outside `/api/` (`/healthz`, `/readyz`, `/metrics`), taking
/// any method their own routes do not: [`no_route`] answers 405. Under `/api/` the scope's
/// default service is [`no_route`] already.
pub fn method_fallbacks(cfg: &mut web::ServiceConfig) {
    for (pattern, _) in route_table() {
        if let Some(path) = pattern.pattern().filter(|p| !p.starts_with("/api/")) {
            cfg.service(web::resource(path).to(no_route));
        }
    }
}

/// Every route's path pattern and its methods, from the OpenAPI document (the routes register
/// their operations there, so the two cannot differ).
fn route_table() -> &'static [(actix_web::dev::ResourceDef, Vec<&'static str>)] {
    static TABLE: std::sync::OnceLock<Vec<(actix_web::dev::ResourceDef, Vec<&'static str>)>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        crate::openapi::document()
            .paths
            .paths
            .iter()
            .map(|(pattern, item)| {
                let methods = [
                    ("DELETE", item.delete.is_some()),
                    ("GET", item.get.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                ]
                .into_iter()
                .filter_map(|(method, present)| present.then_some(method))
                .collect();
                (actix_web::dev::ResourceDef::new(pattern.as_str()), methods)
            })
            .collect()
    })
}

/// The methods the routes take on this path, in alphabetical order; empty when none matches.
pub fn allowed_methods(path: &str) -> Vec<&'static str> {
    let matching = || {
        route_table()
            .iter()
            .filter(|(pattern, _)| pattern.is_match(path))
    };
    // A path the document names literally (`/procedures/export`) has only its own methods,
    // although the routes' order hands its other methods to a pattern (`/procedures/{code}`).
    let literal =
        matching().any(|(pattern, _)| !pattern.is_prefix() && pattern.pattern() == Some(path));
    let mut methods: Vec<&'static str> = matching()
        .filter(|(pattern, _)| !literal || pattern.pattern() == Some(path))
        .flat_map(|(_, methods)| methods.iter().copied())
        .collect();
    methods.sort_unstable();
    methods.dedup();
    methods
}

#[cfg(test)]
mod tests {
    use super::allowed_methods;

    #[test]
    fn the_methods_of_a_path_come_from_the_route_table() {
        assert_eq!(allowed_methods("/healthz"), ["GET"]);
        assert_eq!(allowed_methods("/api/v1/users"), ["GET", "POST"]);
        assert_eq!(allowed_methods("/api/v1/users/admin"), ["GET", "PATCH"]);
        assert_eq!(allowed_methods("/api/v1/procedures/time-review"), ["GET"]);
        assert_eq!(
            allowed_methods("/api/v1/procedures/1.001193"),
            ["GET", "PUT"]
        );
        assert!(allowed_methods("/api/v1/nothing-here").is_empty());
        assert!(allowed_methods("/").is_empty());
    }
}
