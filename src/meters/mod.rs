//! Meters: pages (with the filter builder) and API.

pub mod bench;
pub mod builder;
pub mod form;
pub mod handlers;
pub mod model;
pub mod pages;
pub mod preview;
pub mod repo;
pub mod service;

use crate::web::router::Router;

pub fn register(r: &mut Router<'_>) {
    r.get("/meters", handlers::list)
        .get("/meters/new", handlers::new_form)
        .post("/meters", handlers::create)
        .get("/meters/{id}", handlers::show)
        .get("/meters/{id}/edit", handlers::edit_form)
        .post("/meters/{id}", handlers::update)
        .post("/meters/{id}/archive", handlers::archive)
        .post("/meters/{id}/unarchive", handlers::unarchive)
        .post("/meters/{id}/usage", handlers::record_usage)
        .get("/meters/{id}/template.csv", handlers::template)
        .get("/meters/{id}/stream", handlers::stream)
        .get("/meters/{id}/test", handlers::test_stored)
        .post("/meters/{id}/test", handlers::test_pasted);
}
