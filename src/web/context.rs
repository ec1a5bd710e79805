//! What every page handler starts from: the request's language, the site's settings, the
//! request id and the form token, taken from the request by one extractor.

use std::cell::OnceCell;
use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use maud::Markup;

use super::csrf;
use super::i18n::{self, Args, Lang};
use crate::api::observe::RequestId;
use crate::config::SiteSettings;
use crate::state::AppState;

/// A page request's context. Take it as a handler argument: `ctx: Ctx`.
pub struct Ctx {
    /// The language the page is written in.
    pub lang: Lang,
    /// The shared state (pool, settings, caches) for the operations.
    pub state: web::Data<AppState>,
    /// The request (for its path, query and cookies).
    pub req: HttpRequest,
    /// The request id the log lines and the 500 page carry.
    pub request_id: String,
    /// Set when `?lang=` chose the language: the response sets the cookie.
    pub(super) chosen_lang: Option<Lang>,
    /// The form token's cookie value, made on first use when the request had none.
    pub(super) csrf: OnceCell<csrf::CookieToken>,
}

impl Ctx {
    /// Builds the context of a request (also used by the error pages).
    pub fn of(req: &HttpRequest) -> Option<Self> {
        let state = req.app_data::<web::Data<AppState>>()?.clone();
        let request_id = req
            .extensions()
            .get::<RequestId>()
            .map(|r| r.0.clone())
            .unwrap_or_default();
        Some(Self {
            lang: i18n::lang_of(req),
            chosen_lang: i18n::lang_in_query(req.query_string()),
            state,
            req: req.clone(),
            request_id,
            csrf: OnceCell::new(),
        })
    }

    /// A message of the catalog in the page's language.
    pub fn t(&self, key: &str) -> String {
        i18n::message(self.lang, key, None)
    }

    /// A message with placeables: `ctx.t_args("hits", &i18n::args(&[("count", n.into())]))`.
    pub fn t_args(&self, key: &str, args: &Args<'_>) -> String {
        i18n::message(self.lang, key, Some(args))
    }

    /// The site's settings (name, contacts).
    pub fn site(&self) -> &SiteSettings {
        &self.state.settings.site
    }

    /// The site's name in the page's language.
    pub fn site_name(&self) -> &str {
        let site = self.site();
        match self.lang {
            Lang::En if !site.name_en.trim().is_empty() => &site.name_en,
            _ => &site.name,
        }
    }

    /// The body the site belongs to, in the page's language (may be empty).
    pub fn site_parent(&self) -> &str {
        let site = self.site();
        match self.lang {
            Lang::En if !site.parent_en.trim().is_empty() => &site.parent_en,
            _ => &site.parent,
        }
    }

    /// This page's address in another language.
    pub fn lang_href(&self, to: Lang) -> String {
        i18n::switch_href(self.req.path(), self.req.query_string(), to)
    }

    /// The hidden form field carrying the form token of a form not bound to a session.
    /// Put it in every `<form method="post">`; check it with [`csrf::verify`].
    pub fn csrf_field(&self) -> Markup {
        csrf::hidden_field(&csrf::token_for(self, ""))
    }

    /// The query parameter `name`, if given and not blank.
    pub fn query_param(&self, name: &str) -> Option<String> {
        form_urlencoded::parse(self.req.query_string().as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    /// Whether the site is served over https (cookies are then `Secure`).
    pub fn secure(&self) -> bool {
        self.state.public_url.starts_with("https://")
    }
}

impl FromRequest for Ctx {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Self::of(req).ok_or_else(|| {
            actix_web::error::ErrorInternalServerError("the application state is missing")
        }))
    }
}
