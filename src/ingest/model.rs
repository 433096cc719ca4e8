//! What goes into the ingest pipeline and what comes out, whichever path the events took.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value};

use crate::metering::Counted;

/// An event as it arrived, not yet checked. `timestamp` is the text sent, if any.
#[derive(Debug, Clone, Default)]
pub struct RawEvent {
    pub event_id: String,
    pub customer_id: String,
    pub event_name: String,
    pub timestamp: Option<String>,
    pub metadata: Map<String, Value>,
    /// The upload row (line in the file) it came from.
    pub upload_row: Option<i32>,
}

/// One item of a batch: an event to check, or one already refused while reading it (a
/// malformed JSON object, a bad CSV row) that keeps its place in the verdicts.
#[derive(Debug, Clone)]
pub enum Incoming {
    Event(RawEvent),
    Refused {
        event_id: Option<String>,
        code: &'static str,
        message: String,
    },
    /// Already seen earlier in the same upload (a dry run reads a file in chunks).
    Duplicate {
        event_id: String,
    },
}

/// Where a batch came from (lineage, stored on every event).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Api {
        api_key_id: i64,
    },
    Manual {
        operator_id: i64,
    },
    Upload {
        upload_id: i64,
        operator_id: Option<i64>,
        api_key_id: Option<i64>,
    },
    /// Stripe's meter events, through the Stripe surface (`/stripe`).
    Stripe {
        api_key_id: i64,
    },
    /// CloudEvents posted to `POST /api/v1/events`.
    CloudEvents {
        api_key_id: i64,
    },
}

impl Source {
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Api { .. } => "api",
            Source::Manual { .. } => "manual",
            Source::Upload { .. } => "upload",
            Source::Stripe { .. } => "stripe",
            Source::CloudEvents { .. } => "cloudevents",
        }
    }
    pub fn api_key_id(&self) -> Option<i64> {
        match self {
            Source::Api { api_key_id }
            | Source::Stripe { api_key_id }
            | Source::CloudEvents { api_key_id } => Some(*api_key_id),
            Source::Upload { api_key_id, .. } => *api_key_id,
            Source::Manual { .. } => None,
        }
    }
    pub fn operator_id(&self) -> Option<i64> {
        match self {
            Source::Manual { operator_id } => Some(*operator_id),
            Source::Upload { operator_id, .. } => *operator_id,
            Source::Api { .. } | Source::Stripe { .. } | Source::CloudEvents { .. } => None,
        }
    }
    pub fn upload_id(&self) -> Option<i64> {
        match self {
            Source::Upload { upload_id, .. } => Some(*upload_id),
            _ => None,
        }
    }
}

/// The rules that differ by path.
#[derive(Debug, Clone)]
pub struct Rules {
    pub now: DateTime<Utc>,
    /// Events further in the future are refused (clock skew allowance).
    pub max_future: Duration,
    /// Events older than this are refused (the API's window; CSV and manual entry backfill).
    pub max_age: Option<Duration>,
    /// Refuse events no active meter listens to (CSV rows), instead of storing them as unmatched.
    pub require_listening_meter: bool,
}

impl Rules {
    pub fn api(now: DateTime<Utc>, max_age_days: i64) -> Rules {
        Rules {
            now,
            max_future: Duration::minutes(5),
            max_age: Some(Duration::days(max_age_days)),
            require_listening_meter: false,
        }
    }
    pub fn backfill(now: DateTime<Utc>) -> Rules {
        Rules {
            now,
            max_future: Duration::minutes(5),
            max_age: None,
            require_listening_meter: true,
        }
    }
}

/// An event that passed the checks that need no database.
#[derive(Debug, Clone)]
pub struct Checked {
    pub index: usize,
    pub event_id: String,
    pub customer_id: String,
    pub event_name: String,
    pub timestamp: DateTime<Utc>,
    pub metadata: Map<String, Value>,
    pub upload_row: Option<i32>,
}

/// What happened to one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Stored; `counted` says whether any active meter counts it (else it is unmatched).
    Ingested {
        counted: bool,
    },
    /// Its event_id was seen before (earlier, or in this batch): not counted again.
    Duplicate,
    Rejected {
        code: &'static str,
        message: String,
    },
}

/// The result of a batch, in the order the events came.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub verdicts: Vec<Verdict>,
    /// Event ids, in order (None for items refused before an id could be read).
    pub event_ids: Vec<Option<String>>,
    /// What each meter gained per customer from the new events (a unique count's values too);
    /// left empty by `pipeline::run_together` (API batches, whose answer never shows it).
    pub gains: BTreeMap<(String, String), Counted>,
}

impl Outcome {
    pub fn ingested(&self) -> usize {
        self.verdicts
            .iter()
            .filter(|v| matches!(v, Verdict::Ingested { .. }))
            .count()
    }
    pub fn unmatched(&self) -> usize {
        self.verdicts
            .iter()
            .filter(|v| matches!(v, Verdict::Ingested { counted: false }))
            .count()
    }
    pub fn duplicates(&self) -> usize {
        self.verdicts
            .iter()
            .filter(|v| matches!(v, Verdict::Duplicate))
            .count()
    }
    pub fn rejected(&self) -> usize {
        self.verdicts
            .iter()
            .filter(|v| matches!(v, Verdict::Rejected { .. }))
            .count()
    }
}

/// Limits on one event (SPEC "Usage event").
pub const MAX_EVENT_ID_CHARS: usize = 255;
pub const MAX_EVENT_NAME_CHARS: usize = 200;
pub use crate::metering::metadata::{MAX_KEY_CHARS, MAX_METADATA_KEYS, MAX_STRING_VALUE_CHARS};
