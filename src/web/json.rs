//! The API's JSON body extractor. [`ApiJson<T>`] reads the body with a cap on its inflated size
//! ([`super::body`]), requires a JSON content type, parses it, checks all its text with the one
//! text rule ([`crate::text::check_json`]) and only then builds `T`. Every refusal is a JSON
//! error naming what to fix: 413 too large, 415 not JSON (or an unknown Content-Encoding), 400
//! malformed JSON (with its line and column) or refused text (`invalid_text`, naming the
//! field's path), 422 well-formed JSON of the wrong shape (naming the field).
//!
//! [`JsonBytes`] is the same read with neither parse nor text check, for the events ingest
//! handler: a batch must not be refused whole because one event holds a NUL (its pipeline
//! checks each event on its own), and a clean batch is read without a JSON tree; the handler
//! parses with [`parse`] what it does not read that way.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{ApiError, AppError};

/// The largest JSON body, after decompression.
pub const JSON_LIMIT: usize = 8 * 1024 * 1024;

/// A JSON body, checked and deserialized into `T`.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T> ApiJson<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for ApiJson<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// A JSON body's bytes (content type checked, size capped), neither parsed nor checked (see
/// the module documentation).
#[derive(Debug)]
pub struct JsonBytes(pub actix_web::web::Bytes);

type Extracting<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = ApiError;
    type Future = Extracting<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let payload = payload.take();
        Box::pin(async move {
            let value = read_value(&req, payload).await?;
            check_text(&value)?;
            Ok(ApiJson(deserialize(value)?))
        })
    }
}

impl FromRequest for JsonBytes {
    type Error = ApiError;
    type Future = Extracting<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let payload = payload.take();
        Box::pin(async move { Ok(JsonBytes(read_bytes(&req, payload).await?)) })
    }
}

/// `application/json`, or any `application/*+json` (e.g. CloudEvents).
pub fn is_json(req: &HttpRequest) -> bool {
    let Some(ct) = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.split_once('/') {
        Some(("application", sub)) => sub == "json" || sub.ends_with("+json"),
        _ => false,
    }
}

/// Reads the capped body and parses it.
async fn read_value(req: &HttpRequest, payload: Payload) -> Result<Value, AppError> {
    parse(&read_bytes(req, payload).await?)
}

/// Reads the capped body of a JSON request.
async fn read_bytes(req: &HttpRequest, payload: Payload) -> Result<actix_web::web::Bytes, AppError> {
    if !is_json(req) {
        return Err(AppError::UnsupportedMediaType(
            "Send the body as JSON with the header Content-Type: application/json.".into(),
        ));
    }
    super::body::read(req, payload, JSON_LIMIT).await
}

/// Parses JSON text; a syntax error names its line and column.
pub fn parse(bytes: &[u8]) -> Result<Value, AppError> {
    serde_json::from_slice(bytes)
        .map_err(|e| AppError::BadRequest(format!("The body is not valid JSON: {e}.")))
}

/// Refuses NUL anywhere and control characters in keys (and, outside tabs and line breaks, in
/// values), naming the field's path.
pub fn check_text(value: &Value) -> Result<(), AppError> {
    crate::text::check_json(value, &[]).map_err(|(path, e)| AppError::invalid_text(path, &e))
}

/// Builds `T` from checked JSON; a wrong shape is a 422 naming the field.
pub fn deserialize<T: DeserializeOwned>(value: Value) -> Result<T, AppError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let inner = e.inner().to_string();
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        // serde reports a missing field at its parent: name the field itself.
        let missing = inner
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next());
        let field = match (missing, path.is_empty()) {
            (Some(m), true) => m.to_string(),
            (Some(m), false) => format!("{path}.{m}"),
            (None, true) => "body".to_string(),
            (None, false) => path,
        };
        AppError::validation(
            field,
            format!("{inner} (the JSON does not have the expected shape)"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Line {
        meter_id: String,
        price: u32,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Product {
        name: String,
        meters: Vec<Line>,
    }

    fn field_of(e: AppError) -> String {
        match e {
            AppError::Validation { field, .. } => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_wrong_shape_names_the_field() {
        let e = deserialize::<Product>(json!({"name": "p", "meters": [{"meter_id": "m", "price": "x"}]}))
            .unwrap_err();
        assert_eq!(field_of(e), "meters[0].price");
        let e = deserialize::<Product>(json!({"name": "p", "meters": [{"meter_id": "m"}]})).unwrap_err();
        assert_eq!(field_of(e), "meters[0].price");
        let e = deserialize::<Product>(json!({"meters": []})).unwrap_err();
        assert_eq!(field_of(e), "name");
        let e = deserialize::<Product>(json!("text")).unwrap_err();
        assert_eq!(field_of(e), "body");
    }

    #[test]
    fn malformed_json_names_line_and_column_and_text_names_the_path() {
        match parse(b"{\n  \"a\": }") {
            Err(AppError::BadRequest(m)) => assert!(m.contains("line 2 column"), "{m}"),
            other => panic!("{other:?}"),
        }
        match check_text(&json!({"meters": [{"meter_id": "a\u{0}"}]})) {
            Err(AppError::InvalidText { field, message }) => {
                assert_eq!(field, "meters[0].meter_id");
                assert!(message.contains("NUL"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn json_content_types() {
        let with = |ct: &str| {
            is_json(
                &TestRequest::default()
                    .insert_header(("content-type", ct))
                    .to_http_request(),
            )
        };
        assert!(with("application/json"));
        assert!(with("Application/JSON; charset=utf-8"));
        assert!(with("application/cloudevents+json"));
        assert!(!with("text/plain"));
        assert!(!with("application/x-www-form-urlencoded"));
        assert!(!is_json(&TestRequest::default().to_http_request()));
    }
}
