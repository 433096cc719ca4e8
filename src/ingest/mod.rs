//! One ingest pipeline for usage events from the API, manual entry and CSV uploads.

pub mod catalog;
pub mod copy;
pub mod handover;
pub mod manual;
pub mod model;
pub mod pipeline;
pub mod repo;
pub mod together;
pub mod validate;
pub mod void;
