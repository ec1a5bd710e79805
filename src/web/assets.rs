//! The stylesheet, script and icon, embedded in the binary and served under names that carry
//! a hash of their content (`site.3f2a9c1b0d.css`), so browsers keep them for a year and a
//! new build's pages name new files.

use std::sync::LazyLock;

use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use actix_web::{HttpResponse, web};
use sha2::{Digest, Sha256};

use crate::error::{Code, Error};

/// One embedded file.
pub struct Asset {
    /// The name pages use, with the content's hash.
    pub name: String,
    /// Its media type.
    pub content_type: &'static str,
    /// The bytes.
    pub body: &'static [u8],
}

fn asset(stem: &str, ext: &str, content_type: &'static str, body: &'static [u8]) -> Asset {
    let hash = hex::encode(&Sha256::digest(body)[..5]);
    Asset {
        name: format!("{stem}.{hash}.{ext}"),
        content_type,
        body,
    }
}

/// The stylesheet.
pub static CSS: LazyLock<Asset> = LazyLock::new(|| {
    asset(
        "site",
        "css",
        "text/css; charset=utf-8",
        include_bytes!("static/site.css"),
    )
});

/// The script (progressive enhancement only: every page works without it).
pub static JS: LazyLock<Asset> = LazyLock::new(|| {
    asset(
        "site",
        "js",
        "text/javascript; charset=utf-8",
        include_bytes!("static/site.js"),
    )
});

/// The icon.
pub static ICON: LazyLock<Asset> = LazyLock::new(|| {
    asset(
        "icon",
        "svg",
        "image/svg+xml",
        include_bytes!("static/icon.svg"),
    )
});

/// Every asset.
pub fn all() -> [&'static Asset; 3] {
    [&CSS, &JS, &ICON]
}

/// The address of an asset: `/assets/{hashed name}`.
pub fn href(asset: &Asset) -> String {
    format!("/assets/{}", asset.name)
}

/// `GET /assets/{name}`: an asset by its hashed name, cached for a year.
pub async fn serve(name: web::Path<String>) -> Result<HttpResponse, Error> {
    let asset = all()
        .into_iter()
        .find(|a| a.name == *name)
        .ok_or(Error::NotFound(Code::RouteNotFound))?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, asset.content_type))
        .insert_header((CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(asset.body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_content_hash() {
        for asset in all() {
            let parts: Vec<&str> = asset.name.split('.').collect();
            assert_eq!(parts.len(), 3, "{}", asset.name);
            assert_eq!(parts[1].len(), 10);
            assert!(parts[1].bytes().all(|b| b.is_ascii_hexdigit()));
        }
        assert_ne!(CSS.name, JS.name);
    }
}
