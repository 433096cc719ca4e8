//! Rows the events pages read, and what the pages show of them.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamptz};
use serde_json::{Map, Value};

use crate::db::schema::{events, voided_events};
use crate::metering::{Explanation, numeral};
use crate::meters::model::MeterStatus;
use crate::paging::Cursor;

/// One line of the events table (no metadata: it can be large and the table does not show it).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct ListRow {
    pub event_id: String,
    pub seq: i64,
    pub customer_id: String,
    pub event_name: String,
    pub ts: DateTime<Utc>,
    pub source: String,
    pub upload_id: Option<i64>,
    pub upload_row: Option<i32>,
}

impl ListRow {
    /// The keyset position: (timestamp, receipt order).
    pub fn cursor(&self) -> Cursor {
        Cursor {
            created_at: self.ts,
            id: self.seq.to_string(),
        }
    }
}

/// A cursor from the URL as the (ts, seq) key it stands for; anything else starts over.
pub fn decode_cursor(raw: Option<&str>) -> Option<(DateTime<Utc>, i64)> {
    let c = Cursor::decode(raw?)?;
    Some((c.created_at, c.id.parse().ok()?))
}

/// A stored event, all fields.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct EventRow {
    pub event_id: String,
    pub seq: i64,
    pub customer_id: String,
    pub event_name: String,
    pub ts: DateTime<Utc>,
    pub metadata: Value,
    pub received_at: DateTime<Utc>,
    pub source: String,
    pub api_key_id: Option<i64>,
    pub operator_id: Option<i64>,
    pub upload_id: Option<i64>,
    pub upload_row: Option<i32>,
}

impl EventRow {
    /// The keyset position: (timestamp, receipt order).
    pub fn cursor(&self) -> Cursor {
        Cursor {
            created_at: self.ts,
            id: self.seq.to_string(),
        }
    }
}

/// A voided event: of a rolled-back upload, or voided on its own (with a reason).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = voided_events)]
pub struct VoidedRow {
    pub event_id: String,
    pub seq: i64,
    pub customer_id: String,
    pub event_name: String,
    pub ts: DateTime<Utc>,
    pub metadata: Value,
    pub received_at: DateTime<Utc>,
    pub source: String,
    pub api_key_id: Option<i64>,
    pub operator_id: Option<i64>,
    pub upload_id: Option<i64>,
    pub upload_row: Option<i32>,
    pub voided_at: DateTime<Utc>,
    /// Why it was voided on its own; None for an upload's rollback.
    pub reason: Option<String>,
}

impl VoidedRow {
    /// The event as it was stored, and when it was voided.
    pub fn split(self) -> (EventRow, DateTime<Utc>) {
        (
            EventRow {
                event_id: self.event_id,
                seq: self.seq,
                customer_id: self.customer_id,
                event_name: self.event_name,
                ts: self.ts,
                metadata: self.metadata,
                received_at: self.received_at,
                source: self.source,
                api_key_id: self.api_key_id,
                operator_id: self.operator_id,
                upload_id: self.upload_id,
                upload_row: self.upload_row,
            },
            self.voided_at,
        )
    }
}

/// A meter in the filter's select.
#[derive(Debug, Clone, Queryable)]
pub struct MeterOption {
    pub id: String,
    pub name: String,
    pub event_name: String,
    pub status: String,
}

impl MeterOption {
    pub fn is_active(&self) -> bool {
        self.status == MeterStatus::Active.as_str()
    }
}

/// One metadata entry, with its JSON type (entries sorted by key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaEntry {
    pub key: String,
    /// Strings as they are (no quotes), other values as JSON.
    pub value: String,
    /// `string`, `number`, `boolean`, `null`, `list`, `object`.
    pub kind: &'static str,
    /// A string that is a plain decimal numeral, so aggregations and filters read it as a number.
    pub numeric_text: bool,
}

pub fn meta_entries(metadata: &Value) -> Vec<MetaEntry> {
    let Some(map) = metadata.as_object() else {
        return Vec::new();
    };
    let mut entries: Vec<MetaEntry> = map
        .iter()
        .map(|(key, v)| {
            let (value, kind, numeric_text) = match v {
                Value::String(s) => (s.clone(), "string", numeral(s).is_some()),
                Value::Number(n) => (n.to_string(), "number", false),
                Value::Bool(b) => (b.to_string(), "boolean", false),
                Value::Null => ("null".to_string(), "null", false),
                Value::Array(_) => (v.to_string(), "list", false),
                Value::Object(_) => (v.to_string(), "object", false),
            };
            MetaEntry {
                key: key.clone(),
                value,
                kind,
                numeric_text,
            }
        })
        .collect();
    entries.sort_by(|a, b| a.key.cmp(&b.key));
    entries
}

/// The metadata as a map (an event always stores an object; anything else reads as empty).
pub fn metadata_map(metadata: &Value) -> Map<String, Value> {
    metadata.as_object().cloned().unwrap_or_default()
}

/// Where an event came from, with the names looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lineage {
    /// Sent over the API with a key (its name, if the key still exists).
    Api {
        key_id: Option<i64>,
        key: Option<KeyRef>,
    },
    /// Entered on a meter page by an operator (their email, if they still exist).
    Manual {
        operator_id: Option<i64>,
        email: Option<String>,
    },
    /// A row of a CSV upload.
    Upload {
        upload_id: Option<i64>,
        row: Option<i32>,
        upload: Option<UploadRef>,
    },
    /// Sent with a key through a compatibility surface: `Stripe` (meter events) or
    /// `CloudEvents`.
    Surface {
        surface: &'static str,
        key_id: Option<i64>,
        key: Option<KeyRef>,
    },
    /// A source this version does not know.
    Other(String),
}

/// An API key as lineage names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRef {
    pub id: i64,
    pub name: String,
    pub revoked: bool,
}

/// An upload as lineage names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadRef {
    pub id: i64,
    pub file_name: String,
    pub created_at: DateTime<Utc>,
    pub rolled_back_at: Option<DateTime<Utc>>,
    /// Who uploaded it: an operator's email or an API key.
    pub by_email: Option<String>,
    pub by_key: Option<KeyRef>,
}

/// Whether one meter counts the event, and why not.
#[derive(Debug, Clone)]
pub struct MeterVerdict {
    pub meter_id: String,
    pub meter_name: String,
    pub unit: String,
    pub aggregation_words: String,
    /// The aggregation as stored (`count`, `sum`, …) and its property, for the page to word.
    pub aggregation_kind: &'static str,
    pub aggregation_key: Option<String>,
    /// The filter itself, for the page to word in its language.
    pub filter: Option<crate::metering::Filter>,
    pub active: bool,
    pub archived_at: Option<DateTime<Utc>>,
    /// Archived before the event was received: the meter no longer took it.
    pub received_after_archive: bool,
    /// The filter, condition by condition (none when the meter has no filter).
    pub explanation: Option<Explanation>,
    /// The value it adds (`sum`/`max`/`last`), as exact decimal text.
    pub value: Option<String>,
    /// Why the aggregation cannot read a value from it (`to_string` in English).
    pub value_error: Option<crate::metering::ValueError>,
    pub counted: bool,
}

/// One event name of the troubleshooting view.
#[derive(Debug, Clone, QueryableByName)]
pub struct NameGroup {
    #[diesel(sql_type = Text)]
    pub event_name: String,
    #[diesel(sql_type = BigInt)]
    pub events: i64,
    #[diesel(sql_type = Timestamptz)]
    pub first_ts: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    pub last_ts: DateTime<Utc>,
    #[diesel(sql_type = BigInt)]
    pub customers: i64,
    #[diesel(sql_type = Text)]
    pub example_id: String,
}

/// Events of one name in a window, and those a filter excludes.
#[derive(Debug, Clone)]
pub struct ExclusionCount {
    pub total: i64,
    pub excluded: i64,
    pub customers: i64,
    pub first_ts: Option<DateTime<Utc>>,
    pub last_ts: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, QueryableByName)]
pub struct NameRow {
    #[diesel(sql_type = Text)]
    pub event_name: String,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn metadata_entries_name_their_json_type() {
        let rows = meta_entries(&json!({"region": "eu", "tokens": 12, "n": "400", "pro": true}));
        let seen: Vec<(&str, &str, &str, bool)> = rows
            .iter()
            .map(|r| (r.key.as_str(), r.value.as_str(), r.kind, r.numeric_text))
            .collect();
        assert_eq!(
            seen,
            vec![
                ("n", "400", "string", true),
                ("pro", "true", "boolean", false),
                ("region", "eu", "string", false),
                ("tokens", "12", "number", false),
            ]
        );
    }

    #[test]
    fn cursors_carry_the_receipt_order() {
        let row = ListRow {
            event_id: "e.1:x".into(),
            seq: 42,
            customer_id: "c".into(),
            event_name: "n".into(),
            ts: Utc::now(),
            source: "api".into(),
            upload_id: None,
            upload_row: None,
        };
        let key = decode_cursor(Some(&row.cursor().encode()));
        assert_eq!(
            key.map(|(t, s)| (t.timestamp_micros(), s)),
            Some((row.ts.timestamp_micros(), 42))
        );
        assert_eq!(decode_cursor(Some("123.abc")), None);
        assert_eq!(decode_cursor(None), None);
    }
}
