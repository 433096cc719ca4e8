//! A panic in a handler, should one still happen, becomes a 500 (JSON or a page, as the client
//! wants) and a log line naming the route — never a dropped connection.

use std::panic::AssertUnwindSafe;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use futures_util::FutureExt;

use super::negotiate;
use crate::error::AppError;

/// Route middleware (inside routing, so that holding the request does not disturb matching).
pub async fn catch_panics(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let http_req = req.request().clone();
    match AssertUnwindSafe(next.call(req)).catch_unwind().await {
        Ok(res) => res.map(ServiceResponse::map_into_boxed_body),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let route = http_req
                .match_pattern()
                .unwrap_or_else(|| http_req.path().to_string());
            tracing::error!(method = %http_req.method(), route = %route, panic = %what, "handler panicked");
            let e = AppError::internal(format!("panic in {} {route}: {what}", http_req.method()));
            let res = negotiate::error_response(&http_req, e);
            Ok(ServiceResponse::new(http_req, res))
        }
    }
}

#[cfg(test)]
mod tests {
    use actix_web::middleware::from_fn;
    use actix_web::{App, HttpResponse, test, web};

    async fn boom() -> HttpResponse {
        let v: Vec<u8> = Vec::new();
        // Indexing past the end: the kind of slip that used to drop the connection.
        HttpResponse::Ok().body(v[v.len() + 1].to_string())
    }

    #[actix_web::test]
    async fn a_panicking_handler_answers_500_in_the_clients_flavour() {
        let app = test::init_service(
            App::new()
                .service(web::resource("/boom").wrap(from_fn(super::catch_panics)).to(boom))
                .service(
                    web::resource("/api/boom")
                        .wrap(from_fn(super::catch_panics))
                        .to(boom),
                ),
        )
        .await;
        let res = test::call_service(&app, test::TestRequest::get().uri("/boom").to_request()).await;
        assert_eq!(res.status(), 500);
        let body = test::read_body(res).await;
        assert!(String::from_utf8_lossy(&body).contains("Something went wrong on our side"));
        let res = test::call_service(&app, test::TestRequest::get().uri("/api/boom").to_request()).await;
        assert_eq!(res.status(), 500);
        let body: serde_json::Value = test::read_body_json(res).await;
        assert_eq!(body["error"]["code"], "internal");
    }
}
