//! The load: ingest clients in a closed loop (each sends its next batch when the previous one is
//! answered) or an open loop (batches at fixed times over a fixed number of connections,
//! latency from each batch's scheduled time, so a slow server cannot hide its queue by slowing
//! the sender down), and page viewers on a signed-in session.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use serde_json::Value;

use crate::data::Rng;
use crate::traffic::{self, Shape};
use crate::web;

/// Where and what the ingest clients send.
#[derive(Clone)]
pub struct Ingest {
    pub http: reqwest::Client,
    /// `…/api/v1/events/ingest`
    pub url: String,
    pub key: String,
    pub shape: Arc<Shape>,
    /// Event ids of this phase are `<prefix><batch>-<i>`.
    pub prefix: String,
    pub seed: u64,
}

/// What the server answered, summed.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Tally {
    pub batches: u64,
    pub ingested: u64,
    pub duplicates: u64,
    pub unmatched: u64,
    pub rejected: u64,
    /// Transport errors and non-2xx answers.
    pub errors: u64,
    pub first_error: Option<String>,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.batches += o.batches;
        self.ingested += o.ingested;
        self.duplicates += o.duplicates;
        self.unmatched += o.unmatched;
        self.rejected += o.rejected;
        self.errors += o.errors;
        if self.first_error.is_none() {
            self.first_error.clone_from(&o.first_error);
        }
    }

    fn error(&mut self, e: String) {
        self.errors += 1;
        if self.first_error.is_none() {
            self.first_error = Some(e);
        }
    }
}

/// One ingest phase.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Requests in the measured window: from their send (closed loop) or their scheduled time
    /// (open loop) to the whole answer read, ms.
    pub latencies_ms: Vec<f64>,
    /// When each of those requests was answered (same order as `latencies_ms`).
    pub answered: Vec<Instant>,
    /// Open loop: how late each measured batch left after its scheduled time (every connection
    /// busy, or this client short of CPU), ms.
    pub start_lag_ms: Vec<f64>,
    /// Events acknowledged by the requests of the measured window.
    pub window_events: u64,
    /// The measured window, s (open loop: until the last of its batches was answered).
    pub window_s: f64,
    /// Every request of the phase, warm-up included.
    pub total: Tally,
    /// Open loop: batches never sent because they were already too late.
    pub unsent: u64,
    /// From the first request to the last answer, s.
    pub elapsed_s: f64,
}

impl Outcome {
    pub fn events_per_s(&self) -> f64 {
        self.window_events as f64 / self.window_s.max(1e-9)
    }
}

#[derive(Default)]
struct Local {
    latencies_ms: Vec<f64>,
    answered: Vec<Instant>,
    start_lag_ms: Vec<f64>,
    window_events: u64,
    total: Tally,
    unsent: u64,
    last_done: Option<Instant>,
    last_window_done: Option<Instant>,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// POSTs one batch; the answer's counts.
async fn post(ing: &Ingest, body: Vec<u8>, tally: &mut Tally) -> Option<u64> {
    let r = ing
        .http
        .post(&ing.url)
        .bearer_auth(&ing.key)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await;
    let r = match r {
        Ok(r) => r,
        Err(e) => {
            tally.error(format!("POST /api/v1/events/ingest: {e}"));
            return None;
        }
    };
    let status = r.status();
    let bytes = match r.bytes().await {
        Ok(b) => b,
        Err(e) => {
            tally.error(format!("reading the ingest answer: {e}"));
            return None;
        }
    };
    if !status.is_success() {
        tally.error(format!(
            "POST /api/v1/events/ingest: HTTP {status}: {}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
        ));
        return None;
    }
    let Ok(v) = serde_json::from_slice::<Value>(&bytes) else {
        tally.error("the ingest answer is not JSON".into());
        return None;
    };
    let n = |k: &str| v[k].as_u64().unwrap_or(0);
    let rejected = v["rejected"].as_array().map(Vec::len).unwrap_or(0) as u64;
    if rejected > 0 && tally.rejected == 0 {
        eprintln!("  first rejection: {}", v["rejected"][0]);
    }
    tally.batches += 1;
    tally.ingested += n("ingested");
    tally.duplicates += n("duplicates");
    tally.unmatched += n("unmatched");
    tally.rejected += rejected;
    Some(n("ingested"))
}

fn merge(locals: Vec<Local>, t0: Instant) -> (Outcome, Option<Instant>) {
    let mut out = Outcome::default();
    let mut last_window: Option<Instant> = None;
    let mut last: Option<Instant> = None;
    for l in locals {
        out.latencies_ms.extend(l.latencies_ms);
        out.answered.extend(l.answered);
        out.start_lag_ms.extend(l.start_lag_ms);
        out.window_events += l.window_events;
        out.total.add(&l.total);
        out.unsent += l.unsent;
        last = last.max(l.last_done);
        last_window = last_window.max(l.last_window_done);
    }
    out.elapsed_s = last.map(|l| l.duration_since(t0).as_secs_f64()).unwrap_or(0.0);
    (out, last_window)
}

/// `clients` clients, each sending its next batch when the previous one is answered, for
/// `warmup` + `measure`; the window counts the requests answered within `measure`.
pub async fn closed(ing: &Ingest, clients: usize, warmup: Duration, measure: Duration) -> Outcome {
    let next = Arc::new(AtomicU64::new(0));
    let t0 = Instant::now();
    let from = t0 + warmup;
    let end = from + measure;
    let mut tasks = Vec::new();
    for c in 0..clients.max(1) {
        let (ing, next) = (ing.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = Rng::new(ing.seed ^ ((c as u64 + 1) << 32));
            let mut l = Local::default();
            while Instant::now() < end {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let body = traffic::body(&ing.shape, &mut rng, &ing.prefix, n, Utc::now());
                let sent = Instant::now();
                let acked = post(&ing, body, &mut l.total).await;
                let done = Instant::now();
                l.last_done = Some(done);
                if done >= from && done <= end {
                    if let Some(events) = acked {
                        l.latencies_ms.push(ms(done - sent));
                        l.answered.push(done);
                        l.window_events += events;
                    }
                }
            }
            l
        }));
    }
    let mut locals = Vec::new();
    for t in tasks {
        if let Ok(l) = t.await {
            locals.push(l);
        }
    }
    let (mut out, _) = merge(locals, t0);
    out.window_s = measure.as_secs_f64();
    out
}

/// `rate` events/s in batches at fixed times from `t0`, over `connections` connections, for
/// `warmup` + `measure`; the window holds the batches scheduled within `measure`. A batch that
/// could not leave within `give_up` of its time is not sent (counted as `unsent`).
pub async fn open(
    ing: &Ingest,
    rate: f64,
    connections: usize,
    t0: Instant,
    warmup: Duration,
    measure: Duration,
    give_up: Duration,
) -> Outcome {
    let batches_per_s = rate / ing.shape.batch.max(1) as f64;
    let interval = Duration::from_secs_f64(1.0 / batches_per_s.max(1e-9));
    let total = ((warmup + measure).as_secs_f64() * batches_per_s).floor() as u64;
    let from = t0 + warmup;
    let next = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for c in 0..connections.max(1) {
        let (ing, next) = (ing.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = Rng::new(ing.seed ^ ((c as u64 + 1) << 32) ^ 0x0be0);
            let mut l = Local::default();
            loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                if k >= total {
                    break;
                }
                let scheduled = t0 + interval.mul_f64(k as f64);
                if Instant::now() > scheduled + give_up {
                    l.unsent += 1;
                    continue;
                }
                tokio::time::sleep_until(scheduled.into()).await;
                let started = Instant::now();
                let body = traffic::body(&ing.shape, &mut rng, &ing.prefix, k, Utc::now());
                let acked = post(&ing, body, &mut l.total).await;
                let done = Instant::now();
                l.last_done = Some(done);
                if scheduled >= from {
                    if let Some(events) = acked {
                        l.latencies_ms.push(ms(done - scheduled));
                        l.answered.push(done);
                        l.start_lag_ms
                            .push(ms(started.saturating_duration_since(scheduled)));
                        l.window_events += events;
                        l.last_window_done = l.last_window_done.max(Some(done));
                    }
                }
            }
            l
        }));
    }
    let mut locals = Vec::new();
    for t in tasks {
        if let Ok(l) = t.await {
            locals.push(l);
        }
    }
    let (mut out, last_window) = merge(locals, t0);
    out.window_s = last_window
        .map(|l| l.duration_since(from).as_secs_f64())
        .unwrap_or(0.0)
        .max(measure.as_secs_f64());
    out
}

/// Pages a viewer opens: (kind, path); a viewer picks a kind, then one of its paths.
#[derive(Clone)]
pub struct Pages {
    pub http: reqwest::Client,
    pub base: String,
    pub session: String,
    pub kinds: Vec<&'static str>,
    pub paths: Arc<Vec<(usize, String)>>,
}

#[derive(Debug, Default)]
pub struct Viewed {
    /// Per kind, ms, requests started in the measured window.
    pub latencies_ms: Vec<Vec<f64>>,
    /// The same per path, by path.
    pub by_path_ms: std::collections::BTreeMap<String, Vec<f64>>,
    pub requests: u64,
    pub errors: u64,
    pub first_error: Option<String>,
}

/// `viewers` connections, each opening its next page when the previous one has loaded, from
/// now until `end`; the requests started from `from` are measured.
pub async fn view(p: &Pages, viewers: usize, from: Instant, end: Instant, seed: u64) -> Viewed {
    let mut tasks = Vec::new();
    for v in 0..viewers {
        let p = p.clone();
        tasks.push(tokio::spawn(async move {
            let mut rng = Rng::new(seed ^ ((v as u64 + 1) << 40));
            let mut out = Viewed {
                latencies_ms: vec![Vec::new(); p.kinds.len()],
                ..Viewed::default()
            };
            while Instant::now() < end {
                let kind = rng.below(p.kinds.len() as u64) as usize;
                let of_kind: Vec<&String> = p
                    .paths
                    .iter()
                    .filter(|(k, _)| *k == kind)
                    .map(|(_, s)| s)
                    .collect();
                let Some(path) = of_kind.get(rng.below(of_kind.len().max(1) as u64) as usize) else {
                    continue;
                };
                let url = format!("{}{path}", p.base);
                let t = Instant::now();
                let r = web::get_page(&p.http, &url, &p.session).await;
                let took = ms(t.elapsed());
                out.requests += 1;
                let failed = match r {
                    Ok((200, _)) => None,
                    Ok((status, _)) => Some(format!("GET {path}: HTTP {status}")),
                    Err(e) => Some(format!("{e:#}")),
                };
                if let Some(e) = failed {
                    out.errors += 1;
                    out.first_error.get_or_insert(e);
                } else if t >= from {
                    out.latencies_ms[kind].push(took);
                    out.by_path_ms.entry(path.to_string()).or_default().push(took);
                }
            }
            out
        }));
    }
    let mut all = Viewed {
        latencies_ms: vec![Vec::new(); p.kinds.len()],
        ..Viewed::default()
    };
    for t in tasks {
        if let Ok(v) = t.await {
            for (k, l) in v.latencies_ms.into_iter().enumerate() {
                all.latencies_ms[k].extend(l);
            }
            for (path, l) in v.by_path_ms {
                all.by_path_ms.entry(path).or_default().extend(l);
            }
            all.requests += v.requests;
            all.errors += v.errors;
            if all.first_error.is_none() {
                all.first_error = v.first_error;
            }
        }
    }
    all
}
