//! The posted meter form: plain fields, the filter builder's draft, and which button was used.

use super::builder::{self, Action, Node};
use crate::metering::Filter;
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
                    errors.add(builder::field_for_error(&e), e.message.clone());
                    None
                }
            }
        } else {
            None
        };
        let valid = self.fields.validate(filter, &FORM_FIELDS, &mut errors);
        match valid {
            Some(v) if errors.is_empty() => Ok(v),
            _ => Err(errors),
        }
    }
}
