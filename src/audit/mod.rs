//! Append-only log of operator actions: who changed what, when.

pub mod model;
pub mod repo;

pub use model::Actor;
pub use repo::{AuditEntry, record};
