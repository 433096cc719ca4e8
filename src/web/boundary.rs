//! The text rule (`crate::text`) at the door every request passes: path segments and query
//! parameters (no control characters: they are ids, names, times and search terms) and
//! urlencoded form fields (names as identifiers, values as prose). A bad one is refused with a
//! 400 that names it, before any handler or query sees it. JSON bodies, multipart forms, CSV
//! cells and ingest events are checked where they are read.

use percent_encoding::percent_decode_str;

use crate::error::AppError;
use crate::text::{self, TextError, TextKind};

fn refuse(field: String, e: TextError) -> AppError {
    AppError::InvalidText {
        message: format!("{}.", e.for_field(&field)),
        field,
    }
}

/// Checks every segment of a raw (percent-encoded) path.
pub fn check_path(raw_path: &str) -> Result<(), AppError> {
    for (n, segment) in raw_path.split('/').enumerate().skip(1) {
        if !segment.contains('%') {
            // Unencoded bytes in a path are printable ASCII (the HTTP parser refused the rest).
            continue;
        }
        let decoded = percent_decode_str(segment)
            .decode_utf8()
            .map_err(|_| AppError::InvalidText {
                field: format!("path segment {n}"),
                message: format!("Path segment {n} is not valid UTF-8 once decoded."),
            })?;
        text::identifier(&decoded).map_err(|e| refuse(format!("path segment {n}"), e))?;
    }
    Ok(())
}

/// Checks every name and value of a query string.
pub fn check_query(query: &str) -> Result<(), AppError> {
    check_pairs(query.as_bytes(), "query parameter", TextKind::Identifier)
}

/// Checks every name and value of a urlencoded form body (values may hold line breaks).
pub fn check_form(body: &[u8]) -> Result<(), AppError> {
    check_pairs(body, "form field", TextKind::Prose)
}

fn check_pairs(raw: &[u8], what: &str, values: TextKind) -> Result<(), AppError> {
    if !raw.contains(&b'%') && !raw.iter().any(|b| *b < 0x20 || *b == 0x7f) {
        return Ok(());
    }
    for (name, value) in form_urlencoded::parse(raw) {
        text::identifier(&name).map_err(|e| refuse(format!("{what} \"{}\"", text::printable(&name)), e))?;
        text::check(&value, values).map_err(|e| refuse(format!("{what} {name}"), e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(r: Result<(), AppError>) -> String {
        match r {
            Err(AppError::InvalidText { field, .. }) => field,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn paths_and_queries_with_control_characters_are_refused_by_name() {
        assert!(check_path("/api/v1/customers/cus_1").is_ok());
        assert!(check_path("/api/v1/customers/caf%C3%A9").is_ok());
        assert_eq!(field(check_path("/api/v1/customers/%00")), "path segment 4");
        assert_eq!(field(check_path("/meters/%FF%FE")), "path segment 2");
        assert!(check_query("q=caf%C3%A9&limit=5").is_ok());
        assert_eq!(field(check_query("q=%00")), "query parameter q");
        assert_eq!(field(check_query("meter=a%0Ab")), "query parameter meter");
        assert!(check_form(b"description=two%0D%0Alines&csrf_token=x").is_ok());
        assert_eq!(field(check_form(b"name=a%00")), "form field name");
        assert!(field(check_form(b"na%01me=a")).starts_with("form field \"na\\u{0001}me\""));
    }
}
