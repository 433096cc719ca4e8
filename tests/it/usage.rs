//! `GET /api/v1/subscriptions/{id}/usage`: the billing cycle, consumed / free / chargeable,
//! charges rounded once, cycle edges.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;

use crate::support::app::TestApp;
use crate::support::backfill::{raw, store};
use crate::support::fixtures::{count_meter, customer, event, ingest, product, subscription, sum_meter};

#[actix_web::test]
async fn the_seed_example_bills_75_dollars_and_the_no_free_tier_500() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let calls = count_meter(&api, "api.call").await;
    let tokens = sum_meter(&api, "llm", "tokens").await;
    let prod = product(&api, "USD", &[(&calls, "0.50", "100"), (&tokens, "0.50", "0")]).await;
    let start = (Utc::now() - Duration::days(2)).to_rfc3339();
    let sub = subscription(&api, "c1", &prod, &start).await;
    for chunk in 0..3 {
        let batch = (0..100)
            .filter(|i| chunk * 100 + i < 250)
            .map(|i| event(&format!("call-{chunk}-{i}"), "c1", "api.call", json!({})))
            .collect();
        ingest(&api, batch).await;
    }
    ingest(
        &api,
        vec![
            event("t1", "c1", "llm", json!({"tokens": 600})),
            event("t2", "c1", "llm", json!({"tokens": "400"})),
        ],
    )
    .await;
    let (status, u) = api.get(&format!("/api/v1/subscriptions/{sub}/usage")).await;
    assert_eq!(status, StatusCode::OK, "{u}");
    assert_eq!(u["currency"], "USD");
    assert_eq!(
        u["meters"][0],
        json!({"meter_id": calls, "meter_name": "api.call", "unit": "calls", "consumed": "250", "free_threshold": "100",
               "chargeable": "150", "price": {"model": "per_unit", "unit_price": "0.50"}, "price_per_unit": "0.50",
               "charge": "75.00"})
    );
    assert_eq!(u["meters"][1]["consumed"], "1000");
    assert_eq!(u["meters"][1]["charge"], "500.00");
    assert_eq!(u["total"], "575.00");
}

/// Stores events of c1's `api.call` at given times through the pipeline (as a backfill would).
fn backfill(app: &TestApp, events: &[(&str, chrono::DateTime<Utc>, serde_json::Value)]) {
    store(
        app,
        events
            .iter()
            .map(|(id, ts, md)| raw(*id, "c1", "api.call", *ts, md)),
    );
}

#[actix_web::test]
async fn a_cycle_starting_mid_month_counts_exactly_its_own_events() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let calls = count_meter(&api, "api.call").await;
    let prod = product(&api, "USD", &[(&calls, "1", "0")]).await;
    let sub = subscription(&api, "c1", &prod, "2024-01-31T10:37:12Z").await;
    let t = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .with_timezone(&Utc)
    };
    backfill(
        &app,
        &[
            ("before", t("2024-01-31T10:37:11Z"), json!({})),
            ("at-start", t("2024-01-31T10:37:12Z"), json!({})),
            ("same-hour", t("2024-01-31T10:59:59Z"), json!({})),
            ("mid", t("2024-02-15T00:00:00Z"), json!({})),
            ("last-second", t("2024-02-29T10:37:11Z"), json!({})),
            ("next-cycle", t("2024-02-29T10:37:12Z"), json!({})),
            ("march", t("2024-03-20T00:00:00Z"), json!({})),
        ],
    );
    let (status, u) = api
        .get(&format!(
            "/api/v1/subscriptions/{sub}/usage?at=2024-02-10T00:00:00Z"
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{u}");
    assert_eq!(u["period_start"], "2024-01-31T10:37:12Z");
    assert_eq!(u["period_end"], "2024-02-29T10:37:12Z", "Jan 31 → Feb 29 in 2024");
    assert_eq!(u["meters"][0]["consumed"], "4");
    let (_, u) = api
        .get(&format!(
            "/api/v1/subscriptions/{sub}/usage?at=2024-03-01T00:00:00Z"
        ))
        .await;
    assert_eq!(u["period_start"], "2024-02-29T10:37:12Z");
    assert_eq!(u["period_end"], "2024-03-31T10:37:12Z");
    assert_eq!(u["meters"][0]["consumed"], "2");
    // A cycle without events reports 0, also for `last`.
    let (_, u) = api
        .get(&format!(
            "/api/v1/subscriptions/{sub}/usage?at=2024-06-01T00:00:00Z"
        ))
        .await;
    assert_eq!(u["meters"][0]["consumed"], "0");
    assert_eq!(u["total"], "0.00");
    let (status, err) = api
        .get(&format!(
            "/api/v1/subscriptions/{sub}/usage?at=2023-01-01T00:00:00Z"
        ))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("before the subscription starts")
    );
    let (status, _) = api.get("/api/v1/subscriptions/sub_nope/usage").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn last_and_max_report_zero_for_an_empty_cycle_and_round_half_up_once() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let seats = crate::support::fixtures::meter(
        &api,
        json!({"name": "Seats", "event_name": "seats", "aggregation": {"type": "last", "key": "n"}, "measurement_unit": "seats"}),
    )
    .await;
    let calls = count_meter(&api, "api.call").await;
    // 3 calls at $0.005 = $0.015 → $0.02 (rounded once, half up).
    let prod = product(&api, "USD", &[(&seats, "2", "0"), (&calls, "0.005", "0")]).await;
    let sub = subscription(&api, "c1", &prod, &(Utc::now() - Duration::days(1)).to_rfc3339()).await;
    let (_, u) = api.get(&format!("/api/v1/subscriptions/{sub}/usage")).await;
    assert_eq!(u["meters"][0]["consumed"], "0");
    let ts = (Utc::now() - Duration::minutes(30)).to_rfc3339();
    ingest(
        &api,
        vec![
            json!({"event_id": "s1", "customer_id": "c1", "event_name": "seats", "timestamp": ts, "metadata": {"n": 5}}),
            json!({"event_id": "s2", "customer_id": "c1", "event_name": "seats", "timestamp": ts, "metadata": {"n": 3}}),
            event("a", "c1", "api.call", json!({})),
            event("b", "c1", "api.call", json!({})),
            event("c", "c1", "api.call", json!({})),
        ],
    )
    .await;
    let (_, u) = api.get(&format!("/api/v1/subscriptions/{sub}/usage")).await;
    assert_eq!(
        u["meters"][0]["consumed"], "3",
        "same timestamp: the one received last wins"
    );
    assert_eq!(u["meters"][1]["charge"], "0.02");
    assert_eq!(u["total"], "6.02");
}
