//! Puts an operator's page views in the database's page lane ([`crate::db::lanes`]): a GET or
//! HEAD outside the JSON APIs, from a browser (no bearer token). Everything else is a request.

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;

use super::negotiate::{has_bearer, is_api_path};
use crate::db::lanes::{self, Lane};

pub async fn by_request(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let page_view = matches!(*req.method(), Method::GET | Method::HEAD)
        && !is_api_path(req.path())
        && !has_bearer(req.headers());
    let lane = if page_view { Lane::Pages } else { Lane::Requests };
    lanes::scope(lane, next.call(req)).await
}
