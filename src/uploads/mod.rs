//! CSV uploads of usage data: reading files, running them through the ingest pipeline, dry
//! runs, error files, rollback.

pub mod csv_file;
pub mod model;
pub mod process;
pub mod repo;
pub mod service;
