//! Reading an upload form (`multipart/form-data`) with bounded memory: one `file` field, capped
//! at 5 MB while it streams in — a bigger file is refused before it is stored or buffered
//! whole — and a few small text fields, at most [`MAX_FIELDS`] fields and [`MAX_OTHER_BYTES`]
//! of text in all. The whole request is capped too ([`MAX_REQUEST_BYTES`]): what is past it is
//! refused with 413 before it is buffered. Field names are checked with the text rule (400
//! naming the field), text values may not hold NUL, and the file's name is cleaned of control
//! characters (it is only a label).

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

use actix_multipart::Multipart;
use actix_web::HttpRequest;
use actix_web::error::PayloadError;
use actix_web::http::header::CONTENT_LENGTH;
use actix_web::web::Payload;
use futures_util::StreamExt;

use crate::error::AppError;
use crate::text;
use crate::uploads::service::{MAX_FILE_BYTES, too_large};

/// At most this many bytes in one text field.
pub const MAX_TEXT_FIELD: usize = 4096;
/// At most this many bytes in all the text fields together.
pub const MAX_OTHER_BYTES: usize = 64 * 1024;
/// At most this many fields, the file included.
pub const MAX_FIELDS: usize = 16;
/// The whole request: the file, the text fields, and room for the parts' headers.
pub const MAX_REQUEST_BYTES: usize = MAX_FILE_BYTES + MAX_OTHER_BYTES + 64 * 1024;

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

fn request_too_large() -> AppError {
    AppError::PayloadTooLarge(format!(
        "The upload request is larger than {} bytes: send the CSV file (at most {} MB) and a few short fields.",
        MAX_REQUEST_BYTES,
        MAX_FILE_BYTES / (1024 * 1024)
    ))
}

fn fields_too_large() -> AppError {
    AppError::PayloadTooLarge(format!(
        "The upload form's fields besides the file are too large: at most {MAX_FIELDS} fields, each at most {MAX_TEXT_FIELD} bytes and {} KiB in all.",
        MAX_OTHER_BYTES / 1024
    ))
}

/// The file's name as the browser sent it, cut to its last path segment, without control
/// characters and at most 200 characters; `upload.csv` when nothing is left.
pub fn clean_file_name(sent: Option<&str>) -> String {
    let base = sent.unwrap_or("").rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        "upload.csv".into()
    } else {
        cleaned.to_string()
    }
}

/// Reads the form from the request's raw payload.
pub async fn read(req: &HttpRequest, payload: Payload) -> Result<UploadForm, AppError> {
    let announced = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok());
    if announced.is_some_and(|n| n > MAX_REQUEST_BYTES) {
        return Err(request_too_large());
    }
    // Count every byte received; past the cap the stream ends in an error that says so.
    let overflowed = Rc::new(Cell::new(false));
    let flag = overflowed.clone();
    let mut received = 0usize;
    let counted = payload.into_inner().map(move |chunk| {
        let chunk = chunk?;
        received += chunk.len();
        if received > MAX_REQUEST_BYTES {
            flag.set(true);
            return Err(PayloadError::Overflow);
        }
        Ok(chunk)
    });
    let multipart = Multipart::new(req.headers(), counted);
    read_fields(multipart, announced).await.map_err(
        |e| {
            if overflowed.get() { request_too_large() } else { e }
        },
    )
}

async fn read_fields(mut payload: Multipart, announced: Option<usize>) -> Result<UploadForm, AppError> {
    let mut form = UploadForm {
        file: None,
        fields: HashMap::new(),
    };
    let mut fields = 0usize;
    let mut other_bytes = 0usize;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(bad)?;
        fields += 1;
        if fields > MAX_FIELDS {
            return Err(fields_too_large());
        }
        let name = field.name().unwrap_or("").to_string();
        text::identifier(&name)
            .map_err(|e| AppError::invalid_text(format!("form field {}", text::printable(&name)), &e))?;
        let is_file = name == "file";
        if is_file && form.file.is_some() {
            return Err(bad("the field \"file\" is sent twice; send one file per upload"));
        }
        let sent_name = field.content_disposition().and_then(|cd| {
            cd.get_filename().map(str::to_string).or_else(|| {
                cd.get_filename_ext()
                    .map(|ext| String::from_utf8_lossy(&ext.value).into_owned())
            })
        });
        let limit = if is_file {
            MAX_FILE_BYTES
        } else {
            MAX_TEXT_FIELD.min(MAX_OTHER_BYTES - other_bytes)
        };
        // The file reserves what the request announced (never past the cap), so it is read
        // into one buffer without copies; text fields are small.
        let mut buf = Vec::with_capacity(if is_file {
            announced.unwrap_or(0).min(limit)
        } else {
            0
        });
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(bad)?;
            if buf.len() + chunk.len() > limit {
                return Err(if is_file {
                    AppError::PayloadTooLarge(too_large())
                } else {
                    fields_too_large()
                });
            }
            buf.extend_from_slice(&chunk);
        }
        if is_file {
            form.file = Some((clean_file_name(sent_name.as_deref()), buf));
        } else {
            other_bytes += buf.len();
            let value = String::from_utf8_lossy(&buf).into_owned();
            text::prose(&value).map_err(|e| AppError::invalid_text(format!("form field {name}"), &e))?;
            form.fields.insert(name, value);
        }
    }
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_cleaned() {
        assert_eq!(clean_file_name(Some("C:\\Users\\me\\usage.csv")), "usage.csv");
        assert_eq!(clean_file_name(Some("dir/us\u{0}age\t.csv")), "usage.csv");
        assert_eq!(clean_file_name(Some("\u{1}\u{2}")), "upload.csv");
        assert_eq!(clean_file_name(None), "upload.csv");
        assert_eq!(clean_file_name(Some(&"x".repeat(300))).len(), 200);
    }
}
