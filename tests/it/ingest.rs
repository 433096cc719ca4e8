//! The events API: per-event verdicts, deduplication (in a batch, across batches, under
//! concurrency), limits, timestamps, metadata and property checks, lineage.

use chrono::{Duration, Utc};
use diesel::prelude::*;
use meterdesk::db::schema::{events, rollups_daily};
use meterdesk::ingest::repo::COPY_FROM;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::app::TestApp;
use crate::support::fixtures::{count_meter, customer, event, ingest, sum_meter};

fn stored(app: &TestApp) -> i64 {
    events::table.count().get_result(&mut app.conn()).unwrap()
}

fn rollup_count(app: &TestApp, meter: &str) -> i64 {
    rollups_daily::table
        .filter(rollups_daily::meter_id.eq(meter))
        .select(diesel::dsl::sum(rollups_daily::event_count))
        .first::<Option<rust_decimal::Decimal>>(&mut app.rolled_conn())
        .unwrap()
        .map(|d| d.to_string().parse().unwrap())
        .unwrap_or(0)
}

fn codes(body: &Value) -> Vec<(u64, String)> {
    body["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["index"].as_u64().unwrap(),
                r["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[actix_web::test]
async fn a_batch_gets_a_verdict_per_event_and_bad_events_do_not_sink_good_ones() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let calls = count_meter(&api, "api.call").await;
    let body = ingest(
        &api,
        vec![
            event("e1", "c1", "api.call", json!({})),
            event("e1", "c1", "api.call", json!({})),
            event("e2", "ghost", "api.call", json!({})),
            event("e3", "c1", "api.call", json!({"nested": {"a": 1}})),
            event("e4", "c1", "API.call", json!({})),
            json!({"event_id": "e5", "customer_id": "c1", "event_name": "api.call", "timestamp": (Utc::now() + Duration::minutes(10)).to_rfc3339()}),
            json!({"event_id": "e6", "customer_id": "c1", "event_name": "api.call", "timestamp": "2020-01-01T00:00:00Z"}),
            json!("not an object"),
            json!({"event_id": "e8", "customer_id": "c1", "event_name": "api.call", "metadata": [1]}),
            event("e9", "c1", "api.call", json!({"region": "eu"})),
        ],
    )
    .await;
    assert_eq!(body["ingested"], 3, "{body}");
    assert_eq!(
        body["unmatched"], 1,
        "API.call is stored but no meter listens: {body}"
    );
    assert_eq!(body["duplicates"], 1);
    assert_eq!(
        codes(&body),
        vec![
            (2, "unknown_customer".into()),
            (3, "invalid_metadata".into()),
            (5, "timestamp_in_future".into()),
            (6, "timestamp_too_old".into()),
            (7, "invalid_event".into()),
            (8, "invalid_event".into()),
        ]
    );
    let rejected = body["rejected"].as_array().unwrap();
    assert_eq!(rejected[0]["event_id"], "e2");
    assert!(
        rejected[0]["message"]
            .as_str()
            .unwrap()
            .contains("\"ghost\" is not a known customer")
    );
    assert!(rejected[1]["message"].as_str().unwrap().contains("flat"));
    assert!(
        rejected[3]["message"].as_str().unwrap().contains("CSV"),
        "too-old events point to backfill"
    );
    assert_eq!(stored(&app), 3);
    assert_eq!(rollup_count(&app, &calls), 2);
}

/// Batch sizes that take each form of the store: events written by the claiming statement, and
/// copied after it ([`COPY_FROM`]).
const SIZES: [usize; 2] = [50, COPY_FROM + 20];

#[actix_web::test]
async fn a_resent_batch_counts_nothing_twice() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let calls = count_meter(&api, "api.call").await;
    let mut total = 0;
    for n in SIZES {
        let batch: Vec<Value> = (0..n)
            .map(|i| event(&format!("e{n}-{i}"), "c1", "api.call", json!({})))
            .collect();
        let first = ingest(&api, batch.clone()).await;
        assert_eq!(first["ingested"], n);
        let again = ingest(&api, batch).await;
        assert_eq!(again["ingested"], 0);
        assert_eq!(again["duplicates"], n);
        total += n as i64;
        assert_eq!(stored(&app), total);
        assert_eq!(rollup_count(&app, &calls), total);
    }
}

/// A batch is first stored as if every id were new; one taken id makes that statement fail and
/// the batch is stored again claiming only the free ids.
#[actix_web::test]
async fn a_batch_with_one_taken_id_stores_the_others_once() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let calls = count_meter(&api, "api.call").await;
    let mut total = 0;
    for n in SIZES {
        let first: Vec<Value> = (0..10)
            .map(|i| event(&format!("e{n}-{i}"), "c1", "api.call", json!({})))
            .collect();
        assert_eq!(ingest(&api, first).await["ingested"], 10);
        let mut mixed: Vec<Value> = (0..n - 1)
            .map(|i| event(&format!("n{n}-{i}"), "c1", "api.call", json!({})))
            .collect();
        mixed.insert(4, event(&format!("e{n}-7"), "c1", "api.call", json!({})));
        let body = ingest(&api, mixed).await;
        assert_eq!(body["ingested"], n - 1, "{body}");
        assert_eq!(body["duplicates"], 1, "{body}");
        total += 10 + n as i64 - 1;
        assert_eq!(stored(&app), total);
        assert_eq!(rollup_count(&app, &calls), total);
    }
    // Every stored event is claimed once, under the receipt number it was stored with.
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let unmatched: i64 = diesel::sql_query(
        "SELECT count(*) AS n FROM event_ids i FULL JOIN events e
           ON e.event_id = i.event_id AND e.customer_id = i.customer_id AND e.seq = i.seq
         WHERE i.event_id IS NULL OR e.event_id IS NULL",
    )
    .get_result::<Count>(&mut app.conn())
    .unwrap()
    .n;
    assert_eq!(unmatched, 0);
}

#[actix_web::test]
async fn two_concurrent_batches_with_the_same_ids_count_once() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    customer(&api, "c2").await;
    let calls = count_meter(&api, "api.call").await;
    let mut total = 0;
    for (round, n) in [200, 200, 200, COPY_FROM + 20, COPY_FROM + 20]
        .into_iter()
        .enumerate()
    {
        // Same ids, different orders, half of each batch in the other.
        let a: Vec<Value> = (0..n)
            .map(|i| event(&format!("r{round}-{i}"), "c1", "api.call", json!({})))
            .collect();
        let b: Vec<Value> = (n / 2..n + n / 2)
            .rev()
            .map(|i| event(&format!("r{round}-{i}"), "c2", "api.call", json!({})))
            .collect();
        let api2 = app.api();
        let (x, y) = tokio::join!(ingest(&api, a), ingest(&api2, b));
        assert_eq!(
            x["ingested"].as_u64().unwrap() + y["ingested"].as_u64().unwrap(),
            (n + n / 2) as u64,
            "{x} {y}"
        );
        assert_eq!(
            x["duplicates"].as_u64().unwrap() + y["duplicates"].as_u64().unwrap(),
            (n / 2) as u64
        );
        total += (n + n / 2) as i64;
    }
    assert_eq!(stored(&app), total);
    assert_eq!(rollup_count(&app, &calls), total);
}

/// A batch of [`COPY_FROM`] events or more is copied: every column lands as the statement
/// would have written it (metadata as jsonb: its numbers, strings and booleans as sent).
#[actix_web::test]
async fn a_copied_batch_stores_every_column() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    customer(&api, "c2").await;
    let tokens = sum_meter(&api, "llm.call", "tokens").await;
    let at = Utc::now() - Duration::hours(2);
    let batch: Vec<Value> = (0..COPY_FROM)
        .map(|i| {
            let mut e = event(
                &format!("k{i}"),
                if i % 3 == 0 { "c2" } else { "c1" },
                "llm.call",
                json!({"tokens": i, "model": "é \"q\"\t\\", "ratio": 2.5, "ok": true}),
            );
            e["timestamp"] = json!((at + Duration::milliseconds(i as i64)).to_rfc3339());
            e
        })
        .collect();
    let body = ingest(&api, batch).await;
    assert_eq!(body["ingested"], COPY_FROM, "{}", body["rejected"][0]);
    type Row = (
        String,
        i64,
        String,
        String,
        chrono::DateTime<Utc>,
        Value,
        String,
        Option<i64>,
    );
    let rows: Vec<Row> = events::table
        .select((
            events::event_id,
            events::seq,
            events::customer_id,
            events::event_name,
            events::ts,
            events::metadata,
            events::source,
            events::api_key_id,
        ))
        .order(events::seq)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(rows.len(), COPY_FROM);
    let first_seq = rows[0].1;
    for (i, (id, seq, customer_id, name, ts, metadata, source, key)) in rows.into_iter().enumerate() {
        assert_eq!(id, format!("k{i}"));
        // Receipt numbers in the order the events came.
        assert_eq!(seq, first_seq + i as i64);
        assert_eq!(customer_id, if i % 3 == 0 { "c2" } else { "c1" });
        assert_eq!(name, "llm.call");
        assert_eq!(
            ts.timestamp_micros(),
            (at + Duration::milliseconds(i as i64)).timestamp_micros()
        );
        assert_eq!(
            metadata,
            json!({"tokens": i, "model": "é \"q\"\t\\", "ratio": 2.5, "ok": true})
        );
        assert_eq!(source, "api");
        assert!(key.is_some());
    }
    // What the roller counted from the handed-over events is what the stored ones say.
    let summed: Option<rust_decimal::Decimal> = rollups_daily::table
        .filter(rollups_daily::meter_id.eq(&tokens))
        .select(diesel::dsl::sum(rollups_daily::value_sum))
        .first(&mut app.rolled_conn())
        .unwrap();
    let sent = (0..COPY_FROM as i64).sum::<i64>();
    assert_eq!(summed.map(|d| d.to_string()), Some(sent.to_string()));
}

#[actix_web::test]
async fn batch_limits_and_malformed_bodies_get_clear_errors() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let big: Vec<Value> = (0..1001)
        .map(|i| event(&format!("e{i}"), "c1", "x", json!({})))
        .collect();
    let (status, body) = api.post("/api/v1/events/ingest", &json!({ "events": big })).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("at most 1000"),
        "{body}"
    );
    let (status, _) = api.post("/api/v1/events/ingest", &json!({ "events": [] })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = api.post("/api/v1/events/ingest", &json!({ "evnts": [] })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = api
        .client
        .post(api.url("/api/v1/events/ingest"))
        .bearer_auth(&api.key)
        .header("content-type", "application/json")
        .body("{\"events\": [{\"event_id\": \"a\",}]}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let err: Value = res.json().await.unwrap();
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("line 1 column"),
        "{err}"
    );
    let huge = format!("{{\"events\": [\"{}\"]}}", "x".repeat(9 * 1024 * 1024));
    let res = api
        .client
        .post(api.url("/api/v1/events/ingest"))
        .bearer_auth(&api.key)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let res = app
        .client()
        .post(app.url("/api/v1/events/ingest"))
        .json(&json!({"events": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(stored(&app), 0);
}

#[actix_web::test]
async fn every_timestamp_form_is_read_and_impossible_dates_are_refused() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    count_meter(&api, "api.call").await;
    let t = (Utc::now() - Duration::hours(3))
        .with_timezone(&chrono::FixedOffset::east_opt(5 * 3600 + 1800).unwrap());
    let forms = vec![
        json!(t.format("%Y-%m-%dT%H:%M:%S%z").to_string()),
        json!(t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()),
        json!(t.with_timezone(&Utc).format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()),
        json!(t.with_timezone(&Utc).format("%Y-%m-%d %H:%M:%S").to_string()),
        json!(t.with_timezone(&Utc).format("%Y-%m-%d").to_string()),
        json!(t.timestamp().to_string()),
        json!(t.timestamp()),
        json!("2024-13-01"),
        json!("2024-02-30"),
    ];
    let batch: Vec<Value> = forms
        .iter()
        .enumerate()
        .map(|(i, ts)| json!({"event_id": format!("t{i}"), "customer_id": "c1", "event_name": "api.call", "timestamp": ts}))
        .collect();
    let body = ingest(&api, batch).await;
    assert_eq!(body["ingested"], 7, "{body}");
    assert_eq!(
        codes(&body),
        vec![(7, "invalid_timestamp".into()), (8, "invalid_timestamp".into())]
    );
    assert!(
        body["rejected"][1]["message"]
            .as_str()
            .unwrap()
            .contains("not a real date")
    );
    // All the forms of the same instant land on the same second.
    let stamps: Vec<chrono::DateTime<Utc>> = events::table
        .filter(events::event_id.ne("t4"))
        .select(events::ts)
        .load(&mut app.conn())
        .unwrap();
    assert!(
        stamps.iter().all(|s| s.timestamp() == t.timestamp()),
        "{stamps:?}"
    );
}

#[actix_web::test]
async fn meters_that_read_a_property_refuse_events_without_a_number() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let tokens = crate::support::fixtures::meter(
        &api,
        json!({"name": "EU tokens", "event_name": "llm", "aggregation": {"type": "sum", "key": "tokens"}, "measurement_unit": "tokens",
               "filter": {"conjunction": "and", "clauses": [{"key": "region", "operator": "equals", "value": "eu"}]}}),
    )
    .await;
    let body = ingest(
        &api,
        vec![
            event("a", "c1", "llm", json!({"region": "eu", "tokens": 400})),
            event("b", "c1", "llm", json!({"region": "eu", "tokens": "250"})),
            event("c", "c1", "llm", json!({"region": "eu", "tokens": "abc"})),
            event("d", "c1", "llm", json!({"region": "eu"})),
            event("e", "c1", "llm", json!({"region": "us"})),
            event("f", "c1", "llm", json!({"region": "eu", "Tokens": 5})),
        ],
    )
    .await;
    assert_eq!(body["ingested"], 3, "{body}");
    assert_eq!(body["unmatched"], 1, "the US event is stored, no meter counts it");
    assert_eq!(
        codes(&body),
        vec![
            (2, "non_numeric_property".into()),
            (3, "missing_property".into()),
            (5, "missing_property".into())
        ]
    );
    let msg = body["rejected"][0]["message"].as_str().unwrap();
    assert!(msg.contains("EU tokens") && msg.contains("\"abc\""), "{msg}");
    let sum: Option<rust_decimal::Decimal> = rollups_daily::table
        .filter(rollups_daily::meter_id.eq(&tokens))
        .select(diesel::dsl::sum(rollups_daily::value_sum))
        .first(&mut app.rolled_conn())
        .unwrap();
    assert_eq!(sum.map(|s| s.normalize().to_string()), Some("650".into()));
}

#[actix_web::test]
async fn events_record_where_they_came_from() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    ingest(&api, vec![event("lin", "c1", "anything", json!({}))]).await;
    let (source, key): (String, Option<i64>) = events::table
        .filter(events::event_id.eq("lin"))
        .select((events::source, events::api_key_id))
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(source, "api");
    let key_id: i64 = meterdesk::db::schema::api_keys::table
        .select(meterdesk::db::schema::api_keys::id)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(key, Some(key_id));
}

#[actix_web::test]
async fn archived_meters_take_no_new_events_and_new_meters_count_stored_ones() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    // Stored before any meter listens: unmatched, but kept.
    let body = ingest(&api, vec![event("early", "c1", "llm", json!({"tokens": 7}))]).await;
    assert_eq!(body["unmatched"], 1);
    let tokens = sum_meter(&api, "llm", "tokens").await;
    assert_eq!(
        rollup_count(&app, &tokens),
        1,
        "a new meter counts events stored before it"
    );
    let (status, _) = api
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/meters/{tokens}"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let body = ingest(&api, vec![event("late", "c1", "llm", json!({"tokens": 5}))]).await;
    assert_eq!(body["unmatched"], 1, "no active meter counts it: {body}");
    assert_eq!(rollup_count(&app, &tokens), 1);
}
