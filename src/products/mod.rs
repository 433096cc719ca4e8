//! Usage-based products: meters, each with a price (a pricing model, see [`crate::billing`])
//! and a free threshold.
//!
//! Other modules read products through [`repo::find`] and [`repo::meters_of`] (stable).

pub mod form;
pub mod form_fields;
pub mod input;
pub mod model;
pub mod repo;
pub mod service;
