//! Analytics pages reuse what they computed until something is written. Every state-changing
//! request this process serves bumps a write generation once it has been handled (its
//! transaction committed or rolled back, see [`note_writes`]); an entry computed under an older
//! generation is computed again, so an operator always sees what they just did. A short TTL
//! bounds how long an entry lives for writes this process cannot see (another instance, psql)
//! and for the clock (a cycle that ends). One computation per key at a time: concurrent views
//! of the same page wait for it instead of each repeating it.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{Error, web};

use crate::AppState;
use crate::error::AppError;

/// Keys kept per cache; past it, the cache starts again empty (pages are cheap to recompute,
/// and an unbounded map keyed by query strings would grow without end).
const MAX_KEYS: usize = 256;

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

/// Bumps the write generation after every request that may change state (anything but GET,
/// HEAD and OPTIONS), whatever its outcome.
pub async fn note_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let writes = (!matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS))
        .then(|| req.app_data::<web::Data<AppState>>().map(|s| s.writes.clone()))
        .flatten();
    let res = next.call(req).await;
    if let Some(w) = writes {
        w.bump();
    }
    res
}

struct Entry<V> {
    generation: u64,
    computed: Instant,
    value: Arc<V>,
}

type Slot<V> = Arc<tokio::sync::Mutex<Option<Entry<V>>>>;

/// Computed page data by key (the page's query, normalised).
pub struct PageCache<V> {
    slots: Mutex<HashMap<String, Slot<V>>>,
}

impl<V> Default for PageCache<V> {
    fn default() -> Self {
        PageCache {
            slots: Mutex::new(HashMap::new()),
        }
    }
}

impl<V> PageCache<V> {
    /// The value for `key`: reused when no write was handled since it was computed and it is
    /// younger than `ttl`, else computed now (always, when `ttl` is zero). Errors are not kept.
    pub async fn get<F, Fut>(
        &self,
        key: String,
        writes: &Writes,
        ttl: Duration,
        compute: F,
    ) -> Result<Arc<V>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, AppError>>,
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
        let mut entry = slot.lock().await;
        if let Some(e) = entry.as_ref()
            && e.generation == writes.current()
            && e.computed.elapsed() < ttl
        {
            return Ok(e.value.clone());
        }
        // Read before computing: a write that commits meanwhile bumps past it, and the next
        // view computes again.
        let generation = writes.current();
        let value = Arc::new(compute().await?);
        *entry = Some(Entry {
            generation,
            computed: Instant::now(),
            value: value.clone(),
        });
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use super::*;

    async fn counted(n: &AtomicUsize) -> Result<usize, AppError> {
        Ok(n.fetch_add(1, Ordering::SeqCst) + 1)
    }

    #[actix_web::test]
    async fn reused_until_a_write_then_computed_again() {
        let (cache, writes, runs) = (PageCache::default(), Writes::default(), AtomicUsize::new(0));
        let ttl = Duration::from_secs(60);
        let get = |k: &str| cache.get(k.to_string(), &writes, ttl, || counted(&runs));
        assert_eq!(*get("a").await.unwrap(), 1);
        assert_eq!(*get("a").await.unwrap(), 1, "reused");
        assert_eq!(*get("b").await.unwrap(), 2, "another key is its own entry");
        writes.bump();
        assert_eq!(*get("a").await.unwrap(), 3, "a write makes it stale");
        assert_eq!(*get("a").await.unwrap(), 3);
    }

    #[actix_web::test]
    async fn a_zero_ttl_or_an_expired_entry_computes_again_and_errors_are_not_kept() {
        let (cache, writes, runs) = (PageCache::default(), Writes::default(), AtomicUsize::new(0));
        let zero = Duration::ZERO;
        assert_eq!(
            *cache
                .get("a".into(), &writes, zero, || counted(&runs))
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            *cache
                .get("a".into(), &writes, zero, || counted(&runs))
                .await
                .unwrap(),
            2
        );
        let tiny = Duration::from_millis(20);
        assert_eq!(
            *cache
                .get("a".into(), &writes, tiny, || counted(&runs))
                .await
                .unwrap(),
            3
        );
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(
            *cache
                .get("a".into(), &writes, tiny, || counted(&runs))
                .await
                .unwrap(),
            4
        );
        let failed = cache
            .get("e".into(), &writes, tiny, || async {
                Err(AppError::internal("no"))
            })
            .await;
        assert!(failed.is_err());
        assert_eq!(
            *cache
                .get("e".into(), &writes, tiny, || counted(&runs))
                .await
                .unwrap(),
            5
        );
    }

    #[actix_web::test]
    async fn concurrent_views_of_one_key_compute_it_once() {
        let (cache, writes, runs) = (PageCache::default(), Writes::default(), AtomicUsize::new(0));
        let ttl = Duration::from_secs(60);
        let slow = || async {
            actix_web::rt::time::sleep(Duration::from_millis(20)).await;
            counted(&runs).await
        };
        let views =
            futures_util::future::join_all((0..8).map(|_| cache.get("a".into(), &writes, ttl, slow))).await;
        assert!(views.iter().all(|v| **v.as_ref().unwrap() == 1));
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }
}
