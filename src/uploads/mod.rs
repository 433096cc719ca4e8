//! CSV uploads of usage data: reading files, running them through the ingest pipeline, dry
//! runs, error files, rollback.

pub mod csv_file;
pub mod handlers;
pub mod model;
pub mod pages;
pub mod process;
pub mod repo;
pub mod service;

use crate::web::router::Router;

pub fn register(r: &mut Router<'_>) {
    r.get("/usage", handlers::list)
        .get("/uploads/new", handlers::new_form)
        .post("/uploads", handlers::create)
        .get("/uploads/{id}", handlers::show)
        .get("/uploads/{id}/errors.csv", handlers::errors_csv)
        .post("/uploads/{id}/commit", handlers::commit)
        .post("/uploads/{id}/rollback", handlers::rollback);
}
