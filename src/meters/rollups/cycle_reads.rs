//! A billing cycle's usage from its cycle cell (`cycle_rollups`) plus the customer's queued
//! events: one row per line instead of days, hours and raw edges. A unique count is counted
//! over the cycle's stored values (`cycle_values`) and the queued events' values.

use std::sync::{Arc, LazyLock, Mutex};

use foldhash::HashMap;

use chrono::{DateTime, Utc};

use super::repo::Window;
use super::repo::{self, CellsVersion, CycleCells, CycleKey, Scheme};
use super::{Request, add_tail, in_snapshot, overflow, usage_many_in};
use crate::db::Conn;
use crate::error::AppError;
use crate::metering::{Cell, Counted, Interval};
use crate::meters::model::Meter;

/// What `meter` counted for a customer in one whole cycle of a billing scheme.
#[derive(Debug, Clone)]
pub struct CycleRequest<'a> {
    pub meter: &'a Meter,
    pub customer_id: &'a str,
    /// The subscription's start (the scheme's anchor).
    pub anchor: DateTime<Utc>,
    pub interval: Interval,
    /// The cycle `[period_start, period_end)` of the scheme.
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
}

/// Answers many cycle questions in one snapshot: the stored cells (with which meters' cells are
/// still being built and which blocks are queued) in one statement, the queued blocks' events
/// from this process's memory or in one more. Meters whose cycle cells are still being built
/// after an upgrade are read the long way ([`super::usage_many`]). Results are in request order.
pub fn cycle_usage_many(conn: &mut Conn, requests: &[CycleRequest<'_>]) -> Result<Vec<Cell>, AppError> {
    in_snapshot(conn, |conn| {
        let keys: Vec<CycleKey> = requests
            .iter()
            .map(|r| CycleKey {
                meter_id: r.meter.row.id.clone(),
                customer_id: r.customer_id.to_string(),
                scheme: Scheme {
                    anchor: r.anchor,
                    months: r.interval.months() as i16,
                },
                period_start: r.period_start,
            })
            .collect();
        let held = held_cells(&keys);
        let stored = repo::cycle_cells(conn, &keys, held.as_ref().map(|h| h.0))?;
        let read = match (stored.cells, held) {
            (Some(read), _) => hold_cells(&keys, stored.at, read),
            (None, Some((_, held))) => held,
            (None, None) => return Err(AppError::Internal("cycle cells left out unasked".into())),
        };
        let pending = |i: usize| read.pending.contains(&requests[i].meter.row.id);
        let (slow, fast): (Vec<usize>, Vec<usize>) = (0..requests.len()).partition(|&i| pending(i));
        let mut cells = vec![Cell::default(); requests.len()];
        for &(i, cell) in &read.cells {
            if !pending(i) {
                cells[i] = cell;
            }
        }
        if !slow.is_empty() {
            let long_way: Vec<Request<'_>> = slow
                .iter()
                .map(|&i| Request {
                    meter: requests[i].meter,
                    customer_id: Some(requests[i].customer_id),
                    start: requests[i].period_start,
                    end: requests[i].period_end,
                })
                .collect();
            for (&i, cell) in slow.iter().zip(usage_many_in(conn, &long_way, None)?) {
                cells[i] = cell;
            }
        }
        let mut queued = vec![Counted::default(); requests.len()];
        add_queued(conn, requests, &fast, stored.queued, &mut queued)?;
        let (mut distinct_keys, mut extras) = (Vec::new(), Vec::new());
        for &i in &fast {
            cells[i] = cells[i].merge(&queued[i].cell).map_err(|_| overflow())?;
            if requests[i].meter.aggregation.kind().is_distinct() {
                extras.extend(queued[i].values.iter().map(|v| (i as i32, v.clone())));
                distinct_keys.push((i as i32, keys[i].clone()));
            }
        }
        if !distinct_keys.is_empty() {
            let counted: HashMap<i32, i64> = repo::values::cycle_distinct(conn, &distinct_keys, &extras)?
                .into_iter()
                .collect();
            for (i, _) in &distinct_keys {
                let slot = &mut cells[*i as usize];
                *slot = slot.with_distinct(counted.get(i).copied().unwrap_or(0));
            }
        }
        Ok(cells)
    })
}

/// Key sets whose cells are held at most; past it, the memory is emptied and filled again.
const MAX_HELD: usize = 64;

/// The stored cells of a key set (a page's cycles) as last read, with their version: views of the
/// same cycles between two rolls read only the queue. A process serves one database, but tests
/// run many (from one template, with the same keys), hence the version names the database too.
type Held = HashMap<Vec<CycleKey>, (CellsVersion, Arc<CycleCells>)>;
static HELD: LazyLock<Mutex<Held>> = LazyLock::new(Default::default);

fn held_cells(keys: &[CycleKey]) -> Option<(CellsVersion, Arc<CycleCells>)> {
    HELD.lock().unwrap_or_else(|e| e.into_inner()).get(keys).cloned()
}

/// Holds what was read at `at` for `keys` (when the version is known) and returns it.
fn hold_cells(keys: &[CycleKey], at: Option<CellsVersion>, read: CycleCells) -> Arc<CycleCells> {
    let read = Arc::new(read);
    if let Some(at) = at {
        let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
        if held.len() >= MAX_HELD && !held.contains_key(keys) {
            held.clear();
        }
        held.insert(keys.to_vec(), (at, read.clone()));
    }
    read
}

/// Adds the customers' queued events that fall in each cycle, aggregated in SQL.
fn add_queued(
    conn: &mut Conn,
    requests: &[CycleRequest<'_>],
    fast: &[usize],
    listed: Vec<repo::QueuedBlock>,
    counted: &mut [Counted],
) -> Result<(), AppError> {
    let mut meters: Vec<&Meter> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::default();
    let mut windows = Vec::with_capacity(fast.len());
    for &i in fast {
        let r = &requests[i];
        let k = *index.entry(r.meter.row.id.as_str()).or_insert_with(|| {
            meters.push(r.meter);
            meters.len() - 1
        });
        windows.push((
            k,
            Window {
                i: i as i32,
                meter_id: String::new(),
                customer_id: Some(r.customer_id.to_string()),
                from: r.period_start,
                to: r.period_end,
                last: true,
            },
        ));
    }
    let tail =
        super::tail_memory::queued_cells(conn, Some(listed), &meters, &windows, repo::TailGrain::Exact)?;
    add_tail(counted, tail)
}
