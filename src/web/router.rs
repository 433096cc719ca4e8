//! Route registration that also records what it registers, so tests can walk every route
//! the application really serves.

use actix_web::http::Method;
use actix_web::middleware::from_fn;
use actix_web::{FromRequest, Handler, Responder, guard, web};

/// One registered route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: Method,
    pub path: &'static str,
}

pub struct Router<'a> {
    cfg: &'a mut web::ServiceConfig,
    seen: Vec<RouteInfo>,
}

impl<'a> Router<'a> {
    pub fn new(cfg: &'a mut web::ServiceConfig) -> Self {
        Router {
            cfg,
            seen: Vec::new(),
        }
    }

    pub fn route<F, Args>(&mut self, method: Method, path: &'static str, handler: F) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        // One resource per (method, path), guarded by the method as `ServiceConfig::route`
        // does, so that the other methods of a path fall through to the next resource.
        self.cfg.service(
            web::resource(path)
                .guard(guard::Method(method.clone()))
                .wrap(from_fn(super::panics::catch_panics))
                .route(web::route().to(handler)),
        );
        self.seen.push(RouteInfo { method, path });
        self
    }

    pub fn get<F, Args>(&mut self, path: &'static str, handler: F) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.route(Method::GET, path, handler)
    }

    pub fn post<F, Args>(&mut self, path: &'static str, handler: F) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.route(Method::POST, path, handler)
    }

    pub fn patch<F, Args>(&mut self, path: &'static str, handler: F) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.route(Method::PATCH, path, handler)
    }

    pub fn delete<F, Args>(&mut self, path: &'static str, handler: F) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.route(Method::DELETE, path, handler)
    }

    pub fn into_routes(self) -> Vec<RouteInfo> {
        self.seen
    }
}
