//! Writing cells into the rollups: the hourly grain, and the day grains and activity counters
//! summed in memory first (the roller's and a recount's), and taking counted events out of the
//! activity counters again (an upload's rollback).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::repo::{self, Grain};
use super::{day_of, overflow};
use crate::db::Conn;
use crate::error::AppError;
use crate::metering::Cell;

/// Merges hourly cells into their rows (the roller's, or a recount's). Keys come sorted
/// (BTreeMap); the day grains follow through [`DayTotals`]. The cells are passed by reference:
/// copying every key first took about 4 % of the server's CPU samples under B1 (a roll of
/// sparse events writes about one hourly cell per event and meter).
pub fn write_hourly(conn: &mut Conn, hourly: &BTreeMap<repo::CellKey, Cell>) -> Result<(), AppError> {
    let hourly: Vec<_> = hourly.iter().collect();
    // Per-customer rows: not striped (the stripe applies to meter days only).
    repo::merge(conn, Grain::Hour, &hourly, 0)?;
    Ok(())
}

/// The day-grain rollups, the meters' hours and the activity counters of the events one roll
/// folds in, summed in memory and written once. Bounded by meters × customers × days (and
/// meters × hours), not by the number of events.
#[derive(Debug, Default)]
pub struct DayTotals {
    daily: BTreeMap<repo::CellKey, Cell>,
    meter_days: BTreeMap<repo::CellKey, Cell>,
    meter_hours: BTreeMap<repo::CellKey, Cell>,
    days: BTreeMap<DateTime<Utc>, i64>,
    customers: BTreeMap<String, (i64, DateTime<Utc>, DateTime<Utc>)>,
}

impl DayTotals {
    /// Adds hourly cells (as stored) to their days, per customer and for the meter, and to the
    /// meter's hours.
    pub fn add_cells(&mut self, hourly: &BTreeMap<repo::CellKey, Cell>) -> Result<(), AppError> {
        for (key, cell) in hourly {
            let k = repo::CellKey {
                meter_id: key.meter_id.clone(),
                customer_id: None,
                bucket: key.bucket,
            };
            let h = self.meter_hours.entry(k).or_default();
            *h = h.merge(cell).map_err(|_| overflow())?;
            let day = day_of(key.bucket);
            for customer_id in [key.customer_id.clone(), None] {
                let map = if customer_id.is_some() {
                    &mut self.daily
                } else {
                    &mut self.meter_days
                };
                let k = repo::CellKey {
                    meter_id: key.meter_id.clone(),
                    customer_id,
                    bucket: day,
                };
                let d = map.entry(k).or_default();
                *d = d.merge(cell).map_err(|_| overflow())?;
            }
        }
        Ok(())
    }

    /// Counts stored events (`sign` 1) or removed ones (-1) per day and per customer.
    pub fn add_events(&mut self, events: &[(&str, DateTime<Utc>)], sign: i64) {
        for (customer, ts) in events {
            *self.days.entry(day_of(*ts)).or_default() += sign;
            let c = self
                .customers
                .entry(customer.to_string())
                .or_insert((0, *ts, *ts));
            c.0 += sign;
            c.1 = c.1.min(*ts);
            c.2 = c.2.max(*ts);
        }
    }

    /// Writes everything summed so far, in one stripe.
    pub fn write(self, conn: &mut Conn, stripe: i16) -> Result<(), AppError> {
        repo::merge(conn, Grain::Day, &self.daily.iter().collect::<Vec<_>>(), stripe)?;
        let mut months: Vec<(String, DateTime<Utc>)> = self
            .meter_days
            .keys()
            .map(|k| (k.meter_id.clone(), super::month_of(k.bucket)))
            .collect();
        months.dedup();
        repo::merge(
            conn,
            Grain::MeterDay,
            &self.meter_days.iter().collect::<Vec<_>>(),
            stripe,
        )?;
        repo::merge(
            conn,
            Grain::MeterHour,
            &self.meter_hours.iter().collect::<Vec<_>>(),
            stripe,
        )?;
        repo::months::refresh(conn, &months)?;
        let days: Vec<_> = self.days.into_iter().collect();
        let customers: Vec<_> = self
            .customers
            .into_iter()
            .map(|(c, (n, first, last))| (c, n, first, last))
            .collect();
        repo::add_activity(conn, &days, &customers, stripe)?;
        Ok(())
    }
}

/// Takes counted events out of the activity counters (an upload's rollback): per (customer,
/// hour, events). First and last event times stay as they were.
pub fn remove_activity(conn: &mut Conn, removed: &[(String, DateTime<Utc>, i64)]) -> Result<(), AppError> {
    let mut days: BTreeMap<DateTime<Utc>, i64> = BTreeMap::new();
    let mut customers: BTreeMap<String, (i64, DateTime<Utc>, DateTime<Utc>)> = BTreeMap::new();
    // LEAST / GREATEST with these keep each customer's first and last event times as they are.
    let (far_future, far_past) = (
        DateTime::<Utc>::from_timestamp(253_402_214_400, 0).unwrap_or_default(),
        DateTime::<Utc>::from_timestamp(-62_135_596_800, 0).unwrap_or_default(),
    );
    for (customer, hour, n) in removed {
        *days.entry(day_of(*hour)).or_default() -= n;
        let c = customers
            .entry(customer.clone())
            .or_insert((0, far_future, far_past));
        c.0 -= n;
    }
    let days: Vec<_> = days.into_iter().collect();
    let customers: Vec<_> = customers.into_iter().map(|(c, (n, f, l))| (c, n, f, l)).collect();
    repo::add_activity(conn, &days, &customers, 0)?;
    Ok(())
}
