//! B5: the overview, customers and events pages under 64 concurrent connections with `wrk`,
//! against trivial pages of the same server under the same load (a static asset: the framework
//! alone; `/healthz`: the framework plus one pooled database round trip).

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, anyhow, bail, ensure};
use chrono::Duration;
use diesel::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use serde::{Deserialize, Serialize};

use crate::data::customer_id;
use crate::dataset::Meta;
use crate::env::{Cpu, CpuSnap, Server, scalar};
use crate::web::{self, children_cpu};

pub const TARGET_P99_MS: f64 = 50.0;
/// Issue 11: the overview and the customers table with the page cache off (what operators see
/// while events keep arriving, since every write makes the cache stale).
pub const TARGET_UNCACHED_P99_MS: f64 = 100.0;

#[derive(Debug, Clone)]
pub struct Opts {
    pub connections: usize,
    pub threads: usize,
    pub duration_s: u64,
    pub warmup_s: u64,
    pub gzip: bool,
    pub seed: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Baseline,
    Page,
}

#[derive(Debug, Clone)]
pub struct Target {
    pub name: &'static str,
    pub kind: Kind,
    /// Served by the server whose page cache is off (METERDESK_PAGE_CACHE_SECONDS=0).
    pub uncached: bool,
    pub note: String,
    pub paths: Vec<String>,
}

/// What wrk's `done()` reports (latencies in µs).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct WrkSummary {
    pub requests: u64,
    pub duration_us: u64,
    pub bytes: u64,
    pub connect: u64,
    pub read: u64,
    pub write: u64,
    pub status: u64,
    pub timeout: u64,
    pub p50: f64,
    pub p75: f64,
    pub p90: f64,
    pub p99: f64,
    pub p999: f64,
    pub mean: f64,
    pub max: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct WrkRow {
    pub name: String,
    pub kind: Kind,
    pub note: String,
    pub paths: Vec<String>,
    /// Uncompressed page size (mean over the paths), bytes.
    pub page_bytes: usize,
    pub requests_per_s: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
    pub max_ms: f64,
    pub mean_ms: f64,
    pub wrk: WrkSummary,
    /// CPU seconds during the measured run (server, PostgreSQL, this program, other); wrk's own
    /// is `wrk_cpu_s`.
    pub cpu: Cpu,
    pub wrk_cpu_s: f64,
    /// Shares of the machine's CPU (all cores) during the run.
    pub server_cpu_share: f64,
    pub postgres_cpu_share: f64,
    pub wrk_cpu_share: f64,
    pub server_cpu_ms_per_request: f64,
    pub postgres_cpu_ms_per_request: f64,
    pub pass: Option<bool>,
    /// How long the database stayed busy after wrk stopped (requests still running), s.
    pub drain_s: f64,
    pub gzip: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct B5Result {
    pub connections: usize,
    pub threads: usize,
    pub duration_s: u64,
    pub warmup_s: u64,
    pub accept_encoding_gzip: bool,
    pub rows: Vec<WrkRow>,
}

impl B5Result {
    pub fn failures(&self) -> usize {
        self.rows.iter().filter(|r| r.pass == Some(false)).count()
    }
}

#[derive(QueryableByName)]
struct Pair {
    #[diesel(sql_type = Text)]
    a: String,
    #[diesel(sql_type = Text)]
    b: String,
}

/// The server as configured by default, and the same with its page cache off.
#[derive(Clone, Copy)]
pub struct Servers<'a> {
    pub cached: &'a Server,
    pub uncached: &'a Server,
}

/// The pages and their URL mixes.
pub fn targets(conn: &mut PgConnection, meta: &Meta) -> Result<Vec<Target>> {
    let subs: Vec<Pair> =
        diesel::sql_query("SELECT customer_id AS a, id AS b FROM subscriptions ORDER BY customer_id, id")
            .load(conn)?;
    // Every page of the customers table (50 subscriptions each), by its keyset cursor.
    let mut customers = vec!["/analytics/customers".to_string()];
    for s in subs.iter().skip(49).step_by(50) {
        if subs.last().is_some_and(|l| l.a == s.a && l.b == s.b) {
            break;
        }
        customers.push(format!("/analytics/customers?after={}~{}", s.a, s.b));
    }
    let mut events = vec![
        "/analytics/events".to_string(),
        format!("/analytics/events?meter={}", meta.meters.filtered),
    ];
    let n = meta.spec.customers;
    for c in [0, 1, n / 7, n / 3, n / 2, 2 * n / 3, n - 1] {
        events.push(format!(
            "/analytics/events?customer={}",
            customer_id(c.min(n - 1))
        ));
    }
    // Deeper pages: the keyset cursor (timestamp µs, seq) of a day in the past.
    let days = meta.spec.days.floor().max(1.0) as i64;
    for d in [1, days / 8, days / 4, days / 2, 3 * days / 4, days - 1] {
        let t = meta.spec.end - Duration::days(d.max(1));
        events.push(format!(
            "/analytics/events?after={}.{}",
            t.timestamp_micros(),
            i64::MAX
        ));
    }
    let overview = vec![
        "/analytics".to_string(),
        "/analytics?range=90d&granularity=day".to_string(),
        "/analytics?range=12m&granularity=month".to_string(),
        "/analytics?range=7d".to_string(),
    ];
    Ok(vec![
        Target {
            uncached: false,
            name: "static asset",
            kind: Kind::Baseline,
            note: "/static/css/app.css: the framework alone (middleware, no database), gzip as every row".into(),
            paths: vec!["/static/css/app.css".into()],
        },
        Target {
            uncached: false,
            name: "static, no gzip",
            kind: Kind::Baseline,
            note: "the same asset without Accept-Encoding: gzip (one write per response, not a compressed stream)"
                .into(),
            paths: vec!["/static/css/app.css".into()],
        },
        Target {
            uncached: false,
            name: "/healthz",
            kind: Kind::Baseline,
            note: "the framework + one pooled database round trip (SELECT 1)".into(),
            paths: vec!["/healthz".into()],
        },
        Target {
            uncached: false,
            name: "overview",
            kind: Kind::Page,
            note:
                "/analytics: default (30 d), 90 d daily, 12 m monthly, 7 d; charges cached 30 s, figures and chart until the next write or 5 s (the defaults)"
                    .into(),
            paths: overview.clone(),
        },
        Target {
            uncached: false,
            name: "customers",
            kind: Kind::Page,
            note: format!(
                "/analytics/customers: all {} pages of 50 subscriptions × 3 meters, current cycles; lines reused until the next write or 5 s",
                customers.len()
            ),
            paths: customers.clone(),
        },
        Target {
            uncached: false,
            name: "events",
            kind: Kind::Page,
            note: "/analytics/events: first page, by meter, by customer (7), deep keyset pages (6)".into(),
            paths: events,
        },
        Target {
            uncached: true,
            name: "overview, page cache off",
            kind: Kind::Page,
            note: "the same paths on a server with METERDESK_PAGE_CACHE_SECONDS=0: every view computes its figures and chart".into(),
            paths: overview,
        },
        Target {
            uncached: true,
            name: "customers, page cache off",
            kind: Kind::Page,
            note: "the same paths on a server with METERDESK_PAGE_CACHE_SECONDS=0: every view computes its lines".into(),
            paths: customers,
        },
    ])
}

fn lua(paths: &[String], seed: u64) -> String {
    let list = paths
        .iter()
        .map(|p| format!("{:?}", p))
        .collect::<Vec<_>>()
        .join(",\n  ");
    format!(
        r#"-- generated by benches/analytics/b5.rs: a random path of the list per request
local paths = {{
  {list}
}}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
local reqs = {{}}
function init(args)
  for i, p in ipairs(paths) do
    reqs[i] = wrk.format("GET", p)
  end
  math.randomseed({seed} + (id or 0) * 7919)
end
function request()
  return reqs[math.random(#reqs)]
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK_JSON {{\"requests\":%d,\"duration_us\":%d,\"bytes\":%d,\"connect\":%d,\"read\":%d,\"write\":%d,\"status\":%d,\"timeout\":%d,\"p50\":%d,\"p75\":%d,\"p90\":%d,\"p99\":%d,\"p999\":%d,\"mean\":%f,\"max\":%d}}\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(75), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.mean, latency.max))
end
"#
    )
}

fn wrk(
    base: &str,
    script: &Path,
    o: &Opts,
    gzip: bool,
    seconds: u64,
    session: &str,
    out_log: &Path,
) -> Result<WrkSummary> {
    let mut c = Command::new("wrk");
    c.arg(format!("--threads={}", o.threads))
        .arg(format!("--connections={}", o.connections))
        .arg(format!("--duration={seconds}s"))
        .arg("--timeout=30s")
        .arg("--latency")
        .arg("--script")
        .arg(script)
        .arg("--header")
        .arg(format!("Cookie: md_session={session}"));
    if gzip {
        c.arg("--header").arg("Accept-Encoding: gzip");
    }
    let out = c
        .arg(format!("{base}/"))
        .output()
        .context("starting wrk (apt install wrk)")?;
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let _ = std::fs::write(
        out_log,
        format!("{stdout}{}", String::from_utf8_lossy(&out.stderr)),
    );
    if !out.status.success() {
        bail!(
            "wrk failed ({}): {stdout}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("WRK_JSON "))
        .ok_or_else(|| anyhow!("wrk printed no summary: {stdout}"))?;
    serde_json::from_str(line).with_context(|| format!("reading wrk's summary {line}"))
}

pub async fn run(
    servers: Servers<'_>,
    http: &reqwest::Client,
    session: &str,
    conn: &mut PgConnection,
    targets: &[Target],
    dir: &Path,
    o: &Opts,
) -> Result<B5Result> {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1) as f64;
    let mut rows = Vec::new();
    for (ti, t) in targets.iter().enumerate() {
        let server = if t.uncached {
            servers.uncached
        } else {
            servers.cached
        };
        // Every path answers 200 to this session (a redirect to /login would look fast).
        let mut bytes = 0;
        for p in &t.paths {
            let (status, n) = web::get_page(http, &format!("{}{p}", server.base), session).await?;
            ensure!(status == 200, "GET {p}: HTTP {status}");
            bytes += n;
        }
        let script = dir.join(format!("b5_{ti}.lua"));
        std::fs::write(&script, lua(&t.paths, o.seed))?;
        eprintln!(
            "B5: {} ({} path(s)): {} s warm-up, {} s measured, {} connections",
            t.name,
            t.paths.len(),
            o.warmup_s,
            o.duration_s,
            o.connections
        );
        let gzip = o.gzip && t.name != "static, no gzip";
        if o.warmup_s > 0 {
            wrk(
                &server.base,
                &script,
                o,
                gzip,
                o.warmup_s,
                session,
                &dir.join(format!("b5_{ti}_warmup.txt")),
            )?;
            wait_idle(conn).await?;
        }
        let before = CpuSnap::take(server.pid(), conn);
        let child_before = children_cpu();
        let s = wrk(
            &server.base,
            &script,
            o,
            gzip,
            o.duration_s,
            session,
            &dir.join(format!("b5_{ti}.txt")),
        )?;
        let wrk_cpu = children_cpu() - child_before;
        let cpu = CpuSnap::take(server.pid(), conn).since(&before);
        // Requests wrk gave up on (closed connections) may still be running on the server.
        let drain_s = wait_idle(conn).await?;
        let secs = s.duration_us as f64 / 1e6;
        let rps = s.requests as f64 / secs.max(1e-9);
        let ms = |us: f64| us / 1000.0;
        let errors = s.connect + s.read + s.write + s.status + s.timeout;
        let row = WrkRow {
            name: t.name.to_string(),
            kind: t.kind,
            note: t.note.clone(),
            paths: t.paths.clone(),
            page_bytes: bytes / t.paths.len().max(1),
            requests_per_s: rps,
            p50_ms: ms(s.p50),
            p90_ms: ms(s.p90),
            p99_ms: ms(s.p99),
            p999_ms: ms(s.p999),
            max_ms: ms(s.max),
            mean_ms: ms(s.mean),
            cpu,
            wrk_cpu_s: (wrk_cpu * 100.0).round() / 100.0,
            server_cpu_share: cpu.server / (secs * cores),
            postgres_cpu_share: cpu.postgres / (secs * cores),
            wrk_cpu_share: wrk_cpu / (secs * cores),
            server_cpu_ms_per_request: cpu.server * 1000.0 / s.requests.max(1) as f64,
            postgres_cpu_ms_per_request: cpu.postgres * 1000.0 / s.requests.max(1) as f64,
            pass: (t.kind == Kind::Page).then(|| {
                let target = if t.uncached {
                    TARGET_UNCACHED_P99_MS
                } else {
                    TARGET_P99_MS
                };
                s.requests > 0 && ms(s.p99) <= target && errors == 0
            }),
            drain_s,
            gzip,
            wrk: s,
        };
        eprintln!(
            "  {:.0} req/s, p50 {:.1} ms, p99 {:.1} ms, errors {errors}",
            row.requests_per_s, row.p50_ms, row.p99_ms
        );
        rows.push(row);
    }
    Ok(B5Result {
        connections: o.connections,
        threads: o.threads,
        duration_s: o.duration_s,
        warmup_s: o.warmup_s,
        accept_encoding_gzip: o.gzip,
        rows,
    })
}

/// Waits until no query of this database is running (up to 10 minutes); returns how long.
async fn wait_idle(conn: &mut PgConnection) -> Result<f64> {
    let started = std::time::Instant::now();
    let mut quiet = 0;
    loop {
        let busy = scalar(
            conn,
            "SELECT count(*)::int8 AS n FROM pg_stat_activity
             WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()
               AND backend_type = 'client backend'",
        )?;
        quiet = if busy == 0 { quiet + 1 } else { 0 };
        if quiet >= 3 {
            return Ok((started.elapsed().as_secs_f64() - 0.4).max(0.0));
        }
        if started.elapsed() > std::time::Duration::from_secs(600) {
            bail!("the database is still busy 10 minutes after wrk stopped");
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}
