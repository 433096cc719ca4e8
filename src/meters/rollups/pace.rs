//! When the roller rolls: it lets blocks gather while a burst keeps coming (each roll writes a
//! rollup row once per (meter, customer, day) it touches, however many of its events fall in
//! it), rolls sooner while readers read the queued tail, and runs in the background of every
//! serving process ([`run_forever`]).

use super::repo;
use super::roller::{MAX_BLOCKS, build_pending_cycles, roll};
use crate::error::AppError;

/// How long the roller sleeps when the queue is empty (or another instance holds the lock).
pub const IDLE: std::time::Duration = std::time::Duration::from_millis(100);

/// How long the roller waits before its next roll while readers read the queued tail. Rolling
/// back to back (as it first did) rewrote the hot customers' rollup rows dozens of times a second
/// under live ingest; a pause lets each roll take more events per row, for a longer queued tail
/// that every page view adds. 40 ms (chosen against back to back) still rolled about six times a
/// second under B6's mixed run, each roll rewriting the same ~900 hourly, daily and cycle rows
/// (about 45 ms of PostgreSQL per roll); since the tail is merged from memory, a longer pause
/// costs the pages less than the rolls it saves. B6's mixed run (30,000 events/s, 32 viewers;
/// `scripts/bench live --rounds 1 --only mixed`, one binary with the pause set per run,
/// alternated, `pg_stat_statements` loaded in every run): with the page cache on, ingest and
/// page p99 both within 250 ms in 7 of 8 runs at 150 ms (page p99 median 186 ms, 406 pages/s,
/// PostgreSQL 3.4-3.6 s per 100,000 events) and in 4 of 4 at 100 ms (page p99 171-224 ms),
/// against 2 of 6 at 40 ms (ingest p99 54-3,851 ms, median 359; page p99 median 245 ms, 305
/// pages/s; PostgreSQL 3.6-4.5 s) and 1 of 2 at 300 ms; with it off, medians of ingest p99
/// 74 ms and page p99 278 ms at 150 against 349 and 332 ms at 40.
pub const READ_PAUSE: std::time::Duration = std::time::Duration::from_millis(150);

/// How often at most the roller looks at the queue while blocks wait in it and nobody reads
/// them ([`next_look`]).
pub const WATCH: std::time::Duration = std::time::Duration::from_millis(50);

/// When nobody reads the queued tail, the roller lets blocks gather while they keep coming:
/// it rolls once none has been queued for [`QUIET`], the oldest has waited [`MAX_WAIT`], or
/// [`MAX_BLOCKS`] blocks or as many events as this process holds in memory
/// ([`super::tail_memory::MAX_EVENTS`]: past it readers aggregate the tail in SQL) are
/// queued. Each roll writes a rollup row once per (meter, customer, day) it touches, however
/// many of the roll's events fall in it, so fewer, larger rolls write fewer rows per event: a
/// burst of 100,000 events for 1,000 customers over 30 days (B1) touched an estimated 135,000
/// daily rows in four rolls made while it came in, where one roll after it touches at most
/// 60,000. Readers still count every event (they add the queued ones), and a reader that
/// reads the tail makes the roller roll after [`READ_PAUSE`]. Rolling at half the events held
/// in memory (as first) rolled that burst twice, the second roll updating ~40,000 of the day
/// rows the first wrote: B1 (`scripts/bench --only b1 --rounds 2 --batches 1000 --clients 4`,
/// alternated, 2 runs each) 0.481 and 0.515 × COPY with one roll against 0.433 and 0.449,
/// PostgreSQL CPU 1.06-1.35 s per side against 1.35-1.51 s.
pub const QUIET: std::time::Duration = std::time::Duration::from_millis(150);
pub const MAX_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// A burst's end, seen sooner: once at least [`SETTLED_EVENTS`] events are queued, the roller
/// rolls when none has been queued for [`SETTLE`] and no ingest of this process is storing
/// ([`storing`]), instead of waiting [`QUIET`]. A large queue gains little from gathering more
/// (its roll writes most of the rows it will touch anyway), and the burst's usage reaches the
/// rollups up to 120 ms sooner. Under live traffic some batch is nearly always storing, so rolls there
/// still gather as before; a steady trickle queues fewer events than this before [`MAX_WAIT`].
pub const SETTLE: std::time::Duration = std::time::Duration::from_millis(30);
pub const SETTLED_EVENTS: i64 = super::tail_memory::MAX_EVENTS / 5;

/// Ingests of this process between the checks of their batch and its commit.
static STORING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Counts an ingest as storing until dropped (the roller reads it as [`Activity::Storing`]).
#[must_use = "the ingest counts as storing only while this is held"]
pub struct Storing(());

impl Drop for Storing {
    fn drop(&mut self) {
        STORING.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Marks an ingest of this process as storing, until the returned value is dropped.
pub fn storing() -> Storing {
    STORING.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Storing(())
}

/// Whether an ingest of this process is storing as the roller looks at the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    Storing,
    Idle,
}

impl Activity {
    fn now() -> Activity {
        if STORING.load(std::sync::atomic::Ordering::Relaxed) == 0 {
            Activity::Idle
        } else {
            Activity::Storing
        }
    }
}

/// How long no block must have been queued before the roller takes the queue as it stands:
/// [`SETTLE`] once a large queue's ingests here are done, else [`QUIET`].
fn quiet_for(t: &repo::QueueTiming, activity: Activity) -> i64 {
    if activity == Activity::Idle && t.events >= SETTLED_EVENTS {
        ms(SETTLE)
    } else {
        ms(QUIET)
    }
}

/// `d` in whole milliseconds, as [`repo::QueueTiming`] counts them.
fn ms(d: std::time::Duration) -> i64 {
    d.as_millis() as i64
}

/// Whether blocks queued as `t` says are worth a roll now (see [`QUIET`] and [`SETTLE`]).
pub fn worth_rolling(t: &repo::QueueTiming, activity: Activity) -> bool {
    t.blocks > 0
        && (t.blocks >= MAX_BLOCKS
            || t.events >= super::tail_memory::MAX_EVENTS
            || t.oldest_ms >= ms(MAX_WAIT)
            || t.newest_ms >= quiet_for(t, activity))
}

/// How long the roller waits before it looks at a queue timed as `t` again (not yet
/// [`worth_rolling`]): [`IDLE`] when it is empty; else until the newest block will have waited
/// [`QUIET`] (or [`SETTLE`]) or the oldest [`MAX_WAIT`], whichever comes first, but at most
/// [`WATCH`]. A burst's last blocks are rolled [`QUIET`] after they came, not up to a [`WATCH`]
/// later.
pub fn next_look(t: &repo::QueueTiming, activity: Activity) -> std::time::Duration {
    if t.blocks == 0 {
        return IDLE;
    }
    let due = (quiet_for(t, activity) - t.newest_ms).min(ms(MAX_WAIT) - t.oldest_ms);
    std::time::Duration::from_millis(due.clamp(1, ms(WATCH)) as u64)
}

/// The background roller of a serving process: rolls while blocks are queued, sleeps [`IDLE`]
/// when none are. Errors (a database outage) are logged and retried after a pause; nothing is
/// lost meanwhile — the blocks stay queued and readers keep counting them.
///
/// After a roll of fewer than [`MAX_BLOCKS`] blocks it rolls again after [`READ_PAUSE`] while
/// this process's readers read the queued tail (pages add it to every figure, at a cost that
/// grows with the queue); when nobody did, it waits until the queue is [`worth_rolling`].
/// Rolling sooner halves the queue under page views, but without them it only costs: each roll
/// rewrites the hot customers' rollup rows once for fewer events (at 20,000 events/s, a third
/// more PostgreSQL CPU per event).
///
/// Each roll is logged at debug level with its blocks, events and milliseconds
/// (`RUST_LOG=info,meterdesk::meters::rollups::pace=debug`), to set beside request latencies.
pub async fn run_forever(pool: crate::db::DbPool) {
    if let Err(e) = crate::db::run(&pool, build_pending_cycles).await {
        tracing::warn!("building cycle rollups: {}", crate::error::AppError::from(e));
    }
    loop {
        let started = std::time::Instant::now();
        let rolled = crate::db::run(&pool, |c| roll(c, MAX_BLOCKS));
        let rolled = crate::db::lanes::scope(crate::db::lanes::Lane::Roller, rolled).await;
        if let Ok(r) = &rolled
            && r.blocks > 0
        {
            let ms = started.elapsed().as_millis() as u64;
            tracing::debug!(blocks = r.blocks, events = r.events, ms, "rolled");
        }
        match rolled {
            Ok(r) if r.blocks as i64 == MAX_BLOCKS => continue,
            Ok(_) => until_worth_rolling(&pool).await,
            Err(e) => {
                tracing::warn!("rolling up queued events: {}", crate::error::AppError::from(e));
                actix_web::rt::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        }
    }
}

/// Waits until a reader has read the queued tail (then [`READ_PAUSE`] more) or the queue is
/// [`worth_rolling`]; returns at once on an error (the roll that follows reports it).
async fn until_worth_rolling(pool: &crate::db::DbPool) {
    loop {
        if repo::take_tail_read() {
            actix_web::rt::time::sleep(READ_PAUSE).await;
            return;
        }
        let timing = crate::db::run(pool, |c| repo::queue_timing(c).map_err(AppError::from));
        let timing = crate::db::lanes::scope(crate::db::lanes::Lane::Roller, timing).await;
        let activity = Activity::now();
        match timing {
            Ok(t) if worth_rolling(&t, activity) => return,
            Ok(t) => actix_web::rt::time::sleep(next_look(&t, activity)).await,
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timing(blocks: i64, oldest_ms: i64, newest_ms: i64) -> repo::QueueTiming {
        repo::QueueTiming {
            blocks,
            events: blocks * 100,
            oldest_ms,
            newest_ms,
        }
    }

    #[test]
    fn blocks_gather_while_they_keep_coming() {
        let worth_rolling = |t: &repo::QueueTiming| worth_rolling(t, Activity::Storing);
        // Nothing queued: nothing to roll, however long ago.
        assert!(!worth_rolling(&timing(0, 60_000, 60_000)));
        // Blocks still arriving, the oldest young, fewer than a roll takes: wait.
        assert!(!worth_rolling(&timing(40, 2_000, 10)));
        // No block for a while: the burst is over.
        assert!(worth_rolling(&timing(40, 2_000, QUIET.as_millis() as i64)));
        // Arriving without a pause: the oldest has waited long enough.
        assert!(worth_rolling(&timing(40, MAX_WAIT.as_millis() as i64, 0)));
        // A whole roll's worth.
        assert!(worth_rolling(&timing(MAX_BLOCKS, 10, 0)));
        // Large blocks: as many events as the tail memory holds, in fewer blocks; one fewer
        // still gathers.
        let large = repo::QueueTiming {
            events: super::super::tail_memory::MAX_EVENTS,
            ..timing(100, 10, 0)
        };
        assert!(worth_rolling(&large));
        let fewer = repo::QueueTiming {
            events: super::super::tail_memory::MAX_EVENTS - 1,
            ..large
        };
        assert!(!worth_rolling(&fewer));
    }

    #[test]
    fn a_large_queue_is_rolled_once_this_process_stops_storing() {
        let settle = ms(SETTLE);
        let large = |newest_ms| repo::QueueTiming {
            events: SETTLED_EVENTS,
            ..timing(40, 2_000, newest_ms)
        };
        // A batch of this process is storing: the burst may go on, so wait for QUIET.
        assert!(!worth_rolling(&large(settle), Activity::Storing));
        assert_eq!(next_look(&large(settle), Activity::Storing), WATCH);
        // None is, and nothing came for SETTLE: the burst is over.
        assert!(!worth_rolling(&large(settle - 1), Activity::Idle));
        assert_eq!(
            next_look(&large(settle - 10), Activity::Idle),
            std::time::Duration::from_millis(10)
        );
        assert!(worth_rolling(&large(settle), Activity::Idle));
        // A small queue gathers for QUIET even when nothing is storing (a trickle of batches).
        let small = repo::QueueTiming {
            events: SETTLED_EVENTS - 1,
            ..large(settle)
        };
        assert!(!worth_rolling(&small, Activity::Idle));
        // The marker counts while held.
        let before = Activity::now();
        {
            let _storing = storing();
            assert_eq!(Activity::now(), Activity::Storing);
        }
        if before == Activity::Idle {
            assert_eq!(Activity::now(), Activity::Idle);
        }
    }

    #[test]
    fn the_roller_looks_again_when_the_queue_turns_quiet_and_at_most_a_watch_later() {
        let next_look = |t: &repo::QueueTiming| next_look(t, Activity::Storing);
        let millis = std::time::Duration::from_millis;
        let quiet = ms(QUIET);
        assert_eq!(next_look(&timing(0, 0, 0)), IDLE);
        // A block just came: look again within WATCH.
        assert_eq!(next_look(&timing(3, 200, 0)), WATCH);
        // The newest block waited all but 20 ms of QUIET: look again exactly then.
        assert_eq!(next_look(&timing(3, 200, quiet - 20)), millis(20));
        // The oldest is about to have waited MAX_WAIT.
        let max_wait = ms(MAX_WAIT);
        assert_eq!(next_look(&timing(3, max_wait - 5, 0)), millis(5));
        // Past due (the look itself took time): at once, but not in a busy loop.
        assert_eq!(next_look(&timing(3, 200, quiet + 30)), millis(1));
    }
}
