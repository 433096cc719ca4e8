//! Analytics → Overview: figures against what the test sent, one chart mark per period.

use chrono::{Datelike, Duration, TimeZone, Utc};
use meterdesk::auth::model::Role;
use serde_json::json;

use crate::support::app::TestApp;

/// One total in US dollars, as the charges cache keeps it.
fn usd(amount: &str) -> Vec<(rust_decimal::Decimal, meterdesk::metering::Currency)> {
    vec![(amount.parse().unwrap(), meterdesk::metering::Currency::USD)]
}
use crate::support::backfill::{raw, store};
use crate::support::fixtures::{count_meter, customer, event, ingest, meter, product, subscription};
use crate::support::html;

#[actix_web::test]
async fn figures_and_chart_match_what_was_sent() {
    let app = TestApp::spawn().await;
    let api = app.api();
    for c in ["a", "b", "quiet"] {
        customer(&api, c).await;
    }
    let calls = count_meter(&api, "api.call").await;
    let peak = meter(&api, json!({"name": "Peak GB", "event_name": "storage", "aggregation": {"type": "max", "key": "gb"}, "measurement_unit": "GB"})).await;
    let prod = product(&api, "USD", &[(&calls, "0.5", "10")]).await;
    let now = Utc::now();
    let month_start = Utc
        .with_ymd_and_hms(now.year(), now.month(), 1, 0, 0, 0)
        .single()
        .unwrap();
    subscription(&api, "a", &prod, &(now - Duration::days(3)).to_rfc3339()).await;

    // This month: events within the last hours (always in the current month, but for the
    // first hours of a month, which the window below accounts for).
    let recent = (now - Duration::minutes(30)).max(month_start);
    let mut batch = Vec::new();
    for i in 0..40 {
        let customer = if i % 4 == 0 { "b" } else { "a" };
        batch.push(json!({"event_id": format!("c{i}"), "customer_id": customer, "event_name": "api.call", "timestamp": recent.to_rfc3339()}));
    }
    for (i, gb) in ["3.5", "12.25", "7"].iter().enumerate() {
        batch.push(json!({"event_id": format!("g{i}"), "customer_id": "a", "event_name": "storage", "timestamp": recent.to_rfc3339(), "metadata": {"gb": gb}}));
    }
    batch.push(json!({"event_id": "u1", "customer_id": "b", "event_name": "nothing.listens", "timestamp": recent.to_rfc3339()}));
    ingest(&api, batch).await;
    // Older events (before this month): all time only.
    let old = month_start - Duration::days(40);
    store(
        &app,
        (0..5).map(|i| raw(format!("old{i}"), "quiet", "api.call", old, &json!({}))),
    );

    let s = app.session(Role::Viewer).await;
    let (status, page) = s.get_text("/analytics").await;
    assert_eq!(status, 200);
    assert_eq!(html::text_by_id(&page, "events-month").as_deref(), Some("44"));
    assert!(page.contains("49 all time"), "{page}");
    assert_eq!(html::text_by_id(&page, "active-month").as_deref(), Some("2"));
    assert!(page.contains("3 ever sent usage"));
    assert!(
        page.contains("40 calls</td><td class=\"num\">45 calls"),
        "calls: this month 40, all time 45"
    );
    assert!(
        page.contains("12.25 GB</td><td class=\"num\">12.25 GB"),
        "max over the month and ever"
    );
    // a: 30 calls this cycle, free 10, $0.50 → $10.00.
    assert!(page.contains("$10.00"), "{page}");

    // The chart: one mark per day for each meter over 30 days; fewer with coarser periods.
    let (_, page) = s
        .get_text(&format!(
            "/analytics?range=30d&granularity=day&meter={calls}&meter={peak}"
        ))
        .await;
    let buckets: Vec<&str> = page
        .match_indices("data-bucket=\"")
        .map(|(i, m)| &page[i + m.len()..i + m.len() + 10])
        .collect();
    assert_eq!(
        page.matches("class=\"mark\"").count(),
        60,
        "30 days × 2 meters: {buckets:?}"
    );
    let (_, page) = s
        .get_text(&format!("/analytics?range=90d&granularity=week&meter={calls}"))
        .await;
    let weeks = page.matches("class=\"mark\"").count();
    assert!((13..=15).contains(&weeks), "{weeks} weekly marks over 90 days");
    let (_, page) = s
        .get_text(&format!("/analytics?range=12m&granularity=month&meter={calls}"))
        .await;
    assert_eq!(page.matches("class=\"mark\"").count(), 12);
    assert!(
        page.contains("id=\"chart-data\""),
        "the data table for screen readers"
    );
    let (status, page) = s
        .get_text("/analytics?range=custom&from=2024-01-10&to=2024-01-01")
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("The end must be after the start."));
}

#[actix_web::test]
async fn the_charges_figure_is_reused_then_refreshed_in_the_background() {
    use std::sync::Arc;
    use std::time::Duration as StdDuration;

    use meterdesk::analytics::overview::ChargesCache;

    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let calls = count_meter(&api, "api.call").await;
    let prod = product(&api, "USD", &[(&calls, "2.00", "0")]).await;
    let start = (Utc::now() - Duration::days(1)).to_rfc3339();
    subscription(&api, "c1", &prod, &start).await;
    ingest(&api, vec![event("a", "c1", "api.call", json!({}))]).await;

    let cache = Arc::new(ChargesCache::default());
    let writes = std::sync::Arc::new(meterdesk::analytics::cache::Writes::default());
    let ttl = StdDuration::from_millis(1000);
    let first = cache.get(&app.state.pool, &writes, ttl).await.unwrap();
    assert_eq!(first.amounts, usd("2.00"));

    ingest(&api, vec![event("b", "c1", "api.call", json!({}))]).await;
    let again = cache.get(&app.state.pool, &writes, ttl).await.unwrap();
    assert_eq!(
        again.amounts, first.amounts,
        "fresh: the same figure, no recomputation"
    );
    assert_eq!(again.at, first.at);

    actix_web::rt::time::sleep(ttl).await;
    let stale = cache.get(&app.state.pool, &writes, ttl).await.unwrap();
    assert_eq!(
        stale.at, first.at,
        "stale: shown (with its time) while a refresh runs"
    );
    let mut refreshed = stale;
    for _ in 0..100 {
        refreshed = cache.get(&app.state.pool, &writes, ttl).await.unwrap();
        if refreshed.at != first.at {
            break;
        }
        actix_web::rt::time::sleep(StdDuration::from_millis(20)).await;
    }
    assert_eq!(refreshed.amounts, usd("4.00"));

    // A write handled by the app: computed again before it is shown.
    ingest(&api, vec![event("c", "c1", "api.call", json!({}))]).await;
    writes.bump();
    let after_write = cache.get(&app.state.pool, &writes, ttl).await.unwrap();
    assert_eq!(after_write.amounts, usd("6.00"));
}

/// Days on which `activity_last_days` differs from a recount of the customers with events by
/// the UTC day of their last one.
fn last_days_off(conn: &mut diesel::PgConnection) -> i64 {
    use diesel::RunQueryDsl as _;
    #[derive(diesel::QueryableByName)]
    struct Off {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(
        "SELECT count(*)::int8 AS n
         FROM (SELECT day, customers FROM activity_last_days WHERE customers <> 0) a
         FULL JOIN (SELECT date_trunc('day', last_ts, 'UTC') AS day, count(*) AS customers
                    FROM customer_activity WHERE events > 0 GROUP BY 1) c ON c.day = a.day
         WHERE a.customers IS DISTINCT FROM c.customers",
    )
    .get_result::<Off>(conn)
    .unwrap()
    .n
}

/// The overview's counters: active customers, this month and ever, count stored and queued
/// events alike, and a customer whose stored events were all taken back (an upload's rollback)
/// counts in neither, though its activity row still holds a recent last event.
#[actix_web::test]
async fn active_customers_merge_the_counters_with_the_queued_events() {
    use meterdesk::analytics::overview::repo::counters;
    use meterdesk::meters::rollups::repo::add_activity;

    let app = TestApp::spawn().await;
    let api = app.api();
    for c in ["old", "gone", "new"] {
        customer(&api, c).await;
    }
    count_meter(&api, "api.call").await;
    let since = Utc::now() - Duration::days(2);
    let (old, recent) = (since - Duration::days(10), since + Duration::hours(1));
    let month = (since, since + Duration::days(30));
    // The queued events counted from memory and in SQL, in one snapshot: the same figures.
    let both = |conn: &mut diesel::PgConnection| {
        meterdesk::meters::rollups::in_snapshot(conn, |conn| {
            // As the overview reads it: with the queued hours, in the same read of the tail.
            let tail = meterdesk::meters::rollups::queued_meter_hours(conn, &[])?;
            let held = tail.activity().expect("a short tail is held");
            let from_memory = counters(conn, month, Some(held))?;
            let in_sql = counters(conn, month, None)?;
            assert_eq!(from_memory, in_sql);
            Ok(in_sql)
        })
        .unwrap()
    };
    // Each figure read also checks the customers by the day of their last event against a
    // recount from the activity rows.
    let active_customers = |conn: &mut diesel::PgConnection| {
        assert_eq!(
            last_days_off(conn),
            0,
            "activity_last_days differs from a recount"
        );
        let c = both(conn);
        Ok::<_, diesel::result::Error>((c.active_since, c.active_ever))
    };
    store(
        &app,
        [
            raw("o1", "old", "api.call", old, &json!({})),
            raw("g1", "gone", "api.call", recent, &json!({})),
            raw("g2", "gone", "api.call", recent, &json!({})),
        ],
    );
    let mut conn = app.rolled_conn();
    assert_eq!(active_customers(&mut conn).unwrap(), (1, 2));
    // "gone"'s two events taken back out of the counters.
    let (far_future, far_past) = (
        chrono::DateTime::<Utc>::from_timestamp(253_402_214_400, 0).unwrap(),
        chrono::DateTime::<Utc>::from_timestamp(-62_135_596_800, 0).unwrap(),
    );
    add_activity(
        &mut conn,
        &[],
        &[("gone".to_string(), -2, far_future, far_past)],
        0,
    )
    .unwrap();
    assert_eq!(active_customers(&mut conn).unwrap(), (0, 1));
    // New events, counted whether the roller has taken them yet or not: a recent one for "old"
    // (now recent) and a first customer's.
    store(
        &app,
        [
            raw("o2", "old", "api.call", recent, &json!({})),
            raw("n1", "new", "api.call", recent, &json!({})),
        ],
    );
    assert_eq!(active_customers(&mut app.conn()).unwrap(), (2, 2));
    assert_eq!(active_customers(&mut app.rolled_conn()).unwrap(), (2, 2));
    // The event counters of the same statement: 4 events in the month, 5 in all.
    let c = both(&mut app.conn());
    assert_eq!((c.events_month, c.events_all), (4, 5));
}

/// The process keeps the active meters with the meters' version they were read at; a meter
/// created, renamed or archived by anyone (here by SQL behind the server's back, as another
/// server process would) is on the overview at the very next view.
#[actix_web::test]
async fn the_overviews_meters_follow_every_change_at_the_next_view() {
    let app = TestApp::spawn_with(&[("METERDESK_PAGE_CACHE_SECONDS", "0")]).await;
    let calls = count_meter(&app.api(), "api.call").await;
    let viewer = app.session(Role::Viewer).await;
    let sql = |statement: &str| {
        diesel::RunQueryDsl::execute(diesel::sql_query(statement), &mut app.conn()).unwrap();
    };
    let label = |page: &str, id: &str| {
        let at = page.find(&format!("<label for=\"meter-{id}\">"))?;
        let text = &page[at..];
        Some(text[text.find('>')? + 1..text.find("</label>")?].to_string())
    };
    for _ in 0..2 {
        let (status, page) = viewer.get_text("/analytics").await;
        assert_eq!(status, 200);
        assert_eq!(label(&page, &calls).as_deref(), Some("api.call"), "{page}");
    }

    sql(&format!(
        "UPDATE meters SET name = 'Renamed by hand' WHERE id = '{calls}'"
    ));
    let (_, page) = viewer.get_text("/analytics").await;
    assert_eq!(label(&page, &calls).as_deref(), Some("Renamed by hand"), "{page}");

    sql("INSERT INTO meters (id, name, event_name, aggregation, unit)
         VALUES ('mtr_by_hand', 'Made by hand', 'other.name', 'count', 'calls')");
    let (_, page) = viewer.get_text("/analytics").await;
    assert_eq!(
        label(&page, "mtr_by_hand").as_deref(),
        Some("Made by hand"),
        "{page}"
    );

    sql("UPDATE meters SET status = 'archived', archived_at = now() WHERE id = 'mtr_by_hand'");
    let (_, page) = viewer.get_text("/analytics").await;
    assert_eq!(label(&page, "mtr_by_hand"), None, "{page}");
    assert_eq!(label(&page, &calls).as_deref(), Some("Renamed by hand"), "{page}");
}
