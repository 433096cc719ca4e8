//! The printed table and the JSON file.

use std::fmt::Write as _;

use serde::Serialize;

use crate::b1::{B1Row, B2Row, TARGET_BATCH, TARGET_RATIO};
use crate::b3::{B3Result, mib};
use crate::env::Machine;

#[derive(Debug, Serialize)]
pub struct Report {
    pub command: String,
    pub started_at: String,
    pub duration_s: f64,
    pub machine: Machine,
    pub settings: serde_json::Value,
    /// Whether a CHECKPOINT ran before each measured side (needs superuser or pg_checkpoint).
    pub checkpoint_between_sides: bool,
    /// Share of the machine's CPU other processes used while sides were measured.
    pub other_cpu_share: Option<f64>,
    pub b1: Vec<B1Row>,
    pub b2: Vec<B2Row>,
    pub b3: Option<B3Result>,
}

impl Report {
    /// Targets missed or checks failed.
    pub fn failures(&self) -> usize {
        self.b1.iter().filter(|r| r.pass == Some(false)).count()
            + self.b2.iter().filter(|r| !r.pass).count()
            + self
                .b3
                .as_ref()
                .map(|b| usize::from(!b.time_pass) + usize::from(!b.rss_pass))
                .unwrap_or(0)
    }
}

fn verdict(pass: bool) -> &'static str {
    if pass { "PASS" } else { "FAIL" }
}

fn thousands(x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let s = format!("{:.0}", x);
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The share of the machine's CPU that other processes used during the measured sides
/// (medians), or None when nothing was measured.
pub fn interference(r: &Report) -> Option<f64> {
    let mut other = 0.0;
    let mut wall = 0.0;
    for b in &r.b1 {
        other += b.api_cpu.other + b.copy_cpu.other;
        wall += b.api_seconds + b.copy_seconds;
    }
    if let Some(b) = &r.b3 {
        other += b.upload_cpu.other;
        wall += b.upload_median;
    }
    (wall > 0.0).then(|| other / (wall * r.machine.cores.max(1) as f64))
}

pub fn table(r: &Report) -> String {
    let mut s = String::new();
    let m = &r.machine;
    let _ = writeln!(s, "Meterdesk ingest benchmarks");
    let _ = writeln!(s, "command : {}", r.command);
    let _ = writeln!(s, "{}", m.describe());
    let _ = writeln!(
        s,
        "code    : {} · started {} · took {:.0} s · CHECKPOINT between sides: {}",
        m.git,
        r.started_at,
        r.duration_s,
        if r.checkpoint_between_sides {
            "yes"
        } else {
            "no (not allowed)"
        }
    );
    let _ = writeln!(s, "settings: {}", r.settings);
    if let Some(share) = interference(r) {
        let _ = writeln!(
            s,
            "load    : other processes used {:.0}% of the machine's CPU while sides were measured{}",
            share * 100.0,
            if share > 0.10 {
                " — the machine was busy; expect noisy numbers (run again when it is idle)"
            } else {
                ""
            }
        );
    }

    if !r.b1.is_empty() {
        let rows = r.settings["rows"].as_u64().unwrap_or(0);
        let rounds = r.settings["rounds"].as_u64().unwrap_or(0);
        let streams = r.settings["copy_streams"].as_u64().unwrap_or(1);
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "B1  events API vs COPY into events ({rows} rows per side, {rounds} rounds, A/B order alternated, medians;\n    COPY over {streams} connection(s); API side includes validation, dedupe and the rollups of 2 meters: timed until the roller has counted every event)"
        );
        let _ = writeln!(
            s,
            "    {:>5} {:>7} {:>12} {:>12} {:>8} {:>8} {:>8} {:>10} {:>6}",
            "batch",
            "clients",
            "API rows/s",
            "COPY rows/s",
            "API/COPY",
            "p50 ms",
            "p95 ms",
            "target",
            "result"
        );
        for b in &r.b1 {
            let _ = writeln!(
                s,
                "    {:>5} {:>7} {:>12} {:>12} {:>8.3} {:>8.1} {:>8.1} {:>10} {:>6}",
                b.batch,
                b.clients,
                thousands(b.api_median),
                thousands(b.copy_median),
                b.ratio_median,
                b.latency_p50_ms,
                b.latency_p95_ms,
                b.target_ratio
                    .map(|t| format!("≥ {t:.2}"))
                    .unwrap_or_else(|| "-".into()),
                b.pass.map(verdict).unwrap_or("-")
            );
        }
        let _ = writeln!(
            s,
            "    target: API rows/s ≥ {TARGET_RATIO} × COPY rows/s at batch {TARGET_BATCH} (ratio = median of adjacent A/B pairs)"
        );
        let _ = writeln!(
            s,
            "    where the time went, per side (medians; CPU s: the server, PostgreSQL (this database's backends and\n    the cluster's background processes), this client, and everything else on the machine, including kernel\n    threads such as disk writeback):"
        );
        let _ = writeln!(
            s,
            "    {:>5} {:>7} {:>9} {:>8} {:>8} {:>8} {:>8} {:>10} {:>8} {:>8}",
            "batch", "clients", "API wall", "server", "pg", "client", "other", "COPY wall", "pg", "other"
        );
        for b in &r.b1 {
            let _ = writeln!(
                s,
                "    {:>5} {:>7} {:>8.2}s {:>7.2}s {:>7.2}s {:>7.2}s {:>7.2}s {:>9.2}s {:>7.2}s {:>7.2}s",
                b.batch,
                b.clients,
                b.api_seconds,
                b.api_cpu.server,
                b.api_cpu.postgres,
                b.api_cpu.client,
                b.api_cpu.other,
                b.copy_seconds,
                b.copy_cpu.postgres,
                b.copy_cpu.other
            );
        }
    }
    if !r.b2.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "B2  the same batches sent again (must ingest 0, report all as duplicates, change no row or rollup)"
        );
        let _ = writeln!(
            s,
            "    {:>5} {:>7} {:>12} {:>9} {:>9} {:>11} {:>8} {:>8} {:>6}",
            "batch",
            "clients",
            "rows/s",
            "vs first",
            "ingested",
            "duplicates",
            "rows =",
            "rollups =",
            "result"
        );
        for b in &r.b2 {
            let _ = writeln!(
                s,
                "    {:>5} {:>7} {:>12} {:>8.2}× {:>9} {:>11} {:>8} {:>8} {:>6}",
                b.batch,
                b.clients,
                thousands(b.median),
                b.vs_first_send,
                b.ingested,
                format!("{}/{}", b.duplicates, b.expected_duplicates),
                if b.rows_unchanged { "yes" } else { "NO" },
                if b.rollups_unchanged { "yes" } else { "NO" },
                verdict(b.pass)
            );
        }
    }
    if let Some(b) = &r.b3 {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "B3  CSV upload ({} bytes, {} rows, {} bad) vs psql \\copy + INSERT … SELECT … ON CONFLICT (medians of {} rounds, alternated)",
            b.file_bytes,
            b.rows,
            b.bad_rows,
            b.upload_seconds.len()
        );
        let _ = writeln!(
            s,
            "    upload {:.2} s ({} rows/s)   psql {:.2} s ({} rows/s)   upload/psql {:.2}×   target ≤ {:.1}×   {}",
            b.upload_median,
            thousands(b.upload_rows_per_s),
            b.psql_median,
            thousands(b.psql_rows_per_s),
            b.ratio_median,
            b.target_time_ratio,
            verdict(b.time_pass)
        );
        let _ = writeln!(
            s,
            "    server peak RSS growth during an upload: {:.1} MiB (max of {}) = {:.2}× the file   target ≤ {:.1}×   {}",
            mib(b.rss_growth_max_bytes),
            b.rss_growth_bytes
                .iter()
                .map(|g| format!("{:.1}", mib(*g)))
                .collect::<Vec<_>>()
                .join(", "),
            b.rss_growth_ratio,
            b.target_rss_ratio,
            verdict(b.rss_pass)
        );
        let _ = writeln!(s, "    ({})", b.rss_method);
        let _ = writeln!(
            s,
            "    CPU during an upload (medians): server {:.2} s, postgres {:.2} s, client {:.2} s, other {:.2} s",
            b.upload_cpu.server, b.upload_cpu.postgres, b.upload_cpu.client, b.upload_cpu.other
        );
    }
    s
}
