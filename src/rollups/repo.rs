//! All queries on rollups: per meter, customer and UTC hour, the mergeable aggregates of the
//! events the meter counts (count, sum, max, last value with its timestamp and receipt seq).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Nullable, Numeric, Text, Timestamptz};
use rust_decimal::Decimal;

use crate::db::Conn;
use crate::db::predicate::Predicate;
use crate::db::schema::events;
use crate::db::statement::Statement;
use crate::metering::{AggregationKind, Cell, LastValue};
use crate::meters::model::Meter;

/// One cell to merge into the table.
#[derive(Debug, Clone)]
pub struct CellKey {
    pub meter_id: String,
    pub customer_id: String,
    pub hour: DateTime<Utc>,
}

/// Merges cells into their rows (adds counts and sums, keeps the larger max and the later
/// last value). Callers pass cells sorted by key, so concurrent writers lock rows in the same
/// order and cannot deadlock.
pub fn merge(conn: &mut Conn, cells: &[(CellKey, Cell)]) -> QueryResult<()> {
    if cells.is_empty() {
        return Ok(());
    }
    let mut meter_ids = Vec::with_capacity(cells.len());
    let mut customer_ids = Vec::with_capacity(cells.len());
    let mut hours = Vec::with_capacity(cells.len());
    let mut counts = Vec::with_capacity(cells.len());
    let mut sums = Vec::with_capacity(cells.len());
    let mut maxes: Vec<Option<Decimal>> = Vec::with_capacity(cells.len());
    let mut last_values: Vec<Option<Decimal>> = Vec::with_capacity(cells.len());
    let mut last_ts: Vec<Option<DateTime<Utc>>> = Vec::with_capacity(cells.len());
    let mut last_seq: Vec<Option<i64>> = Vec::with_capacity(cells.len());
    for (key, cell) in cells {
        meter_ids.push(key.meter_id.clone());
        customer_ids.push(key.customer_id.clone());
        hours.push(key.hour);
        counts.push(cell.count);
        sums.push(cell.sum);
        maxes.push(cell.max);
        last_values.push(cell.last.as_ref().map(|l| l.value));
        last_ts.push(cell.last.as_ref().map(|l| l.timestamp));
        last_seq.push(cell.last.as_ref().map(|l| l.seq));
    }
    diesel::sql_query(
        "INSERT INTO rollups (meter_id, customer_id, hour, event_count, value_sum, value_max, last_value, last_ts, last_seq)
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int8[], $5::numeric[], $6::numeric[],
                              $7::numeric[], $8::timestamptz[], $9::int8[])
         ON CONFLICT (meter_id, customer_id, hour) DO UPDATE SET
           event_count = rollups.event_count + EXCLUDED.event_count,
           value_sum = rollups.value_sum + EXCLUDED.value_sum,
           value_max = GREATEST(rollups.value_max, EXCLUDED.value_max),
           last_value = CASE WHEN EXCLUDED.last_ts IS NOT NULL AND (rollups.last_ts IS NULL
                               OR (EXCLUDED.last_ts, EXCLUDED.last_seq) > (rollups.last_ts, rollups.last_seq))
                             THEN EXCLUDED.last_value ELSE rollups.last_value END,
           last_seq = CASE WHEN EXCLUDED.last_ts IS NOT NULL AND (rollups.last_ts IS NULL
                             OR (EXCLUDED.last_ts, EXCLUDED.last_seq) > (rollups.last_ts, rollups.last_seq))
                           THEN EXCLUDED.last_seq ELSE rollups.last_seq END,
           last_ts = CASE WHEN EXCLUDED.last_ts IS NOT NULL AND (rollups.last_ts IS NULL
                            OR (EXCLUDED.last_ts, EXCLUDED.last_seq) > (rollups.last_ts, rollups.last_seq))
                          THEN EXCLUDED.last_ts ELSE rollups.last_ts END",
    )
    .bind::<Array<Text>, _>(meter_ids)
    .bind::<Array<Text>, _>(customer_ids)
    .bind::<Array<Timestamptz>, _>(hours)
    .bind::<Array<BigInt>, _>(counts)
    .bind::<Array<Numeric>, _>(sums)
    .bind::<Array<Nullable<Numeric>>, _>(maxes)
    .bind::<Array<Nullable<Numeric>>, _>(last_values)
    .bind::<Array<Nullable<Timestamptz>>, _>(last_ts)
    .bind::<Array<Nullable<BigInt>>, _>(last_seq)
    .execute(conn)
    .map(|_| ())
}

/// The SELECT that aggregates a meter's events into rollup rows, with an optional extra
/// condition (`restrict`) appended to its WHERE.
fn aggregate_into_rollups(meter: &Meter, restrict: impl FnOnce(Statement) -> Statement) -> Statement {
    // Count meters carry no value; the others read their property, as a number.
    let key = meter
        .aggregation
        .key()
        .filter(|_| meter.aggregation.kind() != AggregationKind::Count);
    let mut s = Statement::new(
        "INSERT INTO rollups (meter_id, customer_id, hour, event_count, value_sum, value_max, last_value, last_ts, last_seq)
         SELECT ",
    )
    .bind_text(&meter.row.id)
    .sql(
        ", customer_id, hour, count(*), COALESCE(sum(v), 0), max(v),
           CASE WHEN bool_or(v IS NOT NULL) THEN (array_agg(v ORDER BY ts DESC, seq DESC))[1] END,
           CASE WHEN bool_or(v IS NOT NULL) THEN max(ts) END,
           CASE WHEN bool_or(v IS NOT NULL) THEN (array_agg(seq ORDER BY ts DESC, seq DESC))[1] END
         FROM (SELECT e.customer_id, date_trunc('hour', e.ts, 'UTC') AS hour, e.ts, e.seq, ",
    );
    s = match key {
        None => s.sql("NULL::numeric"),
        Some(k) => s.sql("md_num(e.metadata -> ").bind_text(k).sql(")"),
    };
    s = s
        .sql(" AS v FROM events e WHERE e.event_name = ")
        .bind_text(&meter.row.event_name);
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
    restrict(s).sql(") AS counted GROUP BY customer_id, hour")
}

/// Recomputes every rollup row of a meter from the stored events (after its definition
/// changed, or on creation and unarchiving).
pub fn rebuild(conn: &mut Conn, meter: &Meter) -> QueryResult<()> {
    diesel::sql_query("DELETE FROM rollups WHERE meter_id = $1")
        .bind::<Text, _>(&meter.row.id)
        .execute(conn)?;
    aggregate_into_rollups(meter, |s| s).execute(conn).map(|_| ())
}

/// Recomputes the given (customer, hour) cells of a meter from the stored events (after an
/// upload's events were voided: counts and sums could be subtracted, max and last cannot).
pub fn recompute(conn: &mut Conn, meter: &Meter, cells: &[(String, DateTime<Utc>)]) -> QueryResult<()> {
    if cells.is_empty() {
        return Ok(());
    }
    let customers: Vec<String> = cells.iter().map(|(c, _)| c.clone()).collect();
    let hours: Vec<DateTime<Utc>> = cells.iter().map(|(_, h)| *h).collect();
    Statement::new("DELETE FROM rollups WHERE meter_id = ")
        .bind_text(&meter.row.id)
        .sql(" AND (customer_id, hour) IN (SELECT * FROM unnest(")
        .bind_text_array(customers.clone())
        .sql("::text[], ")
        .bind_timestamp_array(hours.clone())
        .sql("::timestamptz[]))")
        .execute(conn)?;
    aggregate_into_rollups(meter, |s| {
        s.sql(" AND (e.customer_id, date_trunc('hour', e.ts, 'UTC')) IN (SELECT * FROM unnest(")
            .bind_text_array(customers)
            .sql("::text[], ")
            .bind_timestamp_array(hours)
            .sql("::timestamptz[]))")
    })
    .execute(conn)
    .map(|_| ())
}

#[derive(QueryableByName)]
struct MergedRow {
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
}

/// The rollup rows of whole hours `[from, to)` for one meter (and one customer, or all),
/// merged.
pub fn merged_hours(
    conn: &mut Conn,
    meter_id: &str,
    customer_id: Option<&str>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> QueryResult<Cell> {
    // `$2 IS NULL` selects every customer.
    let row: Option<MergedRow> = diesel::sql_query(
        "SELECT COALESCE(sum(event_count), 0)::int8 AS event_count, COALESCE(sum(value_sum), 0) AS value_sum,
                max(value_max) AS value_max, l.last_value, l.last_ts, l.last_seq
         FROM rollups
         LEFT JOIN LATERAL (
           SELECT last_value, last_ts, last_seq FROM rollups
           WHERE meter_id = $1 AND ($2::text IS NULL OR customer_id = $2) AND hour >= $3 AND hour < $4
             AND last_ts IS NOT NULL
           ORDER BY last_ts DESC, last_seq DESC LIMIT 1
         ) l ON true
         WHERE meter_id = $1 AND ($2::text IS NULL OR customer_id = $2) AND hour >= $3 AND hour < $4
         GROUP BY l.last_value, l.last_ts, l.last_seq",
    )
    .bind::<Text, _>(meter_id)
    .bind::<Nullable<Text>, _>(customer_id)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .get_result::<MergedRow>(conn)
    .optional()?;
    Ok(match row {
        None => Cell::default(),
        Some(row) => Cell {
            count: row.event_count,
            sum: row.value_sum,
            max: row.value_max,
            last: match (row.last_value, row.last_ts, row.last_seq) {
                (Some(value), Some(timestamp), Some(seq)) => Some(LastValue {
                    timestamp,
                    seq,
                    value,
                }),
                _ => None,
            },
        },
    })
}

/// The raw events a meter counts in `[from, to)` (for one customer, or all): (timestamp, seq,
/// metadata). Used for the partial hours at the edges of a range.
pub fn counted_events(
    conn: &mut Conn,
    meter: &Meter,
    customer_id: Option<&str>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> QueryResult<Vec<(DateTime<Utc>, i64, serde_json::Value)>> {
    let mut q = events::table
        .filter(events::event_name.eq(meter.row.event_name.clone()))
        .filter(events::ts.ge(from))
        .filter(events::ts.lt(to))
        .into_boxed();
    if let Some(c) = customer_id {
        q = q.filter(events::customer_id.eq(c.to_string()));
    }
    if let Some(filter) = &meter.filter {
        q = q.filter(Predicate(filter.to_sql("events.metadata")));
    }
    if let Some(archived_at) = meter.row.archived_at {
        q = q.filter(events::received_at.le(archived_at));
    }
    q.select((events::ts, events::seq, events::metadata)).load(conn)
}
