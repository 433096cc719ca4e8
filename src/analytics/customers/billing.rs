//! The customers usage table: per subscription and meter, for a period — each subscription's
//! own billing cycle containing a date, or an explicit range — consumed, free, chargeable,
//! price, charge and the subscription's total. Also what the export writes, row for row.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::repo::{self, LineCursor, SubscriptionRow};
use crate::db::Conn;
use crate::error::AppError;
use crate::metering::money::line_charge;
use crate::metering::{Currency, cycle_containing};
use crate::meters::model::Meter;
use crate::meters::rollups::{self, CycleRequest, Request};
use crate::products;
use crate::products::model::{Product, ProductMeterView};

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
    pub product_name: String,
    pub currency: Currency,
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
    pub meter_id: String,
    pub meter_name: String,
    pub unit: String,
    pub free_threshold: Decimal,
    pub price_per_unit: Decimal,
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
        lines: compute(conn, period, &subs)?,
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
    Ok(compute(conn, Period::CycleAt(at), &subs)?
        .into_iter()
        .filter(|l| l.meter_id == meter_id)
        .collect())
}

/// Each plan's meters' usage, in plan and meter order: a whole cycle from its cycle cell, any
/// other range (a cycle cut short by the subscription's end, an explicit range) the long way.
fn usage_of(
    conn: &mut Conn,
    period: Period,
    plans: &[Plan<'_>],
    meter_cache: &HashMap<String, Meter>,
) -> Result<Vec<crate::metering::Cell>, AppError> {
    enum Slot {
        Cycle(usize),
        Range(usize),
    }
    let mut cycles: Vec<CycleRequest<'_>> = Vec::new();
    let mut ranges: Vec<Request<'_>> = Vec::new();
    let mut slots = Vec::new();
    for p in plans {
        let whole = match period {
            Period::CycleAt(at) => cycle_containing(p.sub.start_at, p.product.interval(), at)
                .filter(|(a, b)| *a == p.start && *b == p.end),
            Period::Range(..) => None,
        };
        for meter in p.meters.iter().filter_map(|m| meter_cache.get(&m.meter_id)) {
            match whole {
                Some((period_start, period_end)) => {
                    slots.push(Slot::Cycle(cycles.len()));
                    cycles.push(CycleRequest {
                        meter,
                        customer_id: p.sub.customer_id.as_str(),
                        anchor: p.sub.start_at,
                        interval: p.product.interval(),
                        period_start,
                        period_end,
                    });
                }
                None => {
                    slots.push(Slot::Range(ranges.len()));
                    ranges.push(Request {
                        meter,
                        customer_id: Some(p.sub.customer_id.as_str()),
                        start: p.start,
                        end: p.end,
                    });
                }
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
            Slot::Cycle(i) => by_cycle[i],
            Slot::Range(i) => by_range[i],
        })
        .collect())
}

struct Plan<'a> {
    sub: &'a SubscriptionRow,
    product: &'a Product,
    meters: &'a [ProductMeterView],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

fn compute(conn: &mut Conn, period: Period, subs: &[SubscriptionRow]) -> Result<Vec<Line>, AppError> {
    // The page's products, their lines and meters: two statements whatever the page holds.
    let mut product_ids: Vec<String> = subs.iter().map(|s| s.product_id.clone()).collect();
    product_ids.sort();
    product_ids.dedup();
    let mut product_cache: HashMap<String, (Product, Vec<ProductMeterView>)> =
        products::repo::find_many(conn, &product_ids)?
            .into_iter()
            .map(|p| (p.id.clone(), (p, Vec::new())))
            .collect();
    let mut meter_cache: HashMap<String, Meter> = HashMap::new();
    for (product_id, line, row) in products::repo::priced_meters_many(conn, &product_ids)? {
        if !meter_cache.contains_key(&line.meter_id) {
            meter_cache.insert(
                line.meter_id.clone(),
                Meter::from_row(row).map_err(AppError::internal)?,
            );
        }
        if let Some((_, lines)) = product_cache.get_mut(&product_id) {
            lines.push(line);
        }
    }
    let mut plans = Vec::new();
    for s in subs {
        let Some((product, pm)) = product_cache.get(&s.product_id) else {
            continue;
        };
        let (start, end) = match period {
            Period::CycleAt(at) => match cycle_containing(s.start_at, product.interval(), at) {
                Some((a, b)) => (a, s.end_at.map_or(b, |e| e.min(b))),
                None => continue,
            },
            Period::Range(a, b) => (a.max(s.start_at), s.end_at.map_or(b, |e| e.min(b))),
        };
        plans.push(Plan {
            sub: s,
            product,
            meters: pm,
            start,
            end,
        });
    }
    let cells = usage_of(conn, period, &plans, &meter_cache)?;
    let mut cells = cells.into_iter();
    let mut out = Vec::new();
    for p in &plans {
        let currency = p.product.currency();
        let (period_start, period_end) = match period {
            Period::CycleAt(at) => {
                cycle_containing(p.sub.start_at, p.product.interval(), at).unwrap_or((p.start, p.end))
            }
            Period::Range(..) => (p.start, p.end),
        };
        let first = out.len();
        let mut total = Decimal::ZERO;
        for pm in p.meters {
            let Some(meter) = meter_cache.get(&pm.meter_id) else {
                continue;
            };
            let cell = cells.next().unwrap_or_default();
            let consumed = cell.quantity(meter.aggregation.kind());
            let charge = line_charge(consumed, pm.free_threshold, pm.price_per_unit, currency)
                .map_err(|e| AppError::internal(format!("charge for {} / {}: {e}", p.sub.id, pm.meter_id)))?;
            total = total
                .checked_add(charge.charge)
                .ok_or_else(|| AppError::internal("total overflows"))?;
            out.push(Line {
                customer_id: p.sub.customer_id.clone(),
                customer_email: p.sub.customer_email.clone(),
                customer_name: p.sub.customer_name.clone(),
                subscription_id: p.sub.id.clone(),
                product_name: p.product.name.clone(),
                currency,
                period_start,
                period_end,
                meter_id: pm.meter_id.clone(),
                meter_name: pm.meter_name.clone(),
                unit: pm.unit.clone(),
                free_threshold: pm.free_threshold,
                price_per_unit: pm.price_per_unit,
                last_event_at: cell.latest,
                consumed,
                chargeable: charge.chargeable,
                charge: charge.charge,
                total: Decimal::ZERO,
            });
        }
        for line in &mut out[first..] {
            line.total = total;
        }
    }
    Ok(out)
}
