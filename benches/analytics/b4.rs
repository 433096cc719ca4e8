//! B4: one subscription's cycle usage through the app (`GET /api/v1/subscriptions/{id}/usage`)
//! against the same reads as raw SQL run by pgbench, sequentially and with a little
//! concurrency, in rounds whose A/B order alternates; and the 90-day daily chart of the
//! overview, timed by the server's access log (and on the client, over loopback).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail, ensure};
use diesel::PgConnection;
use rust_decimal::Decimal;
use serde::Serialize;
use std::str::FromStr;

use crate::cycles::{self, Case, MeterList};
use crate::data::Rng;
use crate::dataset::Meta;
use crate::env::{Binary, Cpu, CpuSnap, Server, scalar};
use crate::web::{self, Latency, children_cpu};

pub const TARGET_RATIO: f64 = 1.5;
pub const TARGET_P50_MS: f64 = 2.0;
pub const TARGET_CHART_MS: f64 = 15.0;

#[derive(Debug, Clone)]
pub struct Opts {
    pub rounds: usize,
    pub requests: usize,
    pub clients: Vec<usize>,
    pub chart_requests: usize,
    pub checks: usize,
    pub seed: u64,
    pub count_statements: bool,
}

/// The app's side and the raw side of one row.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub latency: Latency,
    /// Each round's p50, ms.
    pub round_p50_ms: Vec<f64>,
    pub requests_per_s: f64,
    /// CPU ms per request: server (app side only), PostgreSQL, client (this program or pgbench).
    pub cpu_ms_per_request: Cpu,
}

#[derive(Debug, Clone, Serialize)]
pub struct UsageRow {
    pub clients: usize,
    pub requests_per_round: usize,
    pub app: Side,
    pub raw: Side,
    /// App p50 ÷ raw p50, per round (adjacent A/B pair).
    pub round_ratios: Vec<f64>,
    /// App p50 ÷ raw p50 over all rounds' samples.
    pub ratio_p50: f64,
    pub ratio_pass: bool,
    pub p50_pass: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartRow {
    pub what: String,
    pub path: String,
    /// Measured on the client, over loopback (includes HTTP and the page's transfer).
    pub client: Latency,
    /// The server's own time from its access log (whole ms, truncated).
    pub server: Latency,
    pub page_bytes: usize,
    pub charges_cache: String,
    pub pass: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Checks {
    pub cases_checked: usize,
    pub mismatches: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct B4Result {
    pub cases: usize,
    pub subscriptions: usize,
    pub script: String,
    pub checks: Checks,
    /// Database transactions the app runs per usage request (pg_stat_database.xact_commit;
    /// every statement outside a transaction is one).
    pub app_transactions_per_request: Option<f64>,
    /// The raw side: the case lookup plus the statements.
    pub raw_statements_per_request: usize,
    /// pgbench p50 of the case lookup alone, ms (part of the raw side's time).
    pub lookup_only_p50_ms: f64,
    pub usage: Vec<UsageRow>,
    pub chart: Vec<ChartRow>,
}

impl B4Result {
    pub fn failures(&self) -> usize {
        self.usage
            .iter()
            .map(|r| usize::from(!r.ratio_pass) + usize::from(!r.p50_pass))
            .sum::<usize>()
            + self.chart.iter().filter(|c| c.pass == Some(false)).count()
            + usize::from(!self.checks.mismatches.is_empty())
    }
}

pub struct Ctx<'a> {
    pub http: reqwest::Client,
    pub server: &'a Server,
    /// The same server with METERDESK_PAGE_CACHE_SECONDS=0: every view computes its page.
    pub uncached: &'a Server,
    pub binary: &'a Binary,
    /// Extra environment of the server (`--server-env`), for the second server too.
    pub server_env: &'a [(&'a str, &'a str)],
    pub key: String,
    pub session: String,
    pub db_url: String,
    pub conn: &'a mut PgConnection,
    pub meta: &'a Meta,
    pub meters: MeterList,
    pub dir: PathBuf,
}

pub async fn run(cx: &mut Ctx<'_>, o: &Opts) -> Result<B4Result> {
    let cases = cycles::cases(cx.conn, cx.meta)?;
    cycles::store(cx.conn, &cases, &cx.meters)?;
    let script = cx.dir.join("b4_raw.sql");
    std::fs::write(&script, cycles::pgbench_script(cases.len(), &cx.meters))?;
    let lookup = cx.dir.join("b4_lookup.sql");
    std::fs::write(&lookup, cycles::lookup_script(cases.len(), &cx.meters))?;
    let subscriptions = cases
        .iter()
        .map(|c| c.subscription.as_str())
        .collect::<std::collections::HashSet<_>>()
        .len();
    eprintln!(
        "B4: {} cases ({subscriptions} subscriptions × past and current cycle); pgbench script {}",
        cases.len(),
        script.display()
    );

    let checks = check(cx, &cases, o).await?;
    if !checks.mismatches.is_empty() {
        for m in &checks.mismatches {
            eprintln!("  MISMATCH {m}");
        }
    } else {
        eprintln!(
            "  checks: app = raw statements = events for {} cases",
            checks.cases_checked
        );
    }

    let mut rng = Rng::new(o.seed ^ 0xB4);
    let order: Vec<usize> = (0..o.requests.max(1) * 4)
        .map(|_| rng.below(cases.len() as u64) as usize)
        .collect();
    let order = Arc::new(order);
    let urls = Arc::new(
        cases
            .iter()
            .map(|c| format!("{}{}", cx.server.base, c.path()))
            .collect::<Vec<_>>(),
    );

    eprintln!("B4: warming up both sides");
    let warm = o.requests.clamp(50, 500);
    app_side(cx, &urls, &order, warm, 1).await?;
    pgbench(&cx.db_url, &script, 1, warm, &cx.dir.join("pgbench_warm"), o.seed)?;
    let app_transactions_per_request = if o.count_statements {
        Some(count_transactions(cx, &urls, &order).await?)
    } else {
        None
    };
    let (lookup_lat, _) = pgbench(
        &cx.db_url,
        &lookup,
        1,
        o.requests.min(2000),
        &cx.dir.join("pgbench_lookup"),
        o.seed,
    )?;
    let lookup_only_p50_ms = Latency::of(&lookup_lat).p50_ms;

    let mut usage = Vec::new();
    for &clients in &o.clients {
        let n = o.requests.div_ceil(clients) * clients;
        let (mut app_all, mut raw_all) = (Vec::new(), Vec::new());
        let (mut app_p50, mut raw_p50, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        let (mut app_cpu, mut raw_cpu) = (Cpu::default(), Cpu::default());
        let (mut app_wall, mut raw_wall) = (0.0, 0.0);
        for round in 0..o.rounds {
            let mut pair = [f64::NAN; 2];
            let sides: [bool; 2] = if round % 2 == 0 {
                [true, false]
            } else {
                [false, true]
            };
            for is_app in sides {
                let before = CpuSnap::take(cx.server.pid(), cx.conn);
                let child_before = children_cpu();
                let (lat, wall) = if is_app {
                    app_side(cx, &urls, &order, n, clients).await?
                } else {
                    let prefix = cx.dir.join(format!("pgbench_c{clients}_r{round}"));
                    pgbench(
                        &cx.db_url,
                        &script,
                        clients,
                        n / clients,
                        &prefix,
                        o.seed + round as u64,
                    )?
                };
                let mut cpu = CpuSnap::take(cx.server.pid(), cx.conn).since(&before);
                let p50 = Latency::of(&lat).p50_ms;
                if is_app {
                    add(&mut app_cpu, &cpu);
                    app_all.extend(lat);
                    app_p50.push(p50);
                    app_wall += wall.as_secs_f64();
                    pair[0] = p50;
                } else {
                    // pgbench is a child process: its CPU is this program's children's. Its
                    // backends come and go within the side, so their CPU shows up as the
                    // machine's "other" (the machine is otherwise idle): count it as PostgreSQL's.
                    cpu.client = children_cpu() - child_before;
                    cpu.postgres += (cpu.other - cpu.client).max(0.0);
                    cpu.other = 0.0;
                    cpu.server = 0.0;
                    add(&mut raw_cpu, &cpu);
                    raw_all.extend(lat);
                    raw_p50.push(p50);
                    raw_wall += wall.as_secs_f64();
                    pair[1] = p50;
                }
                eprintln!(
                    "  clients {clients} round {} {}: p50 {p50:.3} ms",
                    round + 1,
                    if is_app { "app" } else { "raw" }
                );
            }
            ratios.push(pair[0] / pair[1]);
        }
        let total = (n * o.rounds) as f64;
        let per_req = |c: &Cpu| Cpu {
            server: round3(c.server * 1000.0 / total),
            postgres: round3(c.postgres * 1000.0 / total),
            client: round3(c.client * 1000.0 / total),
            other: round3(c.other * 1000.0 / total),
        };
        let app = Side {
            latency: Latency::of(&app_all),
            round_p50_ms: app_p50,
            requests_per_s: total / app_wall.max(1e-9),
            cpu_ms_per_request: per_req(&app_cpu),
        };
        let raw = Side {
            latency: Latency::of(&raw_all),
            round_p50_ms: raw_p50,
            requests_per_s: total / raw_wall.max(1e-9),
            cpu_ms_per_request: per_req(&raw_cpu),
        };
        let ratio_p50 = app.latency.p50_ms / raw.latency.p50_ms;
        usage.push(UsageRow {
            clients,
            requests_per_round: n,
            ratio_pass: ratio_p50 <= TARGET_RATIO,
            p50_pass: app.latency.p50_ms <= TARGET_P50_MS,
            app,
            raw,
            round_ratios: ratios,
            ratio_p50,
        });
    }

    let chart = charts(cx, o).await?;
    Ok(B4Result {
        cases: cases.len(),
        subscriptions,
        script: script.display().to_string(),
        checks,
        app_transactions_per_request,
        raw_statements_per_request: 1 + cycles::statements(&cx.meters).len(),
        lookup_only_p50_ms,
        usage,
        chart,
    })
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn add(a: &mut Cpu, b: &Cpu) {
    a.server += b.server;
    a.postgres += b.postgres;
    a.client += b.client;
    a.other += b.other;
}

/// Compares, for sample cases (heavy and ordinary customers, both kinds of cycle), what the app
/// answers, what the raw side's statements read, and what the events say.
async fn check(cx: &mut Ctx<'_>, cases: &[Case], o: &Opts) -> Result<Checks> {
    let mut picks: Vec<usize> = Vec::new();
    // The first customers are the heavy ones; then spread over the rest.
    let step = (cases.len() / o.checks.max(1)).max(1);
    for i in (0..cases.len()).step_by(step).take(o.checks) {
        picks.push(i);
    }
    picks.extend([0, 1].into_iter().filter(|i| *i < cases.len()));
    picks.sort_unstable();
    picks.dedup();
    let mut mismatches = Vec::new();
    for &i in &picks {
        let c = &cases[i];
        let url = format!("{}{}", cx.server.base, c.path());
        let r = cx.http.get(&url).bearer_auth(&cx.key).send().await?;
        let status = r.status();
        let v: serde_json::Value = r.json().await.context("usage response is not JSON")?;
        ensure!(status.is_success(), "GET {url}: HTTP {status} {v}");
        let truth = cycles::from_events(cx.conn, c, &cx.meters[0].1.row.event_name)?;
        let raw = cycles::run_raw(cx.conn, c, &cx.meters)?;
        let period = (
            v["period_start"].as_str().unwrap_or(""),
            v["period_end"].as_str().unwrap_or(""),
        );
        let want = (
            meterdesk::metering::rfc3339(c.period.0),
            meterdesk::metering::rfc3339(c.period.1),
        );
        if period.0 != want.0 || period.1 != want.1 {
            mismatches.push(format!(
                "case {} ({}): app period {period:?}, expected {want:?}",
                c.k, c.subscription
            ));
        }
        for (j, (kind, meter)) in cx.meters.iter().enumerate() {
            let line = v["meters"]
                .as_array()
                .and_then(|a| a.iter().find(|l| l["meter_id"] == meter.row.id.as_str()));
            let app = line
                .and_then(|l| l["consumed"].as_str())
                .and_then(|s| Decimal::from_str(&s.replace(',', "")).ok());
            let t = truth[j];
            if app.map(|a| a.normalize()) != Some(t.normalize()) || raw[j].normalize() != t.normalize() {
                mismatches.push(format!(
                    "case {} ({} {}, {kind}): app {app:?}, raw statements {}, events {t}",
                    c.k, c.customer, c.kind, raw[j]
                ));
            }
        }
    }
    Ok(Checks {
        cases_checked: picks.len(),
        mismatches,
    })
}

/// `n` requests for cases in `order`, from `clients` concurrent clients: latencies (ms), wall.
async fn app_side(
    cx: &Ctx<'_>,
    urls: &Arc<Vec<String>>,
    order: &Arc<Vec<usize>>,
    n: usize,
    clients: usize,
) -> Result<(Vec<f64>, Duration)> {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients.max(1) {
        let (http, key, urls, order, next) = (
            cx.http.clone(),
            cx.key.clone(),
            urls.clone(),
            order.clone(),
            next.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    return Ok::<_, anyhow::Error>(lat);
                }
                let url = &urls[order[i % order.len()]];
                let t = Instant::now();
                let r = http.get(url).bearer_auth(&key).send().await?;
                let status = r.status();
                let body = r.bytes().await?;
                lat.push(t.elapsed().as_secs_f64() * 1000.0);
                if !status.is_success() {
                    bail!(
                        "GET {url}: HTTP {status} {}",
                        String::from_utf8_lossy(&body[..body.len().min(300)])
                    );
                }
            }
        }));
    }
    let mut all = Vec::with_capacity(n);
    for t in tasks {
        all.extend(t.await??);
    }
    Ok((all, started.elapsed()))
}

/// Runs pgbench (`-M extended`: unnamed statements, parsed and planned each time, as diesel's
/// `sql_query`); returns every transaction's latency (ms, from its per-transaction log) and the
/// wall time.
fn pgbench(
    url: &str,
    script: &Path,
    clients: usize,
    per_client: usize,
    prefix: &Path,
    seed: u64,
) -> Result<(Vec<f64>, Duration)> {
    let dir = prefix.parent().unwrap_or(Path::new("."));
    let stem = prefix
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or("pgbench")
        .to_string();
    remove_logs(dir, &stem);
    let started = Instant::now();
    let out = Command::new("pgbench")
        .args(["-n", "-M", "extended", "-l"])
        .arg(format!("--log-prefix={}", prefix.display()))
        .arg(format!("--random-seed={seed}"))
        .arg(format!("--client={clients}"))
        .arg(format!("--jobs={}", clients.clamp(1, 2)))
        .arg(format!("--transactions={}", per_client.max(1)))
        .arg("-f")
        .arg(script)
        .arg(url)
        .output()
        .context("starting pgbench (install postgresql-contrib or the server package)")?;
    let wall = started.elapsed();
    if !out.status.success() {
        bail!(
            "pgbench failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut lat = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|s| s.to_str()).unwrap_or("");
        if !name.starts_with(&format!("{stem}.")) {
            continue;
        }
        let text = std::fs::read_to_string(&path)?;
        for line in text.lines() {
            // client_id transaction_no time_us script_no time_epoch time_us
            let us: f64 = line
                .split_whitespace()
                .nth(2)
                .and_then(|x| x.parse().ok())
                .ok_or_else(|| anyhow!("unreadable pgbench log line {line:?}"))?;
            lat.push(us / 1000.0);
        }
        let _ = std::fs::remove_file(&path);
    }
    ensure!(
        lat.len() == clients * per_client.max(1),
        "pgbench logged {} transactions, expected {}",
        lat.len(),
        clients * per_client.max(1)
    );
    Ok((lat, wall))
}

fn remove_logs(dir: &Path, stem: &str) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.file_name()
                .and_then(|s| s.to_str())
                .is_some_and(|n| n.starts_with(&format!("{stem}.")))
            {
                let _ = std::fs::remove_file(p);
            }
        }
    }
}

/// Transactions the app commits per usage request, from `pg_stat_database.xact_commit` around
/// 500 sequential requests (backends publish their counters within ~10 s of going idle, so this
/// waits before each reading).
async fn count_transactions(
    cx: &mut Ctx<'_>,
    urls: &Arc<Vec<String>>,
    order: &Arc<Vec<usize>>,
) -> Result<f64> {
    let q = "SELECT xact_commit::int8 AS n FROM pg_stat_database WHERE datname = current_database()";
    tokio::time::sleep(Duration::from_secs(11)).await;
    let before = scalar(cx.conn, q)?;
    let n = 500;
    app_side(cx, urls, order, n, 1).await?;
    tokio::time::sleep(Duration::from_secs(11)).await;
    let after = scalar(cx.conn, q)?;
    // This connection's own readings are one transaction each.
    Ok(((after - before - 1) as f64 / n as f64 * 10.0).round() / 10.0)
}

/// The overview's 90-day daily chart (one meter, then all three), sequential requests, every
/// view computing its figures and chart (page cache off), the charges figure cached (warmed
/// before each round, each round shorter than the cache's 30 s); then the same with that cache
/// off too (a third server with METERDESK_CHARGES_CACHE_SECONDS=0).
async fn charts(cx: &mut Ctx<'_>, o: &Opts) -> Result<Vec<ChartRow>> {
    let sum = &cx.meta.meters.sum;
    let all = cx
        .meta
        .meters
        .all()
        .iter()
        .map(|(_, id)| format!("meter={id}"))
        .collect::<Vec<_>>()
        .join("&");
    let one = format!("/analytics?range=90d&granularity=day&meter={sum}");
    let three = format!("/analytics?range=90d&granularity=day&{all}");
    let mut rows = Vec::new();
    for (what, path) in [
        ("90-day daily chart, 1 meter", one.clone()),
        ("90-day daily chart, 3 meters", three),
    ] {
        let row = chart_row(
            cx.uncached,
            &cx.http,
            &cx.session,
            what,
            &path,
            o.chart_requests,
            o.rounds,
            "warm",
        )
        .await?;
        rows.push(row);
    }
    // Every view computing the charges of every subscription's current cycle.
    let log = cx.dir.join("server-nocache.log");
    let _ = std::fs::remove_file(&log);
    let mut vars = cx.server_env.to_vec();
    vars.push(("METERDESK_CHARGES_CACHE_SECONDS", "0"));
    vars.push(("METERDESK_PAGE_CACHE_SECONDS", "0"));
    let mut nocache = cx.binary.serve_with(&log, &vars)?;
    nocache.wait_ready(&cx.http).await?;
    let row = chart_row(
        &nocache,
        &cx.http,
        &cx.session,
        "90-day daily chart, 1 meter",
        &one,
        5,
        1,
        "off (METERDESK_CHARGES_CACHE_SECONDS=0)",
    )
    .await?;
    rows.push(row);
    drop(nocache);
    Ok(rows)
}

#[allow(clippy::too_many_arguments)]
async fn chart_row(
    server: &Server,
    http: &reqwest::Client,
    session: &str,
    what: &str,
    path: &str,
    requests: usize,
    rounds: usize,
    cache: &str,
) -> Result<ChartRow> {
    let url = format!("{}{path}", server.base);
    let (status, page_bytes) = web::get_page(http, &url, session).await?;
    ensure!(status == 200, "GET {path}: HTTP {status} (not signed in?)");
    for _ in 0..5 {
        web::get_page(http, &url, session).await?;
    }
    let per_round = requests.div_ceil(rounds.max(1)).max(1);
    let (mut client, mut srv) = (Vec::new(), Vec::new());
    for _ in 0..rounds.max(1) {
        // Fills the charges cache if it expired; not measured.
        web::get_page(http, &url, session).await?;
        let from = web::log_len(&server.log);
        for _ in 0..per_round {
            let t = Instant::now();
            let (status, _) = web::get_page(http, &url, session).await?;
            client.push(t.elapsed().as_secs_f64() * 1000.0);
            ensure!(status == 200, "GET {path}: HTTP {status}");
        }
        let ms = web::access_ms(&server.log, from, "/analytics")?;
        ensure!(
            ms.len() == per_round,
            "found {} access log lines for {per_round} requests in {}",
            ms.len(),
            server.log.display()
        );
        srv.extend(ms);
    }
    let client = Latency::of(&client);
    let server_lat = Latency::of(&srv);
    eprintln!(
        "  {what} (charges cache {cache}): server p50 {} ms, client p50 {:.2} ms",
        server_lat.p50_ms, client.p50_ms
    );
    let warm = cache == "warm";
    Ok(ChartRow {
        what: what.to_string(),
        path: path.to_string(),
        // The log's whole milliseconds are truncated: `ms=14` is under 15 ms, `ms=15` is not.
        pass: warm.then_some(server_lat.p50_ms < TARGET_CHART_MS),
        client,
        server: server_lat,
        page_bytes,
        charges_cache: cache.to_string(),
    })
}
