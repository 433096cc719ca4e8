//! `Query` and `Form` extractors that name the parameter a value failed on (actix's answer
//! "Query deserialize error: invalid digit found in string" names none) and answer in the
//! request's flavour: JSON for API clients, an HTML page for browsers.

use std::future::{Ready, ready};
use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use super::negotiate::error_for;
use crate::error::AppError;

/// Most bytes a urlencoded form body may have.
pub const FORM_LIMIT: usize = 256 * 1024;

/// Reads `T` from urlencoded pairs; a failure names the parameter.
pub fn from_pairs<T: DeserializeOwned>(raw: &[u8], what: &str) -> Result<T, AppError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(raw));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path.is_empty() || path == "." {
            AppError::BadRequest(format!("The {what} could not be read: {inner}."))
        } else {
            AppError::InvalidParameter {
                message: format!(
                    "The {what} parameter {path:?} could not be read: {inner}. Check its value."
                ),
                field: path,
            }
        }
    })
}

/// The query string as `T`.
pub struct Query<T>(pub T);

impl<T> Query<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Query<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            from_pairs(req.query_string().as_bytes(), "query")
                .map(Query)
                .map_err(|e| error_for(req, e)),
        )
    }
}

/// A urlencoded form body as `T`.
pub struct Form<T>(pub T);

impl<T> Form<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Form<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let content_type = req.content_type().to_ascii_lowercase();
        let payload = payload.take();
        Box::pin(async move {
            if content_type != "application/x-www-form-urlencoded" {
                return Err(error_for(
                    &req,
                    AppError::UnsupportedMediaType(
                        "Send the form as application/x-www-form-urlencoded.".into(),
                    ),
                ));
            }
            let body = super::body::read(&req, payload, FORM_LIMIT)
                .await
                .map_err(|e| error_for(&req, e))?;
            from_pairs(&body, "form")
                .map(Form)
                .map_err(|e| error_for(&req, e))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Q {
        #[allow(dead_code)]
        limit: Option<u32>,
    }

    #[test]
    fn a_bad_value_names_its_parameter() {
        let e = from_pairs::<Q>(b"limit=abc", "query").unwrap_err();
        match e {
            AppError::InvalidParameter { field, message, .. } => {
                assert_eq!(field, "limit");
                assert!(message.contains("invalid digit"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(from_pairs::<Q>(b"limit=5", "query").is_ok());
        assert!(from_pairs::<Q>(b"", "query").is_ok());
    }
}
