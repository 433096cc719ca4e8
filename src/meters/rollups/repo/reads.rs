//! Reading the rollups: windows of a grain merged into one cell per request, and the raw
//! events of the partial hours at a range's edges.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Int4, Nullable, Numeric, Text, Timestamptz};

use super::{COLUMNS, CellColumns, CellColumnsSql, Grain, cell_of};
use crate::db::Conn;
use crate::db::numeric::Dec;
use crate::db::statement::Statement;
use crate::metering::Cell;

/// One window to read for request `i`: a meter, a customer (or all), `[from, to)` aligned to
/// the grain's buckets.
#[derive(Debug, Clone)]
pub struct Window {
    pub i: i32,
    pub meter_id: String,
    pub customer_id: Option<String>,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// Whether the cell's latest value is wanted (a `last` meter's reading). Other windows'
    /// cells come back without it: picking it is the costliest part of the merge (an all-time
    /// read of three meters' days, two of them sums: 0.9 ms without, 1.5 ms with).
    pub last: bool,
}

/// Appends `windows` as a FROM item: `unnest(…) AS r(i, meter_id, customer_id, t_from, t_to,
/// wants_last)` with `with_customer`, else `… AS r(i, meter_id, t_from, t_to, wants_last)`.
pub(super) fn windows_from(s: Statement, windows: &[&Window], with_customer: bool) -> Statement {
    let mut s = s
        .sql("unnest(")
        .bind_int_array(windows.iter().map(|w| w.i).collect())
        .sql("::int4[], ")
        .bind_text_array(windows.iter().map(|w| w.meter_id.clone()).collect())
        .sql("::text[], ");
    if with_customer {
        s = s
            .bind_text_array(
                windows
                    .iter()
                    .map(|w| w.customer_id.clone().unwrap_or_default())
                    .collect(),
            )
            .sql("::text[], ");
    }
    let customer = if with_customer { "customer_id, " } else { "" };
    s.bind_timestamp_array(windows.iter().map(|w| w.from).collect())
        .sql("::timestamptz[], ")
        .bind_timestamp_array(windows.iter().map(|w| w.to).collect())
        .sql("::timestamptz[], ")
        .bind_bool_array(windows.iter().map(|w| w.last).collect())
        .sql(&format!(
            "::bool[]) AS r(i, meter_id, {customer}t_from, t_to, wants_last)"
        ))
}

#[derive(QueryableByName)]
pub(super) struct MergedRow {
    #[diesel(sql_type = Int4)]
    i: i32,
    #[diesel(sql_type = BigInt)]
    event_count: i64,
    #[diesel(sql_type = Numeric)]
    value_sum: Dec,
    #[diesel(sql_type = Nullable<Numeric>)]
    value_max: Option<Dec>,
    #[diesel(sql_type = Nullable<Numeric>)]
    value_min: Option<Dec>,
    #[diesel(sql_type = Nullable<Numeric>)]
    last_value: Option<Dec>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    last_ts: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<BigInt>)]
    last_seq: Option<i64>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    latest_ts: Option<DateTime<Utc>>,
}

impl MergedRow {
    pub(super) fn cell(self) -> (i32, Cell) {
        let columns = (
            self.event_count,
            self.value_sum,
            self.value_max,
            self.value_min,
            self.last_value,
            self.last_ts,
            self.last_seq,
            self.latest_ts,
        );
        (self.i, cell_of(columns))
    }
}

/// The select list that merges the cells `x` of each window `r.i` into one ([`MergedRow`]).
pub(super) fn merged() -> String {
    format!("r.i, {}", cell_merge())
}

/// The aggregates that merge cells `x` into one, named as the rollups' columns.
pub(super) fn cell_merge() -> String {
    cell_aggregates("x.last_ts IS NOT NULL")
}

/// The aggregates that merge cells `x` into one, named as [`MergedRow`]'s columns (without `i`);
/// the latest value is picked among the cells `with_last` holds for.
fn cell_aggregates(with_last: &str) -> String {
    let (last_value, last_seq) =
        super::latest_value_seq("x.last_ts", "x.last_seq", "x.last_value", with_last);
    format!(
        "COALESCE(sum(x.event_count), 0)::int8 AS event_count, COALESCE(sum(x.value_sum), 0) AS value_sum,
    max(x.value_max) AS value_max, min(x.value_min) AS value_min, {last_value} AS last_value,
    max(x.last_ts) AS last_ts, {last_seq} AS last_seq, max(x.latest_ts) AS latest_ts"
    )
}

/// Each window `r` merged on its own: `SELECT r.i, a.* FROM <windows> CROSS JOIN LATERAL
/// (SELECT <aggregates> FROM {table} x WHERE {condition}) a`. One index range scan and one
/// aggregate per window, and no sort: grouping the joined rows by window sorted every row of
/// every window first (an all-time read of three meters' days: 2.4 ms against 1.2 ms). A window
/// without rows comes back as an empty cell.
fn merged_per_window(windows: &[&Window], with_customer: bool, table: &str, condition: &str) -> Statement {
    windows_from(Statement::new("SELECT r.i, a.* FROM "), windows, with_customer).sql(&format!(
        " CROSS JOIN LATERAL (SELECT {} FROM {table} x WHERE {condition}) a",
        cell_aggregates("r.wants_last AND x.last_ts IS NOT NULL")
    ))
}

/// Reads windows at one grain, each merged into one cell: (request index, cell). Windows
/// with a customer read `rollups`/`rollups_daily`; windows for all customers read `meter_hours`
/// (Hour) or `meter_days` (Day, see
/// [`all_customer_days`]). Each window of the other tables is its own index range scan and
/// aggregate ([`merged_per_window`]), whatever the planner estimates (a join let it hash a scan
/// of every row of the meter). A window may come back as several cells, some empty (the caller
/// merges them).
pub fn read_windows(conn: &mut Conn, grain: Grain, windows: &[Window]) -> QueryResult<Vec<(i32, Cell)>> {
    let mut out = Vec::new();
    let (per_customer, all): (Vec<&Window>, Vec<&Window>) =
        windows.iter().partition(|w| w.customer_id.is_some());
    // A customer's hours are read by `read_customer_hours`: a sparse day's rows may be stale.
    debug_assert!(grain != Grain::Hour || per_customer.is_empty());
    if !per_customer.is_empty() {
        let (table, bucket) = (grain.table(), grain.bucket());
        let condition = format!(
            "x.meter_id = r.meter_id AND x.customer_id = r.customer_id \
             AND x.{bucket} >= r.t_from AND x.{bucket} < r.t_to"
        );
        let rows: Vec<MergedRow> = merged_per_window(&per_customer, true, table, &condition).load(conn)?;
        out.extend(rows.into_iter().map(MergedRow::cell));
    }
    let (ranged, merged) = if grain == Grain::Hour {
        (None, all)
    } else {
        ranged_reads(all, Bucket::Day)
    };
    if let Some((windows, extent)) = ranged {
        out.extend(all_customer_days(conn, &windows, extent)?);
    }
    if !merged.is_empty() {
        let (table, bucket) = match grain {
            Grain::Hour => ("meter_hours", "hour"),
            _ => ("meter_days", "day"),
        };
        let condition = format!("x.meter_id = r.meter_id AND x.{bucket} >= r.t_from AND x.{bucket} < r.t_to");
        let rows: Vec<MergedRow> = merged_per_window(&merged, false, table, &condition).load(conn)?;
        out.extend(rows.into_iter().map(MergedRow::cell));
    }
    Ok(out)
}

#[derive(QueryableByName)]
struct CustomerHoursRow {
    #[diesel(embed)]
    merged: MergedRow,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    dense: bool,
}

/// What [`read_customer_hours`] read.
#[derive(Debug, Default)]
pub struct CustomerHours {
    /// (window's position, cell) of the windows on dense days.
    pub cells: Vec<(i32, Cell)>,
    /// The positions of the windows on sparse days.
    pub sparse: Vec<usize>,
}

/// Reads whole hours of one customer's UTC day per window (`i` its position in `windows`) from
/// `rollups` where the day is dense ([`super::DENSE_DAY`], in the same snapshot): (position,
/// cell) for those, and the positions of the windows whose day is sparse, whose hourly rows
/// may be missing or stale: the caller reads their raw events instead.
pub fn read_customer_hours(conn: &mut Conn, windows: &[Window]) -> QueryResult<CustomerHours> {
    let mut out = CustomerHours::default();
    if windows.is_empty() {
        return Ok(out);
    }
    debug_assert!(windows.iter().all(|w| {
        let day = crate::meters::rollups::day_of(w.from);
        w.to <= day + chrono::Duration::days(1)
    }));
    let refs: Vec<&Window> = windows.iter().collect();
    let dense = super::DENSE_DAY;
    let rows: Vec<CustomerHoursRow> = windows_from(
        Statement::new(&format!(
            "SELECT r.i, a.*, COALESCE(d.event_count >= {dense}, false) AS dense FROM "
        )),
        &refs,
        true,
    )
    .sql(&format!(
        " LEFT JOIN rollups_daily d ON d.meter_id = r.meter_id AND d.customer_id = r.customer_id \
             AND d.day = date_trunc('day', r.t_from, 'UTC') \
             CROSS JOIN LATERAL (SELECT {} FROM rollups x WHERE x.meter_id = r.meter_id \
             AND x.customer_id = r.customer_id AND x.hour >= r.t_from AND x.hour < r.t_to \
             AND d.event_count >= {dense}) a",
        cell_aggregates("r.wants_last AND x.last_ts IS NOT NULL")
    ))
    .load(conn)?;
    for row in rows {
        if row.dense {
            out.cells.push(row.merged.cell());
        } else {
            out.sparse.push(row.merged.i as usize);
        }
    }
    Ok(out)
}

/// Which windows of all customers are read as the meters' buckets over their extent
/// ([`meter_cells`], with the extent from [`narrow`]) and which are merged per window. Short
/// windows (a chart's bars) are judged apart from the others: one read can hold a chart's bars
/// and the figures beside them, and judged together, one all-time figure made the extent years
/// long and sent every bar through the per-window merge (B5's overview: 99 day windows merged
/// in 1.1 ms, its costliest statement).
fn ranged_reads(windows: Vec<&Window>, bucket: Bucket) -> (Option<(Vec<&Window>, MeterSpan)>, Vec<&Window>) {
    let (short, mut merged): (Vec<&Window>, Vec<&Window>) =
        windows.into_iter().partition(|w| w.to - w.from <= bucket.short());
    match narrow(&short, bucket) {
        Some(extent) if merged.is_empty() || short.len() >= RANGED_AT_LEAST => {
            (Some((short, extent)), merged)
        }
        _ => {
            merged.extend(short);
            (None, merged)
        }
    }
}

/// Fewer short windows than this ride along in the per-window merge when wider ones need it
/// anyway: a statement of their own costs a round trip, about as much as merging a few windows
/// (B5's overview with three one-month figures read apart: one more statement per view).
const RANGED_AT_LEAST: usize = 8;

/// The meters and the span `[from, to)` a range read of their buckets covers.
type MeterSpan = (Vec<String>, DateTime<Utc>, DateTime<Utc>);

/// Reads windows of all customers over whole UTC months from `meter_months`, each merged into
/// one cell: (request index, cell).
pub fn read_months(conn: &mut Conn, windows: &[Window]) -> QueryResult<Vec<(i32, Cell)>> {
    if windows.is_empty() {
        return Ok(Vec::new());
    }
    // A chart's monthly bars: the months of their extent in one range read, as for daily bars.
    let (ranged, merged) = ranged_reads(windows.iter().collect(), Bucket::Month);
    let mut out = Vec::new();
    if let Some((windows, extent)) = ranged {
        out.extend(given_to_windows(
            &windows,
            &meter_cells(conn, Bucket::Month, &extent)?,
        ));
    }
    if !merged.is_empty() {
        let condition = "x.meter_id = r.meter_id AND x.month >= r.t_from AND x.month < r.t_to";
        let rows: Vec<MergedRow> = merged_per_window(&merged, false, "meter_months", condition).load(conn)?;
        out.extend(rows.into_iter().map(MergedRow::cell));
    }
    Ok(out)
}

/// The rows of all customers per meter: `meter_days` (one per day and stripe) or `meter_months`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bucket {
    Day,
    Month,
}

impl Bucket {
    /// The table and its bucket column.
    fn table(self) -> (&'static str, &'static str) {
        match self {
            Bucket::Day => ("meter_days", "day"),
            Bucket::Month => ("meter_months", "month"),
        }
    }

    /// The longest window [`ranged_reads`] considers for the range read: a chart's bar.
    fn short(self) -> chrono::TimeDelta {
        match self {
            Bucket::Day => chrono::TimeDelta::days(4),
            Bucket::Month => chrono::TimeDelta::days(31),
        }
    }

    /// How many buckets `[from, to)` touches, at most.
    fn count(self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        use chrono::Datelike;
        match self {
            Bucket::Day => (to - from).num_days().saturating_add(1),
            Bucket::Month => {
                let index = |t: DateTime<Utc>| i64::from(t.year()) * 12 + i64::from(t.month0());
                index(to) - index(from) + 1
            }
        }
    }
}

/// The meters and the span `[from, to)` that windows of all customers cover, when the windows
/// are narrow enough (four buckets on average, as a chart's bars) to read every bucket of the
/// span ([`meter_cells`]): its buckets, per meter, are at most four times as many as the
/// windows. Wider windows (a month of days, all time) are merged in SQL, which returns a row per
/// window, not every bucket.
fn narrow(windows: &[&Window], bucket: Bucket) -> Option<MeterSpan> {
    let from = windows.iter().map(|w| w.from).min()?;
    let to = windows.iter().map(|w| w.to).max()?;
    let mut ids: Vec<String> = windows.iter().map(|w| w.meter_id.clone()).collect();
    ids.sort();
    ids.dedup();
    let buckets = bucket.count(from, to);
    (buckets.saturating_mul(ids.len() as i64) <= 4 * windows.len() as i64).then_some((ids, from, to))
}

/// Narrow day windows of all customers: the meters' `meter_days` rows over the windows' extent
/// (from [`narrow`]) in one plain range read, given to each window they fall in, one (window,
/// cell) per row and stripe for the caller to merge. For a chart's daily bars this costs a
/// twentieth of merging each window in SQL (an index scan and the aggregates per window).
fn all_customer_days(
    conn: &mut Conn,
    windows: &[&Window],
    extent: MeterSpan,
) -> QueryResult<Vec<(i32, Cell)>> {
    let rows = meter_cells(conn, Bucket::Day, &extent)?;
    Ok(given_to_windows(windows, &rows))
}

/// Each row (meter, bucket, cell; sorted) to every window it falls in: (window, cell) pairs for
/// the caller to merge.
fn given_to_windows(windows: &[&Window], rows: &[(String, DateTime<Utc>, Cell)]) -> Vec<(i32, Cell)> {
    let mut out = Vec::new();
    for w in windows {
        let at =
            |t: DateTime<Utc>| rows.partition_point(|(m, d, _)| (m.as_str(), *d) < (w.meter_id.as_str(), t));
        out.extend(rows[at(w.from)..at(w.to)].iter().map(|(_, _, c)| (w.i, *c)));
    }
    out
}

/// Per meter and bucket in `[from, to)`: the stored cells of all customers (a day's, one per
/// stripe), ordered by meter id (bytewise) and bucket.
fn meter_cells(
    conn: &mut Conn,
    bucket: Bucket,
    (ids, from, to): &MeterSpan,
) -> QueryResult<Vec<(String, DateTime<Utc>, Cell)>> {
    let (table, column) = bucket.table();
    let rows: Vec<(String, DateTime<Utc>, CellColumns)> = Statement::new(&format!(
        "SELECT meter_id, {column}, {COLUMNS} FROM {table} WHERE meter_id = ANY("
    ))
    .bind_text_array(ids.clone())
    .sql(&format!("::text[]) AND {column} >= "))
    .bind_opt_timestamp(Some(*from))
    .sql(&format!(" AND {column} < "))
    .bind_opt_timestamp(Some(*to))
    .typed::<(Text, Timestamptz, CellColumnsSql)>()
    .load(conn)?;
    let mut cells: Vec<(String, DateTime<Utc>, Cell)> = rows
        .into_iter()
        .map(|(m, at, columns)| (m, at, cell_of(columns)))
        .collect();
    cells.sort_by(|a, b| (a.0.as_str(), a.1).cmp(&(b.0.as_str(), b.1)));
    Ok(cells)
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
                .sql(&crate::db::event_pairs::any_source("e"))
                .sql(" AND e.ts >= w.t_from AND e.ts < w.t_to")
                .sql(customer)
                .sql(" OFFSET 0) e")
                .load::<RawEvent>(conn)?,
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeDelta, TimeZone, Utc};

    use super::{Bucket, Window, narrow, ranged_reads};

    fn window(i: i32, meter_id: &str, from: DateTime<Utc>, days: i64) -> Window {
        Window {
            i,
            meter_id: meter_id.into(),
            customer_id: None,
            from,
            to: from + TimeDelta::days(days),
            last: false,
        }
    }

    #[test]
    fn daily_bars_are_read_by_range_beside_wide_figures() {
        let start = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        // Three meters' 30 daily bars, and two wide figures read in the same call: all time
        // (eleven months of days) and the month so far.
        let mut windows: Vec<Window> = ["m1", "m2", "m3"]
            .iter()
            .enumerate()
            .flat_map(|(m, id)| {
                (0..30).map(move |d| window(m as i32 * 30 + d, id, start + TimeDelta::days(d as i64), 1))
            })
            .collect();
        windows.push(window(90, "m1", start - TimeDelta::days(335), 335));
        windows.push(window(91, "m2", start, 30));
        let (ranged, merged) = ranged_reads(windows.iter().collect(), Bucket::Day);
        let (bars, (ids, from, to)) = ranged.expect("the bars are read by range");
        assert_eq!(bars.len(), 90);
        assert_eq!(ids, ["m1", "m2", "m3"]);
        assert_eq!((from, to), (start, start + TimeDelta::days(30)));
        assert_eq!(merged.iter().map(|w| w.i).collect::<Vec<_>>(), [90, 91]);

        // Wide windows alone, or short ones spread too thinly, are merged per window.
        let (ranged, merged) = ranged_reads(vec![&windows[90], &windows[91]], Bucket::Day);
        assert!(ranged.is_none());
        assert_eq!(merged.len(), 2);
        let sparse = [
            window(0, "m1", start, 1),
            window(1, "m1", start + TimeDelta::days(60), 1),
        ];
        let (ranged, merged) = ranged_reads(sparse.iter().collect(), Bucket::Day);
        assert!(ranged.is_none());
        assert_eq!(merged.len(), 2);
    }

    #[test]
    fn monthly_bars_are_read_by_range_beside_all_time_figures() {
        let month = |y: i32, m: u32| Utc.with_ymd_and_hms(y, m, 1, 0, 0, 0).unwrap();
        let bar = |i: i32, id: &str, y: i32, m: u32| Window {
            to: if m == 12 { month(y + 1, 1) } else { month(y, m + 1) },
            ..window(i, id, month(y, m), 0)
        };
        assert_eq!(Bucket::Month.count(month(2025, 12), month(2026, 12)), 13);
        assert_eq!(Bucket::Day.count(month(2026, 11), month(2026, 12)), 31);
        // Three meters' twelve monthly bars, and their all-time figures (from 1970).
        let mut windows: Vec<Window> = ["m1", "m2", "m3"]
            .iter()
            .enumerate()
            .flat_map(|(k, id)| (1..=12).map(move |m| bar(k as i32 * 12 + m as i32, id, 2026, m)))
            .collect();
        for (k, id) in ["m1", "m2", "m3"].iter().enumerate() {
            windows.push(Window {
                to: month(2026, 12),
                ..window(40 + k as i32, id, month(1970, 1), 0)
            });
        }
        let (ranged, merged) = ranged_reads(windows.iter().collect(), Bucket::Month);
        let (bars, (ids, from, to)) = ranged.expect("the bars are read by range");
        assert_eq!(
            (bars.len(), ids.len(), from, to),
            (36, 3, month(2026, 1), month(2027, 1))
        );
        assert_eq!(merged.iter().map(|w| w.i).collect::<Vec<_>>(), [40, 41, 42]);
        // Judged together, the figures' extent would have sent every bar to the merge.
        assert!(narrow(&windows.iter().collect::<Vec<_>>(), Bucket::Month).is_none());
        // A few short windows beside a wide one ride along in its merge: no statement of their own.
        let few = vec![&windows[0], &windows[12], &windows[24], &windows[36]];
        let (ranged, merged) = ranged_reads(few, Bucket::Month);
        assert!(ranged.is_none());
        assert_eq!(merged.len(), 4);
        // Alone, they are read by range.
        let (ranged, merged) = ranged_reads(vec![&windows[0], &windows[12], &windows[24]], Bucket::Month);
        assert_eq!(ranged.map(|(w, _)| w.len()), Some(3));
        assert!(merged.is_empty());
    }
}
