#![allow(clippy::unwrap_used, clippy::expect_used)]

//! Integration tests: each test gets its own fresh database, SQLite by default and
//! PostgreSQL when `MOTCUA_TEST_POSTGRES_URL` is set.

mod access;
mod applications;
mod auth;
mod calendar;
mod catalog;
mod demo;
mod errors;
mod files;
mod helpers;
mod imports;
mod migrations;
mod offices;
mod openapi;
mod ops;
mod reform;
mod reliability;
mod report_form;
mod reports;
mod secret;
mod tracking;
mod tracking_pages;
mod units;
mod users;
