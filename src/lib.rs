//! Meterdesk: a self-hosted usage-based billing admin portal.

pub mod analytics;
pub mod api;
pub mod audit;
pub mod auth;
pub mod billing;
pub mod charges;
pub mod cli;
pub mod compat;
pub mod config;
pub mod crypto;
pub mod csv_cell;
pub mod customers;
pub mod db;
pub mod error;
pub mod i18n;
pub mod ids;
pub mod ingest;
pub mod installation;
pub mod kept;
pub mod metering;
pub mod meters;
pub mod paging;
pub mod portal;
pub mod products;
pub mod routes;
pub mod state;
pub mod statements;
pub mod subscriptions;
pub mod text;
pub mod tz;
pub mod uploads;
pub mod validation;
pub mod web;

use std::net::TcpListener;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{Compress, DefaultHeaders, from_fn};
use actix_web::{App, HttpServer};

pub use config::Config;
pub use state::AppState;

/// Content-Security-Policy: no inline script, nothing from other origins.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// The application, exactly as `serve` runs it; tests build the same one.
pub fn build_app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(actix_web::web::Data::new(state))
        .app_data(actix_web::web::PathConfig::default().error_handler(|err, req| {
            web::negotiate::error_for(
                req,
                error::AppError::not_found(format!("There is nothing at this address ({err}).")),
            )
        }))
        .app_data(
            actix_web::web::JsonConfig::default()
                .limit(8 * 1024 * 1024)
                .error_handler(error::json_body_error),
        )
        .configure(routes::configure)
        .default_service(actix_web::web::to(not_found))
        .wrap(from_fn(web::writes::note_writes))
        .wrap(from_fn(web::gate::gate))
        // Outside the gate: its session lookup is part of the page view.
        .wrap(from_fn(web::lanes::by_request))
        // Outside the gate: its refusals under /stripe are answered in Stripe's shape too.
        .wrap(from_fn(compat::stripe::errors::translate))
        .wrap(
            DefaultHeaders::new()
                .add((header::CONTENT_SECURITY_POLICY, CSP))
                .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .add((header::REFERRER_POLICY, "same-origin"))
                .add((header::X_FRAME_OPTIONS, "DENY")),
        )
        // Whole bodies are gzipped here, in place; `Compress` is left the streamed ones.
        .wrap(from_fn(web::gzip::whole_bodies))
        .wrap(Compress::default())
}

/// No route answers this request: 405 with `Allow` when the path exists for other methods,
/// else 404 — JSON for API clients, a page for browsers.
async fn not_found(req: actix_web::HttpRequest) -> actix_web::HttpResponse {
    let allowed = routes::methods_for(req.path());
    if !allowed.is_empty() && !allowed.contains(req.method()) {
        let names: Vec<&str> = allowed.iter().map(|m| m.as_str()).collect();
        let e = error::AppError::MethodNotAllowed(format!(
            "{} is not allowed on {}; use {}.",
            req.method(),
            req.path(),
            names.join(" or ")
        ));
        let mut res = web::negotiate::error_response(&req, e);
        if let Ok(v) = header::HeaderValue::from_str(&names.join(", ")) {
            res.headers_mut().insert(header::ALLOW, v);
        }
        return res;
    }
    let e = error::AppError::not_found("There is no page at this address.");
    web::negotiate::error_response(&req, e)
}

/// Starts the HTTP server on an already bound listener.
pub fn start_server(state: AppState, listener: TcpListener) -> std::io::Result<Server> {
    // Folds what ingests queue into the rollups, for as long as the process serves.
    actix_web::rt::spawn(meters::rollups::pace::run_forever(state.pool.clone()));
    // Closes ended billing cycles into statements, at start and every minute.
    actix_web::rt::spawn(statements::closer::run_forever(
        state.pool.clone(),
        state.config.close_grace_minutes,
    ));
    let server = HttpServer::new(move || build_app(state.clone()))
        // Without it, Nagle's algorithm and the client's delayed ACK hold the last segment of
        // a streamed (gzip) response for ~40 ms.
        .tcp_nodelay(true)
        .listen(listener)?
        .run();
    Ok(server)
}
