//! Meterdesk's objects in Stripe's shapes: `object` names the type, times are Unix seconds
//! (v2: RFC 3339 with milliseconds), `livemode` is always false. Lists are
//! `{"object": "list", "url", "has_more", "data"}` with `url` relative to the SDK's API base
//! (no `/stripe`), which the SDK requests again, with `starting_after`, for the next page.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use crate::customers::model::Customer;
use crate::metering::AggregationKind;
use crate::meters::model::Meter;
use crate::meters::payload_keys::PayloadKeys;

pub fn unix(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

/// A v2 time: RFC 3339, milliseconds, `Z`.
pub fn v2_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn list(url: &str, data: Vec<Value>, has_more: bool) -> Value {
    json!({ "object": "list", "url": url, "has_more": has_more, "data": data })
}

/// A customer. Fields Meterdesk has no concept of have Stripe's empty values.
pub fn customer(c: &Customer) -> Value {
    json!({
        "id": c.id,
        "object": "customer",
        "created": unix(c.created_at),
        "livemode": false,
        "email": c.email,
        "name": c.name,
        "description": null,
        "phone": c.phone_number,
        "metadata": stripe_metadata(&c.metadata),
        "address": null,
        "balance": 0,
        "currency": null,
        "default_source": null,
        "delinquent": false,
        "discount": null,
        "invoice_prefix": null,
        "invoice_settings": {
            "custom_fields": null,
            "default_payment_method": null,
            "footer": null,
            "rendering_options": null
        },
        "preferred_locales": [],
        "shipping": null,
        "tax_exempt": "none",
        "test_clock": null,
    })
}

/// Stripe's name of an aggregation (`sum`, `count`, `last`; Meterdesk's others as they are).
pub fn formula(kind: AggregationKind) -> &'static str {
    kind.as_str()
}

/// A billing meter. `status` is `active` or `inactive` (archived).
pub fn meter(m: &Meter, keys: &PayloadKeys) -> Value {
    let deactivated_at = (!m.is_active()).then(|| m.row.archived_at.map(unix)).flatten();
    json!({
        "id": m.row.id,
        "object": "billing.meter",
        "created": unix(m.row.created_at),
        "updated": unix(m.row.updated_at),
        "livemode": false,
        "display_name": m.row.name,
        "event_name": m.row.event_name,
        "event_time_window": null,
        "status": if m.is_active() { "active" } else { "inactive" },
        "status_transitions": { "deactivated_at": deactivated_at },
        "customer_mapping": { "type": "by_id", "event_payload_key": keys.customer_key },
        "default_aggregation": { "formula": formula(m.aggregation.kind()) },
        "value_settings": { "event_payload_key": keys.value_key_of(m) },
    })
}

/// A payload as Stripe shows it: every value as text, the customer under its key first.
pub fn payload(customer_key: &str, customer_id: &str, metadata: &Map<String, Value>) -> Value {
    let mut out = Map::new();
    out.insert(customer_key.to_string(), Value::String(customer_id.to_string()));
    for (k, v) in metadata {
        let text = match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        out.insert(k.clone(), Value::String(text));
    }
    Value::Object(out)
}

/// A stored meter event, in v1's shape or v2's.
#[derive(Debug, Clone)]
pub struct MeterEvent {
    pub event_name: String,
    pub identifier: String,
    pub payload: Value,
    pub timestamp: DateTime<Utc>,
    pub created: DateTime<Utc>,
}

impl MeterEvent {
    pub fn v1(&self) -> Value {
        json!({
            "object": "billing.meter_event",
            "created": unix(self.created),
            "event_name": self.event_name,
            "identifier": self.identifier,
            "livemode": false,
            "payload": self.payload,
            "timestamp": unix(self.timestamp),
        })
    }

    pub fn v2(&self) -> Value {
        json!({
            "object": "v2.billing.meter_event",
            "created": v2_time(self.created),
            "event_name": self.event_name,
            "identifier": self.identifier,
            "livemode": false,
            "payload": self.payload,
            "timestamp": v2_time(self.timestamp),
        })
    }
}

/// A cancel adjustment, done at once (Stripe's are `pending` for a while; Meterdesk voids
/// synchronously).
pub fn adjustment_v1(event_name: &str, identifier: &str) -> Value {
    json!({
        "object": "billing.meter_event_adjustment",
        "livemode": false,
        "event_name": event_name,
        "status": "complete",
        "type": "cancel",
        "cancel": { "identifier": identifier },
    })
}

pub fn adjustment_v2(event_name: &str, identifier: &str, created: DateTime<Utc>) -> Value {
    json!({
        "id": crate::ids::new_id("mea"),
        "object": "v2.billing.meter_event_adjustment",
        "created": v2_time(created),
        "event_name": event_name,
        "livemode": false,
        "status": "complete",
        "type": "cancel",
        "cancel": { "identifier": identifier },
    })
}

/// Stripe's metadata holds texts only: numbers and booleans (kept by the native API) as text.
fn stripe_metadata(metadata: &Value) -> Value {
    match metadata {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let text = match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    (k.clone(), Value::String(text))
                })
                .collect(),
        ),
        _ => json!({}),
    }
}
