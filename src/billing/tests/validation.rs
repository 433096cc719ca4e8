//! Price JSON and form text: what is accepted, what is refused and how the refusal reads.

use serde_json::{Value, json};

use rust_decimal::Decimal;

use super::{cur, d, price, tiers_json};
use crate::billing::{Model, Price, PriceInput, Rounding, Tier, TierInput};
use crate::metering::Currency;

/// The refusals of a price JSON as `field: message` texts.
fn refusals(v: Value) -> Vec<String> {
    Price::from_json(&v)
        .unwrap_err()
        .0
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn accepts_every_model_and_writes_it_back() {
    for v in [
        json!({"model": "per_unit", "unit_price": "0.50"}),
        json!({"model": "package", "package_size": "1000", "package_price": "5.00", "round": "up"}),
        json!({"model": "package", "package_size": "0.5", "package_price": "0", "round": "down"}),
        tiers_json(
            "graduated",
            &[(Some("1000"), "0.01", "0"), (None, "0.008", "2.00")],
        ),
        tiers_json(
            "volume",
            &[
                (Some("1000.5"), "0.01", "1"),
                (Some("5000"), "0", "0"),
                (None, "0.000000000001", "0"),
            ],
        ),
        tiers_json("volume", &[(None, "3", "0")]),
    ] {
        let p = Price::from_json(&v).unwrap();
        assert_eq!(p.to_json(), v);
        assert_eq!(serde_json::to_value(&p).unwrap(), v);
        assert_eq!(serde_json::from_value::<Price>(v.clone()).unwrap(), p);
        assert_eq!(PriceInput::from_price(&p).validate().unwrap(), p);
    }
}

#[test]
fn defaults_numbers_and_the_first_phase_shape() {
    let p = Price::from_json(&json!({"model": "package", "package_size": 5, "package_price": 10})).unwrap();
    let package = p.as_package().unwrap();
    assert_eq!(
        (package.package_size, package.package_price, package.round),
        (d("5"), d("10"), Rounding::Up)
    );
    // JSON numbers are read by their text, never through a float (2^53 + 1 survives);
    // exponents are expanded.
    let body = r#"{"model": "graduated", "tiers": [{"up_to": 1e3, "unit_price": 9007199254740993},
        {"unit_price": 0.008, "flat_fee": null}]}"#;
    let v: Value = serde_json::from_str(body).unwrap();
    let p = Price::from_json(&v).unwrap();
    assert_eq!(
        p.tiers(),
        [
            Tier {
                up_to: Some(d("1000")),
                unit_price: d("9007199254740993"),
                flat_fee: d("0")
            },
            Tier {
                up_to: None,
                unit_price: d("0.008"),
                flat_fee: d("0")
            },
        ]
    );
    assert_eq!(p.to_json()["tiers"][0]["unit_price"], json!("9007199254740993"));
    assert_eq!(p.model(), Model::Graduated);
    let first_phase = Price::from_line(None, Some(&json!(0.5))).unwrap();
    assert_eq!(first_phase.unit_price(), Some(d("0.5")));
    assert_eq!(
        Price::from_line(
            Some(&json!({"model": "per_unit", "unit_price": "1"})),
            Some(&Value::Null)
        )
        .unwrap(),
        Price::per_unit(d("1")).unwrap()
    );
    let both = Price::from_line(
        Some(&json!({"model": "per_unit", "unit_price": "1"})),
        Some(&json!("1")),
    );
    assert_eq!(
        both.unwrap_err().to_string(),
        "price_per_unit: give either price or price_per_unit, not both"
    );
    assert!(
        Price::from_line(None, None)
            .unwrap_err()
            .to_string()
            .starts_with("price: required")
    );
    assert_eq!(
        Price::from_line(None, Some(&json!("-1")))
            .unwrap_err()
            .to_string(),
        "price_per_unit: cannot be negative"
    );
}

#[test]
fn tier_rules_name_the_field_and_the_fix() {
    assert_eq!(
        refusals(tiers_json(
            "graduated",
            &[
                (Some("1000"), "1", "0"),
                (Some("1000"), "1", "0"),
                (None, "1", "0")
            ]
        )),
        ["price.tiers[1].up_to: must be greater than the tier before (1000)"]
    );
    assert_eq!(
        refusals(tiers_json("volume", &[(Some("0"), "1", "0"), (None, "1", "0")])),
        ["price.tiers[0].up_to: must be greater than 0"]
    );
    assert_eq!(
        refusals(tiers_json("graduated", &[(None, "1", "0"), (None, "1", "0")])),
        [
            "price.tiers[0].up_to: only the last tier has no upper bound; give this one an up_to greater than 0"
        ]
    );
    assert_eq!(
        refusals(tiers_json(
            "graduated",
            &[(Some("10"), "1", "0"), (Some("20"), "1", "0")]
        )),
        ["price.tiers[1].up_to: must be null: the last tier has no upper bound"]
    );
    assert_eq!(
        refusals(tiers_json(
            "volume",
            &[(Some("10"), "-1", "0"), (None, "1", "-0.5")]
        )),
        [
            "price.tiers[0].unit_price: cannot be negative",
            "price.tiers[1].flat_fee: cannot be negative"
        ]
    );
    assert_eq!(
        refusals(json!({"model": "graduated", "tiers": []})),
        ["price.tiers: give at least one tier; the last one has up_to null (no upper bound)"]
    );
    assert_eq!(
        refusals(json!({"model": "volume"})),
        ["price.tiers: give at least one tier; the last one has up_to null (no upper bound)"]
    );
    assert_eq!(
        refusals(tiers_json("volume", &[(Some(""), "1", "0"), (None, "1", "0")])),
        ["price.tiers[0].up_to: give the tier's upper bound, such as 1000 (null only for the last tier)"]
    );
    let eleven: Vec<_> = (1..=11)
        .map(
            |i| json!({"up_to": if i == 11 { Value::Null } else { json!(i.to_string()) }, "unit_price": "1"}),
        )
        .collect();
    assert_eq!(
        refusals(json!({"model": "graduated", "tiers": eleven})),
        ["price.tiers: at most 10 tiers; merge or remove 1"]
    );
}

#[test]
fn decimal_rules() {
    let unit = |v: Value| refusals(json!({"model": "per_unit", "unit_price": v}));
    assert_eq!(
        unit(json!("0.0000000000001")),
        ["price.unit_price: takes at most 12 decimal places"]
    );
    assert_eq!(
        unit(json!("12345678901234567")),
        ["price.unit_price: takes at most 16 digits before the decimal point"]
    );
    assert_eq!(
        unit(json!(12345678901234567u64)),
        unit(json!("12345678901234567"))
    );
    assert_eq!(unit(json!("-0.01")), ["price.unit_price: cannot be negative"]);
    assert_eq!(
        unit(Value::Null),
        ["price.unit_price: required; give a decimal such as 0.50"]
    );
    for bad in [
        json!("$1"),
        json!("1,000"),
        json!("1e3"),
        json!(" "),
        json!(true),
        json!(["1"]),
    ] {
        let r = unit(bad.clone());
        assert_eq!(r.len(), 1, "{bad}");
        assert!(r[0].starts_with("price.unit_price: "), "{bad}: {r:?}");
    }
    assert!(
        unit(json!("$1"))[0].contains("is not a decimal; write digits and one decimal point, such as 0.50")
    );
    assert_eq!(
        Price::from_json(&json!({"model": "per_unit", "unit_price": "-0"}))
            .unwrap()
            .to_json(),
        json!({"model": "per_unit", "unit_price": "0"})
    );
    assert_eq!(
        refusals(json!({"model": "package", "package_size": "0", "package_price": "1", "round": "half"})),
        [
            "price.package_size: must be greater than 0",
            "price.round: must be up (every started package) or down (only full packages)",
        ]
    );
    assert_eq!(
        refusals(json!({"model": "package", "package_size": "0.000", "package_price": "1"})),
        ["price.package_size: must be greater than 0"]
    );
    assert_eq!(
        refusals(json!({"model": "package"})),
        [
            "price.package_size: required; give a decimal such as 1000",
            "price.package_price: required; give a decimal such as 0.50",
        ]
    );
}

#[test]
fn structure_rules() {
    assert!(refusals(json!("0.50"))[0].starts_with("price: must be an object such as"));
    assert_eq!(
        refusals(json!({"unit_price": "1"})),
        ["price.model: required; use per_unit, package, graduated or volume"]
    );
    assert_eq!(
        refusals(json!({"model": "tiered", "unit_price": "1"})),
        ["price.model: \"tiered\" is not a pricing model; use per_unit, package, graduated or volume"]
    );
    assert_eq!(
        refusals(json!({"model": "per_unit", "unit_price": "1", "tiers": []})),
        ["price.tiers: not a field of a per_unit price, which takes unit_price; remove it"]
    );
    assert_eq!(
        refusals(json!({"model": "volume", "tiers": [{"up_to": null, "unit_price": "1", "fee": "2"}]})),
        ["price.tiers[0].fee: not a field of a tier, which takes up_to, unit_price, flat_fee; remove it"]
    );
    assert!(
        refusals(json!({"model": "volume", "tiers": {"up_to": null}}))[0]
            .starts_with("price.tiers: must be a list")
    );
    assert!(
        refusals(json!({"model": "volume", "tiers": ["1"]}))[0]
            .starts_with("price.tiers[0]: must be an object")
    );
    let e = serde_json::from_value::<Price>(json!({"model": "per_unit"})).unwrap_err();
    assert_eq!(
        e.to_string(),
        "price.unit_price: required; give a decimal such as 0.50"
    );
}

#[test]
fn forms_give_text() {
    let input = PriceInput {
        model: "graduated".into(),
        // Another model's field, kept by the form, is ignored.
        unit_price: "junk".into(),
        tiers: vec![
            TierInput::from_form("1000", "0.01", ""),
            TierInput::from_form(" ", "0.008", "2.00"),
        ],
        ..PriceInput::default()
    };
    let p = input.validate().unwrap();
    assert_eq!(
        p.to_json(),
        tiers_json(
            "graduated",
            &[(Some("1000"), "0.01", "0"), (None, "0.008", "2.00")]
        )
    );
    let bad = PriceInput {
        model: "volume".into(),
        tiers: vec![
            TierInput::from_form("ten", "", "1"),
            TierInput::from_form("", "1", "x"),
        ],
        ..PriceInput::default()
    };
    let e = bad.validate().unwrap_err();
    assert!(
        e.get("price.tiers[0].up_to")
            .unwrap()
            .contains("is not a decimal")
    );
    assert_eq!(
        e.get("price.tiers[0].unit_price"),
        Some("required; give a decimal such as 0.50")
    );
    assert!(
        e.get("price.tiers[1].flat_fee")
            .unwrap()
            .contains("is not a decimal")
    );
    assert_eq!(e.0.len(), 3);
    let prefixed = e.0[0].clone().prefixed("meters[2].");
    assert_eq!(prefixed.field, "meters[2].price.tiers[0].up_to");
}

#[test]
fn built_prices_are_checked_too() {
    assert!(Price::per_unit(d("-1")).is_err());
    assert_eq!(
        Price::graduated(vec![
            Tier {
                up_to: Some(d("5")),
                unit_price: d("1"),
                flat_fee: d("0")
            },
            Tier {
                up_to: Some(d("3")),
                unit_price: d("1"),
                flat_fee: d("0")
            },
            Tier {
                up_to: None,
                unit_price: d("1"),
                flat_fee: d("0.0000000000001")
            },
        ])
        .unwrap_err()
        .to_string(),
        "price.tiers[1].up_to: must be greater than the tier before (5); \
         price.tiers[2].flat_fee: takes at most 12 decimal places"
    );
}

#[test]
fn the_api_writes_amounts_in_the_currency_and_quantities_exactly() {
    let p = price(json!({"model": "graduated", "tiers": [
        {"up_to": "1000.000", "unit_price": "0.010000", "flat_fee": "2"},
        {"up_to": null, "unit_price": "0.0075"},
    ]}));
    assert_eq!(
        p.to_json_in(Currency::USD),
        json!({"model": "graduated", "tiers": [
            {"up_to": "1000", "unit_price": "0.01", "flat_fee": "2.00"},
            {"up_to": null, "unit_price": "0.0075", "flat_fee": "0.00"},
        ]})
    );
    let p =
        price(json!({"model": "package", "package_size": "60.0", "package_price": "10", "round": "down"}));
    assert_eq!(
        p.to_json_in(cur("JPY")),
        json!({"model": "package", "package_size": "60", "package_price": "10", "round": "down"})
    );
    assert_eq!(p.to_json_in(cur("KWD"))["package_price"], json!("10.000"));
    // What the API writes reads back as the same price.
    assert_eq!(Price::from_json(&p.to_json_in(Currency::USD)).unwrap(), p);
    let zero = Price::per_unit(-Decimal::ZERO).unwrap();
    assert_eq!(
        zero.to_json_in(Currency::USD),
        json!({"model": "per_unit", "unit_price": "0.00"})
    );
    // The database's JSON converts the same way, refusals and all.
    assert_eq!(
        Price::try_from(json!({"model": "per_unit", "unit_price": "0.5"})).unwrap(),
        price(json!({"model": "per_unit", "unit_price": "0.50"}))
    );
    assert!(Price::try_from(json!({"model": "volume", "tiers": []})).is_err());
}
