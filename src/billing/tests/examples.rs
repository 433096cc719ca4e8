//! The product page's worked examples.

use serde_json::json;

use super::{d, price, tiers_json};
use crate::billing::{ExampleKind, worked_examples};
use crate::metering::Currency;

/// (kind, usage, charge) of each example.
fn summary(p: &crate::billing::Price, free: &str) -> Vec<(&'static str, String, String)> {
    worked_examples(p, d(free), Currency::USD)
        .into_iter()
        .map(|e| {
            (
                e.kind.as_str(),
                e.usage.to_string(),
                e.line.unwrap().charge.to_string(),
            )
        })
        .collect()
}

fn row(kind: &'static str, usage: &str, charge: &str) -> (&'static str, String, String) {
    (kind, usage.to_owned(), charge.to_owned())
}

#[test]
fn per_unit_examples() {
    let p = price(json!({"model": "per_unit", "unit_price": "0.50"}));
    assert_eq!(
        summary(&p, "100"),
        [
            row("within_free", "100", "0.00"),
            row("billable", "200", "50.00"),
            row("billable", "1000", "450.00")
        ]
    );
    assert_eq!(
        summary(&p, "0"),
        [
            row("billable", "100", "50.00"),
            row("billable", "1000", "500.00"),
            row("billable", "10000", "5000.00")
        ]
    );
}

#[test]
fn package_examples() {
    let up = price(json!({"model": "package", "package_size": "1000", "package_price": "5.00"}));
    assert_eq!(
        summary(&up, "0"),
        [
            row("partial_package", "500", "5.00"),
            row("full_packages", "1000", "5.00"),
            row("partial_package", "2500", "15.00"),
        ]
    );
    let down =
        price(json!({"model": "package", "package_size": "1000", "package_price": "5.00", "round": "down"}));
    assert_eq!(
        summary(&down, "200"),
        [
            row("within_free", "200", "0.00"),
            row("full_packages", "1200", "5.00"),
            row("partial_package", "2700", "10.00"),
        ]
    );
}

#[test]
fn tiered_examples() {
    let tiers = [
        (Some("1000"), "0.01", "0"),
        (Some("5000"), "0.008", "0"),
        (None, "0.005", "1.00"),
    ];
    let graduated = price(tiers_json("graduated", &tiers));
    // 1000 × 0.01 = 10; + 4000 × 0.008 = 42; + 5000 × 0.005 + 1 = 68.
    assert_eq!(
        summary(&graduated, "0"),
        [
            row("first_tier", "1000", "10.00"),
            row("past_boundary", "5000", "42.00"),
            row("past_boundary", "10000", "68.00")
        ]
    );
    let volume = price(tiers_json("volume", &tiers));
    assert_eq!(
        summary(&volume, "100"),
        [
            row("within_free", "100", "0.00"),
            row("first_tier", "1100", "10.00"),
            row("past_boundary", "5100", "40.00")
        ]
    );
    let one_bound = price(tiers_json(
        "graduated",
        &[(Some("10"), "1", "0"), (None, "0.5", "0")],
    ));
    assert_eq!(
        summary(&one_bound, "0"),
        [
            row("first_tier", "10", "10.00"),
            row("past_boundary", "20", "15.00"),
            row("past_boundary", "100", "55.00")
        ]
    );
    let single = price(tiers_json("volume", &[(None, "2", "0")]));
    let kinds: Vec<_> = worked_examples(&single, d("0"), Currency::USD)
        .iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds, [ExampleKind::Billable; 3]);
    let examples = worked_examples(&graduated, d("0"), Currency::USD);
    let line = examples[1].line.as_ref().unwrap();
    assert_eq!(line.tiers.len(), 3);
    assert_eq!(line.tiers[1].units, d("4000"));
}

#[test]
fn examples_that_overflow_say_so() {
    let p = price(json!({"model": "per_unit", "unit_price": "9999999999999999"}));
    let examples = worked_examples(&p, d("9999999999999999"), Currency::USD);
    assert_eq!(examples.len(), 3);
    assert!(examples[0].line.is_ok());
    assert!(examples[2].line.is_err());
}
