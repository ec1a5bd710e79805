//! The slips 01–05 printed from the browser with the staff session: the API's slip (the
//! same data and the same access rules, `service::applications::slips`), with a print
//! button and a way back above the A5 sheet, neither printed.

use actix_web::{HttpResponse, web};
use maud::html;

use super::application_href;
use crate::domain::account::Role;
use crate::error::{Code, Error};
use crate::service::applications::slips::slip_data;
use crate::slips::{self, Form, Toolbar};
use crate::state::db;
use crate::web::assets;
use crate::web::staff::SignedIn;

/// `GET /staff/applications/{code}/slips/{form}`: whoever may print it through the API (slip
/// 01 at the receiving office and by administrators; the others by the staff who may see
/// the application).
pub async fn slip(
    signed: SignedIn,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    let (code, number) = path.into_inner();
    let form = Form::from_number(&number).ok_or(Error::NotFound(Code::SlipNotFound))?;
    let staff = signed.staff();
    let state = signed.ctx.state.clone();
    let wanted = code.clone();
    let data = db(&signed.ctx.state, move |conn| {
        slip_data(conn, &staff, &wanted, form, &state.links())
    })
    .await?;
    let ctx = &signed.ctx;
    let toolbar = Toolbar {
        markup: html! {
            div lang=(ctx.lang.tag()) {
                button type="button" data-print="true" hidden { (ctx.t("slip-print")) }
                " "
                a href=(application_href(&data.code)) { (ctx.t("slip-back")) }
                " "
                @if signed.role() == Role::Clerk {
                    a href="/staff/desk/intake" { (ctx.t("slip-next-intake")) }
                    " "
                    a href="/staff/desk" { (ctx.t("staff-nav-desk")) }
                }
            }
        },
        script: assets::href(&assets::JS),
    };
    let html = slips::render_with(form, &data, Some(&toolbar));
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'self'; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header(("Referrer-Policy", "no-referrer"))
        .insert_header(("Cache-Control", "no-store"))
        .body(html))
}
