//! The pure domain: no actix, no diesel. Rules that hold whatever stores or serves them.

/// A closed set of values with stable `snake_case` tokens: stored, serialised and documented
/// alike.
macro_rules! token_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $token:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize, ::utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and serialised token.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $token),+ }
            }

            /// Reads a token back.
            pub fn from_token(token: &str) -> Option<Self> {
                match token { $($token => Some($name::$variant),)+ _ => None }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod account;
pub mod application;
pub mod calendar;
pub mod credentials;
pub mod index766;
pub mod procedure;
pub mod progress;
pub mod report;
pub mod search;
pub mod text;
pub mod unit;
pub mod upload;

/// Today in Vietnam (UTC+7 all year): the date effective dates are compared with.
pub fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}
