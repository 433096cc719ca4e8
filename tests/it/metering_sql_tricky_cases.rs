//! Hand-written cases on the tricky points of the filter evaluator and its SQL compilation, each
//! checked on both sides on real PostgreSQL.

use meterdesk::metering::{Filter, canonical_number};
use serde_json::{Map, Value, json};

use crate::metering_sql_support::{COLUMN, create_table, sql_selects, store};
use crate::support::db::TestDb;

/// Metadata as ingest stores it: numbers in their canonical form.
fn stored(metadata: &str) -> Map<String, Value> {
    let Value::Object(map) = serde_json::from_str::<Value>(metadata).unwrap() else {
        panic!("metadata must be an object: {metadata}");
    };
    map.into_iter()
        .map(|(k, v)| match v {
            Value::Number(n) => (k, Value::Number(canonical_number(&n).unwrap())),
            other => (k, other),
        })
        .collect()
}

/// One condition per line: `metadata | key operator value | expected verdict`, the metadata and
/// the value in JSON (numbers keep their text: `1.50`); `#` starts a comment line.
const CASES: &str = r#"
# 1.50 and "1.5" are equal as numbers, whichever side is text.
{"a": 1.50} | a equals "1.5" | true
{"a": 1.50} | a equals 1.5 | true
{"a": "1.50"} | a equals 1.5 | true
{"a": "1.50"} | a equals "1.5" | true
{"a": 1.5} | a equals 1.50 | true
{"a": 1.50} | a not_equals "1.5" | false
{"a": 1.50} | a not_equals "1.51" | true
{"a": 1.5e1} | a equals 15 | true
{"a": -0} | a equals 0 | true
{"a": "-0"} | a equals "0.00" | true
{"a": "007"} | a equals 7 | true
# "true" and true share the text "true".
{"a": "true"} | a equals true | true
{"a": true} | a equals "true" | true
{"a": true} | a equals "True" | false
{"a": false} | a not_equals true | true
{"a": true} | a contains "ru" | true
{"a": true} | a greater_than 0 | false
# A missing or null key fails every operator, the negated ones included.
{} | a not_equals "x" | false
{} | a does_not_contain "x" | false
{"b": "x"} | a equals "x" | false
{"a": null} | a not_equals "x" | false
{"a": null} | a does_not_contain "x" | false
{"a": null} | a equals "null" | false
# contains on numbers looks at their stored text.
{"a": 1234} | a contains "23" | true
{"a": 1234} | a contains 23 | true
{"a": 1.50} | a contains "1.50" | true
{"a": 1.5} | a contains "1.50" | false
{"a": 1e3} | a contains "000" | true
{"a": 1e3} | a contains "e" | false
{"a": -2.5} | a does_not_contain "-" | false
# Case-sensitive values and keys.
{"tier": "Pro"} | tier equals "pro" | false
{"tier": "Pro"} | tier contains "pro" | false
{"tier": "Pro"} | tier does_not_contain "pro" | true
{"Tier": "pro"} | tier equals "pro" | false
{"Tier": "pro"} | Tier equals "pro" | true
# Lists and objects fail every operator.
{"a": {"b": 1}} | a contains "b" | false
{"a": {"b": 1}} | a not_equals "x" | false
{"a": {"b": 1}} | a does_not_contain "x" | false
{"a": [1]} | a equals 1 | false
{"a": [1]} | a greater_than 0 | false
{"a": []} | a does_not_contain "x" | false
# Ordering is numeric, and only for numerals.
{"a": "10"} | a greater_than "9" | true
{"a": 10} | a less_than_or_equals 10.0 | true
{"a": -0.5} | a less_than "-0.49" | true
{"a": "abc"} | a less_than 0 | false
{"a": "1e3"} | a greater_than 1 | false
{"a": " 1"} | a greater_than_or_equals 1 | false
{"a": "1\n"} | a equals 1 | false
{"a": "12345678901234567"} | a greater_than 1 | false
{"a": "0.0000000000001"} | a greater_than 0 | false
# Non-numerals compare as exact text.
{"a": " 1"} | a equals 1 | false
{"a": " 1"} | a equals " 1" | true
{"a": "+1"} | a not_equals 1 | true
{"a": "12345678901234567"} | a equals "12345678901234567" | true
{"a": "e\u0301"} | a equals "é" | false
{"a": ""} | a equals "" | true
{"a": ""} | a contains "" | true
{"a": ""} | a does_not_contain "" | false
{"a": "a%b"} | a contains "%" | true
{"a": "axb"} | a contains "a%b" | false
"#;

/// `(metadata, filter JSON, expected verdict)` for whole trees.
const TREES: &[(&str, &str, bool)] = &[
    (
        r#"{"region": "eu", "tier": "pro", "a": 150}"#,
        r#"{"conjunction": "and", "clauses": [
            {"key": "region", "operator": "equals", "value": "eu"},
            {"conjunction": "or", "clauses": [
                {"key": "tier", "operator": "equals", "value": "free"},
                {"conjunction": "and", "clauses": [
                    {"key": "a", "operator": "greater_than", "value": "100"},
                    {"key": "b", "operator": "not_equals", "value": "x"}]}]}]}"#,
        false,
    ),
    (
        r#"{"region": "eu", "tier": "pro", "a": 150, "b": "y"}"#,
        r#"{"conjunction": "and", "clauses": [
            {"key": "region", "operator": "equals", "value": "eu"},
            {"conjunction": "or", "clauses": [
                {"key": "tier", "operator": "equals", "value": "free"},
                {"conjunction": "and", "clauses": [
                    {"key": "a", "operator": "greater_than", "value": "100"},
                    {"key": "b", "operator": "not_equals", "value": "x"}]}]}]}"#,
        true,
    ),
    (
        r#"{"a": null}"#,
        r#"{"conjunction": "or", "clauses": [
            {"key": "a", "operator": "not_equals", "value": 1},
            {"key": "a", "operator": "does_not_contain", "value": "1"}]}"#,
        false,
    ),
];

#[test]
fn tricky_cases_agree_with_the_expected_verdicts() {
    let db = TestDb::new();
    let mut conn = db.conn();
    create_table(&mut conn);
    let singles = CASES
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split(" | ").collect();
            let [metadata, condition, expected] = fields[..] else {
                panic!("a case is `metadata | key operator value | verdict`: {line}");
            };
            let mut parts = condition.splitn(3, ' ');
            let (key, operator, value) = (parts.next(), parts.next(), parts.next());
            let value: Value = serde_json::from_str(value.unwrap()).unwrap();
            let filter = json!({"conjunction": "and", "clauses": [
                {"key": key.unwrap(), "operator": operator.unwrap(), "value": value}]});
            (metadata, filter.to_string(), expected.parse::<bool>().unwrap())
        });
    let trees = TREES.iter().map(|(m, f, e)| (*m, (*f).to_owned(), *e));
    let mut failures = Vec::new();
    for (metadata, filter_json, expected) in singles.chain(trees) {
        let filter = Filter::from_json(&serde_json::from_str(&filter_json).unwrap()).unwrap();
        let event = stored(metadata);
        store(&mut conn, std::slice::from_ref(&event)).unwrap();
        let rust = filter.matches(&event);
        let sql = sql_selects(&mut conn, &filter).unwrap() == [1];
        if rust != expected || sql != expected {
            failures.push(format!(
                "metadata {} with filter {}: expected {expected}, Rust says {rust}, SQL says {sql}\n  SQL: {}",
                Value::Object(event.clone()),
                filter.to_json(),
                filter.to_sql(COLUMN).to_debug_string()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `md_num` judges a JSON number by its scale and magnitude (migration
/// `2026-12-01-000019_numbers_without_a_regex`); the catalog's first form matched the numeral
/// pattern against the number's text. Both must give the same value, scale included, for every
/// number and string: tricky literals, and numbers of every scale from 0 to 14 and magnitude
/// up to 10^18, on both sides of each limit.
#[test]
fn md_num_judges_numbers_as_the_numeral_pattern_did() {
    use diesel::prelude::*;
    use diesel::sql_types::BigInt;

    #[derive(QueryableByName)]
    struct Tally {
        #[diesel(sql_type = BigInt)]
        differ: i64,
        #[diesel(sql_type = BigInt)]
        numbers: i64,
        #[diesel(sql_type = BigInt)]
        refused: i64,
    }
    let db = TestDb::new();
    let mut conn = db.conn();
    let tally: Tally = diesel::sql_query(
        r#"WITH literals(v) AS (VALUES
             ('1'::jsonb), ('1.5'), ('1.500'), ('-0'), ('0.0'), ('-0.000000000001'), ('0.0000000000001'),
             ('1e3'), ('1.0e1'), ('1e-12'), ('1e-13'), ('1e15'), ('1e16'), ('1e20'), ('-1e16'),
             ('9999999999999999'), ('-9999999999999999.999999999999'), ('10000000000000000'),
             ('9999999999999999.9999999999999'), ('123456789012345678'), ('"12"'), ('"1.50"'),
             ('"-0"'), ('"1e3"'), ('" 1"'), ('"+1"'), ('"12345678901234567"'), ('"0.0000000000001"'),
             ('"abc"'), ('true'), ('null'), ('[1]'), ('{"a": 1}')),
           generated(v) AS (
             SELECT to_jsonb(round(sign * (10::numeric ^ m) * (1 + (k % 7) / 7.0), s))
             FROM generate_series(0, 14) s, generate_series(-14, 18) m, generate_series(0, 6) k,
                  (VALUES (1), (-1)) AS signs(sign)),
           every(v) AS (SELECT v FROM literals UNION ALL SELECT v FROM generated),
           judged AS (
             SELECT md_num(v) AS now,
                    CASE WHEN jsonb_typeof(v) IN ('number', 'string')
                              AND (v #>> '{}') ~ '^-?[0-9]{1,16}([.][0-9]{1,12})?$'
                         THEN (v #>> '{}')::numeric END AS pattern
             FROM every)
         SELECT count(*) FILTER (WHERE now::text IS DISTINCT FROM pattern::text) AS differ,
                count(*) FILTER (WHERE now IS NOT NULL) AS numbers,
                count(*) FILTER (WHERE now IS NULL) AS refused
         FROM judged"#,
    )
    .get_result(&mut conn)
    .unwrap();
    assert_eq!(tally.differ, 0, "md_num and the pattern disagree");
    // Both sides of the limits were tried.
    assert!(
        tally.numbers > 1000 && tally.refused > 1000,
        "{} numbers, {} refused",
        tally.numbers,
        tally.refused
    );
}
