//! The frame of every page: the masthead with the office's name and the language switch, the
//! navigation, the main column and the footer with the contacts; and the response around it
//! (language, cookies, caching).

use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LANGUAGE, LOCATION, VARY};
use actix_web::{HttpResponse, HttpResponseBuilder};
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::assets;
use super::context::Ctx;
use super::csrf;
use super::i18n::{LANG_COOKIE, Lang};
use crate::api::procedures::accepts_gzip;

/// The main navigation: (address, catalog key).
const NAV: [(&str, &str); 4] = [
    ("/", "nav-home"),
    ("/procedures", "nav-procedures"),
    ("/track", "nav-track"),
    ("/statistics", "nav-statistics"),
];

/// Whether `href` is the page shown or one of its sub-pages (for `aria-current`).
pub fn current(ctx: &Ctx, href: &str) -> bool {
    let path = ctx.req.path();
    if href == "/" {
        path == "/"
    } else {
        path == href || path.starts_with(&format!("{href}/"))
    }
}

/// The whole document around a page's main content, with the public navigation.
pub fn document(ctx: &Ctx, title: &str, main: Markup) -> Markup {
    frame(ctx, title, public_nav(ctx), main)
}

/// The public site's navigation.
fn public_nav(ctx: &Ctx) -> Markup {
    html! {
        nav.site-nav aria-label=(ctx.t("nav-label")) {
            ul.wrap {
                @for (href, key) in NAV {
                    li {
                        @if current(ctx, href) {
                            a href=(href) aria-current="page" { (ctx.t(key)) }
                        } @else {
                            a href=(href) { (ctx.t(key)) }
                        }
                    }
                }
            }
        }
    }
}

/// The whole document around a page's main content, under the given navigation (the public
/// site's, or the staff pages' in `web::staff`).
pub fn frame(ctx: &Ctx, title: &str, nav: Markup, main: Markup) -> Markup {
    let site = ctx.site();
    let contacts = &site.contacts;
    let other = match ctx.lang {
        Lang::Vi => Lang::En,
        Lang::En => Lang::Vi,
    };
    html! {
        (DOCTYPE)
        html lang=(ctx.lang.tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – " (ctx.site_name()) }
                link rel="stylesheet" href=(assets::href(&assets::CSS));
                link rel="icon" type="image/svg+xml" href=(assets::href(&assets::ICON));
                script src=(assets::href(&assets::JS)) defer {}
            }
            body {
                a.skip-link href="#main" { (ctx.t("skip-to-content")) }
                header.masthead {
                    div.wrap.masthead-row {
                        a.brand href="/" {
                            img.brand-emblem src=(assets::href(&assets::ICON)) alt="" width="40" height="40";
                            span.brand-text {
                                @if !ctx.site_parent().trim().is_empty() {
                                    span.brand-parent { (ctx.site_parent()) }
                                }
                                span.brand-name { (ctx.site_name()) }
                            }
                        }
                        a.lang-switch href=(ctx.lang_href(other)) lang=(other.tag()) hreflang=(other.tag()) {
                            (ctx.t("lang-switch"))
                        }
                    }
                    (nav)
                }
                main #main.wrap tabindex="-1" { (main) }
                footer.site-footer {
                    div.wrap {
                        h2.footer-title { (ctx.site_name()) }
                        dl.contacts {
                            @if !contacts.address.trim().is_empty() {
                                dt { (ctx.t("footer-address")) } dd { (contacts.address) }
                            }
                            @if !contacts.phone.trim().is_empty() {
                                dt { (ctx.t("footer-phone")) }
                                dd { a href={ "tel:" (contacts.phone.replace(' ', "")) } { (contacts.phone) } }
                            }
                            @if !contacts.email.trim().is_empty() {
                                dt { (ctx.t("footer-email")) }
                                dd { a href={ "mailto:" (contacts.email) } { (contacts.email) } }
                            }
                            @if !contacts.hours.trim().is_empty() {
                                dt { (ctx.t("footer-hours")) } dd { (contacts.hours) }
                            }
                        }
                        p.footer-links {
                            a href="/statistics" { (ctx.t("nav-statistics")) }
                            (PreEscaped(" · "))
                            a href="/docs/" { (ctx.t("footer-api")) }
                        }
                    }
                }
            }
        }
    }
}

/// Sets what every page response carries: the language, the cookies made for it, no
/// shared caching.
pub fn headers(ctx: &Ctx, builder: &mut HttpResponseBuilder) {
    builder
        .content_type("text/html; charset=utf-8")
        .insert_header((CONTENT_LANGUAGE, ctx.lang.tag()))
        .insert_header((VARY, "Accept-Language, Cookie, Accept-Encoding"))
        .insert_header((CACHE_CONTROL, "no-cache, private"));
    if let Some(lang) = ctx.chosen_lang {
        builder.cookie(
            Cookie::build(LANG_COOKIE, lang.tag())
                .path("/")
                .max_age(Duration::days(365))
                .same_site(SameSite::Lax)
                .secure(ctx.secure())
                .finish(),
        );
    }
    if let Some(cookie) = csrf::new_cookie(ctx) {
        builder.cookie(cookie);
    }
}

/// A page with status 200.
pub fn page(ctx: &Ctx, title: &str, main: Markup) -> HttpResponse {
    page_with(ctx, StatusCode::OK, title, main)
}

/// A page with another status (a form with errors answers 422, an error page its own).
pub fn page_with(ctx: &Ctx, status: StatusCode, title: &str, main: Markup) -> HttpResponse {
    respond(ctx, status, document(ctx, title, main))
}

/// A whole document as a page response with the site's headers, gzipped here for a client
/// that takes gzip. actix's `Compress` would hand any body over 1 KB to the blocking pool
/// (which the database work also uses) and each page would wait for a thread there; a page
/// is a few kilobytes, which a fast deflate on the worker does in microseconds.
pub fn respond(ctx: &Ctx, status: StatusCode, body: Markup) -> HttpResponse {
    let mut builder = HttpResponse::build(status);
    headers(ctx, &mut builder);
    let body = body.into_string();
    if accepts_gzip(&ctx.req)
        && let Some(gzipped) = gzip(body.as_bytes())
    {
        return builder
            .insert_header((CONTENT_ENCODING, "gzip"))
            .body(gzipped);
    }
    builder.body(body)
}

fn gzip(body: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(body).ok()?;
    encoder.finish().ok()
}

/// `303 See Other` to `to`, after a successful POST.
pub fn redirect(ctx: &Ctx, to: &str) -> HttpResponse {
    let mut builder = HttpResponse::SeeOther();
    headers(ctx, &mut builder);
    builder.insert_header((LOCATION, to)).finish()
}

/// A trail of links above the title: every item but the last is a link.
pub fn breadcrumbs(ctx: &Ctx, items: &[(&str, &str)]) -> Markup {
    html! {
        nav.breadcrumbs aria-label=(ctx.t("breadcrumbs-label")) {
            ol {
                @for (i, (href, label)) in items.iter().enumerate() {
                    @if i + 1 == items.len() {
                        li aria-current="page" { (label) }
                    } @else {
                        li { a href=(href) { (label) } }
                    }
                }
            }
        }
    }
}
