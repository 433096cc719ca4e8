//! The pool's lanes: page views, requests and the roller each have their own connections and
//! queue, so none waits behind another's crowd. Checked by what overlaps what: work that holds
//! its connection (`pg_sleep`) reports when it ran.

use std::time::{Duration, Instant};

use diesel::RunQueryDsl;
use meterdesk::db::{self, DbPool, lanes};

use crate::support::db::TestDb;

/// Holds a connection of `lane` for `hold`; returns when the work started and ended.
async fn hold(pool: &DbPool, lane: lanes::Lane, hold: Duration) -> (Instant, Instant) {
    let secs = hold.as_secs_f64();
    let work = db::run(pool, move |c| {
        let start = Instant::now();
        diesel::sql_query(format!("SELECT pg_sleep({secs})")).execute(c)?;
        Ok::<_, diesel::result::Error>((start, Instant::now()))
    });
    lanes::scope(lane, work).await.expect("work")
}

#[actix_web::test]
async fn page_views_queue_among_themselves_while_requests_and_the_roller_go_ahead() {
    let db = TestDb::new();
    // Pool size 4: requests 3 connections, page views 1, the roller 1 of its own.
    let pool = db::connect(&db.url, 4).expect("pool");
    let long = Duration::from_millis(1000);
    let short = Duration::from_millis(50);
    let (first_page, second_page, requests, roller) = futures_util::future::join4(
        hold(&pool, lanes::Lane::Pages, long),
        async {
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
            hold(&pool, lanes::Lane::Pages, short).await
        },
        async {
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
            futures_util::future::join_all((0..3).map(|_| hold(&pool, lanes::Lane::Requests, long))).await
        },
        async {
            actix_web::rt::time::sleep(Duration::from_millis(200)).await;
            hold(&pool, lanes::Lane::Roller, short).await
        },
    )
    .await;
    // The two page views took turns on the one page connection…
    let (a, b) = (first_page, second_page);
    assert!(
        a.1 <= b.0 || b.1 <= a.0,
        "two page views ran at once on one page connection"
    );
    // …while the requests ran all three at once, beside the long page view,
    let latest_start = requests.iter().map(|r| r.0).max().expect("requests");
    let earliest_end = requests.iter().map(|r| r.1).min().expect("requests");
    assert!(
        latest_start < earliest_end,
        "the requests did not get three connections at once"
    );
    assert!(
        latest_start < a.1 && a.0 < earliest_end,
        "the requests waited behind a page view"
    );
    // and the roller ran while every request connection was busy.
    assert!(roller.1 < earliest_end, "the roller waited behind requests");
}

/// The API first: while every request connection is busy, a page view's work waits before its
/// turn, though its own connection is free — but only for a while, never until the API is idle.
#[actix_web::test]
async fn page_views_yield_to_a_busy_api_for_a_while_only() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let db = TestDb::new();
    // Pool size 4: requests 3 connections, page views 1.
    let pool = db::connect(&db.url, 4).expect("pool");
    let long = lanes::PAGES_YIELD * 6;
    let started = Arc::new(AtomicUsize::new(0));
    let request = |started: Arc<AtomicUsize>| {
        let work = db::run(&pool, move |c| {
            started.fetch_add(1, Ordering::SeqCst);
            let secs = long.as_secs_f64();
            diesel::sql_query(format!("SELECT pg_sleep({secs})")).execute(c)?;
            Ok::<_, diesel::result::Error>(Instant::now())
        });
        async move { lanes::scope(lanes::Lane::Requests, work).await.expect("work") }
    };
    let (ends, (asked, page)) = futures_util::future::join(
        futures_util::future::join_all((0..3).map(|_| request(started.clone()))),
        async {
            // Once every request connection is taken.
            while started.load(Ordering::SeqCst) < 3 {
                actix_web::rt::time::sleep(Duration::from_millis(5)).await;
            }
            let asked = Instant::now();
            (
                asked,
                hold(&pool, lanes::Lane::Pages, Duration::from_millis(10)).await,
            )
        },
    )
    .await;
    let earliest_end = ends.into_iter().min().expect("requests");
    assert!(
        page.0 >= asked + lanes::PAGES_YIELD,
        "the page view did not wait while every request connection was busy"
    );
    assert!(
        page.1 < earliest_end,
        "the page view waited for the API to be idle"
    );
}
