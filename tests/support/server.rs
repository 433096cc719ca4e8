//! The real `meterdesk` binary as a child process, killed when the guard drops (used by the
//! fault and the compatibility tests).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const SECRET: &str = "server-test-secret-server-test-secret-0123456789";

/// A directory removed when the guard drops.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(what: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!(
            "md-test-{what}-{}-{}",
            std::process::id(),
            meterdesk::crypto::random_hex(4)
        ));
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs a `meterdesk` command to completion; returns its stdout, panics with stderr on failure.
pub fn meterdesk(database_url: &str, data_dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_meterdesk"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("METERDESK_SECRET_KEY", SECRET)
        .env("METERDESK_DATA_DIR", data_dir)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "meterdesk {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A new API key, made with the CLI.
pub fn api_key(database_url: &str, data_dir: &Path) -> String {
    let out = meterdesk(database_url, data_dir, &["api-key", "create", "--name", "tests"]);
    out.lines().last().unwrap().trim().to_string()
}

/// `meterdesk serve` on a port of its choosing; killed (SIGKILL) when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:port`
    pub base: String,
    log: PathBuf,
}

impl Server {
    /// Starts the server and waits until it says where it serves (it migrates first).
    pub fn start(database_url: &str, data_dir: &Path, log_name: &str) -> Server {
        Server::start_with_env(database_url, data_dir, log_name, &[])
    }

    /// [`Server::start`] with more environment variables (e.g. `METERDESK_CLOSE_GRACE_MINUTES`).
    pub fn start_with_env(
        database_url: &str,
        data_dir: &Path,
        log_name: &str,
        env: &[(&str, &str)],
    ) -> Server {
        let log = data_dir.join(log_name);
        let mut child = Command::new(env!("CARGO_BIN_EXE_meterdesk"))
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("METERDESK_BIND", "127.0.0.1:0")
            .env("METERDESK_SECRET_KEY", SECRET)
            .env("METERDESK_DATA_DIR", data_dir)
            .env("METERDESK_DB_POOL_SIZE", "10")
            .env("RUST_LOG", "warn")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(std::fs::File::create(&log).unwrap()))
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        // Reads stdout to its end, so that the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(url) = line.strip_prefix("Meterdesk is serving on ") {
                    let _ = tx.send(url.trim().to_string());
                }
            }
        });
        let mut server = Server {
            child,
            base: String::new(),
            log,
        };
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(base) => server.base = base,
            Err(_) => panic!(
                "meterdesk serve did not start within 60 s:\n{}",
                server.log_tail()
            ),
        }
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// The server's process id (for reading its memory use).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `kill -9`, and wait for the process to be gone.
    pub fn kill9(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// Still running (never restarted, never crashed)?
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// The last lines of the server's log, for failure messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }

    /// Lines of the log that report a panic.
    pub fn panics(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .filter(|l| l.contains("panicked"))
            .map(str::to_string)
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("--- meterdesk log (last lines) ---\n{}", self.log_tail());
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
