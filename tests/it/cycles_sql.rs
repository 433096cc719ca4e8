//! `md_cycle_start` (SQL, used to rebuild cycle cells from events) and `cycle_containing`
//! (Rust, used by the roller and every reader) name the same cycle for any anchor and instant:
//! month ends, leap days, times of day, monthly and yearly.

use chrono::{DateTime, Duration, TimeZone, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, Int4, Timestamptz};
use meterdesk::metering::{Interval, cycle_containing};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::support::db::TestDb;

#[derive(QueryableByName)]
struct Start {
    #[diesel(sql_type = Timestamptz)]
    start: DateTime<Utc>,
}

fn case() -> impl Strategy<Value = (DateTime<Utc>, bool, i64)> {
    (
        2000i32..2040,
        1u32..=12,
        prop_oneof![1u32..=28, 28u32..=31],
        0u32..24,
        0u32..60,
        0u32..60,
        any::<bool>(),
        0i64..(10 * 366 * 24 * 3600),
    )
        .prop_filter_map("a real date", |(y, m, d, h, mi, s, yearly, after)| {
            let anchor = Utc.with_ymd_and_hms(y, m, d, h, mi, s).single()?;
            Some((anchor, yearly, after))
        })
}

#[test]
fn sql_and_rust_name_the_same_cycle() {
    let db = TestDb::new();
    let conn = std::cell::RefCell::new(db.conn());
    let mut runner = TestRunner::new(Config {
        cases: 24,
        ..Config::default()
    });
    runner
        .run(&proptest::collection::vec(case(), 200), |cases| {
            let anchors: Vec<DateTime<Utc>> = cases.iter().map(|c| c.0).collect();
            let months: Vec<i32> = cases.iter().map(|c| if c.1 { 12 } else { 1 }).collect();
            // Instants after the anchor, and exactly on some cycle starts.
            let instants: Vec<DateTime<Utc>> = cases
                .iter()
                .map(|(a, yearly, after)| {
                    if after % 7 == 0 {
                        let interval = if *yearly { Interval::Yearly } else { Interval::Monthly };
                        meterdesk::metering::nth_cycle_start(*a, interval, (*after % 50) as u32).unwrap_or(*a)
                    } else {
                        *a + Duration::seconds(*after)
                    }
                })
                .collect();
            let rows: Vec<Start> = diesel::sql_query(
                "SELECT md_cycle_start(a, m, t) AS start FROM unnest($1::timestamptz[], $2::int4[], $3::timestamptz[])
                 WITH ORDINALITY AS x(a, m, t, n) ORDER BY n",
            )
            .bind::<Array<Timestamptz>, _>(&anchors)
            .bind::<Array<Int4>, _>(&months)
            .bind::<Array<Timestamptz>, _>(&instants)
            .load(&mut *conn.borrow_mut())
            .unwrap();
            for (i, row) in rows.iter().enumerate() {
                let interval = if months[i] == 12 { Interval::Yearly } else { Interval::Monthly };
                let (start, _) = cycle_containing(anchors[i], interval, instants[i]).unwrap();
                prop_assert_eq!(row.start, start, "anchor {} every {} months, at {}", anchors[i], months[i], instants[i]);
            }
            Ok(())
        })
        .unwrap();
}
