//! After the faults: what the database holds against what the clients were told, and every
//! rollup against a recount from the raw events.

use diesel::sql_types::{BigInt, Numeric, Text};
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl};
use rust_decimal::Decimal;

use crate::load::{BATCH, CUSTOMERS, Plan, Record, customer};

#[derive(QueryableByName, Debug)]
struct PerCustomer {
    #[diesel(sql_type = Text)]
    customer_id: String,
    #[diesel(sql_type = BigInt)]
    events: i64,
    #[diesel(sql_type = Numeric)]
    tokens: Decimal,
}

#[derive(QueryableByName, Debug)]
struct Mismatch {
    #[diesel(sql_type = Text)]
    what: String,
}

/// Each grain's rows that differ from a recount of the events the meters count (and the
/// count of events per day and customer); `count` meters compare counts, `sum` meters counts
/// and sums. Buckets are UTC hours and days (per customer, and per meter across customers); a
/// customer's hours only on its dense days (24 counted events or more, `DENSE_DAY`), the only
/// ones that keep hourly rows.
const RECOUNT: &str = "
WITH counted AS (
    SELECT m.id AS meter_id, m.aggregation, e.customer_id, e.ts,
           (e.metadata ->> 'tokens')::numeric AS v
    FROM events e JOIN meters m ON m.event_name = e.event_name
),
hourly AS (
    SELECT meter_id, aggregation, customer_id, date_trunc('hour', ts) AS bucket, count(*) AS n, sum(v) AS s
    FROM counted GROUP BY 1, 2, 3, 4
),
daily AS (
    SELECT meter_id, aggregation, customer_id, date_trunc('day', ts) AS bucket, count(*) AS n, sum(v) AS s
    FROM counted GROUP BY 1, 2, 3, 4
),
per_meter_day AS (
    SELECT meter_id, aggregation, date_trunc('day', ts) AS bucket, count(*) AS n, sum(v) AS s
    FROM counted GROUP BY 1, 2, 3
),
meter_days_summed AS (
    SELECT meter_id, day AS bucket, sum(event_count) AS n, sum(value_sum) AS s
    FROM meter_days GROUP BY 1, 2
),
per_meter_hour AS (
    SELECT meter_id, aggregation, date_trunc('hour', ts) AS bucket, count(*) AS n, sum(v) AS s
    FROM counted GROUP BY 1, 2, 3
),
meter_hours_summed AS (
    SELECT meter_id, hour AS bucket, sum(event_count) AS n, sum(value_sum) AS s
    FROM meter_hours GROUP BY 1, 2
)
SELECT 'rollups ' || coalesce(r.meter_id, h.meter_id) || ' ' || coalesce(r.customer_id, h.customer_id)
       || ' ' || coalesce(r.hour, h.bucket)::text || ': stored ' || coalesce(r.event_count::text, '-') || '/'
       || coalesce(r.value_sum::text, '-') || ', recount ' || coalesce(h.n::text, '-') || '/' || coalesce(h.s::text, '-') AS what
FROM (SELECT * FROM rollups x WHERE EXISTS (SELECT 1 FROM daily d WHERE d.meter_id = x.meter_id
        AND d.customer_id = x.customer_id AND d.bucket = date_trunc('day', x.hour) AND d.n >= 24)) r
FULL JOIN (SELECT * FROM hourly x WHERE EXISTS (SELECT 1 FROM daily d WHERE d.meter_id = x.meter_id
        AND d.customer_id = x.customer_id AND d.bucket = date_trunc('day', x.bucket) AND d.n >= 24)) h
  ON h.meter_id = r.meter_id AND h.customer_id = r.customer_id AND h.bucket = r.hour
WHERE r.event_count IS DISTINCT FROM h.n OR (h.aggregation = 'sum' AND r.value_sum IS DISTINCT FROM h.s)
UNION ALL
SELECT 'rollups_daily ' || coalesce(r.meter_id, d.meter_id) || ' ' || coalesce(r.customer_id, d.customer_id)
       || ' ' || coalesce(r.day, d.bucket)::text || ': stored ' || coalesce(r.event_count::text, '-')
       || ', recount ' || coalesce(d.n::text, '-')
FROM rollups_daily r
FULL JOIN daily d ON d.meter_id = r.meter_id AND d.customer_id = r.customer_id AND d.bucket = r.day
WHERE r.event_count IS DISTINCT FROM d.n OR (d.aggregation = 'sum' AND r.value_sum IS DISTINCT FROM d.s)
UNION ALL
SELECT 'meter_days ' || coalesce(r.meter_id, d.meter_id) || ' ' || coalesce(r.bucket, d.bucket)::text
       || ': stored ' || coalesce(r.n::text, '-') || ', recount ' || coalesce(d.n::text, '-')
FROM meter_days_summed r
FULL JOIN per_meter_day d ON d.meter_id = r.meter_id AND d.bucket = r.bucket
WHERE r.n IS DISTINCT FROM d.n OR (d.aggregation = 'sum' AND r.s IS DISTINCT FROM d.s)
UNION ALL
SELECT 'meter_hours ' || coalesce(r.meter_id, h.meter_id) || ' ' || coalesce(r.bucket, h.bucket)::text
       || ': stored ' || coalesce(r.n::text, '-') || ', recount ' || coalesce(h.n::text, '-')
FROM meter_hours_summed r
FULL JOIN per_meter_hour h ON h.meter_id = r.meter_id AND h.bucket = r.bucket
WHERE r.n IS DISTINCT FROM h.n OR (h.aggregation = 'sum' AND r.s IS DISTINCT FROM h.s)
UNION ALL
SELECT 'customer_activity ' || coalesce(a.customer_id, e.customer_id) || ': stored '
       || coalesce(a.n::text, '-') || ', recount ' || coalesce(e.n::text, '-')
FROM (SELECT customer_id, sum(events) AS n FROM customer_activity GROUP BY 1) a
FULL JOIN (SELECT customer_id, count(*) AS n FROM events GROUP BY 1) e ON e.customer_id = a.customer_id
WHERE a.n IS DISTINCT FROM e.n
UNION ALL
SELECT 'activity_days ' || coalesce(a.day, e.day)::text || ': stored ' || coalesce(a.n::text, '-')
       || ', recount ' || coalesce(e.n::text, '-')
FROM (SELECT day, sum(events) AS n FROM activity_days GROUP BY 1) a
FULL JOIN (SELECT date_trunc('day', ts) AS day, count(*) AS n FROM events GROUP BY 1) e ON e.day = a.day
WHERE a.n IS DISTINCT FROM e.n
UNION ALL
SELECT 'activity_last_days ' || coalesce(a.day, c.day)::text || ': stored ' || coalesce(a.n::text, '-')
       || ', recount ' || coalesce(c.n::text, '-')
FROM (SELECT day, customers AS n FROM activity_last_days WHERE customers <> 0) a
FULL JOIN (SELECT date_trunc('day', last_ts) AS day, count(*) AS n FROM customer_activity WHERE events > 0 GROUP BY 1) c
  ON c.day = a.day
WHERE a.n IS DISTINCT FROM c.n
";

/// What the checks found, for the report line.
pub struct Tally {
    pub stored: u64,
}

/// Every batch was acknowledged in the end, every acknowledged event is stored exactly once
/// (per customer: the planned count and sum of tokens), and every rollup grain equals a
/// recount from the raw events.
pub fn stored_equals_acknowledged(database_url: &str, plan: &Plan, record: &Record) -> Tally {
    for b in 0..plan.batches.len() {
        let answers = record.of(b);
        assert!(record.acked(b), "batch {b} was never acknowledged: {answers:?}");
        for a in &answers {
            if let crate::load::Answer::Acked { ingested, duplicates } = a {
                assert_eq!(
                    ingested + duplicates,
                    BATCH as u64,
                    "batch {b}: every event is stored or a duplicate: {answers:?}"
                );
            }
        }
    }
    let mut conn = PgConnection::establish(database_url).unwrap();
    diesel::sql_query("SET TIME ZONE 'UTC'")
        .execute(&mut conn)
        .unwrap();
    let rows: Vec<PerCustomer> = diesel::sql_query(
        "SELECT customer_id, count(*)::int8 AS events, coalesce(sum((metadata ->> 'tokens')::numeric), 0) AS tokens \
         FROM events GROUP BY 1 ORDER BY 1",
    )
    .load(&mut conn)
    .unwrap();
    let stored: i64 = rows.iter().map(|r| r.events).sum();
    assert_eq!(
        stored as u64,
        plan.events(),
        "stored events = acknowledged events: none lost, none twice"
    );
    assert_eq!(rows.len(), CUSTOMERS);
    for (c, row) in rows.iter().enumerate() {
        let (events, tokens) = plan.expected[c];
        assert_eq!(row.customer_id, customer(c));
        assert_eq!(
            (row.events as u64, row.tokens),
            (events, Decimal::from(tokens)),
            "{}: stored events and tokens against what was sent",
            row.customer_id
        );
    }
    // What is still queued is rolled up first (the server's roller would get there on its own).
    meterdesk::meters::rollups::roller::catch_up(&mut conn).unwrap();
    let mismatches: Vec<Mismatch> = diesel::sql_query(RECOUNT).load(&mut conn).unwrap();
    let shown: Vec<&str> = mismatches.iter().take(10).map(|m| m.what.as_str()).collect();
    assert!(
        mismatches.is_empty(),
        "{} rollup rows differ from a recount of the raw events, e.g.:\n{}",
        mismatches.len(),
        shown.join("\n")
    );
    Tally {
        stored: stored as u64,
    }
}
