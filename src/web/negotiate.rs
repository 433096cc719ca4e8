//! Who is asking, a program or a person: API paths, requests that carry `Authorization: Bearer`
//! and requests that accept only JSON get JSON errors; browsers get an HTML page.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, ResponseError};

use crate::error::{ApiError, AppError};

/// Whether `path` is under a JSON API: the native one (`/api`) or Stripe's (`/stripe`).
pub fn is_api_path(path: &str) -> bool {
    ["/api", "/stripe"].iter().any(|root| {
        path.strip_prefix(root)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// Whether the request carries `Authorization: Bearer …` (an API client, wherever it points).
pub fn has_bearer(headers: &header::HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.get(..7))
        .is_some_and(|p| p.eq_ignore_ascii_case("bearer "))
}

/// Whether the `Accept` header asks for JSON and not for HTML.
pub fn accepts_only_json(headers: &header::HeaderMap) -> bool {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let accept = accept.to_ascii_lowercase();
    accept.contains("json") && !accept.contains("html") && !accept.contains("*/*")
}

/// Whether errors for this request should be JSON.
pub fn wants_json(path: &str, headers: &header::HeaderMap) -> bool {
    is_api_path(path) || has_bearer(headers) || accepts_only_json(headers)
}

/// The error, rendered the way this request wants it.
pub fn error_response(req: &HttpRequest, e: AppError) -> HttpResponse {
    if wants_json(req.path(), req.headers()) {
        ApiError(e).error_response()
    } else {
        e.error_response()
    }
}

/// The error as an `actix_web::Error` rendered the way this request wants it (for extractors).
pub fn error_for(req: &HttpRequest, e: AppError) -> actix_web::Error {
    if wants_json(req.path(), req.headers()) {
        ApiError(e).into()
    } else {
        e.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderMap, HeaderValue};

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn api_clients_are_recognised() {
        assert!(wants_json("/api/v1/x", &HeaderMap::new()));
        assert!(!wants_json("/apiary", &HeaderMap::new()));
        assert!(wants_json("/stripe/v1/customers", &HeaderMap::new()));
        assert!(wants_json("/stripe", &HeaderMap::new()));
        assert!(!wants_json("/striped", &HeaderMap::new()));
        assert!(wants_json(
            "/events/ingest",
            &headers(&[(header::AUTHORIZATION, "Bearer k")])
        ));
        assert!(wants_json(
            "/meters",
            &headers(&[(header::AUTHORIZATION, "bearer k")])
        ));
        assert!(!wants_json(
            "/meters",
            &headers(&[(header::AUTHORIZATION, "Basic k")])
        ));
        assert!(wants_json(
            "/meters",
            &headers(&[(header::ACCEPT, "application/json")])
        ));
        assert!(!wants_json(
            "/meters",
            &headers(&[(header::ACCEPT, "text/html,application/json;q=0.9")])
        ));
        assert!(!wants_json("/meters", &headers(&[(header::ACCEPT, "*/*")])));
    }
}
