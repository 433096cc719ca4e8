//! Closing cycles into statements, and the adjustments of cycles closed earlier.

use chrono::{DateTime, Utc};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use rust_decimal::Decimal;

use super::model::{ADJUSTMENT, Statement, StatementLine, USAGE};
use super::repo;
use crate::billing::{Price, price_line};
use crate::charges::{Bill, ProductLines, load_products, price_bills};
use crate::db::Conn;
use crate::error::AppError;
use crate::ids::new_id;
use crate::metering::{Interval, cycle_number, nth_cycle_start};
use crate::subscriptions;
use crate::subscriptions::model::Subscription;

/// How many times one cycle's close is tried again after another process closed it under
/// the same snapshot (the retry sees that statement and stops).
const RETRIES: usize = 3;

/// A closed cycle's change since it was billed, for one meter: what the next statement
/// carries (or, on a statement, what it carried).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjustment {
    pub subscription_id: String,
    pub meter_id: String,
    pub meter_name: String,
    pub unit: String,
    pub for_period_start: DateTime<Utc>,
    pub for_period_end: DateTime<Utc>,
    pub consumed_delta: Decimal,
    pub charge_delta: Decimal,
}

/// The `n`th cycle of the subscription (0 first) as billed: its end is the subscription's
/// end when that comes first. `None` when the subscription ended before it starts.
pub fn nth_period(sub: &Subscription, interval: Interval, n: u32) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let start = nth_cycle_start(sub.start_at, interval, n)?;
    let end = nth_cycle_start(sub.start_at, interval, n.checked_add(1)?)?;
    match sub.end_at {
        Some(e) if e <= start => None,
        Some(e) => Some((start, e.min(end))),
        None => Some((start, end)),
    }
}

/// The first cycle not closed yet, given the start of the last closed one.
fn next_period(
    sub: &Subscription,
    interval: Interval,
    last_closed: Option<DateTime<Utc>>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let n = match last_closed {
        Some(p) => cycle_number(sub.start_at, interval, p)?.checked_add(1)?,
        None => 0,
    };
    nth_period(sub, interval, n)
}

/// Closes every cycle of every subscription that ended at or before `until`, oldest first per
/// subscription. Returns the statements made by this call (cycles closed by another process
/// meanwhile are not among them).
pub fn close_until(conn: &mut Conn, until: DateTime<Utc>) -> Result<Vec<Statement>, AppError> {
    let mut made = Vec::new();
    for (sub, interval, last) in repo::closing_candidates(conn, until)? {
        let Some(interval) = Interval::parse(&interval) else {
            continue;
        };
        if next_period(&sub, interval, last).is_none_or(|(_, end)| end > until) {
            continue;
        }
        made.extend(close_subscription(conn, &sub.id, until)?);
    }
    Ok(made)
}

/// Closes the subscription's cycles that ended at or before `until`, one transaction each.
pub fn close_subscription(
    conn: &mut Conn,
    subscription_id: &str,
    until: DateTime<Utc>,
) -> Result<Vec<Statement>, AppError> {
    let mut made = Vec::new();
    let mut raced = 0;
    loop {
        match close_next(conn, subscription_id, until) {
            Ok(Some(st)) => made.push(st),
            Ok(None) => return Ok(made),
            Err(CloseError::Raced) if raced < RETRIES => raced += 1,
            Err(CloseError::Raced) => return Ok(made),
            Err(CloseError::App(e)) => return Err(e),
        }
    }
}

enum CloseError {
    /// Another process inserted this cycle's statement after our snapshot was taken.
    Raced,
    App(AppError),
}

impl From<DieselError> for CloseError {
    fn from(e: DieselError) -> Self {
        match e {
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)
            | DieselError::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => CloseError::Raced,
            other => CloseError::App(other.into()),
        }
    }
}

impl From<AppError> for CloseError {
    fn from(e: AppError) -> Self {
        CloseError::App(e)
    }
}

/// Closes the oldest unclosed cycle of the subscription if it ended at or before `until`, in
/// one repeatable-read transaction (every figure from one snapshot) holding the
/// subscription's lock.
fn close_next(
    conn: &mut Conn,
    subscription_id: &str,
    until: DateTime<Utc>,
) -> Result<Option<Statement>, CloseError> {
    conn.build_transaction().repeatable_read().run(|c| {
        repo::lock_subscription(c, subscription_id)?;
        let Some((sub, product)) = subscriptions::repo::find_with_product(c, subscription_id)? else {
            return Ok(None);
        };
        let interval = product.interval();
        let last = repo::last_closed_start(c, subscription_id)?;
        let Some((start, end)) = next_period(&sub, interval, last) else {
            return Ok(None);
        };
        if end > until {
            return Ok(None);
        }
        let products = load_products(c, std::slice::from_ref(&product.id))?;
        let Some(lines) = products.get(&product.id) else {
            return Ok(None);
        };
        let statement = build(c, &sub, lines, start, end)?;
        repo::insert(c, &statement.0, &statement.1)?;
        Ok(Some(statement.0))
    })
}

/// The statement of `[start, end)`: its usage lines priced live, then the adjustments of the
/// cycles closed before it.
fn build(
    conn: &mut Conn,
    sub: &Subscription,
    product: &ProductLines,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<(Statement, Vec<StatementLine>), AppError> {
    let id = new_id("st");
    let bill = Bill {
        customer_id: &sub.customer_id,
        anchor: sub.start_at,
        product,
        start,
        end,
    };
    let priced = price_bills(conn, &[bill])?
        .pop()
        .ok_or_else(|| AppError::internal("pricing one bill returned none"))?;
    let currency = priced.currency;
    let mut total = priced.total;
    let mut lines = Vec::new();
    for l in priced.lines {
        lines.push(StatementLine {
            statement_id: id.clone(),
            position: lines.len() as i32,
            kind: USAGE.into(),
            meter_id: l.meter_id,
            meter_name: l.meter_name,
            unit: l.unit,
            quantity: l.priced.consumed,
            amount: l.priced.charge,
            free_threshold: Some(l.priced.free_threshold),
            chargeable: Some(l.priced.chargeable),
            price: Some(l.price.to_json_in(currency)),
            for_period_start: None,
            for_period_end: None,
        });
    }
    for a in pending_adjustments(conn, sub, product)? {
        total = total
            .checked_add(a.charge_delta)
            .ok_or_else(|| AppError::internal("a statement's total overflows a decimal"))?;
        lines.push(StatementLine {
            statement_id: id.clone(),
            position: lines.len() as i32,
            kind: ADJUSTMENT.into(),
            meter_id: a.meter_id,
            meter_name: a.meter_name,
            unit: a.unit,
            quantity: a.consumed_delta,
            amount: a.charge_delta,
            free_threshold: None,
            chargeable: None,
            price: None,
            for_period_start: Some(a.for_period_start),
            for_period_end: Some(a.for_period_end),
        });
    }
    // Stored to the microsecond, as PostgreSQL keeps it.
    let now = Utc::now();
    let closed_at = DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now);
    let statement = Statement {
        id,
        subscription_id: sub.id.clone(),
        customer_id: sub.customer_id.clone(),
        product_id: sub.product_id.clone(),
        period_start: start,
        period_end: end,
        closed_at,
        currency: currency.code.to_string(),
        total,
    };
    Ok((statement, lines))
}

/// For every closed cycle of the subscription and each of its product's meters: the live
/// (consumed, charge) minus what has been billed for it so far; the non-zero ones, oldest
/// cycle first, in line order. Read in one snapshot when called inside a transaction.
fn pending_adjustments(
    conn: &mut Conn,
    sub: &Subscription,
    product: &ProductLines,
) -> Result<Vec<Adjustment>, AppError> {
    let closed = repo::closed_periods(conn, &sub.id)?;
    if closed.is_empty() {
        return Ok(Vec::new());
    }
    let billed = repo::billed(conn, &sub.id)?;
    let bills: Vec<Bill<'_>> = closed
        .iter()
        .map(|&(start, end)| Bill {
            customer_id: &sub.customer_id,
            anchor: sub.start_at,
            product,
            start,
            end,
        })
        .collect();
    let priced = price_bills(conn, &bills)?;
    let mut out = Vec::new();
    for (&(start, end), bill) in closed.iter().zip(priced) {
        for l in bill.lines {
            let so_far = billed
                .get(&(start, l.meter_id.clone()))
                .cloned()
                .unwrap_or_default();
            // Late usage is charged on the terms the cycle was billed on: a price changed
            // since applies to cycles still open, never to a closed one.
            let charge_now = match &so_far.terms {
                Some((price, free)) => {
                    let price = Price::from_json(price).map_err(|e| {
                        AppError::internal(format!("a statement's frozen price does not read back: {e}"))
                    })?;
                    price_line(&price, *free, l.priced.consumed, bill.currency)
                        .map_err(|e| AppError::internal(format!("re-pricing a closed cycle: {e}")))?
                        .charge
                }
                None => l.priced.charge,
            };
            let consumed_delta = l.priced.consumed - so_far.consumed;
            let charge_delta = charge_now - so_far.charge;
            if consumed_delta.is_zero() && charge_delta.is_zero() {
                continue;
            }
            out.push(Adjustment {
                subscription_id: sub.id.clone(),
                meter_id: l.meter_id,
                meter_name: l.meter_name,
                unit: l.unit,
                for_period_start: start,
                for_period_end: end,
                consumed_delta,
                charge_delta,
            });
        }
    }
    Ok(out)
}

/// What the next statement of a subscription will carry for its closed cycles (the late-usage
/// view), read in one snapshot.
pub fn pending_adjustments_of(conn: &mut Conn, subscription_id: &str) -> Result<Vec<Adjustment>, AppError> {
    crate::meters::rollups::in_snapshot(conn, |c| {
        let Some((sub, product)) = subscriptions::repo::find_with_product(c, subscription_id)? else {
            return Ok(Vec::new());
        };
        let products = load_products(c, std::slice::from_ref(&product.id))?;
        match products.get(&product.id) {
            Some(lines) => pending_adjustments(c, &sub, lines),
            None => Ok(Vec::new()),
        }
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn t(y: i32, mo: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, 0, 0, 0).unwrap()
    }

    fn sub(end: Option<DateTime<Utc>>) -> Subscription {
        Subscription {
            id: "sub_1".into(),
            customer_id: "c".into(),
            product_id: "p".into(),
            start_at: t(2026, 1, 31),
            end_at: end,
            created_at: t(2026, 1, 1),
        }
    }

    #[test]
    fn periods_follow_the_anchor_and_stop_at_the_end() {
        let open = sub(None);
        assert_eq!(
            next_period(&open, Interval::Monthly, None),
            Some((t(2026, 1, 31), t(2026, 2, 28)))
        );
        assert_eq!(
            next_period(&open, Interval::Monthly, Some(t(2026, 1, 31))),
            Some((t(2026, 2, 28), t(2026, 3, 31)))
        );
        assert_eq!(
            next_period(&open, Interval::Monthly, Some(t(2026, 2, 28))),
            Some((t(2026, 3, 31), t(2026, 4, 30)))
        );
        let ended = sub(Some(t(2026, 3, 10)));
        assert_eq!(
            nth_period(&ended, Interval::Monthly, 1),
            Some((t(2026, 2, 28), t(2026, 3, 10)))
        );
        assert_eq!(nth_period(&ended, Interval::Monthly, 2), None);
        let at_boundary = sub(Some(t(2026, 2, 28)));
        assert_eq!(nth_period(&at_boundary, Interval::Monthly, 1), None);
    }
}
