//! The home page: search the catalog, track an application, browse by field, and the
//! procedures most often received lately.

use actix_web::HttpResponse;
use maud::html;

use super::context::Ctx;
use super::format::grouped;
use super::forms::{Errors, TextInput, button};
use super::layout;
use crate::error::Error;
use crate::service::catalog::fields;
use crate::service::site::popular;
use crate::state::db;

/// How many procedures the home page lists.
const POPULAR: i64 = 8;

/// `GET /`.
pub async fn home(ctx: Ctx) -> Result<HttpResponse, Error> {
    let fields = db(&ctx.state, fields::list).await?;
    let popular = popular::most_received(&ctx.state, POPULAR).await?;
    let none = Errors::default();
    let main = html! {
        h1.heading-xl { (ctx.t("home-title")) }
        p.lead { (ctx.t("home-lead")) }
        div.grid.grid-2 {
            section.panel aria-labelledby="find-title" {
                h2 #find-title.heading-m { (ctx.t("home-find-title")) }
                form action="/procedures" method="get" role="search" {
                    label.label for="q" { (ctx.t("search-label")) }
                    div.hint id="q-hint" { (ctx.t("search-hint")) }
                    div.search-row {
                        input #q.input type="search" name="q" autocomplete="off" aria-describedby="q-hint";
                        button.button type="submit" { (ctx.t("search-button")) }
                    }
                }
                p { }
            }
            section.panel aria-labelledby="track-title" {
                h2 #track-title.heading-m { (ctx.t("home-track-title")) }
                p.hint { (ctx.t("home-track-hint")) }
                form action="/track" method="get" {
                    (TextInput::new("code", &ctx.t("track-code")).autocomplete("off").errors(&ctx, &none).render())
                    (TextInput::new("pin", &ctx.t("track-pin-or-id"))
                        .hint(&ctx.t("track-pin-or-id-hint")).autocomplete("off").inputmode("numeric")
                        .width("width-20").errors(&ctx, &none).render())
                    (button(&ctx.t("track-button")))
                }
            }
        }
        @if !popular.is_empty() {
            section aria-labelledby="popular-title" {
                h2 #popular-title.heading-l { (ctx.t("home-popular-title")) }
                p.hint { (ctx.t("home-popular-hint")) }
                ol.plain-list {
                    @for p in popular.iter() {
                        li {
                            a href={ "/procedures/" (p.code) } { (p.name) }
                            br;
                            span.muted { (p.field_name) " · " (ctx.t_args("home-popular-count", &super::i18n::args(&[("count", p.received.into()), ("shown", grouped(p.received).into())]))) }
                        }
                    }
                }
            }
        }
        section aria-labelledby="fields-title" {
            h2 #fields-title.heading-l { (ctx.t("home-fields-title")) }
            ul.fields {
                @for f in &fields {
                    li { a href={ "/procedures?field=" (f.code) } { (f.name) } }
                }
            }
        }
    };
    Ok(layout::page(&ctx, &ctx.t("home-title"), main))
}
