//! The health check's own connection: it answers whether the database answers, whatever the
//! pool is doing (busy with a queue of requests, or waiting out an outage), within a deadline.

use std::sync::{Mutex, TryLockError};

use diesel::{Connection, PgConnection};

/// One connection kept for health checks, opened on first use and reopened after a failure.
pub struct Probe {
    database_url: String,
    conn: Mutex<Option<PgConnection>>,
}

impl Probe {
    pub(super) fn new(database_url: &str) -> Self {
        Probe {
            database_url: database_url.to_string(),
            conn: Mutex::new(None),
        }
    }

    /// Pings the kept connection; when it is gone (a restart closed it), opens a new one.
    pub(super) fn check(&self) -> Result<(), String> {
        let mut slot = match self.conn.try_lock() {
            Ok(slot) => slot,
            Err(TryLockError::Poisoned(p)) => p.into_inner(),
            // A check that has not come back yet (a connection attempt that hangs) says enough.
            Err(TryLockError::WouldBlock) => return Err("the previous check is still waiting".into()),
        };
        if let Some(conn) = slot.as_mut() {
            if super::ping(conn).is_ok() {
                return Ok(());
            }
            *slot = None;
        }
        let mut conn = PgConnection::establish(&self.database_url).map_err(|e| e.to_string())?;
        super::ping(&mut conn).map_err(|e| e.to_string())?;
        *slot = Some(conn);
        Ok(())
    }
}
