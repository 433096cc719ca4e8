//! The events batch read straight from the body's bytes when it is clean: an object whose
//! `events` is an array of objects with only the five known fields, ids and name as strings,
//! `timestamp` a string, a number or null, `metadata` an object or null. Such a batch needs no
//! JSON tree for the body and no map per event (a fifth of the server's time under live
//! traffic went to building and taking apart that tree). Anything else — malformed JSON, a
//! body of another shape, an event to refuse — is not read here: the caller parses it into a
//! [`Value`] and reads it as before ([`super::events::read_event`]), the one place that words
//! refusals. So the two readings agree on every clean batch, which the tests check.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::ingest::model::{Incoming, RawEvent};

/// The batch's items, or `None` when the body is not a clean batch (see the module).
pub fn read_clean(bytes: &[u8]) -> Option<Vec<Incoming>> {
    serde_json::from_slice::<CleanBatch>(bytes).ok().map(|b| b.0)
}

struct CleanBatch(Vec<Incoming>);

/// A key of the body: `events`, or any other (ignored, as the tree reading ignores it).
enum BatchKey {
    Events,
    Other,
}

/// A key of an event; an unknown one makes the event unclean.
enum EventKey {
    EventId,
    CustomerId,
    EventName,
    Timestamp,
    Metadata,
}

struct KeyVisitor<K>(fn(&str) -> Option<K>);

impl<K> Visitor<'_> for KeyVisitor<K> {
    type Value = K;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a known key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<K, E> {
        (self.0)(v).ok_or_else(|| E::custom("unknown key"))
    }
}

impl<'de> Deserialize<'de> for BatchKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_identifier(KeyVisitor(|k| {
            Some(if k == "events" {
                BatchKey::Events
            } else {
                BatchKey::Other
            })
        }))
    }
}

impl<'de> Deserialize<'de> for EventKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_identifier(KeyVisitor(|k| match k {
            "event_id" => Some(EventKey::EventId),
            "customer_id" => Some(EventKey::CustomerId),
            "event_name" => Some(EventKey::EventName),
            "timestamp" => Some(EventKey::Timestamp),
            "metadata" => Some(EventKey::Metadata),
            _ => None,
        }))
    }
}

impl<'de> Deserialize<'de> for CleanBatch {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CleanBatch;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object with events")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CleanBatch, A::Error> {
                let mut events = None;
                while let Some(key) = map.next_key::<BatchKey>()? {
                    match key {
                        // A second `events` (the tree keeps the last) is left to the tree.
                        BatchKey::Events if events.is_some() => {
                            return Err(de::Error::custom("events twice"));
                        }
                        BatchKey::Events => events = Some(map.next_value::<CleanEvents>()?.0),
                        BatchKey::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                events
                    .map(CleanBatch)
                    .ok_or_else(|| de::Error::missing_field("events"))
            }
        }
        d.deserialize_map(V)
    }
}

struct CleanEvents(Vec<Incoming>);

impl<'de> Deserialize<'de> for CleanEvents {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CleanEvents;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array of events")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<CleanEvents, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(CleanEvent(raw)) = seq.next_element()? {
                    out.push(Incoming::Event(raw));
                }
                Ok(CleanEvents(out))
            }
        }
        d.deserialize_seq(V)
    }
}

struct CleanEvent(RawEvent);

impl<'de> Deserialize<'de> for CleanEvent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CleanEvent;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a clean event")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CleanEvent, A::Error> {
                let unclean = || de::Error::custom("unclean event");
                let (mut event_id, mut customer_id, mut event_name) = (None, None, None);
                let mut timestamp = None;
                let mut metadata = Map::new();
                // A repeated key keeps its last value, as in the tree.
                while let Some(key) = map.next_key::<EventKey>()? {
                    match key {
                        EventKey::EventId => event_id = Some(map.next_value::<String>()?),
                        EventKey::CustomerId => customer_id = Some(map.next_value::<String>()?),
                        EventKey::EventName => event_name = Some(map.next_value::<String>()?),
                        EventKey::Timestamp => {
                            timestamp = match map.next_value::<Value>()? {
                                Value::Null => None,
                                // Unix seconds as a JSON number: the same digits as text.
                                Value::Number(n) => Some(n.to_string()),
                                Value::String(s) => Some(s),
                                _ => return Err(unclean()),
                            }
                        }
                        EventKey::Metadata => {
                            metadata = match map.next_value::<Value>()? {
                                Value::Null => Map::new(),
                                Value::Object(m) => m,
                                _ => return Err(unclean()),
                            }
                        }
                    }
                }
                Ok(CleanEvent(RawEvent {
                    event_id: event_id.ok_or_else(unclean)?,
                    customer_id: customer_id.ok_or_else(unclean)?,
                    event_name: event_name.ok_or_else(unclean)?,
                    timestamp,
                    metadata,
                    upload_row: None,
                }))
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::events::read_event;
    use proptest::prelude::*;

    /// What the tree reading makes of the body's events (the reference).
    fn by_tree(body: &str) -> Option<Vec<String>> {
        let Ok(Value::Object(mut obj)) = serde_json::from_str::<Value>(body) else {
            return None;
        };
        let Some(Value::Array(events)) = obj.remove("events") else {
            return None;
        };
        Some(
            events
                .into_iter()
                .map(read_event)
                .map(|i| format!("{i:?}"))
                .collect(),
        )
    }

    fn by_bytes(body: &str) -> Option<Vec<String>> {
        read_clean(body.as_bytes()).map(|items| items.iter().map(|i| format!("{i:?}")).collect())
    }

    #[test]
    fn a_clean_batch_reads_as_the_tree_reads_it() {
        for body in [
            r#"{"events": []}"#,
            r#"{"events": [{"event_id": "e1", "customer_id": "c1", "event_name": "api.call"}]}"#,
            r#"{"other": {"x": [1, 2]}, "events": [
                {"event_id": "e1", "customer_id": "c1", "event_name": "n", "timestamp": 1767225600,
                 "metadata": {"tokens": 1.50, "b": true, "s": "x\u0000y", "t": 1e3}},
                {"metadata": null, "timestamp": null, "event_name": "n", "customer_id": "c",
                 "event_id": "e2"},
                {"event_id": "e3", "customer_id": "c", "event_name": "n",
                 "timestamp": "2026-01-01T00:00:00Z", "metadata": {"k": 1, "k": 2}},
                {"event_id": "e4", "event_id": "e5", "customer_id": "c", "event_name": "n",
                 "timestamp": -0, "metadata": {}}
            ], "more": null}"#,
        ] {
            let bytes = by_bytes(body);
            assert!(bytes.is_some(), "{body}");
            assert_eq!(bytes, by_tree(body), "{body}");
        }
    }

    /// A field of an event as JSON text: each of the kinds a sender might put there.
    fn field_value() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z0-9é\\\\]{0,6}".prop_map(|s| format!("{:?}", s)),
            Just("\"x\\u0000y\"".to_string()),
            (-5i64..2_000_000_000).prop_map(|n| n.to_string()),
            Just("1.5e9".to_string()),
            Just("-0".to_string()),
            Just("null".to_string()),
            Just("true".to_string()),
            Just("[1]".to_string()),
            Just("{\"tokens\": 7, \"m\": \"large\", \"tokens\": 8.50}".to_string()),
            Just("{}".to_string()),
        ]
    }

    /// An event object as JSON text: some of the known keys (possibly twice), possibly another.
    fn event_text() -> impl Strategy<Value = String> {
        let keys = [
            "event_id",
            "customer_id",
            "event_name",
            "timestamp",
            "metadata",
            "extra",
        ];
        proptest::collection::vec((0..keys.len(), field_value()), 0..8).prop_map(move |fields| {
            let inner: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{:?}: {v}", keys[*k]))
                .collect();
            format!("{{{}}}", inner.join(", "))
        })
    }

    proptest! {
        /// Whatever the events hold, the bytes reading either leaves the body to the tree or
        /// reads it exactly as the tree does.
        #[test]
        fn the_bytes_reading_never_disagrees_with_the_tree(
            events in proptest::collection::vec(event_text(), 0..4),
            clean in proptest::collection::vec(
                ("[a-z]{1,4}", "[a-z]{1,4}", "[a-z.]{1,4}", 0i64..2_000_000_000),
                0..3,
            ),
        ) {
            let mut all = events;
            all.extend(clean.iter().map(|(id, c, n, ts)| {
                format!(r#"{{"event_id": "{id}", "customer_id": "{c}", "event_name": "{n}", "timestamp": {ts}}}"#)
            }));
            let body = format!(r#"{{"events": [{}]}}"#, all.join(", "));
            if let Some(read) = by_bytes(&body) {
                prop_assert_eq!(Some(read), by_tree(&body), "{}", body);
            }
        }
    }

    #[test]
    fn anything_else_is_left_to_the_tree() {
        for body in [
            "",
            "[]",
            r#"{"events": {}}"#,
            r#"{"batch": []}"#,
            r#"{"events": [], "events": []}"#,
            r#"{"events": [7]}"#,
            r#"{"events": [{"event_id": "e", "customer_id": "c"}]}"#,
            r#"{"events": [{"event_id": null, "customer_id": "c", "event_name": "n"}]}"#,
            r#"{"events": [{"event_id": "e", "customer_id": 7, "event_name": "n"}]}"#,
            r#"{"events": [{"event_id": "e", "customer_id": "c", "event_name": "n", "extra": 1}]}"#,
            r#"{"events": [{"event_id": "e", "customer_id": "c", "event_name": "n", "timestamp": true}]}"#,
            r#"{"events": [{"event_id": "e", "customer_id": "c", "event_name": "n", "metadata": [1]}]}"#,
            r#"{"events": [{"event_id": "e", "customer_id": "c", "event_name": "n"}"#,
            r#"{"events": []} trailing"#,
        ] {
            assert_eq!(by_bytes(body), None, "{body}");
        }
    }
}
