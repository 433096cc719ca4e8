//! Meters: the model, its queries, the audited changes (each rebuilding the meter's rollups),
//! the filter test bench and the change preview. Pages in `portal::meters`, API in
//! `api::meters`.

pub mod bench;
pub mod bench_json;
pub mod model;
pub mod payload_keys;
pub mod preview;
pub mod repo;
pub mod rollups;
pub mod service;
