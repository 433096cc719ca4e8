//! A private PostgreSQL cluster in a temporary directory, on a free port: the test may stop
//! and restart it without disturbing the machine's own server. Stopped and removed when the
//! guard drops.

use std::path::PathBuf;
use std::process::{Command, Output};

use diesel::{Connection, PgConnection, RunQueryDsl};

use crate::server::TempDir;

pub struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    pub port: u16,
    /// initdb and pg_ctl refuse to run as root: then they run as the `postgres` user.
    as_postgres: bool,
    dir: TempDir,
}

/// The newest PostgreSQL server binaries (`MD_PG_BIN` overrides).
fn server_bin() -> PathBuf {
    if let Ok(dir) = std::env::var("MD_PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    match found.pop() {
        Some((_, bin)) => bin,
        None => panic!(
            "the PostgreSQL server binaries (initdb, pg_ctl) are not installed under /usr/lib/postgresql: \
             install the postgresql package (scripts/test does) or set MD_PG_BIN"
        ),
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Cluster {
    /// initdb + pg_ctl start; the superuser `md` logs in without a password over TCP.
    pub fn start() -> Cluster {
        let bin = server_bin();
        let dir = TempDir::new("pg");
        let as_postgres = is_root();
        if as_postgres {
            let out = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(&dir.0)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "chown: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let mut cluster = Cluster {
            bin,
            data: dir.0.join("data"),
            port: 0,
            as_postgres,
            dir,
        };
        let data = cluster.data.display().to_string();
        cluster.run_ok(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "md",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
        );
        // A port that was free a moment ago may be taken by the time the server binds it.
        for attempt in 0.. {
            cluster.port = free_port();
            let out = cluster.pg_ctl_start();
            if out.status.success() {
                break;
            }
            assert!(attempt < 3, "pg_ctl start: {}", cluster.describe(&out));
        }
        cluster
    }

    fn command(&self, tool: &str) -> Command {
        let program = self.bin.join(tool);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        };
        cmd.current_dir(&self.dir.0);
        cmd
    }

    fn run(&self, tool: &str, args: &[&str]) -> Output {
        self.command(tool).args(args).output().unwrap()
    }

    fn run_ok(&self, tool: &str, args: &[&str]) {
        let out = self.run(tool, args);
        assert!(out.status.success(), "{tool} {args:?}: {}", self.describe(&out));
    }

    fn describe(&self, out: &Output) -> String {
        let log = std::fs::read_to_string(self.log()).unwrap_or_default();
        format!(
            "{}{}\n--- server log ---\n{log}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    }

    fn log(&self) -> PathBuf {
        self.dir.0.join("postgres.log")
    }

    fn pg_ctl_start(&self) -> Output {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=32MB -c fsync=off",
            self.port,
            self.dir.0.display()
        );
        let data = self.data.display().to_string();
        let log = self.log().display().to_string();
        self.run(
            "pg_ctl",
            &["start", "-D", &data, "-l", &log, "-o", &options, "-w", "-t", "60"],
        )
    }

    /// The server answers again (same port, same data).
    pub fn start_again(&self) {
        let out = self.pg_ctl_start();
        assert!(out.status.success(), "pg_ctl start: {}", self.describe(&out));
    }

    /// Stops the server the way an administrator's restart does: every session is terminated
    /// (SQLSTATE 57P01), open transactions roll back, the data is kept.
    pub fn stop(&self) {
        let data = self.data.display().to_string();
        self.run_ok("pg_ctl", &["stop", "-D", &data, "-m", "fast", "-w", "-t", "60"]);
    }

    /// `pg_ctl restart -m fast`.
    pub fn restart(&self) {
        self.stop();
        self.start_again();
    }

    pub fn url(&self, database: &str) -> String {
        format!("postgres://md@127.0.0.1:{}/{database}", self.port)
    }

    /// Creates a database; returns its URL.
    pub fn create_database(&self, name: &str) -> String {
        let mut admin = PgConnection::establish(&self.url("postgres")).unwrap();
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .unwrap();
        self.url(name)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data.display().to_string();
        let _ = self.run(
            "pg_ctl",
            &["stop", "-D", &data, "-m", "immediate", "-w", "-t", "30"],
        );
    }
}
