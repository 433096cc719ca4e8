//! Browser tests: real headless Chromium through chromedriver against the real server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/mod.rs"]
mod support;

mod a11y;
mod analytics;
mod analytics_tables;
mod login;
mod meter_page;
mod meters;
mod mobile;
mod preferences;
mod products;
mod statements;
mod time_zones;
mod uploads;
