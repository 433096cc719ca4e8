//! Typed configuration read from the environment once at start-up and passed around as app data.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use crate::crypto;

/// Everything the server needs to know about its surroundings.
#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    /// Key for HMAC-signing CSRF tokens; 32+ bytes.
    pub secret_key: Vec<u8>,
    /// Set the `Secure` attribute on cookies (serve behind https).
    pub cookie_secure: bool,
    /// Sessions end after this many minutes without a request.
    pub session_idle_minutes: i64,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_proxy: bool,
    pub db_pool_size: u32,
    /// API batches stored at once before a batch that is ready waits and is stored together
    /// with the others waiting (`ingest::together`); 0: every batch stores alone.
    pub stores_in_flight: usize,
    /// Events older than this many days are refused over the API.
    pub max_event_age_days: i64,
    /// How long the overview's usage-charges figure (every subscription's current cycle) is
    /// reused before it is computed again. 0 computes it on every view.
    pub charges_cache_seconds: u64,
    /// How long the overview's and the customers table's figures may be reused when nothing
    /// was written through this process meanwhile (any write makes them stale at once). 0
    /// computes them on every view.
    pub page_cache_seconds: u64,
    /// A billing cycle closes into a statement this many minutes after it ends.
    pub close_grace_minutes: u32,
}

/// A configuration problem, phrased for the operator who has to fix it.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "DATABASE_URL is not set: set it to a PostgreSQL URL such as postgres://meterdesk:meterdesk@127.0.0.1:5432/meterdesk"
    )]
    MissingDatabaseUrl,
    #[error("DATABASE_URL must start with postgres:// or postgresql:// (got a value starting with {0:?})")]
    BadDatabaseUrl(String),
    #[error("{name} has an invalid value {value:?}: {expected}")]
    Invalid {
        name: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error("data directory {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
}

impl Config {
    /// How long analytics page figures may be reused (see [`crate::analytics::cache`]).
    pub fn page_cache(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.page_cache_seconds)
    }

    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `lookup` (the environment, or a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let database_url = lookup("DATABASE_URL")
            .filter(|v| !v.trim().is_empty())
            .ok_or(ConfigError::MissingDatabaseUrl)?;
        if !(database_url.starts_with("postgres://") || database_url.starts_with("postgresql://")) {
            let start: String = database_url.chars().take(12).collect();
            return Err(ConfigError::BadDatabaseUrl(start));
        }
        let bind = parse_var(
            &lookup,
            "METERDESK_BIND",
            "127.0.0.1:8080",
            "an address such as 127.0.0.1:8080",
        )?;
        let data_dir = PathBuf::from(lookup("METERDESK_DATA_DIR").unwrap_or_else(|| "data".into()));
        let secret_key = match lookup("METERDESK_SECRET_KEY").filter(|v| !v.is_empty()) {
            Some(key) if key.len() >= 32 => key.into_bytes(),
            Some(key) => {
                return Err(ConfigError::Invalid {
                    name: "METERDESK_SECRET_KEY",
                    value: format!("({} characters)", key.len()),
                    expected: "at least 32 characters; unset it to have one generated in the data directory",
                });
            }
            None => load_or_create_secret(&data_dir)?,
        };
        Ok(Config {
            database_url,
            bind,
            data_dir,
            secret_key,
            cookie_secure: parse_var(&lookup, "METERDESK_COOKIE_SECURE", "false", "true or false")?,
            session_idle_minutes: parse_var(
                &lookup,
                "METERDESK_SESSION_IDLE_MINUTES",
                "60",
                "a number of minutes",
            )?,
            trust_proxy: parse_var(&lookup, "METERDESK_TRUST_PROXY", "false", "true or false")?,
            db_pool_size: parse_var(&lookup, "METERDESK_DB_POOL_SIZE", "10", "a number of connections")?,
            stores_in_flight: parse_var(&lookup, "METERDESK_STORES_IN_FLIGHT", "2", "a number of stores")?,
            max_event_age_days: parse_var(&lookup, "METERDESK_MAX_EVENT_AGE_DAYS", "35", "a number of days")?,
            charges_cache_seconds: parse_var(
                &lookup,
                "METERDESK_CHARGES_CACHE_SECONDS",
                "30",
                "a number of seconds",
            )?,
            page_cache_seconds: parse_var(
                &lookup,
                "METERDESK_PAGE_CACHE_SECONDS",
                "5",
                "a number of seconds",
            )?,
            close_grace_minutes: parse_var(
                &lookup,
                "METERDESK_CLOSE_GRACE_MINUTES",
                "60",
                "a number of minutes",
            )?,
        })
    }
}

fn parse_var<T: std::str::FromStr>(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: &str,
    expected: &'static str,
) -> Result<T, ConfigError> {
    let value = lookup(name)
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| default.to_string());
    value.trim().parse().map_err(|_| ConfigError::Invalid {
        name,
        value,
        expected,
    })
}

/// The secret kept in `<data dir>/secret_key`, created (mode 0600) on first use so that
/// sessions survive restarts.
fn load_or_create_secret(data_dir: &Path) -> Result<Vec<u8>, ConfigError> {
    let path = data_dir.join("secret_key");
    let io_err = |source| ConfigError::DataDir {
        path: path.display().to_string(),
        source,
    };
    match std::fs::read_to_string(&path) {
        Ok(existing) if existing.trim().len() >= 32 => return Ok(existing.trim().as_bytes().to_vec()),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_err(e)),
    }
    std::fs::create_dir_all(data_dir).map_err(io_err)?;
    let secret = crypto::random_hex(32);
    write_private(&path, &secret).map_err(io_err)?;
    Ok(secret.into_bytes())
}

fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(content.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    const KEY: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn missing_database_url_is_one_clear_line() {
        let err = config(&[("METERDESK_SECRET_KEY", KEY)])
            .err()
            .map(|e| e.to_string());
        assert!(err.unwrap_or_default().starts_with("DATABASE_URL is not set"));
    }

    #[test]
    fn wrong_scheme_is_refused() {
        let err = config(&[("DATABASE_URL", "mysql://x"), ("METERDESK_SECRET_KEY", KEY)]).err();
        assert!(matches!(err, Some(ConfigError::BadDatabaseUrl(_))));
    }

    #[test]
    fn defaults_apply() -> Result<(), ConfigError> {
        let c = config(&[("DATABASE_URL", "postgres://h/db"), ("METERDESK_SECRET_KEY", KEY)])?;
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.session_idle_minutes, 60);
        assert_eq!(c.max_event_age_days, 35);
        assert!(!c.cookie_secure);
        assert_eq!(c.close_grace_minutes, 60);
        Ok(())
    }

    #[test]
    fn bad_bind_names_the_variable() {
        let err = config(&[
            ("DATABASE_URL", "postgres://h/db"),
            ("METERDESK_SECRET_KEY", KEY),
            ("METERDESK_BIND", "nowhere"),
        ])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(err.contains("METERDESK_BIND"), "{err}");
    }

    #[test]
    fn a_negative_close_grace_is_refused() {
        let err = config(&[
            ("DATABASE_URL", "postgres://h/db"),
            ("METERDESK_SECRET_KEY", KEY),
            ("METERDESK_CLOSE_GRACE_MINUTES", "-5"),
        ]);
        assert!(matches!(
            err,
            Err(ConfigError::Invalid {
                name: "METERDESK_CLOSE_GRACE_MINUTES",
                ..
            })
        ));
    }

    #[test]
    fn short_secret_is_refused() {
        let err = config(&[
            ("DATABASE_URL", "postgres://h/db"),
            ("METERDESK_SECRET_KEY", "short"),
        ]);
        assert!(matches!(
            err,
            Err(ConfigError::Invalid {
                name: "METERDESK_SECRET_KEY",
                ..
            })
        ));
    }

    #[test]
    fn generated_secret_is_kept() -> Result<(), ConfigError> {
        let dir = std::env::temp_dir().join(format!("meterdesk-cfg-{}", crypto::random_hex(6)));
        let dir_s = dir.display().to_string();
        let vars = [
            ("DATABASE_URL", "postgres://h/db"),
            ("METERDESK_DATA_DIR", dir_s.as_str()),
        ];
        let first = config(&vars)?.secret_key;
        let second = config(&vars)?.secret_key;
        assert_eq!(first, second);
        assert_eq!(first.len(), 64);
        let _ = std::fs::remove_dir_all(dir);
        Ok(())
    }
}
