//! The connection pool and [`run`], the one place that moves blocking diesel work onto a
//! blocking thread. It keeps working through outages: a checkout waits a bounded time, a
//! connection found dead is dropped instead of going back to the pool, and after any sign of
//! an outage every pooled connection is checked once before its next use. Without that check
//! each connection a restart broke would fail one request of its own before being dropped.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use diesel::PgConnection;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::r2d2::{ConnectionManager, CustomizeConnection, HandleError, Pool, PooledConnection};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::failure::{Failure, Unavailable, is_connection_failure};
use super::lanes::{self, Lane};
use super::ping;

type Manager = ConnectionManager<PgConnection>;

/// A pooled connection.
pub type Pooled = PooledConnection<Manager>;

/// How long a checkout may wait for a connection while the server is believed up: enough for
/// a restart that is already under way to finish, short enough that no request hangs long.
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(2);

/// How long a checkout waits once the last attempt to reach the server failed: requests queued
/// behind an outage fail fast (and are told to retry) instead of waiting in turn.
const CHECKOUT_TIMEOUT_WHILE_DOWN: Duration = Duration::from_millis(250);

/// The connection pool, with a first-come, first-served queue in front of it: r2d2 hands a
/// freed connection to whichever waiting thread wakes first, so under load some requests
/// would wait far longer than others; [`run`] takes a turn here before it takes a thread. Each
/// [`Lane`] has its own queue and its own connections (see [`lanes`]).
#[derive(Clone)]
pub struct DbPool {
    pool: Pool<Manager>,
    /// Turns of the requests' lane.
    turns: Arc<Semaphore>,
    /// Turns of the page views' lane.
    pages: Arc<Semaphore>,
    /// The roller's connection.
    roller: Arc<Semaphore>,
    watch: Arc<Watch>,
    pub(super) probe: Arc<super::health::Probe>,
}

/// What the pool has learned about the server.
#[derive(Debug, Default)]
struct Watch {
    /// Bumped at every sign of an outage (a failed connection attempt, a connection found
    /// dead). A pooled connection last checked before the current count is pinged before its
    /// next use; in steady state nothing is pinged.
    outages: AtomicU64,
    /// The last attempt to reach the server failed: checkouts wait only briefly.
    down: AtomicBool,
}

impl Watch {
    fn lost(&self) {
        self.outages.fetch_add(1, Ordering::SeqCst);
        self.down.store(true, Ordering::SeqCst);
    }

    fn up(&self) {
        if self.down.load(Ordering::Relaxed) {
            self.down.store(false, Ordering::SeqCst);
        }
    }
}

/// The outage count a pooled connection was last known good at.
#[derive(Debug, Clone, Copy)]
struct CheckedAt(u64);

/// Every new connection: the session settings, and news for the [`Watch`].
#[derive(Debug)]
struct OnConnect(Arc<Watch>);

impl CustomizeConnection<PgConnection, diesel::r2d2::Error> for OnConnect {
    fn on_acquire(&self, conn: &mut PgConnection) -> Result<(), diesel::r2d2::Error> {
        use diesel::RunQueryDsl;
        // The portal's statements are short index reads; PostgreSQL's JIT compiles them when
        // a row estimate is large and spends more time compiling (7-9 ms) than running (3 ms).
        diesel::sql_query("SET jit = off")
            .execute(conn)
            .map_err(diesel::r2d2::Error::QueryError)?;
        self.0.up();
        Ok(())
    }
}

/// A failed connection attempt (r2d2 retries in the background): an outage.
#[derive(Debug)]
struct OnConnectError(Arc<Watch>);

impl HandleError<diesel::r2d2::Error> for OnConnectError {
    fn handle_error(&self, error: diesel::r2d2::Error) {
        self.0.lost();
        tracing::warn!("cannot connect to the database: {error}");
    }
}

/// The r2d2 pool: a connection for every turn of every lane.
fn builder(max_size: u32, timeout: Duration, watch: &Arc<Watch>) -> diesel::r2d2::Builder<Manager> {
    let (requests, pages) = lanes::split(max_size);
    Pool::builder()
        .max_size(requests + pages + 1)
        // No ping per checkout in steady state: `checkout` pings after an outage only.
        .test_on_check_out(false)
        .connection_timeout(timeout)
        .connection_customizer(Box::new(OnConnect(watch.clone())))
        .error_handler(Box::new(OnConnectError(watch.clone())))
}

impl DbPool {
    fn new(pool: Pool<Manager>, max_size: u32, watch: Arc<Watch>, database_url: &str) -> Self {
        let (requests, pages) = lanes::split(max_size);
        DbPool {
            turns: Arc::new(Semaphore::new(requests as usize)),
            pages: Arc::new(Semaphore::new(pages as usize)),
            roller: Arc::new(Semaphore::new(1)),
            pool,
            watch,
            probe: Arc::new(super::health::Probe::new(database_url)),
        }
    }

    /// A connection, outside the queue (for the CLI and for long streams).
    pub fn get(&self) -> Result<Pooled, Unavailable> {
        self.checkout()
    }

    /// Notes that the server did not answer a health check: pooled connections are checked
    /// before their next use.
    pub(super) fn outage_seen(&self) {
        self.watch.lost();
    }

    /// A connection known to be alive as of the last outage, within a bounded wait.
    pub(super) fn checkout(&self) -> Result<Pooled, Unavailable> {
        let limit = if self.watch.down.load(Ordering::SeqCst) {
            CHECKOUT_TIMEOUT_WHILE_DOWN
        } else {
            self.pool.connection_timeout()
        };
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let mut conn = self
                .pool
                .get_timeout(left)
                .map_err(|e| Unavailable(e.to_string()))?;
            let outages = self.watch.outages.load(Ordering::SeqCst);
            let checked = PooledConnection::extensions(&conn).get::<CheckedAt>().copied();
            let fresh = match checked {
                Some(CheckedAt(at)) => at >= outages,
                None => outages == 0,
            };
            if fresh || ping(&mut conn).is_ok() {
                PooledConnection::extensions_mut(&mut conn).insert(CheckedAt(outages));
                return Ok(conn);
            }
            // Broken by the outage: dropped on return, and the next one is tried.
            discard(&mut conn);
        }
    }

    /// Runs `f` on a checked-out connection, on this (blocking) thread.
    fn work<F, T, E>(&self, f: F) -> Result<T, Failure<E>>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, E>,
    {
        let mut conn = self.checkout()?;
        let outcome = f(&mut conn);
        self.settle(outcome, Some(&mut conn))
    }

    /// The work's outcome on `conn` (the connection it last held, if any), told apart: did the
    /// work fail, or did the connection under it? One cheap look, on the error path only.
    pub(super) fn settle<T, E>(
        &self,
        outcome: Result<T, E>,
        conn: Option<&mut PgConnection>,
    ) -> Result<T, Failure<E>> {
        let e = match outcome {
            Ok(value) => {
                self.watch.up();
                return Ok(value);
            }
            Err(e) => e,
        };
        let Some(conn) = conn else {
            return Err(Failure::Query(e));
        };
        match ping(conn) {
            Ok(()) => Err(Failure::Query(e)),
            Err(ping_error) => {
                discard(conn);
                if is_connection_failure(&ping_error) {
                    self.watch.lost();
                    Err(Failure::ConnectionLost(e))
                } else {
                    Err(Failure::Query(e))
                }
            }
        }
    }

    /// A turn in the requests' lane, waited for in its first-come, first-served queue.
    pub(super) async fn request_turn(&self) -> Result<OwnedSemaphorePermit, Unavailable> {
        turn_in(&self.turns).await
    }
}

/// A turn of a lane's queue, waited for first-come, first-served.
async fn turn_in(queue: &Arc<Semaphore>) -> Result<OwnedSemaphorePermit, Unavailable> {
    queue
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| Unavailable("the connection pool is closed".into()))
}

/// Runs `work` on a blocking thread; a panic in it is a [`Failure::Panicked`].
pub(super) async fn on_blocking_thread<T, E>(
    work: impl FnOnce() -> Result<T, Failure<E>> + Send + 'static,
) -> Result<T, Failure<E>>
where
    T: Send + 'static,
    E: Send + 'static,
{
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(e) => Err(Failure::Panicked(panic_message(e))),
    }
}

/// Marks a connection broken so that the pool drops it instead of taking it back. diesel
/// already does so when libpq reports the connection bad after a statement; this covers the
/// rest (a session left in an aborted transaction), with diesel's own mark.
fn discard(conn: &mut PgConnection) {
    AnsiTransactionManager::transaction_manager_status_mut(conn).set_in_error();
}

/// How long start-up waits for a first connection (the database may be starting too).
const STARTUP_TIMEOUT: Duration = Duration::from_secs(10);

/// Opens the pool; fails when the database does not answer within [`STARTUP_TIMEOUT`]. One
/// connection proves it answers; the others open when first needed (and close after ten idle
/// minutes), so that no connection attempt is still under way when a CLI command exits (libpq
/// may crash a process that exits while another thread connects).
pub fn connect(database_url: &str, max_size: u32) -> Result<DbPool, String> {
    let watch = Arc::new(Watch::default());
    let pool = builder(max_size, CHECKOUT_TIMEOUT, &watch)
        .min_idle(Some(0))
        .build_unchecked(Manager::new(database_url));
    pool.get_timeout(STARTUP_TIMEOUT).map_err(|e| {
        format!(
            "cannot connect to the database at {}: {e}",
            super::redact(database_url)
        )
    })?;
    Ok(DbPool::new(pool, max_size, watch, database_url))
}

/// A pool that connects on first use (tests of an unreachable database).
pub fn connect_lazy(database_url: &str, max_size: u32, timeout: Duration) -> DbPool {
    let watch = Arc::new(Watch::default());
    let pool = builder(max_size, timeout, &watch)
        .min_idle(Some(0))
        .build_unchecked(Manager::new(database_url));
    DbPool::new(pool, max_size, watch, database_url)
}

/// Runs blocking diesel work on a blocking thread, after waiting its turn in its lane's queue.
/// The work's own error comes back as [`Failure::Query`]; an outage as
/// [`Failure::Unavailable`] (no connection within the time limit) or
/// [`Failure::ConnectionLost`] (the connection died under the work).
pub async fn run<F, T, E>(pool: &DbPool, f: F) -> Result<T, Failure<E>>
where
    F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    run_in_lane(pool, f, true).await
}

/// [`run`] for a page view's brief lookup (its session: one row by key), which does not wait
/// for the API's lane first and leaves the view's [`lanes::PAGES_YIELD`] to its real work: it
/// takes the ingests next to no CPU, and every view (also one that shares a computation in a
/// page cache) would otherwise wait for it.
pub async fn run_brief<F, T, E>(pool: &DbPool, f: F) -> Result<T, Failure<E>>
where
    F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    run_in_lane(pool, f, false).await
}

async fn run_in_lane<F, T, E>(pool: &DbPool, f: F, yield_to_requests: bool) -> Result<T, Failure<E>>
where
    F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let lane = lanes::current();
    let queue = match lane {
        Lane::Requests => &pool.turns,
        Lane::Pages => &pool.pages,
        Lane::Roller => &pool.roller,
    };
    // The API first: while every connection of its lane is busy (batches are queueing), a page
    // view's work waits a little, so that the machine's CPU goes to the ingests; a view waits
    // that long in all, however many computations it runs.
    let left = if yield_to_requests {
        lanes::yield_left()
    } else {
        Duration::ZERO
    };
    if !left.is_zero() {
        let since = std::time::Instant::now();
        while pool.turns.available_permits() == 0 && since.elapsed() < left {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        lanes::yielded(since.elapsed());
    }
    let turn = turn_in(queue).await?;
    let pool = pool.clone();
    on_blocking_thread(move || {
        // The turn ends with the work, even when the request that asked for it is gone.
        let _turn = turn;
        pool.work(f)
    })
    .await
}

fn panic_message(e: tokio::task::JoinError) -> String {
    if !e.is_panic() {
        return e.to_string();
    }
    let payload = e.into_panic();
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".into()
    }
}

/// Whether the database answers, within `within` whatever happens: Err carries the reason. A
/// failure also makes the pool check its connections before their next use.
pub async fn check(pool: &DbPool, within: Duration) -> Result<(), String> {
    let probe = pool.probe.clone();
    let answer = match tokio::time::timeout(within, tokio::task::spawn_blocking(move || probe.check())).await
    {
        Ok(Ok(answer)) => answer,
        Ok(Err(e)) => Err(panic_message(e)),
        Err(_) => Err(format!("no answer within {} ms", within.as_millis())),
    };
    if answer.is_err() {
        pool.outage_seen();
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nothing listens on port 9: the work itself fails at once; only the waits before it matter.
    fn unreachable() -> DbPool {
        connect_lazy("postgres://nobody@127.0.0.1:9/none", 4, Duration::from_millis(20))
    }

    #[actix_web::test]
    async fn a_page_view_yields_to_a_busy_api_once_in_all_and_not_for_its_session() {
        let pool = unreachable();
        let all = pool.turns.available_permits() as u32;
        let busy = pool.turns.clone().acquire_many_owned(all).await.unwrap();
        let (brief_left, first_took, first_left) = lanes::scope(Lane::Pages, async {
            let _ = run_brief(&pool, |_| Ok::<(), ()>(())).await;
            let brief_left = lanes::yield_left();
            let started = Instant::now();
            let _ = run(&pool, |_| Ok::<(), ()>(())).await;
            (brief_left, started.elapsed(), lanes::yield_left())
        })
        .await;
        drop(busy);
        assert_eq!(brief_left, lanes::PAGES_YIELD, "the session lookup does not wait");
        assert!(
            first_took >= lanes::PAGES_YIELD,
            "waited {first_took:?} while the API was busy"
        );
        assert_eq!(
            first_left,
            Duration::ZERO,
            "a second computation would not wait again"
        );
    }
}
