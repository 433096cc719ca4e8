//! The application's route table, in one place.

use actix_web::web;

use crate::web::router::{RouteInfo, Router};
use crate::{
    analytics, audit, auth, customers, ingest, meters, products, subscriptions, uploads, web as portal,
};

fn register(r: &mut Router<'_>) {
    portal::register(r);
    auth::register(r);
    audit::handlers::register(r);
    customers::register(r);
    meters::register(r);
    products::register(r);
    subscriptions::register(r);
    ingest::register(r);
    uploads::register(r);
    analytics::register(r);
}

/// Adds every route to an actix app.
pub fn configure(cfg: &mut web::ServiceConfig) {
    let mut r = Router::new(cfg);
    register(&mut r);
}

/// Every registered route, as the app registers it (for tests that walk them all).
pub fn registered() -> Vec<RouteInfo> {
    let mut routes = Vec::new();
    let _ = actix_web::App::new().configure(|cfg| {
        let mut r = Router::new(cfg);
        register(&mut r);
        routes = r.into_routes();
    });
    routes
}
