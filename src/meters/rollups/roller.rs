//! The roller: folds queued blocks of stored events into the rollups.
//!
//! An ingest transaction stores its events under one block of receipt numbers and queues the
//! block (`rollup_queue`) in the same transaction; it touches no rollup row, so concurrent
//! ingests never wait on each other. The roller takes queued blocks oldest first, counts their
//! events with the meters as they are defined now, merges the cells into every grain (a
//! customer's hours only where its day is dense, [`repo::DENSE_DAY`]) and the
//! activity counters (and a unique count's distinct values into its value sets), and unqueues
//! the blocks — all in one transaction. So a committed event is
//! always in exactly one of two places: the rollups, or a queued block. Readers add the queued
//! events to what the rollups say, in one snapshot ([`super::usage_many`]).
//!
//! One roller runs at a time across every instance (an advisory lock; a roll that finds it
//! taken does nothing). What changes counted events outside the queue — a meter's rebuild, an
//! upload's rollback, a void — takes the same lock first ([`lock`]), and recomputes from the
//! events that are not queued, so a queued block is never counted twice.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::repo::values::ValueSets;
use super::repo::{self, CellKey, CycleKey, Scheme};
use super::tail_memory::Tail;
use super::{DayTotals, hour_of};
use crate::db::Conn;
use crate::error::AppError;
use crate::metering::{Cell, Reading};
use crate::meters::model::Meter;

/// Blocks folded per transaction at most, and (when nobody reads the queued tail) how many
/// queued blocks are worth a roll ([`super::pace::worth_rolling`]). Each roll rewrites the
/// rollup rows of the customers its events touch once, so under steady ingest without readers
/// fewer, larger rolls write fewer rows per event: with 100-event batches, 500 blocks is half
/// the other bound ([`super::tail_memory::MAX_EVENTS`]), so the queue stays well within what
/// readers hold in memory. Readers make the roller roll sooner
/// ([`super::pace::READ_PAUSE`]), so a read tail stays short whatever this says. B6
/// (`scripts/bench live --rounds 1 --only copy,closed,open --clients 64 --open-seconds 15`,
/// alternated, 2 runs each) against 200: closed loop with 64 clients 60,562 and 62,888 events/s
/// against 52,650 and 54,388; CPU per 100,000 events server 0.99-1.01 s and PostgreSQL
/// 1.87-1.96 s against 1.12-1.16 and 2.23-2.32; open loop at 30,000 events/s p99 16.4-17.6 ms
/// against 16.8-17.4, with up to 80,000 events queued against 35,000.
pub const MAX_BLOCKS: i64 = 500;

/// What one roll did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rolled {
    pub blocks: usize,
    pub events: usize,
}

/// Folds up to `max_blocks` queued blocks into the rollups and unqueues them, in one
/// transaction. Does nothing when another roller holds the lock.
pub fn roll(conn: &mut Conn, max_blocks: i64) -> Result<Rolled, AppError> {
    let (rolled, gone) = diesel::Connection::transaction(conn, |conn| {
        if !repo::try_lock_roller(conn)? {
            return Ok((Rolled::default(), Gone::default()));
        }
        roll_locked(conn, max_blocks)
    })?;
    gone.set_aside();
    Ok(rolled)
}

/// The blocks a committed roll took out of the queue, of one database.
#[derive(Default)]
struct Gone {
    database: i64,
    blocks: Vec<i64>,
}

impl Gone {
    /// Sets the blocks aside in this process's memory of the tail (once the roll has
    /// committed): held blocks nobody reads again would otherwise stay until the next reader.
    fn set_aside(self) {
        if !self.blocks.is_empty() {
            super::tail_memory::left_the_queue(self.database, &self.blocks);
        }
    }
}

/// Waits for the roller's lock until the caller's transaction ends: no roll runs meanwhile.
pub fn lock(conn: &mut Conn) -> Result<(), AppError> {
    repo::lock_roller(conn)?;
    Ok(())
}

/// Rolls until nothing is queued (tests, and before a check that reads the rollups alone).
pub fn catch_up(conn: &mut Conn) -> Result<usize, AppError> {
    let mut events = 0;
    loop {
        let (rolled, gone) = diesel::Connection::transaction(conn, |conn| {
            lock(conn)?;
            roll_locked(conn, MAX_BLOCKS)
        })?;
        gone.set_aside();
        events += rolled.events;
        if rolled.blocks == 0 {
            return Ok(events);
        }
    }
}

/// The cycle of each billing scheme that a roll's last event fell in: a roll's events mostly
/// fall in their schemes' current cycles, whose edges are then computed once per scheme instead
/// of once per event, meter and scheme.
#[derive(Default)]
struct Cycles(foldhash::HashMap<Scheme, (DateTime<Utc>, DateTime<Utc>)>);

impl Cycles {
    /// The start of the cycle of `scheme` that contains `ts` (None before the anchor).
    fn start(&mut self, scheme: Scheme, ts: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if let Some(&(start, end)) = self.0.get(&scheme)
            && start <= ts
            && ts < end
        {
            return Some(start);
        }
        let interval = crate::metering::Interval::from_months(i64::from(scheme.months))?;
        let (start, end) = crate::metering::cycle_containing(scheme.anchor, interval, ts)?;
        self.0.insert(scheme, (start, end));
        Some(start)
    }
}

fn overflow() -> AppError {
    AppError::internal("usage exceeds the range of a decimal")
}

/// Folds the oldest queued blocks; the caller holds the lock. Their events come from this
/// process's memory where its ingests handed them over or readers have read them already
/// ([`super::tail_memory`]), what each meter reads from them too; the others are read here (and
/// not kept). Returns the blocks it unqueued, for the caller to set aside once committed.
fn roll_locked(conn: &mut Conn, max_blocks: i64) -> Result<(Rolled, Gone), AppError> {
    let queued = repo::queued_block_versions(conn, Some(max_blocks))?;
    if queued.is_empty() {
        return Ok((Rolled::default(), Gone::default()));
    }
    let tail = super::tail_memory::Tail::of_blocks(conn, &queued, super::tail_memory::ReadBy::Roller)?;
    let mut names: Vec<&str> = tail.events().map(|e| e.event_name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let mut meters: Vec<Meter> = Vec::new();
    for name in names {
        for row in crate::meters::repo::all_for_event(conn, name)? {
            meters.push(Meter::from_row(row).map_err(AppError::internal)?);
        }
    }
    // In id order: each meter's cells come sorted, so theirs one after the other are too.
    meters.sort_by(|a, b| a.row.id.cmp(&b.row.id));
    // Distinct first (a roll holds many events of few customers), then sorted.
    let distinct: foldhash::HashSet<&str> = tail.events().map(|e| e.customer_id.as_str()).collect();
    let mut customers: Vec<String> = distinct.into_iter().map(str::to_owned).collect();
    customers.sort_unstable();
    let customers = Customers::new(customers);
    let mut schemes: Schemes = Schemes::default();
    for (customer, scheme) in repo::schemes_of(conn, &customers.ids)? {
        schemes.entry(customer).or_default().push(scheme);
    }
    let mut hourly: Vec<(repo::KeyRef<'_>, Cell)> = Vec::new();
    let mut cycles: BTreeMap<CycleKey, Cell> = BTreeMap::new();
    let mut values = ValueSets::default();
    let mut totals = DayTotals::default();
    for counted in count_meters(&meters, &tail, &customers, &schemes)? {
        hourly.extend(counted.hourly);
        // Keyed by meter: no two meters share a key.
        cycles.extend(counted.cycles);
        values.hours.extend(counted.values.hours);
        values.cycles.extend(counted.values.cycles);
        totals.absorb(counted.totals)?;
    }
    let stored: Vec<(&str, chrono::DateTime<chrono::Utc>)> =
        tail.events().map(|e| (e.customer_id.as_str(), e.ts)).collect();
    totals.add_events(&stored, 1);
    let dense = totals.write(conn, 0)?;
    super::write_hourly(conn, &meters, &hourly, &dense)?;
    repo::merge_cycles(conn, &cycles.into_iter().collect::<Vec<_>>())?;
    repo::values::write(conn, &values)?;
    let blocks: Vec<i64> = queued.iter().map(|q| q.block).collect();
    repo::unqueue(conn, &blocks)?;
    let rolled = Rolled {
        blocks: blocks.len(),
        events: stored.len(),
    };
    Ok((
        rolled,
        Gone {
            database: queued[0].database,
            blocks,
        },
    ))
}

/// Each customer's billing schemes (of its subscriptions).
type Schemes = foldhash::HashMap<String, Vec<Scheme>>;

/// A roll's customers, sorted, each with its rank: the meters' hourly cells are keyed and
/// sorted by (rank, hour) — integers — and take the customer's id back once per cell. Keyed by
/// the id itself, sorting a roll's cells compared ids byte by byte: with chrono's truncation to
/// the hour, a sixth of the server's samples in B1's roll (`perf record --call-graph dwarf`).
struct Customers {
    ids: Vec<String>,
    ranks: foldhash::HashMap<String, u32>,
}

impl Customers {
    fn new(ids: Vec<String>) -> Customers {
        let ranks = ids.iter().zip(0..).map(|(id, rank)| (id.clone(), rank)).collect();
        Customers { ids, ranks }
    }

    fn rank(&self, id: &str) -> Result<u32, AppError> {
        self.ranks
            .get(id)
            .copied()
            .ok_or_else(|| AppError::internal("a queued event's customer is not among the roll's"))
    }
}

/// What one meter counted in a roll.
struct MeterCount<'a> {
    /// Per (customer, UTC hour), sorted by key; keys borrowed from the meter and the roll's
    /// customers.
    hourly: Vec<(repo::KeyRef<'a>, Cell)>,
    cycles: BTreeMap<CycleKey, Cell>,
    values: ValueSets,
    /// The hourly cells summed into days and into the meter's hours (no events added).
    totals: DayTotals,
}

/// Counts each meter's events of the tail, the meters spread over the machine's cores (a roll
/// after a burst otherwise counts on one core while the other waits for it: 100,000 events and 2
/// meters took 0.56 s of the roll's 1.3 s, B1). In the order of `meters`.
fn count_meters<'a>(
    meters: &'a [Meter],
    tail: &'a Tail,
    customers: &'a Customers,
    schemes: &Schemes,
) -> Result<Vec<MeterCount<'a>>, AppError> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(meters.len());
    if workers <= 1 {
        return meters
            .iter()
            .map(|m| count_meter(m, tail, customers, schemes))
            .collect();
    }
    let mut counted: Vec<(usize, Result<MeterCount<'a>, AppError>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                s.spawn(move || {
                    meters
                        .iter()
                        .enumerate()
                        .filter(|(m, _)| m % workers == w)
                        .map(|(m, meter)| (m, count_meter(meter, tail, customers, schemes)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![(usize::MAX, Err(AppError::internal("counting a meter panicked")))]
                })
            })
            .collect()
    });
    counted.sort_by_key(|(m, _)| *m);
    counted.into_iter().map(|(_, c)| c).collect()
}

/// Counts the events of the tail `meter` counts and can read a value from (an event stored
/// before the meter existed may lack it: not counted, as a rebuild from the events would not
/// count it).
fn count_meter<'a>(
    meter: &'a Meter,
    tail: &'a Tail,
    customers: &'a Customers,
    schemes: &Schemes,
) -> Result<MeterCount<'a>, AppError> {
    // Keyed by (customer's rank, hour since the epoch) and by (customer, scheme, cycle start),
    // borrowed from the tail: no id is copied per event (a roll of hot customers' events has
    // few cells and many events).
    let mut hourly: foldhash::HashMap<(u32, i64), Cell> = foldhash::HashMap::default();
    let mut by_cycle: foldhash::HashMap<(&str, Scheme, DateTime<Utc>), Cell> = foldhash::HashMap::default();
    let mut edges = Cycles::default();
    let mut values = ValueSets::default();
    let cycle_key = |customer_id: &str, scheme: Scheme, period_start: DateTime<Utc>| CycleKey {
        meter_id: meter.row.id.clone(),
        customer_id: customer_id.to_string(),
        scheme,
        period_start,
    };
    tail.each(meter, |e, reading| {
        let value = reading.and_then(Reading::number);
        let distinct = reading.and_then(Reading::distinct);
        let hour = e.ts.timestamp().div_euclid(3_600);
        if let Some(v) = distinct {
            let key = CellKey {
                meter_id: meter.row.id.clone(),
                customer_id: Some(e.customer_id.clone()),
                bucket: hour_of(e.ts),
            };
            values.hours.insert((key, v.to_owned()));
        }
        hourly
            .entry((customers.rank(&e.customer_id)?, hour))
            .or_default()
            .add(e.ts, e.seq, value)
            .map_err(|_| overflow())?;
        for scheme in schemes.get(&e.customer_id).map(Vec::as_slice).unwrap_or(&[]) {
            let Some(period_start) = edges.start(*scheme, e.ts) else {
                continue;
            };
            if let Some(v) = distinct {
                let key = cycle_key(&e.customer_id, *scheme, period_start);
                values.cycles.insert((key, v.to_owned()));
            }
            by_cycle
                .entry((e.customer_id.as_str(), *scheme, period_start))
                .or_default()
                .add(e.ts, e.seq, value)
                .map_err(|_| overflow())?;
        }
        Ok(())
    })?;
    let cycles: BTreeMap<CycleKey, Cell> = by_cycle
        .into_iter()
        .map(|((customer_id, scheme, period_start), cell)| {
            (cycle_key(customer_id, scheme, period_start), cell)
        })
        .collect();
    let mut hourly: Vec<((u32, i64), Cell)> = hourly.into_iter().collect();
    hourly.sort_unstable_by_key(|c| c.0);
    let hourly: Vec<(repo::KeyRef<'a>, Cell)> = hourly
        .into_iter()
        .map(|((rank, hour), cell)| {
            // The start of an event's hour: as valid an instant as the event's own time.
            let bucket = DateTime::from_timestamp(hour * 3_600, 0)
                .ok_or_else(|| AppError::internal("an event's hour is out of range"))?;
            let customer_id = customers
                .ids
                .get(rank as usize)
                .ok_or_else(|| AppError::internal("a cell's customer rank is out of range"))?;
            let key = repo::KeyRef {
                meter_id: meter.row.id.as_str(),
                customer_id: Some(customer_id.as_str()),
                bucket,
            };
            Ok((key, cell))
        })
        .collect::<Result<_, AppError>>()?;
    let mut totals = DayTotals::default();
    totals.add_cells(&hourly)?;
    Ok(MeterCount {
        hourly,
        cycles,
        values,
        totals,
    })
}

/// Builds the cycle cells of meters that have none yet (after an upgrade), one meter per
/// transaction; reads of those meters take the slower path until then.
pub fn build_pending_cycles(conn: &mut Conn) -> Result<usize, AppError> {
    let pending = repo::pending_cycle_rebuilds(conn)?;
    for meter_id in &pending {
        diesel::Connection::transaction(conn, |conn| {
            lock(conn)?;
            if let Some(row) = crate::meters::repo::find(conn, meter_id)? {
                let meter = Meter::from_row(row).map_err(AppError::internal)?;
                repo::rebuild_cycles(conn, &meter, None)?;
            }
            repo::cycle_rebuild_done(conn, meter_id)?;
            Ok::<_, AppError>(())
        })?;
    }
    Ok(pending.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_cycle_edges_give_each_event_the_cycle_that_contains_it() {
        use chrono::TimeZone;
        let anchor = Utc.with_ymd_and_hms(2026, 1, 31, 10, 30, 0).unwrap();
        let schemes = [
            Scheme { anchor, months: 1 },
            Scheme {
                anchor: anchor + chrono::Duration::days(16),
                months: 1,
            },
            Scheme { anchor, months: 12 },
        ];
        let at = |m: u32, d: u32, h: u32| Utc.with_ymd_and_hms(2026, m, d, h, 30, 0).unwrap();
        // Back and forth across cycle edges (the end of February, a 31st), on the edge itself,
        // and before the anchor.
        let stamps = [
            at(2, 27, 9),
            at(2, 28, 10),
            at(2, 28, 11),
            at(3, 31, 10),
            at(3, 31, 9),
            at(2, 1, 0),
            at(1, 31, 9),
            at(5, 1, 0),
            at(2, 28, 10),
            at(12, 31, 23),
        ];
        let mut cycles = Cycles::default();
        for ts in stamps {
            for scheme in schemes {
                let interval = crate::metering::Interval::from_months(i64::from(scheme.months)).unwrap();
                let expected = crate::metering::cycle_containing(scheme.anchor, interval, ts).map(|(s, _)| s);
                assert_eq!(cycles.start(scheme, ts), expected, "{scheme:?} at {ts}");
            }
        }
        assert_eq!(cycles.start(schemes[0], at(1, 1, 0)), None);
    }
}
