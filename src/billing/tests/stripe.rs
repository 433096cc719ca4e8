//! Stripe's documented pricing examples (research notes on Stripe, §7) and SPEC's, to the
//! cent, plus rounding once on the line total in currencies with 0, 2 and 3 minor digits.

use serde_json::json;

use super::{charge, cur, d, price, tiers_json};
use crate::billing::{Price, price_line};
use crate::metering::Currency;

/// Tiers A ("Typographic"): 1–5 at 7.00, 6–10 at 6.50, 11+ at 6.00, no flat fees.
fn tiers_a(model: &str) -> Price {
    price(tiers_json(
        model,
        &[(Some("5"), "7", "0"), (Some("10"), "6.5", "0"), (None, "6", "0")],
    ))
}

/// Tiers B (with flat fees).
fn tiers_b(model: &str) -> Price {
    price(tiers_json(
        model,
        &[
            (Some("5"), "5.00", "10.00"),
            (Some("10"), "4.00", "20.00"),
            (Some("15"), "3.00", "30.00"),
            (Some("20"), "2.00", "40.00"),
            (None, "1.00", "50.00"),
        ],
    ))
}

#[test]
fn stripe_tiers_without_flat_fees() {
    let (volume, graduated) = (tiers_a("volume"), tiers_a("graduated"));
    for (q, v, g) in [
        ("1", "7.00", "7.00"),
        ("5", "35.00", "35.00"),
        ("6", "39.00", "41.50"),
        ("20", "120.00", "127.50"),
        ("25", "150.00", "157.50"),
    ] {
        assert_eq!(charge(&volume, "0", q), v, "volume, quantity {q}");
        assert_eq!(charge(&graduated, "0", q), g, "graduated, quantity {q}");
    }
}

#[test]
fn stripe_tiers_with_flat_fees() {
    let (volume, graduated) = (tiers_b("volume"), tiers_b("graduated"));
    // Stripe's worked example: 12 × 3 + 30 = 66; (5×5+10) + (5×4+20) + (2×3+30) = 111.
    assert_eq!(charge(&volume, "0", "12"), "66.00");
    assert_eq!(charge(&graduated, "0", "12"), "111.00");
    for (q, v, g) in [
        ("1", "15.00", "15.00"),
        ("5", "35.00", "35.00"),
        ("6", "44.00", "59.00"),
        ("15", "75.00", "120.00"),
        ("16", "72.00", "162.00"),
        ("25", "75.00", "225.00"),
    ] {
        assert_eq!(charge(&volume, "0", q), v, "volume, quantity {q}");
        assert_eq!(charge(&graduated, "0", q), g, "graduated, quantity {q}");
    }
}

#[test]
fn graduated_breakdown_of_stripe_example() {
    let line = price_line(&tiers_b("graduated"), d("0"), d("12"), Currency::USD).unwrap();
    let rows: Vec<_> = line
        .tiers
        .iter()
        .map(|t| {
            (
                t.from.to_string(),
                t.up_to.map(|u| u.to_string()),
                t.units.to_string(),
                t.flat_fee.to_string(),
                t.amount.to_string(),
            )
        })
        .collect();
    let row = |f: &str, u: Option<&str>, n: &str, fee: &str, a: &str| {
        (
            f.to_owned(),
            u.map(str::to_owned),
            n.to_owned(),
            fee.to_owned(),
            a.to_owned(),
        )
    };
    assert_eq!(
        rows,
        vec![
            row("0", Some("5"), "5", "10.00", "35"),
            row("5", Some("10"), "5", "20.00", "40"),
            row("10", Some("15"), "2", "30.00", "36"),
            row("15", Some("20"), "0", "0", "0"),
            row("20", None, "0", "0", "0"),
        ]
    );
    assert_eq!(line.subtotal, d("111"));
    let volume = price_line(&tiers_b("volume"), d("0"), d("12"), Currency::USD).unwrap();
    let units: Vec<_> = volume.tiers.iter().map(|t| t.units.to_string()).collect();
    assert_eq!(units, ["0", "0", "12", "0", "0"]);
    assert_eq!(volume.tiers[2].amount, d("66"));
    assert_eq!(volume.tiers[2].flat_fee, d("30"));
}

#[test]
fn nothing_billable_charges_zero_unlike_stripe() {
    // Stripe bills the first tier's 10.00 flat fee at quantity 0; SPEC charges 0.
    for model in ["volume", "graduated"] {
        let p = tiers_b(model);
        assert_eq!(charge(&p, "0", "0"), "0.00", "{model}");
        assert_eq!(
            charge(&p, "100", "40"),
            "0.00",
            "{model} within the free threshold"
        );
        assert_eq!(charge(&p, "0", "-3"), "0.00", "{model} negative usage");
        let line = price_line(&p, d("0"), d("-3"), Currency::USD).unwrap();
        assert_eq!((line.free, line.chargeable), (d("0"), d("0")));
        assert!(
            line.tiers
                .iter()
                .all(|t| t.amount.is_zero() && t.flat_fee.is_zero())
        );
    }
    let package = price(json!({"model": "package", "package_size": "5", "package_price": "10"}));
    assert_eq!(charge(&package, "0", "0"), "0.00");
    assert_eq!(charge(&package, "0", "-1"), "0.00");
}

#[test]
fn stripe_packages() {
    // "$10 for every 5 users", round up (the default).
    let users = price(json!({"model": "package", "package_size": "5", "package_price": "10.00"}));
    for (n, c) in [
        ("1", "10.00"),
        ("3", "10.00"),
        ("5", "10.00"),
        ("6", "20.00"),
        ("7", "20.00"),
    ] {
        assert_eq!(charge(&users, "0", n), c, "{n} users");
    }
    // Car rental: 10.00 per started hour, usage in minutes.
    let rental =
        price(json!({"model": "package", "package_size": "60", "package_price": "10.00", "round": "up"}));
    let line = price_line(&rental, d("0"), d("150"), Currency::USD).unwrap();
    assert_eq!(
        (line.packages, line.charge.to_string()),
        (Some(d("3")), "30.00".to_owned())
    );
    // "0.10 for every full 1000 emails", round down.
    let emails =
        price(json!({"model": "package", "package_size": "1000", "package_price": "0.10", "round": "down"}));
    assert_eq!(charge(&emails, "0", "2500"), "0.20");
    assert_eq!(charge(&emails, "0", "999"), "0.00");
    assert_eq!(charge(&emails, "0", "1000"), "0.10");
    let up = price(json!({"model": "package", "package_size": "1000", "package_price": "0.10"}));
    assert_eq!(charge(&up, "0", "2500"), "0.30");
    // The free threshold applies before packages are counted.
    assert_eq!(charge(&up, "500", "2500"), "0.20");
    assert_eq!(charge(&up, "500", "2501"), "0.30");
    // Fractional sizes and usage are counted exactly.
    let gb = price(json!({"model": "package", "package_size": "0.5", "package_price": "1"}));
    let line = price_line(&gb, d("0"), d("1.000000000001"), Currency::USD).unwrap();
    assert_eq!(line.packages, Some(d("3")));
}

#[test]
fn fixed_fee_and_overage() {
    // "Hypernian": 0–100,000 tokens at 0.00, then 0.001 per token; in Meterdesk also per_unit
    // 0.001 with 100,000 free.
    let graduated = price(tiers_json(
        "graduated",
        &[(Some("100000"), "0", "0"), (None, "0.001", "0")],
    ));
    assert_eq!(charge(&graduated, "0", "150000"), "50.00");
    let per_unit = price(json!({"model": "per_unit", "unit_price": "0.001"}));
    assert_eq!(charge(&per_unit, "100000", "150000"), "50.00");
}

#[test]
fn spec_example_and_first_phase_shape() {
    // SPEC: free 100, $0.50 per unit, usage 250 → $75.00.
    let p = Price::from_line(None, Some(&json!("0.50"))).unwrap();
    assert_eq!(p, price(json!({"model": "per_unit", "unit_price": "0.50"})));
    let line = price_line(&p, d("100"), d("250"), Currency::USD).unwrap();
    assert_eq!(
        (line.consumed, line.free, line.chargeable, line.charge.to_string()),
        (d("250"), d("100"), d("150"), "75.00".to_owned())
    );
    assert_eq!(line.subtotal, d("75"));
    let under = price_line(&p, d("100"), d("80"), Currency::USD).unwrap();
    assert_eq!((under.free, under.chargeable), (d("80"), d("0")));
    assert_eq!(under.charge.to_string(), "0.00");
}

#[test]
fn rounding_once_on_the_line_total() {
    // Three tiers of 1 unit at 0.335: 1.005 → 1.01 (not 3 × 0.34 = 1.02, nor 3 × 0.33).
    let p = price(tiers_json(
        "graduated",
        &[
            (Some("1"), "0.335", "0"),
            (Some("2"), "0.335", "0"),
            (None, "0.335", "0"),
        ],
    ));
    let line = price_line(&p, d("0"), d("3"), Currency::USD).unwrap();
    assert_eq!(
        (line.subtotal, line.charge.to_string()),
        (d("1.005"), "1.01".to_owned())
    );
    assert!(line.tiers.iter().all(|t| t.amount == d("0.335")));
    let per_unit = price(json!({"model": "per_unit", "unit_price": "0.335"}));
    assert_eq!(charge(&per_unit, "0", "3"), "1.01");
    // A unit price and a flat fee with more digits than the currency.
    let v = price(tiers_json("volume", &[(None, "0.0049", "0.0051")]));
    assert_eq!(charge(&v, "0", "1"), "0.01");
    assert_eq!(charge(&v, "0", "0.5"), "0.01"); // 0.00245 + 0.0051 = 0.00755
}

#[test]
fn currencies_with_zero_and_three_minor_digits() {
    let jpy = cur("JPY");
    let p = price(tiers_json(
        "graduated",
        &[(Some("10"), "0.5", "0"), (None, "0.25", "0")],
    ));
    // 10 × 0.5 + 3 × 0.25 = 5.75 → 6 yen.
    let line = price_line(&p, d("0"), d("13"), jpy).unwrap();
    assert_eq!(
        (line.subtotal, line.charge.to_string()),
        (d("5.75"), "6".to_owned())
    );
    // 1 × 0.5 = 0.5 → 1 yen (half-up).
    assert_eq!(
        price_line(&p, d("0"), d("1"), jpy).unwrap().charge.to_string(),
        "1"
    );
    let per_unit = price(json!({"model": "per_unit", "unit_price": "0.5"}));
    assert_eq!(
        price_line(&per_unit, d("0"), d("3"), jpy)
            .unwrap()
            .charge
            .to_string(),
        "2"
    );
    let kwd = cur("KWD");
    let v = price(tiers_json(
        "volume",
        &[(Some("100"), "0.0125", "0.1"), (None, "0.01", "0")],
    ));
    // 7 × 0.0125 + 0.1 = 0.1875 → 0.188 KWD.
    assert_eq!(
        price_line(&v, d("0"), d("7"), kwd).unwrap().charge.to_string(),
        "0.188"
    );
    let package = price(json!({"model": "package", "package_size": "3", "package_price": "1.1"}));
    // 5 billable → 2 packages × 1.1 = 2.200 KWD.
    assert_eq!(
        price_line(&package, d("2"), d("7"), kwd)
            .unwrap()
            .charge
            .to_string(),
        "2.200"
    );
    let zero = price_line(&package, d("0"), d("0"), kwd).unwrap();
    assert_eq!(zero.charge.to_string(), "0.000");
}

#[test]
fn quantities_that_cannot_be_priced() {
    use crate::billing::PricingError;
    let p = price(json!({"model": "per_unit", "unit_price": "1"}));
    assert_eq!(
        price_line(&p, d("-1"), d("5"), Currency::USD),
        Err(PricingError::NegativeThreshold)
    );
    assert_eq!(
        price_line(&p, d("0"), d("0.0000000000001"), Currency::USD),
        Err(PricingError::TooManyDecimals)
    );
    // Trailing zeros beyond 12 places are fine.
    assert!(price_line(&p, d("0"), d("1.00000000000000"), Currency::USD).is_ok());
    let big = price(json!({"model": "per_unit", "unit_price": "9999999999999999"}));
    assert_eq!(
        price_line(&big, d("0"), d("79228162514264337593543950335"), Currency::USD),
        Err(PricingError::Overflow)
    );
    let tiered = price(tiers_json("graduated", &[(None, "9999999999999999", "0")]));
    assert_eq!(
        price_line(&tiered, d("0"), d("9999999999999999999"), Currency::USD),
        Err(PricingError::Overflow)
    );
}
