//! The filter evaluator and its SQL compilation agree on real PostgreSQL (proptest).
//!
//! Random valid filter trees (all operators, both conjunctions, nesting to the maximum depth) are
//! run against random event metadata twice: in Rust ([`Filter::matches`]) and in PostgreSQL, as
//! the compiled predicate bound through [`Predicate`] (the production path). Both must select the
//! same events. Event numbers go through [`canonical_number`], as ingest stores them.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;

use diesel::prelude::*;
use diesel::{PgConnection, RunQueryDsl};
use meterdesk::db::predicate::Predicate;
use meterdesk::metering::filter::{MAX_CLAUSES, MAX_DEPTH};
use meterdesk::metering::{
    Clause, Condition, Conjunction, Filter, FilterValue, Operator, SqlPiece, canonical_number, numeral,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use serde_json::{Map, Number, Value, json};

use crate::support::db::TestDb;

diesel::table! {
    prop_events (id) {
        id -> Int4,
        metadata -> Jsonb,
    }
}

const COLUMN: &str = "prop_events.metadata";

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
fn group(level: usize) -> BoxedStrategy<Filter> {
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

fn metadata() -> impl Strategy<Value = Map<String, Value>> {
    vec(event_value(), KEYS.len()).prop_map(|values| {
        KEYS.iter()
            .zip(values)
            .filter_map(|(key, value)| Some(((*key).to_owned(), value?)))
            .collect()
    })
}

fn create_table(conn: &mut PgConnection) {
    diesel::sql_query("CREATE TABLE prop_events (id int PRIMARY KEY, metadata jsonb NOT NULL)")
        .execute(conn)
        .unwrap();
}

/// Replaces the table's rows with `events`, ids 1, 2, ….
fn store(conn: &mut PgConnection, events: &[Map<String, Value>]) -> QueryResult<()> {
    diesel::delete(prop_events::table).execute(conn)?;
    if events.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = events
        .iter()
        .zip(1..)
        .map(|(metadata, id)| {
            (
                prop_events::id.eq(id),
                prop_events::metadata.eq(Value::Object(metadata.clone())),
            )
        })
        .collect();
    diesel::insert_into(prop_events::table)
        .values(&rows)
        .execute(conn)?;
    Ok(())
}

/// The ids of the stored events the compiled filter selects.
fn sql_selects(conn: &mut PgConnection, filter: &Filter) -> QueryResult<Vec<i32>> {
    prop_events::table
        .filter(Predicate(filter.to_sql(COLUMN)))
        .select(prop_events::id)
        .order(prop_events::id)
        .load(conn)
}

/// The ids of the events the evaluator selects.
fn rust_selects(events: &[Map<String, Value>], filter: &Filter) -> Vec<i32> {
    events
        .iter()
        .zip(1..)
        .filter(|(metadata, _)| filter.matches(metadata))
        .map(|(_, id)| id)
        .collect()
}

/// The filter and every group nested in it, so that a disagreement hidden by an outer
/// `and`/`or` still shows.
fn groups(filter: &Filter) -> Vec<&Filter> {
    let mut out = vec![filter];
    for clause in &filter.clauses {
        if let Clause::Group(g) = clause {
            out.extend(groups(g));
        }
    }
    out
}

fn conditions<'a>(filter: &'a Filter, out: &mut Vec<&'a Condition>) {
    for clause in &filter.clauses {
        match clause {
            Clause::Condition(c) => out.push(c),
            Clause::Group(g) => conditions(g, out),
        }
    }
}

/// What a disagreement looks like: the filter, its SQL and bind values, and each event on
/// which the two sides differ with both verdicts and the evaluator's reasons.
fn disagreement(
    root: &Filter,
    filter: &Filter,
    events: &[Map<String, Value>],
    rust_ids: &[i32],
    sql_ids: &[i32],
) -> String {
    let sql = filter.to_sql(COLUMN);
    let binds: Vec<String> = sql
        .pieces
        .iter()
        .filter_map(|p| match p {
            SqlPiece::Sql(_) => None,
            SqlPiece::Text(t) => Some(format!("{t:?}")),
            SqlPiece::Numeric(n) => Some(format!("{n}::numeric")),
        })
        .collect();
    let mut out = String::from("the Rust evaluator and the compiled SQL disagree\n");
    out.push_str(&format!("filter: {}\n", filter.to_json()));
    if !std::ptr::eq(root, filter) {
        out.push_str(&format!("(a group nested in the filter {})\n", root.to_json()));
    }
    out.push_str(&format!("in words: {}\n", filter.describe()));
    out.push_str(&format!("SQL: {}\n", sql.to_debug_string()));
    out.push_str(&format!("binds: [{}]\n", binds.join(", ")));
    let rust: BTreeSet<i32> = rust_ids.iter().copied().collect();
    let sql: BTreeSet<i32> = sql_ids.iter().copied().collect();
    out.push_str("events where they disagree:\n");
    for id in rust.symmetric_difference(&sql) {
        let metadata = &events[usize::try_from(*id - 1).unwrap()];
        out.push_str(&format!(
            "  event #{id} {}: Rust says {}, SQL says {}\n",
            Value::Object(metadata.clone()),
            rust.contains(id),
            sql.contains(id)
        ));
        for node in filter.explain(metadata).nodes.iter().filter(|n| !n.is_group) {
            out.push_str(&format!(
                "    {}{} -> {} ({})\n",
                "  ".repeat(node.depth),
                node.text,
                node.held,
                node.reason
            ));
        }
    }
    out
}

/// Counts of verdicts, to show that the generated cases exercise both outcomes.
#[derive(Default)]
struct Stats {
    cases: usize,
    queries: usize,
    /// Filters and nested groups compared, and how many (filter, event) pairs matched.
    compared: usize,
    pairs: usize,
    pairs_matched: usize,
    /// Per operator (in [`Operator::ALL`] order): conditions that held, that did not.
    condition_verdicts: [[usize; 2]; 8],
}

impl Stats {
    fn add(&mut self, other: Stats) {
        self.cases += other.cases;
        self.queries += other.queries;
        self.compared += other.compared;
        self.pairs += other.pairs;
        self.pairs_matched += other.pairs_matched;
        for (mine, theirs) in self.condition_verdicts.iter_mut().zip(other.condition_verdicts) {
            mine[0] += theirs[0];
            mine[1] += theirs[1];
        }
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500)
}

#[test]
fn evaluator_and_sql_select_the_same_events() {
    let db = TestDb::new();
    let conn = RefCell::new(db.conn());
    create_table(&mut conn.borrow_mut());

    let config = Config {
        cases: cases(),
        failure_persistence: None,
        max_shrink_iters: 2000,
        max_shrink_time: 120_000,
        ..Config::default()
    };
    let strategy = (vec(metadata(), 20..=60), vec(group(1), 4));
    let all = RefCell::new(Stats::default());
    let failed = Cell::new(false);
    let started = std::time::Instant::now();

    let mut runner = TestRunner::new(config);
    let result = runner.run(&strategy, |(events, filters)| {
        let mut conn = conn.borrow_mut();
        // Counted for the cases generated, not for the shrinking after a failure.
        let mut stats = Stats {
            cases: 1,
            ..Stats::default()
        };
        store(&mut conn, &events).map_err(|e| TestCaseError::fail(format!("storing events: {e}")))?;
        stats.queries += 2;
        for root in &filters {
            prop_assert!(
                root.validate().is_ok(),
                "generated an invalid filter {}: {:?}",
                root.to_json(),
                root.validate()
            );
            let mut leaves = Vec::new();
            conditions(root, &mut leaves);
            for c in leaves {
                let i = Operator::ALL.iter().position(|o| *o == c.operator).unwrap();
                for metadata in &events {
                    stats.condition_verdicts[i][usize::from(!c.matches(metadata))] += 1;
                }
            }
            for filter in groups(root) {
                let sql_ids = sql_selects(&mut conn, filter).map_err(|e| {
                    TestCaseError::fail(format!(
                        "the compiled SQL failed: {e}\nfilter: {}\nSQL: {}",
                        filter.to_json(),
                        filter.to_sql(COLUMN).to_debug_string()
                    ))
                })?;
                stats.queries += 1;
                let rust_ids = rust_selects(&events, filter);
                stats.compared += 1;
                stats.pairs += events.len();
                stats.pairs_matched += rust_ids.len();
                if rust_ids != sql_ids {
                    failed.set(true);
                    return Err(TestCaseError::fail(disagreement(
                        root, filter, &events, &rust_ids, &sql_ids,
                    )));
                }
            }
        }
        if !failed.get() {
            all.borrow_mut().add(stats);
        }
        Ok(())
    });

    let stats = all.into_inner();
    let per_operator: Vec<String> = Operator::ALL
        .iter()
        .zip(stats.condition_verdicts)
        .map(|(op, [held, not])| format!("{op} {held}/{}", held + not))
        .collect();
    println!(
        "metering_sql: {} cases, {} filters and groups compared on {} (filter, event) pairs \
         ({} matched), {} queries, {:.1?}\nconditions held per operator: {}",
        stats.cases,
        stats.compared,
        stats.pairs,
        stats.pairs_matched,
        stats.queries,
        started.elapsed(),
        per_operator.join(", ")
    );
    match result {
        Ok(()) => {}
        Err(TestError::Fail(reason, _)) => panic!("minimal failing case:\n{reason}"),
        Err(TestError::Abort(reason)) => panic!("proptest aborted: {reason}"),
    }
    // Every operator both held and failed somewhere, and filters both matched and did not.
    for (op, [held, not]) in Operator::ALL.iter().zip(stats.condition_verdicts) {
        assert!(held > 0 && not > 0, "{op}: held {held} times, failed {not} times");
    }
    assert!(stats.pairs_matched > 0 && stats.pairs_matched < stats.pairs);
}

// Hand-written cases on the tricky points, each checked on both sides.

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
