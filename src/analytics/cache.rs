//! Analytics pages reuse what they computed until something is written. Every state-changing
//! request this process serves bumps a write generation once it has been handled (its
//! transaction committed or rolled back, see `web::writes`); an entry computed under an older
//! generation is never shown again: the next view computes it (once, for every view waiting on
//! it), so an operator always sees what they or the API just stored. A short TTL bounds how
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

use crate::error::AppError;

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

/// One key: its last value (read without waiting) and who computes it after a write.
struct Slot<V> {
    entry: Mutex<Option<Entry<V>>>,
    computing: tokio::sync::Mutex<()>,
}

impl<V> Default for Slot<V> {
    fn default() -> Self {
        Slot {
            entry: Mutex::new(None),
            computing: tokio::sync::Mutex::new(()),
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

impl<V: 'static> PageCache<V> {
    /// The value for `key`. Reused while no write was handled since it was computed: as it is
    /// when younger than `ttl`; older (up to [`stale_limit`]), as it is until a background
    /// refresh (one at a time per cache) has replaced it, so no view waits for the clock. After
    /// a write, or past the stale limit, computed before it is shown, once for all the views
    /// waiting on it. Always computed when `ttl` is zero.
    /// Errors are not kept.
    pub async fn get<F, Fut>(
        &self,
        key: String,
        writes: &Writes,
        ttl: Duration,
        compute: F,
    ) -> Result<Arc<V>, AppError>
    where
        F: FnOnce() -> Fut + 'static,
        Fut: Future<Output = Result<V, AppError>> + 'static,
    {
        if ttl.is_zero() {
            return compute().await.map(Arc::new);
        }
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
            if slots.len() >= MAX_KEYS && !slots.contains_key(&key) {
                slots.clear();
            }
            slots.entry(key).or_default().clone()
        };
        if let Some(e) = slot.peek()
            && e.generation == writes.current()
            && e.computed.elapsed() < stale_limit(ttl)
        {
            if e.computed.elapsed() >= ttl && !self.refreshing.swap(true, Ordering::AcqRel) {
                let (refreshing, generation) = (Refreshing(self.refreshing.clone()), writes.current());
                tokio::task::spawn_local(async move {
                    let _refreshing = refreshing;
                    match compute().await {
                        Ok(v) => slot.store(generation, Arc::new(v)),
                        Err(e) => tracing::warn!("refreshing a page's figures failed: {e}"),
                    }
                });
            }
            return Ok(e.value);
        }
        // What this view asks for: figures that include every write handled before it came.
        // While it waited for the view computing ahead of it, more writes may have arrived;
        // that view's figures still include everything this one asked for, so it takes them
        // instead of computing once per waiting view while writes keep arriving.
        let asked = writes.current();
        let _computing = slot.computing.lock().await;
        if let Some(e) = slot.peek()
            && e.generation >= asked
            && e.computed.elapsed() < ttl
        {
            return Ok(e.value);
        }
        // Read before computing: a write that commits meanwhile bumps past it, and the next
        // view computes again.
        let generation = writes.current();
        let value = Arc::new(compute().await?);
        slot.store(generation, value.clone());
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use super::*;

    /// A computation that counts its runs and answers how many there have been.
    type Counted = std::pin::Pin<Box<dyn Future<Output = Result<usize, AppError>>>>;

    fn counter() -> (Arc<AtomicUsize>, impl Fn() -> Counted + Clone) {
        let runs = Arc::new(AtomicUsize::new(0));
        let r = runs.clone();
        let f = move || {
            let r = r.clone();
            Box::pin(async move {
                actix_web::rt::time::sleep(Duration::from_millis(10)).await;
                Ok(r.fetch_add(1, Ordering::SeqCst) + 1)
            }) as Counted
        };
        (runs, f)
    }

    /// Until no background refresh runs (at most 5 s: a loaded machine is slow, not wrong).
    async fn settle<V: 'static>(cache: &PageCache<V>) {
        for _ in 0..500 {
            actix_web::rt::time::sleep(Duration::from_millis(10)).await;
            if !cache.refreshing.load(Ordering::Acquire) {
                return;
            }
        }
    }

    #[actix_web::test]
    async fn reused_until_a_write_then_computed_again_before_it_is_shown() {
        let (cache, writes, (_, count)) = (PageCache::default(), Writes::default(), counter());
        let ttl = Duration::from_secs(60);
        let get = |k: &str| cache.get(k.to_string(), &writes, ttl, count.clone());
        assert_eq!(*get("a").await.unwrap(), 1);
        assert_eq!(*get("a").await.unwrap(), 1, "reused");
        assert_eq!(*get("b").await.unwrap(), 2, "another key is its own entry");
        writes.bump();
        assert_eq!(
            *get("a").await.unwrap(),
            3,
            "a write makes it stale: never shown again"
        );
        assert_eq!(*get("a").await.unwrap(), 3);
    }

    #[actix_web::test]
    async fn views_waiting_while_writes_keep_arriving_share_one_computation() {
        let (cache, writes, (runs, count)) = (PageCache::default(), Arc::new(Writes::default()), counter());
        let ttl = Duration::from_secs(60);
        let w = writes.clone();
        // A write lands while the first view computes (the counter takes 10 ms).
        tokio::task::spawn_local(async move {
            actix_web::rt::time::sleep(Duration::from_millis(3)).await;
            w.bump();
        });
        let get = || cache.get("a".to_string(), &writes, ttl, count.clone());
        let (a, b, c, d) = tokio::join!(get(), get(), get(), get());
        let seen: Vec<usize> = [a, b, c, d].into_iter().map(|v| *v.unwrap()).collect();
        assert_eq!(
            seen,
            vec![1, 1, 1, 1],
            "the waiting views take the first one's figures"
        );
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        // The write that landed meanwhile is not in them: the next view computes again.
        assert_eq!(*get().await.unwrap(), 2);
    }

    #[actix_web::test]
    async fn an_expired_entry_is_shown_while_one_refresh_runs_and_zero_ttl_always_computes() {
        let (cache, writes, (runs, count)) = (PageCache::default(), Writes::default(), counter());
        let tiny = Duration::from_millis(200);
        assert_eq!(
            *cache.get("a".into(), &writes, tiny, count.clone()).await.unwrap(),
            1
        );
        actix_web::rt::time::sleep(Duration::from_millis(250)).await;
        for _ in 0..3 {
            let v = cache.get("a".into(), &writes, tiny, count.clone()).await.unwrap();
            assert_eq!(*v, 1, "expired by the clock only: shown while it is refreshed");
        }
        settle(&cache).await;
        assert_eq!(runs.load(Ordering::SeqCst), 2, "one refresh for the three views");
        assert_eq!(
            *cache.get("a".into(), &writes, tiny, count.clone()).await.unwrap(),
            2
        );
        let zero = Duration::ZERO;
        assert_eq!(
            *cache.get("a".into(), &writes, zero, count.clone()).await.unwrap(),
            3
        );
        assert_eq!(
            *cache.get("a".into(), &writes, zero, count.clone()).await.unwrap(),
            4
        );
    }

    #[actix_web::test]
    async fn an_entry_past_the_stale_limit_is_computed_before_it_is_shown() {
        let (cache, writes, (runs, count)) = (PageCache::default(), Writes::default(), counter());
        let ttl = Duration::from_millis(100);
        assert_eq!(stale_limit(ttl), Duration::from_millis(1200));
        assert_eq!(
            *cache.get("a".into(), &writes, ttl, count.clone()).await.unwrap(),
            1
        );
        actix_web::rt::time::sleep(Duration::from_millis(1300)).await;
        assert_eq!(
            *cache.get("a".into(), &writes, ttl, count.clone()).await.unwrap(),
            2,
            "long unseen: not shown as it was, computed again first"
        );
        settle(&cache).await;
        assert_eq!(
            runs.load(Ordering::SeqCst),
            2,
            "and no background refresh besides"
        );
    }

    #[actix_web::test]
    async fn keys_that_expire_together_are_refreshed_one_at_a_time() {
        let (cache, writes, (runs, count)) = (PageCache::default(), Writes::default(), counter());
        let ttl = Duration::from_millis(200);
        for k in ["a", "b"] {
            cache.get(k.into(), &writes, ttl, count.clone()).await.unwrap();
        }
        actix_web::rt::time::sleep(Duration::from_millis(250)).await;
        assert_eq!(
            *cache.get("a".into(), &writes, ttl, count.clone()).await.unwrap(),
            1
        );
        assert_eq!(
            *cache.get("b".into(), &writes, ttl, count.clone()).await.unwrap(),
            2
        );
        settle(&cache).await;
        assert_eq!(runs.load(Ordering::SeqCst), 3, "b waits for a's refresh to end");
        assert_eq!(
            *cache.get("a".into(), &writes, ttl, count.clone()).await.unwrap(),
            3
        );
        assert_eq!(
            *cache.get("b".into(), &writes, ttl, count.clone()).await.unwrap(),
            2
        );
        settle(&cache).await;
        assert_eq!(
            *cache.get("b".into(), &writes, ttl, count.clone()).await.unwrap(),
            4
        );
    }

    #[actix_web::test]
    async fn errors_are_not_kept() {
        let (cache, writes, (_, count)) = (PageCache::default(), Writes::default(), counter());
        let ttl = Duration::from_secs(60);
        let failed = cache
            .get("e".into(), &writes, ttl, || async {
                Err(AppError::internal("no"))
            })
            .await;
        assert!(failed.is_err());
        assert_eq!(*cache.get("e".into(), &writes, ttl, count).await.unwrap(), 1);
    }

    #[actix_web::test]
    async fn concurrent_views_of_one_key_compute_it_once() {
        let (cache, writes, (runs, count)) = (PageCache::default(), Writes::default(), counter());
        let ttl = Duration::from_secs(60);
        let views = futures_util::future::join_all(
            (0..8).map(|_| cache.get("a".into(), &writes, ttl, count.clone())),
        )
        .await;
        assert!(views.iter().all(|v| **v.as_ref().unwrap() == 1));
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }
}
