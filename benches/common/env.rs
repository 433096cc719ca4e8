//! The benchmark's world: a fresh database on DATABASE_URL's server (dropped at the end, also
//! on failure), the release `meterdesk` binary driven through its command line and run as a
//! server subprocess, and what we know about the machine.

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::data::random_hex;

/// Databases this program creates: `md_bench_<host>_<pid>_<hex>`, `<host>` a hash of this
/// machine's hostname (so that a run only ever cleans up after runs on the same machine).
const DB_PREFIX: &str = "md_bench_";
/// The comment on a database kept with `--keep-db`: never cleaned up automatically.
const KEPT: &str = "meterdesk bench: kept";

fn host_tag() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    // FNV-1a, 24 bits.
    let mut h: u32 = 0x811c_9dc5;
    for b in host.trim().bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    format!("{:06x}", h & 0x00ff_ffff)
}

/// The server URL from `DATABASE_URL` with its database name replaced.
pub fn url_with_db(base: &str, db: &str) -> String {
    let (without_query, query) = match base.split_once('?') {
        Some((u, q)) => (u, Some(q)),
        None => (base, None),
    };
    let scheme_end = without_query.find("://").map(|i| i + 3).unwrap_or(0);
    let root = match without_query[scheme_end..].find('/') {
        Some(i) => &without_query[..scheme_end + i],
        None => without_query,
    };
    match query {
        Some(q) => format!("{root}/{db}?{q}"),
        None => format!("{root}/{db}"),
    }
}

/// The URL without its password, for output.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let user = url[s + 3..at].split(':').next().unwrap_or("");
            format!("{}{}@{}", &url[..s + 3], user, &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
pub struct Count {
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

/// `SELECT … AS n` returning one bigint.
pub fn scalar(conn: &mut PgConnection, sql: &str) -> Result<i64> {
    let rows: Vec<Count> = diesel::sql_query(sql)
        .load(conn)
        .with_context(|| format!("running {sql}"))?;
    rows.first()
        .map(|r| r.n)
        .ok_or_else(|| anyhow!("no row from {sql}"))
}

/// A database created for this run; dropped (WITH FORCE) when this value is.
pub struct BenchDb {
    pub name: String,
    pub url: String,
    admin_url: String,
    pub keep: bool,
}

impl BenchDb {
    pub fn create(base_url: &str, keep: bool) -> Result<BenchDb> {
        let admin_url = url_with_db(base_url, "postgres");
        let mut admin = PgConnection::establish(&admin_url)
            .with_context(|| format!("connecting to {}", redact(&admin_url)))?;
        drop_orphans(&mut admin);
        let name = format!(
            "{DB_PREFIX}{}_{}_{}",
            host_tag(),
            std::process::id(),
            random_hex(6)
        );
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .with_context(|| format!("creating database {name} (the role needs CREATEDB)"))?;
        Ok(BenchDb {
            url: url_with_db(base_url, &name),
            name,
            admin_url,
            keep,
        })
    }

    /// The database `name`, which this run does not drop (`--keep-db NAME`, `--reuse-db NAME`):
    /// created when missing. Returns whether it existed already.
    pub fn named(base_url: &str, name: &str) -> Result<(BenchDb, bool)> {
        if name.is_empty()
            || name.len() > 63
            || !name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            || name.as_bytes()[0].is_ascii_digit()
        {
            bail!(
                "database name {name:?}: use lowercase letters, digits and _ (at most 63, not starting with a digit)"
            );
        }
        let admin_url = url_with_db(base_url, "postgres");
        let mut admin = PgConnection::establish(&admin_url)
            .with_context(|| format!("connecting to {}", redact(&admin_url)))?;
        let exists = scalar(
            &mut admin,
            &format!("SELECT count(*)::int8 AS n FROM pg_database WHERE datname = '{name}'"),
        )? > 0;
        if !exists {
            diesel::sql_query(format!("CREATE DATABASE {name}"))
                .execute(&mut admin)
                .with_context(|| format!("creating database {name} (the role needs CREATEDB)"))?;
        }
        Ok((
            BenchDb {
                url: url_with_db(base_url, name),
                name: name.to_string(),
                admin_url,
                keep: true,
            },
            exists,
        ))
    }

    pub fn conn(&self) -> Result<PgConnection> {
        PgConnection::establish(&self.url).with_context(|| format!("connecting to {}", redact(&self.url)))
    }
}

impl Drop for BenchDb {
    fn drop(&mut self) {
        let Ok(mut admin) = PgConnection::establish(&self.admin_url) else {
            eprintln!("could not connect to drop database {}", self.name);
            return;
        };
        if self.keep {
            let _ = diesel::sql_query(format!("COMMENT ON DATABASE {} IS '{KEPT}'", self.name))
                .execute(&mut admin);
            eprintln!(
                "kept database {} (--keep-db); drop it with DROP DATABASE",
                self.name
            );
            return;
        }
        let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name))
            .execute(&mut admin);
    }
}

/// Drops databases left by earlier runs on this machine that were killed (their process is
/// gone), except those kept with `--keep-db`.
fn drop_orphans(admin: &mut PgConnection) {
    let prefix = format!("{DB_PREFIX}{}_", host_tag());
    let Ok(names) = diesel::sql_query(format!(
        "SELECT datname AS name FROM pg_database \
         WHERE datname LIKE '{}%' AND shobj_description(oid, 'pg_database') IS DISTINCT FROM '{KEPT}'",
        prefix.replace('_', "\\_")
    ))
    .load::<Name>(admin) else {
        return;
    };
    for n in names {
        let pid = n.name[prefix.len()..].split('_').next().unwrap_or("");
        let alive = !pid.is_empty() && Path::new("/proc").join(pid).exists();
        if !alive {
            eprintln!("dropping {} left by an earlier run", n.name);
            let _ =
                diesel::sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", n.name)).execute(admin);
        }
    }
}

/// How to run the `meterdesk` binary against the bench database.
#[derive(Clone)]
pub struct Binary {
    pub path: PathBuf,
    pub database_url: String,
    pub secret_key: String,
    pub data_dir: PathBuf,
}

impl Binary {
    fn command(&self) -> Command {
        let mut c = Command::new(&self.path);
        c.env("DATABASE_URL", &self.database_url)
            .env("METERDESK_SECRET_KEY", &self.secret_key)
            .env("METERDESK_DATA_DIR", &self.data_dir);
        c
    }

    /// Runs a CLI command; returns its stdout.
    pub fn cli(&self, args: &[&str]) -> Result<String> {
        let out = self
            .command()
            .args(args)
            .env("RUST_LOG", "warn")
            .output()
            .with_context(|| format!("running {} {}", self.path.display(), args.join(" ")))?;
        if !out.status.success() {
            bail!(
                "meterdesk {} failed ({}): {}",
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Runs a CLI command with `input` on its standard input; returns its stdout.
    pub fn cli_stdin(&self, args: &[&str], input: &str) -> Result<String> {
        let mut child = self
            .command()
            .args(args)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("running {} {}", self.path.display(), args.join(" ")))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(input.as_bytes())?;
        }
        let out = child.wait_with_output()?;
        if !out.status.success() {
            bail!(
                "meterdesk {} failed ({}): {}",
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// `meterdesk api-key create --name N`: the key is alone on the last line.
    pub fn create_api_key(&self, name: &str) -> Result<String> {
        let out = self.cli(&["api-key", "create", "--name", name])?;
        out.lines()
            .rev()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(str::to_string)
            .ok_or_else(|| anyhow!("api-key create printed nothing"))
    }

    /// Starts `meterdesk serve` on a free port; its output goes to `log`.
    pub fn serve(&self, log: &Path) -> Result<Server> {
        self.serve_with(log, &[])
    }

    /// [`Binary::serve`] with extra environment variables (e.g. a setting under test).
    pub fn serve_with(&self, log: &Path, vars: &[(&str, &str)]) -> Result<Server> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let bind = format!("127.0.0.1:{port}");
        let log_file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .with_context(|| format!("opening {}", log.display()))?;
        let child = self
            .command()
            .arg("serve")
            .env("METERDESK_BIND", &bind)
            .env(
                "RUST_LOG",
                std::env::var("MD_BENCH_SERVER_LOG").unwrap_or_else(|_| "info".into()),
            )
            .envs(vars.iter().copied())
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .spawn()
            .with_context(|| format!("starting {} serve", self.path.display()))?;
        Ok(Server {
            child,
            base: format!("http://{bind}"),
            log: log.to_path_buf(),
        })
    }
}

/// The server subprocess; killed when this value is dropped.
pub struct Server {
    child: Child,
    pub base: String,
    pub log: PathBuf,
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits until `/healthz` answers 200.
    pub async fn wait_ready(&mut self, http: &reqwest::Client) -> Result<()> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "the server exited ({status}) before answering /healthz; see {}",
                    self.log.display()
                );
            }
            if let Ok(r) = http.get(format!("{}/healthz", self.base)).send().await {
                if r.status().is_success() {
                    return Ok(());
                }
            }
            if started.elapsed() > Duration::from_secs(60) {
                bail!(
                    "the server did not answer /healthz within 60 s; see {}",
                    self.log.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A field of `/proc/<pid>/status` in bytes (VmRSS, VmHWM).
    pub fn status_bytes(&self, field: &str) -> Option<u64> {
        proc_status_bytes(self.pid(), field)
    }

    /// Resets VmHWM to the current RSS (Linux ≥ 4.0). False when not allowed.
    pub fn reset_peak(&self) -> bool {
        std::fs::OpenOptions::new()
            .write(true)
            .open(format!("/proc/{}/clear_refs", self.pid()))
            .and_then(|mut f| f.write_all(b"5"))
            .is_ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn proc_status_bytes(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status
        .lines()
        .find(|l| l.starts_with(field) && l[field.len()..].starts_with(':'))?;
    let kb: u64 = line[field.len() + 1..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

/// What the numbers were measured on.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Machine {
    pub cores: usize,
    pub cpu: String,
    pub memory_bytes: Option<u64>,
    pub kernel: String,
    pub postgres: String,
    pub git: String,
}

impl Machine {
    /// The report's lines about where it ran: cores, CPU, memory, kernel and PostgreSQL.
    pub fn describe(&self) -> String {
        format!(
            "machine : {} cores ({}), {:.1} GiB RAM, Linux {}\npostgres: {}",
            self.cores,
            self.cpu,
            self.memory_bytes.unwrap_or(0) as f64 / (1u64 << 30) as f64,
            self.kernel,
            self.postgres
        )
    }
}

/// `<target>` of the server binary at `<target>/release/meterdesk`: where reports go.
pub fn target_dir(bin: &Path) -> PathBuf {
    bin.parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// The command that reproduces this run: what `scripts/bench` says it ran, else the cargo line
/// for `bench` with these arguments.
pub fn command_line(bench: &str, args: &[String]) -> String {
    match std::env::var("MD_BENCH_COMMAND") {
        Ok(c) if !c.is_empty() => c,
        _ if args.is_empty() => format!("cargo bench --bench {bench}"),
        _ => format!("cargo bench --bench {bench} -- {}", args.join(" ")),
    }
}

pub fn machine(conn: &mut PgConnection, manifest_dir: &Path) -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    let memory_bytes = std::fs::read_to_string("/proc/meminfo").ok().and_then(|m| {
        m.lines()
            .find(|l| l.starts_with("MemTotal:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map(|kb| kb * 1024)
    });
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    let postgres = diesel::sql_query("SELECT version() AS name")
        .load::<Name>(conn)
        .ok()
        .and_then(|r| r.into_iter().next())
        .map(|r| r.name)
        .unwrap_or_default();
    let git = Command::new("git")
        .args(["describe", "--always", "--dirty", "--abbrev=10"])
        .current_dir(manifest_dir)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    Machine {
        cores: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        cpu,
        memory_bytes,
        kernel,
        postgres,
        git,
    }
}

/// CPU seconds (user + system) spent in a measured section: by the server, by this database's
/// PostgreSQL backends plus the cluster's background processes (WAL writer, checkpointer …), by
/// this program, and by everything else on the machine (`other`: other processes such as another
/// test run, which make the numbers noisy, and kernel threads such as disk writeback, which may
/// be this workload's own I/O). Backends that exited within the section count as `other`.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Cpu {
    pub server: f64,
    pub postgres: f64,
    pub client: f64,
    pub other: f64,
}

/// The counters at one moment; see [`Cpu`].
pub struct CpuSnap {
    server: f64,
    postgres: std::collections::HashMap<u32, f64>,
    client: f64,
    busy: f64,
}

#[derive(QueryableByName)]
struct Pid {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pid: i32,
}

impl CpuSnap {
    pub fn take(server_pid: u32, conn: &mut PgConnection) -> CpuSnap {
        let pids: Vec<Pid> = diesel::sql_query(
            "SELECT pid FROM pg_stat_activity \
             WHERE datname = current_database() OR backend_type <> 'client backend'",
        )
        .load(conn)
        .unwrap_or_default();
        CpuSnap {
            postgres: pids
                .iter()
                .filter_map(|p| {
                    let pid = u32::try_from(p.pid).ok()?;
                    Some((pid, proc_cpu(pid)?))
                })
                .collect(),
            server: proc_cpu(server_pid).unwrap_or(0.0),
            client: proc_cpu(std::process::id()).unwrap_or(0.0),
            busy: system_busy().unwrap_or(0.0),
        }
    }

    pub fn since(&self, before: &CpuSnap) -> Cpu {
        let postgres: f64 = self
            .postgres
            .iter()
            .map(|(pid, end)| end - before.postgres.get(pid).copied().unwrap_or(0.0))
            .sum();
        let server = self.server - before.server;
        let client = self.client - before.client;
        let other = (self.busy - before.busy - server - postgres - client).max(0.0);
        // The counters tick in hundredths of a second.
        let r = |x: f64| (x * 100.0).round() / 100.0;
        Cpu {
            server: r(server),
            postgres: r(postgres),
            client: r(client),
            other: r(other),
        }
    }
}

/// utime + stime of a process in seconds, from `/proc/<pid>/stat` (USER_HZ is 100 on Linux).
fn proc_cpu(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let close = stat.rfind(')')?;
    // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15.
    let fields: Vec<&str> = stat.get(close + 2..)?.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) as f64 / 100.0)
}

/// Non-idle CPU seconds of the whole machine since boot (`/proc/stat`).
fn system_busy() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let line = stat.lines().next()?;
    let v: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|x| x.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal
    let busy = v.first()? + v.get(1)? + v.get(2)? + v.get(5)? + v.get(6)? + v.get(7).copied().unwrap_or(0);
    Some(busy as f64 / 100.0)
}
