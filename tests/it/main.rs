//! Integration tests: the real app over HTTP against a real PostgreSQL, a database per test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/mod.rs"]
mod support;

mod aggregations;
mod aggregations_portal;
mod analytics_cache;
mod analytics_customers;
mod analytics_event_page;
mod analytics_events;
mod analytics_events_support;
mod analytics_overview;
mod analytics_troubleshooting;
mod api_keys;
mod auth;
mod cli;
mod crawl;
mod customers;
mod cycles_sql;
mod edges;
mod edges_bodies;
mod edges_csv;
mod ingest;
mod meter_tools;
mod metering_sql;
mod metering_sql_distinct;
mod metering_sql_strategies;
mod metering_sql_support;
mod metering_sql_tricky_cases;
mod meters;
mod operators;
mod platform;
mod products;
mod products_support;
mod products_validation;
mod reconciliation;
mod rollups;
mod rollups_race;
mod scale_out;
mod uploads;
mod uploads_portal;
mod uploads_rollback;
mod uploads_support;
mod usage;
