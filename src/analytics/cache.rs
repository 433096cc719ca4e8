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

/// Handed to a computation: it calls [`Begins::mark`] just before its snapshot begins (on the
/// thread that takes it), so that the figures are kept as of that write generation rather than
/// of the moment the computation was asked for. Under live traffic a page's computation waits
/// its turn at the database for a while; views that came meanwhile share its figures instead
/// of waiting for it and then for one more computation of their own (a write lands every few
/// milliseconds, so the generation taken when it was asked for was always behind theirs).
#[derive(Clone)]
pub struct Begins {
    writes: Arc<Writes>,
    /// The generation when the computation was asked for.
    asked: u64,
    /// The lowest generation read by [`Begins::mark`]; `u64::MAX` until it is called.
    marked: Arc<AtomicU64>,
}

impl Begins {
    fn new(writes: &Arc<Writes>) -> Begins {
        Begins {
            writes: writes.clone(),
            asked: writes.current(),
            marked: Arc::new(AtomicU64::new(u64::MAX)),
        }
    }

    /// Reads the write generation: call it before the computation's first statement (a
    /// computation of several transactions calls it before each; the first counts). Every
    /// write it counts was committed before, so the snapshot that follows holds it.
    pub fn mark(&self) {
        self.marked.fetch_min(self.writes.current(), Ordering::AcqRel);
    }

    fn is_marked(&self) -> bool {
        self.marked.load(Ordering::Acquire) != u64::MAX
    }

    /// The generation the figures are kept under: as marked, or as asked when never marked.
    fn generation(&self) -> u64 {
        match self.marked.load(Ordering::Acquire) {
            u64::MAX => self.asked,
            marked => marked.max(self.asked),
        }
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

/// What a computation's views wait on: `Some(Some(value))` once it is done, `Some(None)` when
/// it failed; closed when the view computing it went away.
type Done<V> = tokio::sync::watch::Receiver<Option<Option<Arc<V>>>>;

/// A computation of one key, for the views that join it.
struct Flight<V> {
    begins: Begins,
    done: Done<V>,
}

impl<V> Clone for Flight<V> {
    fn clone(&self) -> Self {
        Flight {
            begins: self.begins.clone(),
            done: self.done.clone(),
        }
    }
}

impl<V> Flight<V> {
    /// Whether a view that asked at generation `asked` may take its figures: its snapshot has
    /// not begun yet (it will hold every write committed so far, by anyone), or — unless the
    /// view wants only that — began at `asked` or later (it holds every write this process
    /// handled before the view came); and it has neither failed nor ended.
    fn joinable(&self, asked: u64, not_begun_only: bool) -> bool {
        let over = matches!(*self.done.borrow(), Some(None)) || self.done.has_changed().is_err();
        !over && (!self.begins.is_marked() || !not_begun_only && self.begins.generation() >= asked)
    }
}

/// Tells a flight's views how it ended, also when the view computing it goes away (closed).
struct Landing<V>(Option<tokio::sync::watch::Sender<Option<Option<Arc<V>>>>>);

impl<V> Landing<V> {
    fn land(mut self, value: Option<Arc<V>>) {
        if let Some(tx) = self.0.take() {
            tx.send_replace(Some(value));
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
        self.fly(&slot, writes, false, compute).await
    }

    /// The value for `key`, never computed before this view came: a computation of the key
    /// whose snapshot has not begun yet (waiting for its turn at the database) is shared, as
    /// [`PageCache::get`] shares it, otherwise one starts for this view. Whatever committed
    /// before the view came, by this process or any other writer (another instance, psql), is
    /// in it, so nothing is shown late; only the work of views that come together is shared.
    /// With `share` false (the page cache is off), computed for this view alone.
    pub async fn fresh<F, Fut>(
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
        self.fly(&slot, writes, true, compute).await
    }

    fn slot(&self, key: String) -> Arc<Slot<V>> {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if slots.len() >= MAX_KEYS && !slots.contains_key(&key) {
            slots.clear();
        }
        slots.entry(key).or_default().clone()
    }

    /// Joins the key's latest computation when [`Flight::joinable`] for this view, or starts
    /// one, and answers its figures.
    async fn fly<F, Fut>(
        &self,
        slot: &Slot<V>,
        writes: &Arc<Writes>,
        not_begun_only: bool,
        compute: F,
    ) -> Result<Arc<V>, AppError>
    where
        F: FnOnce(Begins) -> Fut + 'static,
        Fut: Future<Output = Result<V, AppError>> + 'static,
    {
        let asked = writes.current();
        let (flight, own) = {
            let mut latest = slot.flight.lock().unwrap_or_else(|e| e.into_inner());
            match latest.as_ref().filter(|f| f.joinable(asked, not_begun_only)) {
                Some(f) => (f.clone(), None),
                None => {
                    let (tx, done) = tokio::sync::watch::channel(None);
                    let begins = Begins::new(writes);
                    *latest = Some(Flight {
                        begins: begins.clone(),
                        done: done.clone(),
                    });
                    (Flight { begins, done }, Some(Landing(Some(tx))))
                }
            }
        };
        let Some(landing) = own else {
            let mut done = flight.done;
            if let Ok(Some(Some(value))) = done.wait_for(Option::is_some).await.map(|v| v.clone()) {
                return Ok(value);
            }
            // It failed, or its view went away: this view computes for itself.
            let begins = Begins::new(writes);
            let value = Arc::new(compute(begins.clone()).await?);
            slot.store(begins.generation(), value.clone());
            return Ok(value);
        };
        // A write that commits after the mark bumps past it, and the next view computes again.
        match compute(flight.begins.clone()).await {
            Ok(value) => {
                let value = Arc::new(value);
                slot.store(flight.begins.generation(), value.clone());
                landing.land(Some(value.clone()));
                Ok(value)
            }
            Err(e) => {
                landing.land(None);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use super::*;

    /// A computation that counts its runs and answers how many there have been.
    type Counted = std::pin::Pin<Box<dyn Future<Output = Result<usize, AppError>>>>;

    fn counter() -> (Arc<AtomicUsize>, impl Fn(Begins) -> Counted + Clone) {
        let runs = Arc::new(AtomicUsize::new(0));
        let r = runs.clone();
        let f = move |_: Begins| {
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
        let (cache, writes, (_, count)) = (PageCache::default(), Arc::new(Writes::default()), counter());
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

    /// A computation that waits 20 ms for its turn, marks where its snapshot begins, then
    /// takes 20 ms; it answers how many runs there have been. Also: the most that ran at once.
    fn queued_counter() -> (
        Arc<AtomicUsize>,
        Arc<AtomicUsize>,
        impl Fn(Begins) -> Counted + Clone,
    ) {
        let (runs, running, most) = (
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicUsize::new(0)),
        );
        let (r, m) = (runs.clone(), most.clone());
        let f = move |begins: Begins| {
            let (r, running, m) = (r.clone(), running.clone(), m.clone());
            Box::pin(async move {
                m.fetch_max(running.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                actix_web::rt::time::sleep(Duration::from_millis(20)).await;
                begins.mark();
                actix_web::rt::time::sleep(Duration::from_millis(20)).await;
                running.fetch_sub(1, Ordering::SeqCst);
                Ok(r.fetch_add(1, Ordering::SeqCst) + 1)
            }) as Counted
        };
        (runs, most, f)
    }

    #[actix_web::test]
    async fn fresh_views_share_only_a_computation_not_begun_and_never_reuse_one() {
        let (cache, writes, (runs, _, count)) = (
            PageCache::default(),
            Arc::new(Writes::default()),
            queued_counter(),
        );
        let fresh = || cache.fresh("a".to_string(), &writes, true, count.clone());
        let later = |ms: u64| async move {
            actix_web::rt::time::sleep(Duration::from_millis(ms)).await;
            fresh().await
        };
        // No write at all, yet a view at 30 ms (after the snapshot began at 20 ms) computes
        // again: a writer this process does not see may have committed meanwhile.
        let (first, joined, after_mark) = tokio::join!(fresh(), later(10), later(30));
        assert_eq!(*first.unwrap(), 1);
        assert_eq!(*joined.unwrap(), 1, "came before the snapshot began: shares it");
        assert_eq!(*after_mark.unwrap(), 2);
        assert_eq!(*fresh().await.unwrap(), 3, "nothing is reused once computed");
        assert_eq!(runs.load(Ordering::SeqCst), 3);
        let off = cache.fresh("a".to_string(), &writes, false, count.clone());
        let (a, b) = tokio::join!(off, cache.fresh("a".to_string(), &writes, false, count.clone()));
        assert_ne!(*a.unwrap(), *b.unwrap(), "not shared at all when off");
    }

    #[actix_web::test]
    async fn views_that_come_before_the_snapshot_begins_share_it_and_later_ones_do_not() {
        let (cache, writes, (runs, most, count)) = (
            PageCache::default(),
            Arc::new(Writes::default()),
            queued_counter(),
        );
        let ttl = Duration::from_secs(60);
        let get = || cache.get("a".to_string(), &writes, ttl, count.clone());
        let after = |ms: u64, bump: bool| {
            let w = writes.clone();
            async move {
                actix_web::rt::time::sleep(Duration::from_millis(ms)).await;
                if bump {
                    w.bump();
                }
            }
        };
        // The first view starts computing; a write lands at 5 ms and a second view comes at
        // 10 ms, both while the computation waits for its turn (it marks at 20 ms): its
        // figures hold that write, so the second view takes them. A write at 25 ms, after the
        // mark, and a third view at 30 ms: that view computes again, at once (beside the first,
        // which ends at 40 ms) rather than after it.
        let (first, second, third) = tokio::join!(
            get(),
            async {
                after(5, true).await;
                after(5, false).await;
                get().await
            },
            async {
                after(25, true).await;
                after(5, false).await;
                get().await
            }
        );
        assert_eq!(*first.unwrap(), 1);
        assert_eq!(*second.unwrap(), 1, "came before the snapshot began: shares it");
        assert_eq!(
            *third.unwrap(),
            2,
            "a write landed after the snapshot began: computed again"
        );
        assert_eq!(runs.load(Ordering::SeqCst), 2);
        assert_eq!(
            most.load(Ordering::SeqCst),
            2,
            "the third view did not wait for the first computation to end"
        );
        assert_eq!(*get().await.unwrap(), 2, "nothing written since: reused");
    }

    #[actix_web::test]
    async fn an_expired_entry_is_shown_while_one_refresh_runs_and_zero_ttl_always_computes() {
        let (cache, writes, (runs, count)) = (PageCache::default(), Arc::new(Writes::default()), counter());
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
        let (cache, writes, (runs, count)) = (PageCache::default(), Arc::new(Writes::default()), counter());
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
        let (cache, writes, (runs, count)) = (PageCache::default(), Arc::new(Writes::default()), counter());
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
        let (cache, writes, (_, count)) = (PageCache::default(), Arc::new(Writes::default()), counter());
        let ttl = Duration::from_secs(60);
        let failed = cache
            .get("e".into(), &writes, ttl, |_| async {
                Err(AppError::internal("no"))
            })
            .await;
        assert!(failed.is_err());
        assert_eq!(*cache.get("e".into(), &writes, ttl, count).await.unwrap(), 1);
    }

    #[actix_web::test]
    async fn concurrent_views_of_one_key_compute_it_once() {
        let (cache, writes, (runs, count)) = (PageCache::default(), Arc::new(Writes::default()), counter());
        let ttl = Duration::from_secs(60);
        let views = futures_util::future::join_all(
            (0..8).map(|_| cache.get("a".into(), &writes, ttl, count.clone())),
        )
        .await;
        assert!(views.iter().all(|v| **v.as_ref().unwrap() == 1));
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }
}
