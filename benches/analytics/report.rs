//! The printed table and the JSON file.

use std::fmt::Write as _;

use serde::Serialize;

use crate::b4::{B4Result, TARGET_CHART_MS, TARGET_P50_MS, TARGET_RATIO};
use crate::b5::{B5Result, Kind, TARGET_P99_MS, TARGET_UNCACHED_P99_MS};
use crate::dataset::{LoadTimes, Spec, TableSize};
use crate::env::Machine;

#[derive(Debug, Serialize)]
pub struct Report {
    pub command: String,
    pub started_at: String,
    pub duration_s: f64,
    pub machine: Machine,
    /// PostgreSQL settings that matter here.
    pub postgres_settings: Vec<(String, String)>,
    pub settings: serde_json::Value,
    pub database: String,
    /// Whether this run loaded the data (else it reused a kept database).
    pub loaded_now: bool,
    pub dataset: Spec,
    pub load: LoadTimes,
    pub sizes: Vec<TableSize>,
    pub b4: Option<B4Result>,
    pub b5: Option<B5Result>,
}

impl Report {
    pub fn failures(&self) -> usize {
        self.b4.as_ref().map(B4Result::failures).unwrap_or(0)
            + self.b5.as_ref().map(B5Result::failures).unwrap_or(0)
    }
}

fn verdict(pass: bool) -> &'static str {
    if pass { "PASS" } else { "FAIL" }
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

fn size(b: i64) -> String {
    let b = b as f64;
    if b >= 1024.0 * 1024.0 * 1024.0 {
        format!("{:.2} GiB", b / (1024.0 * 1024.0 * 1024.0))
    } else if b >= 1024.0 * 1024.0 {
        format!("{:.0} MiB", b / (1024.0 * 1024.0))
    } else {
        format!("{:.0} KiB", b / 1024.0)
    }
}

pub fn table(r: &Report) -> String {
    let mut s = String::new();
    let m = &r.machine;
    let _ = writeln!(s, "Meterdesk analytics benchmarks (B4, B5)");
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
        "code    : {} · started {} · took {:.0} s",
        m.git, r.started_at, r.duration_s
    );
    let _ = writeln!(s, "settings: {}", r.settings);

    let d = &r.dataset;
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "DATA  {} events, {} customers (1 % of them get 20 % of the events), {} days up to {}, seed {}",
        thousands(d.events as f64),
        thousands(d.customers as f64),
        d.days,
        d.end.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        d.seed
    );
    let _ = writeln!(
        s,
        "      3 meters on llm.call: count (calls), sum of tokens, sum of tokens where model = large;"
    );
    let _ = writeln!(
        s,
        "      1 monthly product pricing all three; a subscription per customer, anchored at a random second"
    );
    let _ = writeln!(s, "      database {}", r.database);
    let l = &r.load;
    if r.loaded_now {
        let _ = writeln!(s, "LOAD  {:.0} s in all:", l.total_s);
    } else {
        let _ = writeln!(
            s,
            "LOAD  reused (--reuse-db); when it was loaded it took {:.0} s in all:",
            l.total_s
        );
    }
    let _ = writeln!(
        s,
        "      API setup (customers, meters, product, subscriptions) {:.1} s · drop events' indexes {:.1} s\n      COPY … FREEZE {:.1} s ({} rows/s) · re-create {} indexes/constraints {:.1} s\n      rollups of 3 meters (rollups::repo::rebuild) + activity counters, 2 at a time {:.1} s · VACUUM ANALYZE {:.1} s",
        l.api_setup_s,
        l.drop_indexes_s,
        l.copy_s,
        thousands(l.copy_rows_per_s),
        l.indexes,
        l.indexes_s,
        l.rollups_and_activity_s,
        l.vacuum_analyze_s
    );
    let _ = writeln!(
        s,
        "      ({})",
        l.jobs
            .iter()
            .map(|(w, t)| format!("{w} {t:.0} s"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        s,
        "      {:<18} {:>12} {:>10} {:>10} {:>10}",
        "table", "rows", "heap", "indexes", "total"
    );
    for t in &r.sizes {
        let _ = writeln!(
            s,
            "      {:<18} {:>12} {:>10} {:>10} {:>10}",
            t.table,
            thousands(t.rows as f64),
            size(t.heap_bytes),
            size(t.index_bytes),
            size(t.total_bytes)
        );
    }

    if let Some(b) = &r.b4 {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "B4  cycle usage of one subscription: GET /api/v1/subscriptions/{{id}}/usage?at=… vs the same reads in pgbench\n    {} cases ({} subscriptions × their first, complete cycle and their current one), picked at random;\n    raw = pgbench -M extended: 1 lookup of the case's parameters + the app's hourly and daily reads (all meters)\n    and raw-edge read (per event name): {} statements; app transactions per request: {}; lookup alone p50 {:.3} ms",
            b.cases,
            b.subscriptions,
            b.raw_statements_per_request,
            b.app_transactions_per_request
                .map(|x| format!("{x:.1}"))
                .unwrap_or_else(|| "not counted".into()),
            b.lookup_only_p50_ms
        );
        let _ = writeln!(
            s,
            "    checks: {} cases, app = raw statements = events (count, sum, filtered sum; period): {}",
            b.checks.cases_checked,
            if b.checks.mismatches.is_empty() {
                "PASS".to_string()
            } else {
                format!("FAIL ({} mismatches)", b.checks.mismatches.len())
            }
        );
        let _ = writeln!(
            s,
            "    {:>7} {:>8} {:>22} {:>22} {:>9} {:>9} {:>9}",
            "clients", "requests", "app p50/p95/p99 ms", "raw p50/p95/p99 ms", "app/raw", "≤1.5×", "p50≤2ms"
        );
        for u in &b.usage {
            let _ = writeln!(
                s,
                "    {:>7} {:>8} {:>22} {:>22} {:>8.2}× {:>9} {:>9}",
                u.clients,
                u.requests_per_round * u.app.round_p50_ms.len(),
                format!(
                    "{:.2} / {:.2} / {:.2}",
                    u.app.latency.p50_ms, u.app.latency.p95_ms, u.app.latency.p99_ms
                ),
                format!(
                    "{:.2} / {:.2} / {:.2}",
                    u.raw.latency.p50_ms, u.raw.latency.p95_ms, u.raw.latency.p99_ms
                ),
                u.ratio_p50,
                verdict(u.ratio_pass),
                verdict(u.p50_pass)
            );
        }
        let _ = writeln!(
            s,
            "    targets: app p50 ≤ {TARGET_RATIO} × raw p50 and app p50 ≤ {TARGET_P50_MS} ms (latency on the client, loopback; all rounds' samples)"
        );
        let _ = writeln!(
            s,
            "    per round (A/B order alternated) app/raw p50 ratios: {}",
            b.usage
                .iter()
                .map(|u| format!(
                    "{} client(s): {}",
                    u.clients,
                    u.round_ratios
                        .iter()
                        .map(|x| format!("{x:.2}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                .collect::<Vec<_>>()
                .join("; ")
        );
        let _ = writeln!(
            s,
            "    CPU ms per request (app: server + postgres + this client; raw: postgres + pgbench) and throughput:"
        );
        for u in &b.usage {
            let (a, w) = (&u.app.cpu_ms_per_request, &u.raw.cpu_ms_per_request);
            let _ = writeln!(
                s,
                "    {:>7}  app {:.3} + {:.3} + {:.3} = {:.3} ms ({} req/s)   raw {:.3} + {:.3} = {:.3} ms ({} req/s)",
                u.clients,
                a.server,
                a.postgres,
                a.client,
                a.server + a.postgres + a.client,
                thousands(u.app.requests_per_s),
                w.postgres,
                w.client,
                w.postgres + w.client,
                thousands(u.raw.requests_per_s)
            );
        }
        let _ = writeln!(
            s,
            "    overview chart, sequential requests; server = the access log's ms= (whole ms, truncated), client = loopback:"
        );
        let _ = writeln!(
            s,
            "    {:<30} {:>16} {:>20} {:>20} {:>9} {:>6}",
            "", "charges cache", "server p50/p95/p99", "client p50/p95/p99", "page", "result"
        );
        for c in &b.chart {
            let _ = writeln!(
                s,
                "    {:<30} {:>16} {:>20} {:>20} {:>9} {:>6}",
                c.what,
                if c.charges_cache == "warm" {
                    "warm"
                } else {
                    "off (0 s)"
                },
                format!(
                    "{:.0} / {:.0} / {:.0} ms",
                    c.server.p50_ms, c.server.p95_ms, c.server.p99_ms
                ),
                format!(
                    "{:.1} / {:.1} / {:.1} ms",
                    c.client.p50_ms, c.client.p95_ms, c.client.p99_ms
                ),
                size(c.page_bytes as i64),
                c.pass.map(verdict).unwrap_or("-")
            );
        }
        let _ = writeln!(
            s,
            "    target: server time p50 ≤ {TARGET_CHART_MS} ms, every view computing its figures and chart (page cache off), the\n    charges figure cached (ms=14 reads as < 15 ms); the cache-off row is what a view costs when the 30 s charges cache\n    has expired too (every subscription's current cycle)"
        );
    }
    if let Some(b) = &r.b5 {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "B5  pages under wrk: {} connections, {} threads, {} s per page after {} s warm-up, session cookie{}; closed loop:\n    mean latency ≈ {} / req/s, so p99 ≤ {TARGET_P99_MS} ms needs roughly ≥ {} req/s",
            b.connections,
            b.threads,
            b.duration_s,
            b.warmup_s,
            if b.accept_encoding_gzip {
                ", Accept-Encoding: gzip (as a browser)"
            } else {
                ""
            },
            b.connections,
            thousands(b.connections as f64 / (TARGET_P99_MS / 1000.0))
        );
        let _ = writeln!(
            s,
            "    {:<15} {:>9} {:>8} {:>8} {:>8} {:>8} {:>7} {:>17} {:>15} {:>6}",
            "page",
            "req/s",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "max ms",
            "errors",
            "CPU srv/pg/wrk",
            "ms/req srv/pg",
            "result"
        );
        for w in &b.rows {
            let errors = w.wrk.connect + w.wrk.read + w.wrk.write + w.wrk.status + w.wrk.timeout;
            let _ = writeln!(
                s,
                "    {:<15} {:>9} {:>8.2} {:>8.2} {:>8.2} {:>8.1} {:>7} {:>17} {:>15} {:>6}",
                w.name,
                thousands(w.requests_per_s),
                w.p50_ms,
                w.p90_ms,
                w.p99_ms,
                w.max_ms,
                errors,
                format!(
                    "{:.0}/{:.0}/{:.0} %",
                    w.server_cpu_share * 100.0,
                    w.postgres_cpu_share * 100.0,
                    w.wrk_cpu_share * 100.0
                ),
                format!(
                    "{:.2}/{:.2}",
                    w.server_cpu_ms_per_request, w.postgres_cpu_ms_per_request
                ),
                match (w.kind, w.pass) {
                    (Kind::Baseline, _) => "base",
                    (_, Some(p)) => verdict(p),
                    _ => "-",
                }
            );
        }
        let _ = writeln!(
            s,
            "    target: p99 ≤ {TARGET_P99_MS} ms per page ({TARGET_UNCACHED_P99_MS} ms with the page cache off), no errors. CPU: shares of the whole machine ({} cores) while measured.",
            r.machine.cores
        );
        for w in &b.rows {
            let _ = writeln!(
                s,
                "    {:<15} {} (page {})",
                w.name,
                w.note,
                size(w.page_bytes as i64)
            );
        }
        let drained: Vec<String> = b
            .rows
            .iter()
            .filter(|w| w.drain_s >= 1.0)
            .map(|w| format!("{} {:.0} s", w.name, w.drain_s))
            .collect();
        if !drained.is_empty() {
            let _ = writeln!(
                s,
                "    the database was still busy after wrk stopped (requests wrk abandoned kept running): {}",
                drained.join(", ")
            );
        }
    }
    s
}
