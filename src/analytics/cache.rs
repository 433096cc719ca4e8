//! Analytics pages reuse what they computed until something is written. Every state-changing
//! request this process serves bumps a write generation once it has been handled (its
//! transaction committed or rolled back, see `web::writes`); an entry computed under an older
//! generation is never shown again: the next view computes it (once, for every view waiting on
//! it), so an operator always sees what they or the API just stored. Views that come while a
//! computation still waits for its turn at the database take its figures: it reads the write
//! generation just before its snapshot begins ([`Begins::mark`]), so its figures hold every
//! write handled before they came. A short TTL bounds how
//! long an entry lives for what this process cannot see (a write by another instance or psql,
//! the clock ending a cycle): past it, the entry is still shown while one background refresh
//! runs, so no view waits for the clock — but only for a while ([`stale_limit`]): an entry
//! older than that (nobody looked at the page for minutes) is computed again before it is
//! shown, so a page opened now never shows figures from long ago.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::db::{self, Conn, DbPool};
use crate::error::AppError;

mod flight;
#[cfg(test)]
mod tests;

use flight::{Begins, Flight};

/// Keys kept per cache; past it, the cache starts again empty (an unbounded map keyed by query
/// strings would grow without end; starting again only costs recomputation).
const MAX_KEYS: usize = 256;

/// How old an entry may be and still be shown while a background refresh runs: twice the TTL
/// and a second. Older, it is computed again before it is shown.
pub fn stale_limit(ttl: Duration) -> Duration {
    ttl.saturating_mul(2).saturating_add(Duration::from_secs(1))
}

/// How many state-changing requests have been handled.
#[derive(Debug, Default)]
pub struct Writes(AtomicU64);

impl Writes {
    pub fn current(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    pub fn bump(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

struct Entry<V> {
    generation: u64,
    computed: Instant,
    value: Arc<V>,
}

impl<V> Clone for Entry<V> {
    fn clone(&self) -> Self {
        Entry {
            generation: self.generation,
            computed: self.computed,
            value: self.value.clone(),
        }
    }
}

/// One key: its last value (read without waiting) and its latest computation.
struct Slot<V> {
    entry: Mutex<Option<Entry<V>>>,
    flight: Mutex<Option<Flight<V>>>,
}

impl<V> Default for Slot<V> {
    fn default() -> Self {
        Slot {
            entry: Mutex::new(None),
            flight: Mutex::new(None),
        }
    }
}

impl<V> Slot<V> {
    fn peek(&self) -> Option<Entry<V>> {
        self.entry.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Keeps `value` unless what is there was computed under a later generation.
    fn store(&self, generation: u64, value: Arc<V>) {
        let mut entry = self.entry.lock().unwrap_or_else(|e| e.into_inner());
        if entry.as_ref().is_none_or(|e| e.generation <= generation) {
            *entry = Some(Entry {
                generation,
                computed: Instant::now(),
                value,
            });
        }
    }
}

/// Clears the cache's refreshing flag however the refresh ends.
struct Refreshing(Arc<AtomicBool>);

impl Drop for Refreshing {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

/// Computed page data by key (the page's query, normalised).
pub struct PageCache<V> {
    slots: Mutex<HashMap<String, Arc<Slot<V>>>>,
    /// One background refresh at a time for the whole cache: keys that expire together (every
    /// page of a table viewed in the same second) are refreshed one after the other, while
    /// their views go on showing what they have, instead of taking the pool all at once.
    refreshing: Arc<AtomicBool>,
}

impl<V> Default for PageCache<V> {
    fn default() -> Self {
        PageCache {
            slots: Mutex::new(HashMap::new()),
            refreshing: Arc::default(),
        }
    }
}

impl<V: Send + 'static> PageCache<V> {
    /// The value for `key`, read by `work` on a pooled connection ([`db::run`]). Reused while no
    /// write was handled since it was computed: as it is when younger than `ttl`; older (up to
    /// [`stale_limit`]), as it is until a background refresh (one at a time per cache) has
    /// replaced it, so no view waits for the clock. After a write, or past the stale limit,
    /// computed before it is shown, once for all the views waiting on it. Always computed when
    /// `ttl` is zero. Errors are not kept.
    pub async fn get<W>(
        &self,
        key: String,
        writes: &Arc<Writes>,
        ttl: Duration,
        pool: &DbPool,
        work: W,
    ) -> Result<Arc<V>, AppError>
    where
        W: FnOnce(&mut Conn) -> Result<V, AppError> + Send + 'static,
    {
        let pool = pool.clone();
        self.get_with(key, writes, ttl, move |begins| read(pool, begins, work))
            .await
    }

    /// The value for `key`, read by `work` on a pooled connection, never computed before this
    /// view came: a computation of the key whose snapshot has not begun yet (waiting for its
    /// turn at the database) is shared, as [`PageCache::get`] shares it, otherwise one starts
    /// for this view. Whatever committed before the view came, by this process or any other
    /// writer (another instance, psql), is in it, so nothing is shown late; only the work of
    /// views that come together is shared. With `share` false (the page cache is off), read for
    /// this view alone.
    pub async fn fresh<W>(
        &self,
        key: String,
        writes: &Arc<Writes>,
        share: bool,
        pool: &DbPool,
        work: W,
    ) -> Result<Arc<V>, AppError>
    where
        W: FnOnce(&mut Conn) -> Result<V, AppError> + Send + 'static,
    {
        let pool = pool.clone();
        self.fresh_with(key, writes, share, move |begins| read(pool, begins, work))
            .await
    }
}

/// `work` on a pooled connection, its write generation marked just before its snapshot begins.
async fn read<V, W>(pool: DbPool, begins: Begins, work: W) -> Result<V, AppError>
where
    V: Send + 'static,
    W: FnOnce(&mut Conn) -> Result<V, AppError> + Send + 'static,
{
    db::run(&pool, move |c| {
        begins.mark();
        work(c)
    })
    .await
    .map_err(AppError::from)
}

impl<V: 'static> PageCache<V> {
    /// [`PageCache::get`] with any computation, handed the [`Begins`] it marks.
    async fn get_with<F, Fut>(
        &self,
        key: String,
        writes: &Arc<Writes>,
        ttl: Duration,
        compute: F,
    ) -> Result<Arc<V>, AppError>
    where
        F: FnOnce(Begins) -> Fut + 'static,
        Fut: Future<Output = Result<V, AppError>> + 'static,
    {
        if ttl.is_zero() {
            return compute(Begins::new(writes)).await.map(Arc::new);
        }
        let slot = self.slot(key);
        if let Some(e) = slot.peek()
            && e.generation == writes.current()
            && e.computed.elapsed() < stale_limit(ttl)
        {
            if e.computed.elapsed() >= ttl && !self.refreshing.swap(true, Ordering::AcqRel) {
                let (refreshing, begins) = (Refreshing(self.refreshing.clone()), Begins::new(writes));
                tokio::task::spawn_local(async move {
                    let _refreshing = refreshing;
                    match compute(begins.clone()).await {
                        Ok(v) => slot.store(begins.generation(), Arc::new(v)),
                        Err(e) => tracing::warn!("refreshing a page's figures failed: {e}"),
                    }
                });
            }
            return Ok(e.value);
        }
        // What this view asks for: figures that include every write handled before it came.
        // A computation of this key whose snapshot has not begun yet (waiting for its turn at
        // the database) will hold them, and so does one whose snapshot began at this
        // generation or later ([`Begins`]): the view joins it instead of computing once per
        // view while writes keep arriving. Otherwise it starts one at once, beside any that
        // began before it came (which cannot hold every write it asked for): it does not wait
        // for that one to end first, and the views that come while it waits join it.
        flight::fly(&slot, writes, false, compute).await
    }

    /// [`PageCache::fresh`] with any computation, handed the [`Begins`] it marks.
    async fn fresh_with<F, Fut>(
        &self,
        key: String,
        writes: &Arc<Writes>,
        share: bool,
        compute: F,
    ) -> Result<Arc<V>, AppError>
    where
        F: FnOnce(Begins) -> Fut + 'static,
        Fut: Future<Output = Result<V, AppError>> + 'static,
    {
        if !share {
            return compute(Begins::new(writes)).await.map(Arc::new);
        }
        let slot = self.slot(key);
        flight::fly(&slot, writes, true, compute).await
    }

    fn slot(&self, key: String) -> Arc<Slot<V>> {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if slots.len() >= MAX_KEYS && !slots.contains_key(&key) {
            slots.clear();
        }
        slots.entry(key).or_default().clone()
    }
}
