//! A meter's event filter: a tree of condition groups (Dodo Payments' shape).
//!
//! ```json
//! {"conjunction": "and", "clauses": [
//!     {"key": "region", "operator": "equals", "value": "eu"},
//!     {"conjunction": "or", "clauses": [
//!         {"key": "tier", "operator": "equals", "value": "pro"},
//!         {"key": "tokens", "operator": "greater_than", "value": 100}]}]}
//! ```
//!
//! - [`parse`]: `Filter::from_json` / `to_json` / serde, with the validation rules and precise
//!   error paths (`filter.clauses[1].operator: …`); `Filter::validate` for trees built in code.
//! - [`eval`]: `Filter::matches` (the ingest-time verdict) and `Filter::explain` (the test bench).
//! - [`sql`]: `Filter::to_sql`, the same semantics as a bound-parameter SQL predicate.
//!
//! Semantics, shared by all three: a condition on a key the event lacks, or whose value is null,
//! a list or an object, is false for every operator (the negated ones included); `equals`
//! compares numerically when both sides are numeric (see [`super::numeric`]), else as exact,
//! case-sensitive text; the ordering operators are false unless both sides are numeric;
//! `contains` is a case-sensitive substring test on the value's text.

pub mod eval;
pub mod example;
pub mod parse;
pub mod problem;
pub mod reason;
pub mod sql;

#[cfg(test)]
mod properties;

use std::borrow::Cow;
use std::fmt;

use rust_decimal::Decimal;

pub use eval::{ExplainNode, Explanation};
pub use parse::{FilterError, FilterProblem};
pub use reason::{Reason, Relation};
pub use sql::{SqlPiece, SqlPredicate};

use super::numeric;

/// Most clauses in one group.
pub const MAX_CLAUSES: usize = 10;
/// Deepest group level: the filter itself is level 1.
pub const MAX_DEPTH: usize = 3;
/// Longest key, in characters.
pub const MAX_KEY_CHARS: usize = 100;
/// Longest text value, in characters.
pub const MAX_TEXT_VALUE_CHARS: usize = 500;

/// How a group joins its clauses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Conjunction {
    And,
    Or,
}

impl Conjunction {
    pub const ALL: [Conjunction; 2] = [Conjunction::And, Conjunction::Or];

    /// The API name: `and`, `or`.
    pub fn as_str(self) -> &'static str {
        match self {
            Conjunction::And => "and",
            Conjunction::Or => "or",
        }
    }

    /// As shown in descriptions: `AND`, `OR`.
    pub fn keyword(self) -> &'static str {
        match self {
            Conjunction::And => "AND",
            Conjunction::Or => "OR",
        }
    }

    /// Parses the API name (exactly `and` or `or`).
    pub fn parse(s: &str) -> Option<Conjunction> {
        Conjunction::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A condition's comparator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operator {
    Equals,
    NotEquals,
    GreaterThan,
    GreaterThanOrEquals,
    LessThan,
    LessThanOrEquals,
    Contains,
    DoesNotContain,
}

impl Operator {
    pub const ALL: [Operator; 8] = [
        Operator::Equals,
        Operator::NotEquals,
        Operator::GreaterThan,
        Operator::GreaterThanOrEquals,
        Operator::LessThan,
        Operator::LessThanOrEquals,
        Operator::Contains,
        Operator::DoesNotContain,
    ];

    /// The API name, e.g. `greater_than_or_equals`.
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Equals => "equals",
            Operator::NotEquals => "not_equals",
            Operator::GreaterThan => "greater_than",
            Operator::GreaterThanOrEquals => "greater_than_or_equals",
            Operator::LessThan => "less_than",
            Operator::LessThanOrEquals => "less_than_or_equals",
            Operator::Contains => "contains",
            Operator::DoesNotContain => "does_not_contain",
        }
    }

    /// In words, e.g. `greater than or equals`.
    pub fn words(self) -> &'static str {
        match self {
            Operator::Equals => "equals",
            Operator::NotEquals => "not equals",
            Operator::GreaterThan => "greater than",
            Operator::GreaterThanOrEquals => "greater than or equals",
            Operator::LessThan => "less than",
            Operator::LessThanOrEquals => "less than or equals",
            Operator::Contains => "contains",
            Operator::DoesNotContain => "does not contain",
        }
    }

    /// Parses the API name (exact, lowercase with underscores).
    pub fn parse(s: &str) -> Option<Operator> {
        Operator::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// The ordering comparators, which need numbers on both sides.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Operator::GreaterThan
                | Operator::GreaterThanOrEquals
                | Operator::LessThan
                | Operator::LessThanOrEquals
        )
    }

    /// `not_equals` and `does_not_contain`: true when the key is present and the positive
    /// form is false.
    pub fn is_negated(self) -> bool {
        matches!(self, Operator::NotEquals | Operator::DoesNotContain)
    }

    /// All API names, comma separated (for messages).
    pub fn api_names() -> String {
        Operator::ALL.map(Operator::as_str).join(", ")
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A condition's value, exactly as the API gave it. Numbers keep the scale they were written
/// with (`1.50` stays `1.50`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterValue {
    Text(String),
    Number(Decimal),
    Bool(bool),
}

impl FilterValue {
    /// The text `equals` (when not numeric) and `contains` compare against.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            FilterValue::Text(s) => Cow::Borrowed(s),
            FilterValue::Number(d) => Cow::Owned(d.to_string()),
            FilterValue::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        }
    }

    /// The numeric value: a number, or a text that is a plain numeral (`"400"`).
    pub fn numeric(&self) -> Option<Decimal> {
        match self {
            FilterValue::Text(s) => numeric::numeral(s),
            FilterValue::Number(d) => Some(*d),
            FilterValue::Bool(_) => None,
        }
    }

    /// As shown in descriptions: text in JSON quotes, numbers and booleans bare.
    pub fn display(&self) -> String {
        match self {
            FilterValue::Text(s) => serde_json::Value::String(s.clone()).to_string(),
            FilterValue::Number(d) => d.to_string(),
            FilterValue::Bool(b) => b.to_string(),
        }
    }
}

/// `key operator value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub key: String,
    pub operator: Operator,
    pub value: FilterValue,
}

impl Condition {
    /// E.g. `tier equals "pro"`, `tokens greater than 100`.
    pub fn describe(&self) -> String {
        format!(
            "{} {} {}",
            show_key(&self.key),
            self.operator.words(),
            self.value.display()
        )
    }
}

/// One entry of a group: a condition or a nested group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    Condition(Condition),
    Group(Filter),
}

/// A group of clauses joined by one conjunction; the filter itself is the top group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub conjunction: Conjunction,
    pub clauses: Vec<Clause>,
}

impl Filter {
    /// The filter in words: `region equals "eu" AND (tier equals "pro" OR tokens greater than
    /// 100)`. The top level has no parentheses; nested groups do.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        self.describe_into(&mut out);
        out
    }

    fn describe_into(&self, out: &mut String) {
        for (i, clause) in self.clauses.iter().enumerate() {
            if i > 0 {
                out.push(' ');
                out.push_str(self.conjunction.keyword());
                out.push(' ');
            }
            match clause {
                Clause::Condition(c) => out.push_str(&c.describe()),
                Clause::Group(g) => {
                    out.push('(');
                    g.describe_into(out);
                    out.push(')');
                }
            }
        }
    }

    /// Number of conditions in the whole tree.
    pub fn condition_count(&self) -> usize {
        self.clauses
            .iter()
            .map(|c| match c {
                Clause::Condition(_) => 1,
                Clause::Group(g) => g.condition_count(),
            })
            .sum()
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// A key bare when it is a plain word (`region`, `user.tier`), else in JSON quotes.
pub(crate) fn show_key(key: &str) -> Cow<'_, str> {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '/'));
    if plain {
        Cow::Borrowed(key)
    } else {
        Cow::Owned(serde_json::Value::String(key.to_owned()).to_string())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn operator_names() {
        assert_eq!(Operator::ALL.len(), 8);
        for op in Operator::ALL {
            assert_eq!(Operator::parse(op.as_str()), Some(op));
            assert_eq!(op.words(), op.as_str().replace('_', " "));
        }
        assert_eq!(Operator::parse("like"), None);
        assert_eq!(Operator::parse("Equals"), None);
        assert_eq!(
            Operator::api_names(),
            "equals, not_equals, greater_than, greater_than_or_equals, less_than, \
             less_than_or_equals, contains, does_not_contain"
        );
        assert_eq!(Conjunction::parse("and"), Some(Conjunction::And));
        assert_eq!(Conjunction::parse("or"), Some(Conjunction::Or));
        assert_eq!(Conjunction::parse("AND"), None);
    }

    #[test]
    fn describe_nested() {
        let f = Filter::from_json(&json!({"conjunction": "and", "clauses": [
            {"key": "region", "operator": "equals", "value": "eu"},
            {"conjunction": "or", "clauses": [
                {"key": "tier", "operator": "equals", "value": "pro"},
                {"key": "tokens", "operator": "greater_than", "value": 100},
                {"conjunction": "and", "clauses": [
                    {"key": "beta", "operator": "equals", "value": true},
                    {"key": "plan name", "operator": "does_not_contain", "value": "trial"}]}]}]}))
        .unwrap();
        assert_eq!(
            f.describe(),
            r#"region equals "eu" AND (tier equals "pro" OR tokens greater than 100 OR (beta equals true AND "plan name" does not contain "trial"))"#
        );
        assert_eq!(f.to_string(), f.describe());
        assert_eq!(f.condition_count(), 5);
    }

    #[test]
    fn values() {
        let n = FilterValue::Number("1.50".parse().unwrap());
        assert_eq!(n.text(), "1.50");
        assert_eq!(n.display(), "1.50");
        assert_eq!(
            FilterValue::Text("400".into()).numeric(),
            Some(Decimal::from(400))
        );
        assert_eq!(FilterValue::Text("4 00".into()).numeric(), None);
        assert_eq!(FilterValue::Bool(true).text(), "true");
        assert_eq!(FilterValue::Bool(false).numeric(), None);
        assert_eq!(FilterValue::Text("a\"b".into()).display(), r#""a\"b""#);
    }
}
