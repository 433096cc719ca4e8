//! Ingest benchmarks B1–B3 (issue 4), each against a baseline measured in the same run with
//! the A/B order alternated, and the event data generator. Not a test: nothing here asserts on
//! time; targets are reported as PASS/FAIL. Run through `scripts/bench` (see `--help`).
//!
//! The program creates a fresh database on DATABASE_URL's server, migrates it and creates an
//! API key with the release `meterdesk` binary (built by cargo for this bench), starts
//! `meterdesk serve` on a free port, creates customers and two meters through the API, runs
//! the benchmarks, prints a table, writes `target/bench/ingest.json`, and drops the database.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/api.rs"]
mod api;
#[path = "../common/args.rs"]
mod args;
mod b1;
mod b3;
#[path = "../common/data.rs"]
mod data;
// Shared with benches/analytics, which uses more of it.
#[allow(dead_code)]
#[path = "../common/env.rs"]
mod env;
mod pg;
mod report;
mod stats;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use serde_json::json;

use args::Args;

const USAGE: &str = "\
Ingest benchmarks (B1–B3 of issue 4) and the event data generator.

USAGE:
    scripts/bench [OPTIONS]                 build in release, then run the benchmarks
    scripts/bench generate [OPTIONS]        write synthetic events to a file
    (or: cargo bench --bench ingest -- [generate] [OPTIONS]; DATABASE_URL must be set)

BENCHMARK OPTIONS:
    --only LIST          b1,b2,b3 (default all; b2 re-sends B1's API batches, so it runs them)
    --rows N             rows per side per B1 round (default 100000)
    --rounds N           A/B rounds per benchmark (default 3)
    --batches LIST       B1/B2 batch sizes (default 100,1000)
    --clients LIST       B1/B2 concurrent clients (default 4,8)
    --copy-streams N     connections the COPY baseline uses at once (default 1)
    --customers N        customers created (default 1000)
    --csv-bytes N        B3 file size, whole rows up to N bytes (default 5000000)
    --bad-fraction F     B3 bad rows (default 0.01)
    --days D             B1/B3 timestamps spread over the last D days (default 30; e.g. 0.04 ≈ 1 h
                         puts many events of a customer in the same rollup hour)
    --seed N             data seed (default 42)
    --out FILE           JSON results (default target/bench/ingest.json)
    --keep-db            keep the benchmark database (default: dropped at the end)
    --strict             exit 1 when a target is missed
    --server-bin FILE    meterdesk binary to serve (default: the release build cargo made)

GENERATE OPTIONS:
    --events N           how many (required), e.g. 10000000
    --out FILE           where (required); csv with --max-file-bytes writes FILE-0001.csv …
    --format F           csv (Stripe template, default) | json (API bodies, one per line) |
                         copy (COPY events (event_id, customer_id, event_name, ts, metadata,
                         source) FROM STDIN text rows)
    --batch N            events per API body for json (default 1000)
    --customers N        spread over cus_0000 … (default 1000)
    --days D             timestamps within the last D days (default 30)
    --bad-fraction F     bad rows, spread evenly (default 0.01 for csv and 0 otherwise; not for copy)
    --identifier         csv: add an identifier column (the event id)
    --id-prefix P        event ids are P<n> (default ev-)
    --max-file-bytes N   csv: start a new file before one would exceed N bytes
    --seed N             (default 42)
";

fn main() -> ExitCode {
    // cargo bench appends --bench; `cargo test --all-targets` runs this binary without it.
    let under_bench = std::env::args().any(|a| a == "--bench");
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if args.iter().any(|a| a == "-h" || a == "--help" || a == "help") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let result = if args.first().map(String::as_str) == Some("generate") {
        run_generate(&args[1..]).map(|()| ExitCode::SUCCESS)
    } else if !under_bench {
        // Not a test: a test run must not start a benchmark.
        println!(
            "benches/ingest is a benchmark, not a test: run scripts/bench (or cargo bench --bench ingest)"
        );
        Ok(ExitCode::SUCCESS)
    } else {
        run_bench(&args)
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `<target>/release/meterdesk`, built by cargo for this bench (bench profile = release).
fn default_server_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_meterdesk"))
}

/// `--days D` (default 30; fractions allowed): how far back timestamps go.
fn days(a: &Args) -> Result<f64> {
    let d: f64 = a.num("--days", 30.0)?;
    if !(d > 0.0 && d <= 3650.0) {
        bail!("--days is more than 0 and at most 3650");
    }
    Ok(d)
}

pub fn days_to_secs(days: f64) -> u64 {
    (days * 86_400.0).round().max(1.0) as u64
}

fn run_generate(args: &[String]) -> Result<()> {
    let a = Args::parse(
        args,
        &["--identifier"],
        &[
            "--events",
            "--out",
            "--format",
            "--batch",
            "--customers",
            "--days",
            "--bad-fraction",
            "--id-prefix",
            "--max-file-bytes",
            "--seed",
        ],
    )?;
    let events: u64 = a.num("--events", 0)?;
    if events == 0 {
        bail!("generate needs --events N (N > 0)");
    }
    let out = PathBuf::from(
        a.get("--out")
            .ok_or_else(|| anyhow!("generate needs --out FILE"))?,
    );
    let format = data::Format::parse(a.get("--format").unwrap_or("csv"))
        .ok_or_else(|| anyhow!("--format is csv, json or copy"))?;
    let bad_fraction: f64 = a.num(
        "--bad-fraction",
        if format == data::Format::Csv { 0.01 } else { 0.0 },
    )?;
    if !(0.0..=1.0).contains(&bad_fraction) {
        bail!("--bad-fraction is between 0 and 1");
    }
    if format == data::Format::Copy && bad_fraction > 0.0 {
        bail!("COPY rows cannot be bad (COPY would stop on the first one); leave out --bad-fraction");
    }
    let g = data::Generate {
        events,
        format,
        out,
        batch: a.num("--batch", 1000)?,
        identifier: a.has("--identifier"),
        max_file_bytes: a.get("--max-file-bytes").map(str::parse).transpose()?,
        spec: data::Spec {
            customers: a.num("--customers", 1000)?,
            seed: a.num("--seed", 42)?,
            end: chrono::Utc::now(),
            span_secs: days_to_secs(days(&a)?),
            id_prefix: a.get("--id-prefix").unwrap_or("ev-").to_string(),
            bad_fraction,
        },
    };
    let started = Instant::now();
    let w = data::generate(&g)?;
    eprintln!(
        "wrote {} events ({} bad), {} bytes, in {} file(s) in {:.1} s: {}{}",
        w.events,
        w.bad,
        w.bytes,
        w.files.len(),
        started.elapsed().as_secs_f64(),
        w.files
            .first()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        if w.files.len() > 1 { " …" } else { "" }
    );
    Ok(())
}

fn run_bench(args: &[String]) -> Result<ExitCode> {
    let a = Args::parse(
        args,
        &["--keep-db", "--strict"],
        &[
            "--only",
            "--rows",
            "--rounds",
            "--batches",
            "--clients",
            "--copy-streams",
            "--customers",
            "--csv-bytes",
            "--bad-fraction",
            "--days",
            "--seed",
            "--out",
            "--server-bin",
        ],
    )?;
    let only: Vec<String> = a
        .get("--only")
        .unwrap_or("b1,b2,b3")
        .split(',')
        .map(|s| s.trim().to_lowercase())
        .collect();
    for o in &only {
        if !matches!(o.as_str(), "b1" | "b2" | "b3") {
            bail!("--only takes b1, b2, b3 (got {o:?})");
        }
    }
    let want = |b: &str| only.iter().any(|o| o == b);
    let rounds: usize = a.num("--rounds", 3)?;
    let customers: u64 = a.num("--customers", 1000)?;
    let seed: u64 = a.num("--seed", 42)?;
    let b1o = b1::Opts {
        rows: a.num("--rows", 100_000)?,
        rounds,
        batches: a.list("--batches", &[100, 1000])?,
        clients: a.list("--clients", &[4, 8])?,
        copy_streams: a.num("--copy-streams", 1)?,
        customers,
        days: days(&a)?,
        seed,
        copy: want("b1"),
        resend: want("b2"),
    };
    if (b1o.copy || b1o.resend) && b1o.days > 34.0 {
        bail!("--days: the events API refuses events older than 35 days (METERDESK_MAX_EVENT_AGE_DAYS)");
    }
    if b1o.batches.iter().any(|&b| b > 1000) {
        bail!("--batches: the API takes at most 1000 events per request");
    }
    let b3o = b3::Opts {
        rounds,
        csv_bytes: a.num("--csv-bytes", 5_000_000)?,
        bad_fraction: a.num("--bad-fraction", 0.01)?,
        customers,
        days: days(&a)?,
        seed,
    };
    if rounds == 0 || b1o.rows == 0 || customers == 0 || b1o.copy_streams == 0 {
        bail!("--rounds, --rows, --customers and --copy-streams must be positive");
    }
    let bin = a
        .get("--server-bin")
        .map(PathBuf::from)
        .unwrap_or_else(default_server_bin);
    if !bin.exists() {
        bail!(
            "{} does not exist; build it with cargo build --release",
            bin.display()
        );
    }
    let out_dir = env::target_dir(&bin).join("bench");
    std::fs::create_dir_all(&out_dir)?;
    let json_path = a
        .get("--out")
        .map(PathBuf::from)
        .unwrap_or_else(|| out_dir.join("ingest.json"));
    if want("b3") {
        std::process::Command::new("psql")
            .arg("--version")
            .output()
            .context("B3 needs psql (postgresql-client) on PATH")?;
    }
    let base_url = std::env::var("DATABASE_URL")
        .map_err(|_| anyhow!("DATABASE_URL is not set; run scripts/bench, which sets it up"))?;
    let settings = json!({
        "only": only,
        "rows": b1o.rows,
        "rounds": rounds,
        "batches": b1o.batches,
        "clients": b1o.clients,
        "copy_streams": b1o.copy_streams,
        "customers": customers,
        "csv_bytes": b3o.csv_bytes,
        "bad_fraction": b3o.bad_fraction,
        "days": b1o.days,
        "seed": seed,
        "server": bin.display().to_string(),
    });
    let command = env::command_line("ingest", args);
    let strict = a.has("--strict");

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
    let report = rt.block_on(async {
        binary.cli(&["migrate"])?;
        let key = binary.create_api_key("bench")?;
        let log = out_dir.join("server.log");
        let _ = std::fs::remove_file(&log);
        let http = reqwest::Client::builder()
            // Below the server's 5 s keep-alive: never send on a connection it is closing.
            .pool_idle_timeout(Duration::from_secs(2))
            .pool_max_idle_per_host(64)
            .timeout(Duration::from_secs(900))
            .build()?;
        let mut server = binary.serve(&log)?;
        server.wait_ready(&http).await?;
        let api = api::Api {
            http: http.clone(),
            base: server.base.clone(),
            key,
        };
        let setup = Instant::now();
        api.create_customers(customers, 8).await?;
        let count = api
            .create_meter("Bench calls", data::EVENT_NAME, json!({"type": "count"}), "calls")
            .await?;
        let sum = api
            .create_meter(
                "Bench tokens",
                data::EVENT_NAME,
                json!({"type": "sum", "key": "tokens"}),
                "tokens",
            )
            .await?;
        let meters = b1::Meters { count, sum };
        eprintln!(
            "server {} (pid {}), {customers} customers and 2 meters in {:.1} s",
            server.base,
            server.pid(),
            setup.elapsed().as_secs_f64()
        );
        let mut conn = db.conn()?;
        let machine = env::machine(&mut conn, Path::new(env!("CARGO_MANIFEST_DIR")));
        let checkpoint = pg::checkpoint(&mut conn);
        let emptied = pg::init_reset(&mut conn)?;
        eprintln!("before each side: TRUNCATE {}", emptied.join(", "));

        let (mut b1_rows, mut b2_rows) = (Vec::new(), Vec::new());
        if b1o.copy || b1o.resend {
            let mut copy_conns = (0..b1o.copy_streams)
                .map(|_| db.conn())
                .collect::<Result<Vec<_>>>()?;
            eprintln!("B1/B2: warming up");
            b1::warm_up(&api, &mut conn, &mut copy_conns, &b1o).await?;
            (b1_rows, b2_rows) = b1::run(
                &api,
                &mut conn,
                &mut copy_conns,
                &meters,
                &b1o,
                checkpoint,
                server.pid(),
            )
            .await?;
        }
        let mut b3_result = None;
        if want("b3") {
            // A fresh server process, so B1's allocations do not hide B3's memory growth.
            drop(server);
            server = binary.serve(&log)?;
            server.wait_ready(&http).await?;
            let api = api::Api {
                base: server.base.clone(),
                ..api.clone()
            };
            b3_result = Some(b3::run(&api, &server, &mut conn, &db.url, &meters.sum, &out_dir, &b3o).await?);
        }
        drop(server);
        Ok::<_, anyhow::Error>(report::Report {
            command: command.clone(),
            started_at,
            duration_s: started.elapsed().as_secs_f64(),
            machine,
            settings,
            checkpoint_between_sides: checkpoint,
            other_cpu_share: None,
            b1: if b1o.copy { b1_rows } else { Vec::new() },
            b2: b2_rows,
            b3: b3_result,
        })
    })?;
    drop(db);
    let mut report = report;
    report.other_cpu_share = report::interference(&report);

    let text = report::table(&report);
    println!("\n{text}");
    std::fs::write(&json_path, serde_json::to_string_pretty(&report)?)
        .with_context(|| format!("writing {}", json_path.display()))?;
    std::fs::write(json_path.with_extension("txt"), &text)?;
    println!("results: {} (and .txt)", json_path.display());
    let failures = report.failures();
    if failures > 0 {
        println!("{failures} target(s) missed or check(s) failed");
        if strict {
            return Ok(ExitCode::FAILURE);
        }
    }
    Ok(ExitCode::SUCCESS)
}
