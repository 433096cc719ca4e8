//! The manual entry's refusals in the operator's language. `ingest::manual` checks the form and
//! words its refusals in English (its rules are the pipeline's); the portal knows from the form
//! and the meter which rule refused, and says it with the catalogue, the filter's reasons and a
//! bad timestamp included (found again from the form, as data).

use serde_json::{Map, Value};

use super::words;
use crate::ingest::manual::{MAX_COUNT, ManualForm};
use crate::metering::read_timestamp_in;
use crate::metering::{AggregationKind, numeral};
use crate::meters::model::Meter;
use crate::portal::analytics::timestamp_reason;
use crate::validation::FieldErrors;
use crate::web::locale::Locale;

/// `errors` from `ingest::manual::record` for `form` on `meter`, each rule's in `loc`'s words.
pub fn localise(loc: &Locale, meter: &Meter, form: &ManualForm, errors: &FieldErrors) -> FieldErrors {
    let mut bad_lines = bad_property_lines(&form.properties).into_iter();
    let value = form.value.trim();
    let mut out = FieldErrors::new();
    for (field, message) in errors.iter() {
        let text = match field.as_str() {
            "value" if !meter.is_active() => Some(loc.t("meters-manual-error-archived")),
            "value" => value_message(loc, meter, value),
            "customer_id" if form.customer_id.trim().is_empty() => {
                Some(loc.t("meters-manual-error-customer"))
            }
            "confirm_negative" => Some(loc.t1("meters-manual-error-negative", "value", value)),
            "properties" if message.starts_with("Line ") => bad_lines
                .next()
                .map(|line| loc.t1("meters-manual-error-property-line", "line", line)),
            "properties" => filter_message(loc, meter, form),
            // A time the parser reads (in the operator's zone) was refused for being ahead.
            "timestamp" => match read_timestamp_in(form.timestamp.trim(), loc.tz) {
                Err(e) => Some(capitalised(&timestamp_reason(
                    loc,
                    &e,
                    "meters-timestamp-formats",
                ))),
                Ok(t) => Some(loc.t1("meters-manual-error-future", "time", loc.datetime(t))),
            },
            _ => None,
        };
        out.add(field.as_str(), text.unwrap_or_else(|| message.clone()));
    }
    out
}

/// The form's own check of the value, if it is the one that refused.
fn value_message(loc: &Locale, meter: &Meter, value: &str) -> Option<String> {
    match (meter.aggregation.kind(), meter.aggregation.key()) {
        (AggregationKind::Count, _) => {
            let in_range =
                value.is_empty() || value.parse::<u32>().is_ok_and(|n| (1..=MAX_COUNT).contains(&n));
            (!in_range).then(|| loc.t1("meters-manual-error-count", "max", MAX_COUNT))
        }
        (AggregationKind::UniqueCount, Some(key)) => value
            .is_empty()
            .then(|| loc.t1("meters-manual-error-unique-value", "key", key)),
        (_, Some(key)) => numeral(value)
            .is_none()
            .then(|| loc.t1("meters-manual-error-number", "key", key)),
        (_, None) => Some(loc.t("meters-manual-error-no-property")),
    }
}

/// Why the meter's filter would not count the entry: its failed conditions with their reasons.
fn filter_message(loc: &Locale, meter: &Meter, form: &ManualForm) -> Option<String> {
    let mut metadata: Map<String, Value> = form
        .properties
        .lines()
        .filter_map(|line| line.split_once('='))
        .filter(|(k, _)| !k.trim().is_empty())
        .map(|(k, v)| (k.trim().to_string(), Value::String(v.trim().to_string())))
        .collect();
    if let (Some(key), value) = (meter.aggregation.key(), form.value.trim()) {
        if !value.is_empty() {
            metadata.insert(key.to_string(), Value::String(value.to_string()));
        }
    }
    let why = meter.filter.as_ref()?.explain(&metadata);
    let failed: Vec<String> = why
        .nodes
        .iter()
        .filter(|n| !n.is_group && !n.held)
        .map(|n| {
            format!(
                "{} ({})",
                words::explain_text(loc, n),
                words::explain_reason(loc, n)
            )
        })
        .collect();
    (!why.matched).then(|| loc.t1("meters-manual-error-filter", "reasons", failed.join("; ")))
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The numbers of the lines of the properties box that are not `key=value`, in order.
fn bad_property_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let line = line.trim();
            !line.is_empty() && line.split_once('=').is_none_or(|(k, _)| k.trim().is_empty())
        })
        .map(|(n, _)| n + 1)
        .collect()
}
