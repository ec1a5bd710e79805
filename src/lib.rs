//! motcua: the one-stop (một cửa) service for Vietnamese administrative procedures.
//!
//! Layers: [`api`] (actix) calls [`db`] (diesel) and [`domain`] (pure rules);
//! [`domain`] imports neither.

pub mod api;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod import;
pub mod multipart;
pub mod openapi;
pub mod reports;
pub mod service;
pub mod slips;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod validation;
pub mod web;
