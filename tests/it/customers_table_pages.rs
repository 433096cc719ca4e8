//! The customers usage table pages by (customer, subscription): walking it page by page from
//! any cursor lists every subscription active in the period exactly once, in key order — a
//! customer's subscriptions split across pages included — and never one outside the period.

use chrono::{DateTime, TimeZone, Utc};
use diesel::prelude::*;
use meterdesk::analytics::customers::repo::{LineCursor, subscriptions_in};

use crate::support::db::TestDb;

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, 0, 0, 0).unwrap()
}

#[test]
fn pages_list_each_subscription_of_the_period_once_in_key_order() {
    let db = TestDb::new();
    let mut conn = db.conn();
    diesel::sql_query("INSERT INTO products (id, name, currency) VALUES ('prd_a', 'Plan', 'USD')")
        .execute(&mut conn)
        .unwrap();
    // Customers with one to four subscriptions; every fifth one ended before the period, every
    // seventh starts after it.
    let mut want: Vec<(String, String)> = Vec::new();
    for c in 0..9 {
        let customer = format!("cus_{c}");
        diesel::sql_query(format!(
            "INSERT INTO customers (id, email, name) VALUES ('{customer}', '{customer}@x.test', '{customer}')"
        ))
        .execute(&mut conn)
        .unwrap();
        for s in 0..=(c % 4) {
            let n = c * 10 + s;
            let id = format!("sub_{n:03}");
            let (start, end) = match n {
                n if n % 5 == 0 => (at(1), Some(at(5))),
                n if n % 7 == 0 => (at(25), None),
                _ => (at(2), None),
            };
            diesel::sql_query(format!(
                "INSERT INTO subscriptions (id, customer_id, product_id, start_at, end_at)
                 VALUES ('{id}', '{customer}', 'prd_a', '{start}', {end})",
                end = end.map_or("NULL".to_string(), |e| format!("'{e}'"))
            ))
            .execute(&mut conn)
            .unwrap();
            if n % 5 != 0 && n % 7 != 0 {
                want.push((customer.clone(), id));
            }
        }
    }
    want.sort();
    assert!(want.len() > 6, "enough subscriptions to page: {want:?}");
    let (from, to) = (at(10), at(20));
    for limit in [1, 2, 3, 50] {
        let mut got: Vec<(String, String)> = Vec::new();
        let mut after: Option<LineCursor> = None;
        // Each page moves on (a cursor that repeats its own row would never end).
        for _ in 0..=want.len() {
            let page = subscriptions_in(&mut conn, from, to, after.as_ref(), limit).unwrap();
            assert!(page.len() as i64 <= limit);
            let Some(last) = page.last() else { break };
            after = Some(LineCursor {
                customer_id: last.customer_id.clone(),
                subscription_id: last.id.clone(),
            });
            got.extend(page.iter().map(|s| (s.customer_id.clone(), s.id.clone())));
        }
        assert_eq!(got, want, "pages of {limit}");
    }
    // A cursor between a customer's subscriptions goes on with that customer's next one.
    let (customer, first) = want
        .windows(2)
        .find(|w| w[0].0 == w[1].0)
        .map(|w| w[0].clone())
        .expect("a customer with two subscriptions in the period");
    let k = want.iter().position(|w| w.0 == customer && w.1 == first).unwrap();
    let cursor = LineCursor {
        customer_id: customer,
        subscription_id: first,
    };
    let next = subscriptions_in(&mut conn, from, to, Some(&cursor), 1).unwrap();
    assert_eq!((next[0].customer_id.clone(), next[0].id.clone()), want[k + 1]);
}
