//! A subscription and its usage history as the API shows them: Dodo Payments' `Subscription`
//! and `SubscriptionRetrieveUsageHistoryResponse`, with the native fields kept next to them.
//!
//! Dodo's subscription has fields Meterdesk has no concept of; they get stable, documented
//! values (README "Coming from Stripe or Dodo Payments"): one payment per cycle of 1 month or
//! 1 year, quantity 1, nothing recurring but usage (`recurring_pre_tax_amount: 0`), no trial,
//! no tax, no payment method, billing country `US`, `brand_id` = the installation's business
//! id, empty `addons` and credit carts, empty `metadata`.
//!
//! Dodo's `free_threshold` is an integer: a fractional one is written rounded down, with the
//! exact value in `free_threshold_decimal`. `total_price` is in the currency's minor units
//! (cents for USD), as an integer.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde_json::{Map, Number, Value, json};

use crate::charges::SubscriptionCycle;
use crate::error::AppError;
use crate::metering::money::{amount_text, price_text, quantity_text};
use crate::metering::{Currency, Interval, rfc3339};
use crate::subscriptions::model::Phase;
use crate::subscriptions::service::Details;

/// The billing address every subscription reports (Meterdesk keeps none).
pub const BILLING_COUNTRY: &str = "US";

/// Dodo's `TimeInterval` for a billing interval.
fn time_interval(i: Interval) -> &'static str {
    match i {
        Interval::Monthly => "Month",
        Interval::Yearly => "Year",
    }
}

/// Dodo's `SubscriptionStatus`.
fn status(p: Phase) -> &'static str {
    match p {
        Phase::Pending => "pending",
        Phase::Active => "active",
        Phase::Ended => "expired",
    }
}

fn integer(text: String) -> Result<Value, AppError> {
    serde_json::from_str::<Number>(&text)
        .map(Value::Number)
        .map_err(|e| AppError::internal(format!("{text} as a JSON number: {e}")))
}

/// An amount in the currency's minor units, as an integer (75.00 USD → 7500, 7.500 KWD → 7500).
pub fn minor_units(amount: Decimal, currency: Currency) -> Result<Value, AppError> {
    let mut a = amount.round_dp_with_strategy(
        currency.minor_units,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    a.rescale(currency.minor_units);
    integer(a.mantissa().to_string())
}

/// `free_threshold` as Dodo's integer, and `free_threshold_decimal` when it has a fraction.
fn free_threshold(into: &mut Map<String, Value>, threshold: Decimal) -> Result<(), AppError> {
    let whole = threshold.floor().normalize();
    into.insert("free_threshold".into(), integer(whole.to_string())?);
    if whole != threshold {
        into.insert(
            "free_threshold_decimal".into(),
            Value::String(quantity_text(threshold)),
        );
    }
    Ok(())
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// `GET /subscriptions/{id}` (and the answer to `POST /subscriptions`).
pub fn subscription(d: &Details, business_id: &str, now: DateTime<Utc>) -> Result<Value, AppError> {
    let interval = d.product.interval();
    let currency = d.product.currency();
    let (previous, next) = d
        .sub
        .cycle_at(interval, now)
        .ok_or_else(|| AppError::internal(format!("subscription {}: no billing cycle", d.sub.id)))?;
    let mut meters = Vec::with_capacity(d.lines.len());
    for (line, meter) in &d.lines {
        let mut m = object(json!({
            "meter_id": line.meter_id,
            "name": line.meter_name,
            "measurement_unit": line.unit,
            "description": meter.description,
            "currency": currency.code,
            // Optional in Dodo's subscription: the unit price of a per_unit line, else null.
            "price_per_unit": line.price.unit_price().map(|p| price_text(p, currency)),
        }));
        free_threshold(&mut m, line.free_threshold)?;
        meters.push(Value::Object(m));
    }
    let customer = &d.customer;
    Ok(json!({
        "subscription_id": d.sub.id,
        "product_id": d.sub.product_id,
        "brand_id": business_id,
        "status": status(d.sub.phase_at(now)),
        "created_at": rfc3339(d.sub.created_at),
        "previous_billing_date": rfc3339(previous),
        "next_billing_date": rfc3339(next),
        "expires_at": d.sub.end_at.map(rfc3339),
        "currency": currency.code,
        "payment_frequency_count": 1,
        "payment_frequency_interval": time_interval(interval),
        "subscription_period_count": d.sub.cycle_count(interval).unwrap_or(0),
        "subscription_period_interval": time_interval(interval),
        "quantity": 1,
        "recurring_pre_tax_amount": 0,
        "tax_inclusive": false,
        "on_demand": false,
        "cancel_at_next_billing_date": false,
        "has_payment_method": false,
        "trial_period_days": 0,
        "billing": { "country": BILLING_COUNTRY },
        "customer": {
            "customer_id": customer.id,
            "email": customer.email,
            "name": customer.name,
            "metadata": customer.metadata,
            "phone_number": customer.phone_number,
        },
        "metadata": {},
        "addons": [],
        "credit_entitlement_cart": [],
        "meter_credit_entitlement_cart": [],
        "meters": meters,
        // The native fields.
        "id": d.sub.id,
        "customer_id": d.sub.customer_id,
        "start": rfc3339(d.sub.start_at),
        "end": d.sub.end_at.map(rfc3339),
    }))
}

/// Dodo's `price_per_unit` of a usage line (D9): the unit price of a `per_unit` line; for the
/// other models the effective price, charge ÷ chargeable units (12 places, trimmed; `0` when
/// nothing is chargeable), with the line's own `price` and breakdown beside it.
fn effective_price(price: &crate::billing::Price, charge: Decimal, chargeable: Decimal) -> Decimal {
    match price.unit_price() {
        Some(p) => p,
        None if chargeable.is_zero() => Decimal::ZERO,
        None => charge
            .checked_div(chargeable)
            .map(|d| {
                d.round_dp_with_strategy(12, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
                    .normalize()
            })
            .unwrap_or_default(),
    }
}

/// One item of `GET /subscriptions/{id}/usage-history`: a cycle and each meter's line.
pub fn history_item(u: &SubscriptionCycle) -> Result<Value, AppError> {
    let currency = u.bill.currency;
    let mut meters = Vec::with_capacity(u.bill.lines.len());
    for l in &u.bill.lines {
        let c = &l.priced;
        let mut m = object(json!({
            "id": l.meter_id,
            "name": l.meter_name,
            "measurement_unit": l.unit,
            "currency": currency.code,
            "consumed_units": quantity_text(c.consumed),
            "chargeable_units": quantity_text(c.chargeable),
            "price_per_unit": price_text(effective_price(&l.price, c.charge, c.chargeable), currency),
            "total_price": minor_units(c.charge, currency)?,
            "charge": amount_text(c.charge, currency),
            "price": l.price.to_json_in(currency),
        }));
        free_threshold(&mut m, c.free_threshold)?;
        meters.push(Value::Object(m));
    }
    Ok(json!({
        "start_date": rfc3339(u.period_start),
        "end_date": rfc3339(u.period_end),
        "meters": meters,
        "total": amount_text(u.bill.total, currency),
    }))
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;
    use crate::metering::currency;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn totals_are_integers_in_minor_units() {
        let usd = currency("USD").unwrap();
        assert_eq!(minor_units(dec("75.00"), usd).unwrap(), json!(7500));
        assert_eq!(minor_units(dec("0.5"), usd).unwrap(), json!(50));
        assert_eq!(minor_units(dec("0"), usd).unwrap(), json!(0));
        assert_eq!(
            minor_units(dec("75"), currency("JPY").unwrap()).unwrap(),
            json!(75)
        );
        assert_eq!(
            minor_units(dec("7.5"), currency("KWD").unwrap()).unwrap(),
            json!(7500)
        );
        let big = minor_units(dec("123456789012345678901.25"), usd).unwrap();
        assert_eq!(big.to_string(), "12345678901234567890125");
    }

    #[test]
    fn fractional_free_thresholds_round_down_and_keep_the_exact_value() {
        let mut m = Map::new();
        free_threshold(&mut m, dec("100.000")).unwrap();
        assert_eq!(Value::Object(m), json!({"free_threshold": 100}));
        let mut m = Map::new();
        free_threshold(&mut m, dec("0.5")).unwrap();
        assert_eq!(
            Value::Object(m),
            json!({"free_threshold": 0, "free_threshold_decimal": "0.5"})
        );
    }
}
