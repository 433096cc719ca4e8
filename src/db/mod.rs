//! Database access: the connection pool, embedded migrations, and `run`, the one place that
//! moves blocking diesel work onto actix's blocking thread pool.

use std::sync::Arc;

use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::{PgConnection, RunQueryDsl};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use tokio::sync::Semaphore;

use crate::error::AppError;

pub mod functions;
pub mod predicate;
pub mod schema;
pub mod statement;

pub type Conn = PgConnection;
type Manager = ConnectionManager<PgConnection>;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// The connection pool, with a first-come, first-served queue in front of it: r2d2 hands a
/// freed connection to whichever waiting thread wakes first, so under load some requests
/// would wait far longer than others; [`run`] takes a turn here before it takes a thread.
#[derive(Clone)]
pub struct DbPool {
    pool: Pool<Manager>,
    turns: Arc<Semaphore>,
}

impl DbPool {
    fn new(pool: Pool<Manager>) -> Self {
        let turns = Arc::new(Semaphore::new(pool.max_size() as usize));
        Self { pool, turns }
    }

    /// A connection, outside the queue (for the CLI and for long streams).
    pub fn get(&self) -> Result<PooledConnection<Manager>, diesel::r2d2::PoolError> {
        self.pool.get()
    }
}

/// Settings every pooled connection gets once, when it is opened.
#[derive(Debug)]
struct SessionSettings;

impl CustomizeConnection<PgConnection, diesel::r2d2::Error> for SessionSettings {
    fn on_acquire(&self, conn: &mut PgConnection) -> Result<(), diesel::r2d2::Error> {
        // The portal's statements are short index reads; PostgreSQL's JIT compiles them when
        // a row estimate is large and spends more time compiling (7-9 ms) than running (3 ms).
        diesel::sql_query("SET jit = off")
            .execute(conn)
            .map(|_| ())
            .map_err(diesel::r2d2::Error::QueryError)
    }
}

/// Builds a pool; fails fast with a readable message when the database does not answer.
pub fn connect(database_url: &str, max_size: u32) -> Result<DbPool, String> {
    let manager = ConnectionManager::<PgConnection>::new(database_url);
    Pool::builder()
        .max_size(max_size)
        // No `SELECT 1` before every use: a broken connection fails its one request and is
        // then dropped from the pool (diesel's manager reports it broken).
        .test_on_check_out(false)
        .connection_timeout(std::time::Duration::from_secs(10))
        .connection_customizer(Box::new(SessionSettings))
        .build(manager)
        .map(DbPool::new)
        .map_err(|e| format!("cannot connect to the database at {}: {e}", redact(database_url)))
}

/// A pool that connects on first use (for tools and tests that must start without a database).
pub fn connect_lazy(database_url: &str, max_size: u32, timeout: std::time::Duration) -> DbPool {
    DbPool::new(
        Pool::builder()
            .max_size(max_size)
            .min_idle(Some(0))
            .connection_timeout(timeout)
            .connection_customizer(Box::new(SessionSettings))
            .build_unchecked(ConnectionManager::<PgConnection>::new(database_url)),
    )
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
    // Waiting here costs no thread; the turn is held until the work is done.
    let _turn = pool
        .turns
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| AppError::internal("the connection pool is closed"))?;
    let pool = pool.pool.clone();
    actix_web::web::block(move || {
        let mut conn = pool.get()?;
        f(&mut conn).map_err(Into::into)
    })
    .await
    .map_err(|e| AppError::internal(format!("blocking task failed: {e}")))?
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
