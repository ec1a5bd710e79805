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

/// The answer for any path the API does not have.
pub async fn no_route() -> Result<actix_web::HttpResponse, Error> {
    Err(Error::NotFound(Code::RouteNotFound))
}
