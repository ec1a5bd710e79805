#![allow(clippy::unwrap_used, clippy::expect_used)]

//! Integration tests: each test gets its own fresh database, SQLite by default and
//! PostgreSQL when `MOTCUA_TEST_POSTGRES_URL` is set.

mod access;
mod applications;
mod apply_pages;
mod auth;
mod backup;
mod calendar;
mod catalog;
mod contract;
mod demo;
mod desk_pages;
mod errors;
mod faults;
mod files;
mod helpers;
mod imports;
mod matrix;
mod migrations;
mod offices;
mod openapi;
mod ops;
mod procedure_page;
mod reform;
mod relay;
mod reliability;
mod report_form;
mod reports;
mod secret;
mod staff_pages;
mod tracking;
mod tracking_pages;
mod units;
mod users;
mod work_pages;
