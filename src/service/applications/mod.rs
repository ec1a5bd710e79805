//! Applications: submission, the lifecycle's actions, staff views, slips, public tracking and
//! ratings. Every change to an application goes through one write path ([`write::record`]).

pub mod actions;
pub mod public_view;
pub mod read;
pub mod scope;
pub mod slips;
pub mod submit;
pub mod tracking;
pub mod views;
pub mod write;
