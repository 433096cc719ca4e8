//! A page reads each billing cycle's cell with one exact index lookup, however long the
//! installation's history: the rows the lookup fetches do not grow with the periods and meters
//! stored before.

use chrono::{DateTime, Months, TimeZone, Utc};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use meterdesk::metering::{Interval, cycle_containing};
use meterdesk::meters::rollups::repo::{self, CycleKey, Scheme};
use meterdesk::meters::rollups::{CycleRequest, cycle_usage_many, roller};

use crate::support::app::TestApp;
use crate::support::db::TestDb;
use crate::support::fixtures::{count_meter, customer, event, ingest, product, subscription};

#[derive(QueryableByName)]
struct Fetched {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Rows fetched from `cycle_rollups` by index scans in this transaction so far.
fn fetched(conn: &mut PgConnection) -> i64 {
    diesel::sql_query(
        "SELECT COALESCE(idx_tup_fetch, 0)::int8 AS n FROM pg_stat_xact_user_tables WHERE relname = 'cycle_rollups'",
    )
    .get_result::<Fetched>(conn)
    .unwrap()
    .n
}

#[test]
fn a_cycle_cell_is_one_row_read_whatever_the_history() {
    const CUSTOMERS: u32 = 320;
    const METERS: u32 = 4;
    const PERIODS: u32 = 25;
    let db = TestDb::new();
    let mut conn = db.conn();
    let anchor = |c: u32| -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 11, 13, 0, 0, 0).unwrap() + chrono::Duration::hours(i64::from(c))
    };
    // Two years of monthly cycles for every customer and meter, as an installation accumulates.
    diesel::sql_query(format!(
        "INSERT INTO cycle_rollups (meter_id, customer_id, anchor, months, period_start, event_count, value_sum)
         SELECT 'mtr_' || m, 'cus_' || c, a, 1, a + make_interval(months => g), m * 1000 + g, c
         FROM generate_series(1, {METERS}) m, generate_series(1, {CUSTOMERS}) c,
              LATERAL (SELECT '2024-11-13'::timestamptz + c * interval '1 hour' AS a) s,
              generate_series(0, {PERIODS} - 1) g"
    ))
    .execute(&mut conn)
    .unwrap();
    diesel::sql_query("ANALYZE cycle_rollups")
        .execute(&mut conn)
        .unwrap();
    // The current cycle of every subscription, as the overview asks for them.
    let last = PERIODS - 1;
    let keys: Vec<CycleKey> = (1..=CUSTOMERS)
        .flat_map(|c| {
            (1..=METERS).map(move |m| CycleKey {
                meter_id: format!("mtr_{m}"),
                customer_id: format!("cus_{c}"),
                scheme: Scheme {
                    anchor: anchor(c),
                    months: 1,
                },
                period_start: anchor(c).checked_add_months(Months::new(last)).unwrap(),
            })
        })
        .collect();
    let (cells, read) = conn
        .transaction(|conn| {
            // As the pages read them: in a snapshot on the kept generic plan.
            diesel::sql_query("SET LOCAL plan_cache_mode = force_generic_plan").execute(conn)?;
            let before = fetched(conn);
            let mut cells = Vec::new();
            // Twice: the second execution reuses the prepared statement's plan.
            for _ in 0..2 {
                cells = repo::cycle_cells(conn, &keys, None)?
                    .cells
                    .unwrap_or_default()
                    .cells;
            }
            Ok::<_, diesel::result::Error>((cells, fetched(conn) - before))
        })
        .unwrap();
    assert_eq!(cells.len(), keys.len(), "every cycle has its row");
    for (i, cell) in &cells {
        let m = i64::from(*i as u32 % METERS + 1);
        assert_eq!(
            cell.count,
            m * 1000 + i64::from(last),
            "the cell of key {i} is its current cycle's"
        );
    }
    let lookups = 2 * keys.len() as i64;
    assert!(
        read >= lookups,
        "the counter saw the lookups: {read} rows fetched"
    );
    assert!(
        read <= lookups,
        "{read} rows fetched for {lookups} lookups: each lookup should fetch its one row, not the \
         customer's {} stored cycles",
        METERS * PERIODS
    );
}

/// A reader that holds the cells of its cycles at the version the database names gets them left
/// out; any change to the cells (or to the meters still being built) moves the version, and
/// the next read carries them again. Another database's version is never taken for this one's.
#[test]
fn cells_held_at_the_current_version_are_left_out_until_they_change() {
    let (db, other) = (TestDb::new(), TestDb::new());
    let (mut conn, mut other_conn) = (db.conn(), other.conn());
    let anchor = Utc.with_ymd_and_hms(2026, 1, 5, 0, 0, 0).unwrap();
    let keys = vec![CycleKey {
        meter_id: "mtr_1".into(),
        customer_id: "cus_1".into(),
        scheme: Scheme { anchor, months: 1 },
        period_start: anchor,
    }];
    let insert = "INSERT INTO cycle_rollups (meter_id, customer_id, anchor, months, period_start, event_count, value_sum)
                  VALUES ('mtr_1', 'cus_1', '2026-01-05T00:00:00Z', 1, '2026-01-05T00:00:00Z', 5, 0)";
    for c in [&mut conn, &mut other_conn] {
        diesel::sql_query(insert).execute(c).unwrap();
    }
    let first = repo::cycle_cells(&mut conn, &keys, None).unwrap();
    let at = first.at.expect("the version is read with the cells");
    let counts = |cells: &repo::CycleCells| cells.cells.iter().map(|(_, c)| c.count).collect::<Vec<_>>();
    assert_eq!(first.cells.as_ref().map(counts), Some(vec![5]));
    let again = repo::cycle_cells(&mut conn, &keys, Some(at)).unwrap();
    assert_eq!(again.at, Some(at), "nothing changed");
    assert!(again.cells.is_none(), "held at this version: left out");
    let elsewhere = repo::cycle_cells(&mut other_conn, &keys, Some(at)).unwrap();
    assert_ne!(elsewhere.at, Some(at), "another database's cells are its own");
    assert_eq!(elsewhere.cells.as_ref().map(counts), Some(vec![5]));
    diesel::sql_query("UPDATE cycle_rollups SET event_count = 6")
        .execute(&mut conn)
        .unwrap();
    let changed = repo::cycle_cells(&mut conn, &keys, Some(at)).unwrap();
    assert_ne!(changed.at, Some(at), "a change moves the version");
    assert_eq!(changed.cells.as_ref().map(counts), Some(vec![6]));
    let now = changed.at;
    diesel::sql_query("INSERT INTO cycle_rebuilds (meter_id) VALUES ('mtr_1')")
        .execute(&mut conn)
        .unwrap();
    let building = repo::cycle_cells(&mut conn, &keys, now).unwrap();
    assert_ne!(building.at, now, "a meter to rebuild moves it too");
    assert_eq!(building.cells.map(|c| c.pending), Some(vec!["mtr_1".to_string()]));
}

/// The statement that reads the cycle cells also says which meters' cells are still being built
/// (after an upgrade): those are read from the events instead, whatever their cells hold.
#[actix_web::test]
async fn a_meter_whose_cycle_cells_are_being_built_is_read_from_its_events() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "cus_a").await;
    let meter_id = count_meter(&api, "api.call").await;
    let plan = product(&api, "USD", &[(meter_id.as_str(), "0.01", "0")]).await;
    let start = Utc::now() - chrono::Duration::days(3);
    subscription(&api, "cus_a", &plan, &start.to_rfc3339()).await;
    let events = (0..7)
        .map(|i| event(&format!("e{i}"), "cus_a", "api.call", serde_json::json!({})))
        .collect();
    ingest(&api, events).await;
    let mut conn = app.conn();
    roller::catch_up(&mut conn).unwrap();
    let meter = meterdesk::meters::service::get(&mut conn, &meter_id).unwrap();
    let anchor: DateTime<Utc> = diesel::sql_query("SELECT start_at AS at FROM subscriptions")
        .get_result::<At>(&mut conn)
        .unwrap()
        .at;
    let (period_start, period_end) = cycle_containing(anchor, Interval::Monthly, Utc::now()).unwrap();
    let request = CycleRequest {
        meter: &meter,
        customer_id: "cus_a",
        anchor,
        interval: Interval::Monthly,
        period_start,
        period_end,
    };
    let read =
        |conn: &mut PgConnection| cycle_usage_many(conn, std::slice::from_ref(&request)).unwrap()[0].count;
    assert_eq!(read(&mut conn), 7, "the cycle cell counts the events");
    // A cell that disagrees with the events shows which way the read went.
    let changed = diesel::sql_query("UPDATE cycle_rollups SET event_count = 999")
        .execute(&mut conn)
        .unwrap();
    assert_eq!(changed, 1, "the customer's one cycle cell");
    assert_eq!(read(&mut conn), 999, "read from the cycle cell");
    diesel::sql_query("INSERT INTO cycle_rebuilds (meter_id) VALUES ($1)")
        .bind::<diesel::sql_types::Text, _>(&meter_id)
        .execute(&mut conn)
        .unwrap();
    assert_eq!(
        read(&mut conn),
        7,
        "a cell being built is not read: the events are"
    );
}

#[derive(QueryableByName)]
struct At {
    #[diesel(sql_type = diesel::sql_types::Timestamptz)]
    at: DateTime<Utc>,
}
