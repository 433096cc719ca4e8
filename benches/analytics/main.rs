//! Analytics benchmarks B4 and B5 (issue 5), each against a baseline measured in the same run.
//! Not a test: nothing here asserts on time; targets are reported as PASS/FAIL. Run through
//! `scripts/bench analytics` (see `--help`).
//!
//! The program creates a database on DATABASE_URL's server (or reuses one kept by an earlier
//! run), migrates it with the release `meterdesk` binary, creates customers, meters, a product
//! and subscriptions through the API of `meterdesk serve`, loads 10 M generated events with
//! `COPY`, rebuilds the rollups with the library, then measures B4 (cycle usage through the API
//! vs pgbench; the overview's 90-day chart) and B5 (the analytics pages under wrk), prints a
//! table, writes `target/bench/analytics.json`, and drops the database unless it is kept.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../common/api.rs"]
mod api;
#[allow(dead_code)]
#[path = "../common/args.rs"]
mod args;
mod b4;
mod b5;
mod cycles;
#[allow(dead_code)]
#[path = "../common/data.rs"]
mod data;
mod dataset;
#[allow(dead_code)]
#[path = "../common/env.rs"]
mod env;
mod report;
mod web;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use diesel::prelude::*;
use diesel::sql_types::Text;
use serde_json::json;

use args::Args;

const USAGE: &str = "\
Analytics benchmarks (B4 and B5 of issue 5) on a database of generated events.

USAGE:
    scripts/bench analytics [OPTIONS]     build in release, then run
    (or: cargo bench --bench analytics -- [OPTIONS]; DATABASE_URL must be set)

DATA:
    --events N           events loaded (default 10000000; e.g. 1000000 for a quick run)
    --customers N        customers, one subscription each (default 1200)
    --days D             timestamps spread over the last D days (default 60)
    --seed N             data seed (default 42)
    --keep-db NAME       load into a new database NAME and keep it for later runs
    --reuse-db NAME      use database NAME as loaded by an earlier --keep-db/--reuse-db run (its
                         data settings win); when it does not exist, load it and keep it
    (without either, the database is created for the run and dropped at the end)

BENCHMARKS:
    --only LIST          b4,b5 (default both)
    --rounds N           B4 A/B rounds (default 3)
    --requests N         B4 usage requests per side per round and concurrency (default 2000)
    --clients LIST       B4 concurrent clients (default 1,4)
    --chart-requests N   B4 chart requests (default 150)
    --checks N           B4 cases compared with the events (default 24)
    --no-count           B4: skip counting the app's database transactions per request (saves 22 s)
    --connections N      B5 wrk connections (default 64)
    --duration S         B5 measured seconds per page (default 20)
    --warmup S           B5 warm-up seconds per page (default 5)
    --no-gzip            B5: no Accept-Encoding: gzip header (default: sent, as browsers do)
    --out FILE           JSON results (default target/bench/analytics.json, and .txt)
    --strict             exit 1 when a target is missed
    --server-bin FILE    meterdesk binary to serve (default: the release build cargo made)
    --server-env N=V     an environment variable for the server (repeatable), e.g. to try a setting:
                         --server-env METERDESK_DB_POOL_SIZE=20 --server-env 'PGOPTIONS=-c jit=off'
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
            "benches/analytics is a benchmark, not a test: run scripts/bench analytics (or cargo bench --bench analytics)"
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
         WHERE name IN ('shared_buffers', 'work_mem', 'effective_cache_size', 'random_page_cost',
                        'synchronous_commit', 'max_connections', 'jit')
         ORDER BY name",
    )
    .load::<Setting>(conn)
    .map(|rows| rows.into_iter().map(|r| (r.name, r.setting)).collect())
    .unwrap_or_default()
}

fn run(args: &[String]) -> Result<ExitCode> {
    let a = Args::parse(
        args,
        &["--strict", "--no-count", "--no-gzip"],
        &[
            "--only",
            "--events",
            "--customers",
            "--days",
            "--seed",
            "--keep-db",
            "--reuse-db",
            "--rounds",
            "--requests",
            "--clients",
            "--chart-requests",
            "--checks",
            "--connections",
            "--duration",
            "--warmup",
            "--out",
            "--server-bin",
            "--server-env",
        ],
    )?;
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
    let only: Vec<String> = a
        .get("--only")
        .unwrap_or("b4,b5")
        .split(',')
        .map(|s| s.trim().to_lowercase())
        .collect();
    for o in &only {
        if !matches!(o.as_str(), "b4" | "b5") {
            bail!("--only takes b4, b5 (got {o:?})");
        }
    }
    let want = |b: &str| only.iter().any(|o| o == b);
    let seed: u64 = a.num("--seed", 42)?;
    let spec = dataset::Spec {
        events: a.num("--events", 10_000_000)?,
        customers: a.num("--customers", 1200)?,
        days: a.num("--days", 60.0)?,
        seed,
        end: dataset::now_secs(),
    };
    if spec.events == 0 || spec.customers == 0 || spec.customers > 9999 {
        bail!("--events must be positive and --customers between 1 and 9999");
    }
    if !(spec.days >= 1.0 && spec.days <= 366.0) {
        bail!("--days is between 1 and 366");
    }
    let b4o = b4::Opts {
        rounds: a.num("--rounds", 3)?,
        requests: a.num("--requests", 2000)?,
        clients: a.list("--clients", &[1, 4])?,
        chart_requests: a.num("--chart-requests", 150)?,
        checks: a.num("--checks", 24)?,
        seed,
        count_statements: !a.has("--no-count"),
    };
    if b4o.rounds == 0 || b4o.requests == 0 || b4o.chart_requests == 0 {
        bail!("--rounds, --requests and --chart-requests must be positive");
    }
    let b5o = b5::Opts {
        connections: a.num("--connections", 64)?,
        threads: 2,
        duration_s: a.num("--duration", 20)?,
        warmup_s: a.num("--warmup", 5)?,
        gzip: !a.has("--no-gzip"),
        seed,
    };
    if b5o.connections < b5o.threads || b5o.duration_s == 0 {
        bail!("--connections must be at least 2 and --duration positive");
    }
    if a.get("--keep-db").is_some() && a.get("--reuse-db").is_some() {
        bail!("give --keep-db or --reuse-db, not both");
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
    if want("b4") {
        web::require_tool("pgbench", "apt install postgresql-contrib (B4's baseline)")?;
    }
    if want("b5") {
        web::require_tool("wrk", "apt install wrk (B5)")?;
    }
    let out_dir = env::target_dir(&bin).join("bench");
    let work_dir = out_dir.join("analytics");
    std::fs::create_dir_all(&work_dir)?;
    let json_path = a
        .get("--out")
        .map(PathBuf::from)
        .unwrap_or_else(|| out_dir.join("analytics.json"));
    let base_url = std::env::var("DATABASE_URL")
        .map_err(|_| anyhow!("DATABASE_URL is not set; run scripts/bench analytics, which sets it up"))?;
    let command = env::command_line("analytics", args);
    let strict = a.has("--strict");

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let started = Instant::now();
    let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (db, existed) = match (a.get("--keep-db"), a.get("--reuse-db")) {
        (Some(name), _) => {
            let (db, existed) = env::BenchDb::named(&base_url, name)?;
            if existed {
                bail!("database {name} exists already; reuse it with --reuse-db {name}, or drop it");
            }
            (db, false)
        }
        (None, Some(name)) => env::BenchDb::named(&base_url, name)?,
        (None, None) => (env::BenchDb::create(&base_url, false)?, false),
    };
    eprintln!(
        "database {}{} on {}",
        db.name,
        if existed { " (reused)" } else { "" },
        env::redact(&base_url)
    );
    let binary = env::Binary {
        path: bin.clone(),
        database_url: db.url.clone(),
        secret_key: data::random_hex(64),
        data_dir: out_dir.join("data"),
    };
    let settings = json!({
        "only": only,
        "rounds": b4o.rounds,
        "requests": b4o.requests,
        "clients": b4o.clients,
        "chart_requests": b4o.chart_requests,
        "connections": b5o.connections,
        "duration_s": b5o.duration_s,
        "warmup_s": b5o.warmup_s,
        "gzip": b5o.gzip,
        "server": bin.display().to_string(),
        "server_env": server_env.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>(),
    });
    let env_refs: Vec<(&str, &str)> = server_env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let log = out_dir.join("analytics-server.log");
    let _ = std::fs::remove_file(&log);
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(900))
        .build()?;

    let report = rt.block_on(async {
        binary.cli(&["migrate"])?;
        let mut conn = db.conn()?;
        let key = binary.create_api_key("bench")?;
        let existing = dataset::read_meta(&mut conn)?;
        let (meta, loaded_now) = match existing {
            Some(meta) => {
                dataset::usable(&meta, &db.name)?;
                if meta.spec.events != spec.events
                    || meta.spec.customers != spec.customers
                    || meta.spec.days != spec.days
                    || meta.spec.seed != spec.seed
                {
                    eprintln!(
                        "note: {} holds {} events, {} customers, {} days, seed {} (loaded {}); using that, not the options given",
                        db.name,
                        meta.spec.events,
                        meta.spec.customers,
                        meta.spec.days,
                        meta.spec.seed,
                        meta.loaded_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                    );
                }
                (meta, false)
            }
            None => {
                if existed && env::scalar(&mut conn, "SELECT count(*)::int8 AS n FROM customers")? > 0 {
                    bail!(
                        "database {} has data but no bench.meta: it was not made by this benchmark",
                        db.name
                    );
                }
                let total = Instant::now();
                binary.cli_stdin(
                    &["create-admin", "--email", dataset::OPERATOR_EMAIL],
                    &format!("{}\n", dataset::OPERATOR_PASSWORD),
                )?;
                let mut server = binary.serve(&log)?;
                server.wait_ready(&http).await?;
                let api = api::Api {
                    http: http.clone(),
                    base: server.base.clone(),
                    key: key.clone(),
                };
                eprintln!(
                    "load: {} customers, 3 meters, a product and {} subscriptions through the API",
                    spec.customers, spec.customers
                );
                let t = Instant::now();
                let (meters, product) = dataset::create_catalog(&api, &spec).await?;
                let api_setup_s = t.elapsed().as_secs_f64();
                drop(server);
                let mut meta = dataset::start_meta(&mut conn, &spec, &meters, &product)?;
                meta.load.api_setup_s = api_setup_s;
                eprintln!("load: {} events", spec.events);
                dataset::load(&db, &spec, &meters, &mut meta.load)?;
                meta.load.total_s = total.elapsed().as_secs_f64();
                dataset::finish(&mut conn, &mut meta)?;
                eprintln!("load: done in {:.0} s", meta.load.total_s);
                (meta, true)
            }
        };
        let sizes = dataset::sizes(&mut conn)?;
        let machine = env::machine(&mut conn, Path::new(env!("CARGO_MANIFEST_DIR")));
        let postgres_settings = pg_settings(&mut conn);
        let _ = diesel::sql_query("CHECKPOINT").execute(&mut conn);

        let mut server = binary.serve_with(&log, &env_refs)?;
        server.wait_ready(&http).await?;
        let session = web::login(&server.base).await?;
        eprintln!("server {} (pid {}), signed in", server.base, server.pid());
        // The same server computing every page on every view: what the page cache saves.
        let mut uncached_env = env_refs.clone();
        uncached_env.push(("METERDESK_PAGE_CACHE_SECONDS", "0"));
        let uncached_log = out_dir.join("analytics-server-uncached.log");
        let _ = std::fs::remove_file(&uncached_log);
        let mut uncached = binary.serve_with(&uncached_log, &uncached_env)?;
        uncached.wait_ready(&http).await?;
        let meters: cycles::MeterList = meta
            .meters
            .all()
            .iter()
            .map(|(kind, id)| {
                meterdesk::meters::service::get(&mut conn, id)
                    .map(|m| (kind.to_string(), m))
                    .map_err(|e| anyhow!("meter {id}: {e:?}"))
            })
            .collect::<Result<_>>()?;

        let b4 = if want("b4") {
            let mut cx = b4::Ctx {
                http: http.clone(),
                server: &server,
                uncached: &uncached,
                binary: &binary,
                server_env: &env_refs,
                key: key.clone(),
                session: session.clone(),
                db_url: db.url.clone(),
                conn: &mut conn,
                meta: &meta,
                meters,
                dir: work_dir.clone(),
            };
            Some(b4::run(&mut cx, &b4o).await?)
        } else {
            None
        };
        let b5 = if want("b5") {
            let targets = b5::targets(&mut conn, &meta)?;
            let servers = b5::Servers {
                cached: &server,
                uncached: &uncached,
            };
            Some(b5::run(servers, &http, &session, &mut conn, &targets, &work_dir, &b5o).await?)
        } else {
            None
        };
        server.wait_ready(&http).await?;
        drop(server);
        drop(uncached);
        Ok::<_, anyhow::Error>(report::Report {
            command: command.clone(),
            started_at,
            duration_s: started.elapsed().as_secs_f64(),
            machine,
            postgres_settings,
            settings,
            database: if db.keep {
                format!("{} (kept)", db.name)
            } else {
                format!("{} (dropped at the end)", db.name)
            },
            loaded_now,
            dataset: meta.spec.clone(),
            load: meta.load.clone(),
            sizes,
            b4,
            b5,
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
