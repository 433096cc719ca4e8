//! A subscription's billing cycles: what each of its product's meters consumed, what is free,
//! what is charged — `max(0, usage − free threshold) × price`, rounded once per line.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::model::Subscription;
use super::repo;
use crate::db::Conn;
use crate::error::AppError;
use crate::metering::money::{LineCharge, line_charge};
use crate::metering::{Currency, cycle_containing, cycle_number, nth_cycle_start, rfc3339};
use crate::meters::model::Meter;
use crate::meters::rollups;
use crate::products;
use crate::products::model::{Product, ProductMeterView};

#[derive(Debug, Clone)]
pub struct Line {
    pub meter_id: String,
    pub meter_name: String,
    pub unit: String,
    pub charge: LineCharge,
}

#[derive(Debug, Clone)]
pub struct CycleUsage {
    pub subscription: Subscription,
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
    pub currency: Currency,
    pub lines: Vec<Line>,
    pub total: Decimal,
}

/// A subscription with its product and the product's priced meters.
struct Billed {
    sub: Subscription,
    product: Product,
    lines: Vec<(ProductMeterView, Meter)>,
}

fn billed(conn: &mut Conn, subscription_id: &str) -> Result<Billed, AppError> {
    let (sub, product) = repo::find_with_product(conn, subscription_id)?
        .ok_or_else(|| AppError::not_found(format!("No subscription with the id {subscription_id}.")))?;
    let lines = products::repo::priced_meters(conn, &product.id)?
        .into_iter()
        .map(|(pm, row)| Ok((pm, Meter::from_row(row).map_err(AppError::internal)?)))
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(Billed { sub, product, lines })
}

/// The cycle containing `at`. Usage is measured within the cycle only, and not after the
/// subscription's end.
pub fn cycle_usage(
    conn: &mut Conn,
    subscription_id: &str,
    at: DateTime<Utc>,
) -> Result<CycleUsage, AppError> {
    let b = billed(conn, subscription_id)?;
    let cycle = cycle_containing(b.sub.start_at, b.product.interval(), at).ok_or_else(|| {
        AppError::validation(
            "at",
            format!(
                "{} is before the subscription starts ({})",
                rfc3339(at),
                rfc3339(b.sub.start_at)
            ),
        )
    })?;
    let mut usage = measure(conn, &b, &[cycle])?;
    usage
        .pop()
        .ok_or_else(|| AppError::internal("one cycle asked, none measured"))
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
/// of them after skipping `offset`, each with its usage. The second value says whether more
/// follow.
pub fn history(
    conn: &mut Conn,
    subscription_id: &str,
    q: &HistoryQuery,
    now: DateTime<Utc>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<CycleUsage>, bool), AppError> {
    let mut b = billed(conn, subscription_id)?;
    if let Some(id) = &q.meter_id {
        b.lines.retain(|(pm, _)| pm.meter_id == *id);
        if b.lines.is_empty() {
            return Err(AppError::validation(
                "meter_id",
                format!("meter {id} is not one of this subscription's product's meters"),
            ));
        }
    }
    let interval = b.product.interval();
    let last_instant = match b.sub.end_at {
        Some(end) if end <= now => end - chrono::Duration::microseconds(1),
        _ => now,
    };
    let mut cycles = Vec::new();
    let mut skipped = 0;
    let mut more = false;
    if let Some(last) = cycle_number(b.sub.start_at, interval, last_instant) {
        for n in (0..=last).rev() {
            let (Some(start), Some(end)) = (
                nth_cycle_start(b.sub.start_at, interval, n),
                nth_cycle_start(b.sub.start_at, interval, n + 1),
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
    Ok((measure(conn, &b, &cycles)?, more))
}

/// The usage of each cycle `[start, end)`, read together. A whole cycle is one cycle cell per
/// meter; one cut short by the subscription's end is read the long way.
fn measure(
    conn: &mut Conn,
    b: &Billed,
    cycles: &[(DateTime<Utc>, DateTime<Utc>)],
) -> Result<Vec<CycleUsage>, AppError> {
    let cut = |end: DateTime<Utc>| b.sub.end_at.filter(|e| *e < end);
    let mut whole = Vec::new();
    let mut partial = Vec::new();
    for &(start, end) in cycles {
        for (_, meter) in &b.lines {
            match cut(end) {
                None => whole.push(rollups::CycleRequest {
                    meter,
                    customer_id: &b.sub.customer_id,
                    anchor: b.sub.start_at,
                    interval: b.product.interval(),
                    period_start: start,
                    period_end: end,
                }),
                Some(until) => partial.push(rollups::Request {
                    meter,
                    customer_id: Some(&b.sub.customer_id),
                    start,
                    end: until.max(start),
                }),
            }
        }
    }
    let mut whole_cells = rollups::cycle_usage_many(conn, &whole)?.into_iter();
    let mut partial_cells = rollups::usage_many(conn, &partial)?.into_iter();
    let currency = b.product.currency();
    let mut out = Vec::with_capacity(cycles.len());
    for &(start, end) in cycles {
        let mut lines = Vec::new();
        let mut total = Decimal::ZERO;
        for (pm, meter) in &b.lines {
            let cell = match cut(end) {
                None => whole_cells.next(),
                Some(_) => partial_cells.next(),
            }
            .ok_or_else(|| AppError::internal("fewer usage cells than asked"))?;
            let consumed = cell.quantity(meter.aggregation.kind());
            let charge = line_charge(consumed, pm.free_threshold, pm.price_per_unit, currency)
                .map_err(|e| AppError::internal(format!("charge for meter {}: {e}", pm.meter_id)))?;
            total = total
                .checked_add(charge.charge)
                .ok_or_else(|| AppError::internal("total overflows a decimal"))?;
            lines.push(Line {
                meter_id: pm.meter_id.clone(),
                meter_name: pm.meter_name.clone(),
                unit: pm.unit.clone(),
                charge,
            });
        }
        out.push(CycleUsage {
            subscription: b.sub.clone(),
            period_start: start,
            period_end: end,
            currency,
            lines,
            total,
        });
    }
    Ok(out)
}
