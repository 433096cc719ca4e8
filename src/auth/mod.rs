//! Operators, sessions, CSRF, roles, login throttling, API keys, and the short-lived tokens of
//! Stripe's meter event stream.

pub mod model;
pub mod password;
pub mod preferences;
pub mod repo;
pub mod service;
pub mod stream_tokens;
