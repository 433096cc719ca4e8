//! Manual entry from a meter's page: a customer, a value, an optional time and extra
//! properties become one event (or, for a count meter, that many) through the same pipeline.

use chrono::Utc;
use diesel::Connection;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::model::{Incoming, Outcome, RawEvent, Rules, Source, Verdict};
use super::pipeline::{self, Mode};
use crate::audit;
use crate::audit::Actor;
use crate::db::Conn;
use crate::error::AppError;
use crate::ids::new_id;
use crate::metering::{AggregationKind, numeral};
use crate::meters::model::Meter;
use crate::validation::FieldErrors;

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
    /// Ticked to record a negative value on purpose (it lowers the meter's usage).
    #[serde(default)]
    pub confirm_negative: Option<String>,
}

impl ManualForm {
    fn negative_confirmed(&self) -> bool {
        matches!(
            self.confirm_negative.as_deref(),
            Some("1" | "on" | "true" | "yes")
        )
    }
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

/// Checks the form, then records through the pipeline with an audit row, in one transaction.
/// The inner error lists what the operator should fix; the outer one is the database's.
pub fn record(
    conn: &mut Conn,
    actor: &Actor,
    meter: &Meter,
    form: &ManualForm,
) -> Result<Result<Recorded, FieldErrors>, AppError> {
    conn.transaction(|conn| record_in(conn, actor, meter, form))
}

fn record_in(
    conn: &mut Conn,
    actor: &Actor,
    meter: &Meter,
    form: &ManualForm,
) -> Result<Result<Recorded, FieldErrors>, AppError> {
    let Some(operator_id) = actor.operator_id() else {
        return Ok(Err(FieldErrors::one(
            "value",
            "Manual entries are made by an operator.",
        )));
    };
    let mut errors = FieldErrors::new();
    if !meter.is_active() {
        errors.add("value", "This meter is archived and takes no new events.");
        return Ok(Err(errors));
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
        // Any text: the value whose distinct occurrences the meter counts.
        (AggregationKind::UniqueCount, Some(key)) => match form.value.trim() {
            "" => errors.add(
                "value",
                format!("Enter the {key} this event counts, e.g. a user id."),
            ),
            v => {
                metadata.insert(key.to_string(), Value::String(v.to_string()));
            }
        },
        (_, Some(key)) => match numeral(form.value.trim()) {
            Some(n) if n.is_sign_negative() && !n.is_zero() && !form.negative_confirmed() => errors.add(
                "confirm_negative",
                format!(
                    "{} is negative: it lowers this meter's usage. Tick \"Record a negative value\" to record it anyway, or enter a positive number.",
                    form.value.trim()
                ),
            ),
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
        return Ok(Err(errors));
    }
    // Say plainly when the meter would not count it, instead of storing it unmatched.
    if let Some(filter) = &meter.filter {
        let why = filter.explain(&metadata);
        if !why.matched {
            let failed: Vec<String> = why
                .nodes
                .iter()
                .filter(|n| !n.is_group && !n.held)
                .map(|n| format!("{} ({})", n.text(), n.reason))
                .collect();
            errors.add(
                "properties",
                format!(
                    "This meter's filter would not count the event: {}. Add the properties it needs below.",
                    failed.join("; ")
                ),
            );
            return Ok(Err(errors));
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
    )?;
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
        return Ok(Err(FieldErrors::one(field, capitalise(message))));
    }
    let events = outcome.ingested();
    let event_ids: Vec<String> = outcome.event_ids.into_iter().flatten().collect();
    audit::record(
        conn,
        actor,
        "usage.manual_entry",
        "meter",
        &meter.row.id,
        json!({
            "customer_id": customer_id,
            "value": form.value.trim(),
            "timestamp": timestamp,
            "events": event_ids.len(),
            "event_ids": event_ids.iter().take(20).collect::<Vec<_>>(),
        }),
    )?;
    Ok(Ok(Recorded { events, event_ids }))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
