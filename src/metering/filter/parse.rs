//! Filter JSON: parsing with validation and precise error paths, rendering, serde.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Number, Value};

pub use super::problem::FilterProblem;
use super::{
    Clause, Condition, Conjunction, Filter, FilterValue, MAX_CLAUSES, MAX_DEPTH, MAX_KEY_CHARS,
    MAX_TEXT_VALUE_CHARS, Operator,
};
use crate::metering::numeric::{self, Shape};

/// Why a filter was refused: where (`filter.clauses[1].clauses[0].operator`) and what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct FilterError {
    pub path: String,
    pub message: String,
    /// The message as data.
    pub problem: FilterProblem,
}

fn err<T>(path: &str, message: impl Into<String>) -> Result<T, FilterError> {
    refuse(path, FilterProblem::Shape(message.into()))
}

fn refuse<T>(path: &str, problem: FilterProblem) -> Result<T, FilterError> {
    Err(FilterError {
        path: path.to_owned(),
        message: problem.to_string(),
        problem,
    })
}

const GROUP_FIELDS: [&str; 2] = ["conjunction", "clauses"];
const CONDITION_FIELDS: [&str; 3] = ["key", "operator", "value"];
const GROUP_SHAPE: &str = r#"{"conjunction": "and", "clauses": [...]}"#;

impl Filter {
    /// Parses and validates a filter in the API's JSON shape; errors are rooted at `filter`.
    pub fn from_json(value: &Value) -> Result<Filter, FilterError> {
        Filter::from_json_at(value, "filter")
    }

    /// As [`Filter::from_json`], with error paths rooted at `root` (e.g. `meter.filter`).
    pub fn from_json_at(value: &Value, root: &str) -> Result<Filter, FilterError> {
        let Some(obj) = value.as_object() else {
            return err(root, format!("a filter must be an object like {GROUP_SHAPE}"));
        };
        if !obj.contains_key("conjunction") && CONDITION_FIELDS.iter().any(|f| obj.contains_key(*f)) {
            return err(
                root,
                format!("a filter is a group like {GROUP_SHAPE}; put this condition in its clauses"),
            );
        }
        parse_group(obj, root, 1)
    }

    /// The API's JSON shape; [`Filter::from_json`] reads it back to an equal filter.
    pub fn to_json(&self) -> Value {
        let clauses = self
            .clauses
            .iter()
            .map(|clause| match clause {
                Clause::Condition(c) => {
                    let mut obj = Map::new();
                    obj.insert("key".to_owned(), Value::String(c.key.clone()));
                    obj.insert(
                        "operator".to_owned(),
                        Value::String(c.operator.as_str().to_owned()),
                    );
                    obj.insert("value".to_owned(), c.value.to_json());
                    Value::Object(obj)
                }
                Clause::Group(g) => g.to_json(),
            })
            .collect();
        let mut obj = Map::new();
        obj.insert(
            "conjunction".to_owned(),
            Value::String(self.conjunction.as_str().to_owned()),
        );
        obj.insert("clauses".to_owned(), Value::Array(clauses));
        Value::Object(obj)
    }

    /// Checks a filter built in code (e.g. from the portal's form) against the same rules as
    /// [`Filter::from_json`], with the same paths.
    pub fn validate(&self) -> Result<(), FilterError> {
        self.validate_at("filter", 1)
    }

    fn validate_at(&self, path: &str, level: usize) -> Result<(), FilterError> {
        check_depth(level).or_else(|p| refuse(path, p))?;
        check_clause_count(self.clauses.len()).or_else(|p| refuse(&format!("{path}.clauses"), p))?;
        for (i, clause) in self.clauses.iter().enumerate() {
            let path = format!("{path}.clauses[{i}]");
            match clause {
                Clause::Group(g) => g.validate_at(&path, level + 1)?,
                Clause::Condition(c) => {
                    check_key(&c.key).or_else(|p| refuse(&format!("{path}.key"), p))?;
                    check_value(c.operator, &c.value).or_else(|p| refuse(&format!("{path}.value"), p))?;
                }
            }
        }
        Ok(())
    }
}

impl FilterValue {
    /// A JSON string, number or boolean.
    pub fn to_json(&self) -> Value {
        match self {
            FilterValue::Text(s) => Value::String(s.clone()),
            FilterValue::Number(d) => {
                let text = d.to_string();
                match serde_json::from_str::<Number>(&text) {
                    Ok(n) => Value::Number(n),
                    Err(_) => Value::String(text),
                }
            }
            FilterValue::Bool(b) => Value::Bool(*b),
        }
    }
}

fn parse_group(obj: &Map<String, Value>, path: &str, level: usize) -> Result<Filter, FilterError> {
    check_depth(level).or_else(|p| refuse(path, p))?;
    if let Some(field) = obj.keys().find(|k| !GROUP_FIELDS.contains(&k.as_str())) {
        return err(
            &format!("{path}.{field}"),
            "unknown field; a group has only conjunction and clauses",
        );
    }
    let conjunction_path = format!("{path}.conjunction");
    let conjunction = match obj.get("conjunction") {
        None => return err(&conjunction_path, r#"missing; use "and" or "or""#),
        Some(Value::String(s)) => match Conjunction::parse(s) {
            Some(c) => c,
            None => {
                return refuse(
                    &conjunction_path,
                    FilterProblem::UnknownConjunction {
                        given: Value::String(s.clone()).to_string(),
                    },
                );
            }
        },
        Some(_) => return err(&conjunction_path, r#"must be the text "and" or "or""#),
    };
    let clauses_path = format!("{path}.clauses");
    let items = match obj.get("clauses") {
        None => return err(&clauses_path, "missing; give a list of 1 to 10 clauses"),
        Some(Value::Array(items)) => items,
        Some(_) => return err(&clauses_path, "must be a list of 1 to 10 clauses"),
    };
    check_clause_count(items.len()).or_else(|p| refuse(&clauses_path, p))?;
    let clauses = items
        .iter()
        .enumerate()
        .map(|(i, item)| parse_clause(item, &format!("{clauses_path}[{i}]"), level))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Filter { conjunction, clauses })
}

fn parse_clause(item: &Value, path: &str, level: usize) -> Result<Clause, FilterError> {
    let Some(obj) = item.as_object() else {
        return err(
            path,
            r#"a clause must be an object: a condition {"key", "operator", "value"} or a group {"conjunction", "clauses"}"#,
        );
    };
    let is_group = GROUP_FIELDS.iter().any(|f| obj.contains_key(*f));
    let is_condition = CONDITION_FIELDS.iter().any(|f| obj.contains_key(*f));
    match (is_condition, is_group) {
        (true, true) => err(
            path,
            "this clause mixes a condition (key, operator, value) with a group (conjunction, clauses); \
             make them two clauses",
        ),
        (false, false) => err(
            path,
            "a clause needs key, operator and value (a condition) or conjunction and clauses (a group)",
        ),
        (false, true) => parse_group(obj, path, level + 1).map(Clause::Group),
        (true, false) => parse_condition(obj, path).map(Clause::Condition),
    }
}

fn parse_condition(obj: &Map<String, Value>, path: &str) -> Result<Condition, FilterError> {
    if let Some(field) = obj.keys().find(|k| !CONDITION_FIELDS.contains(&k.as_str())) {
        return err(
            &format!("{path}.{field}"),
            "unknown field; a condition has only key, operator and value",
        );
    }
    let key_path = format!("{path}.key");
    let key = match obj.get("key") {
        None => {
            return err(
                &key_path,
                r#"missing; give the metadata key to test, e.g. "region""#,
            );
        }
        Some(Value::String(s)) => s.clone(),
        Some(_) => return err(&key_path, "must be text: the metadata key to test"),
    };
    check_key(&key).or_else(|p| refuse(&key_path, p))?;

    let operator_path = format!("{path}.operator");
    let operator = match obj.get("operator") {
        None => {
            return err(
                &operator_path,
                format!("missing; use one of {}", Operator::api_names()),
            );
        }
        Some(Value::String(s)) => match Operator::parse(s) {
            Some(op) => op,
            None => {
                return refuse(
                    &operator_path,
                    FilterProblem::UnknownOperator {
                        given: Value::String(s.clone()).to_string(),
                    },
                );
            }
        },
        Some(_) => {
            return err(
                &operator_path,
                format!("must be one of {}", Operator::api_names()),
            );
        }
    };

    let value_path = format!("{path}.value");
    let value = match obj.get("value") {
        None => return err(&value_path, "missing; give a text, a number or true/false"),
        Some(v) => parse_value(v).or_else(|p| refuse(&value_path, p))?,
    };
    check_value(operator, &value).or_else(|p| refuse(&value_path, p))?;
    Ok(Condition { key, operator, value })
}

fn parse_value(v: &Value) -> Result<FilterValue, FilterProblem> {
    let shape = |m: &str| Err(FilterProblem::Shape(m.to_owned()));
    match v {
        Value::String(s) => Ok(FilterValue::Text(s.clone())),
        Value::Bool(b) => Ok(FilterValue::Bool(*b)),
        Value::Number(n) => {
            let text = numeric::number_text(n);
            match numeric::numeral(&text) {
                Some(mut d) => {
                    if d.is_zero() {
                        d.set_sign_positive(true);
                    }
                    Ok(FilterValue::Number(d))
                }
                None => Err(FilterProblem::NumberTooManyDigits {
                    value: n.as_str().to_owned(),
                }),
            }
        }
        Value::Null => shape("null cannot be compared; give a text, a number or true/false"),
        Value::Array(_) => shape("a list is not allowed; give one text, number or true/false"),
        Value::Object(_) => shape("an object is not allowed; give a text, a number or true/false"),
    }
}

fn check_depth(level: usize) -> Result<(), FilterProblem> {
    if level > MAX_DEPTH {
        return Err(FilterProblem::TooDeep);
    }
    Ok(())
}

fn check_clause_count(n: usize) -> Result<(), FilterProblem> {
    match n {
        0 => Err(FilterProblem::GroupEmpty),
        n if n > MAX_CLAUSES => Err(FilterProblem::GroupTooMany { count: n }),
        _ => Ok(()),
    }
}

fn check_key(key: &str) -> Result<(), FilterProblem> {
    let chars = key.chars().count();
    if key.trim().is_empty() {
        return Err(FilterProblem::KeyEmpty);
    }
    if chars > MAX_KEY_CHARS {
        return Err(FilterProblem::KeyTooLong { chars });
    }
    if key.contains('\0') {
        return Err(FilterProblem::Nul);
    }
    Ok(())
}

fn check_value(operator: Operator, value: &FilterValue) -> Result<(), FilterProblem> {
    if let FilterValue::Text(s) = value {
        let chars = s.chars().count();
        if chars > MAX_TEXT_VALUE_CHARS {
            return Err(FilterProblem::ValueTooLong { chars });
        }
        if s.contains('\0') {
            return Err(FilterProblem::Nul);
        }
    }
    if operator.is_numeric() && value.numeric().is_none() {
        let too_many_digits = match value {
            FilterValue::Text(s) if Shape::of(s) != Shape::NotNumeral => Some(value.display()),
            _ => None,
        };
        return Err(FilterProblem::NeedsNumber {
            operator,
            too_many_digits,
        });
    }
    Ok(())
}

/// Writes `conjunction` before `clauses` and `key, operator, value` in that order (a
/// `serde_json::Map` would sort the keys).
impl Serialize for Filter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("conjunction", self.conjunction.as_str())?;
        map.serialize_entry("clauses", &self.clauses)?;
        map.end()
    }
}

impl Serialize for Clause {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Clause::Group(g) => g.serialize(serializer),
            Clause::Condition(c) => {
                let mut map = serializer.serialize_map(Some(3))?;
                map.serialize_entry("key", &c.key)?;
                map.serialize_entry("operator", c.operator.as_str())?;
                map.serialize_entry("value", &c.value.to_json())?;
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Filter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Filter::from_json(&value).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn refused(v: Value) -> FilterError {
        Filter::from_json(&v).unwrap_err()
    }

    fn cond(key: &str, op: &str, value: Value) -> Value {
        json!({"key": key, "operator": op, "value": value})
    }

    fn and(clauses: Vec<Value>) -> Value {
        json!({"conjunction": "and", "clauses": clauses})
    }

    #[test]
    fn unknown_operator() {
        let e = refused(and(vec![
            cond("a", "equals", json!(1)),
            cond("b", "like", json!("x")),
        ]));
        assert_eq!(e.path, "filter.clauses[1].operator");
        assert_eq!(
            e.to_string(),
            r#"filter.clauses[1].operator: unknown operator "like"; use one of equals, not_equals, greater_than, greater_than_or_equals, less_than, less_than_or_equals, contains, does_not_contain"#
        );
    }

    #[test]
    fn nesting_depth() {
        let level3 = and(vec![and(vec![and(vec![cond("a", "equals", json!("x"))])])]);
        assert!(Filter::from_json(&level3).is_ok());
        let level4 = and(vec![and(vec![and(vec![and(vec![cond(
            "a",
            "equals",
            json!("x"),
        )])])])]);
        let e = refused(level4);
        assert_eq!(e.path, "filter.clauses[0].clauses[0].clauses[0]");
        assert!(e.message.starts_with("Groups nest at most 3 levels deep."), "{e}");
    }

    #[test]
    fn clause_counts() {
        let ten = (0..10)
            .map(|i| cond(&format!("k{i}"), "equals", json!(i)))
            .collect::<Vec<_>>();
        assert!(Filter::from_json(&and(ten.clone())).is_ok());
        let mut eleven = ten;
        eleven.push(cond("k10", "equals", json!(10)));
        let e = refused(json!({"conjunction": "or", "clauses": [and(eleven)]}));
        assert_eq!(
            e.to_string(),
            "filter.clauses[0].clauses: A group holds 1 to 10 clauses; this one has 11. Split it into nested groups."
        );
        let e = refused(and(vec![]));
        assert_eq!(e.path, "filter.clauses");
        assert!(e.message.contains("this one has none"));
    }

    #[test]
    fn conjunctions() {
        let e = refused(json!({"conjunction": "xor", "clauses": [cond("a", "equals", json!(1))]}));
        assert_eq!(
            e.to_string(),
            r#"filter.conjunction: unknown conjunction "xor"; use "and" or "or""#
        );
        let e = refused(json!({"conjunction": "AND", "clauses": [cond("a", "equals", json!(1))]}));
        assert_eq!(e.path, "filter.conjunction");
        let e = refused(json!({"clauses": [cond("a", "equals", json!(1))]}));
        assert_eq!(e.to_string(), r#"filter.conjunction: missing; use "and" or "or""#);
        let e = refused(json!({"conjunction": true, "clauses": []}));
        assert_eq!(e.path, "filter.conjunction");
    }

    #[test]
    fn keys() {
        let e = refused(and(vec![cond("", "equals", json!(1))]));
        assert_eq!(e.path, "filter.clauses[0].key");
        assert!(e.message.starts_with("must not be empty"));
        let e = refused(and(vec![cond("   ", "equals", json!(1))]));
        assert_eq!(e.path, "filter.clauses[0].key");
        let long = "k".repeat(101);
        let e = refused(and(vec![cond(&long, "equals", json!(1))]));
        assert_eq!(e.message, "is 101 characters long; keys have at most 100");
        assert!(Filter::from_json(&and(vec![cond(&"é".repeat(100), "equals", json!(1))])).is_ok());
        let e = refused(and(vec![json!({"key": 5, "operator": "equals", "value": 1})]));
        assert_eq!(e.path, "filter.clauses[0].key");
    }

    #[test]
    fn values() {
        let e = refused(and(vec![cond("a", "equals", json!([1, 2]))]));
        assert_eq!(e.path, "filter.clauses[0].value");
        assert!(e.message.starts_with("a list is not allowed"));
        let e = refused(and(vec![cond("a", "equals", json!(null))]));
        assert!(e.message.starts_with("null cannot be compared"));
        let e = refused(and(vec![cond("a", "equals", json!({"b": 1}))]));
        assert!(e.message.starts_with("an object is not allowed"));
        let e = refused(and(vec![cond("a", "equals", json!("x".repeat(501)))]));
        assert_eq!(e.message, "is 501 characters long; text values have at most 500");
        assert!(Filter::from_json(&and(vec![cond("a", "equals", json!("x".repeat(500)))])).is_ok());
        let big: Value = serde_json::from_str("12345678901234567").unwrap();
        let e = refused(and(vec![cond("a", "equals", big)]));
        assert!(
            e.message.starts_with("12345678901234567 has too many digits"),
            "{e}"
        );
        let e = refused(and(vec![json!({"key": "a", "operator": "equals"})]));
        assert_eq!(e.path, "filter.clauses[0].value");
    }

    #[test]
    fn numeric_comparators_need_numbers() {
        let e = refused(and(vec![cond("tokens", "greater_than", json!("many"))]));
        assert_eq!(
            e.to_string(),
            "filter.clauses[0].value: greater_than compares numbers; give a number such as 100"
        );
        let e = refused(and(vec![cond("tokens", "less_than_or_equals", json!(true))]));
        assert!(e.message.starts_with("less_than_or_equals compares numbers"));
        let e = refused(and(vec![cond("tokens", "less_than", json!("12345678901234567"))]));
        assert!(e.message.contains("too many digits"), "{e}");
        for ok in [json!(100), json!("100"), json!("-2.5"), json!(0.5)] {
            assert!(Filter::from_json(&and(vec![cond("t", "greater_than", ok)])).is_ok());
        }
    }

    #[test]
    fn clause_shapes() {
        let e = refused(and(vec![
            json!({"key": "a", "operator": "equals", "value": 1, "conjunction": "and"}),
        ]));
        assert_eq!(e.path, "filter.clauses[0]");
        assert!(e.message.contains("mixes a condition"));
        let e = refused(and(vec![json!({})]));
        assert_eq!(e.path, "filter.clauses[0]");
        assert!(e.message.starts_with("a clause needs"));
        let e = refused(and(vec![json!("a = 1")]));
        assert!(e.message.starts_with("a clause must be an object"));
        let e = refused(and(vec![json!({"key": "a", "operater": "equals", "value": 1})]));
        assert_eq!(e.path, "filter.clauses[0].operater");
        let e = refused(json!({"conjunction": "and", "clauses": [cond("a", "equals", json!(1))], "x": 1}));
        assert_eq!(e.path, "filter.x");
        let e = refused(cond("a", "equals", json!(1)));
        assert_eq!(e.path, "filter");
        let e = refused(json!([]));
        assert_eq!(e.path, "filter");
        let e = Filter::from_json_at(&json!(1), "meter.filter").unwrap_err();
        assert_eq!(e.path, "meter.filter");
    }

    #[test]
    fn json_round_trip() {
        let text = r#"{"conjunction":"or","clauses":[{"key":"region","operator":"equals","value":"eu"},{"conjunction":"and","clauses":[{"key":"tokens","operator":"greater_than_or_equals","value":1.50},{"key":"beta","operator":"not_equals","value":false},{"key":"n","operator":"less_than","value":"400"},{"conjunction":"or","clauses":[{"key":"path","operator":"does_not_contain","value":"/admin"}]}]}]}"#;
        let value: Value = serde_json::from_str(text).unwrap();
        let filter = Filter::from_json(&value).unwrap();
        assert_eq!(filter.to_json(), value);
        assert_eq!(serde_json::to_string(&filter).unwrap(), text.replace('\n', ""));
        let back: Filter = serde_json::from_str(text).unwrap();
        assert_eq!(back, filter);
        assert!(filter.validate().is_ok());
    }

    #[test]
    fn exponent_numbers_become_plain() {
        let f = Filter::from_json(&serde_json::from_str::<Value>(
            r#"{"conjunction":"and","clauses":[{"key":"a","operator":"equals","value":1e3},{"key":"b","operator":"equals","value":-0}]}"#,
        ).unwrap())
        .unwrap();
        assert_eq!(
            serde_json::to_string(&f).unwrap(),
            r#"{"conjunction":"and","clauses":[{"key":"a","operator":"equals","value":1000},{"key":"b","operator":"equals","value":0}]}"#
        );
    }

    #[test]
    fn serde_error_carries_the_path() {
        #[derive(Debug, Deserialize)]
        struct Meter {
            #[allow(dead_code)]
            filter: Option<Filter>,
        }
        let e = serde_json::from_str::<Meter>(
            r#"{"filter": {"conjunction": "and", "clauses": [{"key": "a", "operator": "like", "value": 1}]}}"#,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("filter.clauses[0].operator: unknown operator"),
            "{e}"
        );
    }

    #[test]
    fn validate_built_filters() {
        let bad = Filter {
            conjunction: Conjunction::And,
            clauses: vec![Clause::Group(Filter {
                conjunction: Conjunction::Or,
                clauses: vec![Clause::Condition(Condition {
                    key: "tokens".into(),
                    operator: Operator::GreaterThan,
                    value: FilterValue::Text("lots".into()),
                })],
            })],
        };
        let e = bad.validate().unwrap_err();
        assert_eq!(e.path, "filter.clauses[0].clauses[0].value");
        let empty = Filter {
            conjunction: Conjunction::And,
            clauses: vec![],
        };
        assert_eq!(empty.validate().unwrap_err().path, "filter.clauses");
    }
}
