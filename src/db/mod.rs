//! Database access: the connection pool, embedded migrations, and `run`, the one place that
//! moves blocking diesel work onto actix's blocking thread pool.

use diesel::PgConnection;
use diesel::r2d2::{ConnectionManager, Pool};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::error::AppError;

pub mod functions;
pub mod predicate;
pub mod schema;
pub mod statement;

pub type DbPool = Pool<ConnectionManager<PgConnection>>;
pub type Conn = PgConnection;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// Builds a pool; fails fast with a readable message when the database does not answer.
pub fn connect(database_url: &str, max_size: u32) -> Result<DbPool, String> {
    let manager = ConnectionManager::<PgConnection>::new(database_url);
    Pool::builder()
        .max_size(max_size)
        // No `SELECT 1` before every use: a broken connection fails its one request and is
        // then dropped from the pool (diesel's manager reports it broken).
        .test_on_check_out(false)
        .connection_timeout(std::time::Duration::from_secs(10))
        .build(manager)
        .map_err(|e| format!("cannot connect to the database at {}: {e}", redact(database_url)))
}

/// A pool that connects on first use (for tools and tests that must start without a database).
pub fn connect_lazy(database_url: &str, max_size: u32, timeout: std::time::Duration) -> DbPool {
    Pool::builder()
        .max_size(max_size)
        .min_idle(Some(0))
        .connection_timeout(timeout)
        .build_unchecked(ConnectionManager::<PgConnection>::new(database_url))
}

/// Applies every pending migration; returns the versions applied.
pub fn migrate(conn: &mut PgConnection) -> Result<Vec<String>, String> {
    conn.run_pending_migrations(MIGRATIONS)
        .map(|versions| versions.iter().map(|v| v.to_string()).collect())
        .map_err(|e| format!("migration failed: {e}"))
}

/// Runs `f` with a pooled connection on the blocking thread pool.
pub async fn run<F, T, E>(pool: &DbPool, f: F) -> Result<T, AppError>
where
    F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: Into<AppError> + Send + 'static,
{
    let pool = pool.clone();
    actix_web::web::block(move || {
        let mut conn = pool.get()?;
        f(&mut conn).map_err(Into::into)
    })
    .await
    .map_err(|e| AppError::internal(format!("blocking task failed: {e}")))?
}

/// `SELECT 1`: does the database answer?
pub fn ping(conn: &mut PgConnection) -> diesel::QueryResult<()> {
    use diesel::RunQueryDsl;
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
