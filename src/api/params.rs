//! Query parameters the API's lists share.

use chrono::{DateTime, Utc};

use crate::error::AppError;
use crate::metering::parse_timestamp;

/// A time parameter (any timestamp form the API reads; one without an offset is UTC); empty
/// is absent.
pub fn time(field: &str, raw: Option<&str>) -> Result<Option<DateTime<Utc>>, AppError> {
    raw.filter(|r| !r.trim().is_empty())
        .map(|r| parse_timestamp(r).map_err(|m| AppError::validation(field, m)))
        .transpose()
}

/// A text parameter, trimmed; empty is absent.
pub fn text(raw: Option<String>) -> Option<String> {
    raw.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}
