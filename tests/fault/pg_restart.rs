//! PostgreSQL stops and starts again under concurrent ingest (a private cluster, so nothing
//! else on the machine is disturbed). Meterdesk keeps running: during the outage every answer
//! is a 503 with Retry-After (never a 500, never a dropped connection), `/healthz` answers 503
//! within a second, and afterwards requests succeed again without a restart of Meterdesk.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use chrono::Utc;

use crate::check;
use crate::cluster::Cluster;
use crate::load::{Answer, BATCH, Plan, Record, client, send, send_all, send_all_pausing, setup, wait_for};
use crate::server::{Server, TempDir, api_key, meterdesk};

const CLIENTS: usize = 32;
const BATCHES: usize = 300;
/// Sent one at a time after a restart that no request saw.
const AFTER_IDLE_RESTART: usize = 20;

/// `/healthz` within the SPEC's second: its status, or a panic naming what went wrong.
async fn healthz(health: &reqwest::Client, server: &Server) -> u16 {
    match health.get(server.url("/healthz")).send().await {
        Ok(res) => res.status().as_u16(),
        Err(e) => panic!("/healthz did not answer within 1 s: {e:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_postgres_restart_mid_ingest_answers_503_and_recovers_without_restarting_meterdesk() {
    let started = Instant::now();
    let cluster = Cluster::start();
    let url = cluster.create_database("meterdesk_fault");
    let dir = TempDir::new("pgrestart");
    meterdesk(&url, &dir.0, &["migrate"]);
    let key = api_key(&url, &dir.0);
    let mut server = Server::start(&url, &dir.0, "serve.log");
    setup(&server.base, &key).await;
    let health = reqwest::Client::builder()
        .timeout(Duration::from_secs(1))
        .pool_idle_timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    assert_eq!(healthz(&health, &server).await, 200);

    let plan = Arc::new(Plan::new("pg", BATCHES + AFTER_IDLE_RESTART, Utc::now()));
    let record = Record::new(plan.batches.len());
    let sending = {
        let (plan, record) = (plan.clone(), record.clone());
        let (base, key) = (server.base.clone(), key.clone());
        tokio::spawn(async move {
            let batches = (0..BATCHES).collect();
            send_all_pausing(
                &plan,
                &record,
                &base,
                &key,
                batches,
                CLIENTS,
                Duration::from_millis(100),
            )
            .await
        })
    };
    wait_for(
        "a quarter of the batches to be acknowledged",
        Duration::from_secs(60),
        || record.acked_batches.load(Ordering::SeqCst) >= BATCHES / 4,
    )
    .await;

    // The outage: every session is terminated, new connections are refused.
    let outage_started = Instant::now();
    tokio::task::block_in_place(|| cluster.stop());
    // Down until every client was turned away twice: the requests that were in flight when
    // the sessions ended, then new ones that found no connection.
    let mut health_checks = 0;
    while health_checks < 3 || record.unavailable.load(Ordering::SeqCst) < 2 * CLIENTS {
        assert_eq!(
            healthz(&health, &server).await,
            503,
            "/healthz while PostgreSQL is stopped"
        );
        health_checks += 1;
        assert!(
            outage_started.elapsed() < Duration::from_secs(30),
            "ingest requests were not answered 503 during the outage"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::task::block_in_place(|| cluster.start_again());
    let restarted = Instant::now();
    loop {
        if healthz(&health, &server).await == 200 {
            break;
        }
        assert!(
            restarted.elapsed() < Duration::from_secs(30),
            "/healthz is not 200 again 30 s after PostgreSQL came back"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let outage = outage_started.elapsed();
    let unavailable_in_outage = record.unavailable.load(Ordering::SeqCst);
    sending.await.unwrap();

    // Every batch answered 503 is sent again, and every tenth acknowledged one; the pool
    // catches up with the health check within a moment, so a few rounds at most.
    let acked_again: Vec<usize> = (0..BATCHES).filter(|&b| record.acked(b) && b % 10 == 0).collect();
    let mut rounds = 0;
    let mut resend: Vec<usize> = (0..BATCHES).filter(|&b| !record.acked(b)).collect();
    resend.extend(&acked_again);
    let resent = resend.len();
    while !resend.is_empty() {
        rounds += 1;
        assert!(
            rounds <= 5,
            "batches still not acknowledged after 5 rounds: {resend:?}"
        );
        send_all(&plan, &record, &server.base, &key, resend, CLIENTS).await;
        resend = (0..BATCHES).filter(|&b| !record.acked(b)).collect();
        if !resend.is_empty() {
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
    for &b in &acked_again {
        let answers = record.of(b);
        assert!(
            answers.iter().any(
                |a| matches!(a, Answer::Acked { ingested: 0, duplicates } if *duplicates == BATCH as u64)
            ),
            "an acknowledged batch sent again is all duplicates: {answers:?}"
        );
    }

    // A restart no request saw: the pooled connections are all broken. At most the first
    // request may fail (503); the pool then checks and replaces the others.
    tokio::task::block_in_place(|| cluster.restart());
    let http = client();
    let mut after_idle = Vec::new();
    for b in BATCHES..BATCHES + AFTER_IDLE_RESTART {
        let answer = send(&http, &server.base, &key, &plan.batches[b]).await;
        record.push(b, answer.clone());
        after_idle.push(answer);
    }
    let failed_after_idle = after_idle
        .iter()
        .filter(|a| !matches!(a, Answer::Acked { .. }))
        .count();
    assert!(
        failed_after_idle <= 1 && after_idle[1..].iter().all(|a| matches!(a, Answer::Acked { .. })),
        "after a restart no request saw, only the first request may fail: {after_idle:?}"
    );
    for b in BATCHES..BATCHES + AFTER_IDLE_RESTART {
        if !record.acked(b) {
            let answer = send(&http, &server.base, &key, &plan.batches[b]).await;
            record.push(b, answer);
        }
    }

    let all = record.all();
    let wrong: Vec<&Answer> = all
        .iter()
        .filter(|a| !matches!(a, Answer::Acked { .. } | Answer::Unavailable))
        .collect();
    assert!(
        wrong.is_empty(),
        "every answer is a 200 or a 503 (no 500, no dropped connection): {wrong:?}"
    );
    assert!(server.is_running(), "Meterdesk kept running through the restarts");
    assert!(server.panics().is_empty(), "{:?}", server.panics());

    let tally = check::stored_equals_acknowledged(&url, &plan, &record);
    assert!(
        record.ingested() <= tally.stored,
        "answers reported more events ingested than are stored: one was counted twice"
    );
    let total_503 = record.unavailable.load(Ordering::SeqCst);
    eprintln!(
        "PostgreSQL restart: {CLIENTS} clients; {} events planned; {} events sent in {} requests; outage {:.1} s \
         ({health_checks} health checks, all 503 within 1 s); {unavailable_in_outage} answers 503 by the time \
         /healthz was 200 again, {total_503} in all; {resent} batches resent in {rounds} round(s) ({} already \
         acknowledged); after an unseen restart {failed_after_idle} of {AFTER_IDLE_RESTART} requests failed; {} events \
         acknowledged, {} stored, {} ingested in answers received; {:.1} s",
        plan.events(),
        record.requests.load(Ordering::SeqCst) * BATCH,
        record.requests.load(Ordering::SeqCst),
        outage.as_secs_f64(),
        acked_again.len(),
        record.acknowledged_events(),
        tally.stored,
        record.ingested(),
        started.elapsed().as_secs_f64()
    );
}
