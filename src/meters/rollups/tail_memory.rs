//! The queued tail counted in memory. Readers add the events of queued blocks to what the
//! rollups say; under live traffic a page reads that tail several times while the roller is
//! still behind, and aggregating the same events in SQL for every view cost most of a busy
//! server's time. A queued block's events do not change while it is queued, except by a void
//! or a rollback, which update the block's row in the same transaction (its version). So this
//! process keeps each queued block's events, as a snapshot saw them, under (database, block,
//! version): a reader lists the queued blocks of its snapshot (one short statement), reads
//! only the blocks it does not hold yet, and counts the rest from memory with each meter's
//! reading memoised per block. What a meter reads from an event is what the roller will fold
//! into the rollups ([`super::add_counted`]), so a reader's sum matches the rollups' once rolled.
//!
//! An ingest hands its block over once committed ([`hand_over`]), so that under live traffic
//! readers and the roller seldom read a block from the database at all. Blocks that left the
//! queue are set aside when the roll commits or at the next read, for readers whose snapshot
//! still sees them queued, and dropped [`GRACE`] later. Past [`MAX_EVENTS`] queued events
//! (a roller far behind, after an outage) readers aggregate in SQL instead ([`super::repo::tail`]),
//! so memory stays bounded.

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};
use std::time::{Duration, Instant};

use foldhash::HashMap;

use chrono::{DateTime, Utc};

use super::repo::{self, QueuedBlock, QueuedEvent, TailCells, Window};
use super::{hour_of, overflow};
use crate::db::Conn;
use crate::error::AppError;
use crate::metering::{Counted, Reading};
use crate::meters::model::Meter;

/// Queued events past which readers aggregate the tail in SQL instead of holding it.
pub const MAX_EVENTS: i64 = 100_000;

/// What a meter reads from the events of one block: (index of the event, its reading), for the
/// events it counts.
type Readings = Vec<(u32, Option<Reading>)>;

/// One queued block's events, with each meter's readings once asked for.
struct Block {
    version: i64,
    events: Vec<QueuedEvent>,
    /// By meter definition ([`fingerprint`]).
    readings: Mutex<HashMap<String, Arc<Readings>>>,
    /// A meter's readings per UTC hour, all customers together, by meter definition.
    hours: Mutex<HashMap<String, Arc<HourCells>>>,
    /// The events per customer and UTC day.
    days: OnceLock<DayCounts>,
}

/// (customer, UTC day) → (events, latest timestamp).
type DayCounts = BTreeMap<(String, DateTime<Utc>), (i64, DateTime<Utc>)>;

/// What a meter counted in one block per UTC hour, in hour order.
type HourCells = Vec<(DateTime<Utc>, Counted)>;

/// (database, block) → the block as last read.
type Blocks = HashMap<(i64, i64), Arc<Block>>;

static BLOCKS: LazyLock<Mutex<Blocks>> = LazyLock::new(Default::default);

/// Blocks that left the queue, kept [`GRACE`] for readers whose snapshot began before: a page's
/// transaction outlives a roll, and without them it read the rolled blocks again (and held them
/// until the next reader dropped them, roll after roll).
static LEFT: LazyLock<Mutex<Left>> = LazyLock::new(Default::default);

/// (database, block) → the block as last read, and when it was seen to have left the queue.
type Left = HashMap<(i64, i64), (Arc<Block>, Instant)>;

/// How long a block that left the queue stays at hand.
const GRACE: Duration = Duration::from_secs(10);

/// The blocks of `queued` held (or left the queue within [`GRACE`]) under the same version
/// (None for the others).
fn held_of(database: i64, queued: &[QueuedBlock]) -> Vec<Option<Arc<Block>>> {
    let held = BLOCKS.lock().unwrap_or_else(|e| e.into_inner());
    let left = LEFT.lock().unwrap_or_else(|e| e.into_inner());
    queued
        .iter()
        .map(|q| {
            let key = (database, q.block);
            held.get(&key)
                .or_else(|| left.get(&key).map(|(b, _)| b))
                .filter(|b| b.version == q.version)
                .cloned()
        })
        .collect()
}

/// Moves blocks that left the queue aside for [`GRACE`], and forgets those left before; what is
/// aside stays under [`MAX_EVENTS`] events.
fn set_aside(gone: Vec<((i64, i64), Arc<Block>)>) {
    let now = Instant::now();
    let mut left = LEFT.lock().unwrap_or_else(|e| e.into_inner());
    left.retain(|_, (_, at)| now.duration_since(*at) < GRACE);
    left.extend(gone.into_iter().map(|(k, b)| (k, (b, now))));
    if left.values().map(|(b, _)| b.events.len() as i64).sum::<i64>() > MAX_EVENTS {
        left.clear();
    }
}

/// Removes the held blocks whose (database, block) `leaves` says, and returns them.
fn take(held: &mut Blocks, leaves: impl Fn(&(i64, i64)) -> bool) -> Vec<((i64, i64), Arc<Block>)> {
    let keys: Vec<(i64, i64)> = held.keys().filter(|k| leaves(k)).copied().collect();
    keys.into_iter()
        .filter_map(|k| held.remove(&k).map(|b| (k, b)))
        .collect()
}

/// Drops every block held of `database` (they left the queue: set aside).
fn forget(database: i64) {
    let gone = take(&mut BLOCKS.lock().unwrap_or_else(|e| e.into_inner()), |(d, _)| {
        *d == database
    });
    set_aside(gone);
}

/// Holds the events of a block its ingest has just committed, as readers would read them
/// (`database`, `block` and `version` as the queue lists it; `events` in receipt order, as
/// stored): the first reader then finds it here instead of reading it from the database. Held
/// only while there is room under [`MAX_EVENTS`] and [`MAX_HELD_BLOCKS`]; never replaces a block
/// already held.
pub fn hand_over(database: i64, block: i64, version: i64, events: Vec<QueuedEvent>) {
    let mut held = BLOCKS.lock().unwrap_or_else(|e| e.into_inner());
    if held.len() >= MAX_HELD_BLOCKS || held.contains_key(&(database, block)) {
        return;
    }
    let holding: i64 = held.values().map(|b| b.events.len() as i64).sum();
    if holding + events.len() as i64 > MAX_EVENTS {
        return;
    }
    held.insert((database, block), Arc::new(Block::new(version, events)));
}

/// Sets aside the held `blocks` of `database` that a committed roll took out of the queue (for
/// readers whose snapshot began before it, as [`GRACE`] allows).
pub fn left_the_queue(database: i64, blocks: &[i64]) {
    let gone = take(&mut BLOCKS.lock().unwrap_or_else(|e| e.into_inner()), |(d, b)| {
        *d == database && blocks.binary_search(b).is_ok()
    });
    if !gone.is_empty() {
        set_aside(gone);
    }
}

/// Who reads the queued blocks ([`Tail::of_blocks`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadBy {
    /// A reader, of the whole queue of its snapshot: what it reads is held for the next ones.
    Reader,
    /// The roller, of the oldest blocks: it takes what readers hold and holds nothing new.
    Roller,
}

/// Blocks held at most; past it, other databases' blocks (left by tests) are dropped.
const MAX_HELD_BLOCKS: usize = 4096;

/// What decides which events a meter counts and what it reads from them: readings are kept per
/// definition, so a changed or archived meter is read afresh.
fn fingerprint(meter: &Meter) -> String {
    let r = &meter.row;
    format!(
        "{}\u{1}{}\u{1}{}\u{1}{:?}\u{1}{:?}\u{1}{:?}\u{1}{}",
        r.id, r.event_name, r.aggregation, r.aggregation_key, r.filter, r.archived_at, r.definition_version
    )
}

impl Block {
    /// A block's events under its version, nothing read from them yet.
    fn new(version: i64, events: Vec<QueuedEvent>) -> Block {
        Block {
            version,
            events,
            readings: Mutex::default(),
            hours: Mutex::default(),
            days: OnceLock::new(),
        }
    }

    /// `meter`'s readings of this block; `key` is its [`fingerprint`], spelt once per read of
    /// the tail rather than once per block (spelling it was a tenth of what merging the tail cost).
    fn readings(&self, meter: &Meter, key: &str) -> Arc<Readings> {
        let mut memo = self.readings.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(r) = memo.get(key) {
            return r.clone();
        }
        memo.entry(key.to_string())
            .or_insert_with(|| {
                let empty = serde_json::Map::new();
                let mut out = Vec::new();
                for (n, e) in self.events.iter().enumerate() {
                    if e.event_name != meter.row.event_name {
                        continue;
                    }
                    let md = e.metadata.as_object().unwrap_or(&empty);
                    if let Some(reading) = super::counted_reading(meter, e.received_at, md) {
                        out.push((n as u32, reading));
                    }
                }
                Arc::new(out)
            })
            .clone()
    }

    /// What `meter` counted in this block per UTC hour (all customers), once per definition.
    fn hours(&self, meter: &Meter, key: &str) -> Result<Arc<HourCells>, AppError> {
        if let Some(h) = self.hours.lock().unwrap_or_else(|e| e.into_inner()).get(key) {
            return Ok(h.clone());
        }
        let mut by_hour: BTreeMap<DateTime<Utc>, Counted> = BTreeMap::new();
        for (n, reading) in self.readings(meter, key).iter() {
            let e = &self.events[*n as usize];
            by_hour
                .entry(hour_of(e.ts))
                .or_default()
                .add(e.ts, e.seq, reading.as_ref())
                .map_err(|_| overflow())?;
        }
        let cells = Arc::new(by_hour.into_iter().collect::<HourCells>());
        self.hours
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_string(), cells.clone());
        Ok(cells)
    }

    /// The events per customer and UTC day, counted once.
    fn days(&self) -> &DayCounts {
        self.days.get_or_init(|| {
            let mut days = DayCounts::new();
            for e in &self.events {
                let slot = days
                    .entry((e.customer_id.clone(), super::day_of(e.ts)))
                    .or_insert((0, e.ts));
                slot.0 += 1;
                slot.1 = slot.1.max(e.ts);
            }
            days
        })
    }
}

/// The queued tail of one snapshot.
pub struct Tail {
    blocks: Vec<Arc<Block>>,
    /// How many of them this read took from the database (the others were held).
    fetched: usize,
}

impl Tail {
    /// The queued blocks of the caller's snapshot, from memory where this process holds them;
    /// `None` when more than [`MAX_EVENTS`] events are queued (the caller reads the tail in SQL).
    pub fn read(conn: &mut Conn) -> Result<Option<Tail>, AppError> {
        let queued = repo::queued_block_versions(conn, None)?;
        Tail::read_listed(conn, queued)
    }

    /// [`Tail::read`] with the queue as the caller's snapshot listed it (every queued block, in
    /// block order, as [`repo::queued_block_versions`] lists them).
    pub fn read_listed(conn: &mut Conn, queued: Vec<QueuedBlock>) -> Result<Option<Tail>, AppError> {
        repo::note_tail_read();
        if queued.iter().map(|q| i64::from(q.events)).sum::<i64>() > MAX_EVENTS {
            return Ok(None);
        }
        if queued.is_empty() && !BLOCKS.lock().unwrap_or_else(|e| e.into_inner()).is_empty() {
            // Nothing is queued: what this process holds of the database has been rolled.
            forget(repo::database_oid(conn)?);
        }
        Tail::of_blocks(conn, &queued, ReadBy::Reader).map(Some)
    }

    /// How many blocks of the connection's database this process holds.
    pub fn held(conn: &mut Conn) -> Result<usize, AppError> {
        let database = repo::database_oid(conn)?;
        let held = BLOCKS.lock().unwrap_or_else(|e| e.into_inner());
        Ok(held.keys().filter(|(d, _)| *d == database).count())
    }

    /// The events of `queued` (listed in block order, in the caller's snapshot): those this
    /// process holds under the same version from memory, the others read in one statement. Held
    /// blocks of the database that left the queue are dropped: those older than the first of
    /// `queued`, and for a reader (whose list is the whole queue) those between that are not in
    /// it. What a reader read is held from then on, while the held events stay under
    /// [`MAX_EVENTS`]; what the roller read is not (it is about to leave the queue, and without
    /// readers nobody would ask for it).
    pub fn of_blocks(conn: &mut Conn, queued: &[QueuedBlock], by: ReadBy) -> Result<Tail, AppError> {
        let whole = by == ReadBy::Reader;
        let Some(database) = queued.first().map(|q| q.database) else {
            return Ok(Tail {
                blocks: Vec::new(),
                fetched: 0,
            });
        };
        let mut found = held_of(database, queued);
        let missing: Vec<i64> = queued
            .iter()
            .zip(&found)
            .filter(|(_, b)| b.is_none())
            .map(|(q, _)| q.block)
            .collect();
        if !missing.is_empty() {
            let mut by_block: BTreeMap<i64, Vec<QueuedEvent>> = BTreeMap::new();
            for e in repo::queued_events(conn, &missing, None)? {
                by_block
                    .entry(e.seq >> super::repo::BLOCK_BITS)
                    .or_default()
                    .push(e);
            }
            for (q, slot) in queued.iter().zip(found.iter_mut()) {
                if slot.is_none() {
                    let events = by_block.remove(&q.block).unwrap_or_default();
                    *slot = Some(Arc::new(Block::new(q.version, events)));
                }
            }
        }
        let blocks: Vec<Arc<Block>> = found.into_iter().flatten().collect();
        let (first, last) = (queued[0].block, queued[queued.len() - 1].block);
        let mut held = BLOCKS.lock().unwrap_or_else(|e| e.into_inner());
        let gone = take(&mut held, |(d, b)| {
            *d == database
                && (*b < first
                    || (whole && *b <= last && queued.binary_search_by_key(b, |q| q.block).is_err()))
        });
        if held.len() + queued.len() > MAX_HELD_BLOCKS {
            held.retain(|(d, _), _| *d == database);
        }
        let mut room = MAX_EVENTS - held.values().map(|b| b.events.len() as i64).sum::<i64>();
        for (q, b) in queued.iter().zip(&blocks).filter(|_| by == ReadBy::Reader) {
            let key = (database, q.block);
            // A block held under another version (a void since) is replaced.
            let before = match held.get(&key) {
                Some(h) if h.version == q.version => continue,
                Some(h) => h.events.len() as i64,
                None => 0,
            };
            if room + before < b.events.len() as i64 {
                break;
            }
            room += before - b.events.len() as i64;
            held.insert(key, b.clone());
        }
        drop(held);
        if !gone.is_empty() {
            set_aside(gone);
        }
        Ok(Tail {
            blocks,
            fetched: missing.len(),
        })
    }

    /// Every event, in block order.
    pub fn events(&self) -> impl Iterator<Item = &QueuedEvent> {
        self.blocks.iter().flat_map(|b| b.events.iter())
    }

    /// How many blocks this read took from the database; the others were held from earlier reads.
    pub fn fetched(&self) -> usize {
        self.fetched
    }

    /// Each event `meter` counts, with what it reads from it: as the roller counts
    /// ([`super::add_counted`]), memoised per block and meter definition.
    pub fn each<'a>(
        &'a self,
        meter: &Meter,
        mut f: impl FnMut(&'a QueuedEvent, Option<&Reading>) -> Result<(), AppError>,
    ) -> Result<(), AppError> {
        let key = fingerprint(meter);
        for block in &self.blocks {
            for (n, reading) in block.readings(meter, &key).iter() {
                f(&block.events[*n as usize], reading.as_ref())?;
            }
        }
        Ok(())
    }

    /// What the queued events each meter counts add to each window (`windows` name their meter
    /// by its index in `meters`; a window without a customer is for all customers): the same
    /// answer as [`repo::queued_cells`].
    pub fn cells(&self, meters: &[&Meter], windows: &[(usize, Window)]) -> Result<TailCells, AppError> {
        let mut counted: Vec<Counted> = vec![Counted::default(); windows.len()];
        // Per meter: its windows by customer, and those for all customers.
        let mut by_customer: HashMap<(usize, &str), Vec<usize>> = HashMap::default();
        let mut for_all: HashMap<usize, Vec<usize>> = HashMap::default();
        for (w, (k, window)) in windows.iter().enumerate() {
            match &window.customer_id {
                Some(c) => by_customer.entry((*k, c.as_str())).or_default().push(w),
                None => for_all.entry(*k).or_default().push(w),
            }
        }
        let none: Vec<usize> = Vec::new();
        for (k, meter) in meters.iter().enumerate() {
            let all = for_all.get(&k).unwrap_or(&none);
            if all.is_empty() && !by_customer.keys().any(|(m, _)| *m == k) {
                continue;
            }
            self.each(meter, |e, reading| {
                let (ts, seq) = (e.ts, e.seq);
                let mine = by_customer.get(&(k, e.customer_id.as_str())).unwrap_or(&none);
                for &w in mine.iter().chain(all) {
                    let window = &windows[w].1;
                    if ts >= window.from && ts < window.to {
                        counted[w].add(ts, seq, reading).map_err(|_| overflow())?;
                    }
                }
                Ok(())
            })?;
        }
        let mut out = TailCells::default();
        for ((_, window), c) in windows.iter().zip(counted) {
            if c.cell.count == 0 {
                continue;
            }
            out.cells.push((window.i, c.cell));
            out.values.extend(c.values.into_iter().map(|v| (window.i, v)));
        }
        Ok(out)
    }

    /// What the queued events each meter counts add per UTC hour, all customers together: the
    /// same answer as [`repo::queued_hours`], per (meter index, hour).
    pub fn hours(&self, meters: &[&Meter]) -> Result<BTreeMap<(usize, DateTime<Utc>), Counted>, AppError> {
        let mut hours: BTreeMap<(usize, DateTime<Utc>), Counted> = BTreeMap::new();
        for (k, meter) in meters.iter().enumerate() {
            let key = fingerprint(meter);
            for block in &self.blocks {
                for (hour, c) in block.hours(meter, &key)?.iter() {
                    hours
                        .entry((k, *hour))
                        .or_default()
                        .merge(c)
                        .map_err(|_| overflow())?;
                }
            }
        }
        Ok(hours)
    }
}

/// A customer's queued events of one UTC day: how many, and the latest timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedActivity {
    pub customer_id: String,
    pub day: DateTime<Utc>,
    pub events: i64,
    pub latest: DateTime<Utc>,
}

impl Tail {
    /// Every queued event (whatever its name) per customer and UTC day, in that order.
    pub fn activity(&self) -> Vec<QueuedActivity> {
        // (customer, day) → (events, latest).
        type Day<'a> = (&'a str, DateTime<Utc>);
        let mut days: BTreeMap<Day<'_>, (i64, DateTime<Utc>)> = BTreeMap::new();
        for block in &self.blocks {
            for ((customer, day), (events, latest)) in block.days() {
                let slot = days.entry((customer.as_str(), *day)).or_insert((0, *latest));
                slot.0 += events;
                slot.1 = slot.1.max(*latest);
            }
        }
        days.into_iter()
            .map(|((customer_id, day), (events, latest))| QueuedActivity {
                customer_id: customer_id.to_string(),
                day,
                events,
                latest,
            })
            .collect()
    }
}

/// What the queued events add to each window ([`repo::queued_cells`]), from memory unless the
/// tail is too long to hold. `listed` is the queue as the caller's snapshot listed it, when the
/// caller read it with another statement ([`Tail::read_listed`]); otherwise it is listed here.
pub fn queued_cells(
    conn: &mut Conn,
    listed: Option<Vec<QueuedBlock>>,
    meters: &[&Meter],
    windows: &[(usize, Window)],
    grain: repo::TailGrain,
) -> Result<TailCells, AppError> {
    if windows.is_empty() || meters.is_empty() {
        return Ok(TailCells::default());
    }
    let queued = match listed {
        Some(queued) => queued,
        None => repo::queued_block_versions(conn, None)?,
    };
    match Tail::read_listed(conn, queued)? {
        Some(tail) => tail.cells(meters, windows),
        None => Ok(repo::queued_cells(conn, meters, windows, grain)?),
    }
}
