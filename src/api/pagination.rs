//! Cursor pagination shared by collections: `{items, next_cursor, total}`.

use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::Error;
pub use crate::service::pagination::{bad_cursor, decode_cursor, encode_cursor};

/// The largest page a client may ask for.
pub const MAX_LIMIT: u32 = 200;
/// The page size when none is asked for.
pub const DEFAULT_LIMIT: u32 = 50;

/// `limit` and `cursor` query parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page, 1–200. Default 50; 0 or more than 200 is refused (400
    /// `invalid_query`).
    #[param(example = 50, minimum = 1, maximum = 200)]
    #[serde(default, deserialize_with = "limit_in_range")]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page; opaque.
    pub cursor: Option<String>,
}

/// Reads `limit`, refusing a page size outside 1–[`MAX_LIMIT`]; the query extractor names the
/// parameter in its 400.
pub fn limit_in_range<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    let limit = u32::deserialize(deserializer)?;
    if (1..=MAX_LIMIT).contains(&limit) {
        Ok(Some(limit))
    } else {
        Err(serde::de::Error::custom(format!(
            "must be from 1 to {MAX_LIMIT}, not {limit}"
        )))
    }
}

impl PageQuery {
    /// The page size (the default when none was asked for).
    pub fn limit(&self) -> i64 {
        i64::from(self.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT))
    }

    /// The sort key the cursor carries.
    pub fn after(&self) -> Result<Option<String>, Error> {
        self.cursor.as_deref().map(decode_cursor).transpose()
    }
}

/// A page of a collection.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    /// The items, in a stable order.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// How many items match the filters in all.
    pub total: i64,
}

impl<T> Page<T> {
    /// A page whose next cursor is taken from the last item's sort key when the page is full.
    pub fn new(items: Vec<T>, total: i64, limit: i64, key: impl Fn(&T) -> &str) -> Self {
        let full = i64::try_from(items.len()).is_ok_and(|n| n == limit);
        let next_cursor = if full {
            items.last().map(|last| encode_cursor(key(last)))
        } else {
            None
        };
        Self {
            items,
            next_cursor,
            total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_outside_one_to_the_maximum_are_refused() {
        let parse = |raw: &str| crate::api::query::parse::<PageQuery>(raw).map(|q| q.limit());
        assert_eq!(parse("").ok(), Some(50));
        assert_eq!(parse("limit=1").ok(), Some(1));
        assert_eq!(parse("limit=200").ok(), Some(200));
        for bad in [
            "limit=0",
            "limit=201",
            "limit=2147483648",
            "limit=-1",
            "limit=x",
        ] {
            let error = parse(bad).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(error.contains("limit"), "{bad}: {error}");
        }
    }

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let c = encode_cursor("nguyen.van.a");
        assert_eq!(decode_cursor(&c).ok(), Some("nguyen.van.a".into()));
        assert!(decode_cursor("zz").is_err());
    }

    #[test]
    fn next_cursor_only_on_full_pages() {
        let page = Page::new(vec!["a".to_owned(), "b".to_owned()], 5, 2, |s| s.as_str());
        assert_eq!(page.next_cursor, Some(encode_cursor("b")));
        let page = Page::new(vec!["c".to_owned()], 5, 2, |s| s.as_str());
        assert_eq!(page.next_cursor, None);
    }
}
