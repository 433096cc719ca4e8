//! After a batch commits, its block's events go to the readers' memory of the queued tail
//! (`rollups::tail_memory`) as the store wrote them: the first page that adds the queued tail,
//! and the roller, then take them from there instead of reading the block back from `events`.
//! Nothing depends on it: a block not handed over is read from the database as before.

use std::sync::Arc;

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
        if !reads_back(e) {
            return;
        }
        out.push(queued_event(e, first_seq + i as i64, queued.received_at));
    }
    give(queued, first_seq, out);
}

/// [`hand_over`] of a batch stored alone: `checked` are its checked events, of which those at
/// `picks` were stored, in that order. When no other batch shares the events, their fields are
/// moved, not copied (the copies of every event's metadata were 3 % of the server's samples in
/// B6's closed loop). If `picks` names an event twice or a position past them, nothing is
/// handed over.
pub fn hand_over_owned(
    checked: Arc<Vec<Checked>>,
    picks: &[usize],
    first_seq: i64,
    stored: impl Fn(&str) -> bool,
    queued: QueuedAs,
) {
    let events = match Arc::try_unwrap(checked) {
        Ok(events) => events,
        Err(shared) => {
            let Some(batch) = picks.iter().map(|&p| shared.get(p)).collect::<Option<Vec<_>>>() else {
                return;
            };
            return hand_over(&batch, first_seq, stored, queued);
        }
    };
    if let Some(out) = moved(events, picks, first_seq, stored, queued.received_at) {
        give(queued, first_seq, out);
    }
}

/// The stored events among `picks` (the `i`-th pick has receipt number `first_seq + i`), moved
/// out of `events`; `None` when one does not read back as sent or `picks` names an event twice
/// or a position past them.
fn moved(
    events: Vec<Checked>,
    picks: &[usize],
    first_seq: i64,
    stored: impl Fn(&str) -> bool,
    received_at: DateTime<Utc>,
) -> Option<Vec<QueuedEvent>> {
    let handed = |e: &Checked| !stored(&e.event_id) || reads_back(e);
    if !picks.iter().all(|&p| events.get(p).is_some_and(handed)) {
        return None;
    }
    let mut slots: Vec<Option<Checked>> = events.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(picks.len());
    for (i, &p) in picks.iter().enumerate() {
        let e = slots.get_mut(p).and_then(Option::take)?;
        if stored(&e.event_id) {
            out.push(QueuedEvent {
                customer_id: e.customer_id,
                event_name: e.event_name,
                ts: e.timestamp,
                seq: first_seq + i as i64,
                metadata: Value::Object(e.metadata),
                received_at,
            });
        }
    }
    Some(out)
}

/// Whether a stored event reads back as it was sent: its metadata, and its timestamp
/// (PostgreSQL keeps microseconds and rounds finer fractions).
fn reads_back(e: &Checked) -> bool {
    reads_back_the_same(&e.metadata) && e.timestamp.timestamp_subsec_nanos() % 1_000 == 0
}

fn give(queued: QueuedAs, first_seq: i64, events: Vec<QueuedEvent>) {
    if !events.is_empty() {
        tail_memory::hand_over(queued.database, first_seq >> BLOCK_BITS, queued.version, events);
    }
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

    fn checked(index: usize, id: &str, metadata: Value) -> Checked {
        Checked {
            index,
            event_id: id.into(),
            customer_id: format!("c{index}"),
            event_name: "api.call".into(),
            timestamp: DateTime::from_timestamp(1_767_225_600 + index as i64, 0).unwrap(),
            metadata: metadata.as_object().unwrap().clone(),
            upload_row: None,
        }
    }

    #[test]
    fn the_stored_picks_are_moved_with_their_receipt_numbers_or_none_at_all() {
        let at = DateTime::from_timestamp(1_767_225_700, 0).unwrap();
        let events = || {
            vec![
                checked(0, "a", json!({"n": 1})),
                checked(1, "refused", json!({})),
                checked(2, "taken", json!({})),
                checked(3, "b", json!({"model": "large"})),
            ]
        };
        let stored = |id: &str| id != "taken";
        // Picks 0, 2 and 3 (1 was refused): receipt numbers 100, 101, 102; "taken" is left out.
        let out = moved(events(), &[0, 2, 3], 100, stored, at).unwrap();
        let got: Vec<(&str, i64, &Value)> = out
            .iter()
            .map(|e| (e.customer_id.as_str(), e.seq, &e.metadata))
            .collect();
        assert_eq!(
            got,
            [
                ("c0", 100, &json!({"n": 1})),
                ("c3", 102, &json!({"model": "large"}))
            ]
        );
        assert!(
            out.iter()
                .all(|e| e.received_at == at && e.event_name == "api.call")
        );
        assert_eq!(out[1].ts, events()[3].timestamp);
        // A pick named twice, or past the events: nothing.
        assert!(moved(events(), &[0, 0], 100, stored, at).is_none());
        assert!(moved(events(), &[0, 4], 100, stored, at).is_none());
        // A stored event that would not read back as sent: nothing (a taken one does not count).
        let mut odd = events();
        odd[3]
            .metadata
            .insert("n".into(), serde_json::from_str("1e3").unwrap());
        assert!(moved(odd, &[0, 3], 100, stored, at).is_none());
        let mut odd_taken = events();
        odd_taken[2]
            .metadata
            .insert("n".into(), serde_json::from_str("1e3").unwrap());
        assert_eq!(moved(odd_taken, &[0, 2], 100, stored, at).unwrap().len(), 1);
    }

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
