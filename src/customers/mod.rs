//! Customers: pages and API.

pub mod handlers;
pub mod model;
pub mod pages;
pub mod repo;
pub mod service;

use crate::web::router::Router;

pub fn register(r: &mut Router<'_>) {
    r.get("/customers", handlers::list)
        .get("/customers/new", handlers::new_form)
        .get("/customers/options", handlers::options)
        .post("/customers", handlers::create)
        .get("/customers/{id}", handlers::show)
        .get("/customers/{id}/edit", handlers::edit_form)
        .post("/customers/{id}", handlers::update);
}
