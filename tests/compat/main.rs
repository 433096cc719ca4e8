//! Compatibility tests: the official clients users already have — Dodo Payments' Python SDK
//! (and, in their own files, Stripe's and the CNCF CloudEvents library) — driven by pytest
//! against the real `meterdesk serve` on a fresh database. One Rust test per Python file, so
//! each surface passes or fails on its own; a failure shows pytest's output.
//!
//! The Python side lives next to this file (`conftest.py`, `test_*.py`, `requirements.txt`);
//! `./scripts/test` builds the venv (`target/compat-venv`) and points `MD_COMPAT_PYTHON` at it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/db.rs"]
#[allow(dead_code)]
mod db;

#[path = "../support/server.rs"]
#[allow(dead_code)]
mod server;

use std::path::{Path, PathBuf};
use std::process::Command;

use db::TestDb;
use server::{Server, TempDir, api_key};

const VENV_HINT: &str = "run ./scripts/test once (it installs python3-venv when missing, makes target/compat-venv \
and installs tests/compat/requirements.txt), or point MD_COMPAT_PYTHON at a Python that has them";

/// The Python with the pinned clients: `MD_COMPAT_PYTHON`, else the venv `scripts/test` makes.
fn python() -> PathBuf {
    let python = match std::env::var_os("MD_COMPAT_PYTHON") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("target/compat-venv/bin/python"),
    };
    assert!(
        python.exists(),
        "no Python for the compatibility tests at {}: {VENV_HINT}",
        python.display()
    );
    let check = Command::new(&python)
        .args(["-c", "import pytest, dodopayments, httpx"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}; {VENV_HINT}", python.display()));
    assert!(
        check.status.success(),
        "{} lacks the pinned clients ({}): {VENV_HINT}",
        python.display(),
        String::from_utf8_lossy(&check.stderr).trim()
    );
    python
}

/// Runs one pytest file against its own server and database; fails with pytest's output.
fn pytest(file: &str) {
    let python = python();
    let db = TestDb::new();
    let dir = TempDir::new("compat");
    let server = Server::start(&db.url, &dir.0, "server.log");
    let key = api_key(&db.url, &dir.0);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(&python)
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfEs"])
        .arg(root.join("tests/compat").join(file))
        .current_dir(root)
        .env("METERDESK_URL", &server.base)
        .env("METERDESK_API_KEY", &key)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "pytest {file} failed ({}):\n{text}\n--- server log (last lines) ---\n{}",
        out.status,
        server.log_tail()
    );
    // A skipped test is a test that did not run: not a pass.
    let summary = text.lines().rev().find(|l| l.contains(" passed")).unwrap_or("");
    assert!(
        !summary.contains("skipped") && !summary.contains("deselected"),
        "pytest {file} skipped tests:\n{text}"
    );
    println!("{file}: {summary}");
    assert!(
        server.panics().is_empty(),
        "the server panicked:\n{}",
        server.log_tail()
    );
}

/// Dodo Payments' SDK (`dodopayments`) with strict response validation: customers, meters,
/// usage events, subscriptions and their usage history.
#[test]
fn dodo() {
    pytest("test_dodo.py");
}

/// Stripe's SDK (`stripe`): customers, billing meters, v1 and v2 meter events, the event
/// session and stream, adjustments and event summaries, cross-checked against the native API.
#[test]
fn stripe() {
    pytest("test_stripe.py");
}

/// CloudEvents 1.0 through the CNCF SDK (`cloudevents`): structured, batch and binary modes.
#[test]
fn cloudevents() {
    pytest("test_cloudevents.py");
}
