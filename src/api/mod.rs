//! The native JSON API under `/api/v1`.

pub mod list;
