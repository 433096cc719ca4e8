//! Pricing subscriptions over their cycles from the stored usage: every reader that shows a
//! charge (the usage API, the customers table and its export, the overview, a meter's page,
//! statements) comes here, so they cannot drift apart. It reads the database — products and
//! their lines, and usage through the rollups' reads: a whole cycle from its cycle cell, any
//! other window the long way — and prices each line with [`crate::billing::price_line`]; so it
//! stands above `products` and `subscriptions`, while `billing`'s pricing, which products
//! validate their prices with, stays pure below them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::billing::{Price, PricedLine, price_line};
use crate::db::Conn;
use crate::error::AppError;
use crate::metering::{Cell, Currency, cycle_containing, cycle_number, nth_cycle_start, rfc3339};
use crate::meters::model::Meter;
use crate::meters::rollups::{self, CycleRequest, Request};
use crate::products;
use crate::products::model::{Product, ProductMeterView};
use crate::subscriptions;
use crate::subscriptions::model::Subscription;

/// A product with its lines, each with its meter's whole definition.
#[derive(Debug, Clone)]
pub struct ProductLines {
    pub product: Product,
    /// By position.
    pub lines: Vec<ProductLine>,
}

/// One line of a product: its price and free threshold, and the meter it prices.
#[derive(Debug, Clone)]
pub struct ProductLine {
    pub view: ProductMeterView,
    pub meter: Meter,
}

/// The products of `ids` (unknown ones absent) with their lines and meters: one statement
/// however many products there are.
pub fn load_products(conn: &mut Conn, ids: &[String]) -> Result<HashMap<String, ProductLines>, AppError> {
    Ok(load_products_versioned(conn, ids)?.1)
}

/// [`load_products`], and the products' version they were read at (`products_version`; `None`
/// when none was found).
pub fn load_products_versioned(
    conn: &mut Conn,
    ids: &[String],
) -> Result<(Option<i64>, HashMap<String, ProductLines>), AppError> {
    let (version, rows) = products::repo::with_priced_meters(conn, ids)?;
    let mut out: HashMap<String, ProductLines> = HashMap::with_capacity(ids.len());
    for (product, line) in rows {
        let p = out.entry(product.id.clone()).or_insert_with(|| ProductLines {
            product,
            lines: Vec::new(),
        });
        if let Some((view, row)) = line {
            let meter = Meter::from_row(row).map_err(AppError::internal)?;
            p.lines.push(ProductLine { view, meter });
        }
    }
    Ok((version, out))
}

/// What to price: a customer's usage of a product's lines over `[start, end)`. The free
/// thresholds apply once to the window.
#[derive(Debug, Clone, Copy)]
pub struct Bill<'a> {
    pub customer_id: &'a str,
    /// The subscription's start, the anchor of its cycles: a window that is one whole cycle is
    /// read from its cycle cell.
    pub anchor: DateTime<Utc>,
    pub product: &'a ProductLines,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Bill<'_> {
    /// The window is exactly one of the subscription's billing cycles.
    fn is_whole_cycle(&self) -> bool {
        cycle_containing(self.anchor, self.product.product.interval(), self.start)
            == Some((self.start, self.end))
    }
}

/// One line of a bill, priced.
#[derive(Debug, Clone)]
pub struct BilledLine {
    pub meter_id: String,
    pub meter_name: String,
    pub unit: String,
    pub price: Price,
    /// Consumed, free, chargeable, the packages or tiers, the charge.
    pub priced: PricedLine,
    /// The latest event counted in the window, if any.
    pub last_event_at: Option<DateTime<Utc>>,
}

/// A bill priced: its lines by position, and their total.
#[derive(Debug, Clone)]
pub struct PricedBill {
    pub currency: Currency,
    pub lines: Vec<BilledLine>,
    /// The sum of the lines' charges (each rounded once, so the total needs no rounding).
    pub total: Decimal,
}

/// Prices every bill, in order. Usage is read in one snapshot: whole cycles in one
/// [`rollups::cycle_usage_many`] call, every other window in one [`rollups::usage_many`] call.
pub fn price_bills(conn: &mut Conn, bills: &[Bill<'_>]) -> Result<Vec<PricedBill>, AppError> {
    let cells = usage_of(conn, bills)?;
    let mut cells = cells.into_iter();
    bills
        .iter()
        .map(|bill| {
            let currency = bill.product.product.currency();
            let mut lines = Vec::with_capacity(bill.product.lines.len());
            let mut total = Decimal::ZERO;
            for line in &bill.product.lines {
                let cell = cells.next().unwrap_or_default();
                let view = &line.view;
                let consumed = cell.quantity(line.meter.aggregation.kind());
                let priced =
                    price_line(&view.price, view.free_threshold, consumed, currency).map_err(|e| {
                        AppError::internal(format!(
                            "pricing {} / {} for {}: {e}",
                            bill.product.product.id, view.meter_id, bill.customer_id
                        ))
                    })?;
                total = total
                    .checked_add(priced.charge)
                    .ok_or_else(|| AppError::internal("a bill's total overflows a decimal"))?;
                lines.push(BilledLine {
                    meter_id: view.meter_id.clone(),
                    meter_name: view.meter_name.clone(),
                    unit: view.unit.clone(),
                    price: view.price.clone(),
                    priced,
                    last_event_at: cell.latest,
                });
            }
            Ok(PricedBill {
                currency,
                lines,
                total,
            })
        })
        .collect()
}

/// Each bill's lines' usage, in bill and line order.
fn usage_of(conn: &mut Conn, bills: &[Bill<'_>]) -> Result<Vec<Cell>, AppError> {
    enum Slot {
        Cycle(usize),
        Range(usize),
    }
    let mut cycles: Vec<CycleRequest<'_>> = Vec::new();
    let mut ranges: Vec<Request<'_>> = Vec::new();
    let mut slots = Vec::new();
    for bill in bills {
        let whole = bill.is_whole_cycle();
        for line in &bill.product.lines {
            if whole {
                slots.push(Slot::Cycle(cycles.len()));
                cycles.push(CycleRequest {
                    meter: &line.meter,
                    customer_id: bill.customer_id,
                    anchor: bill.anchor,
                    interval: bill.product.product.interval(),
                    period_start: bill.start,
                    period_end: bill.end,
                });
            } else {
                slots.push(Slot::Range(ranges.len()));
                ranges.push(Request {
                    meter: &line.meter,
                    customer_id: Some(bill.customer_id),
                    start: bill.start,
                    end: bill.end,
                });
            }
        }
    }
    let (by_cycle, by_range) = rollups::in_snapshot(conn, |conn| {
        Ok((
            rollups::cycle_usage_many(conn, &cycles)?,
            rollups::usage_many(conn, &ranges)?,
        ))
    })?;
    Ok(slots
        .into_iter()
        .map(|s| match s {
            Slot::Cycle(i) => by_cycle.get(i).copied().unwrap_or_default(),
            Slot::Range(i) => by_range.get(i).copied().unwrap_or_default(),
        })
        .collect())
}

/// One subscription's billing cycle, priced.
#[derive(Debug, Clone)]
pub struct SubscriptionCycle {
    pub subscription: Subscription,
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
    pub bill: PricedBill,
}

/// The subscription's cycle containing `at`, priced. Usage is measured within the cycle only,
/// and not after the subscription's end. 404 for an unknown subscription, 422 when `at` is
/// before it starts.
pub fn subscription_cycle(
    conn: &mut Conn,
    subscription_id: &str,
    at: DateTime<Utc>,
) -> Result<SubscriptionCycle, AppError> {
    let (sub, product) = subscriptions::repo::find_with_product(conn, subscription_id)?
        .ok_or_else(|| AppError::not_found(format!("No subscription with the id {subscription_id}.")))?;
    let lines = products::repo::priced_meters(conn, &product.id)?
        .into_iter()
        .map(|(view, row)| {
            let meter = Meter::from_row(row).map_err(AppError::internal)?;
            Ok(ProductLine { view, meter })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let product = ProductLines { product, lines };
    let (start, end) = cycle_containing(sub.start_at, product.product.interval(), at).ok_or_else(|| {
        AppError::validation(
            "at",
            format!(
                "{} is before the subscription starts ({})",
                rfc3339(at),
                rfc3339(sub.start_at)
            ),
        )
    })?;
    let bill = Bill {
        customer_id: &sub.customer_id,
        anchor: sub.start_at,
        product: &product,
        start,
        end: sub.end_at.map_or(end, |e| e.min(end)),
    };
    let bill = price_bills(conn, &[bill])?
        .pop()
        .ok_or_else(|| AppError::internal("pricing one bill returned none"))?;
    Ok(SubscriptionCycle {
        subscription: sub,
        period_start: start,
        period_end: end,
        bill,
    })
}

/// Which cycles of a subscription's history to show.
#[derive(Debug, Clone, Default)]
pub struct HistoryQuery {
    /// Cycles that end after this.
    pub from: Option<DateTime<Utc>>,
    /// Cycles that start at or before this.
    pub to: Option<DateTime<Utc>>,
    /// Only this meter's line.
    pub meter_id: Option<String>,
}

/// The cycles that have started, newest first (from the one containing `now`, or the last one
/// before the subscription's end, back to the first), those overlapping `[from, to]`: `limit`
/// of them after skipping `offset`, each priced (usage read together, in one snapshot). The
/// second value says whether more follow.
pub fn history(
    conn: &mut Conn,
    subscription_id: &str,
    q: &HistoryQuery,
    now: DateTime<Utc>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<SubscriptionCycle>, bool), AppError> {
    let (sub, product) = subscriptions::repo::find_with_product(conn, subscription_id)?
        .ok_or_else(|| AppError::not_found(format!("No subscription with the id {subscription_id}.")))?;
    let mut lines = products::repo::priced_meters(conn, &product.id)?
        .into_iter()
        .map(|(view, row)| {
            let meter = Meter::from_row(row).map_err(AppError::internal)?;
            Ok(ProductLine { view, meter })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    if let Some(id) = &q.meter_id {
        lines.retain(|l| l.view.meter_id == *id);
        if lines.is_empty() {
            return Err(AppError::validation(
                "meter_id",
                format!("meter {id} is not one of this subscription's product's meters"),
            ));
        }
    }
    let product = ProductLines { product, lines };
    let interval = product.product.interval();
    let last_instant = match sub.end_at {
        Some(end) if end <= now => end - chrono::Duration::microseconds(1),
        _ => now,
    };
    let mut cycles = Vec::new();
    let mut skipped = 0;
    let mut more = false;
    if let Some(last) = cycle_number(sub.start_at, interval, last_instant) {
        for n in (0..=last).rev() {
            let (Some(start), Some(end)) = (
                nth_cycle_start(sub.start_at, interval, n),
                nth_cycle_start(sub.start_at, interval, n + 1),
            ) else {
                continue;
            };
            if q.to.is_some_and(|to| start > to) {
                continue;
            }
            if q.from.is_some_and(|from| end <= from) {
                // Older cycles end earlier still.
                break;
            }
            if skipped < offset {
                skipped += 1;
            } else if (cycles.len() as i64) < limit {
                cycles.push((start, end));
            } else {
                more = true;
                break;
            }
        }
    }
    let bills: Vec<Bill<'_>> = cycles
        .iter()
        .map(|&(start, end)| Bill {
            customer_id: &sub.customer_id,
            anchor: sub.start_at,
            product: &product,
            start,
            end: sub.end_at.map_or(end, |e| e.min(end)),
        })
        .collect();
    let priced = price_bills(conn, &bills)?;
    let out = cycles
        .into_iter()
        .zip(priced)
        .map(|((period_start, period_end), bill)| SubscriptionCycle {
            subscription: sub.clone(),
            period_start,
            period_end,
            bill,
        })
        .collect();
    Ok((out, more))
}
