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

/// Merges `cell` into a hash map's entry for `key`.
fn sum_into<K: std::hash::Hash + Eq>(
    map: &mut foldhash::HashMap<K, Cell>,
    key: K,
    cell: &Cell,
) -> Result<(), AppError> {
    let d = map.entry(key).or_default();
    *d = d.merge(cell).map_err(|_| overflow())?;
    Ok(())
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
    /// (owned keys and ordered maps per cell were a seventh of the server's CPU under B1). The
    /// runs come in key order, so into an empty total (a roll's meter) the customers' days go
    /// in one bulk build, without a search of the ordered map per day; the meter's days and
    /// hours are summed in hash maps of borrowed keys first (a few hundred keys, hit once per
    /// run or cell). Searching ordered maps with owned keys per run was a tenth of the server's
    /// samples in B1.
    pub fn add_cells(&mut self, hourly: &[(repo::KeyRef<'_>, Cell)]) -> Result<(), AppError> {
        let mut meter_hours: foldhash::HashMap<(&str, DateTime<Utc>), Cell> = foldhash::HashMap::default();
        let mut meter_days: foldhash::HashMap<(&str, DateTime<Utc>), Cell> = foldhash::HashMap::default();
        let mut days: Vec<(repo::KeyRef<'_>, Cell)> = Vec::new();
        for (key, cell) in hourly {
            sum_into(&mut meter_hours, (key.meter_id, key.bucket), cell)?;
            let day = repo::KeyRef {
                bucket: day_of(key.bucket),
                ..*key
            };
            match days.last_mut() {
                Some((k, sum)) if *k == day => *sum = sum.merge(cell).map_err(|_| overflow())?,
                _ => days.push((day, *cell)),
            }
        }
        for (key, cell) in &days {
            sum_into(&mut meter_days, (key.meter_id, key.bucket), cell)?;
        }
        let in_order = days.windows(2).all(|w| w[0].0 < w[1].0);
        if self.daily.is_empty() && in_order {
            self.daily = days
                .iter()
                .map(|(k, c)| (owned(k.meter_id, k.customer_id, k.bucket), *c))
                .collect();
        } else {
            for (k, c) in &days {
                merge_into(&mut self.daily, owned(k.meter_id, k.customer_id, k.bucket), c)?;
            }
        }
        for ((meter_id, day), cell) in meter_days {
            merge_into(&mut self.meter_days, owned(meter_id, None, day), &cell)?;
        }
        for ((meter_id, hour), cell) in meter_hours {
            merge_into(&mut self.meter_hours, owned(meter_id, None, hour), &cell)?;
        }
        Ok(())
    }

    /// Adds what `other` summed.
    pub fn absorb(&mut self, other: DayTotals) -> Result<(), AppError> {
        for (into, from) in [
            (&mut self.daily, other.daily),
            (&mut self.meter_days, other.meter_days),
            (&mut self.meter_hours, other.meter_hours),
        ] {
            let after = match (into.last_key_value(), from.first_key_value()) {
                (Some((last, _)), Some((first, _))) => first > last,
                _ => true,
            };
            if after {
                // Every key of `from` sorts after `into`'s (another meter's): moved, not merged.
                let mut from = from;
                into.append(&mut from);
                continue;
            }
            for (key, cell) in from {
                merge_into(into, key, &cell)?;
            }
        }
        for (day, n) in other.days {
            *self.days.entry(day).or_default() += n;
        }
        for (customer, (n, first, last)) in other.customers {
            let c = self.customers.entry(customer).or_insert((0, first, last));
            c.0 += n;
            c.1 = c.1.min(first);
            c.2 = c.2.max(last);
        }
        Ok(())
    }

    /// Counts stored events (`sign` 1) or removed ones (-1) per day and per customer. Summed
    /// per borrowed id first: a roll holds many events of few customers, and an owned id and
    /// an ordered map's search per event were 3.5 % of the server's samples in B1's roll.
    pub fn add_events(&mut self, events: &[(&str, DateTime<Utc>)], sign: i64) {
        let mut days: foldhash::HashMap<DateTime<Utc>, i64> = foldhash::HashMap::default();
        let mut customers: foldhash::HashMap<&str, (i64, DateTime<Utc>, DateTime<Utc>)> =
            foldhash::HashMap::default();
        for (customer, ts) in events {
            *days.entry(day_of(*ts)).or_default() += sign;
            let c = customers.entry(customer).or_insert((0, *ts, *ts));
            c.0 += sign;
            c.1 = c.1.min(*ts);
            c.2 = c.2.max(*ts);
        }
        for (day, n) in days {
            *self.days.entry(day).or_default() += n;
        }
        for (customer, (n, first, last)) in customers {
            let c = self
                .customers
                .entry(customer.to_string())
                .or_insert((0, first, last));
            c.0 += n;
            c.1 = c.1.min(first);
            c.2 = c.2.max(last);
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

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn cell(events: i64) -> Cell {
        let mut c = Cell::default();
        for seq in 0..events {
            c.add(Utc.timestamp_opt(0, 0).unwrap(), seq, None).unwrap();
        }
        c
    }

    fn key<'a>(meter_id: &'a str, customer_id: &'a str, hour: u32) -> repo::KeyRef<'a> {
        repo::KeyRef {
            meter_id,
            customer_id: Some(customer_id),
            bucket: Utc.with_ymd_and_hms(2026, 1, 1, hour, 0, 0).unwrap(),
        }
    }

    fn counts(map: &BTreeMap<repo::CellKey, Cell>) -> Vec<(String, Option<String>, i64)> {
        map.iter()
            .map(|(k, c)| (k.meter_id.clone(), k.customer_id.clone(), c.count))
            .collect()
    }

    fn totals(cells: &[(repo::KeyRef<'_>, Cell)]) -> DayTotals {
        let mut t = DayTotals::default();
        t.add_cells(cells).unwrap();
        t
    }

    #[test]
    fn hours_sum_into_days_in_order_or_not() {
        let day2 = |hour| repo::KeyRef {
            bucket: Utc.with_ymd_and_hms(2026, 1, 2, hour, 0, 0).unwrap(),
            ..key("m1", "c1", 0)
        };
        // Sorted, into empty totals (the bulk build): a customer's hours of a day become one.
        let mut t = totals(&[
            (key("m1", "c1", 3), cell(2)),
            (key("m1", "c1", 5), cell(1)),
            (day2(1), cell(4)),
            (key("m1", "c2", 3), cell(1)),
        ]);
        let c = |customer: &str, n| ("m1".to_string(), Some(customer.to_string()), n);
        assert_eq!(counts(&t.daily), vec![c("c1", 3), c("c1", 4), c("c2", 1)]);
        // More cells into the same totals, and out of order: merged, none dropped.
        t.add_cells(&[
            (day2(2), cell(1)),
            (key("m1", "c1", 7), cell(5)),
            (day2(3), cell(2)),
        ])
        .unwrap();
        assert_eq!(counts(&t.daily), vec![c("c1", 8), c("c1", 7), c("c2", 1)]);
        let all = |n| ("m1".to_string(), None, n);
        assert_eq!(counts(&t.meter_days), vec![all(9), all(7)]);
        // Both customers' hour 3 of the first day in one.
        assert_eq!(
            counts(&t.meter_hours),
            vec![all(3), all(1), all(5), all(4), all(1), all(2)]
        );
    }

    #[test]
    fn absorbing_moves_later_meters_and_sums_shared_days() {
        let mut a = totals(&[(key("m1", "c1", 3), cell(2))]);
        // Another meter's totals, as a roll's second meter sums them.
        a.absorb(totals(&[(key("m2", "c1", 4), cell(1))])).unwrap();
        // Keys that interleave with and repeat what is there (merged, not moved).
        a.absorb(totals(&[
            (key("m0", "c9", 1), cell(4)),
            (key("m1", "c1", 5), cell(3)),
        ]))
        .unwrap();
        let c = |m: &str, n| (m.to_string(), Some("c1".to_string()), n);
        assert_eq!(
            counts(&a.daily),
            vec![
                ("m0".to_string(), Some("c9".to_string()), 4),
                c("m1", 5),
                c("m2", 1)
            ]
        );
        let all = |m: &str, n| (m.to_string(), None, n);
        assert_eq!(
            counts(&a.meter_days),
            vec![all("m0", 4), all("m1", 5), all("m2", 1)]
        );
        assert_eq!(
            counts(&a.meter_hours),
            vec![all("m0", 4), all("m1", 2), all("m1", 3), all("m2", 1)]
        );
    }
}
