//! The queued tail counted in memory ([`tail_memory`]) says what the same tail aggregated in
//! SQL says, window by window and hour by hour; an ingest hands its committed block over, so no
//! reader reads it from the database unless it reads back otherwise (finer than microseconds); a
//! second read takes the held blocks without reading them again; a void of a queued event changes its block's version, so the next read
//! reads that block again and no longer counts the event, nor does the roller, which takes the
//! held blocks; a reader whose snapshot began before a roll does not read the rolled blocks again.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, DurationRound, Utc};
use diesel::prelude::*;
use meterdesk::audit::Actor;
use meterdesk::ingest::void::{self, VoidRequest};
use meterdesk::metering::{AggregationKind, Cell};
use meterdesk::meters::model::Meter;
use meterdesk::meters::rollups::repo::{self, TailCells, TailGrain, Window};
use meterdesk::meters::rollups::tail_memory::Tail;
use meterdesk::meters::rollups::{self, roller};
use serde_json::json;

use crate::support::app::TestApp;
use crate::support::fixtures::{customer, ingest, meter};

const ROLLER_LOCK: i64 = 727_276;

/// What a window's cell answers, for comparing: every aggregate, and the last value only where
/// the meter is a `last` (SQL keeps it for those alone).
fn answer(cell: &Cell, kind: AggregationKind) -> String {
    let last = if kind == AggregationKind::Last {
        format!("{:?}", cell.last)
    } else {
        String::new()
    };
    format!(
        "n={} sum={} max={:?} min={:?} latest={:?} q={} {last}",
        cell.count,
        cell.sum.normalize(),
        cell.max.map(|d| d.normalize()),
        cell.min.map(|d| d.normalize()),
        cell.latest,
        cell.quantity(kind).normalize()
    )
}

/// Per window index: its merged cell answered, and its distinct values.
fn by_window(
    tail: TailCells,
    kinds: &BTreeMap<i32, AggregationKind>,
) -> BTreeMap<i32, (String, BTreeSet<String>)> {
    let mut cells: BTreeMap<i32, Cell> = BTreeMap::new();
    for (i, c) in tail.cells {
        let slot = cells.entry(i).or_default();
        *slot = slot.merge(&c).unwrap();
    }
    let mut out: BTreeMap<i32, (String, BTreeSet<String>)> = cells
        .into_iter()
        .map(|(i, c)| (i, (answer(&c, kinds[&i]), BTreeSet::new())))
        .collect();
    for (i, v) in tail.values {
        out.entry(i).or_default().1.insert(v);
    }
    out
}

#[actix_web::test]
async fn the_tail_in_memory_equals_the_tail_in_sql_and_follows_voids() {
    let app = TestApp::spawn().await;
    let api = app.api();
    let customers = ["tm-a", "tm-b", "tm-c"];
    for c in customers {
        customer(&api, c).await;
    }
    let eu =
        json!({"conjunction": "and", "clauses": [{"key": "region", "operator": "equals", "value": "eu"}]});
    let def = |name: &str, agg: serde_json::Value, filter: Option<&serde_json::Value>| {
        let mut m =
            json!({"name": name, "event_name": "api.call", "aggregation": agg, "measurement_unit": "t"});
        if let Some(f) = filter {
            m["filter"] = f.clone();
        }
        m
    };
    let ids = [
        meter(&api, def("calls", json!({"type": "count"}), None)).await,
        meter(
            &api,
            def("eu tokens", json!({"type": "sum", "key": "tokens"}), Some(&eu)),
        )
        .await,
        meter(&api, def("peak", json!({"type": "max", "key": "tokens"}), None)).await,
        meter(
            &api,
            def("latest", json!({"type": "last", "key": "tokens"}), None),
        )
        .await,
        meter(
            &api,
            def(
                "eu users",
                json!({"type": "unique_count", "key": "user"}),
                Some(&eu),
            ),
        )
        .await,
        meter(&api, def("least", json!({"type": "min", "key": "tokens"}), None)).await,
    ];
    let mut conn = app.conn();
    let meters: Vec<Meter> = ids
        .iter()
        .map(|id| meterdesk::meters::service::get(&mut conn, id).unwrap())
        .collect();
    let refs: Vec<&Meter> = meters.iter().collect();
    // Hold the roller's lock for the whole test (at session level: the void below, on this
    // connection, takes it again as its own): everything ingested stays queued.
    diesel::sql_query(format!("SELECT pg_advisory_lock({ROLLER_LOCK})"))
        .execute(&mut conn)
        .unwrap();
    let hour = Utc::now().duration_trunc(Duration::hours(1)).unwrap();
    let start = hour - Duration::hours(3);
    for b in 0..6 {
        let events: Vec<_> = (0..30)
            .map(|i| {
                let n = b * 30 + i;
                json!({
                    "event_id": format!("tm-{n}"),
                    "customer_id": customers[n % 3],
                    "event_name": if n % 7 == 0 { "other.call" } else { "api.call" },
                    // Some events share a timestamp: `last` breaks the tie by receipt order.
                    "timestamp": (start + Duration::minutes((n * 13 % 170) as i64)).to_rfc3339(),
                    "metadata": {
                        "tokens": if n % 5 == 0 { json!(format!("{}.50", n % 41)) } else { json!(n % 41) },
                        "region": if n % 3 == 1 { "us" } else { "eu" },
                        "user": if n % 2 == 0 { json!(n % 9) } else { json!(format!("{}", n % 9)) },
                    }
                })
            })
            .collect();
        ingest(&api, events).await;
    }
    // Windows: per customer and for all, on hours; and cut mid-hour (billing cycles).
    let mut hourly: Vec<(usize, Window)> = Vec::new();
    let mut exact: Vec<(usize, Window)> = Vec::new();
    let mut kinds = BTreeMap::new();
    let window = |i: usize, c: Option<&str>, from: DateTime<Utc>, to: DateTime<Utc>| Window {
        i: i as i32,
        meter_id: String::new(),
        customer_id: c.map(str::to_string),
        from,
        to,
        last: true,
    };
    for (k, m) in meters.iter().enumerate() {
        for (n, c) in [None, Some("tm-a"), Some("tm-b"), Some("tm-c")]
            .into_iter()
            .enumerate()
        {
            let i = hourly.len();
            kinds.insert(i as i32, m.aggregation.kind());
            hourly.push((
                k,
                window(
                    i,
                    c,
                    start + Duration::hours(n as i64 % 2),
                    hour + Duration::hours(1),
                ),
            ));
            if let Some(c) = c {
                let from = start + Duration::minutes(37 + 11 * n as i64);
                exact.push((k, window(i, Some(c), from, from + Duration::minutes(95))));
            }
        }
    }
    // Windows that open before the first event or close after the last, cutting the queued
    // events at one end only: within a block, some customers' events fall wholly inside and
    // others are cut (a count by block and customer, as much as one by event, must agree with SQL).
    for (k, m) in meters.iter().enumerate() {
        for c in customers {
            for (from, to) in [
                (start - Duration::hours(1), start + Duration::minutes(150)),
                (start - Duration::hours(1), start + Duration::minutes(166)),
                (start + Duration::minutes(20), hour + Duration::hours(1)),
                (start + Duration::minutes(5), hour + Duration::hours(1)),
            ] {
                let i = 1000 + exact.len();
                kinds.insert(i as i32, m.aggregation.kind());
                exact.push((k, window(i, Some(c), from, to)));
            }
        }
    }
    let compare = |conn: &mut PgConnection| -> (usize, i64) {
        conn.build_transaction()
            .repeatable_read()
            .read_only()
            .run(|conn| {
                let tail = Tail::read(conn).unwrap().expect("a short tail is held in memory");
                for (windows, grain) in [(&hourly, TailGrain::Hours), (&exact, TailGrain::Exact)] {
                    let sql = repo::queued_cells(conn, &refs, windows, grain).unwrap();
                    let memory = tail.cells(&refs, windows).unwrap();
                    let (sql, memory) = (by_window(sql, &kinds), by_window(memory, &kinds));
                    assert!(sql.len() > 10, "{sql:?}");
                    assert_eq!(memory, sql, "{grain:?}");
                }
                let (cells, values) = repo::queued_hours(conn, &refs).unwrap();
                let mut sql: BTreeMap<(usize, DateTime<Utc>), (String, BTreeSet<String>)> = BTreeMap::new();
                for (k, h, c) in cells {
                    sql.insert((k, h), (answer(&c, refs[k].aggregation.kind()), BTreeSet::new()));
                }
                for (k, h, v) in values {
                    sql.entry((k, h)).or_default().1.insert(v);
                }
                let memory: BTreeMap<_, _> = tail
                    .hours(&refs)
                    .unwrap()
                    .into_iter()
                    .map(|((k, h), c)| ((k, h), (answer(&c.cell, refs[k].aggregation.kind()), c.values)))
                    .collect();
                assert!(sql.len() >= 3 * meters.len(), "{sql:?}");
                assert_eq!(memory, sql);
                let calls = tail.cells(&refs, &hourly[..1]).unwrap().cells[0].1.count;
                Ok::<_, diesel::result::Error>((tail.fetched(), calls))
            })
            .unwrap()
    };
    // Each ingest handed its committed block over: the first read reads none of them, and
    // what it counts from them is what SQL counts from the stored events (compared above).
    let (fetched, calls) = compare(&mut conn);
    assert_eq!(fetched, 0, "the ingests' blocks are in memory");
    assert!(calls > 100, "{calls}");
    // A batch whose timestamps are finer than PostgreSQL keeps (it rounds to microseconds) is
    // not handed over: the next read reads that block from the database, and holds it.
    let other: Vec<_> = (0..3)
        .map(|i| {
            json!({
                "event_id": format!("tm-fine-{i}"),
                "customer_id": customers[i % 3],
                "event_name": "other.call",
                "timestamp": format!("{}.123456789Z", (start + Duration::minutes(i as i64)).format("%Y-%m-%dT%H:%M:%S")),
                "metadata": {"tokens": 5, "user": "u1", "region": "eu"},
            })
        })
        .collect();
    ingest(&api, other).await;
    let (fetched, again) = compare(&mut conn);
    assert_eq!(
        (fetched, again),
        (1, calls),
        "only the block not handed over is read"
    );
    let (fetched, again) = compare(&mut conn);
    assert_eq!((fetched, again), (0, calls), "held blocks are not read again");

    // A queued event is voided: its block is read again, and the event counts nowhere.
    let request = VoidRequest {
        event_id: "tm-40",
        reason: "sent twice",
        event_name: None,
    };
    void::void(&mut conn, &Actor::Cli, &request).unwrap();
    let (fetched, after) = compare(&mut conn);
    assert_eq!((fetched, after), (1, calls - 1));
    let (fetched, again) = compare(&mut conn);
    assert_eq!((fetched, again), (0, after), "the block read again is held");
    // A reader whose snapshot began before the roll (a page's transaction).
    let mut before = app.conn();
    diesel::sql_query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .execute(&mut before)
        .unwrap();
    let early = Tail::read(&mut before).unwrap().unwrap();
    assert_eq!(early.fetched(), 0);
    // The roller takes the held blocks (the voided one as read again): the rollups then say
    // what the tail said.
    let rolled = roller::catch_up(&mut conn).unwrap();
    assert_eq!(rolled, 6 * 30 - 1 + 3);
    let total = rollups::meter_total(&mut conn, &meters[0], hourly[0].1.from, hourly[0].1.to).unwrap();
    assert_eq!(total.count, calls - 1);
    // That read found the queue empty: this process holds nothing of the database any more.
    assert_eq!(Tail::held(&mut conn).unwrap(), 0);
    // The earlier snapshot still sees the blocks queued: it reads them again from what was set
    // aside when they left the queue, not from the database, and counts what it counted.
    let late = Tail::read(&mut before).unwrap().unwrap();
    assert_eq!(late.fetched(), 0, "blocks that just left the queue are at hand");
    assert_eq!(
        late.cells(&refs, &hourly[..1]).unwrap().cells[0].1.count,
        calls - 1
    );
    diesel::sql_query("COMMIT").execute(&mut before).unwrap();
    diesel::sql_query(format!("SELECT pg_advisory_unlock({ROLLER_LOCK})"))
        .execute(&mut conn)
        .unwrap();
}
