//! Browser tests: real headless Chromium through chromedriver against the real server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/mod.rs"]
mod support;

mod a11y;
mod analytics;
mod login;
mod meters;
mod mobile;
mod preferences;
mod products;
mod uploads;
