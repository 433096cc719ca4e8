//! Stripe's error shape, `{"error": {"type", "code", "message", "param"}}`, for every answer
//! under `/stripe` — whatever layer refused the request (the gate's 401, a body too large, an
//! unknown path), not only the surface's handlers. Stripe's SDKs pick the exception by status
//! (400/404 `InvalidRequestError`, 401 `AuthenticationError`, 403 `PermissionError`, 429
//! `RateLimitError`, anything else `APIError`) and read `param` and `code` from the body, so:
//! validation and state errors are 400 (never 409 or 422), every 4xx says
//! `Stripe-Should-Retry: false`, and every answer carries a `Request-Id`.

use actix_web::body::{BoxBody, MessageBody, to_bytes_limited};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{StatusCode, Uri, header};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, ResponseError};
use serde_json::{Value, json};

use crate::db::{Failure, Unavailable};
use crate::error::AppError;

/// The path every answer of the surface is under.
pub const ROOT: &str = "/stripe";

/// Whether `path` is under the Stripe surface.
pub fn is_stripe_path(path: &str) -> bool {
    path.strip_prefix(ROOT)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// A refusal in Stripe's shape.
#[derive(Debug, Clone, PartialEq)]
pub struct StripeError {
    pub status: StatusCode,
    /// `invalid_request_error`, `api_error`, `idempotency_error`, `temporary_session_expired`.
    pub kind: &'static str,
    pub code: Option<String>,
    pub message: String,
    /// The parameter at fault, as the request named it (`payload[stripe_customer_id]`,
    /// `events[3].payload`).
    pub param: Option<String>,
}

impl std::fmt::Display for StripeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl StripeError {
    /// 400 `invalid_request_error` with a code and, when one is at fault, the parameter.
    pub fn invalid(code: &str, message: impl Into<String>, param: Option<&str>) -> Self {
        StripeError {
            status: StatusCode::BAD_REQUEST,
            kind: "invalid_request_error",
            code: Some(code.to_string()),
            message: message.into(),
            param: param.map(str::to_string),
        }
    }

    /// 400 `parameter_missing`.
    pub fn missing(param: &str) -> Self {
        Self::invalid(
            "parameter_missing",
            format!("Missing required param: {param}."),
            Some(param),
        )
    }

    /// 404 `resource_missing`.
    pub fn not_found(message: impl Into<String>, param: &str) -> Self {
        StripeError {
            status: StatusCode::NOT_FOUND,
            code: Some("resource_missing".into()),
            ..Self::invalid("", message, Some(param))
        }
    }

    /// 401 with a type and code of its own.
    pub fn unauthorized(kind: &'static str, code: &str, message: impl Into<String>) -> Self {
        StripeError {
            status: StatusCode::UNAUTHORIZED,
            kind,
            code: Some(code.to_string()),
            message: message.into(),
            param: None,
        }
    }

    fn body(&self) -> Value {
        json!({ "error": {
            "type": self.kind,
            "code": self.code,
            "message": self.message,
            "param": self.param,
        }})
    }
}

/// The native error's field as Stripe names parameters: the gate names a form field or query
/// parameter with a prefix ("form field payload[x]").
fn param_of(field: &str) -> String {
    let field = field
        .strip_prefix("form field ")
        .or_else(|| field.strip_prefix("query parameter "))
        .unwrap_or(field);
    field.trim_matches('"').to_string()
}

impl From<AppError> for StripeError {
    fn from(e: AppError) -> Self {
        let message = match &e {
            AppError::Unavailable(_) => "The database is not answering right now. Send the same request again in a few seconds: a resend is safe, meter events are recognised by their identifier and counted once.".to_string(),
            other => other.public_message(),
        };
        let (status, kind, code, param) = match &e {
            AppError::NotFound(_) => (
                StatusCode::NOT_FOUND,
                "invalid_request_error",
                Some("resource_missing"),
                None,
            ),
            AppError::Validation { field, .. }
            | AppError::InvalidParameter { field, .. }
            | AppError::InvalidText { field, .. } => (
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                Some(if matches!(e, AppError::InvalidText { .. }) {
                    "invalid_text"
                } else {
                    "parameter_invalid"
                }),
                Some(param_of(field)),
            ),
            AppError::BadRequest(_) => (
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                Some("invalid_request"),
                None,
            ),
            // Stripe answers state errors with 400; its SDKs would retry a 409.
            AppError::Conflict(_) => (
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                Some("conflict"),
                None,
            ),
            AppError::TooManyRequests { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "invalid_request_error",
                Some("rate_limit"),
                None,
            ),
            AppError::Unavailable(_) | AppError::Internal(_) => (e.status_code(), "api_error", None, None),
            other => (
                other.status_code(),
                "invalid_request_error",
                Some(other.code()),
                None,
            ),
        };
        // The details of a 5xx go to the log; the client reads `message`.
        match &e {
            AppError::Internal(detail) => tracing::error!(detail = %detail, "internal error"),
            AppError::Unavailable(detail) => tracing::warn!(detail = %detail, "database unavailable"),
            _ => {}
        }
        StripeError {
            status,
            kind,
            code: code.map(str::to_string),
            message,
            param,
        }
    }
}

impl From<diesel::result::Error> for StripeError {
    fn from(e: diesel::result::Error) -> Self {
        AppError::from(e).into()
    }
}

impl From<Unavailable> for StripeError {
    fn from(u: Unavailable) -> Self {
        AppError::from(u).into()
    }
}

impl From<Failure<StripeError>> for StripeError {
    fn from(f: Failure<StripeError>) -> Self {
        match f {
            Failure::Query(e) => e,
            Failure::Unavailable(u) => u.into(),
            Failure::ConnectionLost(e) => {
                AppError::Unavailable(format!("the connection was lost; the work failed with: {e}")).into()
            }
            Failure::Panicked(m) => AppError::Internal(format!("database work panicked: {m}")).into(),
        }
    }
}

impl ResponseError for StripeError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status);
        if self.status.is_server_error() {
            res.insert_header((
                header::RETRY_AFTER,
                crate::error::UNAVAILABLE_RETRY_AFTER_SECS.to_string(),
            ));
        }
        res.json(self.body())
    }
}

/// A native JSON error body (`{"error": {"code", "message", "field"?}}`) as Stripe's.
fn translated(status: StatusCode, body: &[u8]) -> (StatusCode, Value) {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let error = parsed
        .as_ref()
        .and_then(|v| v.get("error"))
        .filter(|e| e.is_object());
    if let Some(e) = error.filter(|e| e.get("type").is_some()) {
        return (status, json!({ "error": e }));
    }
    let text = |k: &str| {
        error
            .and_then(|e| e.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let message = text("message").unwrap_or_else(|| {
        status
            .canonical_reason()
            .unwrap_or("The request could not be answered")
            .to_string()
    });
    let native = text("code");
    let (status, code) = match (status, native.as_deref()) {
        // Stripe's SDKs read param and code from 400s only: a validation error is a 400 there.
        (StatusCode::UNPROCESSABLE_ENTITY, _) => {
            (StatusCode::BAD_REQUEST, Some("parameter_invalid".to_string()))
        }
        (StatusCode::CONFLICT, _) => (StatusCode::BAD_REQUEST, native),
        (StatusCode::NOT_FOUND, _) => (status, Some("resource_missing".to_string())),
        (StatusCode::TOO_MANY_REQUESTS, _) => (status, Some("rate_limit".to_string())),
        _ => (status, native),
    };
    let kind = if status.is_server_error() {
        "api_error"
    } else {
        "invalid_request_error"
    };
    let param = text("field").map(|f| param_of(&f));
    (
        status,
        json!({ "error": { "type": kind, "code": code, "message": message, "param": param } }),
    )
}

/// A path with its runs of slashes made one (`/stripe//v1/…`: a base URL with a trailing slash).
fn collapse_slashes(req: &mut ServiceRequest) {
    let path = req.path();
    if !path.contains("//") {
        return;
    }
    let mut clean = String::with_capacity(path.len());
    for ch in path.chars() {
        if !(ch == '/' && clean.ends_with('/')) {
            clean.push(ch);
        }
    }
    let with_query = match req.query_string() {
        "" => clean,
        q => format!("{clean}?{q}"),
    };
    if let Ok(uri) = with_query.parse::<Uri>() {
        req.match_info_mut().get_mut().update(&uri);
        req.head_mut().uri = uri;
    }
}

/// The answer to anything under `/stripe`: errors in Stripe's shape, with its headers.
pub async fn translate(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let raw_path = req.path().to_string();
    if !is_stripe_path(&raw_path) && !raw_path.starts_with("/stripe//") {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    collapse_slashes(&mut req);
    // No clone of the request may live across the call: the gate needs it unshared.
    let res = next.call(req).await?.map_into_boxed_body();
    let status = res.status();
    let res = if status.is_client_error() || status.is_server_error() {
        let (http_req, res) = res.into_parts();
        let (head, body) = res.into_parts();
        let bytes = match to_bytes_limited(body, 64 * 1024).await {
            Ok(Ok(b)) => b,
            _ => Default::default(),
        };
        let (status, body) = translated(status, &bytes);
        let mut out = HttpResponse::build(status);
        for name in [header::RETRY_AFTER, header::ALLOW] {
            if let Some(v) = head.headers().get(&name) {
                out.insert_header((name, v.clone()));
            }
        }
        if status.is_client_error() {
            out.insert_header(("Stripe-Should-Retry", "false"));
        }
        ServiceResponse::new(http_req, out.json(body))
    } else {
        res
    };
    let mut res = res;
    if let Ok(v) = header::HeaderValue::from_str(&crate::ids::new_id("req")) {
        res.headers_mut()
            .insert(header::HeaderName::from_static("request-id"), v);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_errors_become_stripe_errors() {
        let (status, body) = translated(
            StatusCode::UNPROCESSABLE_ENTITY,
            br#"{"error": {"code": "validation_failed", "message": "m", "field": "form field payload[x]"}}"#,
        );
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["error"]["type"], "invalid_request_error");
        assert_eq!(body["error"]["code"], "parameter_invalid");
        assert_eq!(body["error"]["param"], "payload[x]");
        let (status, body) = translated(
            StatusCode::UNAUTHORIZED,
            br#"{"error": {"code": "unauthorized", "message": "key"}}"#,
        );
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("unauthorized"))
        );
        assert_eq!(body["error"]["message"], "key");
        let (status, body) = translated(
            StatusCode::CONFLICT,
            br#"{"error": {"code": "conflict", "message": "x"}}"#,
        );
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["error"]["code"], "conflict");
        let (_, body) = translated(StatusCode::NOT_FOUND, b"<html>");
        assert_eq!(body["error"]["code"], "resource_missing");
        assert_eq!(body["error"]["message"], "Not Found");
        let (status, body) = translated(
            StatusCode::SERVICE_UNAVAILABLE,
            br#"{"error": {"code": "unavailable", "message": "later"}}"#,
        );
        assert_eq!(
            (status, body["error"]["type"].as_str()),
            (StatusCode::SERVICE_UNAVAILABLE, Some("api_error"))
        );
        // Already in Stripe's shape: kept.
        let (_, body) = translated(
            StatusCode::BAD_REQUEST,
            br#"{"error": {"type": "invalid_request_error", "code": "x", "message": "m", "param": "p"}}"#,
        );
        assert_eq!(body["error"]["param"], "p");
    }

    #[test]
    fn stripe_paths() {
        assert!(is_stripe_path("/stripe/v1/customers"));
        assert!(is_stripe_path("/stripe"));
        assert!(!is_stripe_path("/striped/x"));
        assert_eq!(param_of("query parameter created[gte]"), "created[gte]");
        assert_eq!(param_of("form field \"na\\u{1}me\""), "na\\u{1}me");
    }
}
