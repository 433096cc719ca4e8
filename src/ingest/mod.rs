//! One ingest pipeline for usage events from the API, manual entry and CSV uploads.

pub mod api;
pub mod manual;
pub mod model;
pub mod pipeline;
pub mod repo;
pub mod validate;

use crate::web::router::Router;

pub fn register(r: &mut Router<'_>) {
    r.post("/api/v1/events/ingest", api::ingest);
}
