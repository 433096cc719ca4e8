//! Aggregations (count / sum / max / min / avg / last / unique_count) and reading an event's
//! value for them. The mergeable rollup cell behind them is in [`super::cell`].

use std::fmt;

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::numeric::{self, Shape, distinct_text, show_value, value_number};

/// Longest aggregation property key, in characters (as metadata keys).
pub const MAX_KEY_CHARS: usize = 100;

/// How a meter turns its events into a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AggregationKind {
    /// Number of events.
    Count,
    /// Sum of the property.
    Sum,
    /// Largest value of the property.
    Max,
    /// Smallest value of the property.
    Min,
    /// Sum ÷ count of the events, to 12 decimal places, half-up.
    Avg,
    /// Value of the property in the latest event (by timestamp; on a tie, the one received last).
    Last,
    /// Number of distinct values of the property (compared by text, numbers normalised).
    UniqueCount,
}

impl AggregationKind {
    pub const ALL: [AggregationKind; 7] = [
        AggregationKind::Count,
        AggregationKind::Sum,
        AggregationKind::Max,
        AggregationKind::Min,
        AggregationKind::Avg,
        AggregationKind::Last,
        AggregationKind::UniqueCount,
    ];

    /// `count`, `sum`, `max`, `min`, `avg`, `last`, `unique_count`.
    pub fn as_str(self) -> &'static str {
        match self {
            AggregationKind::Count => "count",
            AggregationKind::Sum => "sum",
            AggregationKind::Max => "max",
            AggregationKind::Min => "min",
            AggregationKind::Avg => "avg",
            AggregationKind::Last => "last",
            AggregationKind::UniqueCount => "unique_count",
        }
    }

    /// Parses the API name (exact, lowercase).
    pub fn parse(s: &str) -> Option<AggregationKind> {
        AggregationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether it reads a property (all but `count`).
    pub fn reads_property(self) -> bool {
        self != AggregationKind::Count
    }

    /// Whether the property must be a number (all but `count` and `unique_count`).
    pub fn reads_number(self) -> bool {
        !matches!(self, AggregationKind::Count | AggregationKind::UniqueCount)
    }

    /// Whether it counts distinct values (kept as value sets, not as a mergeable number).
    pub fn is_distinct(self) -> bool {
        self == AggregationKind::UniqueCount
    }
}

impl fmt::Display for AggregationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an aggregation definition was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AggregationError {
    #[error("unknown aggregation {0:?}; use one of count, sum, max, min, avg, last, unique_count")]
    UnknownKind(String),
    #[error("{0} needs a key: the metadata property to read, e.g. \"bytes\"")]
    KeyMissing(AggregationKind),
    #[error("count needs no key: it counts events")]
    KeyNotAllowed,
    #[error("the key is {0} characters long; keys have at most 100")]
    KeyTooLong(usize),
    #[error("the key must not contain the NUL character")]
    KeyHasNul,
}

/// An aggregation: its kind and, for all but `count`, the metadata key it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aggregation {
    kind: AggregationKind,
    key: Option<String>,
}

/// Why an event's value cannot be aggregated (the event is rejected at ingest).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("property \"{key}\" is missing")]
    Missing { key: String },
    /// `found` is the value as shown: `"abc"` (quoted), `true`, `null`, `a list`.
    #[error("property \"{key}\" is {found}, not a number")]
    NotNumeric { key: String, found: String },
    #[error(
        "property \"{key}\" is {found}, which has too many digits (at most 16 before and 12 after \
         the decimal point)"
    )]
    TooManyDigits { key: String, found: String },
    /// A unique count reads any string, number or boolean; `found` is null, a list or an object.
    #[error("property \"{key}\" is {found}: give a string, number or boolean to count")]
    NoValue { key: String, found: String },
}

/// What one event gives its meter's aggregation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// The property as a number (sum, max, min, avg, last).
    Number(Decimal),
    /// The property's value as a unique count compares it ([`distinct_text`]).
    Distinct(String),
}

impl Reading {
    pub fn number(&self) -> Option<Decimal> {
        match self {
            Reading::Number(n) => Some(*n),
            Reading::Distinct(_) => None,
        }
    }

    pub fn distinct(&self) -> Option<&str> {
        match self {
            Reading::Distinct(v) => Some(v),
            Reading::Number(_) => None,
        }
    }
}

impl fmt::Display for Reading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reading::Number(n) => write!(f, "{n}"),
            Reading::Distinct(v) => write!(f, "{v:?}"),
        }
    }
}

impl Aggregation {
    /// Validates a definition. A blank key (empty or only spaces, as an empty form field sends)
    /// counts as no key.
    pub fn new(kind: AggregationKind, key: Option<&str>) -> Result<Aggregation, AggregationError> {
        let key = key.filter(|k| !k.trim().is_empty());
        match (kind, key) {
            (AggregationKind::Count, None) => Ok(Aggregation { kind, key: None }),
            (AggregationKind::Count, Some(_)) => Err(AggregationError::KeyNotAllowed),
            (_, None) => Err(AggregationError::KeyMissing(kind)),
            (_, Some(k)) => {
                let chars = k.chars().count();
                if chars > MAX_KEY_CHARS {
                    return Err(AggregationError::KeyTooLong(chars));
                }
                if k.contains('\0') {
                    return Err(AggregationError::KeyHasNul);
                }
                Ok(Aggregation {
                    kind,
                    key: Some(k.to_owned()),
                })
            }
        }
    }

    /// As [`Aggregation::new`], from the API's `type` text.
    pub fn parse(kind: &str, key: Option<&str>) -> Result<Aggregation, AggregationError> {
        let kind =
            AggregationKind::parse(kind).ok_or_else(|| AggregationError::UnknownKind(kind.to_owned()))?;
        Aggregation::new(kind, key)
    }

    /// `count`.
    pub fn count() -> Aggregation {
        Aggregation {
            kind: AggregationKind::Count,
            key: None,
        }
    }

    pub fn kind(&self) -> AggregationKind {
        self.kind
    }

    /// The property read; `None` for count.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// The property a meter reads as a number (`None` for count and unique_count).
    pub fn number_key(&self) -> Option<&str> {
        self.key().filter(|_| self.kind.reads_number())
    }

    /// The property a unique_count meter reads (`None` for every other kind).
    pub fn distinct_key(&self) -> Option<&str> {
        self.key().filter(|_| self.kind.is_distinct())
    }

    /// What this event contributes: `Ok(None)` for count; the property's numeric value for the
    /// kinds that read a number; its text, numbers normalised, for unique_count; or why there is
    /// none (then the event is refused at ingest, and not counted if stored before the meter).
    pub fn read_value(&self, metadata: &Map<String, Value>) -> Result<Option<Reading>, ValueError> {
        let Some(key) = &self.key else {
            return Ok(None);
        };
        let Some(value) = metadata.get(key) else {
            return Err(ValueError::Missing { key: key.clone() });
        };
        if self.kind.is_distinct() {
            return distinct_text(value)
                .map(|v| Some(Reading::Distinct(v)))
                .ok_or_else(|| ValueError::NoValue {
                    key: key.clone(),
                    found: show_value(value),
                });
        }
        if let Some(number) = value_number(value) {
            return Ok(Some(Reading::Number(number)));
        }
        let found = show_value(value);
        let too_long = match value {
            Value::String(s) => Shape::of(s) != Shape::NotNumeral,
            Value::Number(n) => Shape::of(&numeric::number_text(n)) != Shape::NotNumeral,
            _ => false,
        };
        Err(if too_long {
            ValueError::TooManyDigits {
                key: key.clone(),
                found,
            }
        } else {
            ValueError::NotNumeric {
                key: key.clone(),
                found,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn md(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn num(s: &str) -> Option<Reading> {
        Some(Reading::Number(d(s)))
    }

    #[test]
    fn definitions() {
        assert_eq!(AggregationKind::parse("sum"), Some(AggregationKind::Sum));
        assert_eq!(AggregationKind::parse("SUM"), None);
        for k in AggregationKind::ALL {
            assert_eq!(AggregationKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(
            AggregationKind::parse("unique_count"),
            Some(AggregationKind::UniqueCount)
        );
        assert_eq!(AggregationKind::parse("average"), None);
        assert_eq!(Aggregation::parse("count", None).unwrap(), Aggregation::count());
        assert_eq!(
            Aggregation::parse("count", Some("")).unwrap(),
            Aggregation::count()
        );
        assert_eq!(
            Aggregation::parse("count", Some("bytes"))
                .unwrap_err()
                .to_string(),
            "count needs no key: it counts events"
        );
        assert_eq!(
            Aggregation::parse("sum", None).unwrap_err().to_string(),
            "sum needs a key: the metadata property to read, e.g. \"bytes\""
        );
        assert_eq!(
            Aggregation::parse("max", Some("  ")).unwrap_err(),
            AggregationError::KeyMissing(AggregationKind::Max)
        );
        for kind in ["min", "avg", "unique_count"] {
            assert!(matches!(
                Aggregation::parse(kind, None).unwrap_err(),
                AggregationError::KeyMissing(_)
            ));
        }
        assert_eq!(
            Aggregation::parse("last", Some(&"k".repeat(101))).unwrap_err(),
            AggregationError::KeyTooLong(101)
        );
        assert_eq!(
            Aggregation::parse("median", None).unwrap_err().to_string(),
            "unknown aggregation \"median\"; use one of count, sum, max, min, avg, last, unique_count"
        );
        let a = Aggregation::parse("sum", Some("bytes")).unwrap();
        assert_eq!((a.kind(), a.key()), (AggregationKind::Sum, Some("bytes")));
        let u = Aggregation::parse("unique_count", Some("user_id")).unwrap();
        assert_eq!((u.number_key(), u.distinct_key()), (None, Some("user_id")));
        assert_eq!((a.number_key(), a.distinct_key()), (Some("bytes"), None));
        let kinds_reading_numbers: Vec<&str> = AggregationKind::ALL
            .into_iter()
            .filter(|k| k.reads_number())
            .map(AggregationKind::as_str)
            .collect();
        assert_eq!(kinds_reading_numbers, ["sum", "max", "min", "avg", "last"]);
    }

    #[test]
    fn reading_values() {
        let sum = Aggregation::parse("sum", Some("bytes")).unwrap();
        assert_eq!(Aggregation::count().read_value(&md(json!({}))), Ok(None));
        assert_eq!(sum.read_value(&md(json!({"bytes": 12}))), Ok(num("12")));
        assert_eq!(sum.read_value(&md(json!({"bytes": "400"}))), Ok(num("400")));
        assert_eq!(sum.read_value(&md(json!({"bytes": "-2.5"}))), Ok(num("-2.5")));
        let e = sum.read_value(&md(json!({"size": 1}))).unwrap_err();
        assert_eq!(e.to_string(), r#"property "bytes" is missing"#);
        let e = sum.read_value(&md(json!({"bytes": "abc"}))).unwrap_err();
        assert_eq!(e.to_string(), r#"property "bytes" is "abc", not a number"#);
        let e = sum.read_value(&md(json!({"bytes": true}))).unwrap_err();
        assert_eq!(e.to_string(), r#"property "bytes" is true, not a number"#);
        let e = sum.read_value(&md(json!({"bytes": null}))).unwrap_err();
        assert_eq!(e.to_string(), r#"property "bytes" is null, not a number"#);
        let e = sum
            .read_value(&md(json!({"bytes": "12345678901234567"})))
            .unwrap_err();
        assert!(matches!(e, ValueError::TooManyDigits { .. }), "{e}");
        let e = sum.read_value(&md(json!({"Bytes": 1}))).unwrap_err();
        assert_eq!(e, ValueError::Missing { key: "bytes".into() });
    }

    #[test]
    fn min_and_avg_read_numbers_like_sum() {
        for kind in ["min", "avg"] {
            let a = Aggregation::parse(kind, Some("ms")).unwrap();
            assert_eq!(a.read_value(&md(json!({"ms": "7.50"}))), Ok(num("7.50")));
            assert_eq!(
                a.read_value(&md(json!({"other": 1}))).unwrap_err(),
                ValueError::Missing { key: "ms".into() }
            );
            assert_eq!(
                a.read_value(&md(json!({"ms": "fast"}))).unwrap_err().to_string(),
                r#"property "ms" is "fast", not a number"#
            );
        }
    }

    #[test]
    fn unique_count_reads_any_scalar_as_normalised_text() {
        let u = Aggregation::parse("unique_count", Some("user")).unwrap();
        let text = |v: Value| u.read_value(&md(json!({ "user": v })));
        let distinct = |s: &str| Ok(Some(Reading::Distinct(s.to_owned())));
        assert_eq!(text(json!("u_1")), distinct("u_1"));
        assert_eq!(text(json!(1)), distinct("1"));
        assert_eq!(text(json!("1.0")), distinct("1"));
        assert_eq!(text(json!(true)), distinct("true"));
        assert_eq!(text(json!("abc")), distinct("abc"));
        assert_eq!(
            u.read_value(&md(json!({}))).unwrap_err(),
            ValueError::Missing { key: "user".into() }
        );
        assert_eq!(
            text(json!(null)).unwrap_err().to_string(),
            r#"property "user" is null: give a string, number or boolean to count"#
        );
        assert_eq!(Reading::Distinct("a".into()).to_string(), r#""a""#);
        assert_eq!(Reading::Number(d("2.5")).to_string(), "2.5");
    }
}
