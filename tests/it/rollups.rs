//! Usage from rollups (whole hours) plus raw events (partial hours at the edges) plus queued
//! events equals a brute-force recomputation over the raw events, for every aggregation (unique
//! counts over values that are equal only once numbers are normalised), with filters, for
//! random ranges — and still after a meter's definition changes and its rollups are rebuilt.
//! The meters' months always equal the merge of their days, whichever path wrote the days.

use chrono::{DateTime, Duration, TimeZone, Utc};
use diesel::prelude::*;
use meterdesk::audit::Actor;
use meterdesk::db::schema::events;
use meterdesk::ingest::model::{Incoming, RawEvent, Rules, Source};
use meterdesk::ingest::pipeline::{self, Mode};
use meterdesk::metering::{Cell, Counted, Filter};
use meterdesk::meters::model::{FORM_FIELDS, Meter, MeterFields};
use meterdesk::meters::rollups::Request;
use meterdesk::validation::FieldErrors;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

use crate::support::db::TestDb;

pub(crate) fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, 1, 0, 0, 0).single().unwrap()
}

pub(crate) fn add_customers(conn: &mut PgConnection, ids: &[&str]) {
    for c in ids {
        diesel::sql_query(format!(
            "INSERT INTO customers (id, email, name) VALUES ('{c}', '{c}@x.test', '{c}')"
        ))
        .execute(conn)
        .unwrap();
    }
}

pub(crate) fn make_meter(
    conn: &mut PgConnection,
    event: &str,
    agg: &str,
    key: &str,
    filter: Option<Value>,
) -> Meter {
    let fields = MeterFields {
        name: format!("{agg} {key}"),
        event_name: event.into(),
        aggregation: agg.into(),
        aggregation_key: key.into(),
        unit: "u".into(),
        ..Default::default()
    };
    let filter = filter.map(|f| Filter::from_json(&f).unwrap());
    let valid = fields
        .validate(filter, &FORM_FIELDS, &mut FieldErrors::new())
        .unwrap();
    meterdesk::meters::service::create(conn, &Actor::System, &valid).unwrap()
}

/// Every stored event: (customer, timestamp, seq, metadata, event name), in receipt order.
pub(crate) type Stored = Vec<(String, DateTime<Utc>, i64, Value, String)>;

pub(crate) fn all_events(conn: &mut PgConnection) -> Stored {
    let mut rows: Stored = events::table
        .select((
            events::customer_id,
            events::ts,
            events::seq,
            events::metadata,
            events::event_name,
        ))
        .load(conn)
        .unwrap();
    rows.sort_by_key(|r| (r.1, r.2));
    rows
}

/// Everything the meter counts for the customer (or all) in [from, to), straight from the
/// stored events.
pub(crate) fn brute_force(
    stored: &Stored,
    meter: &Meter,
    customer: Option<&str>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Cell {
    let mut counted = Counted::default();
    for (c, ts, seq, md, name) in stored {
        let md = md.as_object().unwrap();
        if customer.is_some_and(|want| want != c) || *name != meter.row.event_name || *ts < from || *ts >= to
        {
            continue;
        }
        if meter.filter.as_ref().is_some_and(|f| !f.matches(md)) {
            continue;
        }
        if let Ok(v) = meter.aggregation.read_value(md) {
            counted.add(*ts, *seq, v.as_ref()).unwrap();
        }
    }
    counted.finished()
}

/// Values of `user`: the first five are one value once numbers are normalised.
fn user(i: i64) -> Value {
    [
        json!(1),
        json!("1"),
        json!(1.0),
        json!("1.00"),
        json!("001"),
        json!("u-a"),
        json!("u-b"),
        json!(true),
        json!("true"),
        json!(2.5),
        json!("2.50"),
        json!("1e3"),
        json!(1000),
    ][i.rem_euclid(13) as usize]
        .clone()
}

pub(crate) fn load_events(conn: &mut PgConnection, raw: Vec<RawEvent>) {
    let items = raw.into_iter().map(Incoming::Event).collect();
    let outcome = pipeline::run(
        conn,
        items,
        Source::Manual { operator_id: 0 },
        &Rules::backfill(Utc::now()),
        Mode::Commit,
    )
    .unwrap();
    assert_eq!(outcome.rejected(), 0, "{:?}", outcome.verdicts);
}

#[derive(Debug, Clone)]
struct Ev {
    minute: i64,
    second: i64,
    customer: usize,
    region: usize,
    value: i64,
}

fn ev_strategy() -> impl Strategy<Value = Ev> {
    // About ten days, with many events on the same minute (ties for `last`), or about a hundred
    // (across whole UTC months, which reads across customers take from `meter_months`).
    (
        prop_oneof![0i64..14_400, 0i64..144_000],
        prop_oneof![Just(0i64), 0i64..60],
        0usize..2,
        0usize..3,
        -50i64..500,
    )
        .prop_map(|(minute, second, customer, region, value)| Ev {
            minute,
            second,
            customer,
            region,
            value,
        })
}

#[test]
fn usage_from_rollups_equals_usage_from_raw_events() {
    let db = TestDb::new();
    let mut conn = db.conn();
    add_customers(&mut conn, &["c0", "c1"]);
    let eu = json!({"conjunction": "or", "clauses": [{"key": "region", "operator": "equals", "value": "eu"},
                                                      {"key": "v", "operator": "greater_than", "value": 400}]});
    let mut meters = vec![
        make_meter(&mut conn, "llm", "count", "", None),
        make_meter(&mut conn, "llm", "sum", "v", Some(eu.clone())),
        make_meter(&mut conn, "llm", "max", "v", None),
        make_meter(&mut conn, "llm", "last", "v", None),
        make_meter(&mut conn, "llm", "min", "v", None),
        make_meter(&mut conn, "llm", "avg", "v", Some(eu.clone())),
        make_meter(&mut conn, "llm", "unique_count", "user", None),
        make_meter(&mut conn, "llm", "unique_count", "user", Some(eu.clone())),
    ];
    let regions = ["eu", "us", "apac"];
    let mut runner = TestRunner::new(Config {
        cases: 40,
        failure_persistence: None,
        ..Config::default()
    });
    // The runner takes an Fn: the connection and the id counter live in cells.
    let conn_cell = std::cell::RefCell::new(conn);
    let next_id = std::cell::Cell::new(0usize);
    runner
        .run(
            &(
                prop::collection::vec(ev_strategy(), 1..80),
                prop::collection::vec(
                    prop_oneof![
                        (0i64..14_500 * 60, 0i64..14_500 * 60),
                        (0i64..145_000 * 60, 0i64..145_000 * 60)
                    ],
                    8,
                ),
            ),
            |(evs, ranges)| {
                let raw: Vec<RawEvent> = evs
                    .iter()
                    .map(|e| {
                        next_id.set(next_id.get() + 1);
                        let ts = base() + Duration::minutes(e.minute) + Duration::seconds(e.second);
                        RawEvent {
                            event_id: format!("e{}", next_id.get()),
                            customer_id: format!("c{}", e.customer),
                            event_name: "llm".into(),
                            timestamp: Some(ts.to_rfc3339()),
                            metadata:
                                json!({"region": regions[e.region], "v": e.value, "user": user(e.value)})
                                    .as_object()
                                    .unwrap()
                                    .clone(),
                            upload_row: None,
                        }
                    })
                    .collect();
                let mut conn = conn_cell.borrow_mut();
                // The earlier cases' events are rolled up, this case's stay queued.
                meterdesk::meters::rollups::roller::catch_up(&mut conn).unwrap();
                load_events(&mut conn, raw);
                let stored = all_events(&mut conn);
                // One request per call for two ranges; all of them batched below.
                for (a, b) in ranges.iter().take(2) {
                    let (from, to) = (
                        base() + Duration::seconds(*a.min(b)),
                        base() + Duration::seconds(*a.max(b)),
                    );
                    for meter in &meters {
                        for customer in [Some("c0"), Some("c1"), None] {
                            let got = match customer {
                                Some(c) => {
                                    meterdesk::meters::rollups::usage(&mut conn, meter, c, from, to).unwrap()
                                }
                                None => meterdesk::meters::rollups::meter_total(&mut conn, meter, from, to)
                                    .unwrap(),
                            };
                            let want = brute_force(&stored, meter, customer, from, to);
                            let kind = meter.aggregation.kind();
                            prop_assert_eq!(
                                got.quantity(kind),
                                want.quantity(kind),
                                "{} for {:?} in [{}, {})",
                                meter.aggregation_words(),
                                customer,
                                from,
                                to
                            );
                            prop_assert_eq!(got.count, want.count);
                            prop_assert_eq!(got.latest, want.latest, "latest event time");
                        }
                    }
                }
                // All of them in one call, as the pages and the usage API ask: windows that
                // several meters share are read once and must still be counted per meter.
                let mut requests = Vec::new();
                for (a, b) in &ranges {
                    let (start, end) = (
                        base() + Duration::seconds(*a.min(b)),
                        base() + Duration::seconds(*a.max(b)),
                    );
                    for meter in &meters {
                        for customer_id in [Some("c0"), Some("c1"), None] {
                            requests.push(Request {
                                meter,
                                customer_id,
                                start,
                                end,
                            });
                        }
                    }
                }
                let cells = meterdesk::meters::rollups::usage_many(&mut conn, &requests).unwrap();
                prop_assert_eq!(cells.len(), requests.len());
                for (r, got) in requests.iter().zip(cells) {
                    let want = brute_force(&stored, r.meter, r.customer_id, r.start, r.end);
                    let kind = r.meter.aggregation.kind();
                    prop_assert_eq!(got.quantity(kind), want.quantity(kind), "batched {:?}", r);
                    prop_assert_eq!(got.count, want.count);
                    prop_assert_eq!(got.latest, want.latest);
                }
                Ok(())
            },
        )
        .unwrap();
    let mut conn = conn_cell.into_inner();

    // Change what the sum meter counts: its rollups are rebuilt and still agree.
    let id = meters[1].row.id.clone();
    let fields = MeterFields {
        name: "sum v".into(),
        event_name: "llm".into(),
        aggregation: "sum".into(),
        aggregation_key: "v".into(),
        unit: "u".into(),
        ..Default::default()
    };
    let us_only = Filter::from_json(&json!({"conjunction": "and", "clauses": [{"key": "region", "operator": "not_equals", "value": "eu"}]})).unwrap();
    let valid = fields
        .validate(Some(us_only), &FORM_FIELDS, &mut FieldErrors::new())
        .unwrap();
    meters[1] = meterdesk::meters::service::update(&mut conn, &Actor::System, &id, &valid).unwrap();
    let (from, to) = (
        base() + Duration::minutes(17) + Duration::seconds(5),
        base() + Duration::hours(70),
    );
    for customer in ["c0", "c1"] {
        let got = meterdesk::meters::rollups::usage(&mut conn, &meters[1], customer, from, to).unwrap();
        let want = brute_force(&all_events(&mut conn), &meters[1], Some(customer), from, to);
        assert_eq!(got.sum, want.sum);
        assert_eq!(got.count, want.count);
    }

    // A unique count becomes an average and a minimum becomes a unique count of a filtered
    // set: both are rebuilt from the events (values kept only for unique counts) and agree.
    let redefine = |conn: &mut PgConnection, meter: &Meter, agg: &str, key: &str, filter: Option<Value>| {
        let fields = MeterFields {
            name: meter.row.name.clone(),
            event_name: "llm".into(),
            aggregation: agg.into(),
            aggregation_key: key.into(),
            unit: "u".into(),
            ..Default::default()
        };
        let valid = fields
            .validate(
                filter.map(|f| Filter::from_json(&f).unwrap()),
                &FORM_FIELDS,
                &mut FieldErrors::new(),
            )
            .unwrap();
        meterdesk::meters::service::update(conn, &Actor::System, &meter.row.id, &valid).unwrap()
    };
    let not_us = json!({"conjunction": "and", "clauses": [{"key": "region", "operator": "not_equals", "value": "us"}]});
    meters[6] = redefine(&mut conn, &meters[6], "avg", "v", None);
    meters[4] = redefine(&mut conn, &meters[4], "unique_count", "user", Some(not_us));
    let values_of = |conn: &mut PgConnection, meter: &Meter| -> i64 {
        diesel::sql_query("SELECT count(*)::int8 AS n FROM rollup_values WHERE meter_id = $1")
            .bind::<diesel::sql_types::Text, _>(&meter.row.id)
            .get_result::<Count>(conn)
            .unwrap()
            .n
    };
    assert_eq!(values_of(&mut conn, &meters[6]), 0, "an average keeps no values");
    assert!(values_of(&mut conn, &meters[4]) > 0);
    let stored = all_events(&mut conn);
    for meter in [&meters[4], &meters[6]] {
        for customer in [Some("c0"), Some("c1"), None] {
            for (from, to) in [(from, to), (base(), base() + Duration::days(12))] {
                let got = match customer {
                    Some(c) => meterdesk::meters::rollups::usage(&mut conn, meter, c, from, to).unwrap(),
                    None => meterdesk::meters::rollups::meter_total(&mut conn, meter, from, to).unwrap(),
                };
                let want = brute_force(&stored, meter, customer, from, to);
                let kind = meter.aggregation.kind();
                assert_eq!(
                    got.quantity(kind),
                    want.quantity(kind),
                    "{}",
                    meter.aggregation_words()
                );
                assert_eq!(got.count, want.count);
            }
        }
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[test]
fn an_archived_meter_does_not_count_events_received_after_it_was_archived_even_at_range_edges() {
    let db = TestDb::new();
    let mut conn = db.conn();
    add_customers(&mut conn, &["c0"]);
    let meter = make_meter(&mut conn, "llm", "sum", "v", None);
    // Another meter keeps listening, so later events are stored (manual entry needs one).
    make_meter(&mut conn, "llm", "count", "", None);
    let event = |id: &str, minute: i64, v: i64| RawEvent {
        event_id: id.into(),
        customer_id: "c0".into(),
        event_name: "llm".into(),
        timestamp: Some((base() + Duration::minutes(minute)).to_rfc3339()),
        metadata: json!({ "v": v }).as_object().unwrap().clone(),
        upload_row: None,
    };
    // Both in the partial hours at the edges of the range read below.
    load_events(
        &mut conn,
        vec![event("before-1", 10, 3), event("before-2", 190, 4)],
    );
    let archived =
        meterdesk::meters::service::set_archived(&mut conn, &Actor::System, &meter.row.id, true).unwrap();
    // Received after the archive (a moment later, so received_at is strictly after it).
    std::thread::sleep(std::time::Duration::from_millis(5));
    load_events(
        &mut conn,
        vec![event("after-1", 20, 100), event("after-2", 200, 200)],
    );
    let (from, to) = (base() + Duration::minutes(5), base() + Duration::minutes(215));
    let cell = meterdesk::meters::rollups::usage(&mut conn, &archived, "c0", from, to).unwrap();
    assert_eq!(cell.count, 2, "only the events received before the archive");
    assert_eq!(cell.sum.to_string(), "7");
    let total = meterdesk::meters::rollups::meter_total(&mut conn, &archived, from, to).unwrap();
    assert_eq!(total.count, 2);
}

#[derive(QueryableByName)]
struct Rows {
    #[diesel(sql_type = diesel::sql_types::Text)]
    rows: String,
}

/// `meter_months` as text, and the merge of `meter_days` by UTC month as text.
fn months_and_their_days(conn: &mut PgConnection) -> (String, String) {
    let cells = "event_count, value_sum::text, value_max::text, value_min::text, last_value::text, last_ts, last_seq, latest_ts";
    let months: Rows = diesel::sql_query(format!(
        "SELECT COALESCE(string_agg(r::text, ';' ORDER BY r::text), '') AS rows
         FROM (SELECT meter_id, month, {cells} FROM meter_months WHERE event_count > 0) r"
    ))
    .get_result(conn)
    .unwrap();
    let days: Rows = diesel::sql_query(
        "SELECT COALESCE(string_agg(r::text, ';' ORDER BY r::text), '') AS rows
         FROM (SELECT meter_id, date_trunc('month', day, 'UTC') AS month, sum(event_count)::int8,
                      sum(value_sum)::text, max(value_max)::text, min(value_min)::text,
                      (array_agg(last_value ORDER BY last_ts DESC, last_seq DESC) FILTER (WHERE last_ts IS NOT NULL))[1]::text,
                      max(last_ts), (array_agg(last_seq ORDER BY last_ts DESC, last_seq DESC) FILTER (WHERE last_ts IS NOT NULL))[1],
                      max(latest_ts)
               FROM meter_days GROUP BY 1, 2 HAVING sum(event_count) > 0) r",
    )
    .get_result(conn)
    .unwrap();
    (months.rows, days.rows)
}

/// `meter_hours` merged over its stripes as text, and the merge of every customer's `rollups`
/// by meter and UTC hour as text, as a rebuild of `meters` from the events writes them (in a
/// transaction rolled back: sparse days keep no hourly rows, a rebuild writes them all).
fn meter_hours_and_their_cells(conn: &mut PgConnection, meters: &[Meter]) -> (String, String) {
    let merged = |table: &str| {
        format!(
            "SELECT COALESCE(string_agg(r::text, ';' ORDER BY r::text), '') AS rows
             FROM (SELECT meter_id, hour, sum(event_count)::int8, sum(value_sum)::text, max(value_max)::text,
                          min(value_min)::text,
                          (array_agg(last_value ORDER BY last_ts DESC, last_seq DESC) FILTER (WHERE last_ts IS NOT NULL))[1]::text,
                          max(last_ts), (array_agg(last_seq ORDER BY last_ts DESC, last_seq DESC) FILTER (WHERE last_ts IS NOT NULL))[1],
                          max(latest_ts)
                   FROM {table} GROUP BY 1, 2 HAVING sum(event_count) > 0) r"
        )
    };
    let hours: Rows = diesel::sql_query(merged("meter_hours")).get_result(conn).unwrap();
    let mut cells = String::new();
    let _ = conn.transaction::<(), diesel::result::Error, _>(|c| {
        for meter in meters {
            meterdesk::meters::rollups::repo::rebuild(c, meter)?;
        }
        cells = diesel::sql_query(merged("rollups")).get_result::<Rows>(c)?.rows;
        Err(diesel::result::Error::RollbackTransaction)
    });
    assert!(!cells.is_empty(), "the rebuild's hourly cells");
    (hours.rows, cells)
}

/// Reads across customers over whole UTC months merge `meter_months`, and over whole hours
/// `meter_hours`: each month equals its days and each meter hour its customers' hours after the
/// roller folds events in (late ones into past months too), after voids recompute a day and an
/// hour and after a rebuild; totals over months and over ranges cut inside days equal a recount, with
/// events still queued in a past month.
#[test]
fn the_meters_months_equal_their_days_and_totals_over_months_equal_a_recount() {
    let db = TestDb::new();
    let mut conn = db.conn();
    add_customers(&mut conn, &["c0", "c1"]);
    let meters = [
        make_meter(&mut conn, "llm", "sum", "v", None),
        make_meter(&mut conn, "llm", "max", "v", None),
        make_meter(&mut conn, "llm", "min", "v", None),
        make_meter(&mut conn, "llm", "last", "v", None),
        make_meter(&mut conn, "llm", "count", "", None),
    ];
    let mut next = 0;
    let mut batch = |days: &[(i64, i64)]| -> Vec<RawEvent> {
        days.iter()
            .map(|&(minutes, v)| {
                next += 1;
                RawEvent {
                    event_id: format!("m{next}"),
                    customer_id: format!("c{}", next % 2),
                    event_name: "llm".into(),
                    timestamp: Some((base() + Duration::minutes(minutes)).to_rfc3339()),
                    metadata: json!({ "v": v }).as_object().unwrap().clone(),
                    upload_row: None,
                }
            })
            .collect()
    };
    let day = 24 * 60;
    // March, April (two on the same minute: `last` takes the later receipt) and May 2024.
    load_events(
        &mut conn,
        batch(&[
            (10, 5),
            (3 * day, 40),
            (33 * day, 7),
            (33 * day, 9),
            (40 * day + 7, -3),
            (70 * day, 12),
        ]),
    );
    meterdesk::meters::rollups::roller::catch_up(&mut conn).unwrap();
    let (months, days) = months_and_their_days(&mut conn);
    assert!(months.contains("2024-04-01"), "{months}");
    assert_eq!(months, days, "after the roller");
    let (hours, cells) = meter_hours_and_their_cells(&mut conn, &meters);
    assert!(!hours.is_empty());
    assert_eq!(hours, cells, "meter hours after the roller");
    // A late event in April, still queued: totals over whole months count it.
    load_events(&mut conn, batch(&[(45 * day, 1000)]));
    let check = |conn: &mut PgConnection, what: &str| {
        let stored = all_events(conn);
        for (from, to) in [
            (base(), base() + Duration::days(92)),
            (
                base() + Duration::minutes(17),
                base() + Duration::days(75) + Duration::hours(3),
            ),
            // A local day in Asia/Kolkata: whole hours inside UTC days, across customers.
            (
                base() + Duration::days(32) + Duration::minutes(18 * 60 + 30),
                base() + Duration::days(33) + Duration::minutes(18 * 60 + 30),
            ),
            (
                base() + Duration::days(45) - Duration::hours(5),
                base() + Duration::days(45) + Duration::hours(7),
            ),
            (base() - Duration::days(400), base() + Duration::days(400)),
        ] {
            for meter in &meters {
                let got = meterdesk::meters::rollups::meter_total(conn, meter, from, to).unwrap();
                let want = brute_force(&stored, meter, None, from, to);
                let kind = meter.aggregation.kind();
                assert_eq!(
                    got.quantity(kind),
                    want.quantity(kind),
                    "{what}: {} over [{from}, {to})",
                    meter.aggregation_words()
                );
                assert_eq!(got.count, want.count, "{what}");
                assert_eq!(got.latest, want.latest, "{what}");
            }
        }
    };
    check(&mut conn, "queued in a past month");
    meterdesk::meters::rollups::roller::catch_up(&mut conn).unwrap();
    let (months, days) = months_and_their_days(&mut conn);
    assert!(months.contains("1000"), "{months}");
    assert_eq!(months, days, "after a late event");
    let (hours, cells) = meter_hours_and_their_cells(&mut conn, &meters);
    assert!(!hours.is_empty());
    assert_eq!(hours, cells, "meter hours after a late event");
    check(&mut conn, "rolled");
    // A void recomputes April's day from the events: the month follows.
    let request = meterdesk::ingest::void::VoidRequest {
        event_id: "m7",
        reason: "sent by mistake",
        event_name: None,
    };
    meterdesk::ingest::void::void(&mut conn, &Actor::Cli, &request).unwrap();
    // And one of two events in an hour: that meter hour keeps the other's cell.
    let request = meterdesk::ingest::void::VoidRequest {
        event_id: "m4",
        reason: "sent twice",
        event_name: None,
    };
    meterdesk::ingest::void::void(&mut conn, &Actor::Cli, &request).unwrap();
    let (months, days) = months_and_their_days(&mut conn);
    assert!(!months.contains("1000"), "{months}");
    assert_eq!(months, days, "after a void");
    let (hours, cells) = meter_hours_and_their_cells(&mut conn, &meters);
    assert!(!hours.is_empty());
    assert_eq!(hours, cells, "meter hours after a void");
    check(&mut conn, "voided");
    // A rebuild writes the same months.
    for meter in &meters {
        conn.transaction(|c| meterdesk::meters::rollups::repo::rebuild(c, meter))
            .unwrap();
    }
    let (rebuilt, days) = months_and_their_days(&mut conn);
    assert_eq!(rebuilt, days, "after a rebuild");
    assert_eq!(rebuilt, months, "a rebuild writes what the void left");
    let (hours, cells) = meter_hours_and_their_cells(&mut conn, &meters);
    assert!(!hours.is_empty());
    assert_eq!(hours, cells, "meter hours after a rebuild");
    check(&mut conn, "rebuilt");
}
