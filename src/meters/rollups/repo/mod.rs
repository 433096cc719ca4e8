//! All queries on rollups: mergeable aggregates (count, sum, max, last value with its
//! timestamp and receipt seq, latest event time) of what each meter counts, per meter,
//! customer and UTC hour (`rollups`), per meter, customer and UTC day (`rollups_daily`) and
//! per meter and UTC day (`meter_days`); and the activity counters of all stored events.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Int4, Nullable, Numeric, Text, Timestamptz};
use rust_decimal::Decimal;

use crate::db::Conn;
use crate::db::statement::Statement;

mod cycles;
mod preview;
mod queue;

use crate::metering::{AggregationKind, Cell, LastValue};
use crate::meters::model::Meter;
pub use cycles::{
    CycleKey, Scheme, add_scheme, cycle_cells, cycle_rebuild_done, merge_cycles, pending_cycle_rebuilds,
    rebuild_cycles, schemes_of,
};
pub use preview::{RawTotals, customers_with_usage, raw_totals};
use queue::not_queued;
pub use queue::{
    QueuedEvent, lock_roller, queued_blocks, queued_events, queued_events_sql, try_lock_roller, unqueue,
};

/// The three grains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grain {
    /// `rollups`: meter, customer, hour.
    Hour,
    /// `rollups_daily`: meter, customer, day.
    Day,
    /// `meter_days`: meter, day (all customers).
    MeterDay,
}

impl Grain {
    fn table(self) -> &'static str {
        match self {
            Grain::Hour => "rollups",
            Grain::Day => "rollups_daily",
            Grain::MeterDay => "meter_days",
        }
    }
    fn bucket(self) -> &'static str {
        match self {
            Grain::Hour => "hour",
            Grain::Day | Grain::MeterDay => "day",
        }
    }
}

/// One cell to merge: meter, customer (None at `MeterDay`), bucket start.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CellKey {
    pub meter_id: String,
    pub customer_id: Option<String>,
    pub bucket: DateTime<Utc>,
}

/// The aggregate columns, and how an incoming row merges into a stored one.
pub(super) const COLUMNS: &str =
    "event_count, value_sum, value_max, last_value, last_ts, last_seq, latest_ts";
pub(super) const LATER: &str = "EXCLUDED.last_ts IS NOT NULL AND (t.last_ts IS NULL OR (EXCLUDED.last_ts, EXCLUDED.last_seq) > (t.last_ts, t.last_seq))";

fn merge_sql(grain: Grain) -> String {
    let (table, bucket) = (grain.table(), grain.bucket());
    // meter_days rows are striped: this transaction's stripe is $11.
    let (keys, select_keys, conflict) = match grain {
        Grain::MeterDay => (
            format!("meter_id, {bucket}, stripe"),
            "u.meter_id, u.bucket, $11::int2",
            format!("meter_id, {bucket}, stripe"),
        ),
        _ => (
            format!("meter_id, customer_id, {bucket}"),
            "u.meter_id, u.customer_id, u.bucket",
            format!("meter_id, customer_id, {bucket}"),
        ),
    };
    format!(
        "INSERT INTO {table} AS t ({keys}, {COLUMNS})
         SELECT {select_keys}, u.event_count, u.value_sum, u.value_max, u.last_value, u.last_ts, u.last_seq, u.latest_ts
         FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int8[], $5::numeric[], $6::numeric[], $7::numeric[],
                     $8::timestamptz[], $9::int8[], $10::timestamptz[])
              AS u(meter_id, customer_id, bucket, event_count, value_sum, value_max, last_value, last_ts, last_seq, latest_ts)
         ON CONFLICT ({conflict}) DO UPDATE SET
           event_count = t.event_count + EXCLUDED.event_count,
           value_sum = t.value_sum + EXCLUDED.value_sum,
           value_max = GREATEST(t.value_max, EXCLUDED.value_max),
           last_value = CASE WHEN {LATER} THEN EXCLUDED.last_value ELSE t.last_value END,
           last_seq = CASE WHEN {LATER} THEN EXCLUDED.last_seq ELSE t.last_seq END,
           last_ts = CASE WHEN {LATER} THEN EXCLUDED.last_ts ELSE t.last_ts END,
           latest_ts = GREATEST(t.latest_ts, EXCLUDED.latest_ts)"
    )
}

/// Merges cells into their rows (meter-day cells into `stripe`). Callers pass cells sorted by
/// key, so that concurrent writers lock rows in the same order and cannot deadlock.
pub fn merge(conn: &mut Conn, grain: Grain, cells: &[(CellKey, Cell)], stripe: i16) -> QueryResult<()> {
    if cells.is_empty() {
        return Ok(());
    }
    let n = cells.len();
    let (mut meters, mut customers, mut buckets) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let (mut counts, mut sums, mut maxes) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let (mut last_values, mut last_ts, mut last_seq, mut latest) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for (key, cell) in cells {
        meters.push(key.meter_id.as_str());
        customers.push(key.customer_id.as_deref().unwrap_or(""));
        buckets.push(key.bucket);
        counts.push(cell.count);
        sums.push(cell.sum);
        maxes.push(cell.max);
        last_values.push(cell.last.as_ref().map(|l| l.value));
        last_ts.push(cell.last.as_ref().map(|l| l.timestamp));
        last_seq.push(cell.last.as_ref().map(|l| l.seq));
        latest.push(cell.latest);
    }
    diesel::sql_query(merge_sql(grain))
        .bind::<Array<Text>, _>(meters)
        .bind::<Array<Text>, _>(customers)
        .bind::<Array<Timestamptz>, _>(buckets)
        .bind::<Array<BigInt>, _>(counts)
        .bind::<Array<Numeric>, _>(sums)
        .bind::<Array<Nullable<Numeric>>, _>(maxes)
        .bind::<Array<Nullable<Numeric>>, _>(last_values)
        .bind::<Array<Nullable<Timestamptz>>, _>(last_ts)
        .bind::<Array<Nullable<BigInt>>, _>(last_seq)
        .bind::<Array<Nullable<Timestamptz>>, _>(latest)
        .bind::<diesel::sql_types::SmallInt, _>(stripe)
        .execute(conn)
        .map(|_| ())
}

/// The aggregate columns of an INSERT … SELECT over a `counted` subquery (`v`, `ts`, `seq`).
pub(super) const AGGREGATES: &str = "count(*), COALESCE(sum(v), 0), max(v),
       CASE WHEN bool_or(v IS NOT NULL) THEN (array_agg(v ORDER BY ts DESC, seq DESC))[1] END,
       CASE WHEN bool_or(v IS NOT NULL) THEN max(ts) END,
       CASE WHEN bool_or(v IS NOT NULL) THEN (array_agg(seq ORDER BY ts DESC, seq DESC))[1] END,
       max(ts)";

/// Appends the events `meter` counts, as a subquery's FROM and WHERE: `events e` (joined with
/// `join`), its name, filter and archive date, a readable value `v` for meters that read one,
/// and no event of a queued block (those are the roller's to count). `select` comes before the
/// `v` column: the caller's keys, then `e.ts, e.seq, `.
pub(super) fn counted_events(mut s: Statement, meter: &Meter, select: &str, join: &str) -> Statement {
    // Count meters carry no value; the others read their property, as a number.
    let key = meter
        .aggregation
        .key()
        .filter(|_| meter.aggregation.kind() != AggregationKind::Count);
    s = s.sql(select);
    s = match key {
        None => s.sql("NULL::numeric"),
        Some(k) => s.sql("md_num(e.metadata -> ").bind_text(k).sql(")"),
    };
    s = s
        .sql(" AS v FROM events e")
        .sql(join)
        .sql(" WHERE e.event_name = ")
        .bind_text(&meter.row.event_name)
        .sql(&not_queued());
    if let Some(filter) = &meter.filter {
        s = s.sql(" AND ").predicate(&filter.to_sql("e.metadata"));
    }
    if let Some(archived_at) = meter.row.archived_at {
        s = s
            .sql(" AND e.received_at <= ")
            .bind_opt_timestamp(Some(archived_at));
    }
    if let Some(k) = key {
        s = s
            .sql(" AND md_num(e.metadata -> ")
            .bind_text(k)
            .sql(") IS NOT NULL");
    }
    s
}

/// The INSERT that aggregates a meter's events into hourly rows, with an optional extra
/// condition (`restrict`) appended to its WHERE.
fn hours_from_events(meter: &Meter, restrict: impl FnOnce(Statement) -> Statement) -> Statement {
    let s = Statement::new(&format!(
        "INSERT INTO rollups (meter_id, customer_id, hour, {COLUMNS}) SELECT "
    ))
    .bind_text(&meter.row.id)
    .sql(&format!(", customer_id, hour, {AGGREGATES} FROM ("));
    let s = counted_events(
        s,
        meter,
        "SELECT e.customer_id, date_trunc('hour', e.ts, 'UTC') AS hour, e.ts, e.seq, ",
        "",
    );
    restrict(s).sql(") AS counted GROUP BY customer_id, hour")
}

/// Rolls finer rows up into a coarser grain (hour → day, day → meter-day), for one meter,
/// optionally restricted to some buckets.
fn roll_up(meter_id: &str, to: Grain, restrict: impl FnOnce(Statement) -> Statement) -> Statement {
    let (from_table, from_bucket, keys, group) = match to {
        Grain::Day => (
            "rollups",
            "hour",
            "meter_id, customer_id, day",
            "meter_id, customer_id, 3",
        ),
        _ => ("rollups_daily", "day", "meter_id, day", "meter_id, 2"),
    };
    let select_keys = match to {
        Grain::Day => format!("meter_id, customer_id, date_trunc('day', {from_bucket}, 'UTC')"),
        _ => format!("meter_id, date_trunc('day', {from_bucket}, 'UTC')"),
    };
    let s = Statement::new(&format!(
        "INSERT INTO {} ({keys}, {COLUMNS})
         SELECT {select_keys}, sum(event_count), sum(value_sum), max(value_max),
                (array_agg(last_value ORDER BY last_ts DESC, last_seq DESC) FILTER (WHERE last_ts IS NOT NULL))[1],
                max(last_ts),
                (array_agg(last_seq ORDER BY last_ts DESC, last_seq DESC) FILTER (WHERE last_ts IS NOT NULL))[1],
                max(latest_ts)
         FROM {from_table} WHERE meter_id = ",
        to.table()
    ))
    .bind_text(meter_id);
    restrict(s).sql(&format!(" GROUP BY {group}"))
}

/// Recomputes every rollup row of a meter from the stored events (after its definition
/// changed, on creation and on unarchiving). Takes the roller's lock and leaves the events of
/// queued blocks to the roller, which counts them with this definition.
pub fn rebuild(conn: &mut Conn, meter: &Meter) -> QueryResult<()> {
    lock_roller(conn)?;
    for table in ["rollups", "rollups_daily", "meter_days", "cycle_rollups"] {
        diesel::sql_query(format!("DELETE FROM {table} WHERE meter_id = $1"))
            .bind::<Text, _>(&meter.row.id)
            .execute(conn)?;
    }
    hours_from_events(meter, |s| s).execute(conn)?;
    roll_up(&meter.row.id, Grain::Day, |s| s).execute(conn)?;
    roll_up(&meter.row.id, Grain::MeterDay, |s| s).execute(conn)?;
    rebuild_cycles(conn, meter, None)?;
    Ok(())
}

fn in_pairs(s: Statement, left: &str, customers: Vec<String>, buckets: Vec<DateTime<Utc>>) -> Statement {
    s.sql(&format!(" AND {left} IN (SELECT * FROM unnest("))
        .bind_text_array(customers)
        .sql("::text[], ")
        .bind_timestamp_array(buckets)
        .sql("::timestamptz[]))")
}

/// Recomputes a meter's cells for the given (customer, hour) pairs from the stored events, and
/// the days they roll up into (after an upload's events were voided: counts and sums could be
/// subtracted, max and last cannot).
pub fn recompute(conn: &mut Conn, meter: &Meter, cells: &[(String, DateTime<Utc>)]) -> QueryResult<()> {
    if cells.is_empty() {
        return Ok(());
    }
    lock_roller(conn)?;
    let id = &meter.row.id;
    let customers: Vec<String> = cells.iter().map(|(c, _)| c.clone()).collect();
    let hours: Vec<DateTime<Utc>> = cells.iter().map(|(_, h)| *h).collect();
    let mut day_pairs: Vec<(String, DateTime<Utc>)> = cells
        .iter()
        .map(|(c, h)| (c.clone(), super::day_of(*h)))
        .collect();
    day_pairs.sort();
    day_pairs.dedup();
    let day_customers: Vec<String> = day_pairs.iter().map(|(c, _)| c.clone()).collect();
    let days: Vec<DateTime<Utc>> = day_pairs.iter().map(|(_, d)| *d).collect();
    let mut meter_days = days.clone();
    meter_days.sort();
    meter_days.dedup();

    in_pairs(
        Statement::new("DELETE FROM rollups WHERE meter_id = ").bind_text(id),
        "(customer_id, hour)",
        customers.clone(),
        hours.clone(),
    )
    .execute(conn)?;
    hours_from_events(meter, |s| {
        in_pairs(
            s,
            "(e.customer_id, date_trunc('hour', e.ts, 'UTC'))",
            customers,
            hours,
        )
    })
    .execute(conn)?;
    in_pairs(
        Statement::new("DELETE FROM rollups_daily WHERE meter_id = ").bind_text(id),
        "(customer_id, day)",
        day_customers.clone(),
        days.clone(),
    )
    .execute(conn)?;
    roll_up(id, Grain::Day, |s| {
        in_pairs(
            s,
            "(customer_id, date_trunc('day', hour, 'UTC'))",
            day_customers,
            days,
        )
    })
    .execute(conn)?;
    Statement::new("DELETE FROM meter_days WHERE meter_id = ")
        .bind_text(id)
        .sql(" AND day = ANY(")
        .bind_timestamp_array(meter_days.clone())
        .sql(")")
        .execute(conn)?;
    roll_up(id, Grain::MeterDay, |s| {
        s.sql(" AND day = ANY(").bind_timestamp_array(meter_days).sql(")")
    })
    .execute(conn)?;
    let mut affected: Vec<String> = cells.iter().map(|(c, _)| c.clone()).collect();
    affected.sort();
    affected.dedup();
    rebuild_cycles(conn, meter, Some(&affected))?;
    Ok(())
}

// --- reading --------------------------------------------------------------------------

/// One window to read for request `i`: a meter, a customer (or all), `[from, to)` aligned to
/// the grain's buckets.
#[derive(Debug, Clone)]
pub struct Window {
    pub i: i32,
    pub meter_id: String,
    pub customer_id: Option<String>,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

#[derive(QueryableByName)]
struct MergedRow {
    #[diesel(sql_type = Int4)]
    i: i32,
    #[diesel(sql_type = BigInt)]
    event_count: i64,
    #[diesel(sql_type = Numeric)]
    value_sum: Decimal,
    #[diesel(sql_type = Nullable<Numeric>)]
    value_max: Option<Decimal>,
    #[diesel(sql_type = Nullable<Numeric>)]
    last_value: Option<Decimal>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    last_ts: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<BigInt>)]
    last_seq: Option<i64>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    latest_ts: Option<DateTime<Utc>>,
}

impl MergedRow {
    fn cell(self) -> (i32, Cell) {
        let last = match (self.last_value, self.last_ts, self.last_seq) {
            (Some(value), Some(timestamp), Some(seq)) => Some(LastValue {
                timestamp,
                seq,
                value,
            }),
            _ => None,
        };
        (
            self.i,
            Cell {
                count: self.event_count,
                sum: self.value_sum,
                max: self.value_max,
                last,
                latest: self.latest_ts,
            },
        )
    }
}

const MERGED: &str = "r.i, COALESCE(sum(x.event_count), 0)::int8 AS event_count, COALESCE(sum(x.value_sum), 0) AS value_sum,
    max(x.value_max) AS value_max,
    (array_agg(x.last_value ORDER BY x.last_ts DESC, x.last_seq DESC) FILTER (WHERE x.last_ts IS NOT NULL))[1] AS last_value,
    max(x.last_ts) AS last_ts,
    (array_agg(x.last_seq ORDER BY x.last_ts DESC, x.last_seq DESC) FILTER (WHERE x.last_ts IS NOT NULL))[1] AS last_seq,
    max(x.latest_ts) AS latest_ts";

/// Reads windows at one grain, each merged into one cell: (request index, cell). Windows
/// with a customer read `rollups`/`rollups_daily`; windows for all customers read the hourly
/// table across customers (Hour) or `meter_days` (Day). Each per-customer window is its own
/// index range scan (`LATERAL … OFFSET 0`), whatever the planner estimates.
pub fn read_windows(conn: &mut Conn, grain: Grain, windows: &[Window]) -> QueryResult<Vec<(i32, Cell)>> {
    let mut out = Vec::new();
    let (per_customer, all): (Vec<&Window>, Vec<&Window>) =
        windows.iter().partition(|w| w.customer_id.is_some());
    if !per_customer.is_empty() {
        let (table, bucket) = (grain.table(), grain.bucket());
        let rows: Vec<MergedRow> = diesel::sql_query(format!(
            "SELECT {MERGED} FROM unnest($1::int4[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])
                  AS r(i, meter_id, customer_id, t_from, t_to)
             CROSS JOIN LATERAL (SELECT * FROM {table} x
                 WHERE x.meter_id = r.meter_id AND x.customer_id = r.customer_id
                   AND x.{bucket} >= r.t_from AND x.{bucket} < r.t_to OFFSET 0) x
             GROUP BY r.i"
        ))
        .bind::<Array<Int4>, _>(per_customer.iter().map(|w| w.i).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(per_customer.iter().map(|w| w.meter_id.as_str()).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(per_customer.iter().map(|w| w.customer_id.as_deref().unwrap_or("")).collect::<Vec<_>>())
        .bind::<Array<Timestamptz>, _>(per_customer.iter().map(|w| w.from).collect::<Vec<_>>())
        .bind::<Array<Timestamptz>, _>(per_customer.iter().map(|w| w.to).collect::<Vec<_>>())
        .load(conn)?;
        out.extend(rows.into_iter().map(MergedRow::cell));
    }
    if !all.is_empty() {
        let (table, bucket) = match grain {
            Grain::Hour => ("rollups", "hour"),
            _ => ("meter_days", "day"),
        };
        let rows: Vec<MergedRow> = diesel::sql_query(format!(
            "SELECT {MERGED} FROM unnest($1::int4[], $2::text[], $3::timestamptz[], $4::timestamptz[])
                  AS r(i, meter_id, t_from, t_to)
             JOIN {table} x ON x.meter_id = r.meter_id AND x.{bucket} >= r.t_from AND x.{bucket} < r.t_to
             GROUP BY r.i"
        ))
        .bind::<Array<Int4>, _>(all.iter().map(|w| w.i).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(all.iter().map(|w| w.meter_id.as_str()).collect::<Vec<_>>())
        .bind::<Array<Timestamptz>, _>(all.iter().map(|w| w.from).collect::<Vec<_>>())
        .bind::<Array<Timestamptz>, _>(all.iter().map(|w| w.to).collect::<Vec<_>>())
        .load(conn)?;
        out.extend(rows.into_iter().map(MergedRow::cell));
    }
    Ok(out)
}

#[derive(QueryableByName)]
pub struct RawEvent {
    /// The window the event falls in.
    #[diesel(sql_type = Int4)]
    pub i: i32,
    #[diesel(sql_type = Timestamptz)]
    pub ts: DateTime<Utc>,
    #[diesel(sql_type = BigInt)]
    pub seq: i64,
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    pub metadata: serde_json::Value,
    #[diesel(sql_type = Timestamptz)]
    pub received_at: DateTime<Utc>,
}

/// The stored events of one name in each window (the partial hours at range edges), for the
/// callers to filter per meter. Each window is its own index range scan (`LATERAL … OFFSET 0`
/// keeps the planner from turning many small windows into a scan of the table).
pub fn raw_events(conn: &mut Conn, event_name: &str, windows: &[Window]) -> QueryResult<Vec<RawEvent>> {
    let mut out = Vec::new();
    let (per_customer, all): (Vec<&Window>, Vec<&Window>) =
        windows.iter().partition(|w| w.customer_id.is_some());
    for (group, with_customer) in [(per_customer, true), (all, false)] {
        if group.is_empty() {
            continue;
        }
        let customer = if with_customer {
            " AND e.customer_id = w.customer_id"
        } else {
            ""
        };
        out.extend(
            Statement::new("SELECT w.i, e.ts, e.seq, e.metadata, e.received_at FROM unnest(")
                .bind_int_array(group.iter().map(|w| w.i).collect())
                .sql("::int4[], ")
                .bind_text_array(
                    group
                        .iter()
                        .map(|w| w.customer_id.clone().unwrap_or_default())
                        .collect(),
                )
                .sql("::text[], ")
                .bind_timestamp_array(group.iter().map(|w| w.from).collect())
                .sql("::timestamptz[], ")
                .bind_timestamp_array(group.iter().map(|w| w.to).collect())
                .sql(
                    "::timestamptz[]) AS w(i, customer_id, t_from, t_to) CROSS JOIN LATERAL (\
                     SELECT e.ts, e.seq, e.metadata, e.received_at FROM events e WHERE e.event_name = ",
                )
                .bind_text(event_name)
                .sql(" AND e.ts >= w.t_from AND e.ts < w.t_to")
                .sql(customer)
                .sql(" OFFSET 0) e")
                .load::<RawEvent>(conn)?,
        );
    }
    Ok(out)
}

// --- activity -------------------------------------------------------------------------

/// Adds stored events to the activity counters, in one stripe: (day, events) and (customer,
/// events, first timestamp, last timestamp). Negative counts subtract (rollback).
pub fn add_activity(
    conn: &mut Conn,
    days: &[(DateTime<Utc>, i64)],
    customers: &[(String, i64, DateTime<Utc>, DateTime<Utc>)],
    stripe: i16,
) -> QueryResult<()> {
    if !days.is_empty() {
        diesel::sql_query(
            "INSERT INTO activity_days AS t (day, stripe, events)
             SELECT d, $3::int2, n FROM unnest($1::timestamptz[], $2::int8[]) AS u(d, n)
             ON CONFLICT (day, stripe) DO UPDATE SET events = t.events + EXCLUDED.events",
        )
        .bind::<Array<Timestamptz>, _>(days.iter().map(|d| d.0).collect::<Vec<_>>())
        .bind::<Array<BigInt>, _>(days.iter().map(|d| d.1).collect::<Vec<_>>())
        .bind::<diesel::sql_types::SmallInt, _>(stripe)
        .execute(conn)?;
    }
    if !customers.is_empty() {
        diesel::sql_query(
            "INSERT INTO customer_activity AS t (customer_id, stripe, events, first_ts, last_ts)
             SELECT c, $5::int2, n, f, l FROM unnest($1::text[], $2::int8[], $3::timestamptz[], $4::timestamptz[]) AS u(c, n, f, l)
             ON CONFLICT (customer_id, stripe) DO UPDATE SET events = t.events + EXCLUDED.events,
               first_ts = LEAST(t.first_ts, EXCLUDED.first_ts), last_ts = GREATEST(t.last_ts, EXCLUDED.last_ts)",
        )
        .bind::<Array<Text>, _>(customers.iter().map(|c| c.0.as_str()).collect::<Vec<_>>())
        .bind::<Array<BigInt>, _>(customers.iter().map(|c| c.1).collect::<Vec<_>>())
        .bind::<Array<Timestamptz>, _>(customers.iter().map(|c| c.2).collect::<Vec<_>>())
        .bind::<Array<Timestamptz>, _>(customers.iter().map(|c| c.3).collect::<Vec<_>>())
        .bind::<diesel::sql_types::SmallInt, _>(stripe)
        .execute(conn)?;
    }
    Ok(())
}
