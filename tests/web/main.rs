#![allow(clippy::unwrap_used, clippy::expect_used)]

//! Browser tests: the site in a headless Chromium through WebDriver, each test with its own
//! server, database and chromedriver. Marked `#[ignore = "needs chromium"]`, so a bare
//! `cargo test` passes without a browser; `.ci/run` installs Chromium and axe-core and runs
//! them on both backends with `--include-ignored`. Screenshots go to `target/screenshots/`.

mod admin;
mod apply;
mod dashboard;
mod day;
mod desk;
mod helpers;
mod pages;
mod staff;
mod track;
mod work;
