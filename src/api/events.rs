//! `POST /api/v1/events/ingest`: up to 1000 events, a verdict for each.

use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::auth::model::ApiClient;
use crate::db;
use crate::error::{ApiResult, AppError};
use crate::ingest::model::{Incoming, RawEvent, Rules, Source, Verdict};
use crate::ingest::pipeline;
use crate::state::AppState;
use crate::web::json::{self, JsonBytes};

pub const MAX_BATCH: usize = 1000;

#[derive(Serialize)]
struct RejectedJson {
    index: usize,
    event_id: Option<String>,
    code: &'static str,
    message: String,
}

/// Dodo Payments' `ingested_count` (= `ingested`), then Meterdesk's own counts.
#[derive(Serialize)]
struct IngestJson {
    ingested_count: usize,
    ingested: usize,
    duplicates: usize,
    unmatched: usize,
    rejected: Vec<RejectedJson>,
}

/// Takes a text field out of the event (moved, not copied: the object is dropped afterwards).
fn text_field(obj: &mut Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match obj.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!("{key} must be a string, not {}", kind(&other))),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads one event object; a malformed one is refused alone, keeping its place.
pub fn read_event(value: Value) -> Incoming {
    let Value::Object(mut obj) = value else {
        return Incoming::Refused {
            event_id: None,
            code: "invalid_event",
            message: format!("each event must be an object, not {}", kind(&value)),
        };
    };
    let event_id = obj.get("event_id").and_then(Value::as_str).map(str::to_string);
    let refuse = |message: String| Incoming::Refused {
        event_id: event_id.clone(),
        code: "invalid_event",
        message,
    };
    let mut read = || -> Result<RawEvent, String> {
        for key in obj.keys() {
            if !matches!(
                key.as_str(),
                "event_id" | "customer_id" | "event_name" | "timestamp" | "metadata"
            ) {
                return Err(format!(
                    "unknown field {key:?}; an event has event_id, customer_id, event_name, timestamp and metadata"
                ));
            }
        }
        let timestamp = match obj.get("timestamp") {
            // Unix seconds as a JSON number are read like the same digits in a string.
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => text_field(&mut obj, "timestamp")?,
        };
        // Moved out, not copied: the object is dropped with the rest of the event.
        let metadata = match obj.remove("metadata") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(m)) => m,
            Some(other) => return Err(format!("metadata must be an object, not {}", kind(&other))),
        };
        Ok(RawEvent {
            event_id: text_field(&mut obj, "event_id")?.ok_or("event_id is required")?,
            customer_id: text_field(&mut obj, "customer_id")?.ok_or("customer_id is required")?,
            event_name: text_field(&mut obj, "event_name")?.ok_or("event_name is required")?,
            timestamp,
            metadata,
            upload_row: None,
        })
    };
    match read() {
        Ok(raw) => Incoming::Event(raw),
        Err(message) => refuse(message),
    }
}

/// The batch's items: a clean batch read from the bytes ([`super::event_batch`]), anything else
/// through a JSON tree, which words every refusal.
fn read_batch(bytes: &[u8]) -> Result<Vec<Incoming>, AppError> {
    if let Some(items) = super::event_batch::read_clean(bytes) {
        return Ok(items);
    }
    let events = match json::parse(bytes)? {
        Value::Object(mut obj) => match obj.remove("events") {
            Some(Value::Array(events)) => events,
            Some(other) => {
                return Err(AppError::validation(
                    "events",
                    format!("events must be an array, not {}", kind(&other)),
                ));
            }
            None => {
                return Err(AppError::validation(
                    "events",
                    "send {\"events\": [ … ]} with 1 to 1000 events",
                ));
            }
        },
        other => {
            return Err(AppError::validation(
                "body",
                format!("the body must be an object, not {}", kind(&other)),
            ));
        }
    };
    Ok(events.into_iter().map(read_event).collect())
}

pub async fn ingest(
    state: web::Data<AppState>,
    client: ApiClient,
    body: JsonBytes,
) -> ApiResult<HttpResponse> {
    let items = read_batch(&body.0)?;
    if items.len() > MAX_BATCH {
        return Err(AppError::PayloadTooLarge(format!(
            "A batch holds at most {MAX_BATCH} events; this one has {}. Send it in several requests.",
            items.len()
        ))
        .into());
    }
    if items.is_empty() {
        return Err(AppError::validation("events", "the batch is empty; send 1 to 1000 events").into());
    }
    let rules = Rules::api(Utc::now(), state.config.max_event_age_days);
    let source = Source::Api {
        api_key_id: client.key_id,
    };
    let together = state.together.clone();
    let outcome = db::run_leased(&state.pool, move |lease| {
        pipeline::run_together(lease, items, source, &rules, &together)
    })
    .await?;
    let rejected = outcome
        .verdicts
        .iter()
        .zip(&outcome.event_ids)
        .enumerate()
        .filter_map(|(index, (v, id))| match v {
            Verdict::Rejected { code, message } => Some(RejectedJson {
                index,
                event_id: id.clone(),
                code,
                message: message.clone(),
            }),
            _ => None,
        })
        .collect();
    Ok(HttpResponse::Ok().json(IngestJson {
        ingested_count: outcome.ingested(),
        ingested: outcome.ingested(),
        duplicates: outcome.duplicates(),
        unmatched: outcome.unmatched(),
        rejected,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refusal(v: Value) -> (Option<String>, String) {
        match read_event(v) {
            Incoming::Refused {
                event_id, message, ..
            } => (event_id, message),
            _ => panic!("expected a refusal"),
        }
    }

    #[test]
    fn an_event_is_read_field_by_field_and_a_bad_field_is_named() {
        let Incoming::Event(e) = read_event(json!({
            "event_id": "e1", "customer_id": "c1", "event_name": "api.call",
            "timestamp": 1_767_225_600, "metadata": {"tokens": 3}
        })) else {
            panic!("expected an event");
        };
        assert_eq!(
            (e.event_id.as_str(), e.customer_id.as_str(), e.event_name.as_str()),
            ("e1", "c1", "api.call")
        );
        assert_eq!(e.timestamp.as_deref(), Some("1767225600"));
        assert_eq!(e.metadata.get("tokens"), Some(&json!(3)));
        let Incoming::Event(e) = read_event(json!({
            "event_id": "e2", "customer_id": "c1", "event_name": "n", "timestamp": "2026-01-01T00:00:00Z"
        })) else {
            panic!("expected an event");
        };
        assert_eq!(e.timestamp.as_deref(), Some("2026-01-01T00:00:00Z"));
        assert!(e.metadata.is_empty());

        assert_eq!(
            refusal(json!({"event_id": "e3", "customer_id": 7, "event_name": "n"})),
            (
                Some("e3".into()),
                "customer_id must be a string, not a number".into()
            )
        );
        assert_eq!(
            refusal(json!({"event_id": "e4", "customer_id": "c"})),
            (Some("e4".into()), "event_name is required".into())
        );
        assert_eq!(
            refusal(json!({"event_id": ["x"], "customer_id": "c", "event_name": "n"})),
            (None, "event_id must be a string, not an array".into())
        );
        assert_eq!(
            refusal(json!({"event_id": "e5", "customer_id": "c", "event_name": "n", "timestamp": true})),
            (
                Some("e5".into()),
                "timestamp must be a string, not a boolean".into()
            )
        );
    }
}
