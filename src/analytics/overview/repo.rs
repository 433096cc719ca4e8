//! Queries for the overview: activity counters and per-meter daily cells.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;

use crate::db::Conn;
use crate::db::schema::meter_days;
use crate::metering::{Cell, LastValue};

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Events stored with timestamps in `[from, to)` (days), or ever when `from` is None: the
/// activity counters plus the events the roller has not counted yet, in one snapshot.
pub fn events_between(
    conn: &mut Conn,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
) -> QueryResult<i64> {
    use diesel::sql_types::{Nullable, Timestamptz};
    let row: N = diesel::sql_query(format!(
        "SELECT (COALESCE((SELECT sum(events) FROM activity_days
                           WHERE ($1::timestamptz IS NULL OR day >= $1) AND ($2::timestamptz IS NULL OR day < $2)), 0)
                + (SELECT count(*) FROM {} q
                   WHERE ($1::timestamptz IS NULL OR q.ts >= $1) AND ($2::timestamptz IS NULL OR q.ts < $2)))::int8 AS n",
        crate::meters::rollups::repo::queued_events_sql()
    ))
    .bind::<Nullable<Timestamptz>, _>(from)
    .bind::<Nullable<Timestamptz>, _>(to)
    .get_result(conn)?;
    Ok(row.n)
}

/// Customers with an event since `since` (or ever), their stripes merged, with the events the
/// roller has not counted yet.
pub fn active_customers(conn: &mut Conn, since: Option<DateTime<Utc>>) -> QueryResult<i64> {
    let row: N = diesel::sql_query(format!(
        "SELECT count(*)::int8 AS n FROM (
           SELECT customer_id FROM customer_activity GROUP BY customer_id
           HAVING sum(events) > 0 AND ($1::timestamptz IS NULL OR max(last_ts) >= $1)
           UNION
           SELECT customer_id FROM {} q WHERE $1::timestamptz IS NULL OR q.ts >= $1
         ) active",
        crate::meters::rollups::repo::queued_events_sql()
    ))
    .bind::<diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>, _>(since)
    .get_result(conn)?;
    Ok(row.n)
}

type DayRow = (
    String,
    DateTime<Utc>,
    i64,
    Decimal,
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
    Option<DateTime<Utc>>,
    Option<i64>,
    Option<DateTime<Utc>>,
);

/// Per meter and day in `[from, to)` (or ever): the merged cells of all customers.
pub fn meter_day_cells(
    conn: &mut Conn,
    meter_ids: &[String],
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
) -> QueryResult<Vec<(String, DateTime<Utc>, Cell)>> {
    let mut q = meter_days::table
        .filter(meter_days::meter_id.eq_any(meter_ids))
        .select((
            meter_days::meter_id,
            meter_days::day,
            meter_days::event_count,
            meter_days::value_sum,
            meter_days::value_max,
            meter_days::value_min,
            meter_days::last_value,
            meter_days::last_ts,
            meter_days::last_seq,
            meter_days::latest_ts,
        ))
        .into_boxed();
    if let Some(f) = from {
        q = q.filter(meter_days::day.ge(f));
    }
    if let Some(t) = to {
        q = q.filter(meter_days::day.lt(t));
    }
    let rows: Vec<DayRow> = q
        .order((meter_days::meter_id.asc(), meter_days::day.asc()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(m, day, count, sum, max, min, lv, lts, lseq, latest)| {
            let last = match (lv, lts, lseq) {
                (Some(value), Some(timestamp), Some(seq)) => Some(LastValue {
                    timestamp,
                    seq,
                    value,
                }),
                _ => None,
            };
            (
                m,
                day,
                Cell {
                    count,
                    sum,
                    max,
                    min,
                    last,
                    latest,
                    distinct: None,
                },
            )
        })
        .collect())
}

/// What the dashboard asks before it offers the first steps: is there a customer, a product,
/// a subscription?
pub fn setup_done(conn: &mut Conn) -> QueryResult<(bool, bool, bool)> {
    use crate::db::schema::{customers, products, subscriptions};
    let customers =
        diesel::select(diesel::dsl::exists(customers::table.select(customers::id))).get_result(conn)?;
    let products =
        diesel::select(diesel::dsl::exists(products::table.select(products::id))).get_result(conn)?;
    let subscriptions = diesel::select(diesel::dsl::exists(
        subscriptions::table.select(subscriptions::id),
    ))
    .get_result(conn)?;
    Ok((customers, products, subscriptions))
}
