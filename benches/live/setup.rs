//! The catalog the traffic is counted against, made through the API like an operator's: the
//! customers, the four meters, a monthly product pricing them and a subscription per customer
//! (so the customers page has cycles to show); and the pages the viewers open.

use anyhow::{Result, anyhow, ensure};
use chrono::{Duration, Utc};
use diesel::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use serde_json::{Value, json};

use crate::api::Api;
use crate::check::Meters;
use crate::data::customer_id;
use crate::traffic::{CALL, FILTER_MODEL, STORAGE, Shape};

async fn meter(api: &Api, body: Value) -> Result<String> {
    let (status, v) = api.post_json("/api/v1/meters", &body).await?;
    ensure!(
        status == 201,
        "creating meter {}: HTTP {status} {v}",
        body["name"]
    );
    v["id"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| anyhow!("meter without id: {v}"))
}

pub async fn catalog(api: &Api, shape: &Shape) -> Result<Meters> {
    api.create_customers(shape.customers(), 8).await?;
    let meters = Meters {
        count: api
            .create_meter("Live calls", CALL, json!({"type": "count"}), "calls")
            .await?,
        sum: api
            .create_meter(
                "Live tokens",
                CALL,
                json!({"type": "sum", "key": "tokens"}),
                "tokens",
            )
            .await?,
        filtered: meter(
            api,
            json!({
                "name": "Live large-model tokens",
                "event_name": CALL,
                "aggregation": {"type": "sum", "key": "tokens"},
                "measurement_unit": "tokens",
                "filter": {"conjunction": "and", "clauses": [
                    {"key": "model", "operator": "equals", "value": FILTER_MODEL}
                ]},
            }),
        )
        .await?,
        max: api
            .create_meter(
                "Live peak storage",
                STORAGE,
                json!({"type": "max", "key": "gb"}),
                "GB",
            )
            .await?,
    };
    let (status, v) = api
        .post_json(
            "/api/v1/products",
            &json!({
                "name": "Live plan",
                "currency": "USD",
                "billing_interval": "monthly",
                "meters": [
                    {"meter_id": meters.count, "price_per_unit": "0.001", "free_threshold": "1000"},
                    {"meter_id": meters.sum, "price_per_unit": "0.00002", "free_threshold": "100000"},
                    {"meter_id": meters.filtered, "price_per_unit": "0.0001", "free_threshold": "0"},
                    {"meter_id": meters.max, "price_per_unit": "0.05", "free_threshold": "10"},
                ],
            }),
        )
        .await?;
    ensure!(status == 201, "creating the product: HTTP {status} {v}");
    let product = v["id"]
        .as_str()
        .ok_or_else(|| anyhow!("product without id: {v}"))?
        .to_string();
    // Cycles anchored on different days and hours, all started before now.
    let now = Utc::now();
    for c in 0..shape.customers() {
        let start = now - Duration::days((c % 27 + 1) as i64) - Duration::minutes((c * 37 % 1440) as i64);
        let body = json!({
            "customer_id": customer_id(c),
            "product_id": product,
            "start": start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        });
        let (status, v) = api.post_json("/api/v1/subscriptions", &body).await?;
        ensure!(status == 201, "creating a subscription: HTTP {status} {v}");
    }
    Ok(meters)
}

#[derive(QueryableByName)]
struct Pair {
    #[diesel(sql_type = Text)]
    a: String,
    #[diesel(sql_type = Text)]
    b: String,
}

pub const PAGE_KINDS: [&str; 3] = ["overview", "customers", "events"];

/// What the viewers open, as (index in [`PAGE_KINDS`], path): the overview (default range and 7
/// days), every page of the customers table by its keyset cursor, and the events table (first
/// page, a hot customer's, a tail customer's, the filtered meter's).
pub fn pages(conn: &mut PgConnection, shape: &Shape, meters: &Meters) -> Result<Vec<(usize, String)>> {
    let subs: Vec<Pair> =
        diesel::sql_query("SELECT customer_id AS a, id AS b FROM subscriptions ORDER BY customer_id, id")
            .load(conn)?;
    let mut paths = vec![
        (0, "/analytics".to_string()),
        (0, "/analytics?range=7d".to_string()),
        (1, "/analytics/customers".to_string()),
    ];
    for s in subs.iter().skip(49).step_by(50) {
        if subs.last().is_some_and(|l| l.a == s.a && l.b == s.b) {
            break;
        }
        paths.push((1, format!("/analytics/customers?after={}~{}", s.a, s.b)));
    }
    paths.push((2, "/analytics/events".to_string()));
    paths.push((2, format!("/analytics/events?customer={}", customer_id(0))));
    paths.push((
        2,
        format!(
            "/analytics/events?customer={}",
            customer_id(shape.customers() - 1)
        ),
    ));
    paths.push((2, format!("/analytics/events?meter={}", meters.filtered)));
    Ok(paths)
}
