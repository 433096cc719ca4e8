//! Customers: the model, its queries and the audited changes (pages in `portal::customers`,
//! API in `api::customers`).

pub mod model;
pub mod repo;
pub mod service;
