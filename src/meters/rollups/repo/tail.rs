//! The queued tail (events of blocks the roller has not folded in yet) aggregated in SQL, the
//! way the rollups will count them: readers get cells (and a unique count's distinct values)
//! instead of the events. The tail is read once per statement (restricted to the meters' event
//! names and, when every window has one, to the windows' customers), each meter's events are
//! picked from it with the meter's SQL twin of its filter and value ([`counted_fenced`]).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Int4, Text, Timestamptz};

use super::queue::queued_events_sql;
use super::reads::{MergedRow, merged};
use super::{ValueOf, Window, aggregates_for, counted_fenced};
use crate::db::Conn;
use crate::db::statement::Statement;
use crate::metering::{AggregationKind, Cell};
use crate::meters::model::Meter;

/// How the windows cut time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TailGrain {
    /// Every window starts and ends on a UTC hour: the tail is first aggregated per customer
    /// and hour, and the hours are merged into the windows.
    Hours,
    /// Windows cut anywhere (billing cycles), each with a customer: events are matched to
    /// windows one by one, by customer.
    Exact,
}

/// What the queued tail adds to each window: its cell, and (for unique counts) its distinct
/// values.
#[derive(Debug, Default)]
pub struct TailCells {
    pub cells: Vec<(i32, Cell)>,
    pub values: Vec<(i32, String)>,
}

/// The tail, restricted to the meters' names (and to `customers`), as a MATERIALIZED CTE `q`;
/// with each event's UTC `hour` when `hourly` (once per event, not once per meter).
fn tail(meters: &[&Meter], customers: Option<Vec<String>>, hourly: bool) -> Statement {
    let mut names: Vec<String> = meters.iter().map(|m| m.row.event_name.clone()).collect();
    names.sort();
    names.dedup();
    let hour = if hourly {
        ", date_trunc('hour', e.ts, 'UTC') AS hour"
    } else {
        ""
    };
    let mut s = Statement::new(&format!(
        "WITH q AS MATERIALIZED (SELECT e.customer_id, e.event_name, e.ts, e.seq, e.metadata, e.received_at{hour}
         FROM {} e WHERE e.event_name = ANY(",
        queued_events_sql()
    ))
    .bind_text_array(names)
    .sql(")");
    if let Some(c) = customers {
        s = s.sql(" AND e.customer_id = ANY(").bind_text_array(c).sql(")");
    }
    s.sql(")")
}

/// What [`per_meter`] gives per meter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Cells aggregated per (customer, `t`).
    Cells,
    /// The counted events themselves: `ts`, `seq`, `v`, and `last` (whether the meter is a
    /// `last`), for a statement that aggregates them per window at once ([`rows_merged`]).
    Rows,
    /// Distinct (customer, `t`, value) of unique counts.
    Values,
}

/// `x(k, customer_id, t, …)`: per meter `k`, its events in the tail, in `shape`. `t` is a
/// column of the counted events: `hour` (the tail read `hourly`) or `ts`.
fn per_meter(mut s: Statement, meters: &[&Meter], t: &str, customer: bool, shape: Shape) -> Statement {
    let values = shape == Shape::Values;
    let select = if t == "hour" {
        "SELECT e.customer_id, e.hour, e.ts, e.seq, "
    } else {
        "SELECT e.customer_id, e.ts, e.seq, "
    };
    let key = if customer { "customer_id" } else { "NULL::text" };
    s = s.sql(", x AS (");
    let mut first = true;
    for (k, meter) in meters.iter().enumerate() {
        // Only a unique count has values.
        if values && !meter.aggregation.kind().is_distinct() {
            continue;
        }
        if !first {
            s = s.sql(" UNION ALL ");
        }
        first = false;
        let kind = meter.aggregation.kind();
        let head = match shape {
            Shape::Values => {
                format!("SELECT DISTINCT {k} AS k, {key} AS customer_id, {t} AS t, v AS value FROM (")
            }
            Shape::Rows => format!(
                "SELECT {k} AS k, {key} AS customer_id, {t} AS t, ts, seq, v, {} AS last FROM (",
                kind == AggregationKind::Last
            ),
            Shape::Cells => format!(
                "SELECT {k} AS k, {key} AS customer_id, {t} AS t, {} FROM (",
                aggregates_for(kind)
            ),
        };
        let of = if values {
            ValueOf::Distinct
        } else {
            ValueOf::Number
        };
        s = counted_fenced(s.sql(&head), meter, select, " FROM q e", "", of, |s| s);
        s = s.sql(") AS counted");
        if shape == Shape::Cells {
            s = s.sql(&format!(" GROUP BY {key}, {t}"));
        }
    }
    s.sql(")")
}

/// The select list that aggregates the events `x` ([`Shape::Rows`]) of each window `r.i` into
/// one cell ([`MergedRow`]), as [`super::aggregates`] would: the latest value only for a `last`
/// (a window reads one meter).
fn rows_merged() -> String {
    let (value, seq) = super::latest_value_seq("x.ts", "x.seq", "x.v", "x.last");
    format!(
        "r.i, count(*)::int8 AS event_count, COALESCE(sum(x.v), 0) AS value_sum, max(x.v) AS value_max,
    min(x.v) AS value_min, {value} AS last_value, max(x.ts) FILTER (WHERE x.last) AS last_ts,
    {seq} AS last_seq, max(x.ts) AS latest_ts"
    )
}

/// What the queued events each meter counts add to each window: `windows` name their meter by
/// `meter_id` = its index in `meters`.
pub fn queued_cells(
    conn: &mut Conn,
    meters: &[&Meter],
    windows: &[(usize, Window)],
    grain: TailGrain,
) -> QueryResult<TailCells> {
    let mut out = TailCells::default();
    if windows.is_empty() || meters.is_empty() {
        return Ok(out);
    }
    // The customers whose queued events are read, each once (a page names a customer once per
    // meter of its subscription).
    let customers: Option<Vec<String>> = windows
        .iter()
        .map(|(_, w)| w.customer_id.clone())
        .collect::<Option<Vec<String>>>()
        .map(|mut c| {
            c.sort_unstable();
            c.dedup();
            c
        });
    let by_customer = windows.iter().any(|(_, w)| w.customer_id.is_some());
    let (t, matching) = match grain {
        // A window for all customers has the customer '' (no customer id is empty).
        TailGrain::Hours => ("hour", "(r.customer_id = '' OR x.customer_id = r.customer_id)"),
        TailGrain::Exact => ("ts", "x.customer_id = r.customer_id"),
    };
    let distinct: Vec<bool> = meters
        .iter()
        .map(|m| m.aggregation.kind().is_distinct())
        .collect();
    for values in [false, true] {
        if values && !distinct.contains(&true) {
            continue;
        }
        // Cut anywhere, each window reads the events themselves: aggregated once per window,
        // not per (customer, instant) first.
        let shape = match (values, grain) {
            (true, _) => Shape::Values,
            (false, TailGrain::Exact) => Shape::Rows,
            (false, TailGrain::Hours) => Shape::Cells,
        };
        let s = per_meter(
            tail(meters, customers.clone(), t == "hour"),
            meters,
            t,
            by_customer,
            shape,
        );
        let select = match shape {
            Shape::Values => String::from("SELECT DISTINCT r.i, x.value FROM "),
            Shape::Rows => format!("SELECT {} FROM ", rows_merged()),
            Shape::Cells => format!("SELECT {} FROM ", merged()),
        };
        let s = s
            .sql(&format!(" {select} unnest("))
            .bind_int_array(windows.iter().map(|(_, w)| w.i).collect())
            .sql("::int4[], ")
            .bind_int_array(windows.iter().map(|(k, _)| *k as i32).collect())
            .sql("::int4[], ")
            .bind_text_array(
                windows
                    .iter()
                    .map(|(_, w)| w.customer_id.clone().unwrap_or_default())
                    .collect(),
            )
            .sql("::text[], ")
            .bind_timestamp_array(windows.iter().map(|(_, w)| w.from).collect())
            .sql("::timestamptz[], ")
            .bind_timestamp_array(windows.iter().map(|(_, w)| w.to).collect())
            .sql(&format!(
                "::timestamptz[]) AS r(i, k, customer_id, t_from, t_to)
                 JOIN x ON x.k = r.k AND x.t >= r.t_from AND x.t < r.t_to AND {matching}"
            ));
        if values {
            let rows: Vec<ValueRow> = s.load(conn)?;
            out.values.extend(rows.into_iter().map(|r| (r.i, r.value)));
        } else {
            let rows: Vec<MergedRow> = s.sql(" GROUP BY r.i").load(conn)?;
            out.cells.extend(rows.into_iter().map(MergedRow::cell));
        }
    }
    Ok(out)
}

#[derive(QueryableByName)]
struct ValueRow {
    #[diesel(sql_type = Int4)]
    i: i32,
    #[diesel(sql_type = Text)]
    value: String,
}

#[derive(QueryableByName)]
struct HourRow {
    #[diesel(sql_type = Timestamptz)]
    t: DateTime<Utc>,
    #[diesel(embed)]
    cell: MergedRow,
}

#[derive(QueryableByName)]
struct HourValue {
    #[diesel(sql_type = Int4)]
    k: i32,
    #[diesel(sql_type = Timestamptz)]
    t: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    value: String,
}

/// What the queued events each meter counts add per UTC hour, all customers together: (meter
/// index in `meters`, hour, cell), and for unique counts (meter index, hour, value).
#[allow(clippy::type_complexity)]
pub fn queued_hours(
    conn: &mut Conn,
    meters: &[&Meter],
) -> QueryResult<(
    Vec<(usize, DateTime<Utc>, Cell)>,
    Vec<(usize, DateTime<Utc>, String)>,
)> {
    if meters.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let rows: Vec<HourRow> = per_meter(tail(meters, None, true), meters, "hour", false, Shape::Cells)
        .sql(&format!(
            " SELECT x.t, {} FROM x GROUP BY x.k, x.t",
            merged().replacen("r.i", "x.k AS i", 1)
        ))
        .load(conn)?;
    let cells = rows
        .into_iter()
        .map(|r| {
            let t = r.t;
            let (k, cell) = r.cell.cell();
            (k as usize, t, cell)
        })
        .collect();
    let mut values = Vec::new();
    if meters.iter().any(|m| m.aggregation.kind().is_distinct()) {
        let rows: Vec<HourValue> = per_meter(tail(meters, None, true), meters, "hour", false, Shape::Values)
            .sql(" SELECT x.k, x.t, x.value FROM x")
            .load(conn)?;
        values.extend(rows.into_iter().map(|r| (r.k as usize, r.t, r.value)));
    }
    Ok((cells, values))
}
