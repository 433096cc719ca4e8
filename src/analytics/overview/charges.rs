//! The overview's "usage charges, current cycles": every subscription's current cycle priced
//! and summed per currency. It is the one figure that reads every subscription, so it is
//! reused for `METERDESK_CHARGES_CACHE_SECONDS` and computed by one request at a time: while
//! a stale figure is refreshed in the background, pages show it with its "as of" time; only
//! the very first request waits for it.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::analytics::customers::billing::{self, Period};
use crate::db::{self, Conn, DbPool};
use crate::error::AppError;
use crate::metering::format_money;

/// The charges of every subscription's current cycle, per currency, as computed at `at`.
#[derive(Debug, Clone)]
pub struct CachedCharges {
    pub computed: Instant,
    pub at: DateTime<Utc>,
    pub subscriptions: usize,
    /// (currency code, formatted total)
    pub totals: Vec<(String, String)>,
}

/// Every subscription's current cycle, priced, summed per currency.
pub fn current_charges(conn: &mut Conn, now: DateTime<Utc>) -> Result<CachedCharges, AppError> {
    let mut totals: BTreeMap<&'static str, (Decimal, crate::metering::Currency)> = BTreeMap::new();
    let mut subscriptions = std::collections::HashSet::new();
    let mut after = None;
    loop {
        let page = billing::lines(conn, Period::CycleAt(now), after.as_ref(), 500)?;
        for line in &page.lines {
            let t = totals
                .entry(line.currency.code)
                .or_insert((Decimal::ZERO, line.currency));
            t.0 += line.charge;
            subscriptions.insert(line.subscription_id.clone());
        }
        match page.next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    Ok(CachedCharges {
        computed: Instant::now(),
        at: now,
        subscriptions: subscriptions.len(),
        totals: totals
            .into_iter()
            .map(|(code, (sum, cur))| (code.to_string(), format_money(sum, cur)))
            .collect(),
    })
}

/// The last computed figure, and who is computing the next one.
#[derive(Default)]
pub struct ChargesCache {
    value: std::sync::Mutex<Option<CachedCharges>>,
    refreshing: AtomicBool,
    first: tokio::sync::Mutex<()>,
}

/// Clears the refreshing flag however the refresh ends.
struct Refreshing(Arc<ChargesCache>);

impl Drop for Refreshing {
    fn drop(&mut self) {
        self.0.refreshing.store(false, Ordering::Release);
    }
}

impl ChargesCache {
    fn peek(&self) -> Option<CachedCharges> {
        self.value.lock().ok().and_then(|v| v.clone())
    }

    fn store(&self, charges: CachedCharges) {
        if let Ok(mut v) = self.value.lock() {
            *v = Some(charges);
        }
    }

    /// The figure: fresh from the cache, or stale while one background refresh runs, or
    /// computed now (the first time, or always when `ttl` is zero).
    pub async fn get(self: &Arc<Self>, pool: &DbPool, ttl: Duration) -> Result<CachedCharges, AppError> {
        if ttl.is_zero() {
            return compute(pool).await;
        }
        if let Some(cached) = self.peek() {
            if cached.computed.elapsed() >= ttl && !self.refreshing.swap(true, Ordering::AcqRel) {
                let (cache, pool) = (Refreshing(self.clone()), pool.clone());
                tokio::task::spawn_local(async move {
                    match compute(&pool).await {
                        Ok(fresh) => cache.0.store(fresh),
                        Err(e) => tracing::warn!("refreshing the usage charges failed: {e}"),
                    }
                });
            }
            return Ok(cached);
        }
        let _first = self.first.lock().await;
        if let Some(cached) = self.peek() {
            return Ok(cached);
        }
        let fresh = compute(pool).await?;
        self.store(fresh.clone());
        Ok(fresh)
    }
}

async fn compute(pool: &DbPool) -> Result<CachedCharges, AppError> {
    db::run(pool, |c| current_charges(c, Utc::now()))
        .await
        .map_err(AppError::from)
}
