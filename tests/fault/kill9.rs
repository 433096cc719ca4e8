//! `kill -9` of the server mid-ingest, a restart on the same database, and a resend of every
//! batch that got no answer (and of some that did).

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use chrono::Utc;

use crate::check;
use crate::db::TestDb;
use crate::load::{Answer, BATCH, Plan, Record, send_all, setup, wait_for};
use crate::server::{Server, TempDir, api_key};

const CLIENTS: usize = 32;
const BATCHES: usize = 300;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_mid_ingest_loses_no_acknowledged_event_and_counts_none_twice() {
    let started = Instant::now();
    let db = TestDb::new();
    let dir = TempDir::new("kill9");
    let key = api_key(&db.url, &dir.0);
    let mut server = Server::start(&db.url, &dir.0, "serve-1.log");
    setup(&server.base, &key).await;

    let plan = Arc::new(Plan::new("k9", BATCHES, Utc::now()));
    let record = Record::new(BATCHES);
    let sending = {
        let (plan, record) = (plan.clone(), record.clone());
        let (base, key) = (server.base.clone(), key.clone());
        tokio::spawn(
            async move { send_all(&plan, &record, &base, &key, (0..BATCHES).collect(), CLIENTS).await },
        )
    };
    // Mid-ingest: a third of the batches acknowledged, the others in flight or still queued.
    wait_for(
        "a third of the batches to be acknowledged",
        Duration::from_secs(60),
        || record.acked_batches.load(Ordering::SeqCst) >= BATCHES / 3,
    )
    .await;
    server.kill9();
    let acked_at_kill = record.acked_batches.load(Ordering::SeqCst);
    sending.await.unwrap();
    let first_pass = record.all();
    let in_flight = first_pass
        .iter()
        .filter(|a| matches!(a, Answer::Dropped(_)))
        .count();
    let refused = first_pass
        .iter()
        .filter(|a| matches!(a, Answer::Refused(_)))
        .count();
    let lost_answers = in_flight + refused;
    assert!(
        lost_answers > 0,
        "the kill came after every batch was answered; it tests nothing"
    );

    // Back on the same database; every batch without an answer is sent again, and every
    // tenth acknowledged one too (a client that cannot tell).
    let server = Server::start(&db.url, &dir.0, "serve-2.log");
    let unanswered: Vec<usize> = (0..BATCHES).filter(|&b| !record.acked(b)).collect();
    let acked_again: Vec<usize> = (0..BATCHES).filter(|&b| record.acked(b) && b % 10 == 0).collect();
    assert!(!unanswered.is_empty() && !acked_again.is_empty());
    let resend: Vec<usize> = unanswered.iter().chain(&acked_again).copied().collect();
    send_all(&plan, &record, &server.base, &key, resend.clone(), CLIENTS).await;

    for &b in &resend {
        let answers = record.of(b);
        assert!(
            matches!(answers.last(), Some(Answer::Acked { .. })),
            "batch {b} resent to a healthy server: {answers:?}"
        );
    }
    for &b in &acked_again {
        let answers = record.of(b);
        assert!(
            matches!(answers.last(), Some(Answer::Acked { ingested: 0, duplicates }) if *duplicates == BATCH as u64),
            "an acknowledged batch sent again is all duplicates: {answers:?}"
        );
    }
    let all = record.all();
    let bugs: Vec<&Answer> = all.iter().filter(|a| matches!(a, Answer::Other(..))).collect();
    assert!(
        bugs.is_empty(),
        "answers that are neither 200, 503 nor no answer: {bugs:?}"
    );
    assert!(server.panics().is_empty(), "{:?}", server.panics());

    let tally = check::stored_equals_acknowledged(&db.url, &plan, &record);
    assert!(
        record.ingested() <= tally.stored,
        "answers reported more events ingested than are stored: one was counted twice"
    );
    let sent = record.requests.load(Ordering::SeqCst) * BATCH;
    eprintln!(
        "kill -9: {CLIENTS} clients; {} events planned; {sent} events sent in {} requests; {} batches acknowledged \
         before the kill; {lost_answers} requests unanswered ({in_flight} in flight at the kill, {refused} refused while \
         down); {} resent ({} already acknowledged); {} events \
         acknowledged, {} stored, {} ingested in answers received ({} committed whose answer was lost); {} answers 503; \
         {:.1} s",
        plan.events(),
        record.requests.load(Ordering::SeqCst),
        acked_at_kill,
        resend.len(),
        acked_again.len(),
        record.acknowledged_events(),
        tally.stored,
        record.ingested(),
        tally.stored - record.ingested(),
        record.unavailable.load(Ordering::SeqCst),
        started.elapsed().as_secs_f64()
    );
}
