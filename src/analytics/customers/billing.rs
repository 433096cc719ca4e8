//! The customers usage table: per subscription and meter, for a period — each subscription's
//! own billing cycle containing a date, or an explicit range — consumed, free, chargeable,
//! price, charge and the subscription's total. Also what the export writes, row for row, and
//! what the overview's charges sum. The pricing is [`crate::charges`]'s: this module
//! picks the page of subscriptions and their windows, and reads the page's products with their
//! meters in one statement (the table takes them as kept when they have not changed since, see
//! [`super::kept_products`]).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::kept_products::KeptProducts;
use super::repo::{self, LineCursor, SubscriptionRow};
use crate::billing::Price;
use crate::charges::{self, Bill};
use crate::db::Conn;
use crate::error::AppError;
use crate::metering::{Currency, cycle_containing};

/// Which period the table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Each subscription's billing cycle that contains this instant.
    CycleAt(DateTime<Utc>),
    /// The same window `[start, end)` for everyone (the free threshold applies once to it).
    Range(DateTime<Utc>, DateTime<Utc>),
}

/// One line: a subscription's meter.
#[derive(Debug, Clone)]
pub struct Line {
    pub customer_id: String,
    pub customer_email: String,
    pub customer_name: String,
    pub subscription_id: String,
    pub product_id: String,
    pub product_name: String,
    pub currency: Currency,
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
    pub meter_id: String,
    pub meter_name: String,
    pub unit: String,
    pub free_threshold: Decimal,
    pub price: Price,
    pub last_event_at: Option<DateTime<Utc>>,
    pub consumed: Decimal,
    pub chargeable: Decimal,
    pub charge: Decimal,
    /// The subscription's total over all its meters.
    pub total: Decimal,
}

/// A page of lines and the cursor after its last subscription.
pub struct LinesPage {
    pub lines: Vec<Line>,
    pub next: Option<LineCursor>,
}

/// Up to `limit` subscriptions (with all their meters) in the period, after `after`, ordered
/// by customer then subscription.
pub fn lines(
    conn: &mut Conn,
    period: Period,
    after: Option<&LineCursor>,
    limit: i64,
) -> Result<LinesPage, AppError> {
    lines_with(conn, period, after, limit, None)
}

/// [`lines`], priced with `kept`'s products when the request's session read the products at
/// that version (`seen`), else with the products as read (and kept).
pub fn lines_kept(
    conn: &mut Conn,
    period: Period,
    after: Option<&LineCursor>,
    limit: i64,
    kept: &KeptProducts,
    seen: Option<i64>,
) -> Result<LinesPage, AppError> {
    lines_with(conn, period, after, limit, Some((kept, seen)))
}

fn lines_with(
    conn: &mut Conn,
    period: Period,
    after: Option<&LineCursor>,
    limit: i64,
    kept: Option<(&KeptProducts, Option<i64>)>,
) -> Result<LinesPage, AppError> {
    // One snapshot for the page's subscriptions, products and usage, its statements on their
    // kept generic plans (planned at each view, these cost as much as the usage reads).
    crate::meters::rollups::in_snapshot(conn, |conn| lines_in(conn, period, after, limit, kept))
}

fn lines_in(
    conn: &mut Conn,
    period: Period,
    after: Option<&LineCursor>,
    limit: i64,
    kept: Option<(&KeptProducts, Option<i64>)>,
) -> Result<LinesPage, AppError> {
    let (from, to) = match period {
        Period::CycleAt(at) => (at, at),
        Period::Range(s, e) => (s, e),
    };
    let mut subs = repo::subscriptions_in(conn, from, to, after, limit + 1)?;
    let next = if subs.len() as i64 > limit {
        subs.truncate(limit as usize);
        subs.last().map(|s| LineCursor {
            customer_id: s.customer_id.clone(),
            subscription_id: s.id.clone(),
        })
    } else {
        None
    };
    Ok(LinesPage {
        lines: compute(conn, period, &subs, kept)?,
        next,
    })
}

/// One meter's lines for the subscriptions that price it, each in its own cycle at `at`.
pub fn meter_lines(
    conn: &mut Conn,
    meter_id: &str,
    at: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Line>, AppError> {
    let subs = repo::subscriptions_with_meter(conn, meter_id, at, limit)?;
    Ok(compute(conn, Period::CycleAt(at), &subs, None)?
        .into_iter()
        .filter(|l| l.meter_id == meter_id)
        .collect())
}

fn compute(
    conn: &mut Conn,
    period: Period,
    subs: &[SubscriptionRow],
    kept: Option<(&KeptProducts, Option<i64>)>,
) -> Result<Vec<Line>, AppError> {
    let mut product_ids: Vec<String> = subs.iter().map(|s| s.product_id.clone()).collect();
    product_ids.sort();
    product_ids.dedup();
    let products = match kept {
        Some((kept, seen)) => kept.of(conn, &product_ids, seen)?,
        None => Arc::new(charges::load_products(conn, &product_ids)?),
    };
    // Each subscription's window and the cycle it is reported under.
    let mut plans = Vec::new();
    let mut bills = Vec::new();
    for s in subs {
        let Some(product) = products.get(&s.product_id) else {
            continue;
        };
        let (start, end, period_start, period_end) = match period {
            Period::CycleAt(at) => match cycle_containing(s.start_at, product.product.interval(), at) {
                Some((a, b)) => (a, s.end_at.map_or(b, |e| e.min(b)), a, b),
                None => continue,
            },
            Period::Range(a, b) => {
                let (start, end) = (a.max(s.start_at), s.end_at.map_or(b, |e| e.min(b)));
                (start, end, start, end)
            }
        };
        plans.push((s, product, period_start, period_end));
        bills.push(Bill {
            customer_id: &s.customer_id,
            anchor: s.start_at,
            product,
            start,
            end,
        });
    }
    let priced = charges::price_bills(conn, &bills)?;
    let mut out = Vec::with_capacity(priced.iter().map(|b| b.lines.len()).sum());
    for ((s, product, period_start, period_end), bill) in plans.into_iter().zip(priced) {
        for l in bill.lines {
            out.push(Line {
                customer_id: s.customer_id.clone(),
                customer_email: s.customer_email.clone(),
                customer_name: s.customer_name.clone(),
                subscription_id: s.id.clone(),
                product_id: s.product_id.clone(),
                product_name: product.product.name.clone(),
                currency: bill.currency,
                period_start,
                period_end,
                meter_id: l.meter_id,
                meter_name: l.meter_name,
                unit: l.unit,
                free_threshold: l.priced.free_threshold,
                price: l.price,
                last_event_at: l.last_event_at,
                consumed: l.priced.consumed,
                chargeable: l.priced.chargeable,
                charge: l.priced.charge,
                total: bill.total,
            });
        }
    }
    Ok(out)
}
