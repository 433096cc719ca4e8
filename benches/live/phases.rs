//! One round's phases, each from empty tables (TRUNCATE, and a CHECKPOINT when allowed): the
//! COPY baseline, the closed loops, the open loop and the mixed runs. Each ingest phase is
//! followed by its checks; its CPU is counted from its first request until the roller has
//! emptied the queue, so the rolling-up of its events is in it.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;
use diesel::PgConnection;
use serde::Serialize;

use crate::check::{self, Check, Meters};
use crate::copy::{self, Copied};
use crate::env::{Binary, Cpu, CpuSnap, Server};
use crate::load::{self, Ingest, Pages, Tally};
use crate::observe::{Sampler, Samples};
use crate::pg;
use crate::stalls::{self, Stalls};
use crate::traffic::{self, Shape};
use crate::web::percentile;

/// The round number of the unmeasured warm-up.
pub const WARM_UP: usize = 999;

fn round_name(round: usize) -> String {
    if round == WARM_UP {
        "warm-up".into()
    } else {
        format!("round {}", round + 1)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Closed(usize),
    Open,
    Mixed { page_cache: bool },
}

impl Kind {
    pub fn name(&self) -> String {
        match self {
            Kind::Closed(c) => format!("closed {c}"),
            Kind::Open => "open".into(),
            Kind::Mixed { page_cache: true } => "mixed, page cache on".into(),
            Kind::Mixed { page_cache: false } => "mixed, page cache off".into(),
        }
    }
    fn tag(&self) -> String {
        match self {
            Kind::Closed(c) => format!("c{c}"),
            Kind::Open => "o".into(),
            Kind::Mixed { page_cache: true } => "mon".into(),
            Kind::Mixed { page_cache: false } => "moff".into(),
        }
    }
}

/// Latency percentiles, ms (nearest rank).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Lat {
    pub n: usize,
    pub p50: f64,
    pub p99: f64,
    pub p999: f64,
    pub max: f64,
}

impl Lat {
    pub fn of(samples: &[f64]) -> Lat {
        let mut v = samples.to_vec();
        v.sort_by(f64::total_cmp);
        Lat {
            n: v.len(),
            p50: percentile(&v, 0.50),
            p99: percentile(&v, 0.99),
            p999: percentile(&v, 0.999),
            max: v.last().copied().unwrap_or(f64::NAN),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PagesRun {
    pub all: Lat,
    /// Per kind (overview, customers, events).
    pub kinds: Vec<(String, Lat)>,
    /// Per path (sorted).
    pub paths: Vec<(String, Lat)>,
    pub requests: u64,
    pub pages_per_s: f64,
    pub errors: u64,
    pub first_error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseRun {
    pub round: usize,
    pub kind: Kind,
    pub name: String,
    pub prefix: String,
    /// Acknowledged events/s in the measured window.
    pub events_per_s: f64,
    pub window_s: f64,
    pub ingest: Lat,
    /// Open loop: how late batches left after their scheduled time, ms.
    pub start_lag: Option<Lat>,
    pub pages: Option<PagesRun>,
    pub answers: Tally,
    pub unsent: u64,
    /// From the first request to the queue drained.
    pub cpu: Cpu,
    pub cpu_wall_s: f64,
    pub check: Check,
    pub samples: Samples,
    pub stalls: Stalls,
}

#[derive(Debug, Clone, Serialize)]
pub struct CopyRun {
    pub round: usize,
    pub events: Copied,
    pub with_ids: Copied,
}

#[derive(Clone)]
pub struct Opts {
    pub shape: Arc<Shape>,
    pub copy_rows: usize,
    pub closed_warmup: Duration,
    pub closed_measure: Duration,
    pub rate: f64,
    /// `--rate` as a share of COPY's rate: `rate` is set before each open or mixed phase.
    pub rate_of_copy: Option<f64>,
    pub connections: usize,
    pub open_warmup: Duration,
    pub open_measure: Duration,
    pub mixed_measure: Duration,
    pub viewers: usize,
    pub give_up: Duration,
    pub drain_timeout: Duration,
    pub seed: u64,
}

/// The server in use: started with the page cache on or off as a phase needs.
pub struct Servers<'a> {
    pub binary: &'a Binary,
    pub env: Vec<(String, String)>,
    pub log: &'a Path,
    pub http: reqwest::Client,
    pub current: Option<(Server, bool)>,
}

impl Servers<'_> {
    pub async fn with_cache(&mut self, page_cache: bool) -> Result<&Server> {
        if self.current.as_ref().map(|(_, c)| *c) != Some(page_cache) {
            self.current = None;
            let mut vars: Vec<(&str, &str)> =
                self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            if !page_cache {
                vars.push(("METERDESK_PAGE_CACHE_SECONDS", "0"));
            }
            let mut server = self.binary.serve_with(self.log, &vars)?;
            server.wait_ready(&self.http).await?;
            eprintln!(
                "server {} (pid {}), page cache {}",
                server.base,
                server.pid(),
                if page_cache { "on" } else { "off" }
            );
            self.current = Some((server, page_cache));
        }
        match &self.current {
            Some((s, _)) => Ok(s),
            None => anyhow::bail!("no server"),
        }
    }

    /// The server running now, whichever it is (the COPY baseline and the ingest-only phases
    /// do not read pages).
    pub async fn any(&mut self) -> Result<&Server> {
        let cache = self.current.as_ref().map(|(_, c)| *c).unwrap_or(true);
        self.with_cache(cache).await
    }
}

pub struct Ctx<'a> {
    pub conn: &'a mut PgConnection,
    pub copy_conns: &'a mut [PgConnection],
    pub db_url: &'a str,
    pub servers: Servers<'a>,
    pub key: String,
    pub session: String,
    pub paths: Arc<Vec<(usize, String)>>,
    pub meters: &'a Meters,
    pub checkpoint: bool,
    /// Event ids of this run start with it.
    pub run_tag: String,
}

pub async fn copy_baseline(cx: &mut Ctx<'_>, o: &Opts, round: usize) -> Result<CopyRun> {
    let pid = cx.servers.any().await?.pid();
    let data = traffic::copy_data(
        &o.shape,
        o.seed ^ 0xC0C0 ^ round as u64,
        &format!("{}r{}cp-", cx.run_tag, round + 1),
        o.copy_rows,
        cx.copy_conns.len(),
    );
    let sides = if round % 2 == 0 {
        [false, true]
    } else {
        [true, false]
    };
    let (mut events, mut with_ids) = (None, None);
    for ids in sides {
        let c = copy::run(cx.conn, cx.copy_conns, &data, ids, cx.checkpoint, pid)?;
        eprintln!(
            "  {} COPY {:<18} {:>9.0} rows/s ({:.2} s)",
            round_name(round),
            if ids { "event_ids + events" } else { "events" },
            c.rows_per_s,
            c.seconds
        );
        if ids {
            with_ids = Some(c);
        } else {
            events = Some(c);
        }
    }
    match (events, with_ids) {
        (Some(events), Some(with_ids)) => Ok(CopyRun {
            round,
            events,
            with_ids,
        }),
        _ => anyhow::bail!("a COPY side did not run"),
    }
}

pub async fn ingest_phase(cx: &mut Ctx<'_>, o: &Opts, round: usize, kind: Kind) -> Result<PhaseRun> {
    let server = match kind {
        Kind::Mixed { page_cache } => cx.servers.with_cache(page_cache).await?,
        _ => cx.servers.any().await?,
    };
    let (pid, base) = (server.pid(), server.base.clone());
    pg::reset(cx.conn)?;
    if cx.checkpoint {
        pg::checkpoint(cx.conn);
    }
    let prefix = format!("{}r{}{}-", cx.run_tag, round + 1, kind.tag());
    let ingest = Ingest {
        http: cx.servers.http.clone(),
        url: format!("{base}/api/v1/events/ingest"),
        key: cx.key.clone(),
        shape: o.shape.clone(),
        prefix: prefix.clone(),
        seed: o.seed ^ ((round as u64 + 1) << 16),
    };
    let sampler = Sampler::start(cx.db_url)?;
    let cpu0 = CpuSnap::take(pid, cx.conn);
    let wall0 = Instant::now();
    let (outcome, viewed) = match kind {
        Kind::Closed(clients) => (
            load::closed(&ingest, clients, o.closed_warmup, o.closed_measure).await,
            None,
        ),
        Kind::Open => {
            let t0 = Instant::now() + Duration::from_millis(50);
            let out = load::open(
                &ingest,
                o.rate,
                o.connections,
                t0,
                o.open_warmup,
                o.open_measure,
                o.give_up,
            )
            .await;
            (out, None)
        }
        Kind::Mixed { .. } => {
            let t0 = Instant::now() + Duration::from_millis(50);
            let pages = Pages {
                http: reqwest::Client::builder()
                    // Below the server's 5 s keep-alive: never send on a connection it is closing.
                    .pool_idle_timeout(Duration::from_secs(2))
                    .pool_max_idle_per_host(o.viewers.max(1))
                    .redirect(reqwest::redirect::Policy::none())
                    .timeout(Duration::from_secs(60))
                    .build()?,
                base: base.clone(),
                session: cx.session.clone(),
                kinds: crate::setup::PAGE_KINDS.to_vec(),
                paths: cx.paths.clone(),
            };
            let from = t0 + o.open_warmup;
            let end = from + o.mixed_measure;
            let (out, viewed) = tokio::join!(
                load::open(
                    &ingest,
                    o.rate,
                    o.connections,
                    t0,
                    o.open_warmup,
                    o.mixed_measure,
                    o.give_up
                ),
                load::view(&pages, o.viewers, from, end, o.seed ^ round as u64)
            );
            let secs = o.mixed_measure.as_secs_f64();
            let all: Vec<f64> = viewed.latencies_ms.iter().flatten().copied().collect();
            let pages = PagesRun {
                all: Lat::of(&all),
                kinds: crate::setup::PAGE_KINDS
                    .iter()
                    .zip(&viewed.latencies_ms)
                    .map(|(k, l)| (k.to_string(), Lat::of(l)))
                    .collect(),
                paths: viewed
                    .by_path_ms
                    .iter()
                    .map(|(path, l)| (path.clone(), Lat::of(l)))
                    .collect(),
                requests: viewed.requests,
                pages_per_s: all.len() as f64 / secs.max(1e-9),
                errors: viewed.errors,
                first_error: viewed.first_error,
            };
            (out, Some(pages))
        }
    };
    let (mut samples, watch) = sampler.stop();
    let drained = check::drain(cx.conn, o.drain_timeout).await?;
    let cpu = CpuSnap::take(pid, cx.conn).since(&cpu0);
    let cpu_wall_s = wall0.elapsed().as_secs_f64();
    samples.checkpoint_ends.extend(watch.checkpoint_ends());
    let stalls = stalls::of(
        &outcome.latencies_ms,
        &outcome.answered,
        &samples.checkpoint_ends,
        samples.wal_bytes,
        outcome.total.ingested,
    );
    let check = check::run(
        cx.conn,
        &prefix,
        &outcome.total,
        o.shape.batch,
        cx.meters,
        drained,
    )?;
    let run = PhaseRun {
        round,
        kind,
        name: kind.name(),
        prefix,
        events_per_s: outcome.events_per_s(),
        window_s: outcome.window_s,
        ingest: Lat::of(&outcome.latencies_ms),
        start_lag: (!outcome.start_lag_ms.is_empty()).then(|| Lat::of(&outcome.start_lag_ms)),
        pages: viewed,
        answers: outcome.total,
        unsent: outcome.unsent,
        cpu,
        cpu_wall_s,
        check,
        samples,
        stalls,
    };
    eprintln!(
        "  {} {:<22} {:>9.0} events/s  p50 {:>7.1} ms  p99 {:>7.1} ms{}  errors {}  check {}",
        round_name(round),
        run.name,
        run.events_per_s,
        run.ingest.p50,
        run.ingest.p99,
        run.pages
            .as_ref()
            .map(|p| format!(
                "  pages p99 {:.1} ms ({:.0}/s, {} errors)",
                p.all.p99, p.pages_per_s, p.errors
            ))
            .unwrap_or_default(),
        run.answers.errors + run.unsent,
        if run.check.pass { "PASS" } else { "FAIL" }
    );
    if let Some(p) = &run.pages {
        // The events page's paths one by one (the JSON has every path).
        let events: Vec<String> = p
            .paths
            .iter()
            .filter(|(path, _)| path.starts_with("/analytics/events"))
            .map(|(path, l)| format!("{path} {:.1}", l.p99))
            .collect();
        eprintln!("    events page p99 by path, ms: {}", events.join(" · "));
    }
    if !run.check.pass {
        eprintln!("    {}", run.check.line());
        for e in &run.check.examples {
            eprintln!("    {e}");
        }
    }
    Ok(run)
}
