//! `GET /applications/{code}/slips/{form}`: the printable slips 01–05 as A5 HTML.

use actix_web::{HttpResponse, get, web};

use crate::api::access::Caller;
use crate::error::{Code, Error, Problem};
use crate::service::applications::slips;
use crate::slips::Form;
use crate::state::{AppState, db};

/// A printable slip (Vietnamese, A5): 01 receipt and appointment with the tracking PIN and a
/// QR code that opens the public status page (the receiving office's staff and administrators
/// only), 02 supplement request, 03 refusal, 04 apology with the new date, 05 processing control
/// slip. A slip the application has no content for (03 before a refusal…) is 404.
#[utoipa::path(
    tag = "applications",
    operation_id = "get_application_slip",
    security(("bearer" = [])),
    params(
        ("code" = String, Path, description = "Application code", example = "H56.14-251103-0001"),
        ("form" = String, Path, description = "01, 02, 03, 04 or 05", example = "01"),
    ),
    responses(
        (status = 200, description = "The slip, printable HTML", body = String, content_type = "text/html"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Slip 01 by staff other than the receiving office's", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application or form, or nothing to print on it yet", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/applications/{code}/slips/{form}")]
pub async fn get_application_slip(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    let (code, form) = path.into_inner();
    let form = Form::from_number(&form).ok_or(Error::NotFound(Code::SlipNotFound))?;
    let staff = super::staff_of(&caller);
    let shared = state.clone();
    let html = db(&state, move |conn| {
        slips::slip(conn, &staff, &code, form, &shared.links())
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        ))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header(("Referrer-Policy", "no-referrer"))
        .insert_header(("Cache-Control", "no-store"))
        .body(html))
}
