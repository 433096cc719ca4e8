//! B1: the events API (batches of 100 and 1000, from concurrent clients) against `COPY` of the
//! same rows into the same table; B2: the same batches sent again.
//!
//! Per round and per (batch, clients) configuration, the two sides run back to back, in
//! alternating order (AB, then BA next round), each starting from empty `events` and `rollups`
//! tables. The API side checks every answer (all ingested, none rejected or unmatched) and
//! afterwards the stored row count and both meters' rollup totals; B2 then re-sends the very
//! same request bodies and checks that nothing changed.

use std::sync::Arc;

use anyhow::{Result, ensure};
use chrono::Utc;
use diesel::PgConnection;
use serde::Serialize;

use crate::api::{Api, send_batches};
use crate::data::{Event, Events, Spec, api_body};
use crate::env::{Cpu, CpuSnap};
use crate::pg;
use crate::stats::{median, median_cpu, per_s};

#[derive(Debug, Clone)]
pub struct Opts {
    pub rows: usize,
    pub rounds: usize,
    pub batches: Vec<usize>,
    pub clients: Vec<usize>,
    pub copy_streams: usize,
    pub customers: u64,
    /// Timestamps spread over the last `days` days.
    pub days: f64,
    pub seed: u64,
    /// Measure the COPY side (B1).
    pub copy: bool,
    /// Re-send after each API side (B2).
    pub resend: bool,
}

pub struct Meters {
    pub count: String,
    pub sum: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct B1Row {
    pub batch: usize,
    pub clients: usize,
    pub api_rows_per_s: Vec<f64>,
    pub copy_rows_per_s: Vec<f64>,
    /// API ÷ COPY of each adjacent pair.
    pub ratios: Vec<f64>,
    pub api_median: f64,
    pub copy_median: f64,
    pub ratio_median: f64,
    pub latency_p50_ms: f64,
    pub latency_p95_ms: f64,
    pub latency_max_ms: f64,
    /// Wall seconds per side, medians.
    pub api_seconds: f64,
    pub copy_seconds: f64,
    /// CPU seconds per side (server, every postgres process, this program), medians.
    pub api_cpu: Cpu,
    pub copy_cpu: Cpu,
    pub target_ratio: Option<f64>,
    pub pass: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct B2Row {
    pub batch: usize,
    pub clients: usize,
    pub rows_per_s: Vec<f64>,
    pub median: f64,
    /// Re-send rows/s ÷ first-send rows/s, median over rounds.
    pub vs_first_send: f64,
    pub latency_p50_ms: f64,
    pub ingested: u64,
    pub duplicates: u64,
    pub expected_duplicates: u64,
    pub rows_unchanged: bool,
    pub rollups_unchanged: bool,
    pub pass: bool,
}

/// Issue 11's target (issue 4 asked 0.5).
pub const TARGET_RATIO: f64 = 0.8;
pub const TARGET_BATCH: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Api,
    Copy,
}

fn events_for_round(o: &Opts, prefix: &str, seed: u64, rows: usize) -> Vec<Event> {
    Events::new(Spec {
        customers: o.customers,
        seed,
        end: Utc::now(),
        span_secs: crate::days_to_secs(o.days),
        id_prefix: prefix.to_string(),
        bad_fraction: 0.0,
    })
    .take(rows)
    .collect()
}

fn copy_chunks(events: &[Event], streams: usize) -> Vec<Vec<u8>> {
    let per = events.len().div_ceil(streams.max(1)).max(1);
    events
        .chunks(per)
        .map(|chunk| {
            let mut out = Vec::with_capacity(chunk.len() * 120);
            for e in chunk {
                let _ = e.write_copy(&mut out);
            }
            out
        })
        .collect()
}

fn bodies(events: &[Event], batch: usize) -> Arc<Vec<Vec<u8>>> {
    Arc::new(events.chunks(batch).map(api_body).collect())
}

/// Sends a few batches and copies a few rows, unmeasured: connections, caches, plans.
pub async fn warm_up(
    api: &Api,
    conn: &mut PgConnection,
    copy_conns: &mut [PgConnection],
    o: &Opts,
) -> Result<()> {
    let events = events_for_round(o, "warm-", o.seed ^ 0xFFFF, 5000);
    let sent = send_batches(api, bodies(&events, 1000), 4).await?;
    ensure!(
        sent.ingested == 5000,
        "warm-up: {} of 5000 ingested",
        sent.ingested
    );
    pg::reset(conn)?;
    pg::copy(copy_conns, &copy_chunks(&events, copy_conns.len()))?;
    pg::reset(conn)?;
    Ok(())
}

pub async fn run(
    api: &Api,
    conn: &mut PgConnection,
    copy_conns: &mut [PgConnection],
    meters: &Meters,
    o: &Opts,
    checkpoint: bool,
    server_pid: u32,
) -> Result<(Vec<B1Row>, Vec<B2Row>)> {
    let configs: Vec<(usize, usize)> = o
        .batches
        .iter()
        .flat_map(|&b| o.clients.iter().map(move |&c| (b, c)))
        .collect();
    let n = configs.len();
    let mut api_rps = vec![Vec::new(); n];
    let mut copy_rps = vec![Vec::new(); n];
    let mut ratios = vec![Vec::new(); n];
    let mut p50 = vec![Vec::new(); n];
    let mut p95 = vec![Vec::new(); n];
    let mut pmax = vec![0.0_f64; n];
    let mut api_wall = vec![Vec::new(); n];
    let mut copy_wall = vec![Vec::new(); n];
    let mut api_cpu: Vec<Vec<Cpu>> = vec![Vec::new(); n];
    let mut copy_cpu: Vec<Vec<Cpu>> = vec![Vec::new(); n];
    let mut b2 = vec![
        B2Acc {
            rps: Vec::new(),
            vs_first: Vec::new(),
            p50: Vec::new(),
            ingested: 0,
            duplicates: 0,
            expected: 0,
            rows_unchanged: true,
            rollups_unchanged: true,
        };
        n
    ];
    let rows = o.rows as u64;
    for round in 0..o.rounds {
        let events = events_for_round(o, &format!("b1r{round}-"), o.seed + round as u64, o.rows);
        let tokens: i64 = events.iter().map(|e| e.tokens as i64).sum();
        let chunks = copy_chunks(&events, copy_conns.len());
        for (ci, &(batch, clients)) in configs.iter().enumerate() {
            let bodies = bodies(&events, batch);
            let order = if (round + ci) % 2 == 0 {
                [Side::Api, Side::Copy]
            } else {
                [Side::Copy, Side::Api]
            };
            let mut pair = (None, None);
            for side in order {
                if side == Side::Copy && !o.copy {
                    continue;
                }
                pg::reset(conn)?;
                if checkpoint {
                    pg::checkpoint(conn);
                }
                match side {
                    Side::Api => {
                        let cpu = CpuSnap::take(server_pid, conn);
                        let sent = send_batches(api, bodies.clone(), clients).await?;
                        // The rollups are the roller's: the side ends when it has counted every
                        // acknowledged event (its time and CPU are the API's).
                        let drained = pg::drain(conn)?;
                        api_cpu[ci].push(CpuSnap::take(server_pid, conn).since(&cpu));
                        let counted = sent.elapsed + drained;
                        api_wall[ci].push(counted.as_secs_f64());
                        ensure!(
                            sent.ingested == rows && sent.rejected == 0 && sent.unmatched == 0,
                            "B1 batch {batch} × {clients}: ingested {}, duplicates {}, unmatched {}, rejected {} of {rows}",
                            sent.ingested,
                            sent.duplicates,
                            sent.unmatched,
                            sent.rejected
                        );
                        let stored = pg::count_events(conn)?;
                        ensure!(stored == rows as i64, "B1: {stored} rows stored, {rows} sent");
                        let count_totals = pg::rollup_totals(conn, &meters.count)?;
                        let sum_totals = pg::rollup_totals(conn, &meters.sum)?;
                        ensure!(
                            count_totals.0 == rows as i64 && sum_totals == (rows as i64, tokens),
                            "B1: rollups disagree: count meter {count_totals:?}, sum meter {sum_totals:?}, expected ({rows}, {tokens})"
                        );
                        let rps = per_s(rows, counted);
                        api_rps[ci].push(rps);
                        p50[ci].push(sent.latency_ms(0.5));
                        p95[ci].push(sent.latency_ms(0.95));
                        pmax[ci] = pmax[ci].max(sent.latency_ms(1.0));
                        pair.0 = Some(rps);
                        eprintln!(
                            "  round {} batch {batch:>4} × {clients} clients  API   {:>9.0} rows/s  ({:.2} s answered + {:.2} s until counted)",
                            round + 1,
                            rps,
                            sent.elapsed.as_secs_f64(),
                            drained.as_secs_f64()
                        );
                        if o.resend {
                            let again = send_batches(api, bodies.clone(), clients).await?;
                            pg::drain(conn)?;
                            let acc = &mut b2[ci];
                            acc.ingested += again.ingested;
                            acc.duplicates += again.duplicates;
                            acc.expected += rows;
                            acc.rows_unchanged &= pg::count_events(conn)? == stored;
                            acc.rollups_unchanged &= pg::rollup_totals(conn, &meters.count)? == count_totals
                                && pg::rollup_totals(conn, &meters.sum)? == sum_totals;
                            let r = per_s(rows, again.elapsed);
                            acc.rps.push(r);
                            acc.vs_first.push(r / rps);
                            acc.p50.push(again.latency_ms(0.5));
                            eprintln!(
                                "  round {} batch {batch:>4} × {clients} clients  again {:>9.0} rows/s  ({:.2} s, {} ingested, {} duplicates)",
                                round + 1,
                                r,
                                again.elapsed.as_secs_f64(),
                                again.ingested,
                                again.duplicates
                            );
                        }
                    }
                    Side::Copy => {
                        let cpu = CpuSnap::take(server_pid, conn);
                        let (elapsed, copied) = pg::copy(copy_conns, &chunks)?;
                        copy_cpu[ci].push(CpuSnap::take(server_pid, conn).since(&cpu));
                        copy_wall[ci].push(elapsed.as_secs_f64());
                        ensure!(copied == o.rows, "COPY: {copied} rows of {}", o.rows);
                        let stored = pg::count_events(conn)?;
                        ensure!(stored == rows as i64, "COPY: {stored} rows stored, {rows} copied");
                        let rps = per_s(rows, elapsed);
                        copy_rps[ci].push(rps);
                        pair.1 = Some(rps);
                        eprintln!(
                            "  round {} batch {batch:>4} × {clients} clients  COPY  {:>9.0} rows/s  ({:.2} s)",
                            round + 1,
                            rps,
                            elapsed.as_secs_f64()
                        );
                    }
                }
            }
            if let (Some(a), Some(c)) = pair {
                ratios[ci].push(a / c);
            }
        }
    }
    pg::reset(conn)?;

    let b1 = configs
        .iter()
        .enumerate()
        .map(|(ci, &(batch, clients))| {
            let ratio_median = median(&ratios[ci]);
            let target_ratio = (batch == TARGET_BATCH && o.copy).then_some(TARGET_RATIO);
            B1Row {
                batch,
                clients,
                api_median: median(&api_rps[ci]),
                copy_median: median(&copy_rps[ci]),
                ratio_median,
                latency_p50_ms: median(&p50[ci]),
                latency_p95_ms: median(&p95[ci]),
                latency_max_ms: pmax[ci],
                api_seconds: median(&api_wall[ci]),
                copy_seconds: median(&copy_wall[ci]),
                api_cpu: median_cpu(&api_cpu[ci]),
                copy_cpu: median_cpu(&copy_cpu[ci]),
                target_ratio,
                pass: target_ratio.map(|t| ratio_median >= t),
                api_rows_per_s: api_rps[ci].clone(),
                copy_rows_per_s: copy_rps[ci].clone(),
                ratios: ratios[ci].clone(),
            }
        })
        .collect();
    let b2 = if o.resend {
        configs
            .iter()
            .zip(b2)
            .map(|(&(batch, clients), a)| B2Row {
                batch,
                clients,
                median: median(&a.rps),
                vs_first_send: median(&a.vs_first),
                latency_p50_ms: median(&a.p50),
                pass: a.ingested == 0
                    && a.duplicates == a.expected
                    && a.rows_unchanged
                    && a.rollups_unchanged,
                rows_per_s: a.rps,
                ingested: a.ingested,
                duplicates: a.duplicates,
                expected_duplicates: a.expected,
                rows_unchanged: a.rows_unchanged,
                rollups_unchanged: a.rollups_unchanged,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok((b1, b2))
}

#[derive(Clone)]
struct B2Acc {
    rps: Vec<f64>,
    vs_first: Vec<f64>,
    p50: Vec<f64>,
    ingested: u64,
    duplicates: u64,
    expected: u64,
    rows_unchanged: bool,
    rollups_unchanged: bool,
}
