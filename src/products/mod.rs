//! Usage-based products: meters with a price per unit and a free threshold.
//!
//! Other modules read products through [`repo::find`] and [`repo::meters_of`] (stable).

pub mod handlers;
pub mod model;
pub mod pages;
pub mod repo;
pub mod service;

use crate::web::router::Router;

pub fn register(r: &mut Router<'_>) {
    r.get("/products", handlers::list)
        .get("/products/new", handlers::new_form)
        .post("/products", handlers::create)
        .get("/products/{id}", handlers::show)
        .get("/products/{id}/edit", handlers::edit_form)
        .post("/products/{id}", handlers::update);
}
