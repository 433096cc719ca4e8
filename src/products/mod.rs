//! Usage-based products: meters with a price per unit and a free threshold.
//!
//! Other modules read products through [`repo::find`] and [`repo::meters_of`] (stable).

pub mod model;
pub mod repo;
pub mod service;
