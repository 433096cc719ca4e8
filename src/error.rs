//! Errors that end a request. `AppError` renders as an HTML page (in the operator's language:
//! `web::error_page`); `ApiError` wraps the same error and renders as
//! `{"error": {"code", "message"}}`. 5xx details are logged, never shown.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};

use crate::db;

/// Seconds a client is asked to wait before resending when the database is unavailable.
pub const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 2;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    /// A field failed validation: names the field and what to fix.
    #[error("{field}: {message}")]
    Validation { field: String, message: String },
    /// A query or form parameter that cannot be read: 400, naming it.
    #[error("{message}")]
    InvalidParameter { field: String, message: String },
    /// Text that cannot be stored or makes no sense where it was sent (a NUL, a control
    /// character in a name); `message` names the field.
    #[error("{message}")]
    InvalidText { field: String, message: String },
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{message}")]
    TooManyRequests { message: String, retry_after_secs: u64 },
    #[error("the database is unavailable")]
    Unavailable(String),
    #[error("internal error")]
    Internal(String),
}

impl AppError {
    pub fn not_found(what: impl Into<String>) -> Self {
        AppError::NotFound(what.into())
    }
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Validation {
            field: field.into(),
            message: message.into(),
        }
    }
    /// The text of `field` was refused by the rule in [`crate::text`].
    pub fn invalid_text(field: impl Into<String>, e: &crate::text::TextError) -> Self {
        let field = field.into();
        AppError::InvalidText {
            message: e.for_field(&field),
            field,
        }
    }
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        AppError::Internal(detail.to_string())
    }

    /// A short machine-readable code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound(_) => "not_found",
            AppError::BadRequest(_) => "bad_request",
            AppError::Validation { .. } => "validation_failed",
            AppError::InvalidParameter { .. } => "invalid_parameter",
            AppError::InvalidText { .. } => "invalid_text",
            AppError::Conflict(_) => "conflict",
            AppError::MethodNotAllowed(_) => "method_not_allowed",
            AppError::Forbidden(_) => "forbidden",
            AppError::Unauthorized(_) => "unauthorized",
            AppError::PayloadTooLarge(_) => "payload_too_large",
            AppError::UnsupportedMediaType(_) => "unsupported_media_type",
            AppError::TooManyRequests { .. } => "rate_limited",
            AppError::Unavailable(_) => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    /// What the user may read: 5xx errors say nothing about their cause.
    pub fn public_message(&self) -> String {
        match self {
            AppError::Internal(_) => {
                "Something went wrong on our side. The details are in the server log.".into()
            }
            AppError::Unavailable(_) => "The database is not answering. Try again in a moment.".into(),
            other => other.to_string(),
        }
    }

    /// The HTTP status this error ends a request with (HTML or JSON).
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::InvalidParameter { .. } => StatusCode::BAD_REQUEST,
            AppError::InvalidText { .. } => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// When the client may try again: after a rate limit, or an outage.
    pub(crate) fn retry_after_secs(&self) -> Option<u64> {
        match self {
            AppError::TooManyRequests { retry_after_secs, .. } => Some(*retry_after_secs),
            AppError::Unavailable(_) => Some(UNAVAILABLE_RETRY_AFTER_SECS),
            _ => None,
        }
    }

    pub(crate) fn log_if_server_error(&self) {
        match self {
            AppError::Internal(detail) => tracing::error!(detail = %detail, "internal error"),
            AppError::Unavailable(detail) => tracing::warn!(detail = %detail, "database unavailable"),
            _ => {}
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AppError::NotFound("Not found.".into()),
            // The server went away under the statement: an outage, not a bug.
            lost if db::is_connection_failure(&lost) => AppError::Unavailable(format!("database: {lost}")),
            other => AppError::Internal(format!("database: {other}")),
        }
    }
}

/// How `db::run` failed: an outage (no connection in time, or the connection died under the
/// work) is `Unavailable`, the work's own error keeps its meaning, a panic is a bug.
impl<E: Into<AppError>> From<db::Failure<E>> for AppError {
    fn from(f: db::Failure<E>) -> Self {
        match f {
            db::Failure::Unavailable(e) => AppError::Unavailable(e.0),
            db::Failure::ConnectionLost(e) => match e.into() {
                unavailable @ AppError::Unavailable(_) => unavailable,
                other => AppError::Unavailable(format!(
                    "the connection was lost; the work failed with: {other:?}"
                )),
            },
            db::Failure::Query(e) => e.into(),
            db::Failure::Panicked(message) => {
                AppError::Internal(format!("database work panicked: {message}"))
            }
        }
    }
}

impl<E: Into<AppError>> From<db::Failure<E>> for ApiError {
    fn from(f: db::Failure<E>) -> Self {
        ApiError(f.into())
    }
}

impl From<db::Unavailable> for AppError {
    fn from(e: db::Unavailable) -> Self {
        AppError::Unavailable(e.0)
    }
}

/// What an API client reads during an outage: when to come back, and that resending is safe.
const UNAVAILABLE_API_MESSAGE: &str = "The database is not answering right now. Send the same request again in a few \
seconds (see Retry-After): a resend is always safe, events already stored are recognised by their event_id and \
counted once.";

/// The same errors, rendered as JSON for `/api/v1`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        ApiError(e.into())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.0.status_code()
    }

    fn error_response(&self) -> HttpResponse {
        self.0.log_if_server_error();
        let message = match &self.0 {
            AppError::Unavailable(_) => UNAVAILABLE_API_MESSAGE.to_string(),
            other => other.public_message(),
        };
        let mut error = serde_json::json!({
            "code": self.0.code(),
            "message": message,
        });
        if let AppError::Validation { field, .. }
        | AppError::InvalidParameter { field, .. }
        | AppError::InvalidText { field, .. } = &self.0
        {
            error["field"] = serde_json::Value::String(field.clone());
        }
        let mut res = HttpResponse::build(self.status_code());
        if let Some(secs) = self.0.retry_after_secs() {
            res.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if !retry_can_help(self.status_code()) {
            res.insert_header(no_retry());
        }
        res.json(serde_json::json!({ "error": error }))
    }
}

/// Whether sending the same request again may succeed: after a timeout, a rate limit or a
/// server-side failure. Any other 4xx answers the same way until the request changes.
pub fn retry_can_help(status: StatusCode) -> bool {
    status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || status.is_server_error()
}

/// `x-should-retry: false`: tells SDKs that retry some statuses on their own (Dodo Payments'
/// and Stripe's retry every 409) that a resend would be answered the same.
pub fn no_retry() -> (&'static str, &'static str) {
    ("x-should-retry", "false")
}

pub type AppResult<T> = Result<T, AppError>;
pub type ApiResult<T> = Result<T, ApiError>;

/// Turns a JSON body the API could not read into a JSON error: 413 past the size limit, 400
/// for malformed JSON (serde's message carries the line and column), 422 for well-formed
/// JSON of the wrong shape, 415 for another content type.
pub fn json_body_error(
    err: actix_web::error::JsonPayloadError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as E;
    let app = match &err {
        E::OverflowKnownLength { limit, .. } | E::Overflow { limit } => AppError::PayloadTooLarge(format!(
            "The request body is larger than {limit} bytes. Send fewer items per request."
        )),
        E::ContentType => AppError::UnsupportedMediaType(
            "Send the body as JSON with the header Content-Type: application/json.".into(),
        ),
        E::Deserialize(e) if e.is_data() => {
            AppError::validation("body", format!("The JSON does not have the expected shape: {e}"))
        }
        E::Deserialize(e) => AppError::BadRequest(format!("The body is not valid JSON: {e}")),
        other => AppError::BadRequest(format!("The body could not be read: {other}")),
    };
    ApiError(app).into()
}
