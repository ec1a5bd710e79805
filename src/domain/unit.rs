//! Administrative units (đơn vị hành chính) and their reorganisations.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The level of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    /// Tỉnh / thành phố trực thuộc trung ương: 2-digit GSO code.
    Province,
    /// Huyện / quận / thị xã / thành phố thuộc tỉnh (until 2025-06-30): 3-digit code.
    District,
    /// Xã / phường / thị trấn / đặc khu: 5-digit code.
    Commune,
}

impl UnitLevel {
    /// The stored token.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::District => "district",
            Self::Commune => "commune",
        }
    }

    /// Reads a token back.
    pub fn from_token(token: &str) -> Option<Self> {
        match token {
            "province" => Some(Self::Province),
            "district" => Some(Self::District),
            "commune" => Some(Self::Commune),
            _ => None,
        }
    }

    /// The length of this level's GSO codes.
    pub fn code_len(self) -> usize {
        match self {
            Self::Province => 2,
            Self::District => 3,
            Self::Commune => 5,
        }
    }

    /// The level a parent must have; a commune's parent is a district before 2025-07-01 and
    /// a province after, so both are allowed.
    pub fn parent_levels(self) -> &'static [UnitLevel] {
        match self {
            Self::Province => &[],
            Self::District => &[Self::Province],
            Self::Commune => &[Self::District, Self::Province],
        }
    }
}

/// True when `code` is a GSO code of this level: all digits, of the level's length.
pub fn valid_code(level: UnitLevel, code: &str) -> bool {
    code.len() == level.code_len() && code.bytes().all(|b| b.is_ascii_digit())
}

/// The kind of a reorganisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReorganizationKind {
    /// Several units become one.
    Merge,
    /// One unit becomes several.
    Split,
    /// A unit takes a new name (and possibly a new code).
    Rename,
    /// A nationwide reform of many units at once (the 2025 one), imported from lists.
    Reform,
}

impl ReorganizationKind {
    /// The stored token.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Merge => "merge",
            Self::Split => "split",
            Self::Rename => "rename",
            Self::Reform => "reform",
        }
    }

    /// Reads a token back.
    pub fn from_token(token: &str) -> Option<Self> {
        [Self::Merge, Self::Split, Self::Rename, Self::Reform]
            .into_iter()
            .find(|k| k.as_str() == token)
    }

    /// Checks the numbers of predecessors and successors a kind takes.
    pub fn check_shape(self, predecessors: usize, successors: usize) -> Result<(), &'static str> {
        match self {
            Self::Merge if predecessors >= 2 && successors == 1 => Ok(()),
            Self::Merge => Err("a merge takes two or more predecessors and one successor"),
            Self::Split if predecessors == 1 && successors >= 2 => Ok(()),
            Self::Split => Err("a split takes one predecessor and two or more successors"),
            Self::Rename if predecessors == 1 && successors == 1 => Ok(()),
            Self::Rename => Err("a rename takes one predecessor and one successor"),
            Self::Reform if predecessors >= 1 && successors >= 1 => Ok(()),
            Self::Reform => Err("a reform takes predecessors and successors"),
        }
    }

    /// How a successor takes over its predecessors by default: a split's successors each
    /// take part of the predecessor, the others take all of it.
    pub fn default_succession(self) -> Succession {
        match self {
            Self::Split => Succession::Partial,
            _ => Succession::Full,
        }
    }
}

/// How much of a predecessor went into a successor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Succession {
    /// The whole predecessor.
    Full,
    /// Part of it (it also went elsewhere).
    Partial,
}

impl Succession {
    /// The stored token.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Partial => "partial",
        }
    }

    /// Reads a token back.
    pub fn from_token(token: &str) -> Option<Self> {
        match token {
            "full" => Some(Self::Full),
            "partial" => Some(Self::Partial),
            _ => None,
        }
    }
}

/// Where each unit's history goes today: a unit still in force maps to itself; an ended one
/// to the unit in force its successions lead to, following full successions before partial
/// ones (a split's counts go to the part that took the whole, else to the first successor by
/// id). `units` are (id, in force); `links` are (predecessor id, successor id, full). Units
/// whose chain ends nowhere in force map to themselves.
pub fn rolled_up(
    units: &[(String, bool)],
    links: &[(String, String, bool)],
) -> std::collections::HashMap<String, String> {
    use std::collections::HashMap;
    let in_force: HashMap<&str, bool> = units.iter().map(|(id, f)| (id.as_str(), *f)).collect();
    let mut next: HashMap<&str, (&str, bool)> = HashMap::new();
    for (from, to, full) in links {
        let better = match next.get(from.as_str()) {
            None => true,
            Some((other, other_full)) => {
                (*full, std::cmp::Reverse(to.as_str())) > (*other_full, std::cmp::Reverse(*other))
            }
        };
        if better {
            next.insert(from.as_str(), (to.as_str(), *full));
        }
    }
    let mut out = HashMap::new();
    for (id, _) in units {
        let mut at = id.as_str();
        let mut steps = 0;
        while !in_force.get(at).copied().unwrap_or(false) && steps < 64 {
            match next.get(at) {
                Some((to, _)) => at = to,
                None => break,
            }
            steps += 1;
        }
        let target = if in_force.get(at).copied().unwrap_or(false) {
            at
        } else {
            id.as_str()
        };
        out.insert(id.clone(), target.to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_rolls_up_to_the_units_in_force() {
        let s = |x: &str| x.to_owned();
        let units = [
            (s("a"), false),
            (s("b"), false),
            (s("ab"), false),
            (s("abc"), true),
            (s("c"), false),
            (s("x"), false),
            (s("y"), true),
            (s("z"), true),
            (s("lone"), false),
        ];
        let links = [
            (s("a"), s("ab"), true),
            (s("b"), s("ab"), true),
            (s("ab"), s("abc"), true),
            (s("c"), s("abc"), true),
            (s("x"), s("z"), false),
            (s("x"), s("y"), true),
        ];
        let map = rolled_up(&units, &links);
        assert_eq!(map["a"], "abc", "two merges in a row");
        assert_eq!(map["c"], "abc");
        assert_eq!(map["abc"], "abc");
        assert_eq!(map["x"], "y", "a split goes to the full successor");
        assert_eq!(map["lone"], "lone", "an ended unit without successor stays");
    }

    #[test]
    fn codes_have_their_level_length() {
        assert!(valid_code(UnitLevel::Province, "01"));
        assert!(valid_code(UnitLevel::District, "001"));
        assert!(valid_code(UnitLevel::Commune, "00004"));
        assert!(!valid_code(UnitLevel::Commune, "0004"));
        assert!(!valid_code(UnitLevel::Province, "0a"));
    }

    #[test]
    fn reorganisations_have_their_shape() {
        assert!(ReorganizationKind::Merge.check_shape(2, 1).is_ok());
        assert!(ReorganizationKind::Merge.check_shape(1, 1).is_err());
        assert!(ReorganizationKind::Split.check_shape(1, 3).is_ok());
        assert!(ReorganizationKind::Split.check_shape(2, 2).is_err());
        assert!(ReorganizationKind::Rename.check_shape(1, 1).is_ok());
        assert!(ReorganizationKind::Rename.check_shape(1, 2).is_err());
        assert_eq!(
            ReorganizationKind::Split.default_succession(),
            Succession::Partial
        );
        assert_eq!(
            ReorganizationKind::Merge.default_succession(),
            Succession::Full
        );
    }
}
