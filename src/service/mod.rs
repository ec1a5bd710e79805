//! The operations both faces (the JSON API and the web pages) and the command line call.
//!
//! An operation takes what it needs (a connection, the caller as a domain [`Actor`], typed
//! input), opens and ends its own transaction, and returns a typed result or an
//! [`Error`](crate::error::Error). Nothing here knows the HTTP framework.
//!
//! [`Actor`]: crate::domain::application::Actor

pub mod applications;
pub mod backup;
pub mod calendar;
pub mod catalog;
pub mod desk;
pub mod files;
pub mod idempotency;
pub mod imports;
pub mod offices;
pub mod pagination;
pub mod reports;
pub mod site;
pub mod units;
pub mod users;
pub mod version;
pub mod work;

use crate::domain::account::{Binding, Role};

/// A signed-in staff member as the operations see them: the account and what it is bound to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    /// The account's id.
    pub user_id: String,
    /// The role and its office or unit.
    pub binding: Binding,
}

impl Staff {
    /// The staff member's role.
    pub fn role(&self) -> Role {
        self.binding.role()
    }
}
