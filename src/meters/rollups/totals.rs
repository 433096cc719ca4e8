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

/// Merges hourly cells into their rows (the roller's, or a recount's), in the order given
/// (sorted by key, see [`repo::merge`]); the day grains follow through [`DayTotals`]. Keys are
/// borrowed: a roll of sparse events writes about one hourly cell per event and meter.
pub fn write_hourly(conn: &mut Conn, hourly: &[(repo::KeyRef<'_>, Cell)]) -> Result<(), AppError> {
    let hourly: Vec<_> = hourly.iter().map(|(k, c)| (*k, c)).collect();
    // Per-customer rows: not striped (the stripe applies to the meters' days and hours only).
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

/// Merges `cell` into `map`'s entry for `key`.
fn merge_into<K: Ord>(map: &mut BTreeMap<K, Cell>, key: K, cell: &Cell) -> Result<(), AppError> {
    let d = map.entry(key).or_default();
    *d = d.merge(cell).map_err(|_| overflow())?;
    Ok(())
}

/// An owned key.
fn owned(meter_id: &str, customer_id: Option<&str>, bucket: DateTime<Utc>) -> repo::CellKey {
    repo::CellKey {
        meter_id: meter_id.to_owned(),
        customer_id: customer_id.map(str::to_owned),
        bucket,
    }
}

/// A map's cells with their keys borrowed, in key order.
fn cells(map: &BTreeMap<repo::CellKey, Cell>) -> Vec<(repo::KeyRef<'_>, &Cell)> {
    map.iter().map(|(k, c)| (k.as_ref(), c)).collect()
}

impl DayTotals {
    /// Adds hourly cells (as stored) to their days, per customer and for the meter, and to the
    /// meter's hours. Sorted by key, a customer's hours of one day come one after the other:
    /// they are summed as a run and their day is looked up once per run, not once per cell
    /// (owned keys and ordered maps per cell were a seventh of the server's CPU under B1).
    pub fn add_cells(&mut self, hourly: &[(repo::KeyRef<'_>, Cell)]) -> Result<(), AppError> {
        let mut meter_hours: BTreeMap<(&str, DateTime<Utc>), Cell> = BTreeMap::new();
        let mut run: Option<(repo::KeyRef<'_>, Cell)> = None;
        for (key, cell) in hourly {
            merge_into(&mut meter_hours, (key.meter_id, key.bucket), cell)?;
            let day = repo::KeyRef {
                bucket: day_of(key.bucket),
                ..*key
            };
            match &mut run {
                Some((k, sum)) if *k == day => *sum = sum.merge(cell).map_err(|_| overflow())?,
                _ => {
                    if let Some((k, sum)) = run.replace((day, *cell)) {
                        self.add_day(k, &sum)?;
                    }
                }
            }
        }
        if let Some((k, sum)) = run {
            self.add_day(k, &sum)?;
        }
        for ((meter_id, hour), cell) in meter_hours {
            merge_into(&mut self.meter_hours, owned(meter_id, None, hour), &cell)?;
        }
        Ok(())
    }

    /// Adds one customer's cells of a day to the day, for the customer and for the meter.
    fn add_day(&mut self, key: repo::KeyRef<'_>, cell: &Cell) -> Result<(), AppError> {
        merge_into(
            &mut self.daily,
            owned(key.meter_id, key.customer_id, key.bucket),
            cell,
        )?;
        merge_into(&mut self.meter_days, owned(key.meter_id, None, key.bucket), cell)
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
        repo::merge(conn, Grain::Day, &cells(&self.daily), stripe)?;
        let mut months: Vec<(String, DateTime<Utc>)> = self
            .meter_days
            .keys()
            .map(|k| (k.meter_id.clone(), super::month_of(k.bucket)))
            .collect();
        months.dedup();
        repo::merge(conn, Grain::MeterDay, &cells(&self.meter_days), stripe)?;
        repo::merge(conn, Grain::MeterHour, &cells(&self.meter_hours), stripe)?;
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
