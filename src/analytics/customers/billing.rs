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
use crate::meters::rollups::{self, Request};
use crate::products::model::{Product, ProductMeterView};
use crate::{meters, products};

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

struct Plan<'a> {
    sub: &'a SubscriptionRow,
    product: &'a Product,
    meters: &'a [ProductMeterView],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

fn compute(conn: &mut Conn, period: Period, subs: &[SubscriptionRow]) -> Result<Vec<Line>, AppError> {
    let mut product_cache: HashMap<String, (Product, Vec<ProductMeterView>)> = HashMap::new();
    let mut meter_cache: HashMap<String, Meter> = HashMap::new();
    for s in subs {
        if !product_cache.contains_key(&s.product_id) {
            let p = products::repo::find(conn, &s.product_id)?
                .ok_or_else(|| AppError::internal(format!("subscription {} has no product", s.id)))?;
            let pm = products::repo::meters_of(conn, &p.id)?;
            for m in &pm {
                if !meter_cache.contains_key(&m.meter_id) {
                    meter_cache.insert(m.meter_id.clone(), meters::service::get(conn, &m.meter_id)?);
                }
            }
            product_cache.insert(s.product_id.clone(), (p, pm));
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
    let requests: Vec<Request<'_>> = plans
        .iter()
        .flat_map(|p| {
            p.meters
                .iter()
                .filter_map(|m| meter_cache.get(&m.meter_id))
                .map(|meter| Request {
                    meter,
                    customer_id: Some(p.sub.customer_id.as_str()),
                    start: p.start,
                    end: p.end,
                })
        })
        .collect();
    let mut cells = rollups::usage_many(conn, &requests)?.into_iter();
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
