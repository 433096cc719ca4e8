//! Property tests of pricing (issue 12's acceptance list, in the form that is true; see the
//! module docs of `billing` for how it differs from the wording).

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::{cur, d};
use crate::billing::{Package, Price, PricedLine, Rounding, Tier, price_line};
use crate::metering::Currency;

/// A decimal ≥ 0 below `max / 10^scale`, with up to `max_scale` decimal places.
fn amount(max: i64, max_scale: u32) -> impl Strategy<Value = Decimal> {
    (0..max, 0..=max_scale).prop_map(|(m, s)| Decimal::new(m, s))
}

/// Usage, sometimes negative (negative manual values).
fn usage() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        9 => amount(100_000_000, 3),
        1 => amount(1_000_000, 2).prop_map(|u| -u),
    ]
}

fn currency() -> impl Strategy<Value = Currency> {
    prop_oneof![Just(cur("USD")), Just(cur("JPY")), Just(cur("KWD"))]
}

/// 1 to `max` tiers with ascending bounds, the last unbounded.
fn tiers(max: usize) -> impl Strategy<Value = Vec<Tier>> {
    proptest::collection::vec(
        (amount(10_000_000, 2), amount(100_000, 4), amount(10_000, 2)),
        1..=max,
    )
    .prop_map(|rows| {
        let mut bound = Decimal::ZERO;
        let last = rows.len() - 1;
        rows.into_iter()
            .enumerate()
            .map(|(i, (step, unit_price, flat_fee))| {
                // Steps are > 0 so bounds strictly ascend.
                bound += step + Decimal::new(1, 2);
                Tier {
                    up_to: (i < last).then_some(bound),
                    unit_price,
                    flat_fee,
                }
            })
            .collect()
    })
}

/// The same tiers with unit prices sorted (descending when `falling`) and, if `no_fees`,
/// without flat fees.
fn sorted(mut tiers: Vec<Tier>, falling: bool, no_fees: bool) -> Vec<Tier> {
    let mut prices: Vec<Decimal> = tiers.iter().map(|t| t.unit_price).collect();
    prices.sort();
    if falling {
        prices.reverse();
    }
    for (t, p) in tiers.iter_mut().zip(prices) {
        t.unit_price = p;
        if no_fees {
            t.flat_fee = Decimal::ZERO;
        }
    }
    tiers
}

fn line(p: &Price, free: Decimal, used: Decimal, c: Currency) -> PricedLine {
    price_line(p, free, used, c).unwrap()
}

fn charge(p: &Price, free: Decimal, used: Decimal, c: Currency) -> Decimal {
    line(p, free, used, c).charge
}

/// Every model over the same numbers.
fn prices() -> impl Strategy<Value = Price> {
    prop_oneof![
        amount(100_000, 6).prop_map(|p| Price::per_unit(p).unwrap()),
        (amount(100_000, 2), amount(100_000, 2), any::<bool>()).prop_map(|(size, price, up)| {
            Price::package(Package {
                package_size: size + Decimal::new(1, 2),
                package_price: price,
                round: if up { Rounding::Up } else { Rounding::Down },
            })
            .unwrap()
        }),
        tiers(10).prop_map(|t| Price::graduated(t).unwrap()),
        tiers(10).prop_map(|t| Price::volume(t).unwrap()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// One (unbounded) tier is per unit, for graduated and volume.
    #[test]
    fn one_tier_is_per_unit(p in amount(10_000_000, 12), free in amount(1_000_000, 2), used in usage(), c in currency()) {
        let per_unit = charge(&Price::per_unit(p).unwrap(), free, used, c);
        let tier = vec![Tier { up_to: None, unit_price: p, flat_fee: Decimal::ZERO }];
        prop_assert_eq!(charge(&Price::graduated(tier.clone()).unwrap(), free, used, c), per_unit);
        prop_assert_eq!(charge(&Price::volume(tier).unwrap(), free, used, c), per_unit);
    }

    /// For graduated, a free threshold F is the same as a first tier up to F at price 0 (the
    /// other tiers shifted by F), flat fees included.
    #[test]
    fn free_threshold_is_a_free_first_tier(t in tiers(9), free in amount(10_000_000, 2), used in usage(), c in currency()) {
        let free = free + Decimal::new(1, 2);
        let mut shifted = vec![Tier { up_to: Some(free), unit_price: Decimal::ZERO, flat_fee: Decimal::ZERO }];
        shifted.extend(t.iter().map(|x| Tier { up_to: x.up_to.map(|u| u + free), ..*x }));
        let with_free = line(&Price::graduated(t).unwrap(), free, used, c);
        let with_tier = line(&Price::graduated(shifted).unwrap(), Decimal::ZERO, used, c);
        prop_assert_eq!(with_free.charge, with_tier.charge);
        prop_assert_eq!(with_free.subtotal, with_tier.subtotal);
    }

    /// A charge never decreases when usage grows: per_unit, package (up and down) and
    /// graduated, whatever the tiers.
    #[test]
    fn charge_never_decreases_except_volume(p in prices(), free in amount(1_000_000, 2), used in usage(), more in amount(100_000_000, 3), c in currency()) {
        prop_assume!(p.model() != crate::billing::Model::Volume);
        prop_assert!(charge(&p, free, used, c) <= charge(&p, free, used + more, c));
    }

    /// Volume never decreases when neither unit prices nor flat fees fall from tier to tier.
    #[test]
    fn volume_never_decreases_when_tiers_do_not_get_cheaper(t in tiers(10), free in amount(1_000_000, 2), used in usage(), more in amount(100_000_000, 3), c in currency()) {
        let mut t = sorted(t, false, false);
        let mut fees: Vec<Decimal> = t.iter().map(|x| x.flat_fee).collect();
        fees.sort();
        for (x, f) in t.iter_mut().zip(fees) {
            x.flat_fee = f;
        }
        let p = Price::volume(t).unwrap();
        prop_assert!(charge(&p, free, used, c) <= charge(&p, free, used + more, c));
    }

    /// When unit prices do not rise from tier to tier, volume ≤ graduated (flat fees or not).
    #[test]
    fn volume_at_most_graduated_when_prices_fall(t in tiers(10), free in amount(1_000_000, 2), used in usage(), c in currency(), no_fees in any::<bool>()) {
        let t = sorted(t, true, no_fees);
        let volume = charge(&Price::volume(t.clone()).unwrap(), free, used, c);
        prop_assert!(volume <= charge(&Price::graduated(t).unwrap(), free, used, c));
    }

    /// When unit prices do not fall and there are no flat fees, graduated ≤ volume.
    #[test]
    fn graduated_at_most_volume_when_prices_rise(t in tiers(10), free in amount(1_000_000, 2), used in usage(), c in currency()) {
        let t = sorted(t, false, true);
        let graduated = charge(&Price::graduated(t.clone()).unwrap(), free, used, c);
        prop_assert!(graduated <= charge(&Price::volume(t).unwrap(), free, used, c));
    }

    /// Nothing billable charges 0 in every model; a charge always has the currency's digits,
    /// is the subtotal rounded once, and the free, chargeable and tier units add up.
    #[test]
    fn line_is_consistent(p in prices(), free in amount(1_000_000, 2), used in usage(), c in currency()) {
        let l = line(&p, free, used, c);
        prop_assert_eq!(l.charge.scale(), c.minor_units);
        prop_assert_eq!(l.chargeable, (used - free).max(Decimal::ZERO));
        prop_assert_eq!(l.free + l.chargeable, used.max(Decimal::ZERO));
        let mut expected = l.subtotal.round_dp_with_strategy(c.minor_units, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        expected.rescale(c.minor_units);
        prop_assert_eq!(l.charge.to_string(), expected.to_string());
        if used <= free {
            prop_assert!(l.charge.is_zero() && l.subtotal.is_zero());
        }
        if !l.tiers.is_empty() {
            let units: Decimal = l.tiers.iter().map(|t| t.units).sum();
            let amounts: Decimal = l.tiers.iter().map(|t| t.amount).sum();
            prop_assert_eq!(units, l.chargeable);
            prop_assert_eq!(amounts, l.subtotal);
        }
    }

    /// Packages are counted exactly: up covers the chargeable units with one package fewer
    /// not enough; down never exceeds them.
    #[test]
    fn packages_are_counted_exactly(size in amount(1_000_000, 6), free in amount(1_000, 1), used in usage(), up in any::<bool>()) {
        let size = size + Decimal::new(1, 6);
        let round = if up { Rounding::Up } else { Rounding::Down };
        let p = Price::package(Package { package_size: size, package_price: Decimal::ONE, round }).unwrap();
        let l = line(&p, free, used, Currency::USD);
        let n = l.packages.unwrap();
        prop_assert_eq!(n, n.trunc());
        if up {
            prop_assert!(n * size >= l.chargeable && (n - Decimal::ONE) * size < l.chargeable || n.is_zero() && l.chargeable.is_zero());
        } else {
            prop_assert!(n * size <= l.chargeable && (n + Decimal::ONE) * size > l.chargeable);
        }
    }

    /// A price reads back equal from its JSON and from its form text.
    #[test]
    fn prices_round_trip(p in prices()) {
        prop_assert_eq!(Price::from_json(&p.to_json()).unwrap(), p.clone());
        prop_assert_eq!(crate::billing::PriceInput::from_price(&p).validate().unwrap(), p);
    }
}

/// The "a charge never decreases (every model)" fails for volume: Stripe's tiers with
/// flat fees charge 15 units 75.00 and 16 units 72.00.
#[test]
fn volume_charge_can_fall_when_usage_grows() {
    let tier = |up_to: Option<&str>, unit_price: &str, flat_fee: &str| Tier {
        up_to: up_to.map(d),
        unit_price: d(unit_price),
        flat_fee: d(flat_fee),
    };
    let p = Price::volume(vec![
        tier(Some("5"), "5", "10"),
        tier(Some("10"), "4", "20"),
        tier(Some("15"), "3", "30"),
        tier(Some("20"), "2", "40"),
        tier(None, "1", "50"),
    ])
    .unwrap();
    let at = |q: &str| charge(&p, Decimal::ZERO, d(q), Currency::USD).to_string();
    assert_eq!((at("15"), at("16")), ("75.00".to_owned(), "72.00".to_owned()));
    // Without flat fees too: 5 × 7 = 35.00 > 6 × 5 = 30.00.
    let p = Price::volume(vec![tier(Some("5"), "7", "0"), tier(None, "5", "0")]).unwrap();
    let at = |q: &str| charge(&p, Decimal::ZERO, d(q), Currency::USD).to_string();
    assert_eq!((at("5"), at("6")), ("35.00".to_owned(), "30.00".to_owned()));
    // And "graduated ≤ volume when prices fall" is reversed: Stripe's 7.00 / 6.50 / 6.00 at 6.
    let falling = vec![
        tier(Some("5"), "7", "0"),
        tier(Some("10"), "6.5", "0"),
        tier(None, "6", "0"),
    ];
    let v = charge(
        &Price::volume(falling.clone()).unwrap(),
        Decimal::ZERO,
        d("6"),
        Currency::USD,
    );
    let g = charge(
        &Price::graduated(falling).unwrap(),
        Decimal::ZERO,
        d("6"),
        Currency::USD,
    );
    assert_eq!(
        (v.to_string(), g.to_string()),
        ("39.00".to_owned(), "41.50".to_owned())
    );
    assert!(v < g);
}
