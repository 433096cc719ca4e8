//! The overview's "usage charges, current cycles": every subscription's current cycle priced
//! and summed per currency. It is the one figure that reads every subscription, so it is
//! reused for `METERDESK_CHARGES_CACHE_SECONDS` while nothing is written, and computed by one
//! request at a time: a write makes it stale at once (the next view computes it), and while a
//! figure only expired by the clock is refreshed in the background, pages show it with its
//! "as of" time.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::analytics::cache::{PageCache, Writes};
use crate::analytics::customers::billing::{self, Period};
use crate::db::{Conn, DbPool};
use crate::error::AppError;

/// The charges of every subscription's current cycle, per currency, as computed at `at`.
#[derive(Debug, Clone)]
pub struct CachedCharges {
    pub computed: Instant,
    pub at: DateTime<Utc>,
    pub subscriptions: usize,
    /// The sums per currency, by code; pages write them in the operator's language.
    pub amounts: Vec<(Decimal, crate::metering::Currency)>,
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
        amounts: totals.values().copied().collect(),
    })
}

/// The last computed figure, kept like the other analytics figures ([`PageCache`]): never
/// shown after a write this process handled (a charge, a subscription, a product change, an
/// upload or its rollback), computed again first; past the TTL shown while one background
/// refresh runs, but never once it is older than [`crate::analytics::cache::stale_limit`].
#[derive(Default)]
pub struct ChargesCache(PageCache<CachedCharges>);

impl ChargesCache {
    /// The figure: reused as described above, or computed now (the first time, after a write,
    /// when long unseen, and always when `ttl` is zero).
    pub async fn get(
        &self,
        pool: &DbPool,
        writes: &Arc<Writes>,
        ttl: Duration,
    ) -> Result<CachedCharges, AppError> {
        let figure = self
            .0
            .get(String::new(), writes, ttl, pool, |c| {
                current_charges(c, Utc::now())
            })
            .await?;
        Ok(CachedCharges::clone(&figure))
    }
}
