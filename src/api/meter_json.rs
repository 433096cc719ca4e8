//! A meter as the API shows it: Dodo Payments' `Meter`, plus the native `status` and
//! `archived_at`.
//!
//! Dodo types a filter group's `clauses` as all conditions or all groups; a Meterdesk group may
//! mix them. Such a group is written with its conditions gathered into one sub-group of the same
//! conjunction, `{or: [c1, c2, G]}` → `{or: [{or: [c1, c2]}, G]}`: the same meaning (AND and OR
//! are associative), no deeper than before (a mixed group already has sub-groups one level down),
//! and read back by the API like any other filter.

use serde::Serialize;
use serde_json::Value;

use crate::metering::rfc3339;
use crate::metering::{Clause, Filter};
use crate::meters::model::Meter;

#[derive(Debug, Serialize)]
pub struct MeterJson {
    pub id: String,
    pub business_id: String,
    pub name: String,
    pub description: String,
    pub event_name: String,
    pub aggregation: AggregationJson,
    pub measurement_unit: String,
    pub filter: Option<Value>,
    pub status: String,
    pub archived_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize)]
pub struct AggregationJson {
    /// `count`, `sum`, `max`, `last` (Dodo's four); also `unique_count`, `min`, `avg`, which
    /// Dodo's SDK reads only without strict validation.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl MeterJson {
    pub fn new(m: &Meter, business_id: &str) -> Self {
        MeterJson {
            id: m.row.id.clone(),
            business_id: business_id.to_string(),
            name: m.row.name.clone(),
            description: m.row.description.clone(),
            event_name: m.row.event_name.clone(),
            aggregation: AggregationJson {
                kind: m.aggregation.kind().as_str().to_string(),
                key: m.aggregation.key().map(str::to_string),
            },
            measurement_unit: m.row.unit.clone(),
            filter: m.filter.as_ref().map(|f| uniform(f).to_json()),
            status: m.row.status.clone(),
            archived_at: m.row.archived_at.filter(|_| !m.is_active()).map(rfc3339),
            created_at: rfc3339(m.row.created_at),
            updated_at: rfc3339(m.row.updated_at),
        }
    }
}

/// The same filter with no group mixing conditions and sub-groups.
pub fn uniform(f: &Filter) -> Filter {
    let (conditions, groups): (Vec<Clause>, Vec<Clause>) = f
        .clauses
        .iter()
        .map(|c| match c {
            Clause::Group(g) => Clause::Group(uniform(g)),
            other => other.clone(),
        })
        .partition(|c| matches!(c, Clause::Condition(_)));
    let clauses = if conditions.is_empty() || groups.is_empty() {
        conditions.into_iter().chain(groups).collect()
    } else {
        let gathered = Clause::Group(Filter {
            conjunction: f.conjunction,
            clauses: conditions,
        });
        std::iter::once(gathered).chain(groups).collect()
    };
    Filter {
        conjunction: f.conjunction,
        clauses,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn filter(v: Value) -> Filter {
        Filter::from_json(&v).unwrap()
    }

    fn is_uniform(f: &Filter) -> bool {
        let conditions = f
            .clauses
            .iter()
            .filter(|c| matches!(c, Clause::Condition(_)))
            .count();
        (conditions == 0 || conditions == f.clauses.len())
            && f.clauses.iter().all(|c| match c {
                Clause::Group(g) => is_uniform(g),
                Clause::Condition(_) => true,
            })
    }

    #[test]
    fn mixed_groups_gather_their_conditions_and_keep_their_meaning() {
        let mixed = filter(json!({"conjunction": "or", "clauses": [
            {"key": "region", "operator": "equals", "value": "eu"},
            {"conjunction": "and", "clauses": [
                {"key": "region", "operator": "equals", "value": "us"},
                {"conjunction": "or", "clauses": [{"key": "size", "operator": "greater_than", "value": 10}]},
                {"key": "tier", "operator": "equals", "value": "pro"}]},
            {"key": "vip", "operator": "equals", "value": true}]}));
        let out = uniform(&mixed);
        assert!(is_uniform(&out), "{}", out.to_json());
        assert_eq!(
            out.to_json()["clauses"][0],
            json!({"conjunction": "or", "clauses": [
                {"key": "region", "operator": "equals", "value": "eu"},
                {"key": "vip", "operator": "equals", "value": true}]})
        );
        assert_eq!(
            Filter::from_json(&out.to_json()).ok(),
            Some(out.clone()),
            "the API reads it back"
        );
        for md in [
            json!({"region": "eu"}),
            json!({"region": "us", "size": 11, "tier": "pro"}),
            json!({"region": "us", "size": 9, "tier": "pro"}),
            json!({"region": "us", "size": 11}),
            json!({"vip": true}),
            json!({}),
        ] {
            let md = md.as_object().cloned().unwrap();
            assert_eq!(out.matches(&md), mixed.matches(&md), "{md:?}");
        }
    }

    #[test]
    fn uniform_filters_are_left_as_they_are() {
        let plain = filter(json!({"conjunction": "and", "clauses": [
            {"key": "model", "operator": "equals", "value": "gpt"}]}));
        assert_eq!(uniform(&plain), plain);
    }
}
