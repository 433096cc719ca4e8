//! Test support shared by the integration (`tests/it`) and browser (`tests/e2e`) binaries.
#![allow(dead_code)]

pub mod app;
pub mod backfill;
pub mod browser;
pub mod db;
pub mod fixtures;
pub mod html;
