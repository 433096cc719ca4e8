//! Rollups of what each meter counts, and usage over any time range from them.
//!
//! A range `[start, end)` is read as: whole UTC days from the daily rows, whole hours at the
//! day edges from the hourly rows, and raw events only in the partial hours at the very
//! edges — so a billing cycle that starts at 10:37:12 is exact to the second while a month
//! reads ~30 daily rows per customer. Many ranges are read together in a few statements.

pub mod repo;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, DurationRound, Utc};

use crate::db::Conn;
use crate::error::AppError;
use crate::metering::Cell;
use crate::meters::model::Meter;
use repo::{Grain, Window};

/// The UTC hour an instant falls in.
pub fn hour_of(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(Duration::hours(1)).unwrap_or(t)
}

/// The UTC day (midnight) an instant falls in.
pub fn day_of(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(Duration::days(1)).unwrap_or(t)
}

fn ceil_to(t: DateTime<Utc>, floor: fn(DateTime<Utc>) -> DateTime<Utc>, step: Duration) -> DateTime<Utc> {
    let f = floor(t);
    if f == t { f } else { f + step }
}

fn overflow() -> AppError {
    AppError::internal("usage exceeds the range of a decimal")
}

/// One usage question: what `meter` counted for `customer` (or all customers) in `[start, end)`.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub meter: &'a Meter,
    pub customer_id: Option<&'a str>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Splits a range into (grain, from, to) pieces; `None` grain = raw events.
fn pieces(start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<(Option<Grain>, DateTime<Utc>, DateTime<Utc>)> {
    let mut out = Vec::new();
    if end <= start {
        return out;
    }
    let (h1, h2) = (ceil_to(start, hour_of, Duration::hours(1)), hour_of(end));
    if h1 >= h2 {
        out.push((None, start, end));
        return out;
    }
    out.push((None, start, h1));
    out.push((None, h2, end));
    let (d1, d2) = (ceil_to(h1, day_of, Duration::days(1)), day_of(h2));
    if d1 < d2 {
        out.push((Some(Grain::Day), d1, d2));
        out.push((Some(Grain::Hour), h1, d1));
        out.push((Some(Grain::Hour), d2, h2));
    } else {
        out.push((Some(Grain::Hour), h1, h2));
    }
    out.retain(|(_, a, b)| a < b);
    out
}

/// The raw edge windows of one event name: each distinct (customer, from, to) once, with the
/// requests that read it.
#[derive(Default)]
struct RawReads {
    windows: Vec<Window>,
    readers: Vec<Vec<usize>>,
    index: HashMap<WindowKey, usize>,
}

/// (customer or all, from, to).
type WindowKey = (Option<String>, DateTime<Utc>, DateTime<Utc>);

impl RawReads {
    fn add(&mut self, request: usize, customer_id: Option<&str>, from: DateTime<Utc>, to: DateTime<Utc>) {
        let key = (customer_id.map(str::to_string), from, to);
        let k = *self.index.entry(key).or_insert_with(|| {
            self.windows.push(Window {
                i: self.windows.len() as i32,
                meter_id: String::new(),
                customer_id: customer_id.map(str::to_string),
                from,
                to,
            });
            self.readers.push(Vec::new());
            self.windows.len() - 1
        });
        self.readers[k].push(request);
    }
}

/// Whether `meter` counts a stored event: its filter keeps the event (the same predicate the
/// SQL form gives, as a property test shows), and an archived meter only counts what was
/// received before it was archived.
fn counts(
    meter: &Meter,
    event: &repo::RawEvent,
    metadata: &serde_json::Map<String, serde_json::Value>,
) -> bool {
    meter.row.archived_at.is_none_or(|a| event.received_at <= a)
        && meter.filter.as_ref().is_none_or(|f| f.matches(metadata))
}

/// Answers many usage questions with a few statements: one per grain for the rollups, one per
/// event name for the raw edge events. Results are in request order.
pub fn usage_many(conn: &mut Conn, requests: &[Request<'_>]) -> Result<Vec<Cell>, AppError> {
    let mut cells = vec![Cell::default(); requests.len()];
    let mut by_grain: BTreeMap<u8, Vec<Window>> = BTreeMap::new();
    let mut raw: BTreeMap<&str, RawReads> = BTreeMap::new();
    for (i, r) in requests.iter().enumerate() {
        for (grain, from, to) in pieces(r.start, r.end) {
            let w = Window {
                i: i as i32,
                meter_id: r.meter.row.id.clone(),
                customer_id: r.customer_id.map(str::to_string),
                from,
                to,
            };
            match grain {
                Some(Grain::Day) => by_grain.entry(1).or_default().push(w),
                Some(_) => by_grain.entry(0).or_default().push(w),
                None => {
                    raw.entry(r.meter.row.event_name.as_str())
                        .or_default()
                        .add(i, r.customer_id, from, to)
                }
            }
        }
    }
    for (key, windows) in by_grain {
        let grain = if key == 1 { Grain::Day } else { Grain::Hour };
        for (i, cell) in repo::read_windows(conn, grain, &windows)? {
            let slot = &mut cells[i as usize];
            *slot = slot.merge(&cell).map_err(|_| overflow())?;
        }
    }
    let empty = serde_json::Map::new();
    for (event_name, reads) in raw {
        let mut events = repo::raw_events(conn, event_name, &reads.windows)?;
        // Receipt order, so that `last` breaks timestamp ties as the rollups do.
        events.sort_by_key(|e| (e.ts, e.seq));
        for e in &events {
            let md = e.metadata.as_object().unwrap_or(&empty);
            for &r in &reads.readers[e.i as usize] {
                let meter = requests[r].meter;
                if !counts(meter, e, md) {
                    continue;
                }
                // Values missing or not numeric were refused at ingest; an event stored before
                // this meter existed may still lack one: it is not counted, as in the rollups.
                if let Ok(value) = meter.aggregation.read_value(md) {
                    cells[r].add(e.ts, e.seq, value).map_err(|_| overflow())?;
                }
            }
        }
    }
    Ok(cells)
}

/// What a meter counted for a customer in `[start, end)`.
pub fn usage(
    conn: &mut Conn,
    meter: &Meter,
    customer_id: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Cell, AppError> {
    one(
        conn,
        Request {
            meter,
            customer_id: Some(customer_id),
            start,
            end,
        },
    )
}

/// What a meter counted for all customers together in `[start, end)`.
pub fn meter_total(
    conn: &mut Conn,
    meter: &Meter,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Cell, AppError> {
    one(
        conn,
        Request {
            meter,
            customer_id: None,
            start,
            end,
        },
    )
}

/// The answer to a single request of [`usage_many`].
fn one(conn: &mut Conn, request: Request<'_>) -> Result<Cell, AppError> {
    Ok(usage_many(conn, std::slice::from_ref(&request))?
        .into_iter()
        .next()
        .unwrap_or_default())
}

/// Stripes of the rows every writer would share (meter days, activity): one per transaction.
pub const STRIPES: i16 = 16;

/// A stripe for this transaction's shared-row writes.
pub fn pick_stripe() -> i16 {
    i16::from(crate::crypto::random_bytes(1)[0]) % STRIPES
}

/// Merges the hourly cells of newly stored events. Keys come sorted (BTreeMap), so concurrent
/// writers lock rows in one order; the day grains follow through [`DayTotals`].
pub fn write_hourly(conn: &mut Conn, hourly: &BTreeMap<repo::CellKey, Cell>) -> Result<(), AppError> {
    let hourly: Vec<_> = hourly.iter().map(|(k, c)| (k.clone(), *c)).collect();
    // Per-customer rows: not striped (the stripe applies to meter days only).
    repo::merge(conn, Grain::Hour, &hourly, 0)?;
    Ok(())
}

/// The day-grain rollups and the activity counters of the events one transaction stores,
/// summed in memory and written once: the chunks of an upload share most of their days and
/// customers, so each of those rows is updated once per upload rather than once per chunk.
/// Bounded by meters × customers × days, not by the number of events.
#[derive(Debug, Default)]
pub struct DayTotals {
    daily: BTreeMap<repo::CellKey, Cell>,
    meter_days: BTreeMap<repo::CellKey, Cell>,
    days: BTreeMap<DateTime<Utc>, i64>,
    customers: BTreeMap<String, (i64, DateTime<Utc>, DateTime<Utc>)>,
}

impl DayTotals {
    /// Adds hourly cells (as stored) to their days, per customer and for the meter.
    pub fn add_cells(&mut self, hourly: &BTreeMap<repo::CellKey, Cell>) -> Result<(), AppError> {
        for (key, cell) in hourly {
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
        repo::merge(
            conn,
            Grain::Day,
            &self.daily.into_iter().collect::<Vec<_>>(),
            stripe,
        )?;
        repo::merge(
            conn,
            Grain::MeterDay,
            &self.meter_days.into_iter().collect::<Vec<_>>(),
            stripe,
        )?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn hours_and_days_truncate() {
        let x = Utc
            .with_ymd_and_hms(2024, 1, 31, 10, 37, 12)
            .single()
            .unwrap_or_default();
        assert_eq!(hour_of(x), t("2024-01-31T10:00:00Z"));
        assert_eq!(day_of(x), t("2024-01-31T00:00:00Z"));
    }

    #[test]
    fn ranges_split_into_days_hours_and_raw_edges() {
        let p = pieces(t("2024-01-31T10:37:12Z"), t("2024-02-29T10:37:12Z"));
        assert!(p.contains(&(None, t("2024-01-31T10:37:12Z"), t("2024-01-31T11:00:00Z"))));
        assert!(p.contains(&(
            Some(Grain::Hour),
            t("2024-01-31T11:00:00Z"),
            t("2024-02-01T00:00:00Z")
        )));
        assert!(p.contains(&(
            Some(Grain::Day),
            t("2024-02-01T00:00:00Z"),
            t("2024-02-29T00:00:00Z")
        )));
        assert!(p.contains(&(
            Some(Grain::Hour),
            t("2024-02-29T00:00:00Z"),
            t("2024-02-29T10:00:00Z")
        )));
        assert!(p.contains(&(None, t("2024-02-29T10:00:00Z"), t("2024-02-29T10:37:12Z"))));
        assert_eq!(p.len(), 5);
        // Within an hour: raw only. Aligned days: days only.
        assert_eq!(
            pieces(t("2024-01-01T10:05:00Z"), t("2024-01-01T10:55:00Z")).len(),
            1
        );
        assert_eq!(
            pieces(t("2024-01-01T00:00:00Z"), t("2024-02-01T00:00:00Z")),
            vec![(
                Some(Grain::Day),
                t("2024-01-01T00:00:00Z"),
                t("2024-02-01T00:00:00Z")
            )]
        );
        assert!(pieces(t("2024-01-02T00:00:00Z"), t("2024-01-01T00:00:00Z")).is_empty());
    }
}
