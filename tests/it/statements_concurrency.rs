//! Two real `meterdesk serve` processes on one database closing at once — their background
//! closers, and several `POST /api/v1/statements/close` to each at the same moment — make
//! exactly one statement per ended cycle, and none of them fails.

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

#[actix_web::test]
async fn two_processes_closing_at_once_make_one_statement_per_cycle() {
    let db = TestDb::new();
    let dir = TempDir::new("statements");
    let key = api_key(&db.url, &dir.0);
    let a = Server::start(&db.url, &dir.0, "serve-a.log");
    let b = Server::start(&db.url, &dir.0, "serve-b.log");
    let api = |base: &str| Api {
        client: reqwest::Client::new(),
        key: key.clone(),
        base: base.to_string(),
    };
    let (api_a, api_b) = (api(&a.base), api(&b.base));
    let tokens = sum_meter(&api_a, "llm.tokens", "tokens").await;
    let prod = product(&api_a, "USD", &[(&tokens, "0.01", "0")]).await;
    let now = Utc::now().duration_trunc(Duration::hours(1)).unwrap();
    let mut expected = 0;
    let mut events = Vec::new();
    for i in 0..SUBSCRIPTIONS {
        let cus = format!("cus_{i}");
        customer(&api_a, &cus).await;
        // 4 to 7 months ago: 4 to 7 ended cycles, the last of them at least a day before now.
        let anchor = (now - Duration::days(1 + i as i64))
            .checked_sub_months(Months::new(4 + (i % 4) as u32))
            .unwrap();
        subscription(&api_a, &cus, &prod, &rfc3339(anchor)).await;
        expected += cycle_number(anchor, Interval::Monthly, now).unwrap() as i64;
        events.push(raw(
            format!("e{i}"),
            &cus,
            "llm.tokens",
            anchor + Duration::days(2),
            &json!({"tokens": i + 1}),
        ));
    }
    let mut conn = db.conn();
    meterdesk::ingest::pipeline::run(
        &mut conn,
        events
            .into_iter()
            .map(meterdesk::ingest::model::Incoming::Event)
            .collect(),
        meterdesk::ingest::model::Source::Manual { operator_id: 0 },
        &meterdesk::ingest::model::Rules::backfill(Utc::now()),
        meterdesk::ingest::pipeline::Mode::Commit,
    )
    .unwrap();

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
    use meterdesk::db::schema::statements;
    let rows: i64 = statements::table.count().get_result(&mut conn).unwrap();
    assert_eq!(rows, expected, "one statement per ended cycle");
    // Each statement was made by exactly one caller (the closers run at start, before any
    // subscription existed, and a minute later at the earliest).
    assert!(made <= rows, "{made} reported for {rows} rows");
    // A second round on both makes none.
    for api in [&api_a, &api_b] {
        let (status, body) = api
            .post("/api/v1/statements/close", &json!({ "until": until }))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["closed"], 0, "{body}");
    }
    let mut a = a;
    let mut b = b;
    assert!(a.is_running() && b.is_running());
    assert!(a.panics().is_empty() && b.panics().is_empty());
}
