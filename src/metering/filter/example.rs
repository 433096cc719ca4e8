//! Example values that a filter counts: what a meter's CSV template fills in, so that a row
//! written from it is counted (issue 13: a filtered meter's template had no column for the
//! filter, and rows filled from it were not counted).

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::{Clause, Condition, Filter, Operator};

/// Assignments tried at most, before giving up on a filter.
const BUDGET: usize = 20_000;

/// Every key the filter tests, in the order it first tests them.
pub fn keys(filter: &Filter) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in conditions(filter) {
        if !out.contains(&c.key) {
            out.push(c.key.clone());
        }
    }
    out
}

fn conditions(filter: &Filter) -> Vec<&Condition> {
    let mut out = Vec::new();
    for clause in &filter.clauses {
        match clause {
            Clause::Condition(c) => out.push(c),
            Clause::Group(g) => out.extend(conditions(g)),
        }
    }
    out
}

/// A text that neither equals nor contains `v` (when one exists: every text contains "").
fn other_than(v: &str) -> String {
    ["other", "none", "n/a", "0", "-"]
        .into_iter()
        .find(|o| !o.contains(v))
        .unwrap_or("other")
        .to_owned()
}

/// Values worth trying for `key`: each condition's own (its value, just past a bound, a text
/// it does not contain) and the midpoint between numeric bounds.
fn candidates(filter: &Filter, key: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut bounds: BTreeSet<Decimal> = BTreeSet::new();
    let push = |s: String, out: &mut Vec<String>| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    for c in conditions(filter).into_iter().filter(|c| c.key == key) {
        let text = c.value.text().into_owned();
        let number = c.value.numeric();
        if let Some(n) = number {
            bounds.insert(n);
        }
        match (c.operator, number) {
            (Operator::Equals | Operator::Contains, _) => push(text, &mut out),
            (Operator::NotEquals, Some(n)) => push((n + Decimal::ONE).normalize().to_string(), &mut out),
            (Operator::NotEquals | Operator::DoesNotContain, _) => push(other_than(&text), &mut out),
            (Operator::GreaterThan, Some(n)) => push((n + Decimal::ONE).normalize().to_string(), &mut out),
            (Operator::LessThan, Some(n)) => push((n - Decimal::ONE).normalize().to_string(), &mut out),
            (Operator::GreaterThanOrEquals | Operator::LessThanOrEquals, Some(n)) => {
                push(n.normalize().to_string(), &mut out)
            }
            _ => {}
        }
    }
    let bounds: Vec<Decimal> = bounds.into_iter().collect();
    for pair in bounds.windows(2) {
        let mid = (pair[0] + pair[1]) / Decimal::TWO;
        push(mid.normalize().to_string(), &mut out);
    }
    out
}

/// Metadata the filter counts, every value a text as a CSV cell carries it, or `None` when no
/// simple choice of the filter's own values satisfies it. A key left out is best left empty.
pub fn satisfying(filter: &Filter) -> Option<Map<String, Value>> {
    let keys = keys(filter);
    let choices: Vec<Vec<String>> = keys.iter().map(|k| candidates(filter, k)).collect();
    let mut chosen: Vec<Option<usize>> = vec![None; keys.len()];
    let mut budget = BUDGET;
    search(filter, &keys, &choices, &mut chosen, 0, &mut budget)
}

fn assignment(keys: &[String], choices: &[Vec<String>], chosen: &[Option<usize>]) -> Map<String, Value> {
    keys.iter()
        .zip(choices)
        .zip(chosen)
        .filter_map(|((k, c), i)| i.map(|i| (k.clone(), Value::String(c[i].clone()))))
        .collect()
}

/// Depth first over the keys: each key's candidates in turn, then leaving it out.
fn search(
    filter: &Filter,
    keys: &[String],
    choices: &[Vec<String>],
    chosen: &mut Vec<Option<usize>>,
    at: usize,
    budget: &mut usize,
) -> Option<Map<String, Value>> {
    if at == keys.len() {
        *budget = budget.checked_sub(1)?;
        let m = assignment(keys, choices, chosen);
        return filter.matches(&m).then_some(m);
    }
    let options: Vec<Option<usize>> = (0..choices[at].len()).map(Some).chain([None]).collect();
    for option in options {
        chosen[at] = option;
        if let Some(found) = search(filter, keys, choices, chosen, at + 1, budget) {
            return Some(found);
        }
        if *budget == 0 {
            return None;
        }
    }
    chosen[at] = None;
    None
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn filter(v: serde_json::Value) -> Filter {
        Filter::from_json(&v).unwrap()
    }

    #[test]
    fn every_operator_gets_a_value_it_counts() {
        for (op, value) in [
            ("equals", json!("eu")),
            ("equals", json!(3)),
            ("not_equals", json!("eu")),
            ("not_equals", json!(3)),
            ("greater_than", json!(100)),
            ("greater_than_or_equals", json!("1.5")),
            ("less_than", json!(0)),
            ("less_than_or_equals", json!(7)),
            ("contains", json!("pro")),
            ("does_not_contain", json!("other")),
            ("equals", json!(true)),
        ] {
            let f = filter(
                json!({"conjunction": "and", "clauses": [{"key": "k", "operator": op, "value": value}]}),
            );
            let m = satisfying(&f).unwrap_or_else(|| panic!("{op} {value}"));
            assert!(f.matches(&m), "{op} {value}: {m:?}");
            assert!(m.values().all(Value::is_string), "CSV cells are text");
        }
    }

    #[test]
    fn ranges_groups_and_alternatives() {
        let f = filter(json!({"conjunction": "and", "clauses": [
            {"key": "tokens", "operator": "greater_than", "value": 100},
            {"key": "tokens", "operator": "less_than", "value": 101},
            {"conjunction": "or", "clauses": [
                {"key": "tier", "operator": "equals", "value": "pro"},
                {"key": "region", "operator": "equals", "value": "eu"}]}]}));
        let m = satisfying(&f).unwrap();
        assert!(f.matches(&m));
        assert_eq!(m["tokens"], json!("100.5"));
        assert_eq!(keys(&f), ["tokens", "tier", "region"]);
    }

    #[test]
    fn a_contradiction_has_no_example() {
        let f = filter(json!({"conjunction": "and", "clauses": [
            {"key": "n", "operator": "greater_than", "value": 5},
            {"key": "n", "operator": "less_than", "value": 5}]}));
        assert_eq!(satisfying(&f), None);
    }
}
