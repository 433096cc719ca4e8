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
//!   busy (the API is behind), a page view's work waits up to [`PAGES_YIELD`] before its turn:
//!   on a machine the server shares with PostgreSQL, a crowd of page views otherwise takes the
//!   CPU the ingests need, and acknowledgements fall seconds behind.
//! - The roller has a connection of its own, one more than the pool's size: however busy the API
//!   is, queued events are folded into the rollups without waiting their turn, so the queued
//!   tail every read adds to the rollups stays short.

use std::future::Future;

tokio::task_local! {
    static LANE: Lane;
}

/// How long a page view's database work waits at most, before its turn, while every connection
/// of the requests' lane is busy. Once per view: its session lookup does not wait
/// ([`crate::db::run_brief`]), and views that share a page cache's computation wait only for
/// that one. (It was 100 ms for each of the two; B6's mixed run, binaries interleaved at 30,000
/// events/s: page views per second with the page cache on 215–269 against 184–201, ingest p99
/// 79–96 ms either way.)
pub const PAGES_YIELD: std::time::Duration = std::time::Duration::from_millis(200);

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
    LANE.scope(lane, work).await
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
}
