//! Events stored straight through the ingest pipeline, as an operator's backfill (operator #0)
//! would store them: any timestamp the backfill rules accept, and no HTTP request (so nothing
//! the app's request middleware does, such as making the analytics page cache stale).

use chrono::{DateTime, Utc};
use meterdesk::ingest::model::{Incoming, RawEvent, Rules, Source};
use meterdesk::ingest::pipeline::{self, Mode};
use serde_json::Value;

use super::app::TestApp;

/// One event; `metadata` must be a JSON object (anything else stores none).
pub fn raw(
    id: impl Into<String>,
    customer: &str,
    name: &str,
    ts: DateTime<Utc>,
    metadata: &Value,
) -> RawEvent {
    RawEvent {
        event_id: id.into(),
        customer_id: customer.into(),
        event_name: name.into(),
        timestamp: Some(ts.to_rfc3339()),
        metadata: metadata.as_object().cloned().unwrap_or_default(),
        upload_row: None,
    }
}

/// Stores every event; panics if any is rejected.
pub fn store(app: &TestApp, events: impl IntoIterator<Item = RawEvent>) {
    let out = pipeline::run(
        &mut app.conn(),
        events.into_iter().map(Incoming::Event).collect(),
        Source::Manual { operator_id: 0 },
        &Rules::backfill(Utc::now()),
        Mode::Commit,
    )
    .unwrap();
    assert_eq!(out.rejected(), 0, "{:?}", out.verdicts);
}
