//! The value a unique count counts agrees between Rust and PostgreSQL (proptest): for random
//! metadata as ingest stores it, `md_distinct(v)` (rebuilds, recounts, the change preview) is the
//! text [`distinct_text`] gives (the roller, raw edges, queued events), NULL exactly where Rust
//! reads no value; and the number of distinct values of a set of events is the same both ways.

use std::cell::RefCell;
use std::collections::BTreeSet;

use diesel::prelude::*;
use diesel::sql_types::{Int4, Nullable, Text};
use meterdesk::metering::{Aggregation, Reading, distinct_text};
use proptest::collection::vec;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Map, Value};

use crate::metering_sql_strategies::metadata;
use crate::metering_sql_support::{create_table, store};
use crate::support::db::TestDb;

/// The keys the generated metadata uses.
const KEYS: &[&str] = &["a", "b", "tier", "Tier", "region"];

#[derive(QueryableByName, Debug)]
struct Row {
    #[diesel(sql_type = Int4)]
    id: i32,
    #[diesel(sql_type = Nullable<Text>)]
    value: Option<String>,
}

#[derive(QueryableByName, Debug)]
struct N {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[test]
fn md_distinct_and_distinct_text_agree() {
    let db = TestDb::new();
    let conn = RefCell::new(db.conn());
    create_table(&mut conn.borrow_mut());
    let mut runner = TestRunner::new(Config {
        cases: 200,
        failure_persistence: None,
        ..Config::default()
    });
    let compared = std::cell::Cell::new((0usize, 0usize));
    let result = runner.run(&vec(metadata(), 10..=40), |events: Vec<Map<String, Value>>| {
        let mut conn = conn.borrow_mut();
        store(&mut conn, &events).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for key in KEYS {
            let rows: Vec<Row> = diesel::sql_query(
                "SELECT id, md_distinct(metadata -> $1) AS value FROM prop_events ORDER BY id",
            )
            .bind::<Text, _>(*key)
            .load(&mut *conn)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let unique = Aggregation::parse("unique_count", Some(key)).unwrap();
            let mut rust_set = BTreeSet::new();
            for row in &rows {
                let md = &events[usize::try_from(row.id - 1).unwrap()];
                let rust = md.get(*key).and_then(distinct_text);
                if rust != row.value {
                    return Err(TestCaseError::fail(format!(
                        "{key} = {:?}: Rust {rust:?}, SQL {:?}",
                        md.get(*key),
                        row.value
                    )));
                }
                // The meter reads exactly that value, or refuses the event.
                let read = unique.read_value(md).ok().flatten();
                if read != rust.clone().map(Reading::Distinct) {
                    return Err(TestCaseError::fail(format!("read_value {read:?} vs {rust:?}")));
                }
                let (n, some) = compared.get();
                compared.set((n + 1, some + usize::from(rust.is_some())));
                rust_set.extend(rust);
            }
            let n: N = diesel::sql_query(
                "SELECT count(DISTINCT md_distinct(metadata -> $1))::int8 AS n FROM prop_events",
            )
            .bind::<Text, _>(*key)
            .get_result(&mut *conn)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
            if n.n != rust_set.len() as i64 {
                return Err(TestCaseError::fail(format!(
                    "{key}: SQL counts {} distinct values, Rust {} ({rust_set:?})",
                    n.n,
                    rust_set.len()
                )));
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (n, some) = compared.get();
    assert!(some > 0 && some < n, "values read {some} of {n}");
}

#[test]
fn numbers_and_their_texts_are_one_value_in_sql() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT ord::int4 AS id, md_distinct(v) AS value
         FROM unnest(ARRAY['1', '1.0', '\"1\"', '\"1.00\"', '\"001\"', '\"-0\"', '0.000', 'true', '\"true\"',
                           '\"1e3\"', '1000', 'null', '[1]', '\" 1\"']::jsonb[]) WITH ORDINALITY AS x(v, ord)
         ORDER BY ord",
    )
    .load(&mut conn)
    .unwrap();
    let got: Vec<Option<&str>> = rows.iter().map(|r| r.value.as_deref()).collect();
    assert_eq!(
        got,
        [
            Some("1"),
            Some("1"),
            Some("1"),
            Some("1"),
            Some("1"),
            Some("0"),
            Some("0"),
            Some("true"),
            Some("true"),
            Some("1e3"),
            Some("1000"),
            None,
            None,
            Some(" 1"),
        ]
    );
}
