//! Reading an upload form (`multipart/form-data`): one `file` field, capped at 5 MB while it
//! streams in — a bigger file is refused before it is stored or buffered whole — and a few
//! small text fields.

use std::collections::HashMap;

use actix_multipart::Multipart;
use futures_util::StreamExt;

use super::service::{MAX_FILE_BYTES, too_large};
use crate::error::AppError;

const MAX_TEXT_FIELD: usize = 4096;

pub struct UploadForm {
    pub file: Option<(String, Vec<u8>)>,
    pub fields: HashMap<String, String>,
}

impl UploadForm {
    pub fn text(&self, name: &str) -> Option<&str> {
        self.fields
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    pub fn flag(&self, name: &str) -> bool {
        matches!(self.text(name), Some("1" | "true" | "on" | "yes"))
    }
}

fn bad(e: impl std::fmt::Display) -> AppError {
    AppError::BadRequest(format!(
        "The upload could not be read: {e}. Send the form as multipart/form-data with the file in the field \"file\"."
    ))
}

pub async fn read(mut payload: Multipart) -> Result<UploadForm, AppError> {
    let mut form = UploadForm {
        file: None,
        fields: HashMap::new(),
    };
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(bad)?;
        let name = field.name().unwrap_or("").to_string();
        let file_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_string);
        let limit = if name == "file" {
            MAX_FILE_BYTES
        } else {
            MAX_TEXT_FIELD
        };
        // Keep the chunks as they arrive and join them once, at the exact size.
        let mut chunks: Vec<actix_web::web::Bytes> = Vec::new();
        let mut size = 0usize;
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(bad)?;
            size += chunk.len();
            if size > limit {
                return Err(if name == "file" {
                    AppError::PayloadTooLarge(too_large())
                } else {
                    AppError::BadRequest(format!("The form field {name:?} is too long."))
                });
            }
            chunks.push(chunk);
        }
        let mut buf = Vec::with_capacity(size);
        for c in chunks {
            buf.extend_from_slice(&c);
        }
        if name == "file" {
            let file_name = file_name
                .filter(|f| !f.is_empty())
                .unwrap_or_else(|| "upload.csv".into());
            // Keep the last path segment of what the browser sent, and a sane length.
            let base = file_name
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or("upload.csv")
                .chars()
                .take(200)
                .collect();
            form.file = Some((base, buf));
        } else {
            form.fields
                .insert(name, String::from_utf8_lossy(&buf).into_owned());
        }
    }
    Ok(form)
}
