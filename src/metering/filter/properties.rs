//! Properties of the filter JSON: parsing never panics on any JSON value (deep trees, strings
//! with NUL and any unicode, numbers of any size), and whatever it accepts renders back to the
//! same filter, passes `validate`, and evaluates, explains and compiles to SQL without panicking.

use proptest::prelude::*;
use serde_json::{Map, Number, Value};

use super::Filter;

/// Text that reaches every branch: the words the parser knows, near misses, NUL, control and
/// non-ASCII characters, long runs.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "and",
            "or",
            "AND",
            "equals",
            "not_equals",
            "greater_than",
            "greater_than_or_equals",
            "less_than",
            "less_than_or_equals",
            "contains",
            "does_not_contain",
            "like",
            "region",
            "",
            " ",
            "\0",
            "a\0b",
            "１２３",
            "٣",
            "🙂",
            "é",
            "\u{85}",
            "\u{202e}",
            "1e5",
            "-0",
            "00012.50",
            "99999999999999999999999999999999",
        ])
        .prop_map(str::to_owned),
        any::<String>(),
        "[a-z\u{0}-\u{1f}é🙂 .,0-9-]{0,12}",
        (1usize..600).prop_map(|n| "k".repeat(n)),
    ]
}

/// Numbers as JSON writes them, from small integers to ones no decimal holds.
fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "-?[0-9]{1,40}(\\.[0-9]{1,40})?([eE][+-]?[0-9]{1,4})?"
            .prop_map(|s| serde_json::from_str(&s).unwrap_or(Value::Null)),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        text().prop_map(Value::String),
    ]
}

/// Any JSON value, with object keys drawn mostly from the filter's own field names so that the
/// parser goes deep.
fn json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        4 => prop::sample::select(vec!["conjunction", "clauses", "key", "operator", "value"]).prop_map(str::to_owned),
        1 => text(),
    ];
    leaf().prop_recursive(6, 64, 12, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..12).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..5)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Values shaped like filters: groups of conditions whose fields are sometimes wrong.
fn filter_like() -> impl Strategy<Value = Value> {
    let condition = (
        prop_oneof![20 => "[a-z]{1,6}".prop_map(Value::String), 1 => leaf()],
        prop_oneof![
            20 => prop::sample::select(vec!["equals", "not_equals", "greater_than", "less_than_or_equals", "contains", "does_not_contain"])
                .prop_map(|s| Value::String(s.to_owned())),
            1 => leaf(),
        ],
        prop_oneof![6 => number(), 4 => text().prop_map(Value::String), 1 => leaf()],
    )
        .prop_map(|(k, o, v)| serde_json::json!({"key": k, "operator": o, "value": v}));
    condition.prop_recursive(4, 40, 11, |inner| {
        (
            prop_oneof![20 => prop::sample::select(vec!["and", "or"]).prop_map(|s| Value::String(s.to_owned())), 1 => leaf()],
            prop_oneof![20 => prop::collection::vec(inner.clone(), 1..4), 1 => prop::collection::vec(inner, 0..12)],
        )
            .prop_map(|(c, clauses)| serde_json::json!({"conjunction": c, "clauses": clauses}))
    })
}

fn metadata() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec(("[a-z]{1,6}", leaf()), 0..6).prop_map(|pairs| pairs.into_iter().collect())
}

fn check_accepted(v: &Value, metadata: &Map<String, Value>) -> Result<(), TestCaseError> {
    let Ok(f) = Filter::from_json(v) else {
        return Ok(());
    };
    prop_assert!(f.validate().is_ok(), "{}", v);
    let again = Filter::from_json(&f.to_json());
    prop_assert_eq!(again.as_ref(), Ok(&f));
    let text = serde_json::to_string(&f).unwrap_or_default();
    let back: Result<Filter, _> = serde_json::from_str(&text);
    prop_assert_eq!(back.as_ref().ok(), Some(&f));
    let _ = f.describe();
    prop_assert_eq!(f.explain(metadata).matched, f.matches(metadata));
    let sql = f.to_sql("metadata");
    let _ = sql.to_debug_string();
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parsing_never_panics_on_any_json(v in json(), m in metadata()) {
        let _ = Filter::from_json_at(&v, "meter.filter");
        check_accepted(&v, &m)?;
    }

    #[test]
    fn filter_shaped_json_is_refused_with_a_path_or_round_trips(v in filter_like(), m in metadata()) {
        match Filter::from_json(&v) {
            Err(e) => prop_assert!(e.path.starts_with("filter"), "{}", e),
            Ok(_) => check_accepted(&v, &m)?,
        }
    }
}
