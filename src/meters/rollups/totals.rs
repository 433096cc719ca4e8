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

/// Merges the hourly cells of dense days into their rows (the roller's), in the order given
/// (sorted by key, see [`repo::merge`]); the cells of sparse days are not kept (see
/// [`repo::DENSE_DAY`]). Days that turned dense with these cells get their hourly rows counted
/// from the stored events first (the roll's own events are still queued, so not among them).
/// Keys are borrowed: a roll of sparse events holds about one hourly cell per event and meter.
pub fn write_hourly(
    conn: &mut Conn,
    meters: &[crate::meters::model::Meter],
    hourly: &[(repo::KeyRef<'_>, Cell)],
    dense: &Dense,
) -> Result<(), AppError> {
    for meter in meters {
        let turned: Vec<(String, DateTime<Utc>)> = dense
            .turned
            .iter()
            .filter(|d| d.0 == meter.row.id)
            .map(|d| (d.1.clone(), d.2))
            .collect();
        repo::recount_days(conn, meter, &turned)?;
    }
    let kept: Vec<_> = hourly
        .iter()
        .filter(|(k, _)| dense.holds(k))
        .map(|(k, c)| (*k, c))
        .collect();
    // Per-customer rows: not striped (the stripe applies to the meters' days and hours only).
    repo::merge(conn, Grain::Hour, &kept, 0)?;
    Ok(())
}

/// The (meter, customer, UTC day)s of a roll that are dense after it ([`repo::DENSE_DAY`]),
/// sorted, and among them those that turned dense with it.
#[derive(Debug, Default)]
pub struct Dense {
    days: Vec<(String, String, DateTime<Utc>)>,
    turned: Vec<(String, String, DateTime<Utc>)>,
}

impl Dense {
    /// Whether an hourly cell's day is dense.
    fn holds(&self, key: &repo::KeyRef<'_>) -> bool {
        let day = (key.meter_id, key.customer_id.unwrap_or(""), day_of(key.bucket));
        self.days
            .binary_search_by(|d| (d.0.as_str(), d.1.as_str(), d.2).cmp(&day))
            .is_ok()
    }
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

    /// Writes everything summed so far, in one stripe. Returns the customers' days that are
    /// dense now (see [`write_hourly`]).
    pub fn write(self, conn: &mut Conn, stripe: i16) -> Result<Dense, AppError> {
        let mut dense = Dense::default();
        for d in repo::merge_days(conn, &cells(&self.daily))? {
            let key = owned(&d.meter_id, Some(&d.customer_id), d.day);
            let rolled = self.daily.get(&key).map_or(0, |c| c.count);
            let day = (d.meter_id, d.customer_id, d.day);
            if d.event_count - rolled < repo::DENSE_DAY {
                dense.turned.push(day.clone());
            }
            dense.days.push(day);
        }
        dense.days.sort();
        dense.turned.sort();
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
        Ok(dense)
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
