//! Operators, sessions, CSRF, roles, login throttling and API keys.

pub mod model;
pub mod password;
pub mod repo;
pub mod service;
