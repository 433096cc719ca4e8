//! Concurrent API clients sending 100-event batches, and what each batch was answered.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

pub const BATCH: usize = 100;
pub const EVENT_NAME: &str = "api.call";
pub const CUSTOMERS: usize = 16;

pub fn customer(i: usize) -> String {
    format!("cus_fault_{i:02}")
}

/// The batches to send; event ids unique across the plan, values known in advance.
pub struct Plan {
    pub batches: Vec<Value>,
    /// Per customer: events and the sum of their `tokens`.
    pub expected: Vec<(u64, u64)>,
}

impl Plan {
    /// `batches` batches of [`BATCH`] events over the last three days, across the customers.
    pub fn new(tag: &str, batches: usize, now: DateTime<Utc>) -> Plan {
        let mut expected = vec![(0u64, 0u64); CUSTOMERS];
        let batches = (0..batches)
            .map(|b| {
                let events: Vec<Value> = (0..BATCH)
                    .map(|i| {
                        let n = b * BATCH + i;
                        let c = n % CUSTOMERS;
                        let tokens = (n * 37 % 1000 + 1) as u64;
                        expected[c].0 += 1;
                        expected[c].1 += tokens;
                        // Spread over 72 hours, so that hours and days each get many rows.
                        let ts = now - chrono::Duration::seconds(((n * 7919) % (72 * 3600)) as i64 + 60);
                        json!({
                            "event_id": format!("{tag}-{b:05}-{i:03}"),
                            "customer_id": customer(c),
                            "event_name": EVENT_NAME,
                            "timestamp": ts.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                            "metadata": {"tokens": tokens},
                        })
                    })
                    .collect();
                json!({ "events": events })
            })
            .collect();
        Plan { batches, expected }
    }

    pub fn events(&self) -> u64 {
        (self.batches.len() * BATCH) as u64
    }
}

/// What a request was answered (the texts are read in failure messages).
#[derive(Debug, Clone)]
#[allow(dead_code)]
pub enum Answer {
    /// 200: every event of the batch stored now or already.
    Acked { ingested: u64, duplicates: u64 },
    /// 503 with Retry-After and `{"error": {"code": "unavailable"}}`.
    Unavailable,
    /// No connection could be made: nothing listens.
    Refused(String),
    /// Sent, but the connection ended (or timed out) without an answer.
    Dropped(String),
    /// Anything else: a bug.
    Other(u16, String),
}

/// Every answer to every batch, in order.
pub struct Record {
    pub answers: Vec<Mutex<Vec<Answer>>>,
    pub acked_batches: AtomicUsize,
    pub unavailable: AtomicUsize,
    pub requests: AtomicUsize,
}

impl Record {
    pub fn new(batches: usize) -> Arc<Record> {
        Arc::new(Record {
            answers: (0..batches).map(|_| Mutex::new(Vec::new())).collect(),
            acked_batches: AtomicUsize::new(0),
            unavailable: AtomicUsize::new(0),
            requests: AtomicUsize::new(0),
        })
    }

    /// Notes an answer to `batch`.
    pub fn push(&self, batch: usize, answer: Answer) {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let mut answers = self.answers[batch].lock().unwrap();
        match answer {
            Answer::Acked { .. } if !answers.iter().any(|a| matches!(a, Answer::Acked { .. })) => {
                self.acked_batches.fetch_add(1, Ordering::SeqCst);
            }
            Answer::Unavailable => {
                self.unavailable.fetch_add(1, Ordering::SeqCst);
            }
            _ => {}
        }
        answers.push(answer);
    }

    pub fn of(&self, batch: usize) -> Vec<Answer> {
        self.answers[batch].lock().unwrap().clone()
    }

    pub fn acked(&self, batch: usize) -> bool {
        self.of(batch).iter().any(|a| matches!(a, Answer::Acked { .. }))
    }

    pub fn all(&self) -> Vec<Answer> {
        (0..self.answers.len()).flat_map(|b| self.of(b)).collect()
    }

    /// Events the server acknowledged in answers that reached the client.
    pub fn acknowledged_events(&self) -> u64 {
        (0..self.answers.len()).filter(|&b| self.acked(b)).count() as u64 * BATCH as u64
    }

    /// The sum of `ingested` over every answer received: each event is ingested once, so at
    /// most the number stored (less where a commit's answer was lost).
    pub fn ingested(&self) -> u64 {
        self.all()
            .iter()
            .map(|a| match a {
                Answer::Acked { ingested, .. } => *ingested,
                _ => 0,
            })
            .sum()
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        // Generous, but a hang is an answer too (recorded as Dropped).
        .timeout(Duration::from_secs(30))
        // Let idle connections go before the server's keep-alive closes them, so that a
        // request never races the server's close (a client artefact, not a server fault).
        .pool_idle_timeout(Duration::from_secs(1))
        .build()
        .unwrap()
}

/// Sends one batch; classifies the answer.
pub async fn send(client: &reqwest::Client, base: &str, key: &str, body: &Value) -> Answer {
    let res = client
        .post(format!("{base}/api/v1/events/ingest"))
        .bearer_auth(key)
        .json(body)
        .send()
        .await;
    let res = match res {
        Ok(res) => res,
        Err(e) if e.is_connect() => return Answer::Refused(format!("{e:?}")),
        Err(e) => return Answer::Dropped(format!("{e:?}")),
    };
    let status = res.status().as_u16();
    let retry_after = res.headers().contains_key("retry-after");
    let text = match res.text().await {
        Ok(text) => text,
        Err(e) => return Answer::Dropped(format!("reading the body of a {status}: {e:?}")),
    };
    let json: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    match status {
        200 if json["rejected"].as_array().is_some_and(Vec::is_empty) => Answer::Acked {
            ingested: json["ingested"].as_u64().unwrap_or(0),
            duplicates: json["duplicates"].as_u64().unwrap_or(0),
        },
        503 if retry_after && json["error"]["code"] == "unavailable" => Answer::Unavailable,
        _ => Answer::Other(status, text),
    }
}

/// Sends `batches` of the plan from `clients` concurrent tasks, each taking the next batch
/// when it is done with one (after a 503, a short pause first, as a polite client would);
/// records every answer.
pub async fn send_all(
    plan: &Arc<Plan>,
    record: &Arc<Record>,
    base: &str,
    key: &str,
    batches: Vec<usize>,
    clients: usize,
) {
    send_all_pausing(plan, record, base, key, batches, clients, Duration::ZERO).await
}

pub async fn send_all_pausing(
    plan: &Arc<Plan>,
    record: &Arc<Record>,
    base: &str,
    key: &str,
    batches: Vec<usize>,
    clients: usize,
    pause_after_503: Duration,
) {
    let queue = Arc::new(batches);
    let next = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (plan, record, queue, next) = (plan.clone(), record.clone(), queue.clone(), next.clone());
            let (base, key) = (base.to_string(), key.to_string());
            tokio::spawn(async move {
                let client = client();
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(&b) = queue.get(i) else { break };
                    let answer = send(&client, &base, &key, &plan.batches[b]).await;
                    let pause = matches!(answer, Answer::Unavailable);
                    record.push(b, answer);
                    if pause {
                        tokio::time::sleep(pause_after_503).await;
                    }
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
}

/// Waits until `done` holds, polling; panics with `what` after `limit`.
pub async fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(
            start.elapsed() < limit,
            "gave up waiting for {what} after {limit:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Creates the customers and two meters over [`EVENT_NAME`] (count, and sum of `tokens`).
pub async fn setup(base: &str, key: &str) {
    let client = client();
    let post = |path: &str, body: Value| {
        let req = client
            .post(format!("{base}{path}"))
            .bearer_auth(key)
            .json(&body)
            .send();
        async move {
            let res = req.await.unwrap();
            let status = res.status();
            assert_eq!(status, 201, "{}", res.text().await.unwrap());
        }
    };
    for c in 0..CUSTOMERS {
        let id = customer(c);
        post(
            "/api/v1/customers",
            json!({"id": id, "email": format!("{id}@example.com"), "name": id}),
        )
        .await;
    }
    post(
        "/api/v1/meters",
        json!({"name": "Calls", "event_name": EVENT_NAME, "aggregation": {"type": "count"}, "measurement_unit": "calls"}),
    )
    .await;
    post(
        "/api/v1/meters",
        json!({"name": "Tokens", "event_name": EVENT_NAME, "aggregation": {"type": "sum", "key": "tokens"}, "measurement_unit": "tokens"}),
    )
    .await;
}
