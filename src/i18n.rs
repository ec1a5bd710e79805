//! The language of user-facing text: Vietnamese by default, English on request.

/// A language motcua speaks to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Tiếng Việt, the default.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 tag, for `Content-Language`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
        }
    }

    /// Picks Vietnamese or English from an `Accept-Language` value by quality; Vietnamese
    /// when neither is named or the header is absent or malformed.
    pub fn negotiate(header: Option<&str>) -> Self {
        let Some(header) = header else {
            return Self::Vi;
        };
        let mut best: Option<(f32, Self)> = None;
        for item in header.split(',') {
            let mut parts = item.trim().split(';');
            let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let quality = parts
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let lang = if tag == "vi" || tag.starts_with("vi-") {
                Self::Vi
            } else if tag == "en" || tag.starts_with("en-") {
                Self::En
            } else {
                continue;
            };
            if quality > 0.0 && best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, lang));
            }
        }
        best.map_or(Self::Vi, |(_, lang)| lang)
    }

    /// Picks the text in this language.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::Vi => vi,
            Self::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn defaults_to_vietnamese() {
        assert_eq!(Lang::negotiate(None), Lang::Vi);
        assert_eq!(Lang::negotiate(Some("")), Lang::Vi);
        assert_eq!(Lang::negotiate(Some("fr-FR, de;q=0.5")), Lang::Vi);
        assert_eq!(Lang::negotiate(Some(";;;q=zz")), Lang::Vi);
    }

    #[test]
    fn follows_quality_values() {
        assert_eq!(Lang::negotiate(Some("en")), Lang::En);
        assert_eq!(Lang::negotiate(Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(Lang::negotiate(Some("vi-VN,vi;q=0.9,en;q=0.8")), Lang::Vi);
        assert_eq!(Lang::negotiate(Some("vi;q=0.4, en;q=0.8")), Lang::En);
        assert_eq!(Lang::negotiate(Some("fr, en;q=0.1")), Lang::En);
        assert_eq!(Lang::negotiate(Some("en;q=0")), Lang::Vi);
    }
}
