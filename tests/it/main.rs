//! Integration tests: the real app over HTTP against a real PostgreSQL, a database per test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/mod.rs"]
mod support;

mod api_keys;
mod auth;
mod cli;
mod crawl;
mod customers;
mod meters;
mod metering_sql;
mod operators;
mod platform;
mod products;
