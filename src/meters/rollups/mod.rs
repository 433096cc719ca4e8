//! Rollups of what each meter counts, and usage over any time range from them.
//!
//! A range `[start, end)` is read as: whole UTC days from the daily rows, whole hours at the
//! day edges from the hourly rows (a customer's hours from its raw events where its day is
//! sparse, see [`repo::DENSE_DAY`]), and raw events only in the partial hours at the very
//! edges — so a billing cycle that starts at 10:37:12 is exact to the second while a month
//! reads ~30 daily rows per customer. Across customers, whole UTC months come from the meters'
//! months (all time reads a row per month, not per day). Many ranges are read together in a few
//! statements.
//! A unique count is counted set-wise over the same pieces: the distinct values stored for
//! the days and hours, and those of the raw edge and queued events, in one more statement.

mod buckets;
mod cycle_reads;
pub mod pace;
mod queued;
pub mod repo;
pub mod roller;
pub mod tail_memory;
mod totals;

use buckets::{ceil_to, month_ceil};
pub use buckets::{day_ceil, day_of, hour_of, month_after, month_of};
pub use cycle_reads::{CycleRequest, cycle_usage_many};
pub use queued::{QueuedHours, queued_meter_hours};
pub use totals::{DayTotals, Dense, remove_activity, write_hourly};

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, Utc};

use crate::db::Conn;
use crate::error::AppError;
use crate::metering::{AggregationKind, Cell, Counted};
use crate::meters::model::Meter;
use repo::{Grain, Window};

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

/// Where a piece of a range is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    /// The raw events (partial hours at the edges).
    Raw,
    /// Whole UTC hours: `rollups`, or `meter_hours` across customers.
    Hours,
    /// Whole UTC days: `rollups_daily`, or `meter_days` across customers.
    Days,
    /// Whole UTC months across customers: `meter_months`.
    Months,
}

/// Splits a range into (source, from, to) pieces; whole UTC months from `meter_months` when
/// `months` (a read across customers of a meter that keeps no distinct values).
fn pieces(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    months: bool,
) -> Vec<(Source, DateTime<Utc>, DateTime<Utc>)> {
    let mut out = Vec::new();
    if end <= start {
        return out;
    }
    let (h1, h2) = (ceil_to(start, hour_of, Duration::hours(1)), hour_of(end));
    if h1 >= h2 {
        out.push((Source::Raw, start, end));
        return out;
    }
    out.push((Source::Raw, start, h1));
    out.push((Source::Raw, h2, end));
    let (d1, d2) = (day_ceil(h1), day_of(h2));
    if d1 < d2 {
        let (m1, m2) = (month_ceil(d1), month_of(d2));
        if months && m1 < m2 {
            out.push((Source::Days, d1, m1));
            out.push((Source::Months, m1, m2));
            out.push((Source::Days, m2, d2));
        } else {
            out.push((Source::Days, d1, d2));
        }
        out.push((Source::Hours, h1, d1));
        out.push((Source::Hours, d2, h2));
    } else {
        // Whole hours within one UTC day each: a customer's day is read from its hourly rows or
        // its raw events, as the day is dense or not (see `repo::DENSE_DAY`).
        out.push((Source::Hours, h1, d1.min(h2)));
        out.push((Source::Hours, d1, h2));
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
                last: true,
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
pub(crate) fn counts(
    meter: &Meter,
    received_at: DateTime<Utc>,
    metadata: &serde_json::Map<String, serde_json::Value>,
) -> bool {
    meter.row.archived_at.is_none_or(|a| received_at <= a)
        && meter.filter.as_ref().is_none_or(|f| f.matches(metadata))
}

/// Runs `f` on one snapshot of the database: a read-only REPEATABLE READ transaction of its
/// own, or the caller's transaction when it already has one (the caller then holds the
/// roller's lock or reads in REPEATABLE READ itself). In its own transaction, prepared
/// statements reuse their generic plan instead of planning at every execution (the reads'
/// shapes are fixed and their arrays opaque to the planner: planning cost as much as running).
pub fn in_snapshot<T>(
    conn: &mut Conn,
    f: impl FnOnce(&mut Conn) -> Result<T, AppError>,
) -> Result<T, AppError> {
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    if crate::db::in_transaction(conn)? {
        return f(conn);
    }
    // BEGIN and the plan setting in one round trip (a page view opens a snapshot or two).
    if let Err(e) = AnsiTransactionManager::begin_transaction_sql(
        conn,
        "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; \
         SET LOCAL plan_cache_mode = force_generic_plan",
    ) {
        // Should the BEGIN have run and the SET not, the connection is left outside any
        // transaction again (ROLLBACK outside one only warns).
        let _ = diesel::connection::SimpleConnection::batch_execute(conn, "ROLLBACK");
        return Err(AppError::from(e));
    }
    match f(conn) {
        Ok(value) => {
            AnsiTransactionManager::commit_transaction(conn).map_err(AppError::from)?;
            Ok(value)
        }
        Err(e) => match AnsiTransactionManager::rollback_transaction(conn) {
            Ok(()) | Err(diesel::result::Error::BrokenTransactionManager) => Err(e),
            Err(rollback) => Err(AppError::from(rollback)),
        },
    }
}

/// Answers many usage questions with a few statements: one per grain for the rollups, one per
/// event name for the raw edge events, one for the events still queued. Results are in request
/// order.
pub fn usage_many(conn: &mut Conn, requests: &[Request<'_>]) -> Result<Vec<Cell>, AppError> {
    in_snapshot(conn, |conn| usage_many_in(conn, requests, None))
}

/// [`usage_many`] in the snapshot `tail` was read in (the caller's transaction): the queued
/// events of requests for all customers whose meter `tail` holds are taken from it, not read
/// again.
pub fn usage_many_with(
    conn: &mut Conn,
    requests: &[Request<'_>],
    tail: &QueuedHours,
) -> Result<Vec<Cell>, AppError> {
    in_snapshot(conn, |conn| usage_many_in(conn, requests, Some(tail)))
}

pub(crate) fn usage_many_in(
    conn: &mut Conn,
    requests: &[Request<'_>],
    tail: Option<&QueuedHours>,
) -> Result<Vec<Cell>, AppError> {
    let mut cells = vec![Cell::default(); requests.len()];
    // The raw edge and queued events of each request, counted in memory.
    let mut events = vec![Counted::default(); requests.len()];
    let mut by_source: BTreeMap<Source, Vec<Window>> = BTreeMap::new();
    // The stored pieces of unique counts, whose values are counted set-wise.
    let mut distinct_pieces: Vec<(Grain, Window)> = Vec::new();
    let mut raw: BTreeMap<&str, RawReads> = BTreeMap::new();
    // Per request, the pieces read from the rollups: the queued events in them are added.
    let mut rolled: Vec<Vec<(DateTime<Utc>, DateTime<Utc>)>> = vec![Vec::new(); requests.len()];
    for (i, r) in requests.iter().enumerate() {
        let kind = r.meter.aggregation.kind();
        // A unique count's distinct values are kept by day, not by month.
        let months = r.customer_id.is_none() && !kind.is_distinct();
        for (source, from, to) in pieces(r.start, r.end, months) {
            let w = Window {
                i: i as i32,
                meter_id: r.meter.row.id.clone(),
                customer_id: r.customer_id.map(str::to_string),
                from,
                to,
                last: kind == AggregationKind::Last,
            };
            let grain = match source {
                Source::Raw => {
                    raw.entry(r.meter.row.event_name.as_str())
                        .or_default()
                        .add(i, r.customer_id, from, to);
                    continue;
                }
                Source::Hours => Some(Grain::Hour),
                Source::Days => Some(Grain::Day),
                Source::Months => None,
            };
            if let (Some(g), true) = (grain, kind.is_distinct()) {
                distinct_pieces.push((g, w.clone()));
            }
            by_source.entry(source).or_default().push(w);
            rolled[i].push((from, to));
        }
    }
    for (source, windows) in by_source {
        let read = match source {
            Source::Months => repo::read_months(conn, &windows)?,
            Source::Days => repo::read_windows(conn, Grain::Day, &windows)?,
            Source::Hours => {
                let (mine, all): (Vec<Window>, Vec<Window>) =
                    windows.into_iter().partition(|w| w.customer_id.is_some());
                let mut read = repo::read_windows(conn, Grain::Hour, &all)?;
                read.extend(customer_hours(
                    conn,
                    requests,
                    mine,
                    &mut raw,
                    &mut rolled,
                    &mut distinct_pieces,
                )?);
                read
            }
            // Raw pieces went to `raw` above, never here.
            Source::Raw => continue,
        };
        for (i, cell) in read {
            let slot = &mut cells[i as usize];
            *slot = slot.merge(&cell).map_err(|_| overflow())?;
        }
    }
    let empty = serde_json::Map::new();
    for (event_name, reads) in raw {
        let mut raw_events = repo::raw_events(conn, event_name, &reads.windows)?;
        // Receipt order, so that `last` breaks timestamp ties as the rollups do.
        raw_events.sort_by_key(|e| (e.ts, e.seq));
        for e in &raw_events {
            let md = e.metadata.as_object().unwrap_or(&empty);
            for &r in &reads.readers[e.i as usize] {
                add_counted(&mut events[r], requests[r].meter, e.ts, e.seq, e.received_at, md)?;
            }
        }
    }
    add_queued(conn, requests, &rolled, tail, &mut events)?;
    let mut extras: Vec<repo::values::Extra> = Vec::new();
    for (i, (cell, counted)) in cells.iter_mut().zip(&events).enumerate() {
        *cell = cell.merge(&counted.cell).map_err(|_| overflow())?;
        if requests[i].meter.aggregation.kind().is_distinct() {
            extras.extend(counted.values.iter().map(|v| (i as i32, v.clone())));
        }
    }
    let distinct: Vec<usize> = (0..requests.len())
        .filter(|&i| requests[i].meter.aggregation.kind().is_distinct())
        .collect();
    if !distinct.is_empty() {
        let counted: HashMap<i32, i64> = repo::values::count_distinct(conn, &distinct_pieces, &extras)?
            .into_iter()
            .collect();
        for i in distinct {
            cells[i] = cells[i].with_distinct(counted.get(&(i as i32)).copied().unwrap_or(0));
        }
    }
    Ok(cells)
}

/// Reads whole hours of one customer (each window within a UTC day): from the hourly rows
/// where the day is dense, and where it is not, the window becomes a raw piece (added to
/// `raw`; no longer read from the rollups, so neither in `rolled` nor in `distinct_pieces`).
/// Returns (request, cell) of the dense ones.
fn customer_hours<'r>(
    conn: &mut Conn,
    requests: &[Request<'r>],
    windows: Vec<Window>,
    raw: &mut BTreeMap<&'r str, RawReads>,
    rolled: &mut [Vec<(DateTime<Utc>, DateTime<Utc>)>],
    distinct_pieces: &mut Vec<(Grain, Window)>,
) -> Result<Vec<(i32, Cell)>, AppError> {
    let at: Vec<Window> = windows
        .iter()
        .enumerate()
        .map(|(k, w)| Window {
            i: k as i32,
            ..w.clone()
        })
        .collect();
    let read = repo::read_customer_hours(conn, &at)?;
    for k in read.sparse {
        let w = &windows[k];
        let i = w.i as usize;
        let r = &requests[i];
        raw.entry(r.meter.row.event_name.as_str())
            .or_default()
            .add(i, r.customer_id, w.from, w.to);
        rolled[i].retain(|&p| p != (w.from, w.to));
        distinct_pieces
            .retain(|(g, d)| !(*g == Grain::Hour && d.i == w.i && (d.from, d.to) == (w.from, w.to)));
    }
    Ok(read
        .cells
        .into_iter()
        .map(|(k, cell)| (windows[k as usize].i, cell))
        .collect())
}

/// What `meter` reads from a stored event, when it counts it: `Some(reading)` (`None` inside for
/// count meters). Values missing or not numeric were refused at ingest; an event stored before
/// this meter existed may still lack one: it is not counted, as in the rollups.
pub(crate) fn counted_reading(
    meter: &Meter,
    received_at: DateTime<Utc>,
    md: &serde_json::Map<String, serde_json::Value>,
) -> Option<Option<crate::metering::Reading>> {
    if !counts(meter, received_at, md) {
        return None;
    }
    meter.aggregation.read_value(md).ok()
}

/// Adds an event to what a request counted in memory if the meter counts it
/// ([`counted_reading`]).
pub(crate) fn add_counted(
    counted: &mut Counted,
    meter: &Meter,
    ts: DateTime<Utc>,
    seq: i64,
    received_at: DateTime<Utc>,
    md: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), AppError> {
    if let Some(value) = counted_reading(meter, received_at, md) {
        counted.add(ts, seq, value.as_ref()).map_err(|_| overflow())?;
    }
    Ok(())
}

/// Adds the events of queued blocks that fall in the pieces each request read from the rollups
/// (whole UTC hours and days): from `tail` when it holds the request's meter and the request is
/// for all customers, the others aggregated in SQL.
fn add_queued(
    conn: &mut Conn,
    requests: &[Request<'_>],
    rolled: &[Vec<(DateTime<Utc>, DateTime<Utc>)>],
    tail: Option<&QueuedHours>,
    counted: &mut [Counted],
) -> Result<(), AppError> {
    let mut meters: Vec<&Meter> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut windows = Vec::new();
    for (i, r) in requests.iter().enumerate() {
        if rolled[i].is_empty() {
            continue;
        }
        if let Some(t) = tail.filter(|t| r.customer_id.is_none() && t.has(r.meter)) {
            for &(from, to) in &rolled[i] {
                t.add_to(r.meter, from, to, &mut counted[i])?;
            }
            continue;
        }
        let k = *index.entry(r.meter.row.id.as_str()).or_insert_with(|| {
            meters.push(r.meter);
            meters.len() - 1
        });
        for &(from, to) in &rolled[i] {
            let customer_id = r.customer_id.map(str::to_string);
            windows.push((
                k,
                Window {
                    i: i as i32,
                    meter_id: String::new(),
                    customer_id,
                    from,
                    to,
                    last: true,
                },
            ));
        }
    }
    let tail = tail_memory::queued_cells(conn, None, &meters, &windows, repo::TailGrain::Hours)?;
    add_tail(counted, tail)
}

/// Adds what [`tail_memory::queued_cells`] found to the requests' counts.
pub(crate) fn add_tail(counted: &mut [Counted], tail: repo::TailCells) -> Result<(), AppError> {
    for (i, cell) in tail.cells {
        let c = &mut counted[i as usize];
        c.cell = c.cell.merge(&cell).map_err(|_| overflow())?;
    }
    for (i, value) in tail.values {
        counted[i as usize].values.insert(value);
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn ranges_split_into_days_hours_and_raw_edges() {
        let p = pieces(t("2024-01-31T10:37:12Z"), t("2024-02-29T10:37:12Z"), false);
        assert!(p.contains(&(Source::Raw, t("2024-01-31T10:37:12Z"), t("2024-01-31T11:00:00Z"))));
        assert!(p.contains(&(
            Source::Hours,
            t("2024-01-31T11:00:00Z"),
            t("2024-02-01T00:00:00Z")
        )));
        assert!(p.contains(&(Source::Days, t("2024-02-01T00:00:00Z"), t("2024-02-29T00:00:00Z"))));
        assert!(p.contains(&(
            Source::Hours,
            t("2024-02-29T00:00:00Z"),
            t("2024-02-29T10:00:00Z")
        )));
        assert!(p.contains(&(Source::Raw, t("2024-02-29T10:00:00Z"), t("2024-02-29T10:37:12Z"))));
        assert_eq!(p.len(), 5);
        // Within an hour: raw only. Aligned days: days only.
        assert_eq!(
            pieces(t("2024-01-01T10:05:00Z"), t("2024-01-01T10:55:00Z"), false).len(),
            1
        );
        assert_eq!(
            pieces(t("2024-01-01T00:00:00Z"), t("2024-02-01T00:00:00Z"), false),
            vec![(Source::Days, t("2024-01-01T00:00:00Z"), t("2024-02-01T00:00:00Z"))]
        );
        assert!(pieces(t("2024-01-02T00:00:00Z"), t("2024-01-01T00:00:00Z"), false).is_empty());
    }

    #[test]
    fn whole_utc_months_across_customers_come_from_the_months() {
        // A year to the second: raw edges, hours, the first days, eleven months, the last days.
        let p = pieces(t("2024-01-20T10:37:12Z"), t("2025-01-03T05:00:00Z"), true);
        assert!(p.contains(&(Source::Days, t("2024-01-21T00:00:00Z"), t("2024-02-01T00:00:00Z"))));
        assert!(p.contains(&(
            Source::Months,
            t("2024-02-01T00:00:00Z"),
            t("2025-01-01T00:00:00Z")
        )));
        assert!(p.contains(&(Source::Days, t("2025-01-01T00:00:00Z"), t("2025-01-03T00:00:00Z"))));
        assert_eq!(p.len(), 6, "{p:?}");
        // The same range without months: one run of days.
        let p = pieces(t("2024-01-20T10:37:12Z"), t("2025-01-03T05:00:00Z"), false);
        assert!(p.contains(&(Source::Days, t("2024-01-21T00:00:00Z"), t("2025-01-03T00:00:00Z"))));
        assert!(!p.iter().any(|(s, _, _)| *s == Source::Months));
        // Aligned months: months only. Less than a whole month: days only.
        assert_eq!(
            pieces(t("2024-02-01T00:00:00Z"), t("2024-04-01T00:00:00Z"), true),
            vec![(
                Source::Months,
                t("2024-02-01T00:00:00Z"),
                t("2024-04-01T00:00:00Z")
            )]
        );
        assert_eq!(
            pieces(t("2024-02-02T00:00:00Z"), t("2024-03-30T00:00:00Z"), true),
            vec![(Source::Days, t("2024-02-02T00:00:00Z"), t("2024-03-30T00:00:00Z"))]
        );
        assert_eq!(month_of(t("2024-12-31T23:59:59Z")), t("2024-12-01T00:00:00Z"));
        assert_eq!(month_after(t("2024-12-31T23:59:59Z")), t("2025-01-01T00:00:00Z"));
        assert_eq!(month_ceil(t("2024-03-01T00:00:00Z")), t("2024-03-01T00:00:00Z"));
        assert_eq!(month_ceil(t("2024-02-29T00:00:00Z")), t("2024-03-01T00:00:00Z"));
    }
}
