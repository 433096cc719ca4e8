//! The change preview: before an edited filter or aggregation is saved, this month's
//! quantity per customer now and after the change.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::model::{Meter, ValidMeter};
use super::rollups::{self, Request};
use crate::db::Conn;
use crate::error::AppError;
use crate::metering::Filter;

/// Customers shown at most.
pub const MAX_CUSTOMERS: i64 = 200;

#[derive(Debug, Clone)]
pub struct PreviewRow {
    pub customer_id: String,
    pub now: Decimal,
    pub after: Decimal,
}

impl PreviewRow {
    pub fn changed(&self) -> bool {
        self.now != self.after
    }
}

/// The meter as it would be saved (same id; unsaved definition).
pub fn proposed(current: &Meter, m: &ValidMeter) -> Meter {
    let mut row = current.row.clone();
    row.event_name = m.definition.event_name.clone();
    row.aggregation = m.definition.aggregation.kind().as_str().to_string();
    row.aggregation_key = m.definition.aggregation.key().map(str::to_string);
    row.filter = m.definition.filter.as_ref().map(Filter::to_json);
    row.unit = m.unit.clone();
    Meter {
        row,
        aggregation: m.definition.aggregation.clone(),
        filter: m.definition.filter.clone(),
    }
}

pub fn preview(
    conn: &mut Conn,
    current: &Meter,
    after: &Meter,
    period: (DateTime<Utc>, DateTime<Utc>),
) -> Result<Vec<PreviewRow>, AppError> {
    rollups::in_snapshot(conn, |conn| preview_in(conn, current, after, period))
}

fn preview_in(
    conn: &mut Conn,
    current: &Meter,
    after: &Meter,
    period: (DateTime<Utc>, DateTime<Utc>),
) -> Result<Vec<PreviewRow>, AppError> {
    let (from, to) = period;
    let mut customers = rollups::repo::customers_with_usage(conn, &current.row.id, from, to, MAX_CUSTOMERS)?;
    // And those whose counted events the roller has not taken yet (not in the rollups). Past the
    // held tail's limit, only the rollups' customers are listed. A meter not saved yet (no id)
    // has counted nothing: "now" is zero for everyone.
    let tail = if current.row.id.is_empty() {
        None
    } else {
        rollups::tail_memory::Tail::read(conn)?
    };
    if let Some(tail) = tail {
        tail.each(current, |e, _| {
            if e.ts >= from && e.ts < to {
                customers.push(e.customer_id.clone());
            }
            Ok(())
        })?;
        customers.sort();
        customers.dedup();
        customers.truncate(MAX_CUSTOMERS as usize);
    }
    let requests: Vec<Request<'_>> = customers
        .iter()
        .map(|c| Request {
            meter: current,
            customer_id: Some(c.as_str()),
            start: from,
            end: to,
        })
        .collect();
    let now_cells = rollups::usage_many(conn, &requests)?;
    let mut rows: BTreeMap<String, PreviewRow> = BTreeMap::new();
    for (c, cell) in customers.iter().zip(now_cells) {
        rows.insert(
            c.clone(),
            PreviewRow {
                customer_id: c.clone(),
                now: cell.quantity(current.aggregation.kind()),
                after: Decimal::ZERO,
            },
        );
    }
    for t in rollups::repo::raw_totals(conn, after, from, to, MAX_CUSTOMERS)? {
        let q = t.quantity(after.aggregation.kind());
        rows.entry(t.customer_id.clone())
            .or_insert(PreviewRow {
                customer_id: t.customer_id,
                now: Decimal::ZERO,
                after: Decimal::ZERO,
            })
            .after = q;
    }
    Ok(rows.into_values().collect())
}
