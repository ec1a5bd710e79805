//! Staff accounts: roles, and the office or unit each staff role is bound to.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a staff account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Keeps the catalog, units, offices, accounts and calendar.
    Admin,
    /// Reception clerk at one one-stop office.
    Clerk,
    /// Specialist at one processing office.
    Specialist,
    /// Official of one unit: reads reports for it and everything under it.
    Official,
}

impl Role {
    /// Every role, in a stable order.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Clerk, Role::Specialist, Role::Official];

    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Clerk => "clerk",
            Self::Specialist => "specialist",
            Self::Official => "official",
        }
    }

    /// What the role must be bound to.
    pub fn binding_kind(self) -> BindingKind {
        match self {
            Self::Admin => BindingKind::None,
            Self::Clerk | Self::Specialist => BindingKind::Office,
            Self::Official => BindingKind::Unit,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is not one of the four.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role `{0}`")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// What a role is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingKind {
    /// Nothing: administrators see everything.
    None,
    /// One office (its agency code).
    Office,
    /// One administrative unit (its GSO code).
    Unit,
}

/// A role with the office or unit it acts for; only valid combinations can be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// An administrator.
    Admin,
    /// A clerk or specialist at an office.
    Office {
        /// Clerk or specialist.
        role: Role,
        /// The office's agency code.
        office_code: String,
    },
    /// An official of a unit.
    Unit {
        /// The unit's GSO code.
        unit_code: String,
    },
}

/// Why a role and binding do not fit together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BindingError {
    /// A clerk or specialist without an office.
    #[error("a {0} must be bound to an office")]
    OfficeRequired(Role),
    /// An official without a unit.
    #[error("an official must be bound to a unit")]
    UnitRequired,
    /// A binding the role does not take.
    #[error("a {role} cannot be bound to {what}")]
    Unexpected {
        /// The role.
        role: Role,
        /// `an office` or `a unit`.
        what: &'static str,
    },
}

impl Binding {
    /// Builds the binding for a role from the codes given, refusing missing or extra ones.
    pub fn new(
        role: Role,
        office_code: Option<String>,
        unit_code: Option<String>,
    ) -> Result<Self, BindingError> {
        let unexpected = |what| BindingError::Unexpected { role, what };
        match role.binding_kind() {
            BindingKind::None => match (office_code, unit_code) {
                (None, None) => Ok(Self::Admin),
                (Some(_), _) => Err(unexpected("an office")),
                (_, Some(_)) => Err(unexpected("a unit")),
            },
            BindingKind::Office => match (office_code, unit_code) {
                (_, Some(_)) => Err(unexpected("a unit")),
                (None, None) => Err(BindingError::OfficeRequired(role)),
                (Some(office_code), None) => Ok(Self::Office { role, office_code }),
            },
            BindingKind::Unit => match (office_code, unit_code) {
                (Some(_), _) => Err(unexpected("an office")),
                (None, None) => Err(BindingError::UnitRequired),
                (None, Some(unit_code)) => Ok(Self::Unit { unit_code }),
            },
        }
    }

    /// The role.
    pub fn role(&self) -> Role {
        match self {
            Self::Admin => Role::Admin,
            Self::Office { role, .. } => *role,
            Self::Unit { .. } => Role::Official,
        }
    }

    /// The office code, for clerks and specialists.
    pub fn office_code(&self) -> Option<&str> {
        match self {
            Self::Office { office_code, .. } => Some(office_code),
            _ => None,
        }
    }

    /// The unit code, for officials.
    pub fn unit_code(&self) -> Option<&str> {
        match self {
            Self::Unit { unit_code } => Some(unit_code),
            _ => None,
        }
    }
}

/// Normalises a username: trimmed and lowercase, so `Admin` and `admin` are one account.
/// Allowed: 3–64 characters of `a-z`, `0-9`, `.`, `_`, `-`, starting with a letter or digit.
pub fn normalize_username(raw: &str) -> Option<String> {
    let name = raw.trim().to_ascii_lowercase();
    let ok_len = (3..=64).contains(&name.len());
    let ok_chars = name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'));
    let ok_start = name
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    (ok_len && ok_chars && ok_start).then_some(name)
}

/// The shortest password accepted for a staff account.
pub const MIN_PASSWORD_LEN: usize = 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert_eq!("root".parse::<Role>(), Err(UnknownRole("root".into())));
    }

    #[test]
    fn bindings_fit_their_roles() {
        let office = || Some("H56.14".to_owned());
        let unit = || Some("00004".to_owned());
        assert_eq!(Binding::new(Role::Admin, None, None), Ok(Binding::Admin));
        assert!(Binding::new(Role::Admin, office(), None).is_err());
        assert_eq!(
            Binding::new(Role::Clerk, office(), None).map(|b| b.office_code().map(str::to_owned)),
            Ok(Some("H56.14".into()))
        );
        assert_eq!(
            Binding::new(Role::Specialist, None, None),
            Err(BindingError::OfficeRequired(Role::Specialist))
        );
        assert!(Binding::new(Role::Clerk, office(), unit()).is_err());
        assert_eq!(
            Binding::new(Role::Official, None, None),
            Err(BindingError::UnitRequired)
        );
        assert!(Binding::new(Role::Official, office(), unit()).is_err());
        assert_eq!(
            Binding::new(Role::Official, None, unit()).map(|b| b.role()),
            Ok(Role::Official)
        );
    }

    #[test]
    fn usernames_are_normalised() {
        assert_eq!(normalize_username("  Admin "), Some("admin".into()));
        assert_eq!(
            normalize_username("nguyen.van-a_1"),
            Some("nguyen.van-a_1".into())
        );
        assert_eq!(normalize_username("ab"), None);
        assert_eq!(normalize_username(".hidden"), None);
        assert_eq!(normalize_username("nguyễn"), None);
        assert_eq!(normalize_username(&"a".repeat(65)), None);
    }
}
