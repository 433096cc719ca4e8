//! Memory benchmark (issue 9, "bounded memory"): the release server's resident memory under
//! the requests that used to blow it up. Not a test: nothing here asserts; targets are
//! reported as PASS/FAIL. Run through `scripts/bench memory` (see `--help`).
//!
//! 1. `--concurrent` (8) dry runs of a `--csv-bytes` (5 MB) file whose every row is rejected,
//!    at once, `--rounds` times: peak RSS growth (target ≤ 3 × their combined size) and RSS a
//!    moment after each round and at the end (target: back near the start).
//! 2. A gzip JSON bomb to the events API (`--bomb-bytes` inflated, 128 MiB): answer 413, peak
//!    growth.
//! 3. An upload form of `--field-bytes` (232 MB) in 4,000-byte text fields, then a small file:
//!    answer 413, peak growth.
//!
//! The bomb and the form each run on a fresh server process.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/api.rs"]
#[allow(dead_code)]
mod api;
#[path = "../common/args.rs"]
#[allow(dead_code)]
mod args;
#[path = "../common/data.rs"]
#[allow(dead_code)]
mod data;
#[allow(dead_code)]
#[path = "../common/env.rs"]
mod env;
mod scenarios;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use serde::Serialize;
use serde_json::json;

use args::Args;
use scenarios::{DryRunAnswer, Peak, Refusal, mib};

const USAGE: &str = "\
Memory benchmark (issue 9): the release server's RSS under concurrent all-rejected dry runs,
a gzip JSON bomb and an upload form of many text fields.

USAGE:
    scripts/bench memory [OPTIONS]          build in release, then run
    (or: cargo bench --bench memory -- [OPTIONS]; DATABASE_URL must be set)

OPTIONS:
    --concurrent N       dry runs at once (default 8)
    --csv-bytes N        size of each dry run's file (default 5000000)
    --rounds N           rounds of concurrent dry runs (default 3)
    --bomb-bytes N       what the gzip bomb inflates to (default 134217728)
    --field-bytes N      text in the upload form, in 4,000-byte fields (default 232000000)
    --settle-ms N        wait before reading RSS after a measurement (default 12000: jemalloc
                         gives freed pages back over ~10 s)
    --out FILE           JSON results, an absolute path (default <target>/bench/memory.json)
    --keep-db            keep the benchmark database
    --server-bin FILE    meterdesk binary to serve (default: the release build cargo made)
";

/// Peak growth of the concurrent dry runs ≤ this × their combined file size.
const TARGET_GROWTH_RATIO: f64 = 3.0;
/// RSS at the end ≤ RSS at the start + this × the combined file size ("near its start").
const TARGET_AFTER_RATIO: f64 = 0.5;

#[derive(Debug, Serialize)]
struct DryRunRound {
    peak: Peak,
    answers: Vec<DryRunAnswer>,
}

#[derive(Debug, Serialize)]
struct Report {
    command: String,
    started_at: String,
    machine: env::Machine,
    server: String,
    concurrent: usize,
    csv_bytes: usize,
    csv_rows: usize,
    rss_start_bytes: u64,
    rounds: Vec<DryRunRound>,
    rss_end_bytes: u64,
    growth_max_bytes: u64,
    growth_ratio: f64,
    growth_pass: bool,
    after_ratio: f64,
    after_pass: bool,
    answers_ok: bool,
    bomb_gzip_bytes: usize,
    bomb_inflated_bytes: usize,
    bomb: Refusal,
    bomb_peak: Peak,
    fields_bytes: usize,
    fields: Refusal,
    fields_peak: Peak,
}

fn main() -> ExitCode {
    let under_bench = std::env::args().any(|a| a == "--bench");
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if args.iter().any(|a| a == "-h" || a == "--help" || a == "help") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    if !under_bench {
        println!(
            "benches/memory is a benchmark, not a test: run scripts/bench memory (or cargo bench --bench memory)"
        );
        return ExitCode::SUCCESS;
    }
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<()> {
    let a = Args::parse(
        args,
        &["--keep-db"],
        &[
            "--concurrent",
            "--csv-bytes",
            "--rounds",
            "--bomb-bytes",
            "--field-bytes",
            "--settle-ms",
            "--out",
            "--server-bin",
        ],
    )?;
    let concurrent: usize = a.num("--concurrent", 8)?;
    let csv_bytes: usize = a.num("--csv-bytes", 5_000_000)?;
    let rounds: usize = a.num("--rounds", 3)?;
    let bomb_bytes: usize = a.num("--bomb-bytes", 128 << 20)?;
    let field_bytes: usize = a.num("--field-bytes", 232_000_000)?;
    let settle = Duration::from_millis(a.num("--settle-ms", 12_000)?);
    if concurrent == 0 || rounds == 0 || csv_bytes < 100 {
        bail!("--concurrent and --rounds are positive; --csv-bytes at least 100");
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
    let out_dir = env::target_dir(&bin).join("bench");
    std::fs::create_dir_all(&out_dir)?;
    let json_path = a
        .get("--out")
        .map(PathBuf::from)
        .unwrap_or_else(|| out_dir.join("memory.json"));
    if let Some(dir) = json_path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let base_url = std::env::var("DATABASE_URL")
        .map_err(|_| anyhow!("DATABASE_URL is not set; run scripts/bench memory"))?;
    let command = env::command_line("memory", args);
    let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);

    let db = env::BenchDb::create(&base_url, a.has("--keep-db"))?;
    eprintln!("database {} on {}", db.name, env::redact(&base_url));
    let binary = env::Binary {
        path: bin.clone(),
        database_url: db.url.clone(),
        secret_key: data::random_hex(64),
        data_dir: out_dir.join("data"),
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let report = rt.block_on(async {
        binary.cli(&["migrate"])?;
        let key = binary.create_api_key("bench")?;
        let log = out_dir.join("memory-server.log");
        let _ = std::fs::remove_file(&log);
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(900))
            .build()?;
        let mut server = binary.serve_with(&log, &[("RUST_LOG", "warn")])?;
        server.wait_ready(&http).await?;
        let api = api::Api {
            http,
            base: server.base.clone(),
            key,
        };
        api.create_customers(1, 1).await?;
        let meter = api
            .create_meter("Tokens", "llm.tokens", json!({"type": "sum", "key": "tokens"}), "tokens")
            .await?;
        let mut conn = db.conn()?;
        let machine = env::machine(&mut conn, Path::new(env!("CARGO_MANIFEST_DIR")));
        eprintln!("server {} (pid {})", server.base, server.pid());

        let (file, csv_rows) = scenarios::rejected_csv(csv_bytes, &data::customer_id(0));
        let file = Arc::new(file);
        // Warm up: one small dry run, so first-use costs (threads, pools) are not counted.
        let (small, _) = scenarios::rejected_csv(2000, &data::customer_id(0));
        scenarios::dry_run(&api, &meter, Arc::new(small)).await?;
        tokio::time::sleep(settle).await;
        let rss_start = server.status_bytes("VmRSS").unwrap_or(0);
        eprintln!(
            "dry runs: {concurrent} at once × {rounds} rounds, {} bytes and {csv_rows} rejected rows each; RSS {:.1} MiB",
            file.len(),
            mib(rss_start)
        );
        let mut round_results = Vec::new();
        for round in 0..rounds {
            let (peak, answers) = scenarios::measure(&server, settle, async {
                let tasks: Vec<_> = (0..concurrent)
                    .map(|_| {
                        let (api, meter, file) = (api.clone(), meter.clone(), file.clone());
                        tokio::spawn(async move { scenarios::dry_run(&api, &meter, file).await })
                    })
                    .collect();
                let mut answers = Vec::new();
                for t in tasks {
                    answers.push(t.await??);
                }
                Ok(answers)
            })
            .await?;
            eprintln!(
                "  round {}: RSS {:.1} → peak {:.1} MiB (+{:.1}), after {:.1} MiB, {:.1} s; answers {:?}, {} bytes each",
                round + 1,
                mib(peak.rss_before_bytes),
                mib(peak.peak_bytes),
                mib(peak.growth_bytes),
                mib(peak.rss_after_bytes),
                peak.seconds,
                answers.iter().map(|a| a.status).collect::<Vec<_>>(),
                answers.first().map(|a| a.answer_bytes).unwrap_or(0)
            );
            round_results.push(DryRunRound { peak, answers });
        }
        let rss_end = server.status_bytes("VmRSS").unwrap_or(0);

        // The bomb and the form each on a fresh server process, so the dry runs' memory does
        // not hide their growth.
        drop(server);
        let mut server = binary.serve_with(&log, &[("RUST_LOG", "warn")])?;
        server.wait_ready(&api.http).await?;
        let api = api::Api {
            base: server.base.clone(),
            ..api.clone()
        };
        let bomb = scenarios::gzip_bomb(bomb_bytes)?;
        eprintln!("gzip bomb: {} bytes inflating to {bomb_bytes}", bomb.len());
        let headers = [
            ("content-type", "application/json".to_string()),
            ("content-encoding", "gzip".to_string()),
        ];
        let (bomb_peak, bomb_answer) = scenarios::measure(&server, settle, async {
            Ok(scenarios::post_raw(&api, "/api/v1/events/ingest", &headers, bomb.clone()).await)
        })
        .await?;
        eprintln!(
            "  answer {:?}, peak +{:.1} MiB",
            bomb_answer.status,
            mib(bomb_peak.growth_bytes)
        );

        drop(server);
        let mut server = binary.serve_with(&log, &[("RUST_LOG", "warn")])?;
        server.wait_ready(&api.http).await?;
        let api = api::Api {
            base: server.base.clone(),
            ..api.clone()
        };
        let boundary = "meterdeskbenchboundary";
        let (small, _) = scenarios::rejected_csv(2000, &data::customer_id(0));
        let fields = scenarios::many_fields(field_bytes.div_ceil(4000), 4000, boundary, &small);
        eprintln!("upload form: {} bytes of text fields", fields.len());
        let headers = [(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )];
        let path = format!("/api/v1/uploads?meter_id={meter}&dry_run=true");
        let (fields_peak, fields_answer) = scenarios::measure(&server, settle, async {
            Ok(scenarios::post_raw(&api, &path, &headers, fields).await)
        })
        .await?;
        eprintln!(
            "  answer {:?}, peak +{:.1} MiB",
            fields_answer.status,
            mib(fields_peak.growth_bytes)
        );
        drop(server);

        let combined = (file.len() * concurrent) as f64;
        let growth_max = round_results
            .iter()
            .map(|r| r.peak.growth_bytes)
            .max()
            .unwrap_or(0);
        let after_ratio = rss_end.saturating_sub(rss_start) as f64 / combined;
        let answers_ok = round_results.iter().all(|r| {
            r.answers.iter().all(|a| {
                a.status == 200 && a.rows_rejected == csv_rows as u64 && a.rejected_inline <= 1000
            })
        });
        Ok::<_, anyhow::Error>(Report {
            command: command.clone(),
            started_at,
            machine,
            server: bin.display().to_string(),
            concurrent,
            csv_bytes: file.len(),
            csv_rows,
            rss_start_bytes: rss_start,
            rounds: round_results,
            rss_end_bytes: rss_end,
            growth_max_bytes: growth_max,
            growth_ratio: growth_max as f64 / combined,
            growth_pass: growth_max as f64 <= TARGET_GROWTH_RATIO * combined,
            after_ratio,
            after_pass: after_ratio <= TARGET_AFTER_RATIO,
            answers_ok,
            bomb_gzip_bytes: bomb.len(),
            bomb_inflated_bytes: bomb_bytes,
            bomb: bomb_answer,
            bomb_peak,
            fields_bytes: field_bytes,
            fields: fields_answer,
            fields_peak,
        })
    })?;
    drop(db);
    let text = table(&report);
    println!("\n{text}");
    std::fs::write(&json_path, serde_json::to_string_pretty(&report)?)
        .with_context(|| format!("writing {}", json_path.display()))?;
    std::fs::write(json_path.with_extension("txt"), &text)?;
    println!("results: {} (and .txt)", json_path.display());
    Ok(())
}

fn pass(ok: bool) -> &'static str {
    if ok { "PASS" } else { "FAIL" }
}

fn answer(r: &Refusal) -> String {
    match (r.status, &r.error) {
        (Some(s), _) => format!("HTTP {s}"),
        (None, Some(e)) => format!("no answer ({e})"),
        (None, None) => "no answer".into(),
    }
}

fn table(r: &Report) -> String {
    let combined = (r.csv_bytes * r.concurrent) as f64;
    let mut lines = vec![
        format!("Memory benchmark (issue 9): {}", r.started_at),
        format!("command : {}", r.command),
        r.machine.describe(),
        format!("server  : {}", r.server),
        String::new(),
        format!(
            "Dry runs: {} at once, each {} bytes / {} rows, every row rejected ({} rounds)",
            r.concurrent,
            r.csv_bytes,
            r.csv_rows,
            r.rounds.len()
        ),
    ];
    for (i, round) in r.rounds.iter().enumerate() {
        let p = &round.peak;
        lines.push(format!(
            "  round {}: RSS {:>7.1} MiB → peak {:>7.1} MiB = +{:>6.1} MiB ({:.2} × combined); after {:>7.1} MiB; {:.1} s; answer {} bytes, {} rows inline",
            i + 1,
            mib(p.rss_before_bytes),
            mib(p.peak_bytes),
            mib(p.growth_bytes),
            p.growth_bytes as f64 / combined,
            mib(p.rss_after_bytes),
            p.seconds,
            round.answers.first().map(|a| a.answer_bytes).unwrap_or(0),
            round.answers.first().map(|a| a.rejected_inline).unwrap_or(0),
        ));
    }
    lines.push(format!(
        "  peak growth (max of rounds) +{:.1} MiB = {:.2} × combined {:.1} MiB (target ≤ {TARGET_GROWTH_RATIO} ×): {}",
        mib(r.growth_max_bytes),
        r.growth_ratio,
        combined / (1024.0 * 1024.0),
        pass(r.growth_pass)
    ));
    lines.push(format!(
        "  RSS at start {:.1} MiB, at end {:.1} MiB: +{:.2} × combined (target ≤ {TARGET_AFTER_RATIO} ×): {}",
        mib(r.rss_start_bytes),
        mib(r.rss_end_bytes),
        r.after_ratio,
        pass(r.after_pass)
    ));
    lines.push(format!(
        "  answers: 200, every row rejected, ≤ 1,000 inline: {}",
        pass(r.answers_ok)
    ));
    lines.push(String::new());
    lines.push(format!(
        "Gzip bomb: {} bytes inflating to {} bytes → {} (413 expected: {}), peak +{:.1} MiB, after {:.1} MiB",
        r.bomb_gzip_bytes,
        r.bomb_inflated_bytes,
        answer(&r.bomb),
        pass(r.bomb.status == Some(413)),
        mib(r.bomb_peak.growth_bytes),
        mib(r.bomb_peak.rss_after_bytes)
    ));
    lines.push(format!(
        "Upload form of {} bytes of text fields → {} (413 expected: {}), peak +{:.1} MiB, after {:.1} MiB",
        r.fields_bytes,
        answer(&r.fields),
        pass(r.fields.status == Some(413)),
        mib(r.fields_peak.growth_bytes),
        mib(r.fields_peak.rss_after_bytes)
    ));
    lines.join("\n")
}
