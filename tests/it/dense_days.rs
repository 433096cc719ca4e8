//! Hourly rows only for dense customer days (`DENSE_DAY` counted events or more): a customer's
//! whole hours of a sparse day are read from its raw events; a day that turns dense gets its
//! hourly rows counted from the stored events, then the roll's own cells on top; stale rows of
//! sparse days (after a rebuild wrote them all) are never read. Every read equals a recount.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel::sql_types::Text;
use meterdesk::audit::Actor;
use meterdesk::ingest::model::RawEvent;
use meterdesk::meters::model::Meter;
use meterdesk::meters::rollups::repo::DENSE_DAY;
use meterdesk::meters::rollups::{self, roller};
use serde_json::json;

use crate::rollups::{add_customers, all_events, base, brute_force, load_events, make_meter};
use crate::support::db::TestDb;

#[derive(QueryableByName)]
struct Rows {
    #[diesel(sql_type = Text)]
    rows: String,
}

/// The hourly rows of a customer's day, as text.
fn hourly_rows(conn: &mut PgConnection, meter: &Meter, customer: &str, day: DateTime<Utc>) -> String {
    diesel::sql_query(
        "SELECT COALESCE(string_agg(r::text, ';' ORDER BY r::text), '') AS rows FROM (
           SELECT hour, event_count, trim_scale(value_sum), trim_scale(value_max), trim_scale(value_min),
                  trim_scale(last_value), last_ts, last_seq, latest_ts
           FROM rollups WHERE meter_id = $1 AND customer_id = $2 AND hour >= $3 AND hour < $3 + interval '1 day') r",
    )
    .bind::<Text, _>(&meter.row.id)
    .bind::<Text, _>(customer)
    .bind::<diesel::sql_types::Timestamptz, _>(day)
    .get_result::<Rows>(conn)
    .unwrap()
    .rows
}

/// The hourly rows a rebuild from the events writes for a customer's day (rolled back after).
fn rebuilt_rows(conn: &mut PgConnection, meter: &Meter, customer: &str, day: DateTime<Utc>) -> String {
    let mut rows = String::new();
    let _ = conn.transaction::<(), diesel::result::Error, _>(|c| {
        rollups::repo::rebuild(c, meter)?;
        rows = hourly_rows(c, meter, customer, day);
        Err(diesel::result::Error::RollbackTransaction)
    });
    rows
}

/// The customer's day holds the hourly rows a rebuild from the events writes.
fn assert_complete(conn: &mut PgConnection, meter: &Meter, customer: &str, day: DateTime<Utc>, what: &str) {
    let stored = hourly_rows(conn, meter, customer, day);
    assert_eq!(stored, rebuilt_rows(conn, meter, customer, day), "{what}");
}

struct Events {
    next: usize,
}

impl Events {
    /// `n` events of a customer at `day` plus the given minutes (cycled), values 1, 2, 3, …
    fn at(&mut self, customer: &str, day: DateTime<Utc>, minutes: &[i64], n: usize) -> Vec<RawEvent> {
        (0..n)
            .map(|k| {
                self.next += 1;
                RawEvent {
                    event_id: format!("d{}", self.next),
                    customer_id: customer.into(),
                    event_name: "llm".into(),
                    timestamp: Some((day + Duration::minutes(minutes[k % minutes.len()])).to_rfc3339()),
                    metadata: json!({ "v": self.next % 7, "user": format!("u{}", self.next % 5) })
                        .as_object()
                        .unwrap()
                        .clone(),
                    upload_row: None,
                }
            })
            .collect()
    }
}

/// Every meter's usage of each customer over ranges whose whole hours fall inside the days,
/// against a brute-force recount of the stored events.
fn reads_equal_a_recount(conn: &mut PgConnection, meters: &[Meter], what: &str) {
    let stored = all_events(conn);
    let d = base() + Duration::days(2);
    let ranges = [
        (d + Duration::minutes(197), d + Duration::hours(20)),
        (d - Duration::minutes(90), d + Duration::minutes(13 * 60 + 1)),
        (d + Duration::hours(5), d + Duration::days(1) + Duration::hours(6)),
        (d - Duration::days(3), d + Duration::days(3)),
        (d + Duration::hours(1), d + Duration::hours(2)),
    ];
    for customer in ["c0", "c1"] {
        for &(from, to) in &ranges {
            for meter in meters {
                let got = rollups::usage(conn, meter, customer, from, to).unwrap();
                let want = brute_force(&stored, meter, Some(customer), from, to);
                let kind = meter.aggregation.kind();
                assert_eq!(
                    (got.quantity(kind), got.count, got.latest),
                    (want.quantity(kind), want.count, want.latest),
                    "{what}: {} of {customer} over [{from}, {to})",
                    meter.aggregation_words()
                );
            }
        }
    }
}

#[test]
fn sparse_days_keep_no_hourly_rows_and_a_day_turning_dense_gets_them_all() {
    assert_eq!(
        DENSE_DAY, 24,
        "the recount checks of the tests and benchmarks assume 24"
    );
    let db = TestDb::new();
    let mut conn = db.conn();
    add_customers(&mut conn, &["c0", "c1"]);
    let meters = [
        make_meter(&mut conn, "llm", "sum", "v", None),
        make_meter(&mut conn, "llm", "last", "v", None),
        make_meter(&mut conn, "llm", "unique_count", "user", None),
        make_meter(
            &mut conn,
            "llm",
            "count",
            "",
            Some(
                json!({"conjunction": "and", "clauses": [{"key": "v", "operator": "greater_than", "value": 2}]}),
            ),
        ),
    ];
    let (sum, count) = (&meters[0], &meters[3]);
    let day = base() + Duration::days(2);
    let mut events = Events { next: 0 };
    let minutes = [5, 65, 65, 200, 421, 421, 1439];

    // Ten events of c0 and three of c1 on the day, and one of c0 the day after: all sparse.
    let mut first = events.at("c0", day, &minutes, 10);
    first.extend(events.at("c1", day, &minutes, 3));
    first.extend(events.at("c0", day + Duration::days(1), &[300], 1));
    load_events(&mut conn, first);
    reads_equal_a_recount(&mut conn, &meters, "queued");
    roller::catch_up(&mut conn).unwrap();
    assert_eq!(
        hourly_rows(&mut conn, sum, "c0", day),
        "",
        "a sparse day keeps no hourly rows"
    );
    reads_equal_a_recount(&mut conn, &meters, "sparse days rolled");

    // Twenty more of c0 on the day, in hours that hold events already: 30 events, dense. The
    // filtered count meter counts only v > 2 (16 of 30): still sparse.
    load_events(&mut conn, events.at("c0", day, &minutes[1..], 20));
    reads_equal_a_recount(&mut conn, &meters, "queued on a sparse day");
    roller::catch_up(&mut conn).unwrap();
    let rows = hourly_rows(&mut conn, sum, "c0", day);
    assert!(rows.contains("01:00:00"), "{rows}");
    assert_complete(&mut conn, sum, "c0", day, "the day turned dense");
    assert_eq!(
        hourly_rows(&mut conn, count, "c0", day),
        "",
        "its filter keeps fewer than 24"
    );
    reads_equal_a_recount(&mut conn, &meters, "a day turned dense");

    // More on the dense day, read while queued and then rolled onto its rows.
    load_events(&mut conn, events.at("c0", day, &[65, 700], 6));
    reads_equal_a_recount(&mut conn, &meters, "queued on a dense day");
    roller::catch_up(&mut conn).unwrap();
    assert_complete(&mut conn, sum, "c0", day, "a dense day takes the roll's cells");
    reads_equal_a_recount(&mut conn, &meters, "a dense day rolled");

    // A rebuild writes every hour, sparse days' too; later events leave those rows stale, and
    // reads must not take them. Then c1's day turns dense: its stale rows are counted again.
    for meter in &meters {
        conn.transaction(|c| rollups::repo::rebuild(c, meter)).unwrap();
    }
    assert_ne!(hourly_rows(&mut conn, sum, "c1", day), "");
    load_events(&mut conn, events.at("c1", day, &minutes, 4));
    roller::catch_up(&mut conn).unwrap();
    assert_ne!(
        hourly_rows(&mut conn, sum, "c1", day),
        rebuilt_rows(&mut conn, sum, "c1", day),
        "a sparse day's rows are left stale"
    );
    reads_equal_a_recount(&mut conn, &meters, "stale rows of a sparse day");
    load_events(&mut conn, events.at("c1", day, &minutes, 20));
    roller::catch_up(&mut conn).unwrap();
    assert_complete(
        &mut conn,
        sum,
        "c1",
        day,
        "stale rows counted again when the day turns dense",
    );
    reads_equal_a_recount(&mut conn, &meters, "c1's day turned dense");

    // Voids take c0's day below 24: its hours are counted again from the events that are left.
    for k in 1..=20 {
        let id = format!("d{k}");
        let request = meterdesk::ingest::void::VoidRequest {
            event_id: &id,
            reason: "sent twice",
            event_name: None,
        };
        meterdesk::ingest::void::void(&mut conn, &Actor::Cli, &request).unwrap();
    }
    assert_complete(&mut conn, sum, "c0", day, "a void counts the whole day again");
    reads_equal_a_recount(&mut conn, &meters, "voided below dense");
}

/// Every `rollups_daily` row, as text.
fn daily_rows(conn: &mut PgConnection) -> String {
    diesel::sql_query(
        "SELECT COALESCE(string_agg(r::text, ';' ORDER BY r::text), '') AS rows FROM (
           SELECT meter_id, customer_id, day, event_count, trim_scale(value_sum), trim_scale(value_max),
                  trim_scale(value_min), trim_scale(last_value), last_ts, last_seq, latest_ts
           FROM rollups_daily) r",
    )
    .get_result::<Rows>(conn)
    .unwrap()
    .rows
}

/// Every `rollups_daily` row a rebuild of the meters from the events writes (rolled back after).
fn rebuilt_daily_rows(conn: &mut PgConnection, meters: &[Meter]) -> String {
    let mut rows = String::new();
    let _ = conn.transaction::<(), diesel::result::Error, _>(|c| {
        for meter in meters {
            rollups::repo::rebuild(c, meter)?;
        }
        rows = daily_rows(c);
        Err(diesel::result::Error::RollbackTransaction)
    });
    rows
}

/// The roller inserts a roll's cells of days without a `meter_days` row as new rows, without
/// looking for theirs. A day that has rows all the same (its meter's days removed here by hand)
/// is merged into them, not inserted twice nor failing the roll, next to a day the roll updates
/// and one it inserts.
#[test]
fn a_days_rows_are_merged_even_when_its_meter_day_is_missing() {
    let db = TestDb::new();
    let mut conn = db.conn();
    add_customers(&mut conn, &["c0", "c1"]);
    let meters = [
        make_meter(&mut conn, "llm", "sum", "v", None),
        make_meter(&mut conn, "llm", "max", "v", None),
        make_meter(&mut conn, "llm", "unique_count", "user", None),
    ];
    let day = base() + Duration::days(2);
    let mut events = Events { next: 0 };
    let mut first = events.at("c0", day, &[5, 65, 700], 5);
    first.extend(events.at("c1", day, &[30], 2));
    first.extend(events.at("c0", day - Duration::days(1), &[100], 3));
    load_events(&mut conn, first);
    roller::catch_up(&mut conn).unwrap();
    let removed = diesel::sql_query("DELETE FROM meter_days WHERE day = $1")
        .bind::<diesel::sql_types::Timestamptz, _>(day)
        .execute(&mut conn)
        .unwrap();
    assert!(removed > 0);

    // The day before has its meter's days (updated), the day has rows but no meter's days
    // (inserted, then merged), the day after has neither (inserted).
    let mut second = events.at("c0", day - Duration::days(1), &[200], 2);
    second.extend(events.at("c0", day, &[65, 1000], 4));
    second.extend(events.at("c1", day, &[30], 1));
    second.extend(events.at("c1", day + Duration::days(1), &[30, 90], 3));
    load_events(&mut conn, second);
    roller::catch_up(&mut conn).unwrap();
    reads_equal_a_recount(&mut conn, &meters, "a day's rows without its meter's days");
    let (stored, rebuilt) = (daily_rows(&mut conn), rebuilt_daily_rows(&mut conn, &meters));
    let c0_day = diesel::sql_query(
        "SELECT sum(event_count)::text AS rows FROM rollups_daily WHERE customer_id = 'c0' AND day = $1",
    )
    .bind::<diesel::sql_types::Timestamptz, _>(day)
    .get_result::<Rows>(&mut conn)
    .unwrap()
    .rows;
    assert_eq!(
        c0_day, "27",
        "c0's 9 events of the day, once for each of 3 meters"
    );
    assert_eq!(stored, rebuilt, "the day rows a rebuild from the events writes");
}

/// A roll of many new days writes them in bulk (a binary COPY from 500 rows): every value of
/// every row as a rebuild from the events writes it, and a day that turned dense with the
/// roll gets its hourly rows.
#[test]
fn a_roll_of_many_new_days_writes_what_a_rebuild_writes() {
    let db = TestDb::new();
    let mut conn = db.conn();
    add_customers(&mut conn, &["c0", "c1"]);
    let meters = [
        make_meter(&mut conn, "llm", "sum", "v", None),
        make_meter(&mut conn, "llm", "max", "v", None),
        make_meter(&mut conn, "llm", "last", "v", None),
    ];
    let day = base() + Duration::days(2);
    let mut events = Events { next: 0 };
    let mut all = Vec::new();
    for d in 0..200 {
        all.extend(events.at("c0", day - Duration::days(100 - d), &[d * 7 % 1440], 2));
    }
    all.extend(events.at("c1", day, &[5, 65, 65, 200, 421, 1439], 30));
    load_events(&mut conn, all);
    roller::catch_up(&mut conn).unwrap();
    let rows = diesel::sql_query("SELECT count(*)::text AS rows FROM rollups_daily")
        .get_result::<Rows>(&mut conn)
        .unwrap()
        .rows;
    assert_eq!(rows, "603", "3 meters × (200 days of c0 + 1 of c1), in one roll");
    let (stored, rebuilt) = (daily_rows(&mut conn), rebuilt_daily_rows(&mut conn, &meters));
    assert_eq!(stored, rebuilt, "the day rows a rebuild from the events writes");
    for meter in &meters {
        assert_complete(
            &mut conn,
            meter,
            "c1",
            day,
            "a day dense with the roll's own events",
        );
    }
    reads_equal_a_recount(&mut conn, &meters, "many new days");
}
