//! Integration tests: the real app over HTTP against a real PostgreSQL, a database per test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/mod.rs"]
mod support;

mod analytics_customers;
mod analytics_events;
mod analytics_overview;
mod api_keys;
mod auth;
mod cli;
mod crawl;
mod customers;
mod ingest;
mod meter_tools;
mod metering_sql;
mod meters;
mod operators;
mod platform;
mod products;
mod reconciliation;
mod rollups;
mod uploads;
mod usage;
