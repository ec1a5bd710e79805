//! Public tracking and ratings: the applicant opens an application with its code and the PIN
//! (or their ID number).

use actix_web::{HttpRequest, HttpResponse, get, post, web};

use super::auth::client_address;
use super::query::Query;
use crate::error::{Error, Problem};
use crate::service::applications::tracking::{Proof, RatingIn, RatingOut, TrackingOut};
use crate::state::{AppState, db, db_write};

/// Track an application (public): status, what to do next, timeline, appointment and office,
/// with the link token of slip 01's QR code (`t`), the PIN, or the applicant's ID number. An
/// unknown code, a wrong proof and none answer the same 404. Wrong PINs and ID numbers are
/// limited per client address (429 with `Retry-After` past the limit) and per code (past its
/// limit, 429 only for addresses that have been failing); the link token and a lookup
/// without a proof count nothing.
#[utoipa::path(
    tag = "tracking",
    operation_id = "track_application",
    params(
        ("code" = String, Path, description = "Application code", example = "H56.14-251103-0001"),
        Proof,
    ),
    responses(
        (status = 200, description = "The public view", body = TrackingOut),
        (status = 404, description = "Unknown code, or a wrong or missing proof", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A PIN that is not 8 digits", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts from this client, or for this code from a client that has been failing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tracking/{code}")]
pub async fn track_application(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    proof: Query<Proof>,
) -> Result<HttpResponse, Error> {
    let client = client_address(&req, state.settings.auth.trust_forwarded_headers);
    let shared = state.clone();
    let out = db(&state, move |conn| {
        shared
            .tracking()
            .track(conn, &client, &path.into_inner(), &proof.into_inner())
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(out))
}

/// Rate the service (public, with the PIN or ID number), once, after the result is returned.
#[utoipa::path(
    tag = "tracking",
    operation_id = "rate_application",
    params(("code" = String, Path, description = "Application code", example = "H56.14-251103-0001")),
    request_body(content = RatingIn, example = json!({"pin": "48213377", "overall": 5, "attitude": 5, "timeliness": 4, "contacts": 1, "comment": "Cán bộ hướng dẫn tận tình"})),
    responses(
        (status = 201, description = "Rated", body = RatingOut),
        (status = 404, description = "Unknown code, or wrong PIN / ID number", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_returned` yet, or `already_rated`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tracking/{code}/rating")]
pub async fn rate_application(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<RatingIn>,
) -> Result<HttpResponse, Error> {
    let client = client_address(&req, state.settings.auth.trust_forwarded_headers);
    let shared = state.clone();
    let out = db_write(&state, move |conn| {
        shared.tracking().rate(
            conn,
            &shared.calendar,
            &client,
            &path.into_inner(),
            body.into_inner(),
        )
    })
    .await?;
    Ok(HttpResponse::Created().json(out))
}
