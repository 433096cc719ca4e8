//! The baselines, straight into PostgreSQL: `COPY … FROM STDIN` (B1) and one `psql` session
//! doing `\copy` into a temporary table + `INSERT … SELECT … ON CONFLICT DO NOTHING` (B3); plus
//! resetting the tables between rounds and the checks after each.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use crate::env::scalar;

// Only the columns the baseline writes; the rest take their defaults (seq, received_at …).
diesel::table! {
    events (event_id) {
        event_id -> Text,
        customer_id -> Text,
        event_name -> Text,
        ts -> Timestamptz,
        metadata -> Jsonb,
        source -> Text,
    }
}

/// `TRUNCATE` of every table that was empty once setup was done (events, the rollup tables of
/// every grain, uploads …), whatever the schema holds by then.
static RESET: OnceLock<String> = OnceLock::new();

#[derive(QueryableByName)]
struct Table {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Empty {
    #[diesel(sql_type = Bool)]
    empty: bool,
}

/// Records which tables `reset` empties: those with no rows now (call once setup is done).
pub fn init_reset(conn: &mut PgConnection) -> Result<Vec<String>> {
    let tables: Vec<Table> = diesel::sql_query(
        "SELECT format('%I', c.relname) AS name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
         ORDER BY c.relname",
    )
    .load(conn)
    .context("listing the tables")?;
    let mut empty = Vec::new();
    for t in tables {
        let e: Vec<Empty> =
            diesel::sql_query(format!("SELECT NOT EXISTS (SELECT 1 FROM {}) AS empty", t.name)).load(conn)?;
        if e.first().is_some_and(|e| e.empty) {
            empty.push(t.name);
        }
    }
    if !empty.iter().any(|t| t == "events") {
        bail!("the events table is not empty after setup");
    }
    let _ = RESET.set(format!("TRUNCATE {}", empty.join(", ")));
    Ok(empty)
}

/// Empties the tables ingest writes, so every measured side starts from the same state.
pub fn reset(conn: &mut PgConnection) -> Result<()> {
    let sql = RESET
        .get()
        .map(String::as_str)
        .unwrap_or("TRUNCATE events, rollups");
    // The server's roller may be folding the last blocks in: a TRUNCATE that deadlocks with
    // it is tried again.
    let mut tries = 0;
    loop {
        match diesel::sql_query(sql).execute(conn) {
            Ok(_) => return Ok(()),
            Err(e) if tries < 5 && e.to_string().contains("deadlock detected") => tries += 1,
            Err(e) => return Err(e).with_context(|| sql.to_string()),
        }
    }
}

/// `CHECKPOINT`, so that no side pays for flushing the previous side's writes. Needs superuser
/// or `pg_checkpoint`; returns whether it ran.
pub fn checkpoint(conn: &mut PgConnection) -> bool {
    diesel::sql_query("CHECKPOINT").execute(conn).is_ok()
}

/// Waits (polling every 20 ms, at most 300 s) until the roller has folded every queued block
/// into the rollups; returns how long that took after the last answer.
pub fn drain(conn: &mut PgConnection) -> Result<Duration> {
    let started = Instant::now();
    while scalar(conn, "SELECT count(*)::int8 AS n FROM rollup_queue")? > 0 {
        if started.elapsed() > Duration::from_secs(300) {
            bail!("the roller did not empty rollup_queue within 300 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(started.elapsed())
}

pub fn count_events(conn: &mut PgConnection) -> Result<i64> {
    scalar(conn, "SELECT count(*)::int8 AS n FROM events")
}

/// (Σ event_count, Σ value_sum) over a meter's daily rollups (a sparse day keeps no hourly rows).
pub fn rollup_totals(conn: &mut PgConnection, meter_id: &str) -> Result<(i64, i64)> {
    let q = |col: &str| {
        format!(
            "SELECT COALESCE(sum({col}), 0)::int8 AS n FROM rollups_daily WHERE meter_id = '{}'",
            meter_id.replace('\'', "''")
        )
    };
    Ok((scalar(conn, &q("event_count"))?, scalar(conn, &q("value_sum"))?))
}

/// `COPY events (event_id, customer_id, event_name, ts, metadata, source) FROM STDIN` of the
/// text rows in `data`, over one connection per chunk (all in flight at once). Returns the time
/// from the first COPY's start to the last one's end, and the rows copied.
pub fn copy(conns: &mut [PgConnection], chunks: &[Vec<u8>]) -> Result<(Duration, usize)> {
    let started = Instant::now();
    let results: Vec<QueryResult<usize>> = std::thread::scope(|s| {
        let handles: Vec<_> = conns
            .iter_mut()
            .zip(chunks)
            .map(|(conn, data)| {
                s.spawn(move || {
                    diesel::copy_from(events::table)
                        .from_raw_data(
                            (
                                events::event_id,
                                events::customer_id,
                                events::event_name,
                                events::ts,
                                events::metadata,
                                events::source,
                            ),
                            |w: &mut dyn Write| {
                                w.write_all(data)
                                    .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))
                            },
                        )
                        .execute(conn)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or(Err(diesel::result::Error::RollbackTransaction))
            })
            .collect()
    });
    let elapsed = started.elapsed();
    let mut rows = 0;
    for r in results {
        rows += r.context("COPY events FROM STDIN")?;
    }
    Ok((elapsed, rows))
}

/// The B3 baseline script: one transaction, `\copy` of the file into a temporary table, then
/// one `INSERT … SELECT … ON CONFLICT DO NOTHING` into `events` that keeps the rows the upload
/// would accept (known customer, RFC 3339 timestamp, numeric tokens) with derived ids.
pub fn psql_script(file: &Path, id_prefix: &str) -> String {
    let file = file.display().to_string().replace('\'', "''");
    format!(
        r#"BEGIN;
CREATE TEMP TABLE bench_upload (
    line bigserial, "timestamp" text, event_name text, payload_customer_id text,
    payload_tokens text, payload_region text, payload_model text
) ON COMMIT DROP;
\copy bench_upload ("timestamp", event_name, payload_customer_id, payload_tokens, payload_region, payload_model) FROM '{file}' WITH (FORMAT csv, HEADER true)
INSERT INTO events (event_id, customer_id, event_name, ts, metadata, source, upload_row)
SELECT '{id_prefix}' || (t.line + 1), t.payload_customer_id, t.event_name, t."timestamp"::timestamptz,
       jsonb_build_object('tokens', t.payload_tokens, 'region', t.payload_region, 'model', t.payload_model),
       'upload', (t.line + 1)::int4
FROM bench_upload t
JOIN customers c ON c.id = t.payload_customer_id
WHERE t."timestamp" ~ '^\d{{4}}-\d{{2}}-\d{{2}}T\d{{2}}:\d{{2}}:\d{{2}}Z$'
  AND t.payload_tokens ~ '^[0-9]+(\.[0-9]+)?$'
ON CONFLICT DO NOTHING;
COMMIT;
"#
    )
}

/// Runs a script file in one `psql` session (`psql -X -q -v ON_ERROR_STOP=1 -d URL -f FILE`);
/// the wall time includes psql's start and its connection (a few milliseconds).
pub fn psql(url: &str, script: &Path) -> Result<Duration> {
    let started = Instant::now();
    let out = Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f"])
        .arg(script)
        .output()
        .context("starting psql (install postgresql-client)")?;
    let elapsed = started.elapsed();
    if !out.status.success() {
        bail!(
            "psql failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(elapsed)
}
