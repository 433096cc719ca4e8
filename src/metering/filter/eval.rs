//! Evaluating a filter against an event's metadata: the verdict, and the reasons behind it.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::reason::{Reason, Relation};
use super::{Clause, Condition, Conjunction, Filter, Operator};
use crate::metering::numeric::{scalar_text, show_value, value_number};

/// Why a filter counts an event or not, flattened in display order for templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The filter's verdict (equal to [`Filter::matches`]).
    pub matched: bool,
    /// The top group first, then its clauses (depth-first), each with its depth.
    pub nodes: Vec<ExplainNode>,
}

/// One group or condition of an [`Explanation`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplainNode {
    /// 0 for the filter itself, 1 for its clauses, and so on.
    pub depth: usize,
    pub is_group: bool,
    /// For a group, its conjunction.
    pub conjunction: Option<Conjunction>,
    /// For a condition, the condition.
    pub condition: Option<Condition>,
    /// Why it held or not: `key "tier" is missing`, `"eu-west" equals "eu-west"`,
    /// `2 of 3 clauses hold` (as data; `to_string` words it in English).
    pub reason: Reason,
    pub held: bool,
}

impl ExplainNode {
    /// The node in English words: a condition (`tier equals "pro"`), or `ALL of` / `ANY of`.
    pub fn text(&self) -> String {
        match (&self.condition, self.conjunction) {
            (Some(c), _) => c.describe(),
            (None, Some(Conjunction::Or)) => "ANY of".to_owned(),
            (None, _) => "ALL of".to_owned(),
        }
    }
}

/// What comparing one condition with an event found.
enum Verdict<'a> {
    /// The key is absent.
    Missing,
    /// The value is null, a list or an object.
    NotScalar(&'a Value),
    /// Both sides numeric, compared as numbers.
    Numbers { event: &'a Value, ordering: Ordering },
    /// An ordering operator and an event value that is not numeric.
    EventNotNumber(&'a Value),
    /// An ordering operator and a filter value that is not numeric (refused by validation).
    FilterNotNumber,
    /// Compared as text: `equal` for equals, `contained` for contains.
    Texts { event: &'a Value, found: bool },
}

impl Verdict<'_> {
    fn held(&self, op: Operator) -> bool {
        match self {
            Verdict::Missing
            | Verdict::NotScalar(_)
            | Verdict::EventNotNumber(_)
            | Verdict::FilterNotNumber => false,
            Verdict::Numbers { ordering, .. } => match op {
                Operator::Equals => ordering.is_eq(),
                Operator::NotEquals => ordering.is_ne(),
                Operator::GreaterThan => ordering.is_gt(),
                Operator::GreaterThanOrEquals => ordering.is_ge(),
                Operator::LessThan => ordering.is_lt(),
                Operator::LessThanOrEquals => ordering.is_le(),
                // Never produced for the substring operators.
                Operator::Contains | Operator::DoesNotContain => false,
            },
            Verdict::Texts { found, .. } => *found != op.is_negated(),
        }
    }
}

impl Condition {
    fn judge<'a>(&self, metadata: &'a Map<String, Value>) -> Verdict<'a> {
        let Some(event) = metadata.get(&self.key) else {
            return Verdict::Missing;
        };
        let Some(event_text) = scalar_text(event) else {
            return Verdict::NotScalar(event);
        };
        match self.operator {
            Operator::Equals | Operator::NotEquals => match (value_number(event), self.value.numeric()) {
                (Some(e), Some(f)) => Verdict::Numbers {
                    event,
                    ordering: e.cmp(&f),
                },
                _ => Verdict::Texts {
                    event,
                    found: event_text == self.value.text(),
                },
            },
            Operator::GreaterThan
            | Operator::GreaterThanOrEquals
            | Operator::LessThan
            | Operator::LessThanOrEquals => match (value_number(event), self.value.numeric()) {
                (_, None) => Verdict::FilterNotNumber,
                (None, Some(_)) => Verdict::EventNotNumber(event),
                (Some(e), Some(f)) => Verdict::Numbers {
                    event,
                    ordering: e.cmp(&f),
                },
            },
            Operator::Contains | Operator::DoesNotContain => Verdict::Texts {
                event,
                found: event_text.contains(self.value.text().as_ref()),
            },
        }
    }

    /// Whether this condition holds for an event's metadata.
    pub fn matches(&self, metadata: &Map<String, Value>) -> bool {
        self.judge(metadata).held(self.operator)
    }

    /// Whether it holds, and why.
    pub fn explain(&self, metadata: &Map<String, Value>) -> (bool, Reason) {
        let verdict = self.judge(metadata);
        let held = verdict.held(self.operator);
        let key = serde_json::Value::String(self.key.clone()).to_string();
        let filter = self.value.display();
        let reason = match verdict {
            Verdict::Missing => Reason::KeyMissing { key },
            Verdict::NotScalar(v) => match v {
                Value::Array(_) => Reason::KeyHoldsList { key },
                Value::Object(_) => Reason::KeyHoldsObject { key },
                _ => Reason::KeyNull { key },
            },
            Verdict::FilterNotNumber => Reason::FilterNotNumber { filter },
            Verdict::EventNotNumber(v) => Reason::NotNumber { value: show_value(v) },
            Verdict::Numbers { event, ordering } => {
                let as_numbers = matches!(self.operator, Operator::Equals | Operator::NotEquals)
                    && (event.is_string() || matches!(self.value, super::FilterValue::Text(_)));
                Reason::Compared {
                    value: show_value(event),
                    relation: number_relation(self.operator, ordering, held, as_numbers),
                    filter,
                }
            }
            Verdict::Texts { event, found } => {
                let case_differs = !found && case_only_difference(event, &self.value.text(), self.operator);
                let relation = match (self.operator, found) {
                    (Operator::Equals | Operator::NotEquals, true) => Relation::Equals,
                    (Operator::Equals | Operator::NotEquals, false) if case_differs => {
                        Relation::NotEqualCaseDiffers
                    }
                    (Operator::Equals | Operator::NotEquals, false) => Relation::NotEqual,
                    (_, true) => Relation::Contains,
                    (_, false) if case_differs => Relation::NotContainsCaseDiffers,
                    (_, false) => Relation::NotContains,
                };
                Reason::Compared {
                    value: show_value(event),
                    relation,
                    filter,
                }
            }
        };
        (held, reason)
    }
}

fn number_relation(op: Operator, ordering: Ordering, held: bool, as_numbers: bool) -> Relation {
    match op {
        Operator::Equals | Operator::NotEquals => match (ordering.is_eq(), as_numbers) {
            (true, true) => Relation::EqualsAsNumbers,
            (true, false) => Relation::Equals,
            (false, true) => Relation::NotEqualAsNumbers,
            (false, false) => Relation::NotEqual,
        },
        Operator::GreaterThan if held => Relation::Greater,
        Operator::GreaterThan => Relation::NotGreater,
        Operator::GreaterThanOrEquals if held => Relation::GreaterOrEqual,
        Operator::GreaterThanOrEquals => Relation::Less,
        Operator::LessThan if held => Relation::Less,
        Operator::LessThan => Relation::NotLess,
        Operator::LessThanOrEquals if held => Relation::LessOrEqual,
        Operator::LessThanOrEquals => Relation::Greater,
        // Never produced: the substring comparators compare texts.
        Operator::Contains => Relation::Contains,
        Operator::DoesNotContain => Relation::NotContains,
    }
}

fn case_only_difference(event: &Value, needle: &str, op: Operator) -> bool {
    let Some(text) = scalar_text(event) else {
        return false;
    };
    let (text, needle) = (text.to_lowercase(), needle.to_lowercase());
    match op {
        Operator::Equals | Operator::NotEquals => text == needle,
        _ => text.contains(&needle),
    }
}

impl Filter {
    /// Whether an event with this metadata passes the filter. Agrees with [`Filter::to_sql`]
    /// for metadata whose numbers are stored canonically (see
    /// [`crate::metering::numeric::canonical_number`]).
    pub fn matches(&self, metadata: &Map<String, Value>) -> bool {
        let mut clauses = self.clauses.iter().map(|clause| match clause {
            Clause::Condition(c) => c.matches(metadata),
            Clause::Group(g) => g.matches(metadata),
        });
        match self.conjunction {
            Conjunction::And => clauses.all(|held| held),
            Conjunction::Or => clauses.any(|held| held),
        }
    }

    /// The filter's verdict with, per group and condition, whether it held and why.
    pub fn explain(&self, metadata: &Map<String, Value>) -> Explanation {
        let mut nodes = Vec::new();
        let matched = self.explain_into(metadata, 0, &mut nodes);
        Explanation { matched, nodes }
    }

    fn explain_into(
        &self,
        metadata: &Map<String, Value>,
        depth: usize,
        nodes: &mut Vec<ExplainNode>,
    ) -> bool {
        let at = nodes.len();
        nodes.push(ExplainNode {
            depth,
            is_group: true,
            conjunction: Some(self.conjunction),
            condition: None,
            reason: Reason::Group {
                conjunction: self.conjunction,
                holding: 0,
                total: self.clauses.len(),
            },
            held: false,
        });
        let mut holding = 0;
        for clause in &self.clauses {
            let held = match clause {
                Clause::Condition(c) => {
                    let (held, reason) = c.explain(metadata);
                    nodes.push(ExplainNode {
                        depth: depth + 1,
                        is_group: false,
                        conjunction: None,
                        condition: Some(c.clone()),
                        reason,
                        held,
                    });
                    held
                }
                Clause::Group(g) => g.explain_into(metadata, depth + 1, nodes),
            };
            holding += usize::from(held);
        }
        let total = self.clauses.len();
        let held = match self.conjunction {
            Conjunction::And => holding == total,
            Conjunction::Or => holding > 0,
        };
        if let Some(node) = nodes.get_mut(at) {
            node.held = held;
            node.reason = Reason::Group {
                conjunction: self.conjunction,
                holding,
                total,
            };
        }
        held
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn md(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => panic!("not an object"),
        }
    }

    fn one(key: &str, op: &str, value: Value) -> Filter {
        Filter::from_json(
            &json!({"conjunction": "and", "clauses": [{"key": key, "operator": op, "value": value}]}),
        )
        .unwrap()
    }

    fn check(key: &str, op: &str, value: Value, event: Value, expected: bool) {
        let f = one(key, op, value.clone());
        let event = md(event);
        assert_eq!(f.matches(&event), expected, "{key} {op} {value} on {event:?}");
        let explanation = f.explain(&event);
        assert_eq!(explanation.matched, expected);
        assert_eq!(explanation.nodes.len(), 2);
        assert_eq!(explanation.nodes[1].held, expected);
    }

    #[test]
    fn missing_or_non_scalar_is_false_for_every_operator() {
        for op in Operator::ALL {
            let value = if op.is_numeric() { json!(1) } else { json!("x") };
            check("k", op.as_str(), value.clone(), json!({"other": "x"}), false);
            for v in [json!(null), json!([1]), json!({"a": 1})] {
                check("k", op.as_str(), value.clone(), json!({ "k": v }), false);
            }
        }
    }

    #[test]
    fn equals() {
        check("region", "equals", json!("eu"), json!({"region": "eu"}), true);
        check("region", "equals", json!("eu"), json!({"region": "EU"}), false);
        check("region", "equals", json!("eu"), json!({"region": "eu "}), false);
        check("n", "equals", json!(400), json!({"n": "400"}), true);
        check("n", "equals", json!("400"), json!({"n": 400}), true);
        check("n", "equals", json!(1.5), json!({"n": "1.50"}), true);
        let one_fifty: Value = serde_json::from_str("1.50").unwrap();
        check("n", "equals", json!("1.5"), json!({ "n": one_fifty }), true);
        check("n", "equals", json!(400), json!({"n": "400.0001"}), false);
        check("n", "equals", json!(400), json!({"n": " 400"}), false);
        check("b", "equals", json!(true), json!({"b": true}), true);
        check("b", "equals", json!(true), json!({"b": "true"}), true);
        check("b", "equals", json!(true), json!({"b": false}), false);
        check("b", "equals", json!("true"), json!({"b": true}), true);
        check("s", "equals", json!(""), json!({"s": ""}), true);
    }

    #[test]
    fn not_equals() {
        check("region", "not_equals", json!("eu"), json!({"region": "us"}), true);
        check(
            "region",
            "not_equals",
            json!("eu"),
            json!({"region": "eu"}),
            false,
        );
        check("region", "not_equals", json!("eu"), json!({"region": "Eu"}), true);
        check("n", "not_equals", json!(1.5), json!({"n": "1.50"}), false);
        check("n", "not_equals", json!(2), json!({"n": 3}), true);
        check("b", "not_equals", json!(false), json!({"b": true}), true);
    }

    #[test]
    fn ordering() {
        check("t", "greater_than", json!(100), json!({"t": 150}), true);
        check("t", "greater_than", json!(100), json!({"t": "150"}), true);
        check("t", "greater_than", json!(100), json!({"t": 100}), false);
        check("t", "greater_than", json!("100"), json!({"t": 100.5}), true);
        check("t", "greater_than", json!(100), json!({"t": "abc"}), false);
        check("t", "greater_than", json!(100), json!({"t": true}), false);
        check("t", "greater_than_or_equals", json!(100), json!({"t": 100}), true);
        check(
            "t",
            "greater_than_or_equals",
            json!(100),
            json!({"t": 99.999}),
            false,
        );
        check("t", "less_than", json!(0), json!({"t": -2.5}), true);
        check("t", "less_than", json!(0), json!({"t": "-2.5"}), true);
        check("t", "less_than", json!(0), json!({"t": 0}), false);
        check("t", "less_than_or_equals", json!("1.50"), json!({"t": 1.5}), true);
        check("t", "less_than_or_equals", json!(1), json!({"t": "1e0"}), false);
        let huge: Value = serde_json::from_str("12345678901234567").unwrap();
        check("t", "greater_than", json!(1), json!({ "t": huge }), false);
    }

    #[test]
    fn contains() {
        check("r", "contains", json!("eu"), json!({"r": "eu-west"}), true);
        check("r", "contains", json!("EU"), json!({"r": "eu-west"}), false);
        check("r", "contains", json!(""), json!({"r": "x"}), true);
        check("r", "contains", json!("rue"), json!({"r": true}), true);
        check("r", "contains", json!(50), json!({"r": "1500"}), true);
        check("r", "contains", json!("1.5"), json!({"r": 1.50}), true);
        check(
            "r",
            "does_not_contain",
            json!("eu"),
            json!({"r": "us-east"}),
            true,
        );
        check(
            "r",
            "does_not_contain",
            json!("eu"),
            json!({"r": "eu-west"}),
            false,
        );
        check(
            "r",
            "does_not_contain",
            json!("EU"),
            json!({"r": "eu-west"}),
            true,
        );
    }

    #[test]
    fn groups() {
        let f = Filter::from_json(&json!({"conjunction": "and", "clauses": [
            {"key": "region", "operator": "equals", "value": "eu"},
            {"conjunction": "or", "clauses": [
                {"key": "tier", "operator": "equals", "value": "pro"},
                {"key": "tokens", "operator": "greater_than", "value": 100}]}]}))
        .unwrap();
        assert!(f.matches(&md(json!({"region": "eu", "tier": "pro"}))));
        assert!(f.matches(&md(json!({"region": "eu", "tier": "free", "tokens": "400"}))));
        assert!(!f.matches(&md(json!({"region": "eu", "tier": "free", "tokens": 50}))));
        assert!(!f.matches(&md(json!({"region": "us", "tier": "pro"}))));
        assert!(!f.matches(&md(json!({}))));
    }

    #[test]
    fn explain_reasons() {
        let f = Filter::from_json(&json!({"conjunction": "and", "clauses": [
            {"key": "region", "operator": "equals", "value": "eu-west"},
            {"key": "region", "operator": "equals", "value": "EU-WEST"},
            {"conjunction": "or", "clauses": [
                {"key": "tier", "operator": "equals", "value": "pro"},
                {"key": "tokens", "operator": "greater_than", "value": 100},
                {"key": "n", "operator": "equals", "value": 1.5},
                {"key": "list", "operator": "contains", "value": "x"}]}]}))
        .unwrap();
        let e = f.explain(&md(
            json!({"region": "eu-west", "tokens": "abc", "n": "1.50", "list": [1]}),
        ));
        assert!(!e.matched);
        let rows: Vec<(usize, bool, bool, String, String)> = e
            .nodes
            .iter()
            .map(|n| (n.depth, n.is_group, n.held, n.text(), n.reason.to_string()))
            .collect();
        let rows: Vec<(usize, bool, bool, &str, &str)> = rows
            .iter()
            .map(|(d, g, h, t, r)| (*d, *g, *h, t.as_str(), r.as_str()))
            .collect();
        assert_eq!(
            rows,
            vec![
                (0, true, false, "ALL of", "2 of 3 clauses hold; all must hold"),
                (
                    1,
                    false,
                    true,
                    r#"region equals "eu-west""#,
                    r#""eu-west" equals "eu-west""#
                ),
                (
                    1,
                    false,
                    false,
                    r#"region equals "EU-WEST""#,
                    r#""eu-west" does not equal "EU-WEST" (letter case differs; comparisons are case-sensitive)"#
                ),
                (1, true, true, "ANY of", "1 of 4 clauses hold; one is enough"),
                (
                    2,
                    false,
                    false,
                    r#"tier equals "pro""#,
                    r#"key "tier" is missing"#
                ),
                (
                    2,
                    false,
                    false,
                    "tokens greater than 100",
                    r#""abc" is not a number"#
                ),
                (
                    2,
                    false,
                    true,
                    "n equals 1.5",
                    r#""1.50" equals 1.5 (compared as numbers)"#
                ),
                (
                    2,
                    false,
                    false,
                    r#"list contains "x""#,
                    r#"key "list" holds a list"#
                ),
            ]
        );
    }

    #[test]
    fn explain_numeric_relations() {
        let reason = |op: &str, v: Value, ev: Value| {
            let f = one("t", op, v);
            f.explain(&md(json!({ "t": ev }))).nodes[1].reason.to_string()
        };
        assert_eq!(
            reason("greater_than", json!(100), json!(150)),
            "150 is greater than 100"
        );
        assert_eq!(
            reason("greater_than", json!(100), json!(50)),
            "50 is not greater than 100"
        );
        assert_eq!(
            reason("less_than_or_equals", json!(1), json!(2)),
            "2 is greater than 1"
        );
        assert_eq!(reason("not_equals", json!(1), json!(1)), "1 equals 1");
        assert_eq!(
            reason("does_not_contain", json!("a"), json!("cat")),
            r#""cat" contains "a""#
        );
    }
}
