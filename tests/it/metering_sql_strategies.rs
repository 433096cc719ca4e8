//! Proptest strategies for metering_sql: random valid filter trees (all operators, both
//! conjunctions, nesting to the maximum depth) and random event metadata as ingest stores it.

use meterdesk::metering::filter::{MAX_CLAUSES, MAX_DEPTH};
use meterdesk::metering::{
    Clause, Condition, Conjunction, Filter, FilterValue, Operator, canonical_number, numeral,
};
use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::{Map, Number, Value, json};

/// Metadata keys, shared by filters and events so that conditions often hit and often miss.
const KEYS: &[&str] = &["a", "b", "tier", "Tier", "region"];

/// Texts that are not plain numerals (some nearly are), substrings of each other, letter-case
/// variants, unicode, and characters that mean something to SQL or LIKE.
const WORDS: &[&str] = &[
    "",
    "a",
    "b",
    "ab",
    "bc",
    "abc",
    "ABC",
    "Abc",
    "eu",
    "EU",
    "eu-west",
    "pro",
    "Pro",
    "free",
    "true",
    "false",
    "True",
    "null",
    "1e3",
    "1E3",
    " 1",
    "1 ",
    "+1",
    ".5",
    "1.",
    "-",
    "--1",
    "-.5",
    "1,000",
    "1_000",
    "0x10",
    "NaN",
    "Infinity",
    "1\n",
    "\t1",
    "12345678901234567",
    "0.1234567890123",
    "1.2.3",
    "١٢",
    "é",
    "e\u{301}",
    "ß",
    "SS",
    "日本",
    "🙂",
    "a%b",
    "%",
    "_",
    "\\",
    "'",
    "\"",
];

/// JSON numbers in exponent or signed-zero form, and some too long to be stored.
const NUMBER_FORMS: &[&str] = &[
    "1e3",
    "1E3",
    "1.5e1",
    "15e-1",
    "1.50e-1",
    "2.5E2",
    "-1e0",
    "0e-3",
    "-0e2",
    "-0",
    "-0.0",
    "-0.00",
    "1e17",
    "1e-20",
    "1e400",
    "12345678901234567",
    "0.1234567890123",
];

fn words(pool: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(pool).prop_map(str::to_owned)
}

/// A plain decimal numeral (`^-?[0-9]{1,16}(\.[0-9]{1,12})?$`), mostly from small pools so that
/// equal values come up often: `400`, `-2.5`, `1.50`, `007`, `-0`, `0.000000000001`…
fn numeral_text() -> impl Strategy<Value = String> {
    let int = prop_oneof![
        8 => words(&["0", "1", "2", "10", "15", "400", "1000", "007", "00", "1234567890123456"]),
        1 => "[0-9]{1,16}",
    ];
    let frac = prop_oneof![
        6 => Just(String::new()),
        4 => words(&["5", "50", "0", "00", "25", "000000000001", "999999999999"]).prop_map(|f| format!(".{f}")),
        1 => "[0-9]{1,12}".prop_map(|f| format!(".{f}")),
    ];
    let built = (prop::bool::weighted(0.3), int, frac).prop_map(|(neg, int, frac)| {
        let sign = if neg { "-" } else { "" };
        format!("{sign}{int}{frac}")
    });
    prop_oneof![
        1 => words(&["1", "1.5", "1.50", "-0", "0", "0.0", "10", "400", "-2.5"]),
        1 => built,
    ]
}

/// Values that filters and events share often, so that `equals` holds often enough.
const COMMON: &[&str] = &[
    "", "abc", "ABC", "ab", "pro", "eu", "true", "1", "1.5", "1.50", "-0", "1e3", " 1",
];

/// A text value: a common or rarer word, a numeral, or short random text over a small alphabet
/// (so that substrings are frequent).
fn text_value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => words(COMMON),
        4 => words(WORDS),
        2 => numeral_text(),
        2 => "[abAB1.\\- é%_]{0,4}",
    ]
}

fn decimal(text: &str) -> FilterValue {
    FilterValue::Number(numeral(text).expect("generated numerals fit a Decimal"))
}

fn filter_value(operator: Operator) -> BoxedStrategy<FilterValue> {
    if operator.is_numeric() {
        prop_oneof![
            numeral_text().prop_map(|t| decimal(&t)),
            numeral_text().prop_map(FilterValue::Text),
        ]
        .boxed()
    } else {
        prop_oneof![
            2 => numeral_text().prop_map(|t| decimal(&t)),
            2 => numeral_text().prop_map(FilterValue::Text),
            4 => text_value().prop_map(FilterValue::Text),
            1 => any::<bool>().prop_map(FilterValue::Bool),
        ]
        .boxed()
    }
}

fn condition() -> impl Strategy<Value = Condition> {
    (words(KEYS), prop::sample::select(Operator::ALL.as_slice())).prop_flat_map(|(key, operator)| {
        filter_value(operator).prop_map(move |value| Condition {
            key: key.clone(),
            operator,
            value,
        })
    })
}

/// A group at `level` (the filter itself is level 1), nesting at most to [`MAX_DEPTH`], with
/// 1 to [`MAX_CLAUSES`] clauses (mostly few, so that verdicts are mixed).
pub(crate) fn group(level: usize) -> BoxedStrategy<Filter> {
    let clause = if level < MAX_DEPTH {
        prop_oneof![
            4 => condition().prop_map(Clause::Condition),
            1 => group(level + 1).prop_map(Clause::Group),
        ]
        .boxed()
    } else {
        condition().prop_map(Clause::Condition).boxed()
    };
    // Up to 3 clauses mostly, sometimes up to 6 or the maximum; the vector shrinks to 1 clause.
    let most = prop_oneof![6 => Just(3), 3 => Just(6), 1 => Just(MAX_CLAUSES)];
    let conjunction = prop::sample::select(Conjunction::ALL.as_slice());
    (conjunction, most)
        .prop_flat_map(move |(conjunction, most)| {
            vec(clause.clone(), 1..=most).prop_map(move |clauses| Filter { conjunction, clauses })
        })
        .boxed()
}

/// A plain numeral written as valid JSON (no leading zeros).
fn json_numeral(text: &str) -> String {
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (int, frac) = match unsigned.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (unsigned, None),
    };
    let int = match int.trim_start_matches('0') {
        "" => "0",
        trimmed => trimmed,
    };
    match frac {
        Some(frac) => format!("{sign}{int}.{frac}"),
        None => format!("{sign}{int}"),
    }
}

/// A JSON number as ingest stores it ([`canonical_number`]); `None` (the key is left out) for
/// one ingest would refuse.
fn stored_number(text: &str) -> Option<Value> {
    let n: Number = serde_json::from_str(text).ok()?;
    canonical_number(&n).map(Value::Number)
}

/// One metadata value; `None` for a missing key.
fn event_value() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        3 => Just(None),
        3 => prop_oneof![
            4 => numeral_text().prop_map(|t| json_numeral(&t)),
            1 => words(NUMBER_FORMS),
        ]
        .prop_map(|t| stored_number(&t)),
        2 => numeral_text().prop_map(|s| Some(Value::String(s))),
        4 => text_value().prop_map(|s| Some(Value::String(s))),
        1 => any::<bool>().prop_map(|b| Some(Value::Bool(b))),
        1 => Just(Some(Value::Null)),
        1 => prop_oneof![
            Just(json!([1])),
            Just(json!([])),
            Just(json!({"a": "abc"})),
            Just(json!({})),
        ]
        .prop_map(Some),
    ]
}

pub(crate) fn metadata() -> impl Strategy<Value = Map<String, Value>> {
    vec(event_value(), KEYS.len()).prop_map(|values| {
        KEYS.iter()
            .zip(values)
            .filter_map(|(key, value)| Some(((*key).to_owned(), value?)))
            .collect()
    })
}
