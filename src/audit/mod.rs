//! Append-only log of operator actions: who changed what, when.

pub mod handlers;
pub mod repo;

pub use repo::{AuditEntry, record};
