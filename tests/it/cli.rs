//! The `meterdesk` binary's commands, run as an operator would.

use std::io::Write;
use std::process::{Command, Stdio};

use reqwest::StatusCode;

use crate::support::app::{TestApp, login};

fn meterdesk(db_url: Option<&str>, args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_meterdesk"));
    cmd.args(args)
        .env_remove("DATABASE_URL")
        .env(
            "METERDESK_SECRET_KEY",
            "cli-test-secret-cli-test-secret-0123456789",
        )
        .env("RUST_LOG", "warn")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(url) = db_url {
        cmd.env("DATABASE_URL", url);
    }
    let mut child = cmd.spawn().unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[actix_web::test]
async fn api_key_create_prints_a_key_that_authenticates() {
    let app = TestApp::spawn().await;
    let (code, out, err) = meterdesk(Some(&app.db.url), &["api-key", "create", "--name", "x"], None);
    assert_eq!(code, 0, "{err}");
    let key = out.lines().last().unwrap().trim();
    assert!(key.starts_with("md_"), "{out}");
    let res = app
        .client()
        .get(app.url("/api/v1/me"))
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[actix_web::test]
async fn create_admin_takes_a_piped_password_or_generates_one() {
    let app = TestApp::spawn().await;
    let (code, out, err) = meterdesk(
        Some(&app.db.url),
        &["create-admin", "--email", "cli@example.com", "--role", "editor"],
        Some("piped password 123\n"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        !out.contains("piped password"),
        "a chosen password is never echoed"
    );
    assert_eq!(
        login(&app, &app.client(), "cli@example.com", "piped password 123")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );

    let (code, out, _) = meterdesk(
        Some(&app.db.url),
        &["create-admin", "--email", "gen@example.com"],
        None,
    );
    assert_eq!(code, 0);
    let pw = out
        .lines()
        .find_map(|l| l.strip_prefix("password (shown once): "))
        .unwrap();
    assert_eq!(
        login(&app, &app.client(), "gen@example.com", pw).await.status(),
        StatusCode::SEE_OTHER
    );

    let (code, _, err) = meterdesk(
        Some(&app.db.url),
        &["create-admin", "--email", "gen@example.com"],
        None,
    );
    assert_eq!(code, 1);
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn migrate_applies_then_reports_nothing_to_do() {
    let tdb = crate::support::db::TestDb::empty();
    let (code, out, err) = meterdesk(Some(&tdb.url), &["migrate"], None);
    assert_eq!(code, 0, "{err}");
    assert!(!out.starts_with("0 "), "{out}");
    let (code, out, _) = meterdesk(Some(&tdb.url), &["migrate"], None);
    assert_eq!(code, 0);
    assert!(out.starts_with("0 migration(s) applied"), "{out}");
}

#[test]
fn a_missing_or_wrong_database_url_is_one_clear_line() {
    let (code, out, err) = meterdesk(None, &["migrate"], None);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: DATABASE_URL is not set"), "{err}");

    let (code, _, err) = meterdesk(Some("postgres://nobody@127.0.0.1:1/none"), &["migrate"], None);
    assert_eq!(code, 1);
    assert!(
        err.contains("cannot connect to the database at postgres://nobody@127.0.0.1:1/none"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

#[test]
fn bad_arguments_print_usage_and_exit_2() {
    let (code, _, err) = meterdesk(None, &["frobnicate"], None);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown command \"frobnicate\"") && err.contains("USAGE"),
        "{err}"
    );
    let (code, out, _) = meterdesk(None, &["help"], None);
    assert_eq!(code, 0);
    assert!(out.contains("api-key create --name N"));
}
