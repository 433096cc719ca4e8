//! The real application on a random port, against its own database, plus helpers to act as
//! an operator or an API client.

use std::net::TcpListener;

use meterdesk::audit::Actor;
use meterdesk::auth::model::Role;
use meterdesk::auth::service;
use meterdesk::{AppState, Config};
use reqwest::StatusCode;
use reqwest::redirect::Policy;

use super::db::TestDb;
use super::html;

pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub db: TestDb,
    pub addr: String,
    pub state: AppState,
}

pub fn test_config(database_url: &str) -> Config {
    test_config_with(database_url, &[])
}

/// The test configuration with some variables set otherwise (`(name, value)`).
pub fn test_config_with(database_url: &str, overrides: &[(&str, &str)]) -> Config {
    let data_dir = std::env::temp_dir().join("meterdesk-tests");
    Config::from_lookup(|name| match name {
        n if overrides.iter().any(|(k, _)| *k == n) => overrides
            .iter()
            .find(|(k, _)| *k == n)
            .map(|(_, v)| v.to_string()),
        "DATABASE_URL" => Some(database_url.to_string()),
        "METERDESK_SECRET_KEY" => Some("test-secret-key-test-secret-key-0123456789".into()),
        "METERDESK_DATA_DIR" => Some(data_dir.display().to_string()),
        "METERDESK_BIND" => Some("127.0.0.1:0".into()),
        "METERDESK_DB_POOL_SIZE" => Some("4".into()),
        "METERDESK_CHARGES_CACHE_SECONDS" => Some("0".into()),
        // Cycles close only when a test asks (POST /api/v1/statements/close), never under it.
        "METERDESK_CLOSE_GRACE_MINUTES" => Some("5256000".into()),
        _ => None,
    })
    .expect("test config")
}

impl TestApp {
    /// Starts the server on the current actix/tokio runtime.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(&[]).await
    }

    /// Starts the server with some configuration variables set otherwise.
    pub async fn spawn_with(overrides: &[(&str, &str)]) -> TestApp {
        let db = TestDb::new();
        let config = test_config_with(&db.url, overrides);
        let pool = meterdesk::db::connect(&db.url, config.db_pool_size).expect("pool");
        let state = AppState::new(pool, config);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = format!("http://{}", listener.local_addr().unwrap());
        let server = meterdesk::start_server(state.clone(), listener).unwrap();
        actix_web::rt::spawn(server);
        TestApp { db, addr, state }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.addr, path)
    }

    /// A browser-like client: keeps cookies, does not follow redirects. An idle connection is
    /// dropped before the server's 5 s keep-alive closes it: reused just as the server closed
    /// it, a request failed with `IncompleteMessage` (an API call after a slow browser step).
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .pool_idle_timeout(std::time::Duration::from_secs(2))
            .build()
            .unwrap()
    }

    pub fn conn(&self) -> diesel::PgConnection {
        self.db.conn()
    }

    /// A connection after every queued block is rolled up: for checks that read the rollups
    /// tables themselves (the app's reads add the queued events on their own).
    pub fn rolled_conn(&self) -> diesel::PgConnection {
        let mut conn = self.db.conn();
        meterdesk::meters::rollups::roller::catch_up(&mut conn).unwrap();
        conn
    }

    pub fn create_operator(&self, email: &str, role: Role) {
        let mut conn = self.conn();
        service::create_operator(&mut conn, &Actor::Cli, email, role, Some(PASSWORD)).unwrap();
    }

    /// A signed-in operator with the given role.
    pub async fn session(&self, role: Role) -> Session {
        let email = format!(
            "{}-{}@example.com",
            role.as_str(),
            meterdesk::crypto::random_hex(3)
        );
        self.create_operator(&email, role);
        let client = self.client();
        let res = login(self, &client, &email, PASSWORD).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "login of {email} failed");
        let page = client
            .get(self.url("/settings"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = html::csrf_token(&page).expect("a CSRF token on the settings page");
        Session {
            client,
            csrf,
            email,
            base: self.addr.clone(),
        }
    }

    /// A fresh API key.
    pub fn api_key(&self) -> String {
        let mut conn = self.conn();
        service::create_api_key(&mut conn, &Actor::Cli, "tests")
            .unwrap()
            .1
    }

    /// The id of the first API key (the one `api()` created).
    pub fn api_key_id(&self) -> i64 {
        use diesel::prelude::*;
        use meterdesk::db::schema::api_keys;
        api_keys::table
            .select(api_keys::id)
            .order(api_keys::id)
            .first(&mut self.conn())
            .unwrap()
    }

    pub fn api(&self) -> Api {
        Api {
            client: self.client(),
            key: self.api_key(),
            base: self.addr.clone(),
        }
    }
}

/// GET /login for the form's token, then POST the credentials.
pub async fn login(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    password: &str,
) -> reqwest::Response {
    let form = client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = html::csrf_token(&form).expect("a CSRF token on the login form");
    client
        .post(app.url("/login"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("email", email),
            ("password", password),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap()
}

/// A signed-in browser session.
pub struct Session {
    pub client: reqwest::Client,
    pub csrf: String,
    pub email: String,
    pub base: String,
}

impl Session {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_text(&self, path: &str) -> (StatusCode, String) {
        let res = self.get(path).await;
        let status = res.status();
        (status, res.text().await.unwrap())
    }

    /// A page's text as a browser asking for `language` (Accept-Language) gets it.
    pub async fn get_text_in(&self, path: &str, language: &str) -> String {
        self.client
            .get(self.url(path))
            .header(reqwest::header::ACCEPT_LANGUAGE, language)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// POSTs a form with this session's CSRF token added.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", self.csrf.as_str())];
        all.extend_from_slice(fields);
        self.client.post(self.url(path)).form(&all).send().await.unwrap()
    }

    pub async fn post_text(&self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
        let res = self.post(path, fields).await;
        let status = res.status();
        (status, res.text().await.unwrap())
    }
}

/// An API client with a valid key.
pub struct Api {
    pub client: reqwest::Client,
    pub key: String,
    pub base: String,
}

impl Api {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, serde_json::Value) {
        let res = self
            .client
            .get(self.url(path))
            .bearer_auth(&self.key)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let body = res.text().await.unwrap();
        (
            status,
            serde_json::from_str(&body).unwrap_or(serde_json::Value::String(body)),
        )
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &serde_json::Value,
    ) -> (StatusCode, serde_json::Value) {
        let res = self
            .client
            .request(method, self.url(path))
            .bearer_auth(&self.key)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
        )
    }

    pub async fn post(&self, path: &str, body: &serde_json::Value) -> (StatusCode, serde_json::Value) {
        self.send(reqwest::Method::POST, path, body).await
    }
}
