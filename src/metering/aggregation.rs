//! Aggregations (count / sum / max / last) and the mergeable rollup cell behind them.

use std::fmt;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::numeric::{self, Shape, show_value, value_number};

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
    /// Value of the property in the latest event (by timestamp; on a tie, the one received last).
    Last,
}

impl AggregationKind {
    pub const ALL: [AggregationKind; 4] = [
        AggregationKind::Count,
        AggregationKind::Sum,
        AggregationKind::Max,
        AggregationKind::Last,
    ];

    /// `count`, `sum`, `max`, `last`.
    pub fn as_str(self) -> &'static str {
        match self {
            AggregationKind::Count => "count",
            AggregationKind::Sum => "sum",
            AggregationKind::Max => "max",
            AggregationKind::Last => "last",
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
}

impl fmt::Display for AggregationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an aggregation definition was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AggregationError {
    #[error("unknown aggregation {0:?}; use one of count, sum, max, last")]
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

    /// The value this event contributes: `Ok(None)` for count, else the property's numeric
    /// value, or why there is none.
    pub fn read_value(&self, metadata: &Map<String, Value>) -> Result<Option<Decimal>, ValueError> {
        let Some(key) = &self.key else {
            return Ok(None);
        };
        let Some(value) = metadata.get(key) else {
            return Err(ValueError::Missing { key: key.clone() });
        };
        if let Some(number) = value_number(value) {
            return Ok(Some(number));
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

/// Arithmetic beyond what a [`Decimal`] or the event count can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the aggregated value is too large to compute")]
pub struct OverflowError;

/// The value of the latest event: by timestamp, then by `seq` (receipt order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastValue {
    pub timestamp: DateTime<Utc>,
    pub seq: i64,
    pub value: Decimal,
}

impl LastValue {
    /// The later of two; a full tie (same timestamp and seq) keeps the larger value so that the
    /// choice does not depend on order.
    fn later(self, other: LastValue) -> LastValue {
        let key = |l: &LastValue| (l.timestamp, l.seq, l.value);
        if key(&other) > key(&self) { other } else { self }
    }
}

/// A mergeable partial aggregate of some events (e.g. one customer's events in one hour):
/// enough to answer every [`AggregationKind`]. `merge` is associative and commutative, so cells
/// can be rolled up in any grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cell {
    pub count: i64,
    pub sum: Decimal,
    pub max: Option<Decimal>,
    pub last: Option<LastValue>,
    /// The timestamp of the latest event in the cell, for every kind (count meters too).
    pub latest: Option<DateTime<Utc>>,
}

impl Cell {
    /// Adds one event. `value` is `None` for events that only count (count meters).
    pub fn add(
        &mut self,
        timestamp: DateTime<Utc>,
        seq: i64,
        value: Option<Decimal>,
    ) -> Result<(), OverflowError> {
        let mut single = Cell {
            count: 1,
            latest: Some(timestamp),
            ..Cell::default()
        };
        if let Some(value) = value {
            single.sum = value;
            single.max = Some(value);
            single.last = Some(LastValue {
                timestamp,
                seq,
                value,
            });
        }
        *self = self.merge(&single)?;
        Ok(())
    }

    /// The cell of both cells' events.
    pub fn merge(&self, other: &Cell) -> Result<Cell, OverflowError> {
        Ok(Cell {
            count: self.count.checked_add(other.count).ok_or(OverflowError)?,
            sum: self.sum.checked_add(other.sum).ok_or(OverflowError)?,
            max: match (self.max, other.max) {
                (Some(a), Some(b)) => Some(if b > a { b } else { a }),
                (a, b) => a.or(b),
            },
            last: match (self.last, other.last) {
                (Some(a), Some(b)) => Some(a.later(b)),
                (a, b) => a.or(b),
            },
            latest: self.latest.max(other.latest),
        })
    }

    /// The quantity for a kind; 0 for an empty cell, whatever the kind.
    pub fn quantity(&self, kind: AggregationKind) -> Decimal {
        match kind {
            AggregationKind::Count => Decimal::from(self.count),
            AggregationKind::Sum => self.sum,
            AggregationKind::Max => self.max.unwrap_or(Decimal::ZERO),
            AggregationKind::Last => self.last.map_or(Decimal::ZERO, |l| l.value),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    fn md(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    fn ts(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_700_000_000 + s, 0).unwrap()
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn definitions() {
        assert_eq!(AggregationKind::parse("sum"), Some(AggregationKind::Sum));
        assert_eq!(AggregationKind::parse("SUM"), None);
        for k in AggregationKind::ALL {
            assert_eq!(AggregationKind::parse(k.as_str()), Some(k));
        }
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
        assert_eq!(
            Aggregation::parse("last", Some(&"k".repeat(101))).unwrap_err(),
            AggregationError::KeyTooLong(101)
        );
        assert!(
            Aggregation::parse("avg", None)
                .unwrap_err()
                .to_string()
                .starts_with("unknown aggregation")
        );
        let a = Aggregation::parse("sum", Some("bytes")).unwrap();
        assert_eq!((a.kind(), a.key()), (AggregationKind::Sum, Some("bytes")));
    }

    #[test]
    fn reading_values() {
        let sum = Aggregation::parse("sum", Some("bytes")).unwrap();
        assert_eq!(Aggregation::count().read_value(&md(json!({}))), Ok(None));
        assert_eq!(sum.read_value(&md(json!({"bytes": 12}))), Ok(Some(d("12"))));
        assert_eq!(sum.read_value(&md(json!({"bytes": "400"}))), Ok(Some(d("400"))));
        assert_eq!(sum.read_value(&md(json!({"bytes": "-2.5"}))), Ok(Some(d("-2.5"))));
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
    fn cell_quantities() {
        let empty = Cell::default();
        for k in AggregationKind::ALL {
            assert_eq!(empty.quantity(k), Decimal::ZERO);
        }
        let mut c = Cell::default();
        c.add(ts(0), 1, Some(d("5"))).unwrap();
        c.add(ts(10), 2, Some(d("2.5"))).unwrap();
        c.add(ts(5), 3, Some(d("9"))).unwrap();
        assert_eq!(c.quantity(AggregationKind::Count), d("3"));
        assert_eq!(c.quantity(AggregationKind::Sum), d("16.5"));
        assert_eq!(c.quantity(AggregationKind::Max), d("9"));
        assert_eq!(c.quantity(AggregationKind::Last), d("2.5"));
        let mut counted = Cell::default();
        counted.add(ts(0), 1, None).unwrap();
        assert_eq!(counted.quantity(AggregationKind::Count), Decimal::ONE);
        assert_eq!(counted.quantity(AggregationKind::Last), Decimal::ZERO);
    }

    #[test]
    fn last_ties_go_to_the_later_receipt() {
        let mut a = Cell::default();
        a.add(ts(10), 7, Some(d("1"))).unwrap();
        a.add(ts(10), 3, Some(d("2"))).unwrap();
        assert_eq!(a.quantity(AggregationKind::Last), d("1"));
        let mut b = Cell::default();
        b.add(ts(10), 8, Some(d("3"))).unwrap();
        assert_eq!(a.merge(&b).unwrap().quantity(AggregationKind::Last), d("3"));
        assert_eq!(b.merge(&a).unwrap().quantity(AggregationKind::Last), d("3"));
        let mut earlier = Cell::default();
        earlier.add(ts(9), 100, Some(d("4"))).unwrap();
        assert_eq!(earlier.merge(&b).unwrap().quantity(AggregationKind::Last), d("3"));
    }

    #[test]
    fn overflow_is_an_error() {
        let mut c = Cell {
            count: i64::MAX,
            ..Cell::default()
        };
        assert_eq!(c.add(ts(0), 1, None), Err(OverflowError));
        let mut c = Cell {
            count: 1,
            sum: Decimal::MAX,
            ..Cell::default()
        };
        assert_eq!(c.add(ts(0), 1, Some(Decimal::ONE)), Err(OverflowError));
    }

    fn event() -> impl Strategy<Value = (i64, i64, Option<Decimal>)> {
        (
            0i64..20,
            0i64..30,
            proptest::option::weighted(0.8, (-100_000i64..100_000, 0u32..4)),
        )
            .prop_map(|(t, seq, v)| (t, seq, v.map(|(m, s)| Decimal::new(m, s))))
    }

    proptest! {
        #[test]
        fn merging_any_split_equals_adding_all(
            events in proptest::collection::vec(event(), 0..40),
            cut1 in 0usize..40,
            cut2 in 0usize..40,
        ) {
            let mut all = Cell::default();
            for (t, seq, v) in &events {
                all.add(ts(*t), *seq, *v).unwrap();
            }
            let (a, b) = (cut1.min(events.len()), cut2.min(events.len()));
            let (lo, hi) = (a.min(b), a.max(b));
            let part = |slice: &[(i64, i64, Option<Decimal>)]| {
                let mut c = Cell::default();
                for (t, seq, v) in slice {
                    c.add(ts(*t), *seq, *v).unwrap();
                }
                c
            };
            let (x, y, z) = (part(&events[..lo]), part(&events[lo..hi]), part(&events[hi..]));
            let left = x.merge(&y).unwrap().merge(&z).unwrap();
            let right = x.merge(&y.merge(&z).unwrap()).unwrap();
            let swapped = z.merge(&x).unwrap().merge(&y).unwrap();
            prop_assert_eq!(left, all);
            prop_assert_eq!(right, all);
            prop_assert_eq!(swapped, all);
        }
    }
}
