//! After a batch commits, its block's events go to the readers' memory of the queued tail
//! (`rollups::tail_memory`) as the store wrote them: the first page that adds the queued tail,
//! and the roller, then take them from there instead of reading the block back from `events`.
//! Nothing depends on it: a block not handed over is read from the database as before.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::model::Checked;
use super::repo::QueuedAs;
use crate::metering::numeric::number_text;
use crate::meters::rollups::repo::{BLOCK_BITS, QueuedEvent};
use crate::meters::rollups::tail_memory;

/// Hands the block of a committed batch over: `events` in receipt order (event `i` has receipt
/// number `first_seq + i`), `stored` whether each id was stored by this batch (the others were
/// taken already). Only when every stored event reads back exactly as it was sent: its metadata
/// from `jsonb` (numbers as PostgreSQL prints them; otherwise a unique count could tell `1e3`
/// from `1000` before the block is rolled and not after), and its timestamp to the microsecond.
pub fn hand_over(events: &[&Checked], first_seq: i64, stored: impl Fn(&str) -> bool, queued: QueuedAs) {
    let mut out = Vec::new();
    for (i, e) in events.iter().enumerate() {
        if !stored(&e.event_id) {
            continue;
        }
        // PostgreSQL keeps microseconds (and rounds finer fractions).
        if !reads_back_the_same(&e.metadata) || e.timestamp.timestamp_subsec_nanos() % 1_000 != 0 {
            return;
        }
        out.push(queued_event(e, first_seq + i as i64, queued.received_at));
    }
    if out.is_empty() {
        return;
    }
    tail_memory::hand_over(queued.database, first_seq >> BLOCK_BITS, queued.version, out);
}

fn queued_event(e: &Checked, seq: i64, received_at: DateTime<Utc>) -> QueuedEvent {
    QueuedEvent {
        customer_id: e.customer_id.clone(),
        event_name: e.event_name.clone(),
        ts: e.timestamp,
        seq,
        metadata: Value::Object(e.metadata.clone()),
        received_at,
    }
}

/// Whether `jsonb` gives this (flat) metadata back as it is: every number already in the form
/// PostgreSQL prints.
fn reads_back_the_same(metadata: &Map<String, Value>) -> bool {
    metadata.values().all(|v| match v {
        Value::Number(n) => number_text(n) == n.as_str(),
        Value::Array(_) | Value::Object(_) => false,
        _ => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_metadata_that_jsonb_prints_back_the_same_is_handed_over() {
        let same = |v: Value| reads_back_the_same(v.as_object().unwrap());
        assert!(same(
            json!({"a": "x", "b": true, "c": null, "d": 1.50, "e": -3, "f": 0.0})
        ));
        // jsonb prints these as 1000, 0 and 10.
        assert!(!same(serde_json::from_str(r#"{"a": 1e3}"#).unwrap()));
        assert!(!same(serde_json::from_str(r#"{"a": -0}"#).unwrap()));
        assert!(!same(serde_json::from_str(r#"{"a": 1.0E1}"#).unwrap()));
        assert!(!same(json!({"a": [1]})));
    }
}
