//! Meters: which events count, and how they become a quantity.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::meters;
use crate::metering::{Aggregation, AggregationKind, Filter};
use crate::paging::Cursor;
use crate::validation::{FieldErrors, optional_text, required_text};

/// A meter's status: the values the database's CHECK on `meters.status` allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeterStatus {
    /// Counts the events it listens to.
    Active,
    /// Takes no new events; keeps what it counted.
    Archived,
}

impl MeterStatus {
    pub const ALL: [MeterStatus; 2] = [MeterStatus::Active, MeterStatus::Archived];

    pub const fn as_str(self) -> &'static str {
        match self {
            MeterStatus::Active => "active",
            MeterStatus::Archived => "archived",
        }
    }

    pub fn parse(raw: &str) -> Option<MeterStatus> {
        match raw {
            "active" => Some(MeterStatus::Active),
            "archived" => Some(MeterStatus::Archived),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = meters)]
pub struct MeterRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub event_name: String,
    pub aggregation: String,
    pub aggregation_key: Option<String>,
    pub unit: String,
    pub filter: Option<serde_json::Value>,
    pub status: String,
    pub definition_version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// While archived: events received after this are not counted.
    pub archived_at: Option<DateTime<Utc>>,
}

/// A stored meter with its definition parsed.
#[derive(Debug, Clone)]
pub struct Meter {
    pub row: MeterRow,
    pub aggregation: Aggregation,
    pub filter: Option<Filter>,
}

impl Meter {
    /// Parses the stored definition; the database only holds definitions that were valid
    /// when saved, so a failure means a hand edit and is reported, not hidden.
    pub fn from_row(row: MeterRow) -> Result<Meter, String> {
        let aggregation = Aggregation::parse(&row.aggregation, row.aggregation_key.as_deref())
            .map_err(|e| format!("meter {}: stored aggregation is invalid: {e}", row.id))?;
        let filter = match &row.filter {
            Some(v) => Some(
                Filter::from_json(v)
                    .map_err(|e| format!("meter {}: stored filter is invalid: {e}", row.id))?,
            ),
            None => None,
        };
        Ok(Meter {
            row,
            aggregation,
            filter,
        })
    }

    pub fn is_active(&self) -> bool {
        self.row.status == MeterStatus::Active.as_str()
    }

    /// A meter not yet created: no id, nothing counted (the base of a new meter's preview).
    pub fn unsaved() -> Meter {
        let now = chrono::Utc::now();
        Meter {
            row: MeterRow {
                id: String::new(),
                name: String::new(),
                description: String::new(),
                event_name: String::new(),
                aggregation: "count".into(),
                aggregation_key: None,
                unit: String::new(),
                filter: None,
                status: MeterStatus::Active.as_str().into(),
                definition_version: 0,
                created_at: now,
                updated_at: now,
                archived_at: None,
            },
            aggregation: Aggregation::count(),
            filter: None,
        }
    }

    pub fn cursor(&self) -> Cursor {
        Cursor {
            created_at: self.row.created_at,
            id: self.row.id.clone(),
        }
    }

    /// "count of events", "sum of tokens", "last value of seats", "number of distinct values
    /// of user_id".
    pub fn aggregation_words(&self) -> String {
        match (self.aggregation.kind(), self.aggregation.key()) {
            (AggregationKind::Count, _) => "count of events".into(),
            (AggregationKind::Sum, Some(k)) => format!("sum of {k}"),
            (AggregationKind::Max, Some(k)) => format!("maximum of {k}"),
            (AggregationKind::Min, Some(k)) => format!("minimum of {k}"),
            (AggregationKind::Avg, Some(k)) => format!("average of {k}"),
            (AggregationKind::Last, Some(k)) => format!("last value of {k}"),
            (AggregationKind::UniqueCount, Some(k)) => format!("number of distinct values of {k}"),
            (kind, None) => kind.as_str().to_string(),
        }
    }
}

/// The parts of a meter that decide what it counts. Changing any of them changes usage.
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    pub event_name: String,
    pub aggregation: Aggregation,
    pub filter: Option<Filter>,
}

/// A meter that passed validation.
#[derive(Debug, Clone)]
pub struct ValidMeter {
    pub name: String,
    pub description: String,
    pub unit: String,
    pub definition: Definition,
}

/// Raw fields as typed or sent (the filter arrives already parsed or as errors).
#[derive(Debug, Clone, Default)]
pub struct MeterFields {
    pub name: String,
    pub description: String,
    pub event_name: String,
    pub aggregation: String,
    pub aggregation_key: String,
    pub unit: String,
}

/// Event names are matched exactly, so stray spaces would silently match nothing.
pub fn check_event_name(errors: &mut FieldErrors, field: &str, raw: &str) -> String {
    if raw.trim().is_empty() {
        errors.add(field, "Enter the event name your product sends, e.g. api.call.");
    } else if raw.trim() != raw {
        errors.add(
            field,
            "Event names are matched exactly: remove the spaces at the start or end.",
        );
    } else if raw.chars().count() > 200 {
        errors.add(field, "Use at most 200 characters.");
    }
    raw.to_string()
}

impl MeterFields {
    /// Validates everything but the filter; `field_names` maps to the form's or the API's names.
    pub fn validate(
        &self,
        filter: Option<Filter>,
        names: &FieldNames,
        errors: &mut FieldErrors,
    ) -> Option<ValidMeter> {
        let name = required_text(errors, names.name, &self.name, "a name for the meter", 200);
        let description = optional_text(errors, names.description, &self.description, 2000);
        let event_name = check_event_name(errors, names.event_name, &self.event_name);
        let unit = required_text(
            errors,
            names.unit,
            &self.unit,
            "the unit shown in reports, e.g. calls, tokens, GB",
            50,
        );
        let key = self.aggregation_key.trim();
        let aggregation = match Aggregation::parse(self.aggregation.trim(), (!key.is_empty()).then_some(key))
        {
            Ok(a) => Some(a),
            Err(e) => {
                let field = if AggregationKind::parse(self.aggregation.trim()).is_some() {
                    names.aggregation_key
                } else {
                    names.aggregation
                };
                errors.add(field, e.to_string());
                None
            }
        };
        if !errors.is_empty() {
            return None;
        }
        Some(ValidMeter {
            name,
            description,
            unit,
            definition: Definition {
                event_name,
                aggregation: aggregation?,
                filter,
            },
        })
    }
}

/// How fields are called where the input came from (form fields or API JSON keys).
pub struct FieldNames {
    pub name: &'static str,
    pub description: &'static str,
    pub event_name: &'static str,
    pub aggregation: &'static str,
    pub aggregation_key: &'static str,
    pub unit: &'static str,
}

pub const FORM_FIELDS: FieldNames = FieldNames {
    name: "name",
    description: "description",
    event_name: "event_name",
    aggregation: "aggregation",
    aggregation_key: "aggregation_key",
    unit: "unit",
};

pub const API_FIELDS: FieldNames = FieldNames {
    name: "name",
    description: "description",
    event_name: "event_name",
    aggregation: "aggregation.type",
    aggregation_key: "aggregation.key",
    unit: "measurement_unit",
};

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(event: &str, agg: &str, key: &str) -> MeterFields {
        MeterFields {
            name: "Tokens".into(),
            event_name: event.into(),
            aggregation: agg.into(),
            aggregation_key: key.into(),
            unit: "tokens".into(),
            ..Default::default()
        }
    }

    #[test]
    fn sum_needs_a_key_and_count_takes_none() {
        let mut e = FieldErrors::new();
        assert!(
            fields("llm.tokens", "sum", "")
                .validate(None, &FORM_FIELDS, &mut e)
                .is_none()
        );
        assert!(e.has("aggregation_key"), "{e:?}");
        let mut e = FieldErrors::new();
        assert!(
            fields("api.call", "count", "")
                .validate(None, &FORM_FIELDS, &mut e)
                .is_some()
        );
        let mut e = FieldErrors::new();
        assert!(
            fields("api.call", "median", "")
                .validate(None, &API_FIELDS, &mut e)
                .is_none()
        );
        assert!(e.has("aggregation.type"), "{e:?}");
    }

    #[test]
    fn event_names_with_stray_spaces_are_refused() {
        let mut e = FieldErrors::new();
        fields(" api.call", "count", "").validate(None, &FORM_FIELDS, &mut e);
        assert!(e.get("event_name").is_some_and(|m| m.contains("matched exactly")));
    }

    #[test]
    fn statuses_are_the_databases_check_values() {
        let sql = include_str!("../../migrations/2026-11-24-000002_catalog/up.sql");
        let listed: Vec<&str> = MeterStatus::ALL.iter().map(|s| s.as_str()).collect();
        let check = format!("CHECK (status IN ('{}'))", listed.join("', '"));
        assert!(sql.contains(&check), "{check}");
        for s in MeterStatus::ALL {
            assert_eq!(MeterStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(MeterStatus::parse("Active"), None);
    }
}
