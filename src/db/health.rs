//! The health check's own connection: it answers whether the database answers, whatever the
//! pool is doing (busy with a queue of requests, or waiting out an outage), within a deadline.

use std::sync::{Mutex, TryLockError};
use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection};

/// How recent a success must be to answer for a check that finds another one under way.
const RECENT: Duration = Duration::from_secs(1);

/// How long a check waits for one under way (within the health check's one-second budget).
const WAIT: Duration = Duration::from_millis(500);

/// One connection kept for health checks, opened on first use and reopened after a failure.
pub struct Probe {
    database_url: String,
    conn: Mutex<Option<PgConnection>>,
    /// When a check last succeeded.
    last_ok: Mutex<Option<Instant>>,
}

impl Probe {
    pub(super) fn new(database_url: &str) -> Self {
        Probe {
            database_url: database_url.to_string(),
            conn: Mutex::new(None),
            last_ok: Mutex::new(None),
        }
    }

    /// Pings the kept connection; when it is gone (a restart closed it), opens a new one. Many
    /// checks at once (a load balancer and a monitor, or a crowd) do not queue on the
    /// connection: while one is under way the others wait for its answer, and a success under a
    /// second old answers for them; a check under way that has not come back within [`WAIT`] (a
    /// connection attempt that hangs) says enough.
    pub(super) fn check(&self) -> Result<(), String> {
        let asked = Instant::now();
        let slot = loop {
            match self.conn.try_lock() {
                Ok(slot) => break slot,
                Err(TryLockError::Poisoned(p)) => break p.into_inner(),
                Err(TryLockError::WouldBlock) => {
                    let last_ok = *self.last_ok.lock().unwrap_or_else(|p| p.into_inner());
                    if last_ok.is_some_and(|at| asked.saturating_duration_since(at) < RECENT) {
                        return Ok(());
                    }
                    if asked.elapsed() >= WAIT {
                        return Err("the previous check is still waiting".into());
                    }
                    std::thread::sleep(Duration::from_millis(2));
                }
            }
        };
        let result = Self::ping_or_reconnect(slot, &self.database_url);
        if result.is_ok() {
            *self.last_ok.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now());
        }
        result
    }

    fn ping_or_reconnect(
        mut slot: std::sync::MutexGuard<'_, Option<PgConnection>>,
        database_url: &str,
    ) -> Result<(), String> {
        if let Some(conn) = slot.as_mut() {
            if super::ping(conn).is_ok() {
                return Ok(());
            }
            *slot = None;
        }
        let mut conn = PgConnection::establish(database_url).map_err(|e| e.to_string())?;
        super::ping(&mut conn).map_err(|e| e.to_string())?;
        *slot = Some(conn);
        Ok(())
    }
}
