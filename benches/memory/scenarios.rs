//! The three requests whose memory issue 9 bounds, each against the running release server:
//! concurrent all-rejected dry runs, a gzip JSON bomb, and an upload form of many text fields.
//! Peak growth is VmHWM (reset before each measurement through /proc/<pid>/clear_refs) minus
//! VmRSS before; a sampler also polls VmRSS, as a check and as the fallback.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use flate2::Compression;
use flate2::write::GzEncoder;
use serde::Serialize;
use serde_json::Value;

use crate::api::Api;
use crate::env::{Server, proc_status_bytes};

pub fn mib(b: u64) -> f64 {
    b as f64 / (1024.0 * 1024.0)
}

/// Polls VmRSS every 5 ms until stopped; the highest value seen.
pub struct Sampler {
    stop: Arc<AtomicBool>,
    max: Arc<AtomicU64>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Sampler {
    pub fn start(pid: u32) -> Sampler {
        let stop = Arc::new(AtomicBool::new(false));
        let max = Arc::new(AtomicU64::new(0));
        let (s, m) = (stop.clone(), max.clone());
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                if let Some(rss) = proc_status_bytes(pid, "VmRSS") {
                    m.fetch_max(rss, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        Sampler {
            stop,
            max,
            thread: Some(thread),
        }
    }

    pub fn finish(mut self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.max.load(Ordering::Relaxed)
    }
}

/// One measurement: RSS before, the peak while the requests ran, RSS a moment after.
#[derive(Debug, Clone, Serialize)]
pub struct Peak {
    pub rss_before_bytes: u64,
    pub peak_bytes: u64,
    pub growth_bytes: u64,
    pub rss_after_bytes: u64,
    pub seconds: f64,
}

/// Measures `work` on `server`: VmHWM reset first (when allowed), sampler as a floor.
pub async fn measure<F, T>(server: &Server, settle: Duration, work: F) -> Result<(Peak, T)>
where
    F: std::future::Future<Output = Result<T>>,
{
    let before = server.status_bytes("VmRSS").unwrap_or(0);
    let reset = server.reset_peak();
    let sampler = Sampler::start(server.pid());
    let started = Instant::now();
    let out = work.await?;
    let seconds = started.elapsed().as_secs_f64();
    let sampled = sampler.finish();
    let hwm = if reset {
        server.status_bytes("VmHWM").unwrap_or(0)
    } else {
        0
    };
    let peak = hwm.max(sampled);
    tokio::time::sleep(settle).await;
    let after = server.status_bytes("VmRSS").unwrap_or(0);
    Ok((
        Peak {
            rss_before_bytes: before,
            peak_bytes: peak,
            growth_bytes: peak.saturating_sub(before),
            rss_after_bytes: after,
            seconds,
        },
        out,
    ))
}

/// A CSV of `bytes` (whole rows) whose every row is rejected, four reasons in turn: unknown
/// customer, impossible date, a value that is not a number, an event no meter listens to.
pub fn rejected_csv(bytes: usize, customer: &str) -> (Vec<u8>, usize) {
    let mut out = b"timestamp,event_name,payload_customer_id,payload_tokens\n".to_vec();
    let mut rows = 0usize;
    loop {
        let row = match rows % 4 {
            0 => format!("2026-01-02T10:00:00Z,llm.tokens,nobody-{rows},5\n"),
            1 => format!("2026-13-02T10:00:00Z,llm.tokens,{customer},{rows}\n"),
            2 => format!("2026-01-02T10:00:00Z,llm.tokens,{customer},n{rows}\n"),
            _ => format!("2026-01-02T10:00:00Z,llm.tokenz,{customer},{rows}\n"),
        };
        if out.len() + row.len() > bytes {
            return (out, rows);
        }
        out.extend_from_slice(row.as_bytes());
        rows += 1;
    }
}

/// What one dry run answered.
#[derive(Debug, Clone, Serialize)]
pub struct DryRunAnswer {
    pub status: u16,
    pub answer_bytes: usize,
    pub rows_total: u64,
    pub rows_rejected: u64,
    pub rejected_inline: usize,
}

pub async fn dry_run(api: &Api, meter_id: &str, file: Arc<Vec<u8>>) -> Result<DryRunAnswer> {
    let part = reqwest::multipart::Part::bytes(file.as_ref().clone())
        .file_name("all-rejected.csv")
        .mime_str("text/csv")?;
    let form = reqwest::multipart::Form::new().part("file", part);
    let r = api
        .http
        .post(format!(
            "{}/api/v1/uploads?meter_id={meter_id}&dry_run=true",
            api.base
        ))
        .bearer_auth(&api.key)
        .multipart(form)
        .send()
        .await
        .context("POST /api/v1/uploads?dry_run=true")?;
    let status = r.status().as_u16();
    let body = r.bytes().await?;
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    Ok(DryRunAnswer {
        status,
        answer_bytes: body.len(),
        rows_total: v["rows"]["total"].as_u64().unwrap_or(0),
        rows_rejected: v["rows"]["rejected"].as_u64().unwrap_or(0),
        rejected_inline: v["rejected"].as_array().map(Vec::len).unwrap_or(0),
    })
}

/// `{"events": [<spaces>]}` inflating to `inflated` bytes, gzipped.
pub fn gzip_bomb(inflated: usize) -> Result<Vec<u8>> {
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    e.write_all(b"{\"events\": [")?;
    let spaces = vec![b' '; 1 << 20];
    let mut left = inflated.saturating_sub(14);
    while left > 0 {
        let n = left.min(spaces.len());
        e.write_all(&spaces[..n])?;
        left -= n;
    }
    e.write_all(b"]}")?;
    Ok(e.finish()?)
}

/// What the server did with a request it should refuse.
#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    /// The HTTP status, or None when the connection ended before an answer could be read.
    pub status: Option<u16>,
    pub error: Option<String>,
}

pub async fn post_raw(api: &Api, path: &str, headers: &[(&str, String)], body: Vec<u8>) -> Refusal {
    let mut rq = api
        .http
        .post(format!("{}{path}", api.base))
        .bearer_auth(&api.key)
        .body(body);
    for (k, v) in headers {
        rq = rq.header(*k, v);
    }
    match rq.send().await {
        Ok(r) => {
            let status = r.status().as_u16();
            let _ = r.bytes().await;
            Refusal {
                status: Some(status),
                error: None,
            }
        }
        Err(e) => Refusal {
            status: None,
            error: Some(format!("{e:#}")),
        },
    }
}

/// A multipart body of `fields` text fields of `field_bytes` each, then `file` in the field
/// `file`.
pub fn many_fields(fields: usize, field_bytes: usize, boundary: &str, file: &[u8]) -> Vec<u8> {
    let value = vec![b'x'; field_bytes];
    let mut out = Vec::with_capacity(fields * (field_bytes + 100));
    for i in 0..fields {
        out.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"field{i}\"\r\n\r\n").as_bytes(),
        );
        out.extend_from_slice(&value);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"u.csv\"\r\nContent-Type: text/csv\r\n\r\n"
        )
        .as_bytes(),
    );
    out.extend_from_slice(file);
    out.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    out
}
