//! The distinct values of unique_count meters: presence rows per meter, customer and UTC hour
//! (`rollup_values`), UTC day (`rollup_values_daily`) and billing cycle (`cycle_values`), and per
//! meter and UTC day for all customers (`meter_day_values`). A number of distinct values does
//! not merge, so these keep the values themselves and a read counts them set-wise: distinct
//! over the rows of the pieces that cover a range plus the values of the raw edge and queued
//! events, in one statement.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Int2, Int4, Text, Timestamptz};

use super::reads::windows_from;
use super::{CellKey, CycleKey, Grain, ValueOf, Window, counted_events};
use crate::db::Conn;
use crate::db::statement::Statement;
use crate::meters::model::Meter;

pub const HOURS: &str = "rollup_values";
pub const DAYS: &str = "rollup_values_daily";
pub const METER_DAYS: &str = "meter_day_values";
pub const CYCLES: &str = "cycle_values";
/// Every table of distinct values.
pub const TABLES: [&str; 4] = [HOURS, DAYS, METER_DAYS, CYCLES];

/// The INSERT of a unique_count meter's distinct values per customer and hour, from its
/// counted events, with an optional extra condition (`restrict`, on `events e`).
pub(super) fn hours_from_events(meter: &Meter, restrict: impl FnOnce(Statement) -> Statement) -> Statement {
    let s = Statement::new(&format!(
        "INSERT INTO {HOURS} (meter_id, customer_id, hour, value) SELECT DISTINCT "
    ))
    .bind_text(&meter.row.id)
    .sql(", customer_id, hour, v FROM (");
    counted_events(
        s,
        meter,
        "SELECT e.customer_id, date_trunc('hour', e.ts, 'UTC') AS hour, ",
        "",
        ValueOf::Distinct,
        restrict,
    )
    .sql(") AS counted")
}

/// Rolls hourly values up into days (`Grain::Day`) or days into all customers' days
/// (`Grain::MeterDay`), for one meter, optionally restricted to some buckets.
pub(super) fn roll_up(meter_id: &str, to: Grain, restrict: impl FnOnce(Statement) -> Statement) -> Statement {
    let sql = match to {
        Grain::Day => format!(
            "INSERT INTO {DAYS} (meter_id, customer_id, day, value)
             SELECT DISTINCT meter_id, customer_id, date_trunc('day', hour, 'UTC'), value FROM {HOURS} WHERE meter_id = "
        ),
        _ => format!(
            "INSERT INTO {METER_DAYS} (meter_id, day, value)
             SELECT DISTINCT meter_id, day, value FROM {DAYS} WHERE meter_id = "
        ),
    };
    restrict(Statement::new(&sql).bind_text(meter_id))
}

/// The INSERT of a unique_count meter's distinct values per customer and billing cycle, from
/// its counted events (`restrict` narrows them, on `events e` and `billing_schemes b`).
pub(super) fn cycles_from_events(meter: &Meter, restrict: impl FnOnce(Statement) -> Statement) -> Statement {
    let s = Statement::new(&format!(
        "INSERT INTO {CYCLES} (meter_id, customer_id, anchor, months, period_start, value) SELECT DISTINCT "
    ))
    .bind_text(&meter.row.id)
    .sql(", customer_id, anchor, months, period_start, v FROM (");
    counted_events(
        s,
        meter,
        "SELECT e.customer_id, b.anchor, b.months, md_cycle_start(b.anchor, b.months, e.ts) AS period_start, ",
        " JOIN billing_schemes b ON b.customer_id = e.customer_id AND e.ts >= b.anchor",
        ValueOf::Distinct,
        restrict,
    )
    .sql(") AS counted ON CONFLICT DO NOTHING")
}

/// Distinct values one roll saw: per hourly cell (with a customer) and per cycle cell.
#[derive(Debug, Default)]
pub struct ValueSets {
    pub hours: BTreeSet<(CellKey, String)>,
    pub cycles: BTreeSet<(CycleKey, String)>,
}

impl ValueSets {
    pub fn is_empty(&self) -> bool {
        self.hours.is_empty() && self.cycles.is_empty()
    }
}

/// Adds the values of one roll at every grain (hours, the days they fall in, all customers'
/// days, cycles). Presence rows: a value already there stays as it is, so nothing is updated
/// and rows are added in key order.
pub fn write(conn: &mut Conn, sets: &ValueSets) -> QueryResult<()> {
    if sets.is_empty() {
        return Ok(());
    }
    let mut days: BTreeSet<(&str, &str, DateTime<Utc>, &str)> = BTreeSet::new();
    let mut meter_days: BTreeSet<(&str, DateTime<Utc>, &str)> = BTreeSet::new();
    for (k, v) in &sets.hours {
        let day = crate::meters::rollups::day_of(k.bucket);
        let customer = k.customer_id.as_deref().unwrap_or("");
        days.insert((k.meter_id.as_str(), customer, day, v.as_str()));
        meter_days.insert((k.meter_id.as_str(), day, v.as_str()));
    }
    for (table, bucket, rows) in [
        (
            HOURS,
            "hour",
            sets.hours
                .iter()
                .map(|(k, v)| {
                    (
                        k.meter_id.as_str(),
                        k.customer_id.as_deref().unwrap_or(""),
                        k.bucket,
                        v.as_str(),
                    )
                })
                .collect::<Vec<_>>(),
        ),
        (DAYS, "day", days.into_iter().collect()),
    ] {
        if rows.is_empty() {
            continue;
        }
        diesel::sql_query(format!(
            "INSERT INTO {table} (meter_id, customer_id, {bucket}, value)
             SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) ON CONFLICT DO NOTHING"
        ))
        .bind::<Array<Text>, _>(rows.iter().map(|r| r.0).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(rows.iter().map(|r| r.1).collect::<Vec<_>>())
        .bind::<Array<Timestamptz>, _>(rows.iter().map(|r| r.2).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(rows.iter().map(|r| r.3).collect::<Vec<_>>())
        .execute(conn)?;
    }
    if !meter_days.is_empty() {
        diesel::sql_query(format!(
            "INSERT INTO {METER_DAYS} (meter_id, day, value)
             SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[]) ON CONFLICT DO NOTHING"
        ))
        .bind::<Array<Text>, _>(meter_days.iter().map(|r| r.0).collect::<Vec<_>>())
        .bind::<Array<Timestamptz>, _>(meter_days.iter().map(|r| r.1).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(meter_days.iter().map(|r| r.2).collect::<Vec<_>>())
        .execute(conn)?;
    }
    if !sets.cycles.is_empty() {
        let c = &sets.cycles;
        diesel::sql_query(format!(
            "INSERT INTO {CYCLES} (meter_id, customer_id, anchor, months, period_start, value)
             SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int2[], $5::timestamptz[], $6::text[])
             ON CONFLICT DO NOTHING"
        ))
        .bind::<Array<Text>, _>(c.iter().map(|(k, _)| k.meter_id.as_str()).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(c.iter().map(|(k, _)| k.customer_id.as_str()).collect::<Vec<_>>())
        .bind::<Array<Timestamptz>, _>(c.iter().map(|(k, _)| k.scheme.anchor).collect::<Vec<_>>())
        .bind::<Array<Int2>, _>(c.iter().map(|(k, _)| k.scheme.months).collect::<Vec<_>>())
        .bind::<Array<Timestamptz>, _>(c.iter().map(|(k, _)| k.period_start).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(c.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>())
        .execute(conn)?;
    }
    Ok(())
}

#[derive(QueryableByName)]
struct Distinct {
    #[diesel(sql_type = Int4)]
    i: i32,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Values counted beside the stored ones: (request index, value) of raw edge and queued events.
pub type Extra = (i32, String);

fn extras_part(s: Statement, extras: &[Extra]) -> Statement {
    s.sql("SELECT * FROM unnest(")
        .bind_int_array(extras.iter().map(|e| e.0).collect())
        .sql("::int4[], ")
        .bind_text_array(extras.iter().map(|e| e.1.clone()).collect())
        .sql("::text[]) AS x(i, value)")
}

fn finish(s: Statement, conn: &mut Conn) -> QueryResult<Vec<(i32, i64)>> {
    let rows: Vec<Distinct> = s.sql(") AS u GROUP BY i").load(conn)?;
    Ok(rows.into_iter().map(|r| (r.i, r.n)).collect())
}

/// The number of distinct values per request index, over the stored values of the windows
/// (each at its grain: with a customer from the per-customer tables; for all customers, hours
/// across customers and days from `meter_day_values`) and the `extras`. A request with
/// nothing counted has no row.
pub fn count_distinct(
    conn: &mut Conn,
    windows: &[(Grain, Window)],
    extras: &[Extra],
) -> QueryResult<Vec<(i32, i64)>> {
    let mut s = Statement::new("SELECT i, count(DISTINCT value)::int8 AS n FROM (");
    for grain in [Grain::Hour, Grain::Day] {
        let of_grain = |w: &&(Grain, Window)| match grain {
            Grain::Hour => w.0 == Grain::Hour,
            _ => w.0 != Grain::Hour,
        };
        let (per_customer, all): (Vec<&Window>, Vec<&Window>) = windows
            .iter()
            .filter(of_grain)
            .map(|(_, w)| w)
            .partition(|w| w.customer_id.is_some());
        let (table, bucket) = match grain {
            Grain::Hour => (HOURS, "hour"),
            _ => (DAYS, "day"),
        };
        if !per_customer.is_empty() {
            s = windows_from(s.sql("SELECT r.i, x.value FROM "), &per_customer, true).sql(&format!(
                " CROSS JOIN LATERAL (SELECT x.value FROM {table} x
                     WHERE x.meter_id = r.meter_id AND x.customer_id = r.customer_id
                       AND x.{bucket} >= r.t_from AND x.{bucket} < r.t_to OFFSET 0) x
                 UNION ALL "
            ));
        }
        if !all.is_empty() {
            let table = match grain {
                Grain::Hour => HOURS,
                _ => METER_DAYS,
            };
            s = windows_from(s.sql("SELECT r.i, x.value FROM "), &all, false).sql(&format!(
                " CROSS JOIN LATERAL (SELECT x.value FROM {table} x
                     WHERE x.meter_id = r.meter_id AND x.{bucket} >= r.t_from AND x.{bucket} < r.t_to OFFSET 0) x
                 UNION ALL "
            ));
        }
    }
    finish(extras_part(s, extras), conn)
}

/// The number of distinct values per request index, over the stored values of whole cycles
/// (`keys`) and the `extras`. A request with nothing counted has no row.
pub fn cycle_distinct(
    conn: &mut Conn,
    keys: &[(i32, CycleKey)],
    extras: &[Extra],
) -> QueryResult<Vec<(i32, i64)>> {
    let mut s = Statement::new("SELECT i, count(DISTINCT value)::int8 AS n FROM (");
    if !keys.is_empty() {
        s = s
            .sql("SELECT k.i, c.value FROM unnest(")
            .bind_int_array(keys.iter().map(|(i, _)| *i).collect())
            .sql("::int4[], ")
            .bind_text_array(keys.iter().map(|(_, k)| k.meter_id.clone()).collect())
            .sql("::text[], ")
            .bind_text_array(keys.iter().map(|(_, k)| k.customer_id.clone()).collect())
            .sql("::text[], ")
            .bind_timestamp_array(keys.iter().map(|(_, k)| k.scheme.anchor).collect())
            .sql("::timestamptz[], ")
            .bind_int_array(keys.iter().map(|(_, k)| i32::from(k.scheme.months)).collect())
            .sql("::int4[], ")
            .bind_timestamp_array(keys.iter().map(|(_, k)| k.period_start).collect())
            .sql(&format!(
                "::timestamptz[]) AS k(i, meter_id, customer_id, anchor, months, period_start)
                 JOIN {CYCLES} c ON c.meter_id = k.meter_id AND c.customer_id = k.customer_id
                      AND c.anchor = k.anchor AND c.months = k.months AND c.period_start = k.period_start
                 UNION ALL "
            ));
    }
    finish(extras_part(s, extras), conn)
}
