//! Headless Chromium through chromedriver, one browser per test, with a screenshot written to
//! `target/e2e-screenshots/<test>.png` when the test fails.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Fails the test (with a screenshot) unless the condition holds.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+).into());
        }
    };
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub struct Browser {
    pub client: Client,
    pub base: String,
    /// Where the browser saves downloads.
    pub downloads: PathBuf,
    profile: PathBuf,
    _driver: Driver,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    pub async fn start(base: &str) -> Browser {
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("starting {chromedriver} (scripts/test installs chromium-driver): {e}")
            });
        let driver = Driver(driver);
        let profile = std::env::temp_dir().join(format!("md-chrome-{}", meterdesk::crypto::random_hex(6)));
        let downloads = profile.join("downloads");
        std::fs::create_dir_all(&downloads).unwrap();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display()),
                ],
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                },
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let mut last_err = String::new();
        for _ in 0..100 {
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Browser {
                        client,
                        base: base.to_string(),
                        downloads,
                        profile,
                        _driver: driver,
                    };
                }
                Err(e) => {
                    last_err = e.to_string();
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
        panic!("chromedriver on port {port} did not start a browser: {last_err}");
    }

    pub async fn goto(&self, path: &str) -> Result<(), fantoccini::error::CmdError> {
        self.client.goto(&format!("{}{}", self.base, path)).await
    }

    pub async fn path(&self) -> Result<String, fantoccini::error::CmdError> {
        let url = self.client.current_url().await?;
        Ok(match url.query() {
            Some(q) => format!("{}?{}", url.path(), q),
            None => url.path().to_string(),
        })
    }

    /// The text of the first element `css` finds, waiting up to 10 s for one. A live page
    /// replaces elements as its stream updates them, so the element found can be gone when it
    /// is read (a stale element reference): it is then found again, a few times at most.
    pub async fn text(&self, css: &str) -> Result<String, fantoccini::error::CmdError> {
        let mut stale = 0;
        loop {
            let read = self
                .client
                .wait()
                .at_most(Duration::from_secs(10))
                .for_element(Locator::Css(css))
                .await?
                .text()
                .await;
            match read {
                Err(e) if e.is_stale_element_reference() && stale < 5 => stale += 1,
                other => return other,
            }
        }
    }

    pub async fn fill(&self, css: &str, value: &str) -> Result<(), fantoccini::error::CmdError> {
        let el = self
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await?;
        el.clear().await?;
        el.send_keys(value).await
    }

    pub async fn click(&self, css: &str) -> Result<(), fantoccini::error::CmdError> {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await?
            .click()
            .await
    }

    /// Waits for a finished download whose name ends with `suffix`; returns its content.
    pub async fn downloaded(&self, suffix: &str) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
        for _ in 0..100 {
            if let Ok(entries) = std::fs::read_dir(&self.downloads) {
                for entry in entries.flatten() {
                    let name = entry.file_name().to_string_lossy().to_string();
                    if name.ends_with(suffix) && !name.ends_with(".crdownload") {
                        return Ok(std::fs::read(entry.path())?);
                    }
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!("no download ending in {suffix} in {}", self.downloads.display()).into())
    }

    /// Waits until the page's path (with query) satisfies `pred`.
    pub async fn wait_for_path(
        &self,
        pred: impl Fn(&str) -> bool,
    ) -> Result<String, Box<dyn std::error::Error>> {
        for _ in 0..100 {
            let p = self.path().await?;
            if pred(&p) {
                return Ok(p);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!("still at {} after 10 s", self.path().await?).into())
    }

    /// Runs axe-core (the accessibility engine; `scripts/test` installs it) on the current page
    /// and returns its serious and critical violations, one line each: rule, impact, and where.
    pub async fn axe_violations(&self) -> Result<Vec<String>, Box<dyn std::error::Error>> {
        let path = std::env::var("MD_AXE_JS").map(PathBuf::from).unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/axe/node_modules/axe-core/axe.min.js")
        });
        let source = std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "axe-core is not at {} ({e}): run ./scripts/test, which installs it",
                path.display()
            )
        })?;
        self.client.execute(&source, vec![]).await?;
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {resultTypes: ['violations']})
                    .then(r => done(r.violations
                        .filter(v => v.impact === 'serious' || v.impact === 'critical')
                        .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' +
                             v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ') +
                             ' — ' + (v.nodes[0] ? v.nodes[0].failureSummary : '').replace(/\\s+/g, ' '))))
                    .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await?;
        Ok(result
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            .unwrap_or_default())
    }

    /// Ends the test: on failure writes a screenshot, then closes the browser and reports.
    pub async fn finish(self, test: &str, result: TestResult) {
        if let Err(e) = &result {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/e2e-screenshots");
            let _ = std::fs::create_dir_all(&dir);
            let file = dir.join(format!("{test}.png"));
            match self.client.screenshot().await {
                Ok(png) => {
                    let _ = std::fs::write(&file, png);
                    eprintln!("{test} failed: {e}\nscreenshot: {}", file.display());
                }
                Err(shot) => eprintln!("{test} failed: {e} (no screenshot: {shot})"),
            }
        }
        let _ = self.client.close().await;
        let _ = std::fs::remove_dir_all(&self.profile);
        if let Err(e) = result {
            panic!("{test}: {e}");
        }
    }
}
