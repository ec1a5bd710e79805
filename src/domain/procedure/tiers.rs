//! Tiers, channels and online levels: their tokens, the portal's wording of them, and the
//! portal's `;` or `,` separated lists.

token_enum! {
    /// A level of government that implements a procedure.
    Tier {
        /// Ministry (cấp bộ / trung ương).
        Ministry = "ministry",
        /// Province (cấp tỉnh).
        Province = "province",
        /// District (cấp huyện; abolished 2025-07-01).
        District = "district",
        /// Commune (cấp xã).
        Commune = "commune",
        /// Another body (cơ quan khác).
        Other = "other",
    }
}

token_enum! {
    /// How an application may be filed.
    Channel {
        /// At a desk (trực tiếp).
        InPerson = "in_person",
        /// By post (dịch vụ bưu chính).
        Postal = "postal",
        /// Online (trực tuyến).
        Online = "online",
    }
}

token_enum! {
    /// The current online-service classification (Decree 42/2022).
    OnlineLevel {
        /// Toàn trình: entirely online.
        Full = "full",
        /// Một phần: partly online.
        Partial = "partial",
        /// Not online.
        None = "none",
    }
}

impl Tier {
    /// The portal's wording, as its export writes it.
    pub fn portal_name(self) -> &'static str {
        match self {
            Self::Ministry => "Cấp bộ",
            Self::Province => "Cấp tỉnh",
            Self::District => "Cấp huyện",
            Self::Commune => "Cấp xã",
            Self::Other => "Cơ quan khác",
        }
    }

    /// Reads the portal's wording (`Cấp bộ`, `Cấp tỉnh`, `Cấp huyện`, `Cấp xã`, `Cơ quan khác`)
    /// or a token.
    pub fn from_portal(text: &str) -> Option<Self> {
        match crate::domain::text::fold(text).as_str() {
            "cap bo" | "cap trung uong" | "ministry" => Some(Self::Ministry),
            "cap tinh" | "province" => Some(Self::Province),
            "cap huyen" | "district" => Some(Self::District),
            "cap xa" | "commune" => Some(Self::Commune),
            "co quan khac" | "other" => Some(Self::Other),
            _ => None,
        }
    }
}

impl Channel {
    /// The portal's wording, as its export writes it.
    pub fn portal_name(self) -> &'static str {
        match self {
            Self::InPerson => "Trực tiếp",
            Self::Postal => "Dịch vụ bưu chính",
            Self::Online => "Trực tuyến",
        }
    }

    /// Reads the portal's wording (`Trực tiếp`, `Dịch vụ bưu chính`, `Trực tuyến`) or a token.
    pub fn from_portal(text: &str) -> Option<Self> {
        match crate::domain::text::fold(text).as_str() {
            "truc tiep" | "in person" => Some(Self::InPerson),
            "dich vu buu chinh" | "buu chinh" | "postal" => Some(Self::Postal),
            "truc tuyen" | "online" => Some(Self::Online),
            _ => None,
        }
    }
}

/// Splits a `;` or `,` separated portal list into unique values of `T`, in order; the first
/// unknown item is returned as the error.
pub fn parse_list<T: PartialEq + Copy>(
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, String> {
    let mut out = Vec::new();
    for item in text
        .split([';', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let value = parse(item).ok_or_else(|| item.to_owned())?;
        if !out.contains(&value) {
            out.push(value);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::procedure::TimeUnit;

    #[test]
    fn portal_wording_maps_to_tiers_and_channels() {
        assert_eq!(
            parse_list("Cấp bộ, Cấp tỉnh, Cơ quan khác", Tier::from_portal),
            Ok(vec![Tier::Ministry, Tier::Province, Tier::Other])
        );
        assert_eq!(
            parse_list(
                "Trực tiếp;Dịch vụ bưu chính;Trực tuyến;Trực tiếp",
                Channel::from_portal
            ),
            Ok(vec![Channel::InPerson, Channel::Postal, Channel::Online])
        );
        assert_eq!(
            parse_list("Trực tiếp;Fax", Channel::from_portal),
            Err("Fax".into())
        );
        assert_eq!(parse_list("", Channel::from_portal), Ok(vec![]));
    }

    #[test]
    fn portal_names_read_back() {
        for &tier in Tier::ALL {
            assert_eq!(Tier::from_portal(tier.portal_name()), Some(tier));
        }
        for &channel in Channel::ALL {
            assert_eq!(Channel::from_portal(channel.portal_name()), Some(channel));
        }
        for &unit in TimeUnit::ALL {
            assert_eq!(TimeUnit::from_portal(unit.portal_name()), Some(unit));
        }
    }
}
