//! The HTTP side: the public API as a client sees it (customers, meters, events, uploads).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail, ensure};
use serde_json::{Value, json};

#[derive(Clone)]
pub struct Api {
    pub http: reqwest::Client,
    pub base: String,
    pub key: String,
}

impl Api {
    pub async fn post_json(&self, path: &str, body: &Value) -> Result<(u16, Value)> {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.key)
            .json(body)
            .send()
            .await
            .with_context(|| format!("POST {path}"))?;
        let status = r.status().as_u16();
        let value = r.json().await.unwrap_or(Value::Null);
        Ok((status, value))
    }

    /// Creates customers `cus_0000` … with `clients` requests in flight.
    pub async fn create_customers(&self, n: u64, clients: usize) -> Result<()> {
        let next = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..clients {
            let (api, next) = (self.clone(), next.clone());
            tasks.push(tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed) as u64;
                    if i >= n {
                        return Ok::<_, anyhow::Error>(());
                    }
                    let id = crate::data::customer_id(i);
                    let body = json!({ "id": id, "email": format!("{id}@bench.example"), "name": format!("Bench customer {i}") });
                    let (status, v) = api.post_json("/api/v1/customers", &body).await?;
                    ensure!(status == 201, "creating customer {id}: HTTP {status} {v}");
                }
            }));
        }
        for t in tasks {
            t.await??;
        }
        Ok(())
    }

    /// Creates a meter; returns its id.
    pub async fn create_meter(
        &self,
        name: &str,
        event_name: &str,
        aggregation: Value,
        unit: &str,
    ) -> Result<String> {
        let body = json!({ "name": name, "event_name": event_name, "aggregation": aggregation, "measurement_unit": unit });
        let (status, v) = self.post_json("/api/v1/meters", &body).await?;
        ensure!(status == 201, "creating meter {name}: HTTP {status} {v}");
        v["id"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| anyhow!("meter without id: {v}"))
    }
}

/// What the API said about a whole set of batches, and how long it took.
#[derive(Debug, Clone, Default)]
pub struct Sent {
    pub elapsed: Duration,
    /// Per request, sorted.
    pub latencies: Vec<Duration>,
    pub ingested: u64,
    pub duplicates: u64,
    pub unmatched: u64,
    pub rejected: u64,
}

impl Sent {
    pub fn latency_ms(&self, q: f64) -> f64 {
        if self.latencies.is_empty() {
            return 0.0;
        }
        let i = ((self.latencies.len() - 1) as f64 * q).round() as usize;
        self.latencies[i.min(self.latencies.len() - 1)].as_secs_f64() * 1000.0
    }
}

/// POSTs every body to `/api/v1/events/ingest` from `clients` concurrent clients (each takes
/// the next body when its previous request is answered). Time runs from the first request to
/// the last answer.
pub async fn send_batches(api: &Api, bodies: Arc<Vec<Vec<u8>>>, clients: usize) -> Result<Sent> {
    let next = Arc::new(AtomicUsize::new(0));
    let url = format!("{}/api/v1/events/ingest", api.base);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients.max(1) {
        let (http, key, url, bodies, next) = (
            api.http.clone(),
            api.key.clone(),
            url.clone(),
            bodies.clone(),
            next.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut sent = Sent::default();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(body) = bodies.get(i) else {
                    return Ok::<_, anyhow::Error>(sent);
                };
                let t = Instant::now();
                let r = http
                    .post(&url)
                    .bearer_auth(&key)
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body.clone())
                    .send()
                    .await
                    .context("POST /api/v1/events/ingest")?;
                let status = r.status();
                let bytes = r.bytes().await.context("reading the ingest response")?;
                sent.latencies.push(t.elapsed());
                if !status.is_success() {
                    bail!(
                        "POST /api/v1/events/ingest: HTTP {status}: {}",
                        String::from_utf8_lossy(&bytes[..bytes.len().min(500)])
                    );
                }
                let v: Value = serde_json::from_slice(&bytes).context("ingest response is not JSON")?;
                let n = |k: &str| v[k].as_u64().unwrap_or(0);
                sent.ingested += n("ingested");
                sent.duplicates += n("duplicates");
                sent.unmatched += n("unmatched");
                let rejected = v["rejected"].as_array().map(Vec::len).unwrap_or(0) as u64;
                if rejected > 0 && sent.rejected == 0 {
                    eprintln!("  first rejection: {}", v["rejected"][0]);
                }
                sent.rejected += rejected;
            }
        }));
    }
    let mut total = Sent::default();
    for t in tasks {
        let s = t.await??;
        total.latencies.extend(s.latencies);
        total.ingested += s.ingested;
        total.duplicates += s.duplicates;
        total.unmatched += s.unmatched;
        total.rejected += s.rejected;
    }
    total.elapsed = started.elapsed();
    total.latencies.sort();
    Ok(total)
}

/// What the upload API answered.
#[derive(Debug, Clone)]
pub struct Uploaded {
    pub elapsed: Duration,
    pub status: String,
    pub total: u64,
    pub accepted: u64,
    pub duplicates: u64,
    pub rejected: u64,
}

/// `POST /api/v1/uploads?meter_id=…&confirm_duplicate=true` with the file in field `file`;
/// timed from the request's start to the whole response read (the upload is committed then).
pub async fn upload(api: &Api, meter_id: &str, file_name: &str, bytes: Vec<u8>) -> Result<Uploaded> {
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name(file_name.to_string())
        .mime_str("text/csv")?;
    let form = reqwest::multipart::Form::new().part("file", part);
    let started = Instant::now();
    let r = api
        .http
        .post(format!(
            "{}/api/v1/uploads?meter_id={meter_id}&confirm_duplicate=true",
            api.base
        ))
        .bearer_auth(&api.key)
        .multipart(form)
        .send()
        .await
        .context("POST /api/v1/uploads")?;
    let status = r.status();
    let bytes = r.bytes().await?;
    let elapsed = started.elapsed();
    ensure!(
        status.as_u16() == 201,
        "POST /api/v1/uploads: HTTP {status}: {}",
        String::from_utf8_lossy(&bytes[..bytes.len().min(500)])
    );
    let v: Value = serde_json::from_slice(&bytes)?;
    let n = |k: &str| v["rows"][k].as_u64().unwrap_or(0);
    Ok(Uploaded {
        elapsed,
        status: v["status"].as_str().unwrap_or("").to_string(),
        total: n("total"),
        accepted: n("accepted"),
        duplicates: n("duplicates"),
        rejected: n("rejected"),
    })
}
