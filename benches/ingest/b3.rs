//! B3: a Stripe-template CSV file of about 5 MB (1 % bad rows) uploaded through
//! `POST /api/v1/uploads` (request start → committed response) against one `psql` session doing
//! `\copy` into a temporary table + `INSERT … SELECT … ON CONFLICT DO NOTHING` of the same file;
//! and the server's peak RSS growth during each upload.
//!
//! Rounds alternate the order (AB, BA, …); every side starts from empty `events` and `rollups`.
//! Uploads derive event ids from the upload id, so the same file stores its rows again each
//! round (`confirm_duplicate=true` passes the same-file guard).

use std::path::Path;

use anyhow::{Context, Result, ensure};
use chrono::Utc;
use diesel::PgConnection;
use serde::Serialize;

use crate::api::{Api, upload};
use crate::data::{Events, Spec, csv_file};
use crate::env::{Cpu, CpuSnap, Server};
use crate::pg;
use crate::stats::{median, median_cpu};

#[derive(Debug, Clone)]
pub struct Opts {
    pub rounds: usize,
    pub csv_bytes: usize,
    pub bad_fraction: f64,
    pub customers: u64,
    pub days: f64,
    pub seed: u64,
}

pub const TARGET_TIME_RATIO: f64 = 1.5;
pub const TARGET_RSS_RATIO: f64 = 3.0;

#[derive(Debug, Clone, Serialize)]
pub struct B3Result {
    pub file: String,
    pub file_bytes: usize,
    pub rows: usize,
    pub bad_rows: usize,
    pub upload_seconds: Vec<f64>,
    pub psql_seconds: Vec<f64>,
    /// Upload ÷ psql of each adjacent pair.
    pub ratios: Vec<f64>,
    pub upload_median: f64,
    pub psql_median: f64,
    pub ratio_median: f64,
    /// CPU seconds during an upload (server, every postgres process, this program), medians.
    pub upload_cpu: Cpu,
    pub upload_rows_per_s: f64,
    pub psql_rows_per_s: f64,
    pub target_time_ratio: f64,
    pub time_pass: bool,
    pub rss_before_bytes: Vec<u64>,
    pub rss_peak_bytes: Vec<u64>,
    pub rss_growth_bytes: Vec<u64>,
    pub rss_growth_max_bytes: u64,
    pub rss_growth_ratio: f64,
    /// How the peak was read: VmHWM after resetting it per upload, or since the server started.
    pub rss_method: String,
    pub target_rss_ratio: f64,
    pub rss_pass: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Upload,
    Psql,
}

pub async fn run(
    api: &Api,
    server: &Server,
    conn: &mut PgConnection,
    db_url: &str,
    sum_meter: &str,
    out_dir: &Path,
    o: &Opts,
) -> Result<B3Result> {
    let mut events = Events::new(Spec {
        customers: o.customers,
        seed: o.seed ^ 0xB3,
        end: Utc::now() - chrono::Duration::minutes(1),
        span_secs: crate::days_to_secs(o.days),
        id_prefix: String::new(),
        bad_fraction: o.bad_fraction,
    });
    let (bytes, rows) = csv_file(&mut events, o.csv_bytes);
    let bad = rows.iter().filter(|e| e.bad.is_some()).count();
    let good = (rows.len() - bad) as i64;
    let file = out_dir.join("b3-upload.csv");
    std::fs::write(&file, &bytes).with_context(|| format!("writing {}", file.display()))?;
    eprintln!(
        "B3: {} ({} bytes, {} rows, {bad} bad)",
        file.display(),
        bytes.len(),
        rows.len()
    );

    let mut up = Vec::new();
    let mut ps = Vec::new();
    let mut ratios = Vec::new();
    let mut rss_before = Vec::new();
    let mut rss_peak = Vec::new();
    let mut rss_growth = Vec::new();
    let mut reset_ok = true;
    let mut cpu = Vec::new();
    for round in 0..o.rounds {
        let order = if round % 2 == 0 {
            [Side::Upload, Side::Psql]
        } else {
            [Side::Psql, Side::Upload]
        };
        let mut pair = (None, None);
        for side in order {
            pg::reset(conn)?;
            pg::checkpoint(conn);
            match side {
                Side::Upload => {
                    reset_ok &= server.reset_peak();
                    let before = server.status_bytes("VmRSS").unwrap_or(0);
                    let cpu_before = CpuSnap::take(server.pid(), conn);
                    let u = upload(api, sum_meter, "b3-upload.csv", bytes.clone()).await?;
                    let peak = server.status_bytes("VmHWM").unwrap_or(0);
                    cpu.push(CpuSnap::take(server.pid(), conn).since(&cpu_before));
                    ensure!(
                        u.total == rows.len() as u64
                            && u.rejected == bad as u64
                            && u.accepted == good as u64
                            && u.duplicates == 0,
                        "B3 upload: {u:?}; expected {} rows, {bad} rejected",
                        rows.len()
                    );
                    let stored = pg::count_events(conn)?;
                    ensure!(
                        stored == good,
                        "B3 upload: {stored} events stored, {good} expected"
                    );
                    let growth = peak.saturating_sub(before);
                    eprintln!(
                        "  round {} upload {:>6.2} s  ({} {}, RSS {:.1} → peak {:.1} MiB, +{:.1} MiB)",
                        round + 1,
                        u.elapsed.as_secs_f64(),
                        u.status,
                        u.accepted,
                        mib(before),
                        mib(peak),
                        mib(growth)
                    );
                    up.push(u.elapsed.as_secs_f64());
                    rss_before.push(before);
                    rss_peak.push(peak);
                    rss_growth.push(growth);
                    pair.0 = Some(u.elapsed.as_secs_f64());
                }
                Side::Psql => {
                    let script = out_dir.join(format!("b3-baseline-r{}.sql", round + 1));
                    std::fs::write(&script, pg::psql_script(&file, &format!("psql-r{}-", round + 1)))?;
                    let t = pg::psql(db_url, &script)?;
                    let stored = pg::count_events(conn)?;
                    ensure!(stored == good, "B3 psql: {stored} events stored, {good} expected");
                    eprintln!("  round {} psql   {:>6.2} s", round + 1, t.as_secs_f64());
                    ps.push(t.as_secs_f64());
                    pair.1 = Some(t.as_secs_f64());
                }
            }
        }
        if let (Some(a), Some(b)) = pair {
            ratios.push(a / b);
        }
    }
    pg::reset(conn)?;

    let growth_max = rss_growth.iter().copied().max().unwrap_or(0);
    let rss_ratio = growth_max as f64 / bytes.len() as f64;
    let ratio_median = median(&ratios);
    let (upload_median, psql_median) = (median(&up), median(&ps));
    Ok(B3Result {
        file: file.display().to_string(),
        file_bytes: bytes.len(),
        rows: rows.len(),
        bad_rows: bad,
        upload_cpu: median_cpu(&cpu),
        upload_rows_per_s: rows.len() as f64 / upload_median,
        psql_rows_per_s: rows.len() as f64 / psql_median,
        upload_seconds: up,
        psql_seconds: ps,
        ratios,
        upload_median,
        psql_median,
        ratio_median,
        target_time_ratio: TARGET_TIME_RATIO,
        time_pass: ratio_median <= TARGET_TIME_RATIO,
        rss_before_bytes: rss_before,
        rss_peak_bytes: rss_peak,
        rss_growth_bytes: rss_growth,
        rss_growth_max_bytes: growth_max,
        rss_growth_ratio: rss_ratio,
        rss_method: if reset_ok {
            "VmHWM after each upload − VmRSS before it; VmHWM reset per upload via /proc/<pid>/clear_refs"
                .into()
        } else {
            "VmHWM (peak since the server started; clear_refs not writable) − VmRSS before".into()
        },
        target_rss_ratio: TARGET_RSS_RATIO,
        rss_pass: rss_ratio <= TARGET_RSS_RATIO,
    })
}

pub fn mib(b: u64) -> f64 {
    b as f64 / (1024.0 * 1024.0)
}
