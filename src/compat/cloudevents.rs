//! CloudEvents 1.0 at `POST /api/v1/events`, into the one ingest pipeline (lineage
//! `cloudevents` and the API key): `id` → `event_id`, `subject` → `customer_id` (required
//! here), `type` → `event_name`, `time` → `timestamp`, `data` → metadata (a flat JSON object,
//! the metadata rules). The attribute `source` is required by CloudEvents but not stored; ids
//! are global in Meterdesk, so two producers that reuse an id see the second as a duplicate.
//!
//! One path, the body's Content-Type decides:
//! - `application/cloudevents+json`: one event (structured mode);
//! - `application/cloudevents-batch+json`: a JSON array of them (at most 1,000);
//! - binary mode (`ce-*` headers, the body is `data`);
//! - `application/json`: Meterdesk's own `{"events": [...]}`, answered as
//!   `POST /api/v1/events/ingest` answers it.
//!
//! 204 when every event was stored or was a duplicate; 400 naming each refused event, the
//! others stored; 415 for anything else.

use actix_web::http::header::{self, HeaderMap};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde_json::{Map, Value, json};

use crate::auth::model::ApiClient;
use crate::db;
use crate::error::{ApiResult, AppError};
use crate::ingest::model::{Incoming, RawEvent, Rules, Source, Verdict};
use crate::ingest::pipeline;
use crate::state::AppState;
use crate::web::router::Router;

pub const STRUCTURED: &str = "application/cloudevents+json";
pub const BATCH: &str = "application/cloudevents-batch+json";
/// Most events in one batch (as native ingest).
pub const MAX_BATCH: usize = crate::api::events::MAX_BATCH;

pub fn register(r: &mut Router<'_>) {
    r.post("/api/v1/events", post_events);
}

/// The media type without parameters, lower case.
fn essence(content_type: Option<&str>) -> String {
    content_type
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn is_json_type(essence: &str) -> bool {
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn refuse(event_id: Option<String>, message: impl Into<String>) -> Incoming {
    Incoming::Refused {
        event_id,
        code: "invalid_event",
        message: message.into(),
    }
}

/// A required, non-empty string attribute.
fn attribute(obj: &Map<String, Value>, key: &str, why: &str) -> Result<String, String> {
    match obj.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        Some(Value::String(_)) | None | Some(Value::Null) => Err(format!("{key} is required: {why}")),
        Some(_) => Err(format!("{key} must be a string")),
    }
}

/// One CloudEvent (structured JSON) as an event for the pipeline; a malformed one is refused
/// alone, keeping its place in the batch.
pub fn read_event(value: Value) -> Incoming {
    let Value::Object(obj) = value else {
        return refuse(None, "each CloudEvent must be a JSON object");
    };
    let id = obj
        .get("id")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let read = || -> Result<RawEvent, String> {
        match obj.get("specversion") {
            Some(Value::String(v)) if v == "1.0" => {}
            Some(other) => return Err(format!("specversion must be \"1.0\", not {other}")),
            None => return Err("specversion is required: \"1.0\"".into()),
        }
        let event_id = attribute(&obj, "id", "it becomes the event_id")?;
        attribute(
            &obj,
            "source",
            "CloudEvents requires it (a URI-reference naming the producer)",
        )?;
        let event_name = attribute(&obj, "type", "it becomes the event_name")?;
        let customer_id = attribute(
            &obj,
            "subject",
            "the subject names the customer the usage is billed to",
        )?;
        let timestamp = match obj.get("time") {
            None | Some(Value::Null) => None,
            Some(Value::String(t)) => Some(t.clone()),
            Some(_) => return Err("time must be an RFC 3339 string".into()),
        };
        if let Some(ct) = obj.get("datacontenttype") {
            let ok = ct
                .as_str()
                .map(|c| is_json_type(&essence(Some(c))))
                .unwrap_or(false);
            if !ok {
                return Err(format!(
                    "datacontenttype {ct} is not JSON: data must be a JSON object (application/json)"
                ));
            }
        }
        if obj.contains_key("data_base64") {
            return Err("data_base64 is not taken: send data as a JSON object".into());
        }
        let metadata = match obj.get("data") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(_) => return Err("data must be a JSON object (it becomes the event's metadata)".into()),
        };
        Ok(RawEvent {
            event_id,
            customer_id,
            event_name,
            timestamp,
            metadata,
            upload_row: None,
        })
    };
    match read() {
        Ok(raw) => Incoming::Event(raw),
        Err(message) => refuse(id, message),
    }
}

/// A binary-mode CloudEvent: the attributes in `ce-*` headers, the body its `data`.
fn binary_event(headers: &HeaderMap, data: Value) -> Value {
    let mut obj = Map::new();
    for (name, value) in headers {
        if let (Some(attr), Ok(v)) = (name.as_str().strip_prefix("ce-"), value.to_str()) {
            obj.insert(attr.to_string(), Value::String(v.to_string()));
        }
    }
    obj.insert("data".into(), data);
    Value::Object(obj)
}

fn unsupported() -> AppError {
    AppError::UnsupportedMediaType(format!(
        "Send CloudEvents as {STRUCTURED} (one event) or {BATCH} (a JSON array), or Meterdesk's own {{\"events\": [...]}} as application/json."
    ))
}

/// `POST /api/v1/events`.
pub async fn post_events(
    state: web::Data<AppState>,
    client: ApiClient,
    req: HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let kind = essence(content_type);
    let binary = req.headers().contains_key("ce-specversion");
    if !(kind == STRUCTURED || kind == BATCH || is_json_type(&kind)) {
        return Err(unsupported().into());
    }
    let bytes = crate::web::body::read(&req, payload.into_inner(), crate::web::json::JSON_LIMIT).await?;
    if !(kind == BATCH || kind == STRUCTURED || binary) {
        // A native batch (`{"events": [...]}`), read as `/api/v1/events/ingest` reads it.
        return crate::api::events::ingest(state, client, crate::web::json::JsonBytes(bytes)).await;
    }
    let body = crate::web::json::parse(&bytes)?;
    let events: Vec<Value> = if kind == BATCH {
        match body {
            Value::Array(events) => events,
            _ => {
                return Err(
                    AppError::BadRequest(format!("A {BATCH} body is a JSON array of CloudEvents.")).into(),
                );
            }
        }
    } else if kind == STRUCTURED {
        vec![body]
    } else {
        vec![binary_event(req.headers(), body)]
    };
    if events.len() > MAX_BATCH {
        return Err(AppError::PayloadTooLarge(format!(
            "A batch holds at most {MAX_BATCH} events; this one has {}. Send it in several requests.",
            events.len()
        ))
        .into());
    }
    if events.is_empty() {
        return Err(AppError::validation("body", "the batch is empty; send 1 to 1000 CloudEvents").into());
    }
    let items: Vec<Incoming> = events.into_iter().map(read_event).collect();
    let rules = Rules::api(Utc::now(), state.config.max_event_age_days);
    let source = Source::CloudEvents {
        api_key_id: client.key_id,
    };
    let together = state.together.clone();
    let outcome = db::run_leased(&state.pool, move |lease| {
        pipeline::run_together(lease, items, source, &rules, &together)
    })
    .await?;
    let rejected: Vec<Value> = outcome
        .verdicts
        .iter()
        .zip(&outcome.event_ids)
        .enumerate()
        .filter_map(|(index, (v, id))| match v {
            Verdict::Rejected { code, message } => Some(json!({
                "index": index, "event_id": id, "code": code, "message": message,
            })),
            _ => None,
        })
        .collect();
    if rejected.is_empty() {
        return Ok(HttpResponse::NoContent().finish());
    }
    let total = outcome.verdicts.len();
    let (ingested, duplicates) = (outcome.ingested(), outcome.duplicates());
    let was = if rejected.len() == 1 { "was" } else { "were" };
    let message = format!(
        "{} of {total} events {was} refused; the other {} were stored ({duplicates} duplicates). The refused ones are listed by index; fix and resend them (resending the others is safe).",
        rejected.len(),
        ingested + duplicates,
    );
    let body = json!({ "error": {
        "code": "events_rejected",
        "message": message,
        "ingested": ingested,
        "duplicates": duplicates,
        "unmatched": outcome.unmatched(),
        "rejected": rejected,
    }});
    Ok(HttpResponse::BadRequest().json(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(i: Incoming) -> Option<(Option<String>, String)> {
        match i {
            Incoming::Refused {
                event_id, message, ..
            } => Some((event_id, message)),
            _ => None,
        }
    }

    #[test]
    fn attributes_map_and_malformed_events_are_refused_alone() {
        let ok = read_event(
            json!({"specversion": "1.0", "id": "e1", "source": "/s", "type": "api.call",
            "subject": "cus_1", "time": "2026-12-01T10:00:00Z", "data": {"tokens": 5}, "traceparent": "x"}),
        );
        let Incoming::Event(raw) = ok else {
            panic!("refused")
        };
        assert_eq!(
            (
                raw.event_id.as_str(),
                raw.customer_id.as_str(),
                raw.event_name.as_str()
            ),
            ("e1", "cus_1", "api.call")
        );
        assert_eq!(raw.timestamp.as_deref(), Some("2026-12-01T10:00:00Z"));
        assert_eq!(raw.metadata["tokens"], json!(5));
        let base = json!({"specversion": "1.0", "id": "e2", "source": "/s", "type": "t", "subject": "c"});
        let with = |k: &str, v: Value| {
            let mut o = base.clone();
            o[k] = v;
            read_event(o)
        };
        let without = |k: &str| {
            let mut o = base.clone();
            o.as_object_mut().unwrap().remove(k);
            read_event(o)
        };
        assert!(refused(without("subject")).unwrap().1.contains("subject"));
        assert_eq!(refused(without("subject")).unwrap().0.as_deref(), Some("e2"));
        assert!(refused(without("source")).is_some());
        assert!(refused(without("id")).unwrap().0.is_none());
        assert!(
            refused(with("specversion", json!("0.3")))
                .unwrap()
                .1
                .contains("1.0")
        );
        assert!(refused(with("data", json!([1]))).is_some());
        assert!(refused(with("data_base64", json!("AA=="))).is_some());
        assert!(refused(with("datacontenttype", json!("text/plain"))).is_some());
        assert!(
            refused(with(
                "datacontenttype",
                json!("application/vnd.x+json; charset=utf-8")
            ))
            .is_none()
        );
        assert!(refused(read_event(json!([]))).is_some());
    }

    #[test]
    fn content_types() {
        assert_eq!(
            essence(Some("Application/CloudEvents+JSON; charset=utf-8")),
            STRUCTURED
        );
        assert!(is_json_type("application/json"));
        assert!(!is_json_type("text/plain"));
    }
}
