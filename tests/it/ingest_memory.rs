//! The ingest pipeline remembers customers and listening meters between batches; another
//! server process (here: SQL behind the server's back) may change them at any time, and the
//! next batch must see the change.

use diesel::prelude::*;
use serde_json::{Value, json};

use crate::support::app::TestApp;
use crate::support::fixtures::{count_meter, customer, event, ingest, sum_meter};

fn sql(app: &TestApp, statement: &str) {
    diesel::sql_query(statement).execute(&mut app.conn()).unwrap();
}

fn codes(body: &Value) -> Vec<String> {
    body["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn a_meter_archived_elsewhere_no_longer_counts_the_next_batch() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let calls = count_meter(&api, "api.call").await;
    let body = ingest(&api, vec![event("e1", "c1", "api.call", json!({}))]).await;
    assert_eq!(
        (body["ingested"].as_i64(), body["unmatched"].as_i64()),
        (Some(1), Some(0)),
        "{body}"
    );
    sql(
        &app,
        &format!("UPDATE meters SET status = 'archived', archived_at = now() WHERE id = '{calls}'"),
    );
    let body = ingest(&api, vec![event("e2", "c1", "api.call", json!({}))]).await;
    assert_eq!(
        body["unmatched"], 1,
        "the archived meter does not count it: {body}"
    );
}

#[actix_web::test]
async fn a_meter_created_elsewhere_counts_the_next_batch() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let body = ingest(&api, vec![event("e1", "c1", "fresh.name", json!({}))]).await;
    assert_eq!(body["unmatched"], 1, "{body}");
    sql(
        &app,
        "INSERT INTO meters (id, name, event_name, aggregation, unit)
         VALUES ('mtr_elsewhere', 'Elsewhere', 'fresh.name', 'count', 'calls')",
    );
    let body = ingest(&api, vec![event("e2", "c1", "fresh.name", json!({}))]).await;
    assert_eq!(
        (body["ingested"].as_i64(), body["unmatched"].as_i64()),
        (Some(1), Some(0)),
        "{body}"
    );
}

#[actix_web::test]
async fn a_meter_changed_elsewhere_checks_the_next_batch_with_its_new_definition() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let tokens = sum_meter(&api, "llm", "tokens").await;
    let body = ingest(&api, vec![event("e1", "c1", "llm", json!({"tokens": 3}))]).await;
    assert_eq!(body["ingested"], 1, "{body}");
    sql(
        &app,
        &format!(
            "UPDATE meters SET aggregation_key = 'units', definition_version = definition_version + 1
             WHERE id = '{tokens}'"
        ),
    );
    let body = ingest(&api, vec![event("e2", "c1", "llm", json!({"tokens": 3}))]).await;
    assert_eq!(codes(&body), vec!["missing_property".to_string()], "{body}");
    let body = ingest(&api, vec![event("e3", "c1", "llm", json!({"units": 2}))]).await;
    assert_eq!(body["ingested"], 1, "{body}");
}

#[actix_web::test]
async fn a_customer_removed_elsewhere_is_refused_by_the_next_batch() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    customer(&api, "gone").await;
    count_meter(&api, "api.call").await;
    let body = ingest(
        &api,
        vec![
            event("e1", "c1", "api.call", json!({})),
            event("e2", "gone", "api.call", json!({})),
        ],
    )
    .await;
    assert_eq!(body["ingested"], 2, "{body}");
    sql(&app, "DELETE FROM customers WHERE id = 'gone'");
    let body = ingest(
        &api,
        vec![
            event("e3", "c1", "api.call", json!({})),
            event("e4", "gone", "api.call", json!({})),
        ],
    )
    .await;
    assert_eq!(body["ingested"], 1, "{body}");
    assert_eq!(codes(&body), vec!["unknown_customer".to_string()], "{body}");
}

/// The statements a batch sends on its connection, each as its first words.
fn statements_of(conn: &mut diesel::PgConnection, f: impl FnOnce(&mut diesel::PgConnection)) -> Vec<String> {
    use diesel::connection::{Instrumentation, InstrumentationEvent};
    use std::sync::{Arc, Mutex};
    let texts = Arc::new(Mutex::new(Vec::new()));
    let seen = texts.clone();
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            let words: Vec<String> = query
                .to_string()
                .split_whitespace()
                .take(4)
                .map(str::to_string)
                .collect();
            seen.lock().unwrap().push(words.join(" "));
        }
    });
    f(conn);
    conn.set_instrumentation(None::<Box<dyn Instrumentation>>);
    // The instrumentation (and its clone of `texts`) is gone.
    Arc::try_unwrap(texts).unwrap().into_inner().unwrap()
}

#[actix_web::test]
async fn a_batch_of_customers_and_names_seen_before_looks_nothing_up() {
    use meterdesk::ingest::model::{Incoming, RawEvent, Rules, Source};
    use meterdesk::ingest::pipeline::{self, Mode};
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "rt1").await;
    customer(&api, "rt2").await;
    // Names and customers no other test uses: what the process remembers is shared.
    count_meter(&api, "rt.call").await;
    sum_meter(&api, "rt.call", "tokens").await;
    let batch = |ids: &[&str]| -> Vec<Incoming> {
        ids.iter()
            .enumerate()
            .map(|(k, id)| {
                Incoming::Event(RawEvent {
                    event_id: id.to_string(),
                    customer_id: if k % 2 == 0 { "rt1" } else { "rt2" }.to_string(),
                    event_name: "rt.call".into(),
                    timestamp: None,
                    metadata: json!({"tokens": 2}).as_object().unwrap().clone(),
                    upload_row: None,
                })
            })
            .collect()
    };
    let mut conn = app.conn();
    let run = |conn: &mut diesel::PgConnection, ids: &[&str]| {
        let outcome = pipeline::run(
            conn,
            batch(ids),
            Source::Api { api_key_id: 1 },
            &Rules::api(chrono::Utc::now(), 30),
            Mode::Commit,
        )
        .unwrap();
        assert_eq!(
            outcome.gains.values().map(|c| c.cell.count).sum::<i64>(),
            2 * ids.len() as i64
        );
    };
    run(&mut conn, &["w1", "w2"]);
    // One statement: no look-up of customers, meters or ids of its own.
    assert_eq!(
        statements_of(&mut conn, |c| run(c, &["a1", "a2", "a3"])),
        ["WITH p AS MATERIALIZED"]
    );
    // From COPY_FROM events: the claim of their ids and the COPY of the events, in one
    // transaction.
    let ids: Vec<String> = (0..meterdesk::ingest::repo::COPY_FROM)
        .map(|i| format!("b{i}"))
        .collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    assert_eq!(
        statements_of(&mut conn, |c| run(c, &ids)),
        [
            "BEGIN",
            "WITH p AS MATERIALIZED",
            r#"COPY "events"("event_id", "seq", "customer_id","#,
            "COMMIT"
        ]
    );
    // Kept prepared on the connection: parsed and planned once, not once per batch.
    #[derive(QueryableByName)]
    struct Prepared {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let prepared: Prepared = diesel::sql_query(
        "SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE 'WITH p AS MATERIALIZED%'",
    )
    .get_result(&mut conn)
    .unwrap();
    // The statement with its events and the one without.
    assert_eq!(prepared.n, 2);
}
