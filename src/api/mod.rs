//! The native JSON API under `/api/v1` (also the surface Dodo Payments' SDK talks to): thin
//! adapters that translate shapes and call the same services as the portal's pages.

pub mod corrections;
pub mod customers;
pub mod event_batch;
pub mod event_reads;
pub mod events;
pub mod list;
pub mod me;
pub mod meter_json;
pub mod meters;
pub mod params;
pub mod products;
pub mod statements;
pub mod subscription_json;
pub mod subscriptions;
pub mod uploads;
pub mod usage;

use crate::web::router::Router;

/// The events ingest, the hottest route, registered before every other (see `routes`).
pub fn register_ingest(r: &mut Router<'_>) {
    r.post("/api/v1/events/ingest", events::ingest);
}

pub fn register(r: &mut Router<'_>) {
    r.get("/api/v1/me", me::me)
        .post("/api/v1/customers", customers::create)
        .get("/api/v1/customers", customers::list)
        .get("/api/v1/customers/{id}", customers::get)
        .patch("/api/v1/customers/{id}", customers::patch)
        .post("/api/v1/meters", meters::create)
        .get("/api/v1/meters", meters::list)
        .get("/api/v1/meters/{id}", meters::get)
        .patch("/api/v1/meters/{id}", meters::patch)
        .delete("/api/v1/meters/{id}", meters::archive)
        .post("/api/v1/meters/{id}/unarchive", meters::unarchive)
        .post("/api/v1/products", products::create)
        .get("/api/v1/products", products::list)
        .get("/api/v1/products/{id}", products::get)
        .post("/api/v1/subscriptions", subscriptions::create)
        .get("/api/v1/subscriptions/{id}", subscriptions::get)
        .get("/api/v1/subscriptions/{id}/usage", subscriptions::usage)
        .get(
            "/api/v1/subscriptions/{id}/usage-history",
            subscriptions::usage_history,
        )
        .get("/api/v1/subscriptions/{id}/statements", statements::list)
        .post("/api/v1/statements/close", statements::close)
        .get("/api/v1/statements/{id}", statements::get)
        .get("/api/v1/events", event_reads::list)
        .get("/api/v1/events/{event_id}", event_reads::get)
        .post("/api/v1/events/{event_id}/void", corrections::void_event)
        .post("/api/v1/uploads", uploads::create)
        .get("/api/v1/uploads/{id}", uploads::get)
        .get("/api/v1/uploads/{id}/errors.csv", uploads::errors_csv)
        .get("/api/v1/usage/export.csv", usage::export);
}
