//! Batches that wait for a store go together: one statement for the batches in line, each
//! answered from its own share (its receipt numbers a run of the group's block, its ids stored
//! or already taken), a batch sharing an id with another left for the next group, and what
//! each batch was told agreeing with what was stored and counted.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use meterdesk::ingest::model::{Checked, Incoming, Outcome, RawEvent, Rules, Source, Verdict};
use meterdesk::ingest::pipeline;
use meterdesk::ingest::repo::{Guard, listening_meters_with_digest};
use meterdesk::ingest::together::Together;
use meterdesk::ingest::together::{Job, Share};
use meterdesk::meters::rollups::{Request, usage_many};
use rust_decimal::Decimal;

use crate::support::app::TestApp;
use crate::support::fixtures::{customer, sum_meter};

fn raw(id: &str, customer: &str, tokens: i64) -> Incoming {
    raw_named("together.llm", id, customer, tokens)
}

fn raw_named(name: &str, id: &str, customer: &str, tokens: i64) -> Incoming {
    let mut metadata = serde_json::Map::new();
    metadata.insert("tokens".into(), tokens.into());
    Incoming::Event(RawEvent {
        event_id: id.into(),
        customer_id: customer.into(),
        event_name: name.into(),
        timestamp: None,
        metadata,
        upload_row: None,
    })
}

/// Waits (a few seconds at most) until `done` holds.
fn wait_for(what: &str, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "waited too long for {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[derive(QueryableByName, Debug)]
struct Row {
    #[diesel(sql_type = Text)]
    event_id: String,
    #[diesel(sql_type = BigInt)]
    seq: i64,
}

#[actix_web::test]
async fn batches_waiting_for_a_store_are_stored_together_each_from_its_share() {
    let app = TestApp::spawn().await;
    let api = app.api();
    for c in ["c1", "c2", "c3"] {
        customer(&api, c).await;
    }
    let meter_id = sum_meter(&api, "together.llm", "tokens").await;
    let url = app.db.url.clone();
    let key_id: i64 = app.api_key_id();

    let outcomes = tokio::task::spawn_blocking(move || {
        let together = Arc::new(Together::lined_up(1, Duration::from_secs(60)));
        let source = Source::Api { api_key_id: key_id };
        let send = |items: Vec<Incoming>| send_in_line(&url, &together, source, items);
        // Another transaction holds the id "held": the first batch's store waits on it,
        // holding the only store slot, while the others get in line.
        let mut hold = PgConnection::establish(&url).unwrap();
        diesel::sql_query("BEGIN").execute(&mut hold).unwrap();
        diesel::sql_query("INSERT INTO event_ids (event_id, customer_id) VALUES ('held', 'c1')")
            .execute(&mut hold)
            .unwrap();
        let a = send(vec![raw("held", "c1", 1), raw("a1", "c1", 2)]);
        wait_for("the first store", || together.counts().0 == 1);
        let b = send(vec![
            raw("b1", "c2", 10),
            raw("b2", "c2", 20),
            raw("b3", "c3", 30),
        ]);
        wait_for("b in line", || together.waiting() == 1);
        let c = send(vec![raw("c1", "c3", 100), raw("c2", "c1", 200)]);
        wait_for("c in line", || together.waiting() == 2);
        // Shares b2 with b: it goes in the next group, where b2 is taken.
        let d = send(vec![raw("d1", "c1", 1000), raw("b2", "c2", 20)]);
        wait_for("d in line", || together.waiting() == 3);
        diesel::sql_query("ROLLBACK").execute(&mut hold).unwrap();
        let outcomes: Vec<Outcome> = [a, b, c, d].into_iter().map(|t| t.join().unwrap()).collect();
        (outcomes, together.counts())
    })
    .await
    .unwrap();
    let (outcomes, counts) = outcomes;
    assert_eq!(
        counts,
        (3, 4),
        "a alone, then b with c, then d: (statements, batches)"
    );

    let ingested = Verdict::Ingested { counted: true };
    for (o, expected) in outcomes.iter().zip([
        vec![ingested.clone(), ingested.clone()],
        vec![ingested.clone(), ingested.clone(), ingested.clone()],
        vec![ingested.clone(), ingested.clone()],
        vec![ingested.clone(), Verdict::Duplicate],
    ]) {
        assert_eq!(o.verdicts, expected);
    }

    // Every id once; b's receipt numbers a run, c's the run right after it, in one block.
    let mut conn = app.rolled_conn();
    let rows: Vec<Row> = diesel::sql_query("SELECT event_id, seq FROM events ORDER BY seq")
        .load(&mut conn)
        .unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r.event_id.as_str()).collect();
    assert_eq!(ids, ["held", "a1", "b1", "b2", "b3", "c1", "c2", "d1"]);
    let seq = |id: &str| rows.iter().find(|r| r.event_id == id).unwrap().seq;
    for (i, id) in ["b1", "b2", "b3", "c1", "c2"].iter().enumerate() {
        assert_eq!(seq(id), seq("b1") + i as i64, "{id} in b and c's block");
    }
    assert_ne!(seq("a1") >> 20, seq("b1") >> 20, "a's block is its own");
    assert_ne!(seq("d1") >> 20, seq("b1") >> 20, "d's block is its own");
    let taken: Vec<(String, Option<i64>)> = {
        use meterdesk::db::schema::event_ids;
        event_ids::table
            .select((event_ids::event_id, event_ids::seq))
            .order(event_ids::seq)
            .load(&mut conn)
            .unwrap()
    };
    assert_eq!(
        taken,
        rows.iter()
            .map(|r| (r.event_id.clone(), Some(r.seq)))
            .collect::<Vec<_>>()
    );

    // What the batches sent is what the rollups count.
    sums_are(
        &mut conn,
        &meter_id,
        &[("c1", 1 + 2 + 200 + 1000), ("c2", 10 + 20), ("c3", 30 + 100)],
    );
}

/// Sends a batch through `together` on a connection of its own, in a thread of its own.
fn send_in_line(
    url: &str,
    together: &Arc<Together>,
    source: Source,
    items: Vec<Incoming>,
) -> std::thread::JoinHandle<Outcome> {
    let (url, together) = (url.to_string(), together.clone());
    std::thread::spawn(move || {
        let mut conn = PgConnection::establish(&url).unwrap();
        pipeline::run_together(&mut conn, items, source, &Rules::api(Utc::now(), 35), &together).unwrap()
    })
}

/// Asserts what `meter_id` counted for each customer over all time.
fn sums_are(conn: &mut PgConnection, meter_id: &str, told: &[(&str, i64)]) {
    let meter = meterdesk::meters::service::get(conn, meter_id).unwrap();
    let (start, end) = (
        DateTime::<Utc>::from_timestamp(0, 0).unwrap(),
        Utc::now() + chrono::Duration::hours(1),
    );
    for &(customer, told) in told {
        let cells = usage_many(
            conn,
            &[Request {
                meter: &meter,
                customer_id: Some(customer),
                start,
                end,
            }],
        )
        .unwrap();
        assert_eq!(cells[0].sum, Decimal::from(told), "{customer}");
    }
}

#[actix_web::test]
async fn a_group_large_enough_is_copied_and_an_id_taken_before_is_left_out_of_it() {
    let app = TestApp::spawn().await;
    let api = app.api();
    for c in ["c1", "c2"] {
        customer(&api, c).await;
    }
    // Its own event name: the process remembers meters by name across the tests' databases.
    let name = "together.copy";
    let meter_id = sum_meter(&api, name, "tokens").await;
    let url = app.db.url.clone();
    let key_id: i64 = app.api_key_id();
    let (b_len, c_len) = (200, 150);
    assert!(
        b_len + c_len + 1 >= meterdesk::ingest::repo::GROUP_COPY_FROM,
        "the group must be large enough to be copied"
    );

    let outcomes = tokio::task::spawn_blocking(move || {
        let source = Source::Api { api_key_id: key_id };
        let rules = Rules::api(Utc::now(), 35);
        // Taken before the group comes: the group's first attempt fails on it and stores again,
        // claiming the free ids only.
        let mut conn = PgConnection::establish(&url).unwrap();
        pipeline::run(
            &mut conn,
            vec![raw_named(name, "taken", "c2", 5)],
            source,
            &rules,
            pipeline::Mode::Commit,
        )
        .unwrap();
        let together = Arc::new(Together::lined_up(1, Duration::from_secs(60)));
        let send = |items: Vec<Incoming>| send_in_line(&url, &together, source, items);
        let mut hold = hold(&url, "held");
        let a = send(vec![
            raw_named(name, "held", "c1", 1),
            raw_named(name, "a1", "c1", 2),
        ]);
        wait_for("the first store", || together.counts().0 == 1);
        let b = send(
            (0..b_len)
                .map(|i| raw_named(name, &format!("b{i:03}"), "c1", 1))
                .collect(),
        );
        wait_for("b in line", || together.waiting() == 1);
        let mut c_events: Vec<Incoming> = (0..c_len)
            .map(|i| raw_named(name, &format!("c{i:03}"), "c2", 2))
            .collect();
        c_events.push(raw_named(name, "taken", "c2", 1000));
        let c = send(c_events);
        wait_for("c in line", || together.waiting() == 2);
        diesel::sql_query("ROLLBACK").execute(&mut hold).unwrap();
        let outcomes: Vec<Outcome> = [a, b, c].into_iter().map(|t| t.join().unwrap()).collect();
        (outcomes, together.counts())
    })
    .await
    .unwrap();
    let (outcomes, counts) = outcomes;
    assert_eq!(counts, (2, 3), "a alone, then b with c: (statements, batches)");
    let ingested = Verdict::Ingested { counted: true };
    assert_eq!(outcomes[0].verdicts, vec![ingested.clone(); 2]);
    assert_eq!(outcomes[1].verdicts, vec![ingested.clone(); b_len]);
    let mut c_told = vec![ingested; c_len];
    c_told.push(Verdict::Duplicate);
    assert_eq!(outcomes[2].verdicts, c_told);

    // Every id once; b's and c's receipt numbers one run in one block, in arrival order.
    let mut conn = app.rolled_conn();
    let rows: Vec<Row> = diesel::sql_query("SELECT event_id, seq FROM events ORDER BY seq")
        .load(&mut conn)
        .unwrap();
    assert_eq!(rows.len(), 1 + 2 + b_len + c_len);
    let grouped: Vec<&Row> = rows
        .iter()
        .filter(|r| r.event_id.starts_with(['b', 'c']))
        .collect();
    assert_eq!(grouped.len(), b_len + c_len);
    for (i, r) in grouped.iter().enumerate() {
        let expected = if i < b_len {
            format!("b{i:03}")
        } else {
            format!("c{:03}", i - b_len)
        };
        assert_eq!(r.event_id, expected);
        assert_eq!(
            r.seq,
            grouped[0].seq + i as i64,
            "{} in the group's run",
            r.event_id
        );
    }
    let in_ids: i64 = meterdesk::db::schema::event_ids::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(in_ids, rows.len() as i64, "an event_ids row per stored event");

    // What the batches sent is what the rollups count, the taken id's amount once.
    sums_are(
        &mut conn,
        &meter_id,
        &[("c1", 1 + 2 + b_len as i64), ("c2", 5 + 2 * c_len as i64)],
    );
}

/// A batch of one checked event for `name`, checked against `digests` (the meters it remembered).
fn job(id: &str, customer: &str, name: &str, digests: &[String], source: Source) -> Job {
    let event = Checked {
        index: 0,
        event_id: id.into(),
        customer_id: customer.into(),
        event_name: name.into(),
        timestamp: Utc::now(),
        metadata: serde_json::Map::from_iter([("tokens".to_string(), serde_json::json!(1))]),
        upload_row: None,
    };
    let mut sorted = digests.to_vec();
    sorted.sort();
    Job {
        events: Arc::new(vec![event]),
        picks: vec![0],
        guard: Guard {
            customers: vec![customer.into()],
            names: vec![name.into()],
            digests: digests.to_vec(),
        },
        listening: vec![(name.into(), sorted)],
        source,
    }
}

/// Holds event id `id` in a transaction of its own until [`release`]: a store claiming it waits.
fn hold(url: &str, id: &str) -> PgConnection {
    let mut hold = PgConnection::establish(url).unwrap();
    diesel::sql_query("BEGIN").execute(&mut hold).unwrap();
    diesel::sql_query(format!(
        "INSERT INTO event_ids (event_id, customer_id) VALUES ('{id}', 'c1')"
    ))
    .execute(&mut hold)
    .unwrap();
    hold
}

fn release(mut hold: PgConnection) {
    diesel::sql_query("ROLLBACK").execute(&mut hold).unwrap();
}

#[actix_web::test]
async fn batches_go_together_only_from_one_source_with_the_same_meters_and_past_their_patience_beside_a_blocked_store()
 {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    sum_meter(&api, "together.llm", "tokens").await;
    let url = app.db.url.clone();
    let key_id: i64 = app.api_key_id();
    let digests: Vec<String> = listening_meters_with_digest(&mut app.conn(), &["together.llm".to_string()])
        .unwrap()
        .into_iter()
        .map(|(_, d)| d)
        .collect();
    assert_eq!(digests.len(), 1);

    tokio::task::spawn_blocking(move || {
        let api = Source::Api { api_key_id: key_id };
        let stripe = Source::Stripe { api_key_id: key_id };
        let together = Arc::new(Together::lined_up(1, Duration::from_secs(60)));
        let send_to = |together: &Arc<Together>, j: Job| {
            let (url, together) = (url.clone(), together.clone());
            std::thread::spawn(move || {
                let mut conn = PgConnection::establish(&url).unwrap();
                together.store(&mut conn, j).unwrap()
            })
        };
        let send = |j: Job| send_to(&together, j);
        let held = hold(&url, "held");
        let a = send(job("held", "c1", "together.llm", &digests, api));
        wait_for("the first store", || together.counts().0 == 1);
        let mut line = Vec::new();
        for (n, j) in [
            job("b1", "c1", "together.llm", &digests, api),
            // Another source: not with b.
            job("c1", "c1", "together.llm", &digests, stripe),
            // Other meters remembered for the same name: not with b (and its guard fails).
            job("d1", "c1", "together.llm", &["stale".to_string()], api),
            job("e1", "c1", "together.llm", &digests, api),
        ]
        .into_iter()
        .enumerate()
        {
            line.push(send(j));
            wait_for("the line", || together.waiting() == n + 1);
        }
        release(held);
        let a: Option<Share> = a.join().unwrap();
        let got: Vec<Option<Share>> = line.into_iter().map(|t| t.join().unwrap()).collect();
        assert!(a.is_some_and(|s| s.stored.contains("held")));
        assert_eq!(
            got.iter().map(Option::is_some).collect::<Vec<_>>(),
            [true, true, false, true],
            "d's guard failed: it looks up again"
        );
        let (b, e) = (got[0].as_ref().unwrap(), got[3].as_ref().unwrap());
        assert_eq!(e.first_seq, b.first_seq + 1, "e went with b");
        assert!(b.stored.contains("b1") && e.stored.contains("e1"));
        assert_eq!(together.counts(), (4, 5), "a; b with e; c; d");

        // Batches behind a blocked store wait their patience; the first past it leads a store
        // of its own over the limit, with the batch still in line; that slot ends with it.
        let together = Arc::new(Together::lined_up(1, Duration::from_millis(1500)));
        let held = hold(&url, "held-2");
        let blocked = send_to(&together, job("held-2", "c1", "together.llm", &digests, api));
        wait_for("the blocked store", || together.counts().0 == 1);
        let f = send_to(&together, job("f1", "c1", "together.llm", &digests, api));
        wait_for("f in line", || together.waiting() == 1);
        let g = send_to(&together, job("g1", "c1", "together.llm", &digests, api));
        wait_for("g in line", || together.waiting() == 2);
        let (f, g) = (f.join().unwrap().unwrap(), g.join().unwrap().unwrap());
        assert_eq!(g.first_seq, f.first_seq + 1, "g went with f");
        assert!(f.stored.contains("f1") && g.stored.contains("g1"));
        assert_eq!(
            together.counts(),
            (2, 3),
            "f with g stored while the first store still waits"
        );
        let h = send_to(&together, job("h1", "c1", "together.llm", &digests, api));
        wait_for("h in line: f's slot ended with its store", || {
            together.waiting() == 1
        });
        assert!(h.join().unwrap().unwrap().stored.contains("h1"));
        assert_eq!(together.counts(), (3, 4));
        assert!(!blocked.is_finished());
        release(held);
        assert!(blocked.join().unwrap().is_some());
    })
    .await
    .unwrap();
}

/// Waits (a few seconds at most) until `done` holds, letting the runtime's other tasks run.
async fn wait_until(what: &str, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "waited too long for {what}"
        );
        actix_web::rt::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The API's batches wait in line with a lease: they hold neither a connection nor a turn of
/// the requests' lane, so more of them wait than the pool lends requests (the test pool lends
/// 3), other work still gets a connection meanwhile, and they all go in one statement once the
/// store ahead of them ends.
#[actix_web::test]
async fn batches_waiting_with_a_lease_hold_no_connection() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    // A name of its own: the process remembers meters by name, across the tests' databases.
    sum_meter(&api, "lease.llm", "tokens").await;
    let key_id: i64 = app.api_key_id();
    let together = Arc::new(Together::lined_up(1, Duration::from_secs(60)));
    let store = |id: String| {
        let (pool, together) = (app.state.pool.clone(), together.clone());
        actix_web::rt::spawn(async move {
            meterdesk::db::run_leased(&pool, move |lease| {
                let rules = Rules::api(Utc::now(), 35);
                let source = Source::Api { api_key_id: key_id };
                pipeline::run_together(
                    lease,
                    vec![raw_named("lease.llm", &id, "c1", 1)],
                    source,
                    &rules,
                    &together,
                )
            })
            .await
            .map_err(meterdesk::error::AppError::from)
        })
    };
    let held = hold(&app.db.url, "lease-held");
    let first = store("lease-held".into());
    wait_until("the blocked store", || together.counts().0 == 1).await;
    let waiting: Vec<_> = (0..5).map(|i| store(format!("lease-{i}"))).collect();
    wait_until("five batches in line", || together.waiting() == 5).await;
    let one: i64 = meterdesk::db::run(&app.state.pool, |c| {
        diesel::select(diesel::dsl::sql::<BigInt>("1::int8")).get_result(c)
    })
    .await
    .expect("a connection while five batches wait");
    assert_eq!(one, 1);
    release(held);
    let mut outcomes = vec![first.await.unwrap().unwrap()];
    for w in waiting {
        outcomes.push(w.await.unwrap().unwrap());
    }
    for o in &outcomes {
        assert!(
            matches!(o.verdicts[..], [Verdict::Ingested { counted: true }]),
            "{:?}",
            o.verdicts
        );
    }
    assert_eq!(
        together.counts(),
        (2, 6),
        "the first alone; the five in line together"
    );
}
