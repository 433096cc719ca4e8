//! A PostgreSQL database per test, cloned from a template migrated once per migration set.

use std::sync::OnceLock;

use diesel::prelude::*;
use diesel::{Connection, PgConnection, RunQueryDsl};
use sha2::{Digest, Sha256};

/// The server URL from `DATABASE_URL` with its database name replaced.
pub fn url_with_db(base: &str, db: &str) -> String {
    let (without_query, query) = match base.split_once('?') {
        Some((u, q)) => (u, Some(q)),
        None => (base, None),
    };
    let scheme_end = without_query.find("://").map(|i| i + 3).unwrap_or(0);
    let root = match without_query[scheme_end..].find('/') {
        Some(i) => &without_query[..scheme_end + i],
        None => without_query,
    };
    match query {
        Some(q) => format!("{root}/{db}?{q}"),
        None => format!("{root}/{db}"),
    }
}

pub fn base_url() -> String {
    std::env::var("DATABASE_URL")
        .expect("DATABASE_URL must point at a PostgreSQL server (scripts/test sets it up)")
}

fn admin_conn() -> PgConnection {
    let url = url_with_db(&base_url(), "postgres");
    PgConnection::establish(&url).unwrap_or_else(|e| panic!("connecting to {url}: {e}"))
}

/// Name of the template for the current migrations and database role: changes whenever a
/// migration does, and differs per role so that no role clones tables another role owns.
fn template_name(conn: &mut PgConnection) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut entries: Vec<_> = walk(&dir);
    entries.sort();
    let mut h = Sha256::new();
    for path in entries {
        h.update(path.strip_prefix(&dir).unwrap().to_string_lossy().as_bytes());
        h.update(std::fs::read(&path).unwrap());
    }
    let user: Vec<Name> = diesel::sql_query("SELECT current_user::text AS name")
        .load(conn)
        .unwrap();
    h.update(b"role:");
    h.update(user[0].name.as_bytes());
    let digest = h.finalize();
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("md_tpl_{hex}")
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// Creates the migrated template once (across processes, under an advisory lock).
fn template() -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let mut conn = admin_conn();
        let name = template_name(&mut conn);
        diesel::sql_query("SELECT pg_advisory_lock(727274)")
            .execute(&mut conn)
            .unwrap();
        // This role's templates (of this or of older migration sets).
        let existing: Vec<Name> = diesel::sql_query(
            "SELECT d.datname AS name FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba \
             WHERE d.datname LIKE 'md\\_tpl\\_%' AND r.rolname = current_user",
        )
        .load(&mut conn)
        .unwrap();
        if !existing.iter().any(|n| n.name == name) {
            let building = format!("{name}_build");
            diesel::sql_query(format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
                .execute(&mut conn)
                .unwrap();
            diesel::sql_query(format!("CREATE DATABASE {building}"))
                .execute(&mut conn)
                .unwrap();
            {
                let mut tpl = PgConnection::establish(&url_with_db(&base_url(), &building)).unwrap();
                meterdesk::db::migrate(&mut tpl).unwrap();
            }
            diesel::sql_query(format!("ALTER DATABASE {building} RENAME TO {name}"))
                .execute(&mut conn)
                .unwrap();
            // Any role with CREATEDB may clone a database marked as a template.
            diesel::sql_query(format!("ALTER DATABASE {name} IS_TEMPLATE true"))
                .execute(&mut conn)
                .unwrap();
            // Templates of older migration sets are of no further use.
            for old in existing {
                let _ = diesel::sql_query(format!("ALTER DATABASE {} IS_TEMPLATE false", old.name))
                    .execute(&mut conn);
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", old.name))
                    .execute(&mut conn);
            }
        }
        diesel::sql_query("SELECT pg_advisory_unlock(727274)")
            .execute(&mut conn)
            .unwrap();
        name
    })
}

/// A fresh, migrated database, dropped when this value is.
pub struct TestDb {
    pub name: String,
    pub url: String,
}

impl TestDb {
    pub fn new() -> TestDb {
        let template = template();
        let name = format!("md_t_{}", meterdesk::crypto::random_hex(6));
        let mut conn = admin_conn();
        diesel::sql_query(format!("CREATE DATABASE {name} TEMPLATE {template}"))
            .execute(&mut conn)
            .unwrap_or_else(|e| panic!("creating test database {name}: {e}"));
        let url = url_with_db(&base_url(), &name);
        TestDb { name, url }
    }

    /// An empty database with no migrations applied.
    pub fn empty() -> TestDb {
        let name = format!("md_t_{}", meterdesk::crypto::random_hex(6));
        let mut conn = admin_conn();
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .unwrap();
        let url = url_with_db(&base_url(), &name);
        TestDb { name, url }
    }

    pub fn conn(&self) -> PgConnection {
        PgConnection::establish(&self.url).unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let mut conn = admin_conn();
        let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name))
            .execute(&mut conn);
    }
}

#[test]
fn url_with_db_replaces_only_the_name() {
    assert_eq!(
        url_with_db("postgres://u:p@h:5432/meterdesk", "x"),
        "postgres://u:p@h:5432/x"
    );
    assert_eq!(
        url_with_db("postgres://h/db?sslmode=disable", "x"),
        "postgres://h/x?sslmode=disable"
    );
    assert_eq!(url_with_db("postgres://h", "x"), "postgres://h/x");
}

/// An SQL condition on hourly rows `x` of `rollups`: their customer's day is dense (see
/// `rollups::repo::DENSE_DAY`), the only days whose hourly rows are complete. Appended to a
/// WHERE.
pub fn dense_hours() -> String {
    format!(
        " AND EXISTS (SELECT 1 FROM rollups_daily d WHERE d.meter_id = x.meter_id \
         AND d.customer_id = x.customer_id AND d.day = date_trunc('day', x.hour, 'UTC') \
         AND d.event_count >= {})",
        meterdesk::meters::rollups::repo::DENSE_DAY
    )
}
