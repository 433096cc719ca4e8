//! Two real `meterdesk serve` processes on one database closing at once — several `POST
//! /api/v1/statements/close` to each at the same moment, or their background closers with no
//! grace period started together — make exactly one statement per ended cycle, and none fails.

use chrono::{Duration, DurationRound, Months, Utc};
use diesel::prelude::*;
use meterdesk::metering::{Interval, cycle_number, rfc3339};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::server::{Server, TempDir, api_key};
use crate::support::app::Api;
use crate::support::backfill::raw;
use crate::support::db::TestDb;
use crate::support::fixtures::{customer, product, subscription, sum_meter};

const SUBSCRIPTIONS: usize = 12;

/// Customers on subscriptions that started 4 to 7 months ago, with an event each; returns how
/// many cycles have ended.
async fn seed(api: &Api, db: &TestDb) -> i64 {
    let tokens = sum_meter(api, "llm.tokens", "tokens").await;
    let prod = product(api, "USD", &[(&tokens, "0.01", "0")]).await;
    let now = Utc::now().duration_trunc(Duration::hours(1)).unwrap();
    let mut expected = 0;
    let mut events = Vec::new();
    for i in 0..SUBSCRIPTIONS {
        let cus = format!("cus_{i}");
        customer(api, &cus).await;
        // The last ended cycle ended at least a day ago.
        let anchor = (now - Duration::days(1 + i as i64))
            .checked_sub_months(Months::new(4 + (i % 4) as u32))
            .unwrap();
        subscription(api, &cus, &prod, &rfc3339(anchor)).await;
        expected += cycle_number(anchor, Interval::Monthly, now).unwrap() as i64;
        events.push(raw(
            format!("e{i}"),
            &cus,
            "llm.tokens",
            anchor + Duration::days(2),
            &json!({"tokens": i + 1}),
        ));
    }
    meterdesk::ingest::pipeline::run(
        &mut db.conn(),
        events
            .into_iter()
            .map(meterdesk::ingest::model::Incoming::Event)
            .collect(),
        meterdesk::ingest::model::Source::Manual { operator_id: 0 },
        &meterdesk::ingest::model::Rules::backfill(Utc::now()),
        meterdesk::ingest::pipeline::Mode::Commit,
    )
    .unwrap();
    expected
}

fn api(base: &str, key: &str) -> Api {
    Api {
        client: reqwest::Client::new(),
        key: key.to_string(),
        base: base.to_string(),
    }
}

fn statements(db: &TestDb) -> i64 {
    use meterdesk::db::schema::statements;
    statements::table.count().get_result(&mut db.conn()).unwrap()
}

#[actix_web::test]
async fn two_processes_closing_at_once_make_one_statement_per_cycle() {
    let db = TestDb::new();
    let dir = TempDir::new("statements");
    let key = api_key(&db.url, &dir.0);
    let mut a = Server::start(&db.url, &dir.0, "serve-a.log");
    let mut b = Server::start(&db.url, &dir.0, "serve-b.log");
    let (api_a, api_b) = (api(&a.base, &key), api(&b.base, &key));
    let expected = seed(&api_a, &db).await;

    // Both processes, four requests each, all at once.
    let until = rfc3339(Utc::now());
    let calls = (0..8).map(|i| {
        let api = if i % 2 == 0 { &api_a } else { &api_b };
        let body = json!({ "until": until });
        async move { api.post("/api/v1/statements/close", &body).await }
    });
    let answers: Vec<(StatusCode, Value)> = futures_util::future::join_all(calls).await;
    let mut made = 0;
    for (status, body) in &answers {
        assert_eq!(*status, StatusCode::OK, "{body}");
        made += body["closed"].as_i64().unwrap();
    }
    let rows = statements(&db);
    assert_eq!(rows, expected, "one statement per ended cycle");
    // Each statement was reported by at most one caller (the background closers run at start,
    // before any subscription existed, and a minute later at the earliest).
    assert!(made <= rows, "{made} reported for {rows} rows");
    // A second round on both makes none.
    for api in [&api_a, &api_b] {
        let (status, body) = api
            .post("/api/v1/statements/close", &json!({ "until": until }))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["closed"], 0, "{body}");
    }
    assert!(a.is_running() && b.is_running());
    assert!(a.panics().is_empty() && b.panics().is_empty());
}

#[actix_web::test]
async fn two_background_closers_with_no_grace_make_one_statement_per_cycle() {
    let db = TestDb::new();
    let dir = TempDir::new("closers");
    let key = api_key(&db.url, &dir.0);
    let expected = {
        // Seeded through a server whose closer waits the default hour after each cycle's end
        // — it would close these at its next round, so it is stopped first.
        let mut seeder = Server::start(&db.url, &dir.0, "seed.log");
        let expected = seed(&api(&seeder.base, &key), &db).await;
        seeder.kill9();
        expected
    };
    // The seeder's closer ran before any subscription existed.
    assert_eq!(statements(&db), 0);
    // Two servers started together: their closers run at start, at the same time.
    let starts: Vec<_> = ["c", "d"]
        .into_iter()
        .map(|name| {
            let (url, path) = (db.url.clone(), dir.0.clone());
            std::thread::spawn(move || {
                Server::start_with_env(
                    &url,
                    &path,
                    &format!("serve-{name}.log"),
                    &[("METERDESK_CLOSE_GRACE_MINUTES", "0")],
                )
            })
        })
        .collect();
    let mut servers: Vec<Server> = starts.into_iter().map(|h| h.join().unwrap()).collect();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(50);
    while statements(&db) < expected && std::time::Instant::now() < deadline {
        actix_web::rt::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    // Give a slower closer time to try (and fail) to close the same cycles again.
    actix_web::rt::time::sleep(std::time::Duration::from_secs(2)).await;
    assert_eq!(statements(&db), expected, "one statement per ended cycle");
    for s in &mut servers {
        assert!(s.is_running(), "{}", s.log_tail());
        assert!(s.panics().is_empty());
        assert!(
            !s.log_tail().contains("closing billing cycles"),
            "{}",
            s.log_tail()
        );
    }
}
