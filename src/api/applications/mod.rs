//! Applications: submission, the actions of the one-stop lifecycle, staff views and slips.

pub mod actions;
pub mod read;
pub mod slips;
pub mod submit;

use crate::api::access::Caller;
use crate::service::Staff;

/// The signed-in caller as the operations see them.
pub fn staff_of(caller: &Caller) -> Staff {
    Staff {
        user_id: caller.user.row.id.clone(),
        binding: caller.binding.clone(),
    }
}
