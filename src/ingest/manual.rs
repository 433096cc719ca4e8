//! Manual entry from a meter's page: a customer, a value, an optional time and extra
//! properties become one event (or, for a count meter, that many) through the same pipeline.

use chrono::Utc;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::model::{Incoming, Outcome, RawEvent, Rules, Source, Verdict};
use super::pipeline::{self, Mode};
use crate::db::Conn;
use crate::ids::new_id;
use crate::metering::{AggregationKind, numeral};
use crate::meters::model::Meter;
use crate::web::form::FieldErrors;

/// Most events one count entry may add.
pub const MAX_COUNT: u32 = 1000;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ManualForm {
    #[serde(default)]
    pub customer_id: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub timestamp: String,
    /// `key=value` per line: properties the meter's filter looks at.
    #[serde(default)]
    pub properties: String,
}

/// What was recorded.
pub struct Recorded {
    pub events: usize,
    pub event_ids: Vec<String>,
}

fn properties(text: &str, errors: &mut FieldErrors) -> Map<String, Value> {
    let mut map = Map::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match line.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => {
                map.insert(k.trim().to_string(), Value::String(v.trim().to_string()));
            }
            _ => errors.add(
                "properties",
                format!(
                    "Line {}: write each property as key=value, e.g. region=eu.",
                    n + 1
                ),
            ),
        }
    }
    map
}

/// Checks the form, then records through the pipeline; field errors name what to fix.
pub fn record(
    conn: &mut Conn,
    operator_id: i64,
    meter: &Meter,
    form: &ManualForm,
) -> Result<Recorded, FieldErrors> {
    let mut errors = FieldErrors::new();
    if !meter.is_active() {
        errors.add("value", "This meter is archived and takes no new events.");
        return Err(errors);
    }
    let customer_id = form.customer_id.trim().to_string();
    if customer_id.is_empty() {
        errors.add("customer_id", "Choose a customer.");
    }
    let mut metadata = properties(&form.properties, &mut errors);
    let kind = meter.aggregation.kind();
    let mut copies = 1u32;
    match (kind, meter.aggregation.key()) {
        (AggregationKind::Count, _) => match form.value.trim() {
            "" => {}
            v => match v.parse::<u32>() {
                Ok(n) if (1..=MAX_COUNT).contains(&n) => copies = n,
                _ => errors.add(
                    "value",
                    format!("For a count meter, enter how many events to add: 1 to {MAX_COUNT}."),
                ),
            },
        },
        (_, Some(key)) => match numeral(form.value.trim()) {
            Some(_) => {
                metadata.insert(key.to_string(), Value::String(form.value.trim().to_string()));
            }
            None => errors.add(
                "value",
                format!("Enter the {key} as a number, e.g. 250 or 0.5 (no thousands separators)."),
            ),
        },
        (_, None) => errors.add("value", "This meter has no property to record."),
    }
    let timestamp = match form.timestamp.trim() {
        "" => None,
        t => Some(t.to_string()),
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    // Say plainly when the meter would not count it, instead of storing it unmatched.
    if let Some(filter) = &meter.filter {
        let why = filter.explain(&metadata);
        if !why.matched {
            let failed: Vec<String> = why
                .nodes
                .iter()
                .filter(|n| !n.is_group && !n.held)
                .map(|n| format!("{} ({})", n.text, n.reason))
                .collect();
            errors.add(
                "properties",
                format!(
                    "This meter's filter would not count the event: {}. Add the properties it needs below.",
                    failed.join("; ")
                ),
            );
            return Err(errors);
        }
    }
    let base = new_id("man");
    let items: Vec<Incoming> = (0..copies)
        .map(|i| {
            Incoming::Event(RawEvent {
                event_id: if copies == 1 {
                    base.clone()
                } else {
                    format!("{base}-{}", i + 1)
                },
                customer_id: customer_id.clone(),
                event_name: meter.row.event_name.clone(),
                timestamp: timestamp.clone(),
                metadata: metadata.clone(),
                upload_row: None,
            })
        })
        .collect();
    let outcome: Outcome = pipeline::run(
        conn,
        items,
        Source::Manual { operator_id },
        &Rules::backfill(Utc::now()),
        Mode::Commit,
    )
    .map_err(|e| FieldErrors::one("value", e.public_message()))?;
    if let Some(Verdict::Rejected { code, message }) = outcome
        .verdicts
        .iter()
        .find(|v| matches!(v, Verdict::Rejected { .. }))
    {
        let field = match *code {
            "unknown_customer" | "missing_customer_id" => "customer_id",
            "invalid_timestamp" | "timestamp_in_future" => "timestamp",
            "invalid_metadata" => "properties",
            _ => "value",
        };
        return Err(FieldErrors::one(field, capitalise(message)));
    }
    Ok(Recorded {
        events: outcome.ingested(),
        event_ids: outcome.event_ids.into_iter().flatten().collect(),
    })
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
