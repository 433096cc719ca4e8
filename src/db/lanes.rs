//! Lanes in front of the pool, so that one kind of work cannot take every connection from the
//! others. Each request's work runs in the lane its request was given ([`scope`]; the web layer
//! puts an operator's page views in [`Lane::Pages`]); outside any scope it is
//! [`Lane::Requests`].
//!
//! Each lane has its own connections and its own first-come, first-served queue ([`split`]):
//! - Page views get a third of the pool: a crowd of operators (or one with many tabs) reloading
//!   analytics pages queues among themselves instead of holding every connection while the API
//!   ingests, and a page view does not wait behind every queued batch of a busy API.
//! - Requests (the API, forms, exports) get the rest. While every one of their connections is
//!   busy (the API is behind), a page view waits up to [`PAGES_YIELD`] in all before its turns:
//!   on a machine the server shares with PostgreSQL, a crowd of page views otherwise takes the
//!   CPU the ingests need, and acknowledgements fall seconds behind.
//! - The roller has a connection of its own, one more than the pool's size: however busy the API
//!   is, queued events are folded into the rollups without waiting their turn, so the queued
//!   tail every read adds to the rollups stays short.

use std::cell::Cell;
use std::future::Future;
use std::time::Duration;

tokio::task_local! {
    static LANE: Lane;
    /// How much of [`PAGES_YIELD`] the work of this scope has left to wait.
    static YIELD_LEFT: Cell<Duration>;
}

/// How long a page view waits at most for the requests' lane, while every connection of that
/// lane is busy, before its turns: in all, however many computations it runs. Computations run
/// one after the other take from what the earlier ones left; those run at once (the overview's
/// usage charges and figures) wait side by side, each for what was left when it started. Its
/// session lookup does not wait ([`crate::db::run_brief`]), and views that share a page cache's
/// computation wait only for that one.
///
/// B6's mixed run on a 2-core machine, ingest at 0.3–0.45 × COPY with 32 viewers and the page
/// cache on, runs interleaved: 120 ms in all, against 200 ms per computation, served more pages
/// with a lower page p99 in every pair but one taken in a noisy spell, and ingest p99 was no
/// worse (issue 11's notes have the runs). Waiting less still (60 ms) let acknowledgements fall
/// behind again.
pub const PAGES_YIELD: Duration = Duration::from_millis(120);

/// Which queue a piece of database work waits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// API calls, forms, exports: first come, first served over the whole pool.
    Requests,
    /// An operator's page view: a third of the pool.
    Pages,
    /// The roller: its own connection, no queue.
    Roller,
}

/// Runs `work` with its database work in `lane`.
pub async fn scope<F: Future>(lane: Lane, work: F) -> F::Output {
    LANE.scope(lane, YIELD_LEFT.scope(Cell::new(PAGES_YIELD), work))
        .await
}

/// How long the work running now may still wait for the requests' lane before its turn: what
/// is left of [`PAGES_YIELD`] for a page view, nothing for other work.
pub fn yield_left() -> Duration {
    if current() != Lane::Pages {
        return Duration::ZERO;
    }
    YIELD_LEFT.try_with(Cell::get).unwrap_or(PAGES_YIELD)
}

/// Takes `waited` off what the work running now may still wait.
pub fn yielded(waited: Duration) {
    let _ = YIELD_LEFT.try_with(|left| left.set(left.get().saturating_sub(waited)));
}

/// The lane of the work running now.
pub fn current() -> Lane {
    LANE.try_with(|lane| *lane).unwrap_or(Lane::Requests)
}

/// How `pool_size` connections are shared: (requests, page views). Page views get a third, at
/// least one; requests the rest, at least one.
pub fn split(pool_size: u32) -> (u32, u32) {
    let pages = (pool_size / 3).max(1);
    (pool_size.saturating_sub(pages).max(1), pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_views_get_a_third_of_the_pool_and_every_lane_at_least_one_connection() {
        assert_eq!(split(10), (7, 3));
        assert_eq!(split(4), (3, 1));
        assert_eq!(split(3), (2, 1));
        assert_eq!(split(2), (1, 1));
        assert_eq!(split(1), (1, 1));
        assert_eq!(split(30), (20, 10));
    }

    #[actix_web::test]
    async fn work_outside_a_scope_is_a_request_and_a_scope_holds_across_awaits() {
        assert_eq!(current(), Lane::Requests);
        let seen = scope(Lane::Pages, async {
            actix_web::rt::task::yield_now().await;
            current()
        })
        .await;
        assert_eq!(seen, Lane::Pages);
        assert_eq!(current(), Lane::Requests);
    }

    #[actix_web::test]
    async fn a_page_view_waits_for_the_api_at_most_the_yield_in_all_and_other_work_never() {
        assert_eq!(yield_left(), Duration::ZERO);
        let left = scope(Lane::Pages, async {
            let first = yield_left();
            yielded(Duration::from_millis(50));
            actix_web::rt::task::yield_now().await;
            let second = yield_left();
            yielded(PAGES_YIELD);
            (first, second, yield_left())
        })
        .await;
        assert_eq!(
            left,
            (
                PAGES_YIELD,
                PAGES_YIELD - Duration::from_millis(50),
                Duration::ZERO
            )
        );
        let request = scope(Lane::Requests, async { yield_left() }).await;
        assert_eq!(request, Duration::ZERO);
        // Each view has its own.
        assert_eq!(scope(Lane::Pages, async { yield_left() }).await, PAGES_YIELD);
    }
}
