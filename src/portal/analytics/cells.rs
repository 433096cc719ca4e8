//! The customers table's cells in the operator's language: numbers, money and times through the
//! locale's formatters, words from the catalogue. Each cell is (text, hover title, sort key);
//! the sort key stays the machine-readable one of [`Column::sort_key`].

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::analytics::customers::billing::Line;
use crate::analytics::customers::columns::Column;
use crate::billing::{Price, Rounding};
use crate::metering::Currency;
use crate::web::locale::Locale;

/// One cell of `line` under `column`, as seen at `now` (a last event's "3 minutes ago").
pub fn cell(l: &Locale, column: Column, line: &Line, now: DateTime<Utc>) -> (String, String, String) {
    let sort = column.sort_key(line);
    let unit = |q: Decimal| format!("{} {}", l.qty(q), line.unit);
    let (text, title) = match column {
        Column::Customer => (line.customer_name.clone(), line.customer_id.clone()),
        Column::Email => (line.customer_email.clone(), String::new()),
        Column::Subscription => (line.subscription_id.clone(), String::new()),
        Column::Product => (line.product_name.clone(), String::new()),
        Column::Period => (
            format!(
                "{} → {}",
                l.datetime(line.period_start),
                l.datetime(line.period_end)
            ),
            l.t2(
                "analytics-cell-period-title",
                "start",
                l.datetime_seconds(line.period_start),
                "end",
                l.datetime_seconds(line.period_end),
            ),
        ),
        Column::Meter => (line.meter_name.clone(), line.meter_id.clone()),
        Column::FreeThreshold => (unit(line.free_threshold), String::new()),
        Column::Price => price_words(l, &line.price, line.currency, &line.unit),
        Column::LastEvent => match line.last_event_at {
            Some(t) => (
                l.datetime(t),
                l.t2(
                    "analytics-cell-last-event-title",
                    "time",
                    l.datetime_seconds(t),
                    "ago",
                    l.ago_at(t, now),
                ),
            ),
            None => ("—".into(), l.t("analytics-cell-no-event")),
        },
        Column::Consumed => (unit(line.consumed), String::new()),
        Column::Chargeable => (unit(line.chargeable), String::new()),
        Column::Charge => (l.money(line.charge, line.currency), String::new()),
        Column::Total => (l.money(line.total, line.currency), String::new()),
    };
    (text, title, sort)
}

/// A price in a few words for a cell, and every tier for its hover title.
fn price_words(l: &Locale, price: &Price, currency: Currency, unit: &str) -> (String, String) {
    if let Some(p) = price.unit_price() {
        let text = l.t2(
            "analytics-price-per-unit",
            "price",
            l.price(p, currency),
            "unit",
            unit,
        );
        return (text, String::new());
    }
    if let Some(p) = price.as_package() {
        let started = match p.round {
            Rounding::Up => l.t("analytics-price-package-up"),
            Rounding::Down => l.t("analytics-price-package-down"),
        };
        let text = l.t_args(
            "analytics-price-per-package",
            &[
                ("price", l.price(p.package_price, currency).into()),
                ("size", l.qty(p.package_size).into()),
                ("unit", unit.into()),
            ],
        );
        return (text, started);
    }
    let mut from = Decimal::ZERO;
    let tiers: Vec<String> = price
        .tiers()
        .iter()
        .map(|t| {
            let per = l.price(t.unit_price, currency);
            let tier = match t.up_to {
                Some(u) => l.t_args(
                    "analytics-price-tier-up-to",
                    &[
                        ("quantity", format!("{} {unit}", l.qty(u)).into()),
                        ("price", per.into()),
                        ("unit", unit.into()),
                    ],
                ),
                None => l.t_args(
                    "analytics-price-tier-above",
                    &[
                        ("quantity", format!("{} {unit}", l.qty(from)).into()),
                        ("price", per.into()),
                        ("unit", unit.into()),
                    ],
                ),
            };
            from = t.up_to.unwrap_or(from);
            if t.flat_fee.is_zero() {
                tier
            } else {
                l.t2(
                    "analytics-price-tier-fee",
                    "tier",
                    tier,
                    "fee",
                    l.price(t.flat_fee, currency),
                )
            }
        })
        .collect();
    let model = l.t(&format!("analytics-price-model-{}", price.model().as_str()));
    let text = l.t2(
        "analytics-price-tiers",
        "model",
        model,
        "count",
        price.tiers().len(),
    );
    (text, tiers.join("; "))
}
