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
mod cloudevents;
mod corrections;
mod crawl;
mod customers;
mod cycles_sql;
mod dodo_surface;
mod edges;
mod edges_bodies;
mod edges_csv;
mod i18n;
mod i18n_analytics;
mod i18n_meters;
mod i18n_pages;
mod i18n_support;
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
mod pricing;
mod pricing_form;
mod pricing_validation;
mod products;
mod products_support;
mod products_validation;
mod reconciliation;
mod rollups;
mod rollups_race;
mod rough_edges;
mod scale_out;
#[path = "../support/server.rs"]
#[allow(dead_code)]
mod server;
mod statements;
mod statements_concurrency;
mod stripe_events;
mod stripe_support;
mod stripe_surface;
mod time_zones;
mod uploads;
mod uploads_portal;
mod uploads_rollback;
mod uploads_support;
mod usage;
mod ux_fixes;
