//! Merging a roll's day cells into `rollups_daily`: cells of days that may have rows are merged
//! into them by an UPDATE, the others inserted as plain rows.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Text, Timestamptz};

use super::{BOUND_CELLS, CELL_NAMES, Grain, KeyRef, bound, insert_sql, merge_set};
use crate::db::Conn;
use crate::metering::Cell;

/// A cell with its key, both borrowed.
type Borrowed<'a> = (KeyRef<'a>, &'a Cell);

/// A customer's day of a meter that holds at least [`DENSE_DAY`] counted events, as its row
/// reads after a merge.
#[derive(QueryableByName, Debug, Clone, PartialEq, Eq)]
pub struct DenseDay {
    #[diesel(sql_type = Text)]
    pub meter_id: String,
    #[diesel(sql_type = Text)]
    pub customer_id: String,
    #[diesel(sql_type = Timestamptz)]
    pub day: DateTime<Utc>,
    #[diesel(sql_type = BigInt)]
    pub event_count: i64,
}

/// From how many counted events a customer's UTC day of a meter keeps hourly rows (`rollups`).
/// A sparser day has none (or stale ones, never read): whole hours of it are read from its raw
/// events, fewer than this many of them, which costs no more than reading up to this many
/// hourly rows (30 days of hours for one customer on 10 M events: 711 hourly rows in 2.8 ms,
/// 3,163 raw events in 6.8 ms). Writing an hourly row per sparse event cost the roller about
/// 40 % of ingest throughput (B1).
///
/// Invariant: a day whose `rollups_daily` count is at least this has complete hourly rows.
pub const DENSE_DAY: i64 = 24;

/// Merges day cells (sorted by key) into `rollups_daily`, returning the merged days that are
/// dense now. The caller holds the roller's lock, under which alone days are written.
///
/// A meter's day that has no `meter_days` row has no `rollups_daily` row either (every writer
/// of a customer's day writes or rolls up its meter's day in the same transaction): its cells
/// are inserted as plain rows straight away. The cells of the other days are merged into the
/// rows they have by an UPDATE, and those that have none inserted. A burst of traffic over
/// days nothing was counted in yet (a backfill, B1) so skips a look-up of every cell's row:
/// B1's roll of 100,000 events wrote 58,600 new day rows, and the UPDATE that found none of
/// them took 63-65 ms of the 230-240 ms the days took. Should such a day have a row after all,
/// the insert fails on its key under a savepoint and those cells take the other way: nothing
/// is counted twice, and the roll does not fail.
///
/// Inserting a new row through `ON CONFLICT` (a speculative insertion, confirmed afterwards)
/// cost about twice a plain insert after a look-up of its key (34,000 new rows: 280–320 ms against
/// 145–190 ms); a roll of days written before merged 48,000 of them in 380–470 ms by the
/// UPDATE against 600–720 ms by a look-up and `ON CONFLICT`.
pub fn merge_days(conn: &mut Conn, cells: &[(KeyRef<'_>, &Cell)]) -> QueryResult<Vec<DenseDay>> {
    if cells.is_empty() {
        return Ok(Vec::new());
    }
    let counted = counted_meter_days(conn, cells)?;
    let (seen, fresh): (Vec<Borrowed<'_>>, Vec<Borrowed<'_>>) = cells
        .iter()
        .partition(|(k, _)| counted.contains(&(k.meter_id, k.bucket)));
    let mut out = update_then_insert(conn, &seen)?;
    if !fresh.is_empty() {
        // A nested transaction is a savepoint.
        match conn.transaction(|conn| insert_new(conn, &fresh)) {
            Ok(dense) => out.extend(dense),
            Err(e) if day_taken(&e) => out.extend(update_then_insert(conn, &fresh)?),
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// The (meter, day)s of `cells` that have a `meter_days` row (in any stripe).
fn counted_meter_days<'a>(
    conn: &mut Conn,
    cells: &[(KeyRef<'a>, &Cell)],
) -> QueryResult<foldhash::HashSet<(&'a str, DateTime<Utc>)>> {
    #[derive(QueryableByName)]
    struct MeterDay {
        #[diesel(sql_type = Text)]
        meter_id: String,
        #[diesel(sql_type = Timestamptz)]
        day: DateTime<Utc>,
    }
    let mut asked: Vec<(&'a str, DateTime<Utc>)> =
        cells.iter().map(|(k, _)| (k.meter_id, k.bucket)).collect();
    asked.sort_unstable();
    asked.dedup();
    let found: Vec<MeterDay> = diesel::sql_query(
        "SELECT DISTINCT m.meter_id, m.day
         FROM unnest($1::text[], $2::timestamptz[]) AS u(meter_id, day)
         JOIN meter_days m ON m.meter_id = u.meter_id AND m.day = u.day",
    )
    .bind::<Array<Text>, _>(asked.iter().map(|a| a.0).collect::<Vec<_>>())
    .bind::<Array<Timestamptz>, _>(asked.iter().map(|a| a.1).collect::<Vec<_>>())
    .load(conn)?;
    let found: foldhash::HashSet<(&str, DateTime<Utc>)> =
        found.iter().map(|f| (f.meter_id.as_str(), f.day)).collect();
    // Keys borrowed from the cells, not from the rows.
    Ok(asked.into_iter().filter(|a| found.contains(a)).collect())
}

/// Whether `e` is an insert into `rollups_daily` that found its key taken.
fn day_taken(e: &diesel::result::Error) -> bool {
    matches!(
        e,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, info)
            if info.constraint_name() == Some("rollups_daily_pkey")
    )
}

/// Merges cells into the rows they have by an UPDATE and inserts the others.
fn update_then_insert(conn: &mut Conn, cells: &[(KeyRef<'_>, &Cell)]) -> QueryResult<Vec<DenseDay>> {
    if cells.is_empty() {
        return Ok(Vec::new());
    }
    #[derive(QueryableByName)]
    struct Updated {
        #[diesel(sql_type = BigInt)]
        n: i64,
        #[diesel(sql_type = BigInt)]
        event_count: i64,
    }
    let updated: Vec<Updated> = bound(update_days_sql(), cells, 0).load(conn)?;
    let mut stored = vec![false; cells.len()];
    let mut out = Vec::new();
    for u in updated {
        let Some(i) = usize::try_from(u.n).ok().filter(|&i| i < cells.len()) else {
            continue;
        };
        stored[i] = true;
        if u.event_count >= DENSE_DAY {
            let (key, _) = cells[i];
            out.push(DenseDay {
                meter_id: key.meter_id.to_string(),
                customer_id: key.customer_id.unwrap_or("").to_string(),
                day: key.bucket,
                event_count: u.event_count,
            });
        }
    }
    let new: Vec<(KeyRef<'_>, &Cell)> = cells
        .iter()
        .zip(stored)
        .filter(|(_, stored)| !stored)
        .map(|(cell, _)| *cell)
        .collect();
    out.extend(insert_new(conn, &new)?);
    Ok(out)
}

/// From how many new day rows [`insert_new`] writes them with a binary `COPY`: it writes rows a
/// page at a time and parses no text, for two round trips where the INSERT makes one (a roll
/// under live traffic writes a few new days). B1's roll of 100,000 events inserted 58,600 new
/// day rows in 185 ms by `INSERT … SELECT FROM unnest(…)` and in 92 ms by the COPY (a build
/// timing the phases); B1 (`scripts/bench --only b1 --rounds 2 --batches 1000 --clients 4`,
/// alternated, 2 runs each) 0.600 and 0.593 × COPY against 0.528 and 0.553, 0.25-0.27 s from
/// the last answer until counted against 0.35 s.
const COPY_FROM: usize = 500;

/// One new `rollups_daily` row as the COPY writes it.
#[derive(Insertable)]
#[diesel(table_name = crate::db::schema::rollups_daily, treat_none_as_default_value = false)]
struct NewDay<'a> {
    meter_id: &'a str,
    customer_id: &'a str,
    day: DateTime<Utc>,
    event_count: i64,
    value_sum: rust_decimal::Decimal,
    value_max: Option<rust_decimal::Decimal>,
    value_min: Option<rust_decimal::Decimal>,
    last_value: Option<rust_decimal::Decimal>,
    last_ts: Option<DateTime<Utc>>,
    last_seq: Option<i64>,
    latest_ts: Option<DateTime<Utc>>,
}

/// Inserts cells as new rows (failing if one has a row), returning those dense already.
fn insert_new(conn: &mut Conn, cells: &[(KeyRef<'_>, &Cell)]) -> QueryResult<Vec<DenseDay>> {
    if cells.is_empty() {
        return Ok(Vec::new());
    }
    if cells.len() >= COPY_FROM {
        let rows: Vec<NewDay<'_>> = cells
            .iter()
            .map(|(k, c)| NewDay {
                meter_id: k.meter_id,
                customer_id: k.customer_id.unwrap_or(""),
                day: k.bucket,
                event_count: c.count,
                value_sum: c.sum,
                value_max: c.max,
                value_min: c.min,
                last_value: c.last.map(|l| l.value),
                last_ts: c.last.map(|l| l.timestamp),
                last_seq: c.last.map(|l| l.seq),
                latest_ts: c.latest,
            })
            .collect();
        diesel::copy_from(crate::db::schema::rollups_daily::table)
            .from_insertable(rows)
            .execute(conn)?;
        // A new row holds its cell's count.
        return Ok(cells
            .iter()
            .filter(|(_, c)| c.count >= DENSE_DAY)
            .map(|(k, c)| DenseDay {
                meter_id: k.meter_id.to_string(),
                customer_id: k.customer_id.unwrap_or("").to_string(),
                day: k.bucket,
                event_count: c.count,
            })
            .collect());
    }
    let sql = format!(
        "WITH m AS ({} RETURNING t.meter_id, t.customer_id, t.day, t.event_count)
         SELECT * FROM m WHERE event_count >= {DENSE_DAY}",
        insert_sql(Grain::Day)
    );
    bound(sql, cells, 0).load::<DenseDay>(conn)
}

/// The UPDATE that merges [`bound`] day cells into the `rollups_daily` rows they have, returning
/// each updated cell's index and its row's new count ([`merge_set`], the incoming row read as `u`).
fn update_days_sql() -> String {
    format!(
        "UPDATE rollups_daily AS t SET {}
         FROM {BOUND_CELLS} WITH ORDINALITY AS u({CELL_NAMES}, n)
         WHERE t.meter_id = u.meter_id AND t.customer_id = u.customer_id AND t.day = u.bucket
         RETURNING (u.n - 1)::int8 AS n, t.event_count",
        merge_set().replace("EXCLUDED.", "u.")
    )
}
