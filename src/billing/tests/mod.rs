//! Tests of pricing: Stripe's and SPEC's worked examples, validation and JSON, properties.

mod examples;
mod properties;
mod stripe;
mod validation;

use rust_decimal::Decimal;
use serde_json::json;

use super::{Price, price_line};
use crate::metering::{Currency, currency};

pub(super) fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub(super) fn cur(code: &str) -> Currency {
    currency(code).unwrap()
}

/// A price from its JSON.
pub(super) fn price(v: serde_json::Value) -> Price {
    Price::from_json(&v).unwrap()
}

/// The charge of `consumed` with `free` free, in USD, as text.
pub(super) fn charge(p: &Price, free: &str, consumed: &str) -> String {
    price_line(p, d(free), d(consumed), Currency::USD)
        .unwrap()
        .charge
        .to_string()
}

/// Tiers from `(up_to, unit_price, flat_fee)`, the last unbounded.
pub(super) fn tiers_json(model: &str, tiers: &[(Option<&str>, &str, &str)]) -> serde_json::Value {
    let tiers: Vec<_> = tiers
        .iter()
        .map(|(u, p, f)| json!({"up_to": u, "unit_price": p, "flat_fee": f}))
        .collect();
    json!({"model": model, "tiers": tiers})
}
