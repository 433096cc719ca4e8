//! The activity counters of all stored events: per UTC day (`activity_days`), per customer
//! (`customer_activity`) and the customers by the UTC day of their last event
//! (`activity_last_days`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Text, Timestamptz};

use crate::db::Conn;

/// Adds stored events to the activity counters: (day, events) in one stripe and (customer,
/// events, first timestamp, last timestamp) in the customer's one row (stripe 0, which a CHECK
/// keeps), and the customers with events by the UTC day of their last one
/// (`activity_last_days`). Negative counts subtract (rollback).
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
        // The customers by the day of their last event follow in the same statement: every CTE
        // reads the rows as they were before it (one snapshot), so `was` is each customer's row
        // before the upsert and `now` after; a customer counts on its last event's day while its
        // events sum above zero. Only the roller (under its lock) and a rollback write here.
        diesel::sql_query(
            "WITH was AS (
               SELECT a.customer_id, a.events, a.last_ts FROM customer_activity a
               WHERE a.customer_id = ANY($1::text[])),
             now AS (
               INSERT INTO customer_activity AS t (customer_id, stripe, events, first_ts, last_ts)
               SELECT c, 0, n, f, l FROM unnest($1::text[], $2::int8[], $3::timestamptz[], $4::timestamptz[]) AS u(c, n, f, l)
               ON CONFLICT (customer_id, stripe) DO UPDATE SET events = t.events + EXCLUDED.events,
                 first_ts = LEAST(t.first_ts, EXCLUDED.first_ts), last_ts = GREATEST(t.last_ts, EXCLUDED.last_ts)
               RETURNING t.events, t.last_ts),
             moved AS (
               SELECT date_trunc('day', last_ts, 'UTC') AS day, -1 AS n FROM was WHERE events > 0
               UNION ALL
               SELECT date_trunc('day', last_ts, 'UTC'), 1 FROM now WHERE events > 0)
             INSERT INTO activity_last_days AS t (day, customers)
             SELECT day, sum(n) FROM moved GROUP BY day HAVING sum(n) <> 0
             ON CONFLICT (day) DO UPDATE SET customers = t.customers + EXCLUDED.customers",
        )
        .bind::<Array<Text>, _>(customers.iter().map(|c| c.0.as_str()).collect::<Vec<_>>())
        .bind::<Array<BigInt>, _>(customers.iter().map(|c| c.1).collect::<Vec<_>>())
        .bind::<Array<Timestamptz>, _>(customers.iter().map(|c| c.2).collect::<Vec<_>>())
        .bind::<Array<Timestamptz>, _>(customers.iter().map(|c| c.3).collect::<Vec<_>>())
        .execute(conn)?;
    }
    Ok(())
}
