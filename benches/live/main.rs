//! B6, live traffic (issue 11): the events API under a fleet of app servers' batches against
//! `COPY` of the same rows into `events`, measured in the same run, in rounds whose order
//! alternates. Not a test: nothing here asserts on time; targets are reported as PASS/MISS.
//! Run through `scripts/bench live` (see `--help`).
//!
//! Each round: the COPY baseline; closed loops of 4, 16 and 64 clients; an open loop at a fixed
//! offered rate over 64 connections; and that open loop again with 32 page viewers, on a
//! server with the page cache off and on. Every phase starts from empty tables and ends with
//! its checks: every acknowledged event stored once, and the rollups equal to a recount once
//! the roller has emptied the queue. Writes `target/bench/live.json` and `.txt`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../common/api.rs"]
mod api;
#[allow(dead_code)]
#[path = "../common/args.rs"]
mod args;
mod check;
mod copy;
#[allow(dead_code)]
#[path = "../common/data.rs"]
mod data;
#[allow(dead_code)]
#[path = "../common/env.rs"]
mod env;
mod load;
mod observe;
#[allow(dead_code)]
#[path = "../ingest/pg.rs"]
mod pg;
mod phases;
mod report;
mod setup;
mod stalls;
mod stalls_section;
#[allow(dead_code)]
#[path = "../ingest/stats.rs"]
mod stats;
mod targets;
mod traffic;
#[allow(dead_code)]
#[path = "../analytics/web.rs"]
mod web;

/// The operator the viewers sign in as (`web::login` reads these).
mod dataset {
    pub const OPERATOR_EMAIL: &str = "bench@bench.example";
    pub const OPERATOR_PASSWORD: &str = "bench-password-0001";
}

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use diesel::prelude::*;
use diesel::sql_types::Text;
use serde_json::json;

use args::Args;
use phases::Kind;

const USAGE: &str = "\
B6, live traffic (issue 11): 100-event batches stamped now for hot customers, in closed and
open loops and under page viewers, against COPY of the same rows into events.

USAGE:
    scripts/bench live [OPTIONS]          build in release, then run (about 8 minutes)
    (or: cargo bench --bench live -- [OPTIONS]; DATABASE_URL must be set)

OPTIONS:
    --only LIST          copy,closed,open,mixed (default all; the ratios need copy)
    --rounds N           rounds, order alternated (default 3)
    --clients LIST       closed-loop clients (default 4,16,64)
    --closed-seconds S   measured seconds per closed loop (default 8), after --closed-warmup S (2)
    --rate N             open loop and mixed: offered events/s (default 30000); or a fraction of
                         COPY such as 0.5x: that share of the COPY rate measured in this run (the
                         median of the COPY runs before each phase; needs copy in --only)
    --connections N      open loop and mixed: connections (default 64)
    --open-seconds S     measured seconds of the open loop (default 20), after --open-warmup S (5)
    --mixed-seconds S    measured seconds of each mixed run (default 20; same warm-up)
    --viewers N          mixed: page viewers (default 32)
    --copy-rows N        rows per COPY side (default 150000)
    --copy-streams N     connections the COPY baseline uses at once (default 1)
    --hot N              hot customers (default 20), getting --hot-pct P % of events (default 80)
    --tail N             other customers (default 300)
    --call-pct P         share of llm.call events; the rest are storage.sample (default 80)
    --batch N            events per request (default 100; the targets are for 100): what the
                         per-request cost is, e.g. against --batch 200 at the same events/s
    --give-up S          open loop: a batch that cannot leave within S s of its time is not sent
                         and counts as an error (default 10: bounds a saturated run's length)
    --drain-timeout S    wait at most S s for the roller to empty the queue (default 300)
    --seed N             (default 42)
    --out FILE           JSON results (default target/bench/live.json, and .txt)
    --keep-db            keep the benchmark database
    --strict             exit 1 when a target is missed or a check fails
    --server-bin FILE    meterdesk binary to serve (default: the release build cargo made)
    --server-env N=V     an environment variable for the server (repeatable)
    --sql TEXT           SQL run in the benchmark's database after the warm-up, before the
                         measured phases: an A/B of a schema change without a second build
                         (e.g. --sql 'DROP INDEX events_customer_ts_idx')
";

fn main() -> ExitCode {
    // cargo bench appends --bench; `cargo test --all-targets` runs this binary without it.
    let under_bench = std::env::args().any(|a| a == "--bench");
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if args.iter().any(|a| a == "-h" || a == "--help" || a == "help") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    if !under_bench {
        println!(
            "benches/live is a benchmark, not a test: run scripts/bench live (or cargo bench --bench live)"
        );
        return ExitCode::SUCCESS;
    }
    match run(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[derive(QueryableByName)]
struct Setting {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    setting: String,
}

fn pg_settings(conn: &mut PgConnection) -> Vec<(String, String)> {
    diesel::sql_query(
        "SELECT name, setting || COALESCE(unit, '') AS setting FROM pg_settings
         WHERE name IN ('shared_buffers', 'synchronous_commit', 'max_connections', 'max_wal_size',
                        'checkpoint_timeout', 'wal_buffers', 'commit_delay')
         ORDER BY name",
    )
    .load::<Setting>(conn)
    .map(|rows| rows.into_iter().map(|r| (r.name, r.setting)).collect())
    .unwrap_or_default()
}

fn secs(a: &Args, name: &str, default: f64) -> Result<Duration> {
    let s: f64 = a.num(name, default)?;
    if !(s > 0.0 && s < 86_400.0) {
        bail!("{name} is a positive number of seconds");
    }
    Ok(Duration::from_secs_f64(s))
}

fn run(args: &[String]) -> Result<ExitCode> {
    let a = Args::parse(
        args,
        &["--keep-db", "--strict"],
        &[
            "--only",
            "--rounds",
            "--clients",
            "--closed-seconds",
            "--closed-warmup",
            "--rate",
            "--connections",
            "--open-seconds",
            "--open-warmup",
            "--mixed-seconds",
            "--viewers",
            "--copy-rows",
            "--copy-streams",
            "--hot",
            "--hot-pct",
            "--tail",
            "--call-pct",
            "--batch",
            "--give-up",
            "--drain-timeout",
            "--seed",
            "--out",
            "--server-bin",
            "--server-env",
            "--sql",
        ],
    )?;
    let only: Vec<String> = a
        .get("--only")
        .unwrap_or("copy,closed,open,mixed")
        .split(',')
        .map(|s| s.trim().to_lowercase())
        .collect();
    for o in &only {
        if !matches!(o.as_str(), "copy" | "closed" | "open" | "mixed") {
            bail!("--only takes copy, closed, open, mixed (got {o:?})");
        }
    }
    let want = |p: &str| only.iter().any(|o| o == p);
    // Shown in the report's command line, like every other option.
    let setup_sql: Option<String> = a.get("--sql").map(str::to_string);
    let server_env: Vec<(String, String)> = a
        .all("--server-env")
        .into_iter()
        .map(|kv| {
            kv.split_once('=')
                .filter(|(k, _)| !k.is_empty())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .ok_or_else(|| anyhow!("--server-env takes NAME=VALUE, not {kv:?}"))
        })
        .collect::<Result<_>>()?;
    let rounds: usize = a.num("--rounds", 3)?;
    let clients = a.list("--clients", &[4, 16, 64])?;
    let seed: u64 = a.num("--seed", 42)?;
    let shape = traffic::Shape {
        hot: a.num("--hot", 20)?,
        tail: a.num("--tail", 300)?,
        hot_pct: a.num("--hot-pct", 80)?,
        call_pct: a.num("--call-pct", 80)?,
        batch: a.num("--batch", 100)?,
    };
    if shape.hot == 0 || shape.customers() > 9999 || shape.hot_pct > 100 || shape.call_pct > 100 {
        bail!("--hot is positive, --hot + --tail at most 9999, --hot-pct and --call-pct at most 100");
    }
    if !(1..=1000).contains(&shape.batch) {
        bail!(
            "--batch takes 1 to 1000 events per request (the API's limit), not {}",
            shape.batch
        );
    }
    // `--rate 0.5x`: a share of COPY's rate in this run, set before each open or mixed phase.
    let rate_of_copy = match a.get("--rate") {
        Some(r) if r.ends_with('x') => Some(r.trim_end_matches('x').parse::<f64>().map_err(|_| {
            anyhow!("--rate takes events/s, or a share of COPY's rate such as 0.5x (got {r:?})")
        })?),
        _ => None,
    };
    let o = phases::Opts {
        shape: Arc::new(shape.clone()),
        copy_rows: a.num("--copy-rows", 150_000)?,
        closed_warmup: secs(&a, "--closed-warmup", 2.0)?,
        closed_measure: secs(&a, "--closed-seconds", 8.0)?,
        rate: match rate_of_copy {
            Some(share) => share,
            None => a.num("--rate", 30_000.0)?,
        },
        rate_of_copy,
        connections: a.num("--connections", 64)?,
        open_warmup: secs(&a, "--open-warmup", 5.0)?,
        open_measure: secs(&a, "--open-seconds", 20.0)?,
        mixed_measure: secs(&a, "--mixed-seconds", a.num("--open-seconds", 20.0)?)?,
        viewers: a.num("--viewers", 32)?,
        give_up: secs(&a, "--give-up", 10.0)?,
        drain_timeout: secs(&a, "--drain-timeout", 300.0)?,
        seed,
    };
    let copy_streams: usize = a.num("--copy-streams", 1)?;
    if rounds == 0
        || o.copy_rows == 0
        || copy_streams == 0
        || o.connections == 0
        || o.rate.is_nan()
        || o.rate <= 0.0
    {
        bail!("--rounds, --copy-rows, --copy-streams, --connections and --rate must be positive");
    }
    let bin = a
        .get("--server-bin")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_meterdesk")));
    if !bin.exists() {
        bail!(
            "{} does not exist; build it with cargo build --release",
            bin.display()
        );
    }
    // This project's target/bench, wherever the served binary is (--server-bin).
    let out_dir = env::target_dir(Path::new(env!("CARGO_BIN_EXE_meterdesk"))).join("bench");
    std::fs::create_dir_all(&out_dir)?;
    let json_path = a
        .get("--out")
        .map(PathBuf::from)
        .unwrap_or_else(|| out_dir.join("live.json"));
    let base_url = std::env::var("DATABASE_URL")
        .map_err(|_| anyhow!("DATABASE_URL is not set; run scripts/bench live, which sets it up"))?;
    let command = env::command_line("live", args);
    let strict = a.has("--strict");
    let load_before_build = std::env::var("MD_BENCH_LOAD_BEFORE")
        .ok()
        .filter(|s| !s.is_empty());
    let load_before_run = observe::load_average();
    let settings = json!({
        "only": only,
        "rounds": rounds,
        "clients": clients,
        "closed_warmup_s": o.closed_warmup.as_secs_f64(),
        "closed_s": o.closed_measure.as_secs_f64(),
        "rate": if rate_of_copy.is_some() { serde_json::Value::Null } else { json!(o.rate) },
        "rate_of_copy": rate_of_copy,
        "connections": o.connections,
        "open_warmup_s": o.open_warmup.as_secs_f64(),
        "open_s": o.open_measure.as_secs_f64(),
        "mixed_s": o.mixed_measure.as_secs_f64(),
        "viewers": o.viewers,
        "copy_rows": o.copy_rows,
        "copy_streams": copy_streams,
        "seed": seed,
        "give_up_s": o.give_up.as_secs_f64(),
        "server_env": server_env.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>(),
        "server_db_pool": server_env
            .iter()
            .find(|(k, _)| k == "METERDESK_DB_POOL_SIZE")
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| "10 (default)".into()),
    });

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let started = Instant::now();
    let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let db = env::BenchDb::create(&base_url, a.has("--keep-db"))?;
    eprintln!("database {} on {}", db.name, env::redact(&base_url));
    let binary = env::Binary {
        path: bin.clone(),
        database_url: db.url.clone(),
        secret_key: data::random_hex(64),
        data_dir: out_dir.join("data"),
    };
    let log = out_dir.join("live-server.log");
    let _ = std::fs::remove_file(&log);
    let run_tag = format!("lv{}", data::random_hex(6));

    let report = rt.block_on(async {
        binary.cli(&["migrate"])?;
        let key = binary.create_api_key("bench")?;
        binary.cli_stdin(
            &["create-admin", "--email", dataset::OPERATOR_EMAIL],
            &format!("{}\n", dataset::OPERATOR_PASSWORD),
        )?;
        let http = reqwest::Client::builder()
            // Below the server's 5 s keep-alive: never send on a connection it is closing.
            .pool_idle_timeout(Duration::from_secs(2))
            .pool_max_idle_per_host(256)
            .timeout(Duration::from_secs(60))
            .build()?;
        let mut servers = phases::Servers {
            binary: &binary,
            env: server_env.clone(),
            log: &log,
            http: http.clone(),
            current: None,
        };
        let base = servers.with_cache(true).await?.base.clone();
        let api = api::Api {
            http: http.clone(),
            base: base.clone(),
            key: key.clone(),
        };
        let setup_started = Instant::now();
        let meters = setup::catalog(&api, &shape).await?;
        let session = web::login(&base).await?;
        eprintln!(
            "{} customers, 4 meters, a product and {} subscriptions in {:.1} s; signed in",
            shape.customers(),
            shape.customers(),
            setup_started.elapsed().as_secs_f64()
        );
        let mut conn = db.conn()?;
        let paths = Arc::new(setup::pages(&mut conn, &shape, &meters)?);
        let machine = env::machine(&mut conn, Path::new(env!("CARGO_MANIFEST_DIR")));
        let postgres_settings = pg_settings(&mut conn);
        let checkpoint = pg::checkpoint(&mut conn);
        // After signing in: the session's row stays.
        let emptied = pg::init_reset(&mut conn)?;
        eprintln!("before each phase: TRUNCATE {}", emptied.join(", "));
        let mut copy_conns = (0..copy_streams).map(|_| db.conn()).collect::<Result<Vec<_>>>()?;
        let mut cx = phases::Ctx {
            conn: &mut conn,
            copy_conns: &mut copy_conns,
            db_url: &db.url,
            servers,
            key,
            session,
            paths,
            meters: &meters,
            checkpoint,
            run_tag,
        };

        // Unmeasured: connections, caches, plans.
        eprintln!("warming up");
        let warm = phases::Opts {
            copy_rows: 20_000,
            closed_warmup: Duration::from_millis(100),
            closed_measure: Duration::from_secs(3),
            ..o.clone()
        };
        phases::copy_baseline(&mut cx, &warm, phases::WARM_UP).await?;
        phases::ingest_phase(&mut cx, &warm, phases::WARM_UP, Kind::Closed(16)).await?;
        // The tables' statistics, from the warm-up's rows (TRUNCATE keeps them), as a deployment
        // has them: autovacuum analyzes within a minute, longer than a phase. Without them the
        // planner takes `event_name = …` for 0.5 % of the events, and the events page filtered
        // by a meter sorted every event of that name, every view.
        diesel::sql_query("ANALYZE").execute(cx.conn)?;
        if let Some(sql) = &setup_sql {
            diesel::connection::SimpleConnection::batch_execute(cx.conn, sql)?;
        }

        let mut steps: Vec<Option<Kind>> = Vec::new();
        if want("copy") {
            steps.push(None);
        }
        if want("closed") {
            steps.extend(clients.iter().map(|&c| Some(Kind::Closed(c))));
        }
        if want("open") {
            steps.push(Some(Kind::Open));
        }
        if want("mixed") {
            steps.push(Some(Kind::Mixed { page_cache: true }));
            steps.push(Some(Kind::Mixed { page_cache: false }));
        }
        if rate_of_copy.is_some() && !want("copy") && (want("open") || want("mixed")) {
            bail!("--rate as a share of COPY (such as 0.5x) needs the COPY phase: add copy to --only");
        }
        let (mut copies, mut runs) = (Vec::new(), Vec::new());
        let mut offered = Vec::new();
        for round in 0..rounds {
            eprintln!("round {} of {rounds}", round + 1);
            let mut order = steps.clone();
            if round % 2 == 1 {
                order.reverse();
            }
            for step in order {
                match step {
                    None => copies.push(phases::copy_baseline(&mut cx, &o, round).await?),
                    Some(kind) => {
                        let o = phase_opts(&o, &copies, kind, &mut offered);
                        runs.push(phases::ingest_phase(&mut cx, &o, round, kind).await?)
                    }
                }
            }
        }
        pg::reset(cx.conn)?;
        drop(cx);
        let (copy_events, copy_with_ids, rows, other_cpu_share) =
            report::summarize(&copies, &runs, machine.cores);
        let rate = if offered.is_empty() {
            o.rate
        } else {
            targets::median(&offered)
        };
        let targets = report::targets(&rows, rate, copy_events);
        Ok::<_, anyhow::Error>(report::Report {
            command: command.clone(),
            started_at,
            duration_s: started.elapsed().as_secs_f64(),
            machine,
            postgres_settings,
            load_before_build,
            load_before_run,
            checkpoint_between_phases: checkpoint,
            settings,
            shape: shape.clone(),
            meters,
            copy_events,
            copy_with_ids,
            rows,
            targets,
            other_cpu_share,
            copies,
            phases: runs,
        })
    })?;
    drop(db);

    let text = report::table(&report);
    println!("\n{text}");
    std::fs::write(&json_path, serde_json::to_string_pretty(&report)?)
        .with_context(|| format!("writing {}", json_path.display()))?;
    std::fs::write(json_path.with_extension("txt"), &text)?;
    println!(
        "results: {} (and .txt); server log {}",
        json_path.display(),
        log.display()
    );
    let failures = report.failures();
    if failures > 0 {
        println!("{failures} target(s) missed or check(s) failed");
        if strict {
            return Ok(ExitCode::FAILURE);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One phase's options: with `--rate` as a share of COPY, an open or mixed phase offers that
/// share of the median COPY rate measured so far (`offered` keeps each rate set).
fn phase_opts(
    o: &phases::Opts,
    copies: &[phases::CopyRun],
    kind: Kind,
    offered: &mut Vec<f64>,
) -> phases::Opts {
    let (Some(share), Kind::Open | Kind::Mixed { .. }) = (o.rate_of_copy, kind) else {
        return o.clone();
    };
    let copy = targets::median(&copies.iter().map(|c| c.events.rows_per_s).collect::<Vec<_>>());
    let rate = (share * copy).round();
    eprintln!("  offered: {rate:.0} events/s = {share} × COPY ({copy:.0} rows/s so far)");
    offered.push(rate);
    phases::Opts { rate, ..o.clone() }
}
