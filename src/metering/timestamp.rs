//! Timestamps as operators and files write them: every form SPEC lists for CSV uploads, the
//! API's RFC 3339, and the browser's `datetime-local` value. Times without a zone are UTC.
//!
//! - `2024-09-23` — midnight UTC
//! - `2024-09-23T16:22:25+0530`, `…+05:30`, `…Z`, with an optional fraction (RFC 3339 / ISO 8601);
//!   a space may stand for the `T`
//! - `2024-09-23 16:22:25`, `2024-09-23T16:22:25`, `2024-09-23T16:22` — UTC
//! - `1727108545` — Unix epoch seconds

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

pub const FORMATS_HELP: &str = "use 2024-09-23, 2024-09-23 16:22:25 (UTC), 2024-09-23T16:22:25Z, \
2024-09-23T16:22:25+05:30 (or +0530) or Unix seconds such as 1727108545";

/// Parses one timestamp; the error says what was wrong and which forms work.
pub fn parse_timestamp(raw: &str) -> Result<DateTime<Utc>, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(format!("the timestamp is empty; {FORMATS_HELP}"));
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        if s.len() > 11 {
            return Err(format!(
                "{s:?} is too large for Unix seconds (milliseconds? drop the last three digits); {FORMATS_HELP}"
            ));
        }
        let secs: i64 = s
            .parse()
            .map_err(|_| format!("{s:?} is not a timestamp; {FORMATS_HELP}"))?;
        return DateTime::from_timestamp(secs, 0).ok_or_else(|| format!("{s:?} is out of range"));
    }
    if s.len() == 10 {
        return NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
            .map_err(|_| invalid(s));
    }
    // Normalise a space separator to `T`.
    let normalised: String = match s.get(10..11) {
        Some(" ") => format!("{}T{}", &s[..10], &s[11..]),
        _ => s.to_string(),
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(&normalised) {
        return Ok(t.with_timezone(&Utc));
    }
    // ±hhmm offsets and offsets without seconds.
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z"] {
        if let Ok(t) = DateTime::<FixedOffset>::parse_from_str(&normalised, fmt) {
            return Ok(t.with_timezone(&Utc));
        }
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(&normalised, fmt) {
            return Ok(Utc.from_utc_datetime(&t));
        }
    }
    Err(invalid(s))
}

fn invalid(s: &str) -> String {
    // Name an impossible date precisely: it is the most common slip.
    if s.len() >= 10 && NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d").is_err() && looks_like_date(&s[..10])
    {
        return format!("{:?} is not a real date; {FORMATS_HELP}", &s[..10]);
    }
    format!("{s:?} is not a timestamp we read; {FORMATS_HELP}")
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// An RFC 3339 string with seconds and `Z`, as the API writes times.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> String {
        parse_timestamp(s)
            .map(rfc3339)
            .unwrap_or_else(|e| format!("ERR {e}"))
    }

    #[test]
    fn reads_every_documented_form() {
        assert_eq!(at("2024-09-23"), "2024-09-23T00:00:00Z");
        assert_eq!(at("2024-09-23T16:22:25+0530"), "2024-09-23T10:52:25Z");
        assert_eq!(at("2024-09-23T16:22:25+05:30"), "2024-09-23T10:52:25Z");
        assert_eq!(at("2024-09-23T16:22:25Z"), "2024-09-23T16:22:25Z");
        assert_eq!(at("2024-09-23T16:22:25.123Z"), "2024-09-23T16:22:25Z");
        assert_eq!(at("2024-09-23T16:22:25.5-0100"), "2024-09-23T17:22:25Z");
        assert_eq!(at("2024-09-23 16:22:25"), "2024-09-23T16:22:25Z");
        assert_eq!(at("2024-09-23 16:22:25Z"), "2024-09-23T16:22:25Z");
        assert_eq!(at("2024-09-23T16:22"), "2024-09-23T16:22:00Z");
        assert_eq!(at("1727108545"), "2024-09-23T16:22:25Z");
        assert_eq!(at(" 2024-09-23 "), "2024-09-23T00:00:00Z");
    }

    #[test]
    fn refuses_impossible_and_odd_input_with_a_reason() {
        assert!(
            at("2024-13-01").contains("not a real date"),
            "{}",
            at("2024-13-01")
        );
        assert!(at("2024-02-30").contains("not a real date"));
        assert!(at("2024-02-30T10:00:00Z").contains("not a real date"));
        assert!(at("yesterday").contains("not a timestamp we read"));
        assert!(at("").contains("empty"));
        assert!(at("1727108545000").contains("milliseconds"));
        assert!(at("23/09/2024").starts_with("ERR"));
    }

    #[test]
    fn leap_days_exist_in_leap_years_only() {
        assert_eq!(at("2024-02-29"), "2024-02-29T00:00:00Z");
        assert!(at("2023-02-29").contains("not a real date"));
    }
}
