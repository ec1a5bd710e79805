//! `POST /applications`: online by anyone, at the desk by a clerk.

use actix_web::{HttpResponse, post, web};

use crate::api::access::MaybeCaller;
use crate::api::idempotency::{IdempotencyKey, created};
use crate::error::{Error, Problem};
use crate::service::applications::submit::{self, SubmitIn, SubmittedOut};
use crate::state::{AppState, db_write};

/// Submit an application: online by anyone (status 1), or at the desk by a clerk of the
/// receiving office (status 2 with the due date, or 3 when refused on the spot). The answer
/// carries the tracking PIN, shown this once.
#[utoipa::path(
    tag = "applications",
    operation_id = "submit_application",
    description = "Without a token: an online submission (`channel` = `online`). With a clerk's bearer token: a dossier received at that clerk's desk.",
    request_body(content = SubmitIn, example = json!({
        "office_code": "H56.14",
        "procedure_code": "1.001193",
        "channel": "online",
        "applicant": {"name": "Nguyễn Văn An", "id_kind": "citizen_id", "id_number": "001203004567", "phone": "0912345678", "email": null, "address": "Số 1 phố Hàng Bài, Hà Nội"},
        "documents": [{"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0}]
    })),
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry key: a retry within a day returns the first answer, PIN included")),
    responses(
        (status = 201, description = "Submitted", body = SubmittedOut),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a clerk of this office", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or the office does not receive this procedure by this channel", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/applications")]
pub async fn submit_application(
    state: web::Data<AppState>,
    caller: MaybeCaller,
    key: IdempotencyKey,
    body: web::Json<SubmitIn>,
) -> Result<HttpResponse, Error> {
    let staff = caller.0.as_ref().map(super::staff_of);
    let shared = state.clone();
    let answer = db_write(&state, move |conn| {
        submit::submit(conn, &shared, staff.as_ref(), key.0, body.into_inner())
    })
    .await?;
    Ok(created(answer))
}
