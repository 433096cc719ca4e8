//! A page reads each billing cycle's cell with one exact index lookup, however long the
//! installation's history: the rows the lookup fetches do not grow with the periods and meters
//! stored before.

use chrono::{DateTime, Months, TimeZone, Utc};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use meterdesk::meters::rollups::repo::{self, CycleKey, Scheme};

use crate::support::db::TestDb;

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
                cells = repo::cycle_cells(conn, &keys)?;
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
