//! Queries for the overview: activity counters.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::Conn;
use crate::db::event_pairs;
use crate::db::statement::Statement;
use crate::meters::rollups::tail_memory::QueuedActivity;

/// Events stored with timestamps in `[from, to)`, or ever when `from` is None, in one
/// snapshot: the activity counters of the whole UTC days inside plus the events the roller has
/// not counted yet there (`tq`, see [`counters`]), and a count of the stored events themselves
/// in the partial UTC days at the edges (a month of Asia/Kolkata starts at 18:30 UTC), each
/// (event name, source) pair's by `events_name_source_ts_idx` (no index orders every event by
/// `ts` alone: see `db::event_pairs`).
fn events_between(s: Statement, from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> Statement {
    use crate::meters::rollups::{day_ceil, day_of};
    // Whole UTC days [d1, d2) (None: unbounded) are counted from the counters; the partial
    // days at the edges from the events.
    let d1 = from.map(day_ceil);
    let d2 = to.map(day_of);
    let mut edges: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
    let whole = match (from, to, d1, d2) {
        (Some(f), Some(t), Some(a), Some(b)) if b <= a => {
            edges.push((f, t));
            false
        }
        _ => {
            if let (Some(f), Some(a)) = (from, d1) {
                edges.push((f, a));
            }
            if let (Some(t), Some(b)) = (to, d2) {
                edges.push((b, t));
            }
            true
        }
    };
    edges.retain(|(a, b)| a < b);
    s.sql("(WITH p AS (SELECT ")
        .bind_opt_timestamp(d1)
        .sql("::timestamptz AS d1, ")
        .bind_opt_timestamp(d2)
        .sql("::timestamptz AS d2, ")
        .bind_bool(whole)
        .sql("::bool AS whole, ")
        .bind_timestamp_array(edges.iter().map(|e| e.0).collect())
        .sql("::timestamptz[] AS froms, ")
        .bind_timestamp_array(edges.iter().map(|e| e.1).collect())
        .sql("::timestamptz[] AS tos, ")
        .bind_text_array(event_pairs::ALL.iter().map(|k| k.to_string()).collect())
        .sql(
            "::text[] AS sources)
             SELECT (CASE WHEN p.whole THEN
                   COALESCE((SELECT sum(events) FROM activity_days
                             WHERE (p.d1 IS NULL OR day >= p.d1) AND (p.d2 IS NULL OR day < p.d2)), 0)
                   + (SELECT COALESCE(sum(q.n), 0) FROM tq q
                      WHERE (p.d1 IS NULL OR q.day >= p.d1) AND (p.d2 IS NULL OR q.day < p.d2))
                 ELSE 0 END
                + (SELECT count(*) FROM unnest(p.froms, p.tos) AS r(a, b)
                   CROSS JOIN ",
        )
        .sql(event_pairs::EVERY_NAME)
        .sql(
            " AS n CROSS JOIN unnest(p.sources) AS k(source)
                   CROSS JOIN LATERAL (SELECT 1 FROM events e
                                       WHERE e.event_name = n.event_name AND e.source = k.source
                                         AND e.ts >= r.a AND e.ts < r.b
                                       OFFSET 0) x))::int8
             FROM p)",
        )
}

/// The overview's counters, in one statement: events stored in `[month.0, month.1)` and ever
/// ([`events_between`]), customers active since `month.0` and ever ([`active_customers`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, QueryableByName)]
pub struct Counters {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub events_month: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub events_all: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub active_since: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub active_ever: i64,
}

/// The events the roller has not counted yet are counted once, as `tq` (customer, UTC day,
/// events, latest timestamp), for the three figures that add them: from `queued` when the caller
/// holds them ([`crate::meters::rollups::tail_memory`]), else from the queued blocks here.
pub fn counters(
    conn: &mut Conn,
    month: (DateTime<Utc>, DateTime<Utc>),
    queued: Option<&[QueuedActivity]>,
) -> QueryResult<Counters> {
    let head = match queued {
        Some(q) => Statement::new("WITH tq AS MATERIALIZED (SELECT * FROM unnest(")
            .bind_text_array(q.iter().map(|a| a.customer_id.clone()).collect())
            .sql("::text[], ")
            .bind_timestamp_array(q.iter().map(|a| a.day).collect())
            .sql("::timestamptz[], ")
            .bind_i64_array(q.iter().map(|a| a.events).collect())
            .sql("::int8[], ")
            .bind_timestamp_array(q.iter().map(|a| a.latest).collect())
            .sql("::timestamptz[]) AS t(customer_id, day, n, latest)) SELECT "),
        None => Statement::new(&format!(
            "WITH tq AS MATERIALIZED (SELECT e.customer_id, date_trunc('day', e.ts, 'UTC') AS day,
                                            count(*) AS n, max(e.ts) AS latest
                                     FROM {} e GROUP BY 1, 2) SELECT ",
            crate::meters::rollups::repo::queued_events_sql()
        )),
    };
    let s = events_between(head, Some(month.0), Some(month.1));
    let s = events_between(s.sql(" AS events_month, "), None, None);
    active_customers(
        s.sql(" AS events_all, a.active_since, a.active_ever FROM "),
        month.0,
    )
    .sql(" a")
    .get_result(conn)
}

/// Customers with an event since `since`, and ever: (since, ever), from the customers' activity
/// rows (one per customer) and the events the roller has not counted yet, in one statement. A
/// customer is active when its stored events sum above zero or it has queued events; recent when
/// a queued event or (while its stored events sum above zero) its last stored event is at or
/// after `since`. The stored part sums the customers by the day of their last event
/// (`activity_last_days`, a row per day, whatever the number of customers); only the queued
/// customers (`tq`, see [`counters`]) are looked up.
fn active_customers(s: Statement, since: DateTime<Utc>) -> Statement {
    // Customers whose last event falls on a whole UTC day from `since` on are counted by day;
    // those in the partial day before it, from their rows (the `last_ts` index).
    let whole_from = crate::meters::rollups::day_ceil(since);
    s.sql("(WITH p AS (SELECT ")
        .bind_opt_timestamp(Some(since))
        .sql("::timestamptz AS since, ")
        .bind_opt_timestamp(Some(whole_from))
        .sql(
            "::timestamptz AS whole_from),
             q AS MATERIALIZED (
               SELECT x.customer_id, bool_or(x.latest >= p.since) AS recent FROM tq x, p GROUP BY x.customer_id)
             SELECT (stored.since + extra.since)::int8 AS active_since, (stored.ever + extra.ever)::int8 AS active_ever
             FROM (SELECT COALESCE((SELECT sum(d.customers) FROM activity_last_days d WHERE d.day >= p.whole_from), 0)
                          + (SELECT count(*) FROM customer_activity a
                             WHERE a.last_ts >= p.since AND a.last_ts < p.whole_from AND a.events > 0) AS since,
                          COALESCE((SELECT sum(d.customers) FROM activity_last_days d), 0) AS ever
                   FROM p) stored,
                  (SELECT count(*) FILTER (WHERE q.recent
                            AND NOT COALESCE(a.events > 0 AND a.last_ts >= p.since, false)) AS since,
                          count(*) FILTER (WHERE NOT COALESCE(a.events > 0, false)) AS ever
                   FROM q LEFT JOIN customer_activity a ON a.customer_id = q.customer_id, p) extra)",
        )
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
