//! A subscription's billing cycle: what each of its product's meters consumed, what is free,
//! what is charged — `max(0, usage − free threshold) × price`, rounded once per line.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::model::Subscription;
use super::repo;
use crate::db::Conn;
use crate::error::AppError;
use crate::metering::money::{LineCharge, line_charge};
use crate::metering::{Currency, cycle_containing, rfc3339};
use crate::meters::model::Meter;
use crate::meters::rollups;
use crate::products;

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

/// The cycle containing `at`. Usage is measured within the cycle only, and not after the
/// subscription's end.
pub fn cycle_usage(
    conn: &mut Conn,
    subscription_id: &str,
    at: DateTime<Utc>,
) -> Result<CycleUsage, AppError> {
    let (sub, product) = repo::find_with_product(conn, subscription_id)?
        .ok_or_else(|| AppError::not_found(format!("No subscription with the id {subscription_id}.")))?;
    let (start, end) = cycle_containing(sub.start_at, product.interval(), at).ok_or_else(|| {
        AppError::validation(
            "at",
            format!(
                "{} is before the subscription starts ({})",
                rfc3339(at),
                rfc3339(sub.start_at)
            ),
        )
    })?;
    let measured_until = sub.end_at.map_or(end, |e| e.min(end));
    let currency = product.currency();
    let (priced, meters): (Vec<_>, Vec<_>) = products::repo::priced_meters(conn, &product.id)?
        .into_iter()
        .unzip();
    let meters = meters
        .into_iter()
        .map(|row| Meter::from_row(row).map_err(AppError::internal))
        .collect::<Result<Vec<_>, _>>()?;
    // A whole cycle is one cycle cell per meter; one cut short by the subscription's end is
    // read the long way.
    let cells = if measured_until == end {
        let requests: Vec<rollups::CycleRequest<'_>> = meters
            .iter()
            .map(|meter| rollups::CycleRequest {
                meter,
                customer_id: &sub.customer_id,
                anchor: sub.start_at,
                interval: product.interval(),
                period_start: start,
                period_end: end,
            })
            .collect();
        rollups::cycle_usage_many(conn, &requests)?
    } else {
        let requests: Vec<rollups::Request<'_>> = meters
            .iter()
            .map(|meter| rollups::Request {
                meter,
                customer_id: Some(&sub.customer_id),
                start,
                end: measured_until,
            })
            .collect();
        rollups::usage_many(conn, &requests)?
    };
    let mut lines = Vec::new();
    let mut total = Decimal::ZERO;
    for ((pm, meter), cell) in priced.into_iter().zip(&meters).zip(cells) {
        let consumed = cell.quantity(meter.aggregation.kind());
        let charge = line_charge(consumed, pm.free_threshold, pm.price_per_unit, currency)
            .map_err(|e| AppError::internal(format!("charge for meter {}: {e}", pm.meter_id)))?;
        total = total
            .checked_add(charge.charge)
            .ok_or_else(|| AppError::internal("total overflows a decimal"))?;
        lines.push(Line {
            meter_id: pm.meter_id,
            meter_name: pm.meter_name,
            unit: pm.unit,
            charge,
        });
    }
    Ok(CycleUsage {
        subscription: sub,
        period_start: start,
        period_end: end,
        currency,
        lines,
        total,
    })
}
