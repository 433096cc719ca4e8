//! The application's route table, in one place.

use actix_web::web;

use crate::web::router::{RouteInfo, Router};
use crate::{api, compat, portal};

/// The events ingest first, then the toolkit's own routes (health check, assets), every page,
/// the rest of the JSON API and the compatibility surfaces (Stripe's, CloudEvents). A request
/// is matched against the routes in this order, a path with a parameter by a regex: the ingest
/// came after 95 others (regex matching was 2 % of the server's CPU under live traffic). Its path
/// has no parameter, so no other request can match it: moving it changes no other route.
fn register(r: &mut Router<'_>) {
    api::register_ingest(r);
    crate::web::register(r);
    portal::register(r);
    api::register(r);
    compat::register(r);
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

/// The methods registered for the route patterns `path` matches (for 405 answers).
pub fn methods_for(path: &str) -> Vec<actix_web::http::Method> {
    use std::sync::OnceLock;
    static TABLE: OnceLock<Vec<(actix_web::dev::ResourceDef, actix_web::http::Method)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        registered()
            .into_iter()
            .map(|r| (actix_web::dev::ResourceDef::new(r.path), r.method))
            .collect()
    });
    let mut methods: Vec<actix_web::http::Method> = Vec::new();
    for (def, method) in table {
        if def.is_match(path) && !methods.contains(method) {
            methods.push(method.clone());
        }
    }
    methods
}
