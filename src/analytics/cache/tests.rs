//! The page cache's reuse, sharing and refresh rules, with computations that only count.

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

/// One view of `key` through [`PageCache::get_with`] with the counting computation: the count
/// it was shown.
async fn view<C>(cache: &PageCache<usize>, writes: &Arc<Writes>, key: &str, ttl: Duration, count: &C) -> usize
where
    C: Fn(Begins) -> Counted + Clone + 'static,
{
    *cache
        .get_with(key.into(), writes, ttl, count.clone())
        .await
        .unwrap()
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
    let get = |k: &str| cache.get_with(k.to_string(), &writes, ttl, count.clone());
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
    let get = || cache.get_with("a".to_string(), &writes, ttl, count.clone());
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
    let fresh = || cache.fresh_with("a".to_string(), &writes, true, count.clone());
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
    let off = cache.fresh_with("a".to_string(), &writes, false, count.clone());
    let (a, b) = tokio::join!(
        off,
        cache.fresh_with("a".to_string(), &writes, false, count.clone())
    );
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
    let get = || cache.get_with("a".to_string(), &writes, ttl, count.clone());
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
    assert_eq!(view(&cache, &writes, "a", tiny, &count).await, 1);
    actix_web::rt::time::sleep(Duration::from_millis(250)).await;
    for _ in 0..3 {
        let v = view(&cache, &writes, "a", tiny, &count).await;
        assert_eq!(v, 1, "expired by the clock only: shown while it is refreshed");
    }
    settle(&cache).await;
    assert_eq!(runs.load(Ordering::SeqCst), 2, "one refresh for the three views");
    assert_eq!(view(&cache, &writes, "a", tiny, &count).await, 2);
    let zero = Duration::ZERO;
    assert_eq!(view(&cache, &writes, "a", zero, &count).await, 3);
    assert_eq!(view(&cache, &writes, "a", zero, &count).await, 4);
}

#[actix_web::test]
async fn an_entry_past_the_stale_limit_is_computed_before_it_is_shown() {
    let (cache, writes, (runs, count)) = (PageCache::default(), Arc::new(Writes::default()), counter());
    let ttl = Duration::from_millis(100);
    assert_eq!(stale_limit(ttl), Duration::from_millis(1200));
    assert_eq!(view(&cache, &writes, "a", ttl, &count).await, 1);
    actix_web::rt::time::sleep(Duration::from_millis(1300)).await;
    assert_eq!(
        view(&cache, &writes, "a", ttl, &count).await,
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
        view(&cache, &writes, k, ttl, &count).await;
    }
    actix_web::rt::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(view(&cache, &writes, "a", ttl, &count).await, 1);
    assert_eq!(view(&cache, &writes, "b", ttl, &count).await, 2);
    settle(&cache).await;
    assert_eq!(runs.load(Ordering::SeqCst), 3, "b waits for a's refresh to end");
    assert_eq!(view(&cache, &writes, "a", ttl, &count).await, 3);
    assert_eq!(view(&cache, &writes, "b", ttl, &count).await, 2);
    settle(&cache).await;
    assert_eq!(view(&cache, &writes, "b", ttl, &count).await, 4);
}

#[actix_web::test]
async fn errors_are_not_kept() {
    let (cache, writes, (_, count)) = (PageCache::default(), Arc::new(Writes::default()), counter());
    let ttl = Duration::from_secs(60);
    let failed = cache
        .get_with("e".into(), &writes, ttl, |_| async {
            Err(AppError::internal("no"))
        })
        .await;
    assert!(failed.is_err());
    assert_eq!(*cache.get_with("e".into(), &writes, ttl, count).await.unwrap(), 1);
}

#[actix_web::test]
async fn concurrent_views_of_one_key_compute_it_once() {
    let (cache, writes, (runs, count)) = (PageCache::default(), Arc::new(Writes::default()), counter());
    let ttl = Duration::from_secs(60);
    let views = futures_util::future::join_all(
        (0..8).map(|_| cache.get_with("a".into(), &writes, ttl, count.clone())),
    )
    .await;
    assert!(views.iter().all(|v| **v.as_ref().unwrap() == 1));
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}
