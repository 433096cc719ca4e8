//! What PostgreSQL is doing during a phase: every 100 ms, the wait event and statement of each
//! of this database's backends that is running a query (or idle inside a transaction), and the
//! depth of the rollup queue, and when a checkpoint ended; the WAL written over the phase. A
//! thread with its own connection; the histogram says whether backends wait on locks, on I/O or
//! run on the CPU, and the checkpoints whether a stall lines up with one.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use serde::Serialize;

pub const EVERY: Duration = Duration::from_millis(100);
/// How long after a phase the sampler still watches for a checkpoint's end: a stall at the
/// phase's end is the end of a checkpoint that completes up to this long after it.
pub const WATCH_AFTER: Duration = crate::stalls::BEFORE;

#[derive(QueryableByName)]
struct Backend {
    #[diesel(sql_type = Text)]
    wait: String,
    #[diesel(sql_type = Text)]
    query: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Queue {
    #[diesel(sql_type = BigInt)]
    blocks: i64,
    #[diesel(sql_type = BigInt)]
    events: i64,
}

/// One (wait event, statement) pair: how many backend-samples were in it.
#[derive(Debug, Clone, Serialize)]
pub struct Waiting {
    pub wait: String,
    pub statement: String,
    pub samples: u64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Samples {
    /// Sampling rounds taken.
    pub rounds: u64,
    /// Most frequent first.
    pub histogram: Vec<Waiting>,
    pub queue_max_blocks: i64,
    pub queue_max_events: i64,
    /// Queued events summed over the rounds that read the queue, and how many did.
    pub queue_events_sum: i64,
    pub queue_reads: u64,
    /// A statement's text (whitespace folded, cut at 400 characters) for each label.
    pub statements: BTreeMap<String, String>,
    /// When checkpoints were seen to end while sampling (`pg_stat_bgwriter`'s count went up
    /// between two samples; the benchmark's own CHECKPOINTs run before a phase, not during it),
    /// within one sampling interval. The phase adds those seen in the [`Watch`] after it.
    #[serde(skip)]
    pub checkpoint_ends: Vec<Instant>,
    /// WAL the server wrote while sampling, bytes (`pg_stat_wal`: every database of the server).
    pub wal_bytes: i64,
}

impl Samples {
    /// Adds another phase's samples (the same phase of another round).
    pub fn merge(&mut self, other: &Samples) {
        let mut map: BTreeMap<(String, String), u64> = BTreeMap::new();
        for w in self.histogram.iter().chain(&other.histogram) {
            *map.entry((w.wait.clone(), w.statement.clone())).or_default() += w.samples;
        }
        self.rounds += other.rounds;
        self.histogram = sorted(map);
        self.queue_max_blocks = self.queue_max_blocks.max(other.queue_max_blocks);
        self.queue_max_events = self.queue_max_events.max(other.queue_max_events);
        self.queue_events_sum += other.queue_events_sum;
        self.queue_reads += other.queue_reads;
        self.checkpoint_ends.extend(&other.checkpoint_ends);
        self.wal_bytes += other.wal_bytes;
        for (k, v) in &other.statements {
            self.statements.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }

    /// Backends in a query on average.
    pub fn mean_active(&self) -> f64 {
        self.histogram.iter().map(|w| w.samples).sum::<u64>() as f64 / self.rounds.max(1) as f64
    }

    /// Events waiting for the roller on average over the sampling rounds.
    pub fn queue_mean_events(&self) -> f64 {
        self.queue_events_sum as f64 / self.queue_reads.max(1) as f64
    }
}

fn sorted(map: BTreeMap<(String, String), u64>) -> Vec<Waiting> {
    let mut v: Vec<Waiting> = map
        .into_iter()
        .map(|((wait, statement), samples)| Waiting {
            wait,
            statement,
            samples,
        })
        .collect();
    v.sort_by(|a, b| b.samples.cmp(&a.samples).then(a.wait.cmp(&b.wait)));
    v
}

/// A short name for a statement: `INSERT INTO events`, `SELECT … FROM rollups, events`,
/// `COMMIT` — the tables after FROM and JOIN (not subqueries, functions or one-letter CTEs).
pub fn label(query: &str) -> String {
    let words: Vec<&str> = query.split_whitespace().collect();
    let upper = |i: usize| words.get(i).map(|w| w.to_ascii_uppercase()).unwrap_or_default();
    let clean = |w: &str| {
        w.trim_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .to_string()
    };
    let first = upper(0);
    match first.as_str() {
        "INSERT" | "DELETE" => format!(
            "{first} {} {}",
            upper(1),
            words.get(2).map(|w| clean(w)).unwrap_or_default()
        ),
        "UPDATE" => format!("UPDATE {}", words.get(1).map(|w| clean(w)).unwrap_or_default()),
        "SELECT" | "WITH" => {
            let mut tables: Vec<String> = Vec::new();
            for pair in words.windows(2) {
                let keyword = pair[0].eq_ignore_ascii_case("FROM") || pair[0].eq_ignore_ascii_case("JOIN");
                // Subqueries, set-returning functions and LATERAL are not tables.
                if !keyword || pair[1].contains('(') || pair[1].eq_ignore_ascii_case("LATERAL") {
                    continue;
                }
                let t = clean(pair[1]);
                // CTE names here are one letter (q, r, m …); real tables are longer.
                if t.len() > 1 && !tables.contains(&t) {
                    tables.push(t);
                }
            }
            if tables.is_empty() {
                words.iter().take(3).copied().collect::<Vec<_>>().join(" ")
            } else {
                format!(
                    "{first} … FROM {}",
                    tables.into_iter().take(3).collect::<Vec<_>>().join(", ")
                )
            }
        }
        "" => "(none)".into(),
        _ => words.iter().take(2).copied().collect::<Vec<_>>().join(" "),
    }
}

/// The sampling thread of one phase.
pub struct Sampler {
    stop: Arc<AtomicBool>,
    samples: std::sync::mpsc::Receiver<Samples>,
    handle: JoinHandle<Vec<Instant>>,
}

/// The sampler after its phase, still watching for a checkpoint's end for [`WATCH_AFTER`].
pub struct Watch {
    handle: JoinHandle<Vec<Instant>>,
}

impl Watch {
    /// When checkpoints were seen to end in the watch, once it is over.
    pub fn checkpoint_ends(self) -> Vec<Instant> {
        self.handle.join().unwrap_or_default()
    }
}

impl Sampler {
    pub fn start(url: &str) -> anyhow::Result<Sampler> {
        let mut conn = PgConnection::establish(url)?;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let (send, samples) = std::sync::mpsc::channel();
        let handle = std::thread::spawn(move || {
            let mut map: BTreeMap<(String, String), u64> = BTreeMap::new();
            let mut s = Samples::default();
            let wal_at_start = wal_bytes(&mut conn);
            let mut checkpoints = Checkpoints::default();
            while !flag.load(Ordering::Relaxed) {
                let backends: Vec<Backend> = diesel::sql_query(
                    "SELECT CASE WHEN state = 'idle in transaction' THEN 'idle in transaction'
                                 ELSE coalesce(wait_event_type || ':' || wait_event, 'CPU (no wait event)') END AS wait,
                            left(query, 2000) AS query
                     FROM pg_stat_activity
                     WHERE datname = current_database() AND pid <> pg_backend_pid()
                       AND backend_type = 'client backend'
                       AND state IN ('active', 'idle in transaction')",
                )
                .load(&mut conn)
                .unwrap_or_default();
                for b in backends {
                    let name = label(&b.query);
                    s.statements.entry(name.clone()).or_insert_with(|| {
                        b.query
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ")
                            .chars()
                            .take(400)
                            .collect()
                    });
                    *map.entry((b.wait, name)).or_default() += 1;
                }
                s.rounds += 1;
                if let Ok(q) = diesel::sql_query(
                    "SELECT count(*)::int8 AS blocks, coalesce(sum(events), 0)::int8 AS events FROM rollup_queue",
                )
                .get_result::<Queue>(&mut conn)
                {
                    s.queue_max_blocks = s.queue_max_blocks.max(q.blocks);
                    s.queue_max_events = s.queue_max_events.max(q.events);
                    s.queue_events_sum += q.events;
                    s.queue_reads += 1;
                }
                if checkpoints.ended(&mut conn) {
                    s.checkpoint_ends.push(Instant::now());
                }
                std::thread::sleep(EVERY);
            }
            if let (Some(start), Some(end)) = (wal_at_start, wal_bytes(&mut conn)) {
                s.wal_bytes = end - start;
            }
            s.histogram = sorted(map);
            let _ = send.send(s);
            // A stall that ends the phase belongs to a checkpoint that ends just after it.
            let mut late = Vec::new();
            let until = Instant::now() + WATCH_AFTER;
            while Instant::now() < until {
                if checkpoints.ended(&mut conn) {
                    late.push(Instant::now());
                }
                std::thread::sleep(EVERY);
            }
            late
        });
        Ok(Sampler {
            stop,
            samples,
            handle,
        })
    }

    /// Ends the sampling: its samples at once, and the watch that goes on after it.
    pub fn stop(self) -> (Samples, Watch) {
        self.stop.store(true, Ordering::Relaxed);
        let samples = self.samples.recv().unwrap_or_default();
        (samples, Watch { handle: self.handle })
    }
}

/// The checkpoints completed so far, as last read.
#[derive(Default)]
struct Checkpoints {
    seen: Option<i64>,
}

impl Checkpoints {
    /// Whether a checkpoint ended since the last call (never on the first).
    fn ended(&mut self, conn: &mut PgConnection) -> bool {
        let Ok(now) = diesel::sql_query(
            "SELECT (checkpoints_timed + checkpoints_req)::int8 AS n FROM pg_stat_bgwriter",
        )
        .get_result::<Count>(conn) else {
            return false;
        };
        let ended = self.seen.is_some_and(|seen| now.n > seen);
        self.seen = Some(now.n);
        ended
    }
}

/// The WAL written since the server's statistics were reset, bytes (None before PostgreSQL 14).
fn wal_bytes(conn: &mut PgConnection) -> Option<i64> {
    diesel::sql_query("SELECT wal_bytes::int8 AS n FROM pg_stat_wal")
        .get_result::<Count>(conn)
        .ok()
        .map(|c| c.n)
}

/// The 1, 5 and 15 minute load averages (`/proc/loadavg`).
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}
