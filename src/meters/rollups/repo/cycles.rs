//! Usage per billing cycle (`cycle_rollups`): per meter, customer, billing scheme (anchor and
//! months per cycle, from `billing_schemes`) and cycle start.

use foldhash::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Int2, Nullable, Numeric, Text, Timestamptz};

use super::{
    COLUMNS, CellColumns, CellColumnsSql, ValueOf, aggregates, cell_of, counted_events, lock_roller,
    merge_set, values,
};
use crate::db::Conn;
use crate::db::statement::Statement;
use crate::metering::Cell;
use crate::meters::model::Meter;

/// A customer's billing scheme: cycles start at the anchor and every `months` months after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Scheme {
    pub anchor: DateTime<Utc>,
    pub months: i16,
}

/// One cycle cell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CycleKey {
    pub meter_id: String,
    pub customer_id: String,
    pub scheme: Scheme,
    pub period_start: DateTime<Utc>,
}

#[derive(QueryableByName)]
struct SchemeRow {
    #[diesel(sql_type = Text)]
    customer_id: String,
    #[diesel(sql_type = Timestamptz)]
    anchor: DateTime<Utc>,
    #[diesel(sql_type = Int2)]
    months: i16,
}

/// The billing schemes of these customers: (customer, scheme).
pub fn schemes_of(conn: &mut Conn, customers: &[String]) -> QueryResult<Vec<(String, Scheme)>> {
    if customers.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<SchemeRow> = diesel::sql_query(
        "SELECT customer_id, anchor, months FROM billing_schemes WHERE customer_id = ANY($1)",
    )
    .bind::<Array<Text>, _>(customers)
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.customer_id,
                Scheme {
                    anchor: r.anchor,
                    months: r.months,
                },
            )
        })
        .collect())
}

/// Merges cycle cells into their rows (the roller's).
pub fn merge_cycles(conn: &mut Conn, cells: &[(CycleKey, Cell)]) -> QueryResult<()> {
    if cells.is_empty() {
        return Ok(());
    }
    let keys = "meter_id, customer_id, anchor, months, period_start";
    diesel::sql_query(format!(
        "INSERT INTO cycle_rollups AS t ({keys}, {COLUMNS})
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int2[], $5::timestamptz[],
                              $6::int8[], $7::numeric[], $8::numeric[], $9::numeric[], $10::numeric[],
                              $11::timestamptz[], $12::int8[], $13::timestamptz[])
         ON CONFLICT ({keys}) DO UPDATE SET
           {}",
        merge_set()
    ))
    .bind::<Array<Text>, _>(cells.iter().map(|(k, _)| k.meter_id.as_str()).collect::<Vec<_>>())
    .bind::<Array<Text>, _>(
        cells
            .iter()
            .map(|(k, _)| k.customer_id.as_str())
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Timestamptz>, _>(cells.iter().map(|(k, _)| k.scheme.anchor).collect::<Vec<_>>())
    .bind::<Array<Int2>, _>(cells.iter().map(|(k, _)| k.scheme.months).collect::<Vec<_>>())
    .bind::<Array<Timestamptz>, _>(cells.iter().map(|(k, _)| k.period_start).collect::<Vec<_>>())
    .bind::<Array<BigInt>, _>(cells.iter().map(|(_, c)| c.count).collect::<Vec<_>>())
    .bind::<Array<Numeric>, _>(cells.iter().map(|(_, c)| c.sum).collect::<Vec<_>>())
    .bind::<Array<Nullable<Numeric>>, _>(cells.iter().map(|(_, c)| c.max).collect::<Vec<_>>())
    .bind::<Array<Nullable<Numeric>>, _>(cells.iter().map(|(_, c)| c.min).collect::<Vec<_>>())
    .bind::<Array<Nullable<Numeric>>, _>(
        cells
            .iter()
            .map(|(_, c)| c.last.map(|l| l.value))
            .collect::<Vec<_>>(),
    )
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
    .execute(conn)
    .map(|_| ())
}

/// Recomputes a meter's cycle cells (and a unique count's cycle values) from the stored events
/// that are not queued: for every customer, or only for `customers`. Takes the roller's lock.
pub fn rebuild_cycles(conn: &mut Conn, meter: &Meter, customers: Option<&[String]>) -> QueryResult<()> {
    lock_roller(conn)?;
    let only = |s: Statement, column: &str| match customers {
        Some(c) => s
            .sql(&format!(" AND {column} = ANY("))
            .bind_text_array(c.to_vec())
            .sql(")"),
        None => s,
    };
    for table in ["cycle_rollups", values::CYCLES] {
        only(
            Statement::new(&format!("DELETE FROM {table} WHERE meter_id = ")).bind_text(&meter.row.id),
            "customer_id",
        )
        .execute(conn)?;
    }
    if meter.aggregation.kind().is_distinct() {
        values::cycles_from_events(meter, |s| only(s, "e.customer_id")).execute(conn)?;
    }
    let s = Statement::new(&format!(
        "INSERT INTO cycle_rollups (meter_id, customer_id, anchor, months, period_start, {COLUMNS}) SELECT "
    ))
    .bind_text(&meter.row.id)
    .sql(&format!(
        ", customer_id, anchor, months, period_start, {} FROM (",
        aggregates()
    ));
    counted_events(
        s,
        meter,
        "SELECT e.customer_id, b.anchor, b.months, md_cycle_start(b.anchor, b.months, e.ts) AS period_start, e.ts, e.seq, ",
        " JOIN billing_schemes b ON b.customer_id = e.customer_id AND e.ts >= b.anchor",
        ValueOf::Number,
        |s| only(s, "e.customer_id"),
    )
    .sql(") AS counted GROUP BY customer_id, anchor, months, period_start")
        .execute(conn)
        .map(|_| ())
}

/// A customer's cycle under one scheme: the meters' cells of one cycle lie side by side in
/// `cycle_rollups_customer_idx`.
type CycleOf<'a> = (&'a str, Scheme, DateTime<Utc>);

/// The stored cycle cells as one database held them: its oid and `cycle_cells_version` (the id of
/// the last transaction that changed `cycle_rollups` or `cycle_rebuilds`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellsVersion {
    pub database: i64,
    pub version: i64,
}

/// The cells of the cycles asked for and the meters whose cycle cells are still being built.
#[derive(Debug, Default)]
pub struct CycleCells {
    /// (index into the keys, cell); a cycle with no row has counted nothing.
    pub cells: Vec<(usize, Cell)>,
    /// The meters whose cycle cells are still being built ([`pending_cycle_rebuilds`]): their
    /// cells are not to be read yet.
    pub pending: Vec<String>,
}

/// What [`cycle_cells`] read.
#[derive(Debug, Default)]
pub struct StoredCycles {
    /// The cells, or `None` when they are as the caller held them (at the version it named).
    pub cells: Option<CycleCells>,
    /// The version the cells are at in this snapshot (`None` only if its row is gone).
    pub at: Option<CellsVersion>,
    /// The queued blocks, in block order, as [`super::queued_block_versions`] lists them: a
    /// reader adds their events next, and listed here they take no round trip of their own.
    pub queued: Vec<super::QueuedBlock>,
}

/// The stored cells of these cycles, the meters whose cells are still being built, the version
/// of both and the queued blocks, in one statement (a page view reads them on every view; each
/// round trip of its own cost the server and PostgreSQL more than the short reads themselves).
/// A caller that holds the cells of these same keys at `held` gets them left out when they are
/// still at that version (a one-time filter): between two rolls, views read only the queue.
pub fn cycle_cells(
    conn: &mut Conn,
    keys: &[CycleKey],
    held: Option<CellsVersion>,
) -> QueryResult<StoredCycles> {
    if keys.is_empty() {
        return Ok(StoredCycles {
            cells: Some(CycleCells::default()),
            ..StoredCycles::default()
        });
    }
    // One lookup per customer's cycle, which reads the cells of all its meters (adjacent in
    // the customer index): a page's subscriptions price several meters each, and a lookup per
    // meter descended the index once per line (a page of 50 subscriptions × 3 meters: 0.75 ms
    // instead of 1.2 ms). Each lookup is its own `LATERAL … OFFSET 0`: a join let the planner
    // hash a scan of every stored cycle. Prepared (a generic plan).
    // The distinct cycles in order of first request, and per (cycle, meter) the keys asking.
    let mut cycles: Vec<CycleOf<'_>> = Vec::new();
    let mut index: HashMap<CycleOf<'_>, usize> = HashMap::default();
    let mut wanted: HashMap<(usize, &str), Vec<usize>> = HashMap::default();
    for (i, k) in keys.iter().enumerate() {
        let cycle = (k.customer_id.as_str(), k.scheme, k.period_start);
        let g = *index.entry(cycle).or_insert_with(|| {
            cycles.push(cycle);
            cycles.len() - 1
        });
        wanted.entry((g, k.meter_id.as_str())).or_default().push(i);
    }
    let held = held.unwrap_or(CellsVersion {
        database: -1,
        version: -1,
    });
    let rows: Vec<(i32, String, CellColumns, QueueColumns)> = Statement::new(
        "WITH at AS (SELECT (SELECT oid::int8 FROM pg_database WHERE datname = current_database()) AS database,
                            (SELECT n FROM cycle_cells_version) AS version),
              stale AS (SELECT (a.database, a.version) IS DISTINCT FROM (",
    )
    .bind_i64(held.database)
    .sql("::int8, ")
    .bind_i64(held.version)
    .sql(
        "::int8) AS stale FROM at a)
         SELECT k.g, c.meter_id, c.event_count, c.value_sum, c.value_max, c.value_min, c.last_value, c.last_ts, c.last_seq, c.latest_ts,
                NULL::int8, NULL::int8, NULL::int4, NULL::int8
         FROM unnest(",
    )
    .bind_int_array((0..cycles.len() as i32).collect())
    .sql("::int4[], ")
    .bind_text_array(cycles.iter().map(|c| c.0.to_string()).collect())
    .sql("::text[], ")
    .bind_timestamp_array(cycles.iter().map(|c| c.1.anchor).collect())
    .sql("::timestamptz[], ")
    .bind_int_array(cycles.iter().map(|c| i32::from(c.1.months)).collect())
    .sql("::int4[], ")
    .bind_timestamp_array(cycles.iter().map(|c| c.2).collect())
    .sql(
        "::timestamptz[]) AS k(g, customer_id, anchor, months, period_start)
         CROSS JOIN LATERAL (SELECT * FROM cycle_rollups c
              WHERE c.customer_id = k.customer_id AND c.anchor = k.anchor
                AND c.months = k.months::int2 AND c.period_start = k.period_start OFFSET 0) c
         WHERE (SELECT stale FROM stale)
         UNION ALL
         SELECT -1, meter_id, 0::int8, 0::numeric, NULL::numeric, NULL::numeric, NULL::numeric,
                NULL::timestamptz, NULL::int8, NULL::timestamptz, NULL::int8, NULL::int8, NULL::int4, NULL::int8
         FROM cycle_rebuilds WHERE (SELECT stale FROM stale)
         UNION ALL
         SELECT -3, '', 0::int8, 0::numeric, NULL::numeric, NULL::numeric, NULL::numeric,
                NULL::timestamptz, NULL::int8, NULL::timestamptz, a.database, NULL::int8, NULL::int4, a.version
         FROM at a
         UNION ALL
         SELECT -2, '', 0::int8, 0::numeric, NULL::numeric, NULL::numeric, NULL::numeric,
                NULL::timestamptz, NULL::int8, NULL::timestamptz, ",
    )
    .sql(super::QUEUED_BLOCK_COLUMNS)
    .sql(" FROM rollup_queue q")
    .typed::<(diesel::sql_types::Int4, Text, CellColumnsSql, QueueColumnsSql)>()
    .load(conn)?;
    let mut out = StoredCycles::default();
    let mut read = CycleCells {
        cells: Vec::with_capacity(keys.len()),
        pending: Vec::new(),
    };
    for (g, meter_id, columns, queue) in rows {
        match g {
            -3 => {
                if let (Some(database), Some(version)) = (queue.0, queue.3) {
                    out.at = Some(CellsVersion { database, version });
                }
            }
            -2 => {
                if let (Some(database), Some(block), Some(events), Some(version)) = queue {
                    out.queued.push(super::QueuedBlock {
                        database,
                        block,
                        events,
                        version,
                    });
                }
            }
            -1 => read.pending.push(meter_id),
            _ => {
                let Some(indexes) = wanted.get(&(g as usize, meter_id.as_str())) else {
                    // A meter of the customer's cycle that was not asked for.
                    continue;
                };
                let cell = cell_of(columns);
                read.cells.extend(indexes.iter().map(|&i| (i, cell)));
            }
        }
    }
    if out.at != Some(held) {
        out.cells = Some(read);
    }
    out.queued.sort_by_key(|q| q.block);
    Ok(out)
}

/// A queued block's columns on [`cycle_cells`]' rows (database, block, events, version); NULL
/// on the other rows.
type QueueColumns = (Option<i64>, Option<i64>, Option<i32>, Option<i64>);
type QueueColumnsSql = (
    Nullable<BigInt>,
    Nullable<BigInt>,
    Nullable<diesel::sql_types::Int4>,
    Nullable<BigInt>,
);

/// Adds the cycle cells of a new billing scheme of a customer, from the stored events that are
/// not queued (the roller counts those, now that the scheme exists), for every meter that has
/// counted the customer's events. Takes the roller's lock. The caller makes sure the scheme is
/// new for the customer (cells are added, not replaced).
pub fn add_scheme(conn: &mut Conn, customer_id: &str, scheme: Scheme) -> QueryResult<()> {
    lock_roller(conn)?;
    use crate::db::schema::{meters, rollups_daily};
    let meter_ids: Vec<String> = rollups_daily::table
        .filter(rollups_daily::customer_id.eq(customer_id))
        .select(rollups_daily::meter_id)
        .distinct()
        .load(conn)?;
    let rows: Vec<crate::meters::model::MeterRow> = meters::table
        .filter(meters::id.eq_any(&meter_ids))
        .select(crate::meters::model::MeterRow::as_select())
        .load(conn)?;
    for row in rows {
        let Ok(meter) = Meter::from_row(row) else {
            continue;
        };
        let s = Statement::new(&format!(
            "INSERT INTO cycle_rollups (meter_id, customer_id, anchor, months, period_start, {COLUMNS}) SELECT "
        ))
        .bind_text(&meter.row.id)
        .sql(&format!(", customer_id, anchor, months, period_start, {} FROM (",
        aggregates()));
        let this_scheme = |s: Statement| {
            s.sql(" AND e.customer_id = ")
                .bind_text(customer_id)
                .sql(" AND b.anchor = ")
                .bind_opt_timestamp(Some(scheme.anchor))
                .sql(" AND b.months = ")
                .bind_i64(i64::from(scheme.months))
        };
        counted_events(
            s,
            &meter,
            "SELECT e.customer_id, b.anchor, b.months, md_cycle_start(b.anchor, b.months, e.ts) AS period_start, e.ts, e.seq, ",
            " JOIN billing_schemes b ON b.customer_id = e.customer_id AND e.ts >= b.anchor",
            ValueOf::Number,
            this_scheme,
        )
        .sql(") AS counted GROUP BY customer_id, anchor, months, period_start")
        .execute(conn)?;
        if meter.aggregation.kind().is_distinct() {
            values::cycles_from_events(&meter, this_scheme).execute(conn)?;
        }
    }
    Ok(())
}

/// Meters whose cycle cells are still to be built (after the upgrade that introduced them).
pub fn pending_cycle_rebuilds(conn: &mut Conn) -> QueryResult<Vec<String>> {
    use crate::db::schema::cycle_rebuilds;
    cycle_rebuilds::table
        .select(cycle_rebuilds::meter_id)
        .order(cycle_rebuilds::meter_id)
        .load(conn)
}

/// Marks a meter's cycle cells built.
pub fn cycle_rebuild_done(conn: &mut Conn, meter_id: &str) -> QueryResult<()> {
    use crate::db::schema::cycle_rebuilds;
    diesel::delete(cycle_rebuilds::table.find(meter_id))
        .execute(conn)
        .map(|_| ())
}
