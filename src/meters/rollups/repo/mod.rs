//! All queries on rollups: mergeable aggregates (count, sum, max, min, last value with its
//! timestamp and receipt seq, latest event time) of what each meter counts, per meter,
//! customer and UTC hour (`rollups`), per meter, customer and UTC day (`rollups_daily`), per
//! meter and UTC hour (`meter_hours`) and per meter and UTC day (`meter_days`), with its UTC
//! months (`meter_months`, [`months`]); the distinct values of unique_count meters at the same
//! grains ([`values`]); and the activity counters of all stored events ([`add_activity`]).
//! Rebuilds and recomputes from the stored events are in `recount`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Nullable, Numeric, Text, Timestamptz};

use crate::db::Conn;
use crate::db::numeric::Dec;
use crate::db::statement::Statement;

mod activity;
mod cycles;
mod days;
pub mod months;
mod preview;
mod queue;
mod reads;
mod recount;
mod tail;
pub mod values;

use crate::metering::Cell;
use crate::meters::model::Meter;
pub use activity::add_activity;
pub use cycles::{
    CellsVersion, CycleCells, CycleKey, Scheme, add_scheme, cycle_cells, cycle_rebuild_done, merge_cycles,
    pending_cycle_rebuilds, rebuild_cycles, schemes_of,
};
pub use days::{DENSE_DAY, DenseDay, merge_days};
pub use preview::{RawTotals, customers_with_usage, raw_totals};
pub use queue::{
    BLOCK_BITS, QueueTiming, QueuedBlock, QueuedEvent, database_oid, lock_roller, note_tail_read,
    queue_timing, queued_block_versions, queued_events, queued_events_sql, requeued_cte, take_tail_read,
    try_lock_roller, unqueue,
};
use queue::{QUEUED_BLOCK_COLUMNS, not_queued};
pub use reads::{RawEvent, Window, raw_events, read_customer_hours, read_months, read_windows};
pub use recount::{rebuild, recompute, recount_days};
pub use tail::{TailCells, TailGrain, queued_cells, queued_hours};

/// The three grains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grain {
    /// `rollups`: meter, customer, hour.
    Hour,
    /// `rollups_daily`: meter, customer, day.
    Day,
    /// `meter_days`: meter, day (all customers).
    MeterDay,
    /// `meter_hours`: meter, hour (all customers).
    MeterHour,
}

impl Grain {
    fn table(self) -> &'static str {
        match self {
            Grain::Hour => "rollups",
            Grain::Day => "rollups_daily",
            Grain::MeterDay => "meter_days",
            Grain::MeterHour => "meter_hours",
        }
    }
    fn bucket(self) -> &'static str {
        match self {
            Grain::Hour | Grain::MeterHour => "hour",
            Grain::Day | Grain::MeterDay => "day",
        }
    }
}

/// One cell to merge: meter, customer (None at `MeterDay` and `MeterHour`), bucket start.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CellKey {
    pub meter_id: String,
    pub customer_id: Option<String>,
    pub bucket: DateTime<Utc>,
}

impl CellKey {
    /// The key borrowed, as [`merge`] reads it.
    pub fn as_ref(&self) -> KeyRef<'_> {
        KeyRef {
            meter_id: &self.meter_id,
            customer_id: self.customer_id.as_deref(),
            bucket: self.bucket,
        }
    }
}

/// A cell's key borrowed from what was counted: a roll's hourly cells (about one per sparse
/// event and meter) are keyed without copying the meter's and the customer's ids. Ordered as
/// [`CellKey`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyRef<'a> {
    pub meter_id: &'a str,
    pub customer_id: Option<&'a str>,
    pub bucket: DateTime<Utc>,
}

/// The aggregate columns, and how an incoming row merges into a stored one.
pub(super) const COLUMNS: &str =
    "event_count, value_sum, value_max, value_min, last_value, last_ts, last_seq, latest_ts";

/// A stored cell's [`COLUMNS`], as rows load them by position (numbers through [`Dec`]).
pub(super) type CellColumns = (
    i64,
    Dec,
    Option<Dec>,
    Option<Dec>,
    Option<Dec>,
    Option<DateTime<Utc>>,
    Option<i64>,
    Option<DateTime<Utc>>,
);

/// [`CellColumns`]' SQL types.
pub(super) type CellColumnsSql = (
    BigInt,
    Numeric,
    Nullable<Numeric>,
    Nullable<Numeric>,
    Nullable<Numeric>,
    Nullable<Timestamptz>,
    Nullable<BigInt>,
    Nullable<Timestamptz>,
);

/// The cell a stored row's [`COLUMNS`] hold.
pub(super) fn cell_of((count, sum, max, min, last_value, last_ts, last_seq, latest): CellColumns) -> Cell {
    Cell {
        count,
        sum: sum.0,
        max: max.map(|d| d.0),
        min: min.map(|d| d.0),
        last: crate::metering::LastValue::from_parts(last_value.map(|d| d.0), last_ts, last_seq),
        latest,
        distinct: None,
    }
}

const LATER: &str = "EXCLUDED.last_ts IS NOT NULL AND (t.last_ts IS NULL OR (EXCLUDED.last_ts, EXCLUDED.last_seq) > (t.last_ts, t.last_seq))";

/// The `ON CONFLICT … DO UPDATE SET` list that merges an incoming row into a stored one.
pub(super) fn merge_set() -> String {
    format!(
        "event_count = t.event_count + EXCLUDED.event_count,
           value_sum = t.value_sum + EXCLUDED.value_sum,
           value_max = GREATEST(t.value_max, EXCLUDED.value_max),
           value_min = LEAST(t.value_min, EXCLUDED.value_min),
           last_value = CASE WHEN {LATER} THEN EXCLUDED.last_value ELSE t.last_value END,
           last_seq = CASE WHEN {LATER} THEN EXCLUDED.last_seq ELSE t.last_seq END,
           last_ts = CASE WHEN {LATER} THEN EXCLUDED.last_ts ELSE t.last_ts END,
           latest_ts = GREATEST(t.latest_ts, EXCLUDED.latest_ts)"
    )
}

fn merge_sql(grain: Grain) -> String {
    format!(
        "{} ON CONFLICT ({}) DO UPDATE SET
           {}",
        insert_sql(grain),
        keys(grain).0,
        merge_set()
    )
}

/// A grain's key columns, and the unnested input's (`u`) values for them.
fn keys(grain: Grain) -> (String, &'static str) {
    let bucket = grain.bucket();
    // meter_days and meter_hours rows are striped: this transaction's stripe is $12.
    match grain {
        Grain::MeterDay | Grain::MeterHour => (
            format!("meter_id, {bucket}, stripe"),
            "u.meter_id, u.bucket, $12::int2",
        ),
        _ => (
            format!("meter_id, customer_id, {bucket}"),
            "u.meter_id, u.customer_id, u.bucket",
        ),
    }
}

/// [`bound`] cells as rows `u` (meter_id, customer_id, bucket, then [`COLUMNS`]).
const BOUND_CELLS: &str = "unnest($1::text[], $2::text[], $3::timestamptz[], $4::int8[], $5::numeric[], $6::numeric[], $7::numeric[],
                     $8::numeric[], $9::timestamptz[], $10::int8[], $11::timestamptz[])";
const CELL_NAMES: &str = "meter_id, customer_id, bucket, event_count, value_sum, value_max, value_min, last_value, last_ts, last_seq, latest_ts";

/// The INSERT of [`bound`] cells as new rows ([`merge_sql`] without its `ON CONFLICT`).
fn insert_sql(grain: Grain) -> String {
    let (keys, select_keys) = keys(grain);
    format!(
        "INSERT INTO {} AS t ({keys}, {COLUMNS})
         SELECT {select_keys}, u.event_count, u.value_sum, u.value_max, u.value_min, u.last_value, u.last_ts, u.last_seq, u.latest_ts
         FROM {BOUND_CELLS} AS u({CELL_NAMES})",
        grain.table()
    )
}

/// Merges cells into their rows (meter-day cells into `stripe`). Callers pass cells sorted by
/// key, so that concurrent writers lock rows in the same order and cannot deadlock.
pub fn merge(conn: &mut Conn, grain: Grain, cells: &[(KeyRef<'_>, &Cell)], stripe: i16) -> QueryResult<()> {
    if cells.is_empty() {
        return Ok(());
    }
    bound(merge_sql(grain), cells, stripe).execute(conn).map(|_| ())
}

/// `query` with the cells' keys bound as `$1` (meters), `$2` (customers, "" for none), `$3`
/// (buckets).
fn bind_keys<'a>(
    query: diesel::query_builder::BoxedSqlQuery<'a, diesel::pg::Pg, diesel::query_builder::SqlQuery>,
    cells: &'a [(KeyRef<'a>, &'a Cell)],
) -> diesel::query_builder::BoxedSqlQuery<'a, diesel::pg::Pg, diesel::query_builder::SqlQuery> {
    query
        .bind::<Array<Text>, _>(cells.iter().map(|(k, _)| k.meter_id).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(
            cells
                .iter()
                .map(|(k, _)| k.customer_id.unwrap_or(""))
                .collect::<Vec<_>>(),
        )
        .bind::<Array<Timestamptz>, _>(cells.iter().map(|(k, _)| k.bucket).collect::<Vec<_>>())
}

/// `sql` (a [`merge_sql`]) with the cells and the stripe bound.
fn bound<'a>(
    sql: String,
    cells: &'a [(KeyRef<'a>, &'a Cell)],
    stripe: i16,
) -> diesel::query_builder::BoxedSqlQuery<'a, diesel::pg::Pg, diesel::query_builder::SqlQuery> {
    let column = |f: &dyn Fn(&Cell) -> Option<rust_decimal::Decimal>| -> Vec<Option<rust_decimal::Decimal>> {
        cells.iter().map(|(_, c)| f(c)).collect()
    };
    bind_keys(diesel::sql_query(sql).into_boxed(), cells)
        .bind::<Array<BigInt>, _>(cells.iter().map(|(_, c)| c.count).collect::<Vec<_>>())
        .bind::<Array<Numeric>, _>(cells.iter().map(|(_, c)| c.sum).collect::<Vec<_>>())
        .bind::<Array<Nullable<Numeric>>, _>(column(&|c| c.max))
        .bind::<Array<Nullable<Numeric>>, _>(column(&|c| c.min))
        .bind::<Array<Nullable<Numeric>>, _>(column(&|c| c.last.map(|l| l.value)))
        .bind::<Array<Nullable<Timestamptz>>, _>(
            cells
                .iter()
                .map(|(_, c)| c.last.map(|l| l.timestamp))
                .collect::<Vec<_>>(),
        )
        .bind::<Array<Nullable<BigInt>>, _>(
            cells
                .iter()
                .map(|(_, c)| c.last.map(|l| l.seq))
                .collect::<Vec<_>>(),
        )
        .bind::<Array<Nullable<Timestamptz>>, _>(cells.iter().map(|(_, c)| c.latest).collect::<Vec<_>>())
        .bind::<diesel::sql_types::SmallInt, _>(stripe)
}

/// The latest of a group's rows by (`ts`, `seq`) as one array `[epoch, seq, value]`, its rows
/// kept by `filter` (an SQL condition, or "" for all): `(…)[3]` is that row's value, `(…)[2]`
/// its seq. `max` over arrays reads each row once; `array_agg(… ORDER BY …)[1]` sorted every
/// group, once per aggregate. Both of a statement's uses share one state in PostgreSQL.
fn latest(ts: &str, seq: &str, value: &str, filter: &str) -> String {
    let filter = if filter.is_empty() {
        String::new()
    } else {
        format!(" FILTER (WHERE {filter})")
    };
    format!("max(ARRAY[extract(epoch FROM {ts}), {seq}::numeric, {value}]){filter}")
}

/// The latest value and seq of a group's rows (see [`latest`]), as two SQL expressions.
pub(super) fn latest_value_seq(ts: &str, seq: &str, value: &str, filter: &str) -> (String, String) {
    let l = latest(ts, seq, value, filter);
    (format!("({l})[3]"), format!("(({l})[2])::int8"))
}

/// The aggregate columns over a `counted` subquery (`v`, `ts`, `seq`), named as the rollups'
/// columns ([`COLUMNS`]): an INSERT … SELECT's, or the queued tail's cells.
pub(super) fn aggregates() -> String {
    let (value, seq) = latest_value_seq("ts", "seq", "v", "");
    format!(
        "count(*)::int8 AS event_count, COALESCE(sum(v), 0) AS value_sum, max(v) AS value_max,
       min(v) AS value_min, CASE WHEN bool_or(v IS NOT NULL) THEN {value} END AS last_value,
       CASE WHEN bool_or(v IS NOT NULL) THEN max(ts) END AS last_ts,
       CASE WHEN bool_or(v IS NOT NULL) THEN {seq} END AS last_seq, max(ts) AS latest_ts"
    )
}

/// [`aggregates`] for a read of `kind` alone (the queued tail's cells, never stored): a
/// meter that is not a `last` leaves the latest value out (NULL), as no figure of it reads
/// that value. The latest of each group was the costliest aggregate per event in the tail.
pub(super) fn aggregates_for(kind: crate::metering::AggregationKind) -> String {
    if kind == crate::metering::AggregationKind::Last {
        return aggregates();
    }
    String::from(
        "count(*)::int8 AS event_count, COALESCE(sum(v), 0) AS value_sum, max(v) AS value_max,
       min(v) AS value_min, NULL::numeric AS last_value, NULL::timestamptz AS last_ts,
       NULL::int8 AS last_seq, max(ts) AS latest_ts",
    )
}

/// What a `counted` subquery selects as `v`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ValueOf {
    /// The property as a number (`md_num`), NULL for meters that read none.
    Number,
    /// The property as a unique count compares it (`md_distinct`).
    Distinct,
}

/// Appends the events `meter` counts, as a subquery: `events e` (joined with `join`), its name,
/// filter and archive date, a readable value `v` for meters that read one, and no event of a
/// queued block (those are the roller's to count); `restrict` appends the caller's own
/// conditions (` AND …` on `e` and the join) to its WHERE. `select` comes before the `v`
/// column: the caller's keys, then (for aggregates) `e.ts, e.seq, `. See [`counted_fenced`].
pub(super) fn counted_events(
    s: Statement,
    meter: &Meter,
    select: &str,
    join: &str,
    of: ValueOf,
    restrict: impl FnOnce(Statement) -> Statement,
) -> Statement {
    counted_fenced(
        s,
        meter,
        select,
        &format!(" FROM events e{join}"),
        // Every source, so that a read by time range scans each source's part of the name's
        // index once (see `db::event_pairs`).
        &format!("{}{}", crate::db::event_pairs::any_source("e"), not_queued()),
        of,
        restrict,
    )
}

/// The events `meter` counts from any FROM list that names the events `e`, with `also`
/// (` AND …`) and then `restrict` in its WHERE, as a subquery PostgreSQL does not flatten: `v`
/// is computed once per event, not once per aggregate that reads it (a meter's value is a
/// regular-expression match), and when `v` is the value the meter must read, it is checked as
/// `v IS NOT NULL` instead of being computed a second time. (A rebuild of a sum meter over
/// 500,000 events took half the time.)
pub(super) fn counted_fenced(
    s: Statement,
    meter: &Meter,
    select: &str,
    from: &str,
    also: &str,
    of: ValueOf,
    restrict: impl FnOnce(Statement) -> Statement,
) -> Statement {
    let v_is_checked = match of {
        ValueOf::Number => {
            meter.aggregation.distinct_key().is_none() && meter.aggregation.number_key().is_some()
        }
        ValueOf::Distinct => {
            meter.aggregation.number_key().is_none() && meter.aggregation.distinct_key().is_some()
        }
    };
    let s = counted_where(
        s.sql("SELECT * FROM ("),
        meter,
        select,
        from,
        also,
        of,
        !v_is_checked,
    );
    let s = restrict(s);
    if v_is_checked {
        s.sql(" OFFSET 0) AS c WHERE v IS NOT NULL")
    } else {
        s.sql(" OFFSET 0) AS c")
    }
}

/// The events a meter counts (see [`counted_fenced`]), with or without the check that the
/// meter can read its value.
fn counted_where(
    mut s: Statement,
    meter: &Meter,
    select: &str,
    from: &str,
    also: &str,
    of: ValueOf,
    check_value: bool,
) -> Statement {
    let (number_key, distinct_key) = (meter.aggregation.number_key(), meter.aggregation.distinct_key());
    s = s.sql(select);
    s = match (of, number_key, distinct_key) {
        (ValueOf::Number, Some(k), _) => s.sql("md_num(e.metadata -> ").bind_text(k).sql(")"),
        (ValueOf::Number, None, _) => s.sql("NULL::numeric"),
        (ValueOf::Distinct, _, Some(k)) => s.sql("md_distinct(e.metadata -> ").bind_text(k).sql(")"),
        (ValueOf::Distinct, _, None) => s.sql("NULL::text"),
    };
    s = s
        .sql(" AS v")
        .sql(from)
        .sql(" WHERE e.event_name = ")
        .bind_text(&meter.row.event_name)
        .sql(also);
    if let Some(filter) = &meter.filter {
        s = s.sql(" AND ").predicate(&filter.to_sql("e.metadata"));
    }
    if let Some(archived_at) = meter.row.archived_at {
        s = s
            .sql(" AND e.received_at <= ")
            .bind_opt_timestamp(Some(archived_at));
    }
    if !check_value {
        return s;
    }
    // An event whose value the meter cannot read is not counted (it was refused at ingest, or
    // stored before this meter existed).
    if let Some(k) = number_key {
        s = s
            .sql(" AND md_num(e.metadata -> ")
            .bind_text(k)
            .sql(") IS NOT NULL");
    }
    if let Some(k) = distinct_key {
        s = s
            .sql(" AND md_distinct(e.metadata -> ")
            .bind_text(k)
            .sql(") IS NOT NULL");
    }
    s
}
