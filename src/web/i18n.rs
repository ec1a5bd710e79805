//! The site's words: one Fluent catalog per language (`locales/vi.ftl`, `locales/en.ftl`),
//! embedded in the binary, and the language of a request.
//!
//! The language is, in order: `?lang=vi|en` on the address (the page then sets a cookie),
//! the `lang` cookie, then `Accept-Language`; Vietnamese when none says.

use std::sync::LazyLock;

use actix_web::HttpRequest;
use actix_web::http::header::ACCEPT_LANGUAGE;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub use crate::i18n::Lang;

/// The cookie that keeps the chosen language.
pub const LANG_COOKIE: &str = "lang";

/// The Vietnamese catalog's source.
pub const VI_SOURCE: &str = include_str!("locales/vi.ftl");
/// The English catalog's source.
pub const EN_SOURCE: &str = include_str!("locales/en.ftl");

struct Catalogs {
    vi: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

fn bundle(tag: &str, source: &str) -> FluentBundle<FluentResource> {
    let id = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around placeables: the pages are left-to-right only.
    bundle.set_use_isolating(false);
    let resource = match FluentResource::try_new(source.to_owned()) {
        Ok(resource) => resource,
        Err((resource, errors)) => {
            tracing::error!(lang = tag, ?errors, "the message catalog has syntax errors");
            resource
        }
    };
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(lang = tag, ?errors, "the message catalog repeats keys");
    }
    bundle
}

static CATALOGS: LazyLock<Catalogs> = LazyLock::new(|| Catalogs {
    vi: bundle("vi", VI_SOURCE),
    en: bundle("en", EN_SOURCE),
});

/// Arguments for a message with placeables (`{ $count }`).
pub type Args<'a> = FluentArgs<'a>;

/// Builds [`Args`] from pairs: `args(&[("count", 3.into()), ("name", "Hộ tịch".into())])`.
pub fn args<'a>(pairs: &[(&'a str, FluentValue<'a>)]) -> Args<'a> {
    let mut out = FluentArgs::new();
    for (name, value) in pairs {
        out.set(*name, value.clone());
    }
    out
}

/// The message `key` in `lang`, with `args` filled in. A missing key is logged and shown as
/// itself, so a page never fails for want of a word (the unit tests catch it first).
pub fn message(lang: Lang, key: &str, args: Option<&Args<'_>>) -> String {
    let bundle = match lang {
        Lang::Vi => &CATALOGS.vi,
        Lang::En => &CATALOGS.en,
    };
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        tracing::warn!(key, lang = lang.tag(), "missing message");
        return key.to_owned();
    };
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    if !errors.is_empty() {
        tracing::warn!(key, lang = lang.tag(), ?errors, "message formatting failed");
    }
    text.into_owned()
}

/// Reads `vi` or `en`.
pub fn parse_lang(value: &str) -> Option<Lang> {
    match value.trim().to_ascii_lowercase().as_str() {
        "vi" => Some(Lang::Vi),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// The `lang` parameter of the query, when it names a language.
pub fn lang_in_query(query: &str) -> Option<Lang> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| parse_lang(&v))
}

/// The language of a request: `?lang=`, then the cookie, then `Accept-Language`.
pub fn lang_of(req: &HttpRequest) -> Lang {
    lang_in_query(req.query_string())
        .or_else(|| req.cookie(LANG_COOKIE).and_then(|c| parse_lang(c.value())))
        .unwrap_or_else(|| {
            Lang::negotiate(
                req.headers()
                    .get(ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok()),
            )
        })
}

/// The same address in another language: the query without its `lang`, plus `lang=`.
pub fn switch_href(path: &str, query: &str, to: Lang) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        if k != "lang" {
            out.append_pair(&k, &v);
        }
    }
    out.append_pair("lang", to.tag());
    format!("{path}?{}", out.finish())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::collections::BTreeSet;

    use fluent_syntax::ast::Entry;
    use fluent_syntax::parser::parse;

    use super::*;

    fn keys(source: &str) -> BTreeSet<String> {
        let resource = parse(source).expect("the catalog parses without errors");
        resource
            .body
            .iter()
            .filter_map(|e| match e {
                Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn both_catalogs_have_the_same_keys() {
        let vi = keys(VI_SOURCE);
        let en = keys(EN_SOURCE);
        let only_vi: Vec<_> = vi.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&vi).collect();
        assert!(
            only_vi.is_empty() && only_en.is_empty(),
            "only in vi.ftl: {only_vi:?}; only in en.ftl: {only_en:?}"
        );
    }

    /// Every `t("key")`, `t_args("key"` and `message(_, "key"` in the site's code names a
    /// message of the catalogs.
    #[test]
    fn every_key_the_pages_use_exists() {
        let vi = keys(VI_SOURCE);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
        let mut missing = Vec::new();
        let mut stack = vec![dir];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                // Comments and this file's own examples name no real key.
                if path.ends_with("i18n.rs") {
                    continue;
                }
                let text: String = std::fs::read_to_string(&path)
                    .unwrap()
                    .lines()
                    .filter(|l| !l.trim_start().starts_with("//"))
                    .collect::<Vec<_>>()
                    .join("\n");
                for opener in [".t(\"", "t_args(\"", "key: \""] {
                    for (at, _) in text.match_indices(opener) {
                        let rest = &text[at + opener.len()..];
                        let Some(end) = rest.find('"') else { continue };
                        let key = &rest[..end];
                        if !key.is_empty() && !key.contains(' ') && !vi.contains(key) {
                            missing.push(format!("{}: {key}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys missing from the catalogs: {missing:?}"
        );
    }

    #[test]
    fn placeables_are_filled_in() {
        let text = message(
            Lang::En,
            "error-429-wait",
            Some(&args(&[("minutes", 3.into())])),
        );
        assert!(text.contains('3'), "{text}");
        assert_eq!(message(Lang::Vi, "no-such-key", None), "no-such-key");
    }

    #[test]
    fn the_language_comes_from_the_query_first() {
        assert_eq!(lang_in_query("q=abc&lang=en"), Some(Lang::En));
        assert_eq!(lang_in_query("lang=fr"), None);
        assert_eq!(
            switch_href("/procedures", "q=khai+sinh&lang=vi&page=2", Lang::En),
            "/procedures?q=khai+sinh&page=2&lang=en"
        );
    }
}
