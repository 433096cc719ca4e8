//! Signing in to the portal, latency percentiles, the server's access log, and the CPU of child
//! processes (pgbench, wrk).

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, ensure};
use serde::Serialize;

use crate::dataset::{OPERATOR_EMAIL, OPERATOR_PASSWORD};

/// Signs in through `/login` as a browser does (GET the form for its CSRF token and login
/// cookie, POST it); returns the `md_session` cookie's value.
pub async fn login(base: &str) -> Result<String> {
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()?;
    let form = http.get(format!("{base}/login")).send().await?.text().await?;
    let marker = "name=\"csrf_token\" value=\"";
    let at = form
        .find(marker)
        .ok_or_else(|| anyhow!("no CSRF token on the login form"))?
        + marker.len();
    let csrf = &form[at..at + form[at..].find('"').unwrap_or(0)];
    let r = http
        .post(format!("{base}/login"))
        .form(&[
            ("csrf_token", csrf),
            ("email", OPERATOR_EMAIL),
            ("password", OPERATOR_PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await?;
    let status = r.status();
    let session = r
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.strip_prefix("md_session=")
                .map(|rest| rest.split(';').next().unwrap_or("").to_string())
        })
        .filter(|v| !v.is_empty());
    session.ok_or_else(|| anyhow!("signing in as {OPERATOR_EMAIL} gave HTTP {status} and no session cookie"))
}

/// A page request with the session cookie; returns (status, body length).
pub async fn get_page(http: &reqwest::Client, url: &str, session: &str) -> Result<(u16, usize)> {
    let r = http
        .get(url)
        .header(reqwest::header::COOKIE, format!("md_session={session}"))
        .send()
        .await
        .with_context(|| format!("GET {url}"))?;
    let status = r.status().as_u16();
    let body = r.bytes().await?;
    Ok((status, body.len()))
}

/// Latency percentiles in milliseconds.
#[derive(Debug, Clone, Copy, Serialize, Default)]
pub struct Latency {
    pub n: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub mean_ms: f64,
    pub max_ms: f64,
}

/// Nearest-rank percentile of sorted values.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

impl Latency {
    /// From samples in milliseconds.
    pub fn of(samples: &[f64]) -> Latency {
        let mut v = samples.to_vec();
        v.sort_by(f64::total_cmp);
        Latency {
            n: v.len(),
            p50_ms: percentile(&v, 0.50),
            p95_ms: percentile(&v, 0.95),
            p99_ms: percentile(&v, 0.99),
            mean_ms: if v.is_empty() {
                f64::NAN
            } else {
                v.iter().sum::<f64>() / v.len() as f64
            },
            max_ms: v.last().copied().unwrap_or(f64::NAN),
        }
    }
}

/// The access log's length now, to read what is written after.
pub fn log_len(log: &Path) -> u64 {
    std::fs::metadata(log).map(|m| m.len()).unwrap_or(0)
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ … final byte in @–~
            for d in chars.by_ref() {
                if ('@'..='~').contains(&d) && d != '[' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The `ms=` of the `meterdesk::access` lines for GET `path` with status 200 written after
/// byte `from` of the log: the server's own time for each request (whole milliseconds,
/// truncated: `ms=3` is 3.0–3.99 ms).
pub fn access_ms(log: &Path, from: u64, path: &str) -> Result<Vec<f64>> {
    let bytes = std::fs::read(log).with_context(|| format!("reading {}", log.display()))?;
    let text = String::from_utf8_lossy(bytes.get(from as usize..).unwrap_or(&[]));
    let mut out = Vec::new();
    for line in text.lines() {
        if !line.contains("meterdesk::access") {
            continue;
        }
        let line = strip_ansi(line);
        let field = |name: &str| {
            line.split_whitespace()
                .find_map(|w| w.strip_prefix(&format!("{name}=")).map(str::to_string))
        };
        if field("path").as_deref() == Some(path) && field("status").as_deref() == Some("200") {
            if let Some(ms) = field("ms").and_then(|m| m.parse::<f64>().ok()) {
                out.push(ms);
            }
        }
    }
    Ok(out)
}

/// CPU seconds (user + system) of this process's waited-for children (cutime + cstime).
pub fn children_cpu() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let Some(close) = stat.rfind(')') else {
        return 0.0;
    };
    let fields: Vec<&str> = stat[close + 2..].split_whitespace().collect();
    // After "pid (comm) ": field 3 is index 0, so cutime (16) and cstime (17) are 13 and 14.
    let v = |i: usize| fields.get(i).and_then(|x| x.parse::<u64>().ok()).unwrap_or(0);
    (v(13) + v(14)) as f64 / 100.0
}

/// Checks that a command-line tool runs.
pub fn require_tool(name: &str, hint: &str) -> Result<()> {
    let ok = std::process::Command::new(name)
        .arg("--version")
        .output()
        .map(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty())
        .unwrap_or(false);
    ensure!(ok, "{name} is not installed: {hint}");
    Ok(())
}
