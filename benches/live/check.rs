//! At the end of every phase: every acknowledged event stored exactly once (counted by the
//! phase's id prefix, in `events` and in `event_ids`), and once the roller has emptied the
//! queue, every rollup grain of the run's meters equal to a recount from the raw events.

use std::time::{Duration, Instant};

use anyhow::Result;
use diesel::prelude::*;
use diesel::sql_types::Text;
use serde::Serialize;

use crate::env::scalar;
use crate::load::Tally;
use crate::traffic::{CALL, FILTER_MODEL, STORAGE};

/// The run's four meters.
#[derive(Debug, Clone, Serialize)]
pub struct Meters {
    pub count: String,
    pub sum: String,
    pub filtered: String,
    pub max: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub acknowledged: u64,
    /// Rows of `events` / distinct ids / rows of `event_ids` with the phase's prefix.
    pub stored: i64,
    pub distinct: i64,
    pub ids: i64,
    /// Blocks of receipt numbers the events are in: the statements that stored them (the
    /// server stores batches that wait for a store together, in one block).
    pub blocks: i64,
    /// Batches with no answer (their events may or may not be stored).
    pub unanswered_batches: u64,
    /// From the last answer until `rollup_queue` was empty, s.
    pub drain_s: f64,
    pub drained: bool,
    /// Rollup rows (every grain) that differ from the recount, and a few of them.
    pub mismatches: usize,
    pub examples: Vec<String>,
    pub pass: bool,
}

impl Check {
    pub fn line(&self) -> String {
        let mut s = format!(
            "acknowledged {} · stored {} ({} distinct ids, {} in event_ids, {} blocks) · queue drained in {} · rollups vs recount: {} differ",
            self.acknowledged,
            self.stored,
            self.distinct,
            self.ids,
            self.blocks,
            if self.drained {
                format!("{:.1} s", self.drain_s)
            } else {
                format!("NOT within {:.0} s", self.drain_s)
            },
            self.mismatches
        );
        if self.unanswered_batches > 0 {
            s.push_str(&format!(" · {} batches unanswered", self.unanswered_batches));
        }
        s
    }
}

/// Polls `rollup_queue` every 100 ms until it is empty; returns (seconds, drained).
pub async fn drain(conn: &mut PgConnection, timeout: Duration) -> Result<(f64, bool)> {
    let started = Instant::now();
    loop {
        if scalar(conn, "SELECT count(*)::int8 AS n FROM rollup_queue")? == 0 {
            return Ok((started.elapsed().as_secs_f64(), true));
        }
        if started.elapsed() > timeout {
            return Ok((started.elapsed().as_secs_f64(), false));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[derive(QueryableByName)]
struct What {
    #[diesel(sql_type = Text)]
    what: String,
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Rows of each grain that differ from a recount of the events (UTC hours and days): counts
/// for every meter, sums for the sum meters (the filtered one counting `model = large` only),
/// the max for the max meter; the per-meter day totals summed over their stripes; and the
/// per-day and per-customer activity counters.
fn recount_sql(m: &Meters) -> String {
    let (c, s, f, x) = (quote(&m.count), quote(&m.sum), quote(&m.filtered), quote(&m.max));
    let ours = format!("{c}, {s}, {f}, {x}");
    let differs = "r.event_count IS DISTINCT FROM h.n
                   OR (h.agg = 'sum' AND r.value_sum IS DISTINCT FROM h.s)
                   OR (h.agg = 'max' AND r.value_max IS DISTINCT FROM h.mx)";
    format!(
        "WITH counted AS (
            SELECT {c} AS meter_id, 'count' AS agg, customer_id, ts, NULL::numeric AS v
              FROM events WHERE event_name = '{CALL}'
            UNION ALL
            SELECT {s}, 'sum', customer_id, ts, (metadata ->> 'tokens')::numeric
              FROM events WHERE event_name = '{CALL}'
            UNION ALL
            SELECT {f}, 'sum', customer_id, ts, (metadata ->> 'tokens')::numeric
              FROM events WHERE event_name = '{CALL}' AND metadata ->> 'model' = '{FILTER_MODEL}'
            UNION ALL
            SELECT {x}, 'max', customer_id, ts, (metadata ->> 'gb')::numeric
              FROM events WHERE event_name = '{STORAGE}'
        ),
        daily AS (
            SELECT meter_id, agg, customer_id, date_trunc('day', ts) AS bucket,
                   count(*) AS n, sum(v) AS s, max(v) AS mx
            FROM counted GROUP BY 1, 2, 3, 4
        ),
        -- A customer's hours of its dense days only (24 counted events or more, DENSE_DAY):
        -- a sparse day keeps no hourly rows.
        dense AS (
            SELECT meter_id, customer_id, bucket AS day FROM daily WHERE n >= 24
        ),
        hourly AS (
            SELECT c.meter_id, agg, c.customer_id, date_trunc('hour', ts) AS bucket,
                   count(*) AS n, sum(v) AS s, max(v) AS mx
            FROM counted c JOIN dense d ON d.meter_id = c.meter_id AND d.customer_id = c.customer_id
              AND d.day = date_trunc('day', c.ts)
            GROUP BY 1, 2, 3, 4
        ),
        per_meter_day AS (
            SELECT meter_id, agg, NULL::text AS customer_id, date_trunc('day', ts) AS bucket,
                   count(*) AS n, sum(v) AS s, max(v) AS mx
            FROM counted GROUP BY 1, 2, 3, 4
        ),
        per_meter_hour AS (
            SELECT meter_id, agg, NULL::text AS customer_id, date_trunc('hour', ts) AS bucket,
                   count(*) AS n, sum(v) AS s, max(v) AS mx
            FROM counted GROUP BY 1, 2, 3, 4
        ),
        per_meter_month AS (
            SELECT meter_id, agg, NULL::text AS customer_id, date_trunc('month', ts) AS bucket,
                   count(*) AS n, sum(v) AS s, max(v) AS mx
            FROM counted GROUP BY 1, 2, 3, 4
        ),
        stored_hourly AS (
            SELECT x.meter_id, x.customer_id, hour AS bucket, event_count, value_sum, value_max
            FROM rollups x JOIN dense d ON d.meter_id = x.meter_id AND d.customer_id = x.customer_id
              AND d.day = date_trunc('day', x.hour)
            WHERE x.meter_id IN ({ours})
        ),
        stored_daily AS (
            SELECT meter_id, customer_id, day AS bucket, event_count, value_sum, value_max
            FROM rollups_daily WHERE meter_id IN ({ours})
        ),
        stored_meter_days AS (
            SELECT meter_id, NULL::text AS customer_id, day AS bucket, sum(event_count) AS event_count,
                   sum(value_sum) AS value_sum, max(value_max) AS value_max
            FROM meter_days WHERE meter_id IN ({ours}) GROUP BY 1, 2, 3
        ),
        stored_meter_hours AS (
            SELECT meter_id, NULL::text AS customer_id, hour AS bucket, sum(event_count) AS event_count,
                   sum(value_sum) AS value_sum, max(value_max) AS value_max
            FROM meter_hours WHERE meter_id IN ({ours}) GROUP BY 1, 2, 3
        ),
        stored_meter_months AS (
            SELECT meter_id, NULL::text AS customer_id, month AS bucket, event_count, value_sum, value_max
            FROM meter_months WHERE meter_id IN ({ours}) AND event_count > 0
        )
        SELECT 'rollups ' || coalesce(r.meter_id, h.meter_id) || ' ' || coalesce(r.customer_id, h.customer_id)
               || ' ' || coalesce(r.bucket, h.bucket)::text || ': stored ' || coalesce(r.event_count::text, '-')
               || '/' || coalesce(r.value_sum::text, '-') || '/' || coalesce(r.value_max::text, '-')
               || ', recount ' || coalesce(h.n::text, '-') || '/' || coalesce(h.s::text, '-') || '/' || coalesce(h.mx::text, '-') AS what
        FROM stored_hourly r
        FULL JOIN hourly h ON h.meter_id = r.meter_id AND h.customer_id = r.customer_id AND h.bucket = r.bucket
        WHERE {differs}
        UNION ALL
        SELECT 'rollups_daily ' || coalesce(r.meter_id, h.meter_id) || ' ' || coalesce(r.customer_id, h.customer_id)
               || ' ' || coalesce(r.bucket, h.bucket)::text || ': stored ' || coalesce(r.event_count::text, '-')
               || ', recount ' || coalesce(h.n::text, '-')
        FROM stored_daily r
        FULL JOIN daily h ON h.meter_id = r.meter_id AND h.customer_id = r.customer_id AND h.bucket = r.bucket
        WHERE {differs}
        UNION ALL
        SELECT 'meter_days ' || coalesce(r.meter_id, h.meter_id) || ' ' || coalesce(r.bucket, h.bucket)::text
               || ': stored ' || coalesce(r.event_count::text, '-') || ', recount ' || coalesce(h.n::text, '-')
        FROM stored_meter_days r
        FULL JOIN per_meter_day h ON h.meter_id = r.meter_id AND h.bucket = r.bucket
        WHERE {differs}
        UNION ALL
        SELECT 'meter_hours ' || coalesce(r.meter_id, h.meter_id) || ' ' || coalesce(r.bucket, h.bucket)::text
               || ': stored ' || coalesce(r.event_count::text, '-') || ', recount ' || coalesce(h.n::text, '-')
        FROM stored_meter_hours r
        FULL JOIN per_meter_hour h ON h.meter_id = r.meter_id AND h.bucket = r.bucket
        WHERE {differs}
        UNION ALL
        SELECT 'meter_months ' || coalesce(r.meter_id, h.meter_id) || ' ' || coalesce(r.bucket, h.bucket)::text
               || ': stored ' || coalesce(r.event_count::text, '-') || ', recount ' || coalesce(h.n::text, '-')
        FROM stored_meter_months r
        FULL JOIN per_meter_month h ON h.meter_id = r.meter_id AND h.bucket = r.bucket
        WHERE {differs}
        UNION ALL
        SELECT 'customer_activity ' || coalesce(a.customer_id, e.customer_id) || ': stored '
               || coalesce(a.n::text, '-') || ', recount ' || coalesce(e.n::text, '-')
        FROM (SELECT customer_id, sum(events) AS n FROM customer_activity GROUP BY 1) a
        FULL JOIN (SELECT customer_id, count(*) AS n FROM events GROUP BY 1) e ON e.customer_id = a.customer_id
        WHERE a.n IS DISTINCT FROM e.n
        UNION ALL
        SELECT 'activity_days ' || coalesce(a.day, e.day)::text || ': stored ' || coalesce(a.n::text, '-')
               || ', recount ' || coalesce(e.n::text, '-')
        FROM (SELECT day, sum(events) AS n FROM activity_days GROUP BY 1) a
        FULL JOIN (SELECT date_trunc('day', ts) AS day, count(*) AS n FROM events GROUP BY 1) e ON e.day = a.day
        WHERE a.n IS DISTINCT FROM e.n"
    )
}

/// The checks of one phase, whose events all carry `prefix` and are all the table holds (each
/// phase starts from empty tables). `tally` is what the server answered, `batch` events a
/// request; `(drain_s, drained)` what [`drain`] returned after the load stopped.
/// The customers by the day of their last event against a recount from their activity rows.
const LAST_DAYS_SQL: &str = "
SELECT 'activity_last_days ' || coalesce(a.day, c.day)::text || ': stored ' || coalesce(a.n::text, '-')
       || ', recount ' || coalesce(c.n::text, '-') AS what
FROM (SELECT day, customers AS n FROM activity_last_days WHERE customers <> 0) a
FULL JOIN (SELECT date_trunc('day', last_ts) AS day, count(*) AS n
           FROM customer_activity WHERE events > 0 GROUP BY 1) c ON c.day = a.day
WHERE a.n IS DISTINCT FROM c.n";

pub fn run(
    conn: &mut PgConnection,
    prefix: &str,
    tally: &Tally,
    batch: usize,
    meters: &Meters,
    (drain_s, drained): (f64, bool),
) -> Result<Check> {
    let like = quote(&format!("{prefix}%"));
    let stored = scalar(
        conn,
        &format!("SELECT count(*)::int8 AS n FROM events WHERE event_id LIKE {like}"),
    )?;
    let distinct = scalar(
        conn,
        &format!("SELECT count(DISTINCT event_id)::int8 AS n FROM events WHERE event_id LIKE {like}"),
    )?;
    let ids = scalar(
        conn,
        &format!("SELECT count(*)::int8 AS n FROM event_ids WHERE event_id LIKE {like}"),
    )?;
    let blocks = scalar(
        conn,
        &format!("SELECT count(DISTINCT seq >> 20)::int8 AS n FROM events WHERE event_id LIKE {like}"),
    )?;
    diesel::sql_query("SET TIME ZONE 'UTC'").execute(conn)?;
    let found: Vec<What> = if drained {
        let mut found: Vec<What> = diesel::sql_query(recount_sql(meters)).load(conn)?;
        // A server from before migration 000022 (an A/B against an older build) has no such table.
        if scalar(
            conn,
            "SELECT (CASE WHEN to_regclass('activity_last_days') IS NULL THEN 0 ELSE 1 END)::int8 AS n",
        )? == 1
        {
            found.extend(diesel::sql_query(LAST_DAYS_SQL).load::<What>(conn)?);
        }
        found
    } else {
        Vec::new()
    };
    let acknowledged = tally.ingested;
    let unanswered = tally.errors;
    let counts_ok = if unanswered == 0 {
        stored as u64 == acknowledged && ids as u64 == acknowledged
    } else {
        // A batch without an answer may have been stored or not; what was acknowledged must be.
        let most = acknowledged + unanswered * batch as u64;
        (stored as u64) >= acknowledged && (stored as u64) <= most && ids == stored
    };
    let answers_ok = tally.duplicates == 0 && tally.rejected == 0 && tally.unmatched == 0;
    let pass = counts_ok && answers_ok && distinct == stored && drained && found.is_empty();
    Ok(Check {
        acknowledged,
        stored,
        distinct,
        ids,
        blocks,
        unanswered_batches: unanswered,
        drain_s,
        drained,
        mismatches: found.len(),
        examples: found.into_iter().take(5).map(|w| w.what).collect(),
        pass,
    })
}
