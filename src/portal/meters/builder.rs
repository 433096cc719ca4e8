//! The filter builder on the meter form, without JavaScript: the tree travels as form fields
//! named by position — `f.0.conj` for the top group, `f.0.1.key` / `f.0.1.op` / `f.0.1.value`
//! for its second clause, `f.0.2.conj` for a nested group — and the Add condition / Add group /
//! Remove buttons post the whole form back with an `action`, to be re-rendered with the
//! change applied and every input kept. `static/js/filter-builder.js` does the same in place.

use serde_json::{Value, json};

use crate::metering::filter::{MAX_CLAUSES, MAX_DEPTH};
use crate::metering::{Conjunction, Filter, FilterError, Operator};

/// A filter as typed: any text, valid or not, so it can be shown again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Group { conj: String, children: Vec<Node> },
    Cond { key: String, op: String, value: String },
}

impl Node {
    pub fn empty_condition() -> Node {
        Node::Cond {
            key: String::new(),
            op: Operator::Equals.as_str().into(),
            value: String::new(),
        }
    }

    pub fn new_group(conj: &str) -> Node {
        Node::Group {
            conj: conj.into(),
            children: vec![Node::empty_condition()],
        }
    }

    /// The draft of a stored filter.
    pub fn from_filter(f: &Filter) -> Node {
        Node::Group {
            conj: f.conjunction.as_str().into(),
            children: f
                .clauses
                .iter()
                .map(|c| match c {
                    crate::metering::Clause::Condition(c) => Node::Cond {
                        key: c.key.clone(),
                        op: c.operator.as_str().into(),
                        value: c.value.text().into_owned(),
                    },
                    crate::metering::Clause::Group(g) => Node::from_filter(g),
                })
                .collect(),
        }
    }

    fn at_mut(&mut self, path: &[usize]) -> Option<&mut Node> {
        match path.split_first() {
            None => Some(self),
            Some((i, rest)) => match self {
                Node::Group { children, .. } => children.get_mut(*i)?.at_mut(rest),
                Node::Cond { .. } => None,
            },
        }
    }

    /// The draft as the API's JSON, for validation. Values of the ordering operators become
    /// numbers when they are numerals; everything else stays text (a form has no types).
    pub fn to_json(&self) -> Value {
        match self {
            Node::Group { conj, children } => {
                json!({ "conjunction": conj, "clauses": children.iter().map(Node::to_json).collect::<Vec<_>>() })
            }
            Node::Cond { key, op, value } => {
                let numeric_op = Operator::parse(op).is_some_and(|o| o.is_numeric());
                let v = match crate::metering::numeral(value.trim()) {
                    Some(_) if numeric_op => {
                        serde_json::from_str::<Value>(value.trim()).unwrap_or(json!(value))
                    }
                    _ => json!(value),
                };
                json!({ "key": key, "operator": op, "value": v })
            }
        }
    }
}

/// What a button on the form asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Save,
    /// Show what the edited definition would count, without saving.
    Preview,
    AddCondition(Vec<usize>),
    AddGroup(Vec<usize>),
    Remove(Vec<usize>),
}

fn parse_path(s: &str) -> Option<Vec<usize>> {
    let mut parts = s.split('.');
    if parts.next()? != "0" {
        return None;
    }
    parts.map(|p| p.parse().ok()).collect()
}

pub fn path_name(path: &[usize]) -> String {
    let mut s = String::from("0");
    for i in path {
        s.push('.');
        s.push_str(&i.to_string());
    }
    s
}

impl Action {
    pub fn parse(raw: Option<&str>) -> Action {
        let raw = raw.unwrap_or("save");
        let (verb, path) = raw.split_once(':').unwrap_or((raw, ""));
        match (verb, parse_path(path)) {
            ("preview", _) => Action::Preview,
            ("add_condition", Some(p)) => Action::AddCondition(p),
            ("add_group", Some(p)) => Action::AddGroup(p),
            ("remove", Some(p)) if !p.is_empty() => Action::Remove(p),
            _ => Action::Save,
        }
    }
}

/// Applies a builder action to the draft. Limits are not enforced here: the button is hidden
/// at the limit, and validation reports any excess.
pub fn apply(root: &mut Node, action: &Action) {
    match action {
        Action::Save | Action::Preview => {}
        Action::AddCondition(path) => {
            if let Some(Node::Group { children, .. }) = root.at_mut(path) {
                children.push(Node::empty_condition());
            }
        }
        Action::AddGroup(path) => {
            if let Some(Node::Group { children, conj }) = root.at_mut(path) {
                // The new group takes the other conjunction: AND of (… OR …) is what one adds a group for.
                let other = if conj == "or" { "and" } else { "or" };
                children.push(Node::new_group(other));
            }
        }
        Action::Remove(path) => {
            if let Some((last, parent)) = path.split_last() {
                if let Some(Node::Group { children, .. }) = root.at_mut(parent) {
                    if *last < children.len() {
                        children.remove(*last);
                    }
                }
            }
        }
    }
}

/// Reads the builder's fields (`f.<path>.<part>`) from the posted form.
pub fn from_fields(fields: &[(String, String)]) -> Node {
    let mut root = Node::Group {
        conj: "and".into(),
        children: Vec::new(),
    };
    // Every path mentioned, in numeric order, so parents come before children.
    let mut paths: Vec<Vec<usize>> = fields
        .iter()
        .filter_map(|(k, _)| {
            k.strip_prefix("f.")
                .and_then(|rest| rest.rsplit_once('.'))
                .and_then(|(p, _)| parse_path(p))
        })
        .collect();
    paths.sort();
    paths.dedup();
    let get = |path: &[usize], part: &str| -> Option<String> {
        let name = format!("f.{}.{part}", path_name(path));
        fields.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone())
    };
    for path in paths {
        let node = match get(&path, "conj") {
            Some(conj) => Node::Group {
                conj,
                children: Vec::new(),
            },
            None => Node::Cond {
                key: get(&path, "key").unwrap_or_default(),
                op: get(&path, "op").unwrap_or_default(),
                value: get(&path, "value").unwrap_or_default(),
            },
        };
        match path.split_last() {
            None => {
                if let Node::Group { conj, .. } = node {
                    if let Node::Group { conj: root_conj, .. } = &mut root {
                        *root_conj = conj;
                    }
                }
            }
            Some((_, parent)) => {
                if let Some(Node::Group { children, .. }) = root.at_mut(parent) {
                    children.push(node);
                }
            }
        }
    }
    root
}

/// The form field a validation error belongs to: `filter.clauses[1].clauses[0].operator` →
/// `f.0.1.0.op`; errors about a group's clauses land on the group.
pub fn field_for_error(e: &FilterError) -> String {
    let mut name = String::from("f.0");
    let mut rest = e.path.strip_prefix("filter").unwrap_or(&e.path);
    let mut last_part = "conj";
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix(".clauses[") {
            match after.split_once(']') {
                Some((i, tail)) => {
                    name.push('.');
                    name.push_str(i);
                    rest = tail;
                    last_part = "conj";
                }
                None => break,
            }
        } else if let Some(part) = rest.strip_prefix('.') {
            last_part = match part {
                "key" => "key",
                "operator" => "op",
                "value" => "value",
                _ => "conj",
            };
            break;
        } else {
            break;
        }
    }
    format!("{name}.{last_part}")
}

/// One line of the builder as the template draws it, in document order.
#[derive(Debug, Clone)]
pub enum Row {
    Open {
        path: String,
        conj: String,
        depth: usize,
        removable: bool,
    },
    Cond {
        path: String,
        key: String,
        op: String,
        value: String,
        depth: usize,
    },
    Close {
        path: String,
        can_add_group: bool,
        can_add_clause: bool,
    },
}

pub fn rows(root: &Node) -> Vec<Row> {
    let mut out = Vec::new();
    walk(root, &mut Vec::new(), &mut out);
    out
}

fn walk(node: &Node, path: &mut Vec<usize>, out: &mut Vec<Row>) {
    let depth = path.len() + 1;
    match node {
        Node::Group { conj, children } => {
            out.push(Row::Open {
                path: path_name(path),
                conj: conj.clone(),
                depth,
                removable: !path.is_empty(),
            });
            for (i, child) in children.iter().enumerate() {
                path.push(i);
                walk(child, path, out);
                path.pop();
            }
            out.push(Row::Close {
                path: path_name(path),
                can_add_group: depth < MAX_DEPTH && children.len() < MAX_CLAUSES,
                can_add_clause: children.len() < MAX_CLAUSES,
            });
        }
        Node::Cond { key, op, value } => out.push(Row::Cond {
            path: path_name(path),
            key: key.clone(),
            op: op.clone(),
            value: value.clone(),
            depth,
        }),
    }
}

/// The conjunctions and operators for the selects: (value, label).
pub fn conjunction_choices() -> Vec<(&'static str, &'static str)> {
    Conjunction::ALL
        .iter()
        .map(|c| {
            (
                c.as_str(),
                if *c == Conjunction::And {
                    "ALL of (AND)"
                } else {
                    "ANY of (OR)"
                },
            )
        })
        .collect()
}

pub fn operator_choices() -> Vec<(&'static str, &'static str)> {
    Operator::ALL.iter().map(|o| (o.as_str(), o.words())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn nested_form() -> Vec<(String, String)> {
        f(&[
            ("f.0.conj", "and"),
            ("f.0.0.key", "region"),
            ("f.0.0.op", "equals"),
            ("f.0.0.value", "eu"),
            ("f.0.1.conj", "or"),
            ("f.0.1.0.key", "tier"),
            ("f.0.1.0.op", "equals"),
            ("f.0.1.0.value", "pro"),
            ("f.0.1.1.key", "tokens"),
            ("f.0.1.1.op", "greater_than"),
            ("f.0.1.1.value", "100"),
        ])
    }

    #[test]
    fn form_fields_become_the_tree_and_a_valid_filter() {
        let node = from_fields(&nested_form());
        let filter = Filter::from_json_at(&node.to_json(), "filter");
        let filter = filter.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            filter.describe(),
            r#"region equals "eu" AND (tier equals "pro" OR tokens greater than 100)"#
        );
        // And back: the stored filter renders as the same fields.
        assert_eq!(Node::from_filter(&filter), node);
    }

    #[test]
    fn fields_are_ordered_numerically_not_alphabetically() {
        let mut pairs = vec![("f.0.conj".to_string(), "or".to_string())];
        for i in [10usize, 2, 1, 0] {
            pairs.push((format!("f.0.{i}.key"), format!("k{i}")));
        }
        let Node::Group { children, conj } = from_fields(&pairs) else {
            panic!()
        };
        assert_eq!(conj, "or");
        let keys: Vec<_> = children
            .iter()
            .map(|c| match c {
                Node::Cond { key, .. } => key.clone(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(keys, ["k0", "k1", "k2", "k10"]);
    }

    #[test]
    fn actions_add_and_remove_nodes() {
        let mut node = from_fields(&nested_form());
        apply(&mut node, &Action::parse(Some("add_condition:0.1")));
        apply(&mut node, &Action::parse(Some("add_group:0")));
        apply(&mut node, &Action::parse(Some("remove:0.0")));
        let Node::Group { children, .. } = &node else {
            panic!()
        };
        assert_eq!(children.len(), 2);
        let Node::Group { children: inner, .. } = &children[0] else {
            panic!("{children:?}")
        };
        assert_eq!(inner.len(), 3);
        assert!(
            matches!(&children[1], Node::Group { conj, children } if conj == "or" && children.len() == 1)
        );
        assert_eq!(
            Action::parse(Some("remove:0")),
            Action::Save,
            "the root cannot be removed"
        );
        assert_eq!(Action::parse(Some("nonsense")), Action::Save);
    }

    #[test]
    fn errors_map_to_fields() {
        let e = |p: &str| {
            field_for_error(&FilterError {
                path: p.into(),
                message: String::new(),
                problem: crate::metering::filter::FilterProblem::KeyEmpty,
            })
        };
        assert_eq!(e("filter.clauses[1].clauses[0].operator"), "f.0.1.0.op");
        assert_eq!(e("filter.clauses[0].key"), "f.0.0.key");
        assert_eq!(e("filter.clauses[2].value"), "f.0.2.value");
        assert_eq!(e("filter.clauses[1].clauses"), "f.0.1.conj");
        assert_eq!(e("filter.conjunction"), "f.0.conj");
    }

    #[test]
    fn rows_offer_add_group_only_above_the_deepest_level() {
        let mut node = Node::new_group("and");
        apply(&mut node, &Action::AddGroup(vec![]));
        apply(&mut node, &Action::AddGroup(vec![1]));
        let closes: Vec<(String, bool)> = rows(&node)
            .into_iter()
            .filter_map(|r| match r {
                Row::Close {
                    path, can_add_group, ..
                } => Some((path, can_add_group)),
                _ => None,
            })
            .collect();
        assert_eq!(
            closes,
            [
                ("0.1.1".to_string(), false),
                ("0.1".to_string(), true),
                ("0".to_string(), true)
            ]
        );
    }
}
