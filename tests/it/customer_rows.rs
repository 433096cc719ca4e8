//! The customers table's rows are kept between computations of a page (with the page cache
//! off, every view computes its lines): a line that changed is rendered again, one that did not
//! comes back as it was, and a row kept in one language is not shown in another.

use chrono::{Duration, SecondsFormat, Utc};
use meterdesk::auth::model::Role;
use serde_json::json;

use crate::support::app::TestApp;
use crate::support::fixtures::{count_meter, customer, event, ingest, product, subscription};

/// Each row's consumed quantity (its machine-readable sort key), in table order.
fn consumed(html: &str) -> Vec<String> {
    html.split("data-col=\"consumed\" data-sort=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

#[actix_web::test]
async fn a_changed_line_is_rendered_again_and_the_others_are_kept() {
    let app = TestApp::spawn_with(&[("METERDESK_PAGE_CACHE_SECONDS", "0")]).await;
    let api = app.api();
    let m = count_meter(&api, "api.call").await;
    let p = product(&api, "USD", &[(&m, "0.50", "0")]).await;
    let start = (Utc::now() - Duration::days(3)).to_rfc3339_opts(SecondsFormat::Secs, true);
    for c in ["cus_a", "cus_b"] {
        customer(&api, c).await;
        subscription(&api, c, &p, &start).await;
    }
    // Ten minutes ago: lines of customers sending events right now are not kept.
    let ts = (Utc::now() - Duration::minutes(10)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let send = |c: &'static str, from: usize, n: usize| {
        let events = (from..from + n)
            .map(|i| {
                let mut e = event(&format!("{c}-{i}"), c, "api.call", json!({}));
                e["timestamp"] = json!(ts);
                e
            })
            .collect();
        ingest(&api, events)
    };
    send("cus_a", 0, 3).await;
    send("cus_b", 0, 4).await;
    let viewer = app.session(Role::Viewer).await;
    let page = || async { viewer.get_text("/analytics/customers").await.1 };
    let first = page().await;
    assert_eq!(consumed(&first), ["3", "4"]);
    assert!(
        first.contains("$1.50") && first.contains("$2.00"),
        "charges: {first}"
    );
    assert!(first.contains("per unit (calls)"), "English words");
    // The same lines again: the same rows.
    assert_eq!(consumed(&page().await), ["3", "4"]);

    // One customer's line changes; the other's does not.
    send("cus_a", 3, 2).await;
    let second = page().await;
    assert_eq!(
        consumed(&second),
        ["5", "4"],
        "the changed line is rendered again"
    );
    assert!(second.contains("$2.50"), "cus_a's charge follows: {second}");
    assert!(!second.contains("$1.50"), "cus_a's old row is not shown");
    assert!(second.contains("$2.00"), "cus_b's row is as it was");

    // Kept rows are per language: a French view words them in French.
    let french = viewer.get_text_in("/analytics/customers", "fr").await;
    assert_eq!(consumed(&french), ["5", "4"]);
    assert!(french.contains("par unité (calls)"), "French words: {french}");
    assert!(
        !french.contains("per unit (calls)"),
        "no English row in the French page"
    );
}

/// The process keeps the products it priced with the products' version they were read at; a
/// price or a meter changed by anyone (here by SQL behind the server's back, as another server
/// process would) prices the very next view.
#[actix_web::test]
async fn a_price_or_meter_changed_elsewhere_prices_the_next_view() {
    let app = TestApp::spawn_with(&[("METERDESK_PAGE_CACHE_SECONDS", "0")]).await;
    let api = app.api();
    let m = count_meter(&api, "api.call").await;
    let p = product(&api, "USD", &[(&m, "0.50", "0")]).await;
    let start = (Utc::now() - Duration::days(3)).to_rfc3339_opts(SecondsFormat::Secs, true);
    customer(&api, "cus_a").await;
    subscription(&api, "cus_a", &p, &start).await;
    let ts = (Utc::now() - Duration::minutes(10)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let events = (0..3)
        .map(|i| {
            let mut e = event(&format!("e-{i}"), "cus_a", "api.call", json!({}));
            e["timestamp"] = json!(ts);
            e
        })
        .collect();
    ingest(&api, events).await;
    let viewer = app.session(Role::Viewer).await;
    let page = || async { viewer.get_text("/analytics/customers").await.1 };
    for _ in 0..2 {
        let html = page().await;
        assert!(
            html.contains("$1.50") && html.contains("per unit (calls)"),
            "{html}"
        );
    }
    let sql = |statement: &str| {
        use diesel::RunQueryDsl;
        diesel::sql_query(statement).execute(&mut app.conn()).unwrap();
    };
    sql(r#"UPDATE product_meters SET price = '{"model": "per_unit", "unit_price": "2"}'"#);
    let html = page().await;
    assert!(html.contains("$6.00") && !html.contains("$1.50"), "{html}");
    sql("UPDATE meters SET unit = 'requests'");
    let html = page().await;
    assert!(html.contains("per unit (requests)"), "{html}");
    // Viewed again without a change: priced the same, with the kept products.
    let again = page().await;
    assert!(
        again.contains("$6.00") && again.contains("per unit (requests)"),
        "{again}"
    );
}
