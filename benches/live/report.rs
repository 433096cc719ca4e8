//! Medians over rounds, the targets of issue 11 checked, the printed table and the JSON file.

use std::fmt::Write as _;

use serde::Serialize;

use crate::check::Meters;
use crate::env::{Cpu, Machine};
use crate::observe::Samples;
use crate::phases::{CopyRun, Kind, PhaseRun};
use crate::targets::{TARGET_CLOSED_RATIO, TARGET_MIXED_P99_MS, TARGET_OPEN_P99_MS, median};
use crate::traffic::Shape;

fn median_of<T>(xs: &[&T], f: impl Fn(&T) -> f64) -> f64 {
    median(&xs.iter().map(|x| f(x)).collect::<Vec<_>>())
}

/// CPU seconds per 100,000 acknowledged events, each component the median over rounds.
fn cpu_per_100k(runs: &[&PhaseRun]) -> Cpu {
    let per = |r: &PhaseRun, f: fn(&Cpu) -> f64| f(&r.cpu) * 1e5 / (r.answers.ingested.max(1) as f64);
    Cpu {
        server: median_of(runs, |r| per(r, |c| c.server)),
        postgres: median_of(runs, |r| per(r, |c| c.postgres)),
        client: median_of(runs, |r| per(r, |c| c.client)),
        other: median_of(runs, |r| per(r, |c| c.other)),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub name: String,
    pub kind: Kind,
    pub rounds: usize,
    /// Acknowledged events/s in the measured window, per round and median.
    pub events_per_s_rounds: Vec<f64>,
    pub events_per_s: f64,
    /// ÷ COPY into events of the same round, median.
    pub vs_copy: f64,
    pub vs_copy_with_ids: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
    pub max_ms: f64,
    pub start_lag_p99_ms: Option<f64>,
    pub pages_p50_ms: Option<f64>,
    pub pages_p99_ms: Option<f64>,
    pub pages_kinds_p99_ms: Vec<(String, f64)>,
    pub pages_per_s: Option<f64>,
    /// Summed over rounds: failed requests (ingest and pages) and batches never sent.
    pub errors: u64,
    pub cpu_per_100k: Cpu,
    pub drain_s: f64,
    pub checks_passed: usize,
    pub samples: Samples,
}

#[derive(Debug, Clone, Serialize)]
pub struct Target {
    pub what: String,
    pub value: String,
    pub target: String,
    pub pass: bool,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub command: String,
    pub started_at: String,
    pub duration_s: f64,
    pub machine: Machine,
    pub postgres_settings: Vec<(String, String)>,
    /// `/proc/loadavg` when scripts/bench started (before building) and when the run started.
    pub load_before_build: Option<String>,
    pub load_before_run: String,
    pub checkpoint_between_phases: bool,
    pub settings: serde_json::Value,
    pub shape: Shape,
    pub meters: Meters,
    pub copy_events: f64,
    pub copy_with_ids: f64,
    pub rows: Vec<Row>,
    pub targets: Vec<Target>,
    /// Share of the machine's CPU that other processes used during the phases.
    pub other_cpu_share: f64,
    pub copies: Vec<CopyRun>,
    pub phases: Vec<PhaseRun>,
}

impl Report {
    pub fn failures(&self) -> usize {
        self.targets.iter().filter(|t| !t.pass).count() + self.phases.iter().filter(|p| !p.check.pass).count()
    }
}

pub fn summarize(copies: &[CopyRun], phases: &[PhaseRun], cores: usize) -> (f64, f64, Vec<Row>, f64) {
    let copy_events = median(&copies.iter().map(|c| c.events.rows_per_s).collect::<Vec<_>>());
    let copy_with_ids = median(&copies.iter().map(|c| c.with_ids.rows_per_s).collect::<Vec<_>>());
    let copy_of = |round: usize, ids: bool| {
        copies
            .iter()
            .find(|c| c.round == round)
            .map(|c| {
                if ids {
                    c.with_ids.rows_per_s
                } else {
                    c.events.rows_per_s
                }
            })
            .unwrap_or(if ids { copy_with_ids } else { copy_events })
    };
    let mut kinds: Vec<Kind> = Vec::new();
    for p in phases {
        if !kinds.contains(&p.kind) {
            kinds.push(p.kind);
        }
    }
    kinds.sort_by_key(|k| match k {
        Kind::Closed(c) => (0, *c),
        Kind::Open => (1, 0),
        Kind::Mixed { page_cache } => (2, usize::from(*page_cache)),
    });
    let rows = kinds
        .iter()
        .map(|&kind| {
            let runs: Vec<&PhaseRun> = phases.iter().filter(|p| p.kind == kind).collect();
            let mut samples = Samples::default();
            for r in &runs {
                samples.merge(&r.samples);
            }
            let pages = runs.iter().any(|r| r.pages.is_some());
            let page = |f: fn(&crate::phases::PagesRun) -> f64| {
                pages.then(|| median_of(&runs, |r| r.pages.as_ref().map(f).unwrap_or(f64::NAN)))
            };
            Row {
                name: kind.name(),
                kind,
                rounds: runs.len(),
                events_per_s_rounds: runs.iter().map(|r| r.events_per_s).collect(),
                events_per_s: median_of(&runs, |r| r.events_per_s),
                vs_copy: median_of(&runs, |r| r.events_per_s / copy_of(r.round, false)),
                vs_copy_with_ids: median_of(&runs, |r| r.events_per_s / copy_of(r.round, true)),
                p50_ms: median_of(&runs, |r| r.ingest.p50),
                p99_ms: median_of(&runs, |r| r.ingest.p99),
                p999_ms: median_of(&runs, |r| r.ingest.p999),
                max_ms: runs.iter().map(|r| r.ingest.max).fold(f64::NAN, f64::max),
                start_lag_p99_ms: runs
                    .iter()
                    .any(|r| r.start_lag.is_some())
                    .then(|| median_of(&runs, |r| r.start_lag.map(|l| l.p99).unwrap_or(f64::NAN))),
                pages_p50_ms: page(|p| p.all.p50),
                pages_p99_ms: page(|p| p.all.p99),
                pages_kinds_p99_ms: crate::setup::PAGE_KINDS
                    .iter()
                    .enumerate()
                    .filter(|_| pages)
                    .map(|(i, k)| {
                        (
                            k.to_string(),
                            median_of(&runs, |r| {
                                r.pages
                                    .as_ref()
                                    .and_then(|p| p.kinds.get(i))
                                    .map(|(_, l)| l.p99)
                                    .unwrap_or(f64::NAN)
                            }),
                        )
                    })
                    .collect(),
                pages_per_s: page(|p| p.pages_per_s),
                errors: runs
                    .iter()
                    .map(|r| r.answers.errors + r.unsent + r.pages.as_ref().map(|p| p.errors).unwrap_or(0))
                    .sum(),
                cpu_per_100k: cpu_per_100k(&runs),
                drain_s: median_of(&runs, |r| r.check.drain_s),
                checks_passed: runs.iter().filter(|r| r.check.pass).count(),
                samples,
            }
        })
        .collect();
    let other: f64 = phases.iter().map(|p| p.cpu.other).sum();
    let wall: f64 = phases.iter().map(|p| p.cpu_wall_s).sum();
    let share = other / (wall * cores.max(1) as f64).max(1e-9);
    (copy_events, copy_with_ids, rows, share)
}

pub fn targets(rows: &[Row], rate: f64, copy_events: f64) -> Vec<Target> {
    let mut t = Vec::new();
    let find = |k: Kind| rows.iter().find(|r| r.kind == k);
    if let Some(r64) = find(Kind::Closed(64)) {
        t.push(Target {
            what: "closed loop, 64 clients: events/s ÷ COPY into events".into(),
            value: format!("{:.2}", r64.vs_copy),
            target: format!("≥ {TARGET_CLOSED_RATIO}"),
            pass: r64.vs_copy >= TARGET_CLOSED_RATIO,
        });
        if let Some(r4) = find(Kind::Closed(4)) {
            t.push(Target {
                what: "closed loop: events/s with 64 clients ≥ with 4".into(),
                value: format!(
                    "{} vs {}",
                    thousands(r64.events_per_s),
                    thousands(r4.events_per_s)
                ),
                target: "64 ≥ 4".into(),
                pass: r64.events_per_s >= r4.events_per_s,
            });
        }
    }
    if let Some(o) = find(Kind::Open) {
        t.push(Target {
            what: format!(
                "open loop, {} events/s offered ({:.2} × COPY): p99",
                thousands(rate),
                rate / copy_events
            ),
            value: format!("{:.1} ms, {} errors", o.p99_ms, o.errors),
            target: format!("≤ {TARGET_OPEN_P99_MS:.0} ms, 0 errors"),
            pass: o.p99_ms <= TARGET_OPEN_P99_MS && o.errors == 0,
        });
    }
    for cache in [false, true] {
        if let Some(m) = find(Kind::Mixed { page_cache: cache }) {
            let pages = m.pages_p99_ms.unwrap_or(f64::NAN);
            t.push(Target {
                what: format!(
                    "mixed, page cache {}: ingest p99, page p99, errors",
                    if cache { "on" } else { "off" }
                ),
                value: format!("{:.1} ms, {:.1} ms, {}", m.p99_ms, pages, m.errors),
                target: format!("≤ {TARGET_MIXED_P99_MS:.0} ms, ≤ {TARGET_MIXED_P99_MS:.0} ms, 0"),
                pass: m.p99_ms <= TARGET_MIXED_P99_MS && pages <= TARGET_MIXED_P99_MS && m.errors == 0,
            });
        }
    }
    t
}

pub fn thousands(x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let s = format!("{:.0}", x);
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 && c != '-' {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn f1(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.1}")
    } else {
        "-".into()
    }
}

pub fn table(r: &Report) -> String {
    let mut s = String::new();
    let m = &r.machine;
    let _ = writeln!(s, "Meterdesk B6: live traffic");
    let _ = writeln!(s, "command : {}", r.command);
    let _ = writeln!(s, "{}", m.describe());
    let _ = writeln!(
        s,
        "          {}",
        r.postgres_settings
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let _ = writeln!(
        s,
        "code    : {} · started {} · took {:.0} s · ANALYZE after the warm-up · TRUNCATE{} before each phase",
        m.git,
        r.started_at,
        r.duration_s,
        if r.checkpoint_between_phases {
            " + CHECKPOINT"
        } else {
            " (CHECKPOINT not allowed)"
        }
    );
    let _ = writeln!(
        s,
        "load    : load average {} before building, {} before the run; other processes used {:.0} % of the CPU during the phases{}",
        r.load_before_build.as_deref().unwrap_or("-"),
        r.load_before_run,
        r.other_cpu_share * 100.0,
        if r.other_cpu_share > 0.10 {
            " (busy machine: noisy numbers)"
        } else {
            ""
        }
    );
    let _ = writeln!(s, "settings: {}", r.settings);
    let _ = writeln!(s, "data    : {}", r.shape.describe());
    let _ = writeln!(s);
    let rounds = r.copies.len();
    let _ = writeln!(
        s,
        "COPY baseline (same rows, {} per side, into this database's events with all its indexes; median of {rounds} rounds)",
        thousands(r.copies.first().map(|c| c.events.rows as f64).unwrap_or(0.0))
    );
    let copy_cpu = |ids: bool| {
        let per = |f: fn(&Cpu) -> f64| {
            median(
                &r.copies
                    .iter()
                    .map(|c| {
                        let side = if ids { &c.with_ids } else { &c.events };
                        f(&side.cpu) * 1e5 / side.rows.max(1) as f64
                    })
                    .collect::<Vec<_>>(),
            )
        };
        format!(
            "CPU s per 100,000 rows: postgres {:.2}, client {:.2}, other {:.2}",
            per(|c| c.postgres),
            per(|c| c.client),
            per(|c| c.other)
        )
    };
    let _ = writeln!(
        s,
        "    COPY events               {:>9} rows/s   the targets' denominator; {}",
        thousands(r.copy_events),
        copy_cpu(false)
    );
    let _ = writeln!(
        s,
        "    COPY event_ids + events   {:>9} rows/s   both tables an API event goes to, one transaction; {}",
        thousands(r.copy_with_ids),
        copy_cpu(true)
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Ingest (events/s acknowledged in the measured window; latency per request in ms: closed loop from the send,"
    );
    let _ = writeln!(
        s,
        "open loop and mixed from each batch's scheduled time; medians over rounds, max over all)"
    );
    let _ = writeln!(
        s,
        "    {:<22} {:>9} {:>6} {:>6} {:>8} {:>8} {:>8} {:>8} {:>7} {:>7}",
        "phase", "events/s", "×COPY", "×+ids", "p50", "p99", "p99.9", "max", "errors", "checks"
    );
    for row in &r.rows {
        let _ = writeln!(
            s,
            "    {:<22} {:>9} {:>6.2} {:>6.2} {:>8} {:>8} {:>8} {:>8} {:>7} {:>7}",
            row.name,
            thousands(row.events_per_s),
            row.vs_copy,
            row.vs_copy_with_ids,
            f1(row.p50_ms),
            f1(row.p99_ms),
            f1(row.p999_ms),
            f1(row.max_ms),
            row.errors,
            format!("{}/{}", row.checks_passed, row.rounds)
        );
    }
    let _ = writeln!(
        s,
        "    (×+ids: ÷ COPY event_ids + events; errors: failed requests, batches never sent (--give-up) and failed"
    );
    let _ = writeln!(
        s,
        "    page views, all rounds; checks: phases whose checks passed)"
    );
    let pages: Vec<&Row> = r.rows.iter().filter(|x| x.pages_p99_ms.is_some()).collect();
    if !pages.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "Pages during the mixed runs (signed in; each viewer opens its next page when the last one has loaded; ms)"
        );
        let _ = writeln!(
            s,
            "    {:<22} {:>8} {:>8} {:>8} {:>13} {:>13} {:>13}",
            "phase", "pages/s", "p50", "p99", "overview p99", "customers p99", "events p99"
        );
        for row in pages {
            let k = |i: usize| {
                row.pages_kinds_p99_ms
                    .get(i)
                    .map(|(_, v)| f1(*v))
                    .unwrap_or_default()
            };
            let _ = writeln!(
                s,
                "    {:<22} {:>8.0} {:>8} {:>8} {:>13} {:>13} {:>13}",
                row.name,
                row.pages_per_s.unwrap_or(f64::NAN),
                f1(row.pages_p50_ms.unwrap_or(f64::NAN)),
                f1(row.pages_p99_ms.unwrap_or(f64::NAN)),
                k(0),
                k(1),
                k(2)
            );
        }
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "CPU seconds per 100,000 events (from the phase's first request until the roller had emptied the queue; medians)"
    );
    let _ = writeln!(
        s,
        "    {:<22} {:>8} {:>10} {:>8} {:>8} {:>9} {:>10} {:>11} {:>10} {:>9}",
        "phase",
        "server",
        "postgres",
        "client",
        "other",
        "÷COPY pg",
        "drain s",
        "queue mean",
        "queue max",
        "start lag"
    );
    let copy_pg = median(
        &r.copies
            .iter()
            .map(|c| c.events.cpu.postgres * 1e5 / c.events.rows.max(1) as f64)
            .collect::<Vec<_>>(),
    );
    for row in &r.rows {
        let c = &row.cpu_per_100k;
        let _ = writeln!(
            s,
            "    {:<22} {:>8.2} {:>10.2} {:>8.2} {:>8.2} {:>9.2} {:>10.1} {:>11} {:>10} {:>9}",
            row.name,
            c.server,
            c.postgres,
            c.client,
            c.other,
            (c.server + c.postgres) / copy_pg,
            row.drain_s,
            thousands(row.samples.queue_mean_events()),
            thousands(row.samples.queue_max_events as f64),
            row.start_lag_p99_ms
                .map(|l| format!("{l:.1}"))
                .unwrap_or_else(|| "-".into())
        );
    }
    let _ = writeln!(
        s,
        "    (÷COPY pg: server + postgres CPU per event ÷ PostgreSQL's CPU per row of COPY into events — unlike the"
    );
    let _ = writeln!(
        s,
        "    ratios of rates it does not move with other processes' load; queue mean / max: events waiting for the"
    );
    let _ = writeln!(
        s,
        "    roller at once; start lag: p99 of how late a batch left after its"
    );
    let _ = writeln!(
        s,
        "    scheduled time, in ms — every connection busy, or this client short of CPU)"
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "Targets (issue 11)");
    if r.other_cpu_share > 0.10 {
        let _ = writeln!(
            s,
            "    (busy machine: COPY, on one connection, loses more to other processes than 64 clients do, so the"
        );
        let _ = writeln!(
            s,
            "    ratios to COPY read high; see ÷COPY pg above, which does not depend on it)"
        );
    }
    for t in &r.targets {
        let _ = writeln!(
            s,
            "    {:<4} {:<62} {:<24} target {}",
            if t.pass { "PASS" } else { "MISS" },
            t.what,
            t.value,
            t.target
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Checks (each phase: acknowledged = stored, once, by the phase's id prefix; rollups = a recount once the queue drained)"
    );
    for p in &r.phases {
        let _ = writeln!(
            s,
            "    {} round {} {:<22} {}",
            if p.check.pass { "PASS" } else { "FAIL" },
            p.round + 1,
            p.name,
            p.check.line()
        );
        for e in &p.check.examples {
            let _ = writeln!(s, "         {e}");
        }
    }
    let _ = writeln!(s);
    if r.phases
        .iter()
        .any(|p| matches!(p.kind, Kind::Open | Kind::Mixed { .. }))
    {
        let _ = writeln!(s, "{}", crate::stalls_section::section(&r.phases));
    }
    let _ = writeln!(
        s,
        "Where the backends were (pg_stat_activity every 100 ms: this database's client backends in a query or idle in a"
    );
    let _ = writeln!(
        s,
        "transaction — waiting for the server's next statement; mean backends per sample, all rounds)"
    );
    for row in &r.rows {
        let total: u64 = row.samples.histogram.iter().map(|w| w.samples).sum();
        let mut by_type: Vec<(String, u64)> = Vec::new();
        for w in &row.samples.histogram {
            let t = w.wait.split(':').next().unwrap_or("").to_string();
            match by_type.iter_mut().find(|(k, _)| *k == t) {
                Some((_, n)) => *n += w.samples,
                None => by_type.push((t, w.samples)),
            }
        }
        by_type.sort_by_key(|b| std::cmp::Reverse(b.1));
        let _ = writeln!(
            s,
            "    {} — {:.1} backends busy on average over {} samples; by type: {}",
            row.name,
            row.samples.mean_active(),
            row.samples.rounds,
            by_type
                .iter()
                .map(|(t, n)| format!("{t} {:.0}%", *n as f64 * 100.0 / total.max(1) as f64))
                .collect::<Vec<_>>()
                .join(", ")
        );
        for w in row.samples.histogram.iter().take(8) {
            let _ = writeln!(
                s,
                "      {:>5.2} {:>4.0}%  {:<34} {}",
                w.samples as f64 / row.samples.rounds.max(1) as f64,
                w.samples as f64 * 100.0 / total.max(1) as f64,
                w.wait,
                w.statement
            );
        }
    }
    s
}
