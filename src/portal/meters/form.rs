//! The posted meter form: plain fields, the filter builder's draft, and which button was used.

use super::builder::{self, Action, Node};
use crate::metering::{Aggregation, AggregationError, AggregationKind, Filter};
use crate::meters::model::{FORM_FIELDS, Meter, MeterFields, ValidMeter};
use crate::validation::FieldErrors;

#[derive(Debug, Clone)]
pub struct MeterForm {
    pub fields: MeterFields,
    pub filter_enabled: bool,
    pub filter: Node,
    pub action: Action,
}

impl MeterForm {
    pub fn blank() -> MeterForm {
        MeterForm {
            fields: MeterFields {
                aggregation: "count".into(),
                ..Default::default()
            },
            filter_enabled: false,
            filter: Node::new_group("and"),
            action: Action::Save,
        }
    }

    pub fn from_meter(m: &Meter) -> MeterForm {
        MeterForm {
            fields: MeterFields {
                name: m.row.name.clone(),
                description: m.row.description.clone(),
                event_name: m.row.event_name.clone(),
                aggregation: m.aggregation.kind().as_str().into(),
                aggregation_key: m.aggregation.key().unwrap_or("").into(),
                unit: m.row.unit.clone(),
            },
            filter_enabled: m.filter.is_some(),
            filter: m
                .filter
                .as_ref()
                .map(Node::from_filter)
                .unwrap_or_else(|| Node::new_group("and")),
            action: Action::Save,
        }
    }

    pub fn from_pairs(pairs: &[(String, String)]) -> MeterForm {
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let mut filter = builder::from_fields(pairs);
        if let Node::Group { children, .. } = &mut filter {
            if children.is_empty() {
                children.push(Node::empty_condition());
            }
        }
        let action = Action::parse(pairs.iter().find(|(k, _)| k == "action").map(|(_, v)| v.as_str()));
        // Using the builder means wanting a filter.
        let filter_enabled =
            get("filter_enabled") == "1" || !matches!(action, Action::Save | Action::Preview);
        MeterForm {
            fields: MeterFields {
                name: get("name"),
                description: get("description"),
                event_name: get("event_name"),
                aggregation: get("aggregation"),
                aggregation_key: get("aggregation_key"),
                unit: get("unit"),
            },
            filter_enabled,
            filter,
            action,
        }
    }

    /// Applies an Add / Remove button; true when the form is to be shown again, not saved.
    pub fn apply_action(&mut self) -> bool {
        if matches!(self.action, Action::Save | Action::Preview) {
            return false;
        }
        builder::apply(&mut self.filter, &self.action);
        true
    }

    pub fn validate(&self) -> Result<ValidMeter, FieldErrors> {
        let mut errors = FieldErrors::new();
        let filter = if self.filter_enabled {
            match Filter::from_json_at(&self.filter.to_json(), "filter") {
                Ok(f) => Some(f),
                Err(e) => {
                    let field = builder::field_for_error(&e);
                    let words = builder_words(&self.filter, &field, &e.message);
                    errors.add(field, words);
                    None
                }
            }
        } else {
            None
        };
        let valid = self.fields.validate(filter, &FORM_FIELDS, &mut errors);
        match valid {
            Some(v) if errors.is_empty() => Ok(v),
            _ => Err(self.property_in_form_words(errors)),
        }
    }

    /// The aggregation's errors name the field as the form labels it (Property), not as the
    /// API does (`sum needs a key`).
    fn property_in_form_words(&self, errors: FieldErrors) -> FieldErrors {
        let kind = self.fields.aggregation.trim();
        let key = self.fields.aggregation_key.trim();
        let mut out = FieldErrors::new();
        for (field, message) in errors.iter() {
            let message = if field != FORM_FIELDS.aggregation_key {
                message.clone()
            } else {
                match Aggregation::parse(kind, (!key.is_empty()).then_some(key)) {
                    Err(AggregationError::KeyMissing(k)) => format!(
                        "Property: enter the metadata key to read — {} needs one, e.g. tokens or bytes.",
                        aggregation_name(k)
                    ),
                    Err(AggregationError::KeyNotAllowed) => {
                        "Property: leave it empty for count, which counts events.".to_owned()
                    }
                    Err(AggregationError::KeyTooLong(n)) => {
                        format!("Property: this key is {n} characters long; use at most 100.")
                    }
                    Err(AggregationError::KeyHasNul) => {
                        "Property: the key must not contain the NUL character.".to_owned()
                    }
                    _ => message.clone(),
                }
            };
            out.add(field, message);
        }
        out
    }
}

/// An aggregation as the form's select names it.
fn aggregation_name(kind: AggregationKind) -> &'static str {
    match kind {
        AggregationKind::Count => "Count",
        AggregationKind::Sum => "Sum",
        AggregationKind::Max => "Max",
        AggregationKind::Min => "Min",
        AggregationKind::Avg => "Average",
        AggregationKind::Last => "Last",
        AggregationKind::UniqueCount => "Unique count",
    }
}

/// A filter error in the builder's words: which condition (numbered in the order shown, with
/// its key) or group it is about, and which field (`Condition 2 (tier): the key is empty…`).
fn builder_words(filter: &builder::Node, field: &str, message: &str) -> String {
    let (path, part) = field
        .strip_prefix("f.")
        .and_then(|f| f.rsplit_once('.'))
        .unwrap_or(("0", "conj"));
    let rows = builder::rows(filter);
    let condition = rows
        .iter()
        .filter_map(|r| match r {
            builder::Row::Cond { path, key, .. } => Some((path, key)),
            _ => None,
        })
        .enumerate()
        .find(|(_, (p, _))| p.as_str() == path);
    let which = match condition {
        Some((n, (_, key))) if key.trim().is_empty() => format!("Condition {}", n + 1),
        Some((n, (_, key))) => format!("Condition {} ({})", n + 1, key.trim()),
        None if path == "0" => "The filter".to_owned(),
        None => {
            let group = rows
                .iter()
                .filter_map(|r| match r {
                    builder::Row::Open { path, .. } if path != "0" => Some(path),
                    _ => None,
                })
                .position(|p| p == path)
                .map_or(0, |n| n + 1);
            format!("Group {group}")
        }
    };
    if part == "key" && message.starts_with("must not be empty") {
        return format!("{which}: the key is empty — give the metadata key to test, e.g. \"region\".");
    }
    let label = match part {
        "key" => "Key",
        "op" => "Comparator",
        "value" => "Value",
        _ => return format!("{which}: {message}"),
    };
    format!("{which}, {label}: {message}")
}
