//! Subscriptions: customers on usage-based products.

pub mod handlers;
pub mod model;
pub mod repo;
pub mod service;
pub mod usage;

use crate::web::router::Router;

pub fn register(r: &mut Router<'_>) {
    r.post("/customers/{id}/subscriptions", handlers::create)
        .post("/subscriptions/{id}/end", handlers::end);
}
