//! Exactly once under concurrency: writers ingest over the API (batches stored together while
//! a store is running, some sharing ids across writers), the app's roller and a second
//! roller fold queued blocks into the rollups, and readers compare, again and again, what the
//! app's usage reads say with a recount written by hand in SQL — in the same snapshot. Every
//! read must agree, whatever was queued or rolled at that instant: count, sum, max, last, and
//! unique counts (values equal only once numbers are normalised), min and avg, over a range
//! with raw edges, over billing cycles that start mid-hour, and as the overview reads them: all
//! customers together, over that range and all time, from one read of the queued events.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use chrono::{DateTime, Duration, DurationRound, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Numeric, Text, Timestamptz};
use meterdesk::metering::{AggregationKind, Interval, cycle_containing};
use meterdesk::meters::model::Meter;
use meterdesk::meters::rollups::{CycleRequest, Request, cycle_usage_many, roller, usage_many};
use rust_decimal::Decimal;
use serde_json::json;

use crate::support::app::TestApp;
use crate::support::fixtures::{customer, ingest, meter};

const CUSTOMERS: usize = 4;
const WRITERS: usize = 4;
const BATCHES: usize = 25;
const BATCH: usize = 40;

#[derive(QueryableByName, Debug, PartialEq)]
struct Recount {
    #[diesel(sql_type = Text)]
    customer_id: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
    #[diesel(sql_type = Numeric)]
    eu_tokens: Decimal,
    #[diesel(sql_type = Nullable<Numeric>)]
    max_tokens: Option<Decimal>,
    #[diesel(sql_type = Nullable<Numeric>)]
    last_tokens: Option<Decimal>,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    eu_users: i64,
    #[diesel(sql_type = Nullable<Numeric>)]
    min_tokens: Option<Decimal>,
    #[diesel(sql_type = Numeric)]
    avg_tokens: Decimal,
}

/// What the seven meters count per customer in `[from, to)`, written out by hand: a user is
/// its text, a numeral's without leading zeros or trailing fraction zeros; the average is the
/// sum over the count rounded half-up at 12 places by integer division.
const RECOUNT: &str = "
SELECT c.customer_id::text,
       count(e.*)::int8 AS n,
       COALESCE(sum(e.tokens) FILTER (WHERE e.metadata ->> 'region' = 'eu'), 0) AS eu_tokens,
       max(e.tokens) AS max_tokens,
       (array_agg(e.tokens ORDER BY e.ts DESC, e.seq DESC) FILTER (WHERE e.seq IS NOT NULL))[1] AS last_tokens,
       count(DISTINCT CASE WHEN e.u ~ '^-?[0-9]+([.][0-9]+)?$'
                           THEN CASE WHEN e.u::numeric::text LIKE '%.%' THEN rtrim(rtrim(e.u::numeric::text, '0'), '.')
                                     ELSE e.u::numeric::text END
                           ELSE e.u END) FILTER (WHERE e.metadata ->> 'region' = 'eu')::int8 AS eu_users,
       min(e.tokens) AS min_tokens,
       COALESCE(sign(sum(e.tokens)) * div(2 * abs(sum(e.tokens)) * 1000000000000 + count(e.*), 2 * count(e.*))
                * 0.000000000001, 0) AS avg_tokens
FROM unnest($1::text[]) AS c(customer_id)
LEFT JOIN (SELECT ev.*, (ev.metadata ->> 'tokens')::numeric AS tokens, ev.metadata ->> 'user' AS u FROM events ev) e
       ON e.customer_id = c.customer_id AND e.event_name = 'api.call' AND e.ts >= $2 AND e.ts < $3
GROUP BY c.customer_id ORDER BY c.customer_id";

/// A user, as numbers and as texts that are one value once normalised, and as names.
fn user(n: usize) -> serde_json::Value {
    let k = n % 11;
    match n % 4 {
        0 => json!(k),
        1 => json!(k.to_string()),
        2 => json!(format!("{k}.{}0", n % 2 * 5)),
        _ => json!(format!("u-{}", n % 13)),
    }
}

fn customers() -> Vec<String> {
    (0..CUSTOMERS).map(|c| format!("race-{c}")).collect()
}

/// How the app reads: a range the long way, or a whole billing cycle from its cycle cells.
#[derive(Clone, Copy)]
enum Read {
    Range,
    Cycle(DateTime<Utc>),
}

/// [`RECOUNT`] of all the customers together, as one row named `all`.
fn recount_all() -> String {
    RECOUNT
        .replace(
            "FROM unnest($1::text[]) AS c(customer_id)",
            "FROM (SELECT 'all' AS customer_id) AS c",
        )
        .replace("e.customer_id = c.customer_id", "e.customer_id = ANY($1::text[])")
}

/// The overview's figures (all customers, over `[from, to)` as its "month" and all time),
/// against [`recount_all`] in the same REPEATABLE READ transaction; panics on a difference.
fn overview_and_recount(conn: &mut PgConnection, meters: &[Meter], from: DateTime<Utc>, to: DateTime<Utc>) {
    let ever = (
        DateTime::<Utc>::from_timestamp(0, 0).unwrap(),
        DateTime::<Utc>::from_timestamp(4_102_444_800, 0).unwrap(),
    );
    conn.build_transaction()
        .repeatable_read()
        .read_only()
        .run(|conn| {
            let kept = (&meterdesk::analytics::overview::KeptMeters::default(), None);
            let data =
                meterdesk::analytics::overview::compute(conn, kept, (from, to), &[], None, chrono_tz::UTC)
                    .unwrap();
            for (all_time, (a, b)) in [(false, (from, to)), (true, ever)] {
                let r: Recount = diesel::sql_query(recount_all())
                    .bind::<diesel::sql_types::Array<Text>, _>(customers())
                    .bind::<Timestamptz, _>(a)
                    .bind::<Timestamptz, _>(b)
                    .get_result(conn)?;
                let q = |k: usize| {
                    let f = data
                        .meters
                        .iter()
                        .find(|f| f.id == meters[k].row.id)
                        .expect("a figure per meter");
                    if all_time {
                        f.all_time_quantity
                    } else {
                        f.month_quantity
                    }
                };
                let some = |d: Decimal| (r.n > 0).then_some(d);
                let got = Recount {
                    customer_id: "all".into(),
                    n: i64::try_from(q(0)).unwrap(),
                    eu_tokens: q(1),
                    max_tokens: some(q(2)),
                    last_tokens: some(q(3)),
                    eu_users: i64::try_from(q(4)).unwrap(),
                    min_tokens: some(q(5)),
                    avg_tokens: q(6),
                };
                assert_eq!(
                    got, r,
                    "the overview (all time: {all_time}) against a recount in the same snapshot"
                );
                // Every event is an api.call of these customers: the event counters agree too.
                let events = if all_time {
                    data.events_all
                } else {
                    data.events_month
                };
                assert_eq!(events, r.n, "the overview's event counter (all time: {all_time})");
            }
            Ok::<_, diesel::result::Error>(())
        })
        .unwrap()
}

/// Reads usage through the app's code and recounts by hand, in one REPEATABLE READ
/// transaction; panics on the first difference. Returns how many events the read saw.
fn read_and_recount(
    conn: &mut PgConnection,
    meters: &[Meter],
    read: Read,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> i64 {
    conn.build_transaction()
        .repeatable_read()
        .read_only()
        .run(|conn| {
            let mut ids = customers();
            if let Read::Cycle(_) = read {
                // Only customers subscribed in this snapshot have a billing cycle to read.
                use meterdesk::db::schema::subscriptions;
                let subscribed: Vec<String> = subscriptions::table
                    .select(subscriptions::customer_id)
                    .load(conn)?;
                ids.retain(|c| subscribed.contains(c));
            }
            let cells = match read {
                Read::Range => {
                    let mut requests = Vec::new();
                    for c in &ids {
                        for m in meters {
                            requests.push(Request {
                                meter: m,
                                customer_id: Some(c.as_str()),
                                start: from,
                                end: to,
                            });
                        }
                    }
                    usage_many(conn, &requests).unwrap()
                }
                Read::Cycle(anchor) => {
                    let mut requests = Vec::new();
                    for c in &ids {
                        for m in meters {
                            requests.push(CycleRequest {
                                meter: m,
                                customer_id: c.as_str(),
                                anchor,
                                interval: Interval::Monthly,
                                period_start: from,
                                period_end: to,
                            });
                        }
                    }
                    cycle_usage_many(conn, &requests).unwrap()
                }
            };
            if ids.is_empty() {
                return Ok(0);
            }
            let recount: Vec<Recount> = diesel::sql_query(RECOUNT)
                .bind::<diesel::sql_types::Array<Text>, _>(&ids)
                .bind::<Timestamptz, _>(from)
                .bind::<Timestamptz, _>(to)
                .load(conn)?;
            let mut seen = 0;
            for (ci, r) in recount.iter().enumerate() {
                let cell = |k: usize| cells[ci * meters.len() + k];
                let got = Recount {
                    customer_id: ids[ci].clone(),
                    n: cell(0).count,
                    eu_tokens: cell(1).sum,
                    max_tokens: cell(2).max,
                    last_tokens: cell(3).last.map(|l| l.value),
                    eu_users: cell(4).distinct.expect("a unique count is counted"),
                    min_tokens: cell(5).min,
                    avg_tokens: cell(6).quantity(AggregationKind::Avg),
                };
                assert_eq!(&got, r, "the app's read against a recount in the same snapshot");
                seen += r.n;
            }
            Ok::<_, diesel::result::Error>(seen)
        })
        .unwrap()
}

#[actix_web::test]
async fn reads_equal_a_recount_while_writers_and_rollers_race() {
    // One store at a time: the writers' batches that find it running wait and go together.
    let app = TestApp::spawn_with(&[("METERDESK_STORES_IN_FLIGHT", "1")]).await;
    let api = app.api();
    for c in customers() {
        customer(&api, &c).await;
    }
    let agg = |name: &str, agg: serde_json::Value, filter: Option<serde_json::Value>| {
        let mut m =
            json!({"name": name, "event_name": "api.call", "aggregation": agg, "measurement_unit": "t"});
        if let Some(f) = filter {
            m["filter"] = f;
        }
        m
    };
    let ids = [
        meter(&api, agg("calls", json!({"type": "count"}), None)).await,
        meter(
            &api,
            agg(
                "eu tokens",
                json!({"type": "sum", "key": "tokens"}),
                Some(json!({"conjunction": "and", "clauses": [{"key": "region", "operator": "equals", "value": "eu"}]})),
            ),
        )
        .await,
        meter(&api, agg("peak", json!({"type": "max", "key": "tokens"}), None)).await,
        meter(&api, agg("latest", json!({"type": "last", "key": "tokens"}), None)).await,
        meter(
            &api,
            agg(
                "eu users",
                json!({"type": "unique_count", "key": "user"}),
                Some(json!({"conjunction": "and", "clauses": [{"key": "region", "operator": "equals", "value": "eu"}]})),
            ),
        )
        .await,
        meter(&api, agg("least", json!({"type": "min", "key": "tokens"}), None)).await,
        meter(&api, agg("mean", json!({"type": "avg", "key": "tokens"}), None)).await,
    ];
    let meters: Vec<Meter> = {
        let mut conn = app.conn();
        ids.iter()
            .map(|id| meterdesk::meters::service::get(&mut conn, id).unwrap())
            .collect()
    };
    // A window with partial hours at both ends (raw edges), whole hours and a whole day inside.
    let now = Utc::now();
    let hour = now.duration_trunc(Duration::hours(1)).unwrap();
    let (from, to) = (
        hour - Duration::hours(30) + Duration::minutes(17),
        hour + Duration::minutes(43),
    );
    // Monthly subscriptions anchored mid-hour inside the window: their cycle holds part of it.
    let anchor = from + Duration::minutes(95);
    let (cycle_start, cycle_end) = cycle_containing(anchor, Interval::Monthly, now).unwrap();
    let lines: Vec<(&str, &str, &str)> = ids.iter().map(|m| (m.as_str(), "0.01", "0")).collect();
    let product = crate::support::fixtures::product(&api, "USD", &lines).await;
    let all = customers();
    for c in &all[..CUSTOMERS - 1] {
        crate::support::fixtures::subscription(&api, c, &product, &anchor.to_rfc3339()).await;
    }
    let done = Arc::new(AtomicBool::new(false));
    let reads = Arc::new(AtomicUsize::new(0));

    // A second roller beside the app's own: they share one lock, so they take turns.
    let second_roller = {
        let (url, done) = (app.db.url.clone(), done.clone());
        tokio::task::spawn_blocking(move || {
            let mut conn = PgConnection::establish(&url).unwrap();
            while !done.load(Ordering::SeqCst) {
                roller::roll(&mut conn, 3).unwrap();
            }
        })
    };
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (url, done, reads, meters) =
                (app.db.url.clone(), done.clone(), reads.clone(), meters.clone());
            tokio::task::spawn_blocking(move || {
                let mut conn = PgConnection::establish(&url).unwrap();
                while !done.load(Ordering::SeqCst) {
                    read_and_recount(&mut conn, &meters, Read::Range, from, to);
                    read_and_recount(&mut conn, &meters, Read::Cycle(anchor), cycle_start, cycle_end);
                    overview_and_recount(&mut conn, &meters, from, to);
                    reads.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    // Writer `w`'s batch `b`: some ids repeat across writers (counted once).
    let batch = move |w: usize, b: usize| -> Vec<serde_json::Value> {
        (0..BATCH)
            .map(|i| {
                let n = (w * BATCHES + b) * BATCH + i;
                let id = if i % 10 == 0 { format!("shared-{b}-{i}") } else { format!("w{w}-{n}") };
                let minutes = (n * 37 % (29 * 60)) as i64;
                json!({
                    "event_id": id,
                    "customer_id": format!("race-{}", n % CUSTOMERS),
                    "event_name": "api.call",
                    "timestamp": (from + Duration::minutes(minutes) - Duration::minutes(20)).to_rfc3339(),
                    "metadata": {"tokens": (n % 97) as i64, "region": if n % 3 == 0 { "us" } else { "eu" }, "user": user(n)}
                })
            })
            .collect()
    };
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let api = app.api();
            tokio::spawn(async move {
                for b in 0..BATCHES {
                    ingest(&api, batch(w, b)).await;
                }
            })
        })
        .collect();
    // As many again straight into the app's pipeline, each with a connection of its own (more
    // than the test pool lends requests), so that batches wait in line while one is stored.
    let api_key_id: i64 = app.api_key_id();
    let direct: Vec<_> = (WRITERS..2 * WRITERS)
        .map(|w| {
            let (url, together) = (app.db.url.clone(), app.state.together.clone());
            tokio::task::spawn_blocking(move || {
                let mut conn = PgConnection::establish(&url).unwrap();
                for b in 0..BATCHES {
                    let items = batch(w, b)
                        .into_iter()
                        .map(meterdesk::api::events::read_event)
                        .collect();
                    let source = meterdesk::ingest::model::Source::Api { api_key_id };
                    let rules = meterdesk::ingest::model::Rules::api(Utc::now(), 35);
                    let outcome = meterdesk::ingest::pipeline::run_together(
                        &mut conn, items, source, &rules, &together,
                    )
                    .unwrap();
                    assert_eq!(outcome.rejected(), 0, "{:?}", outcome.verdicts);
                }
            })
        })
        .collect();
    // The last customer subscribes while events arrive: its cycle cells are filled from what
    // is stored, and the roller keeps them from then on.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    crate::support::fixtures::subscription(&api, &all[CUSTOMERS - 1], &product, &anchor.to_rfc3339()).await;
    for w in writers {
        w.await.unwrap();
    }
    for w in direct {
        w.await.unwrap();
    }
    done.store(true, Ordering::SeqCst);
    for r in readers {
        r.await.unwrap();
    }
    second_roller.await.unwrap();
    assert!(reads.load(Ordering::SeqCst) >= 4, "the readers raced the writers");
    let (statements, batches) = app.state.together.counts();
    assert!(
        batches > statements,
        "some batches were stored together: {batches} batches in {statements} statements"
    );
    // After everything is rolled up, the rollups alone agree as well.
    let mut conn = app.rolled_conn();
    let seen = read_and_recount(&mut conn, &meters, Read::Range, from, to);
    assert!(seen > 0);
    let in_cycle = read_and_recount(&mut conn, &meters, Read::Cycle(anchor), cycle_start, cycle_end);
    assert!(in_cycle > 0 && in_cycle < seen, "{in_cycle} of {seen}");
    overview_and_recount(&mut conn, &meters, from, to);
    let queued: i64 = meterdesk::db::schema::rollup_queue::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(queued, 0);
}
