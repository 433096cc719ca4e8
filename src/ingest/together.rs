//! Concurrent batches stored together. Each store costs a fixed part whatever its size (the
//! statement's guard, its block and queue row, the commit, the round trip, the hops between
//! threads), so while a few stores are running (`METERDESK_STORES_IN_FLIGHT`, 2 by default; 0 turns
//! the line off), a batch that is ready waits in line instead of starting another — unless the line
//! is empty and fewer than twice that many are storing ([`Together::new`]: a few clients would only
//! wait, with nobody to go with); when a store ends, the first batch in line leads the next one and
//! takes every batch in line that can go with it: the same source, no event id in common, at most
//! [`GROUP_EVENTS`] events together. The group is one store (one statement, and a COPY of its
//! events from `repo::GROUP_COPY_FROM`): one guard (the union of the batches' — each was checked
//! against the process's memory), one block of receipt numbers in which each batch's events are a
//! run in its arrival order, one queue row, one commit. Each batch is answered from its share only
//! after that store committed, so an acknowledged event is still a committed one; if the guard or
//! the store fails, every other batch of the group looks up again and stores alone (the leader
//! too, unless it was alone or the database is unavailable: then it gets the error).
//!
//! Batches go together only if they remembered the same meters for every event name they share
//! (a union of a stale and a fresh memory could pass the guard although the stale batch was
//! checked against fewer meters). A batch that waited longer than its patience ([`PATIENCE`])
//! leaves the line and leads a store of its own beside the running ones, taking the batches
//! still in line that can go with it, on a slot over the limit that ends with that store: a
//! store can be slow (the database busy with page views) or wait on a row lock (an id an
//! upload's transaction holds), and neither holds the line up for longer than that.
//!
//! Only batches stored on their own (not in a caller's transaction), checked against memory,
//! come here. A batch waiting in line gives its connection back when it has a
//! [`Lease`](crate::db::Lease) (the API's), so that the line is as long as the batches that are
//! ready and a group can be large; on a plain connection it holds it while it waits.

use std::collections::{HashMap, VecDeque};
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, mpsc};
use std::time::Duration;

use super::model::{Checked, Source};
use super::{handover, repo};
use crate::db::{Conn, Link};
use crate::error::AppError;

/// How long a batch waits in line before it leads a store of its own. B6's mixed run (ingest at
/// 0.28 × COPY beside 32 page viewers, page cache off; `scripts/bench live --rounds 1 --only
/// copy,closed,mixed --clients 64`, one build reading it from the environment): ingest p99 195
/// ms with 50 ms, 100–125 ms with 25 ms, 134 ms with 10 ms (against 59 ms with the line off),
/// while the closed loop with 64 clients stored 72,362, 72,788 and 71,050 events/s.
pub const PATIENCE: Duration = Duration::from_millis(25);

/// The most events a group holds. Larger groups spread a store's fixed cost further: B6's closed
/// loop with 64 clients (same command, 2 stores in flight) stored 61,212 events/s with groups of
/// at most 499 events, 70,775 with 1,500 and 72,875 with 3,000, against 59,312 with the line off
/// (PostgreSQL's CPU per 100,000 events 1.84, 1.67 and 1.63 s against 2.15 s).
pub const GROUP_EVENTS: usize = 3000;

/// A batch ready to store: the events that passed its checks (`picks`, positions in `events`,
/// in arrival order, distinct ids), what its memory-based checks assumed, and where it came from.
pub struct Job {
    pub events: Arc<Vec<Checked>>,
    pub picks: Vec<usize>,
    pub guard: repo::Guard,
    /// Each of the batch's event names with the digests of the active meters it remembered
    /// listening to it, sorted (empty: none).
    pub listening: Vec<(String, Vec<String>)>,
    pub source: Source,
}

impl Job {
    fn picked(&self) -> impl Iterator<Item = &Checked> {
        self.picks.iter().map(|&p| &self.events[p])
    }
}

/// A batch's part of its group's store: its first receipt number (its `i`th picked event has
/// `first_seq + i`) and the ids the group stored (the batch's other ids were taken already).
pub struct Share {
    pub first_seq: i64,
    pub stored: Arc<repo::StoredIds>,
}

/// What a waiting batch is told.
enum Turn {
    Stored(Share),
    /// Lead the next group (the store slot passes to it).
    Lead(Job),
    /// The group's guard failed: look up from the database and store alone.
    LookAgain,
}

struct Waiting {
    ticket: u64,
    job: Job,
    reply: mpsc::SyncSender<Turn>,
}

#[derive(Default)]
struct Line {
    storing: usize,
    waiting: VecDeque<Waiting>,
}

/// The line of one pool's batches (in `AppState`: one database).
pub struct Together {
    in_flight: usize,
    /// While the line is empty, a batch stores at once as long as fewer than this are storing.
    crowd: usize,
    patience: Duration,
    line: Mutex<Line>,
    tickets: AtomicU64,
    statements: AtomicU64,
    batches: AtomicU64,
}

impl Together {
    /// Up to `in_flight` stores at once (twice that while no batch waits: with few clients a
    /// batch would wait for a store to end and then go alone; B6's closed loop with 4 clients
    /// stored 53,925 and 56,288 events/s this way against 51,550 and 51,950, with 16 and 64 clients
    /// alike); 0: no line, every batch stores alone.
    pub fn new(in_flight: usize) -> Self {
        Together {
            in_flight,
            crowd: 2 * in_flight,
            patience: PATIENCE,
            line: Mutex::default(),
            tickets: AtomicU64::new(0),
            statements: AtomicU64::new(0),
            batches: AtomicU64::new(0),
        }
    }

    /// A line that a batch joins whenever `in_flight` stores are running, even when it is
    /// empty, and waits in up to `patience` before it leads a store of its own (tests line
    /// batches up one by one).
    pub fn lined_up(in_flight: usize, patience: Duration) -> Self {
        Together {
            crowd: in_flight,
            patience,
            ..Together::new(in_flight)
        }
    }

    /// Stores the batch, with others if it has to wait: its share, or `None` when a guard
    /// failed (the caller looks up from the database and stores alone).
    pub fn store<L: Link + ?Sized>(&self, link: &mut L, job: Job) -> Result<Option<Share>, AppError> {
        if self.in_flight == 0 {
            return self.store_group(link.conn()?, job, Vec::new());
        }
        let mut line = self.lock();
        if line.storing < self.in_flight || (line.waiting.is_empty() && line.storing < self.crowd) {
            line.storing += 1;
            drop(line);
            return self.lead(link, job);
        }
        let (reply, turn) = mpsc::sync_channel(1);
        let ticket = self.tickets.fetch_add(1, Ordering::Relaxed);
        line.waiting.push_back(Waiting { ticket, job, reply });
        drop(line);
        // Nothing of the database is held in line (with a lease).
        link.give_back();
        let turn = match turn.recv_timeout(self.patience) {
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let mut line = self.lock();
                match line.waiting.iter().position(|w| w.ticket == ticket) {
                    // Still in line: leave it and lead a store of its own beside the running
                    // ones, with a slot over the limit (a blocked or slow store must not hold
                    // this one up; the batches still in line may go with it).
                    Some(at) => {
                        let Some(left) = line.waiting.remove(at) else {
                            return Err(AppError::internal("a batch left the line twice"));
                        };
                        line.storing += 1;
                        drop(line);
                        return self.lead(link, left.job);
                    }
                    // Taken already: its answer is on the way.
                    None => {
                        drop(line);
                        turn.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected)
                    }
                }
            }
            other => other,
        };
        match turn {
            Ok(Turn::Stored(share)) => Ok(Some(share)),
            Ok(Turn::Lead(job)) => self.lead(link, job),
            Ok(Turn::LookAgain) => Ok(None),
            Err(_) => Err(AppError::internal(
                "the store that took this batch stopped without an answer",
            )),
        }
    }

    /// Whether batches wait in line at all (`in_flight` above 0).
    pub fn lines_up(&self) -> bool {
        self.in_flight > 0
    }

    /// Batches waiting in line now.
    pub fn waiting(&self) -> usize {
        self.lock().waiting.len()
    }

    /// (statements run, batches they stored) so far.
    pub fn counts(&self) -> (u64, u64) {
        (
            self.statements.load(Ordering::Relaxed),
            self.batches.load(Ordering::Relaxed),
        )
    }

    fn lock(&self) -> MutexGuard<'_, Line> {
        // Nothing panics while the line is held; a poisoned lock still holds a sound line.
        self.line.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stores `own` with the batches in line that can go with it, holding a store slot (passed
    /// on when done, also on a panic or when no connection can be had).
    fn lead<L: Link + ?Sized>(&self, link: &mut L, own: Job) -> Result<Option<Share>, AppError> {
        let _slot = Slot(self);
        let conn = link.conn()?;
        let others = self.join(&own);
        self.store_group(conn, own, others)
    }

    /// One statement for `own` and `others`; each of `others` is answered here.
    fn store_group(
        &self,
        conn: &mut Conn,
        own: Job,
        others: Vec<Waiting>,
    ) -> Result<Option<Share>, AppError> {
        let jobs: Vec<&Job> = std::iter::once(&own)
            .chain(others.iter().map(|w| &w.job))
            .collect();
        let batch: Vec<&Checked> = jobs.iter().flat_map(|j| j.picked()).collect();
        let guard = match others.is_empty() {
            true => std::borrow::Cow::Borrowed(&own.guard),
            false => std::borrow::Cow::Owned(union(&jobs)),
        };
        self.statements.fetch_add(1, Ordering::Relaxed);
        self.batches.fetch_add(jobs.len() as u64, Ordering::Relaxed);
        let done = match repo::store_group(conn, &batch, &own.source, &guard) {
            Ok(Some(done)) => done,
            failed => {
                let alone = others.is_empty();
                for w in &others {
                    let _ = w.reply.send(Turn::LookAgain);
                }
                return match failed.map_err(AppError::from) {
                    // A failure that may be another batch's: look up again, alone.
                    Err(e) if alone || matches!(e, AppError::Unavailable(_)) => Err(e),
                    _ => Ok(None),
                };
            }
        };
        let stored = Arc::new(done.stored);
        // Answered first: whatever happens next, a committed batch is told so.
        let mut first_seq = done.first_seq + own.picks.len() as i64;
        for w in &others {
            let share = Share {
                first_seq,
                stored: Arc::clone(&stored),
            };
            first_seq += w.job.picks.len() as i64;
            let _ = w.reply.send(Turn::Stored(share));
        }
        if let Some(queued) = done.queued {
            handover::hand_over(&batch, done.first_seq, |id| stored.contains(id), queued);
        }
        Ok(Some(Share {
            first_seq: done.first_seq,
            stored,
        }))
    }

    /// Takes from the line the batches that can go with `own`, in line order.
    fn join(&self, own: &Job) -> Vec<Waiting> {
        let mut line = self.lock();
        if line.waiting.is_empty() {
            return Vec::new();
        }
        // Ids by their hashes: two ids with one hash only keep a batch for the next group.
        let mut ids: foldhash::HashSet<u64> = own.picked().map(|e| id_hash(&e.event_id)).collect();
        let mut events = own.picks.len();
        let mut listening: HashMap<String, Vec<String>> = own.listening.iter().cloned().collect();
        let mut taken = Vec::new();
        let mut kept = VecDeque::with_capacity(line.waiting.len());
        for w in line.waiting.drain(..) {
            let job = &w.job;
            let fits = job.source == own.source
                && events + job.picks.len() <= GROUP_EVENTS
                && job
                    .listening
                    .iter()
                    .all(|(n, d)| listening.get(n).is_none_or(|g| g == d))
                && job.picked().all(|e| !ids.contains(&id_hash(&e.event_id)));
            if fits {
                ids.extend(job.picked().map(|e| id_hash(&e.event_id)));
                listening.extend(job.listening.iter().cloned());
                events += job.picks.len();
                taken.push(w);
            } else {
                kept.push_back(w);
            }
        }
        line.waiting = kept;
        taken
    }
}

/// A store slot: when dropped, the first batch in line leads the next group with it, or the
/// slot is given back.
struct Slot<'a>(&'a Together);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut line = self.0.lock();
        // A slot over the limit (taken past a batch's patience) ends with its store.
        if line.storing <= self.0.in_flight {
            while let Some(next) = line.waiting.pop_front() {
                if next.reply.send(Turn::Lead(next.job)).is_ok() {
                    return;
                }
            }
        }
        line.storing -= 1;
    }
}

/// An id's hash for [`Together::join`] (under the line's lock: a fast hash; ids that collide
/// only wait for the next group).
fn id_hash(id: &str) -> u64 {
    foldhash::fast::FixedState::default().hash_one(id)
}

/// The group's guard: every batch's customers, names and meter digests (each batch's digests
/// are those of its names' meters, and batches that share a name remembered the same meters
/// for it, so together they are the digests of all the names' meters).
fn union(jobs: &[&Job]) -> repo::Guard {
    let all = |part: fn(&repo::Guard) -> &Vec<String>| {
        let mut v: Vec<String> = jobs.iter().flat_map(|j| part(&j.guard).iter().cloned()).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    repo::Guard {
        customers: all(|g| &g.customers),
        names: all(|g| &g.names),
        digests: all(|g| &g.digests),
    }
}
