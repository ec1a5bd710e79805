//! The administrator's pages through their forms, as a browser without JavaScript: accounts
//! (a one-time password that signs in once shown, the old one refused, the sessions ended),
//! offices and the procedures they receive, the calendar (the moved count equal to the
//! JSON API's), the catalog import's line report, the units' reorganisations; every page
//! refused to the other roles, sent to sign-in without a session, and every form refused
//! without its token.

mod access;
mod calendar;
mod import;
mod offices;
mod units;
mod users;
