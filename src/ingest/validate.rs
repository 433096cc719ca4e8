//! The checks on one event that need no database: ids, names, timestamp window, metadata
//! shape. Numbers in metadata are rewritten to their canonical text, so that the Rust
//! evaluator and the SQL filters read them alike.

use serde_json::{Map, Value};

use super::model::*;
use crate::metering::{parse_timestamp, rfc3339};
use crate::text;

/// A refusal: a code for machines, a message that says what to fix.
pub type Refusal = (&'static str, String);

/// The text rule (`crate::text`) on an event's ids, name and metadata keys (no control
/// characters) and metadata values (no NUL): a bad event is refused alone, the field named.
fn check_text(raw: &RawEvent) -> Result<(), Refusal> {
    let refuse = |field: &str, e: text::TextError| ("invalid_text", e.for_field(field));
    text::identifier(&raw.event_id).map_err(|e| refuse("event_id", e))?;
    text::identifier(&raw.customer_id).map_err(|e| refuse("customer_id", e))?;
    text::identifier(&raw.event_name).map_err(|e| refuse("event_name", e))?;
    if let Some(t) = &raw.timestamp {
        text::identifier(t).map_err(|e| refuse("timestamp", e))?;
    }
    for (key, value) in &raw.metadata {
        text::identifier(key)
            .map_err(|e| refuse(&format!("metadata key \"{}\"", text::printable(key)), e))?;
        if let Value::String(v) = value {
            text::check(v, text::TextKind::Value).map_err(|e| refuse(&format!("metadata.{key}"), e))?;
        }
    }
    Ok(())
}

pub fn check(index: usize, raw: RawEvent, rules: &Rules) -> Result<Checked, Refusal> {
    check_text(&raw)?;
    let event_id = raw.event_id;
    if event_id.is_empty() || event_id.chars().count() > MAX_EVENT_ID_CHARS {
        return Err((
            "invalid_event_id",
            format!("event_id must be 1 to {MAX_EVENT_ID_CHARS} characters"),
        ));
    }
    if raw.customer_id.is_empty() {
        return Err(("missing_customer_id", "customer_id is required".into()));
    }
    if raw.event_name.is_empty() {
        return Err(("missing_event_name", "event_name is required".into()));
    }
    if raw.event_name.chars().count() > MAX_EVENT_NAME_CHARS {
        return Err((
            "invalid_event_name",
            format!("event_name has at most {MAX_EVENT_NAME_CHARS} characters"),
        ));
    }
    let timestamp = match raw.timestamp.as_deref() {
        None => rules.now,
        Some(text) => parse_timestamp(text).map_err(|m| ("invalid_timestamp", format!("timestamp: {m}")))?,
    };
    if timestamp > rules.now + rules.max_future {
        return Err((
            "timestamp_in_future",
            format!(
                "timestamp {} is more than {} minutes in the future (server time {}); check the sender's clock",
                rfc3339(timestamp),
                rules.max_future.num_minutes(),
                rfc3339(rules.now)
            ),
        ));
    }
    if let Some(max_age) = rules.max_age {
        if timestamp < rules.now - max_age {
            return Err((
                "timestamp_too_old",
                format!(
                    "timestamp {} is older than {} days; the API takes recent usage only — backfill older usage by CSV upload or manual entry",
                    rfc3339(timestamp),
                    max_age.num_days()
                ),
            ));
        }
    }
    let metadata = check_metadata(raw.metadata)?;
    Ok(Checked {
        index,
        event_id,
        customer_id: raw.customer_id,
        event_name: raw.event_name,
        timestamp,
        metadata,
        upload_row: raw.upload_row,
    })
}

fn check_metadata(metadata: Map<String, Value>) -> Result<Map<String, Value>, Refusal> {
    crate::metering::metadata::check(metadata).map_err(|m| ("invalid_metadata", m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use serde_json::json;

    fn rules() -> Rules {
        Rules::api(
            Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0)
                .single()
                .unwrap_or_default(),
            35,
        )
    }

    fn raw(ts: Option<&str>, metadata: Value) -> RawEvent {
        RawEvent {
            event_id: "e1".into(),
            customer_id: "c1".into(),
            event_name: "api.call".into(),
            timestamp: ts.map(str::to_string),
            metadata: metadata.as_object().cloned().unwrap_or_default(),
            upload_row: None,
        }
    }

    fn code(r: Result<Checked, Refusal>) -> &'static str {
        r.err().map(|(c, _)| c).unwrap_or("ok")
    }

    #[test]
    fn timestamps_default_to_now_and_keep_to_the_window() {
        let ok = check(0, raw(None, json!({})), &rules()).ok().map(|c| c.timestamp);
        assert_eq!(ok, Some(rules().now));
        assert_eq!(
            code(check(0, raw(Some("2026-11-24T12:04:00Z"), json!({})), &rules())),
            "ok"
        );
        assert_eq!(
            code(check(0, raw(Some("2026-11-24T12:06:00Z"), json!({})), &rules())),
            "timestamp_in_future"
        );
        assert_eq!(
            code(check(0, raw(Some("2026-10-01T00:00:00Z"), json!({})), &rules())),
            "timestamp_too_old"
        );
        assert_eq!(
            code(check(0, raw(Some("2026-02-30"), json!({})), &rules())),
            "invalid_timestamp"
        );
        let backfill = Rules::backfill(rules().now);
        assert_eq!(
            code(check(0, raw(Some("2020-01-01"), json!({})), &backfill)),
            "ok"
        );
    }

    #[test]
    fn metadata_is_flat_bounded_and_numbers_canonical() {
        assert_eq!(
            code(check(0, raw(None, json!({"a": {"b": 1}})), &rules())),
            "invalid_metadata"
        );
        assert_eq!(
            code(check(0, raw(None, json!({"a": [1]})), &rules())),
            "invalid_metadata"
        );
        assert_eq!(
            code(check(0, raw(None, json!({"a": null})), &rules())),
            "invalid_metadata"
        );
        assert_eq!(
            code(check(0, raw(None, json!({"a": "x".repeat(501)})), &rules())),
            "invalid_metadata"
        );
        let many: Map<String, Value> = (0..51).map(|i| (format!("k{i}"), json!(i))).collect();
        assert_eq!(
            code(check(0, raw(None, Value::Object(many)), &rules())),
            "invalid_metadata"
        );
        let ok = check(
            0,
            raw(
                None,
                serde_json::from_str(r#"{"n": 1e3, "s": "1.50", "b": true}"#).unwrap_or_default(),
            ),
            &rules(),
        );
        let md = ok.map(|c| c.metadata).unwrap_or_default();
        assert_eq!(md["n"].to_string(), "1000");
        assert_eq!(md["s"], json!("1.50"));
    }

    #[test]
    fn nul_and_control_characters_are_refused_with_the_field_named() {
        let mut r = raw(None, json!({}));
        r.event_id = "bad\u{0}".into();
        let e = check(0, r, &rules()).err().unwrap_or(("ok", String::new()));
        assert_eq!(e.0, "invalid_text");
        assert!(e.1.starts_with("event_id contains a NUL"), "{}", e.1);
        let mut r = raw(None, json!({}));
        r.event_name = "api\tcall".into();
        assert_eq!(code(check(0, r, &rules())), "invalid_text");
        assert_eq!(
            code(check(0, raw(None, json!({"k\u{1}": 1})), &rules())),
            "invalid_text"
        );
        assert_eq!(
            code(check(0, raw(None, json!({"k": "v\u{0}"})), &rules())),
            "invalid_text"
        );
        // Other control characters in a value are kept as sent.
        assert_eq!(
            code(check(0, raw(None, json!({"k": "tab\there"})), &rules())),
            "ok"
        );
        assert_eq!(
            code(check(0, raw(Some("２０２６-01-01"), json!({})), &rules())),
            "invalid_timestamp"
        );
    }

    #[test]
    fn ids_and_names_are_required() {
        let mut r = raw(None, json!({}));
        r.event_id = String::new();
        assert_eq!(code(check(0, r, &rules())), "invalid_event_id");
        let mut r = raw(None, json!({}));
        r.customer_id = String::new();
        assert_eq!(code(check(0, r, &rules())), "missing_customer_id");
        let mut r = raw(None, json!({}));
        r.event_name = String::new();
        assert_eq!(code(check(0, r, &rules())), "missing_event_name");
    }
}
