//! The filter evaluator and its SQL compilation agree on real PostgreSQL (proptest).
//!
//! Random valid filter trees (all operators, both conjunctions, nesting to the maximum depth) are
//! run against random event metadata twice: in Rust ([`Filter::matches`]) and in PostgreSQL, as
//! the compiled predicate bound through [`Predicate`] (the production path). Both must select the
//! same events. Event numbers go through [`canonical_number`], as ingest stores them.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;

use meterdesk::metering::{Clause, Condition, Filter, Operator, SqlPiece};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use serde_json::{Map, Value};

use crate::metering_sql_strategies::{group, metadata};
use crate::metering_sql_support::{COLUMN, create_table, sql_selects, store};
use crate::support::db::TestDb;

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
                node.text(),
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
