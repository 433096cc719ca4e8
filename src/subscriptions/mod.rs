//! Subscriptions: customers on usage-based products.

pub mod model;
pub mod repo;
pub mod service;
