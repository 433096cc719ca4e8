//! Database access: the connection pool, embedded migrations, and `run`, the one place that
//! moves blocking diesel work onto a blocking thread. Nothing here knows HTTP: failures come
//! back as [`Failure`], which the web layer maps to its answers (an outage is a 503).

use diesel::{PgConnection, RunQueryDsl};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub mod event_pairs;
mod failure;
pub mod functions;
mod health;
pub mod lanes;
mod lease;
pub mod lookup;
pub mod numeric;
mod pool;
pub mod predicate;
pub mod row_compare;
pub mod schema;
pub mod statement;

pub use failure::{Failure, Unavailable, is_connection_failure};
pub use lease::{Lease, Link, run_leased};
pub use pool::{DbPool, Pooled, check, connect, connect_lazy, run, run_brief};

pub type Conn = PgConnection;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// Applies every pending migration; returns the versions applied.
pub fn migrate(conn: &mut PgConnection) -> Result<Vec<String>, String> {
    conn.run_pending_migrations(MIGRATIONS)
        .map(|versions| versions.iter().map(|v| v.to_string()).collect())
        .map_err(|e| format!("migration failed: {e}"))
}

/// Whether `conn` is inside a transaction (what it writes is not committed yet).
pub fn in_transaction(conn: &mut PgConnection) -> diesel::QueryResult<bool> {
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    let depth = AnsiTransactionManager::transaction_manager_status_mut(conn).transaction_depth()?;
    Ok(depth.is_some())
}

/// `SELECT 1`: does the database answer?
pub fn ping(conn: &mut PgConnection) -> diesel::QueryResult<()> {
    diesel::sql_query("SELECT 1").execute(conn).map(|_| ())
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{}@{}", &url[..scheme_end + 3], user, &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redact_hides_password() {
        assert_eq!(
            super::redact("postgres://md:secret@127.0.0.1:5432/md"),
            "postgres://md@127.0.0.1:5432/md"
        );
        assert_eq!(
            super::redact("postgres://127.0.0.1/md"),
            "postgres://127.0.0.1/md"
        );
    }
}
