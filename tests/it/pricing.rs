//! Pricing models end to end: Stripe's documented worked examples (research notes on Stripe,
//! §7) and SPEC's, priced to the cent through the API — product with the price, subscription,
//! usage ingested, `/usage` read — and the same charges in the customers table, its export
//! and the overview.

use chrono::{Duration, Utc};
use meterdesk::auth::model::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::app::{Api, TestApp};
use crate::support::fixtures::{customer, event, ingest, meter, subscription};

/// Tiers B of Stripe's docs (with flat fees), in `model`.
fn tiers_b(model: &str) -> Value {
    json!({"model": model, "tiers": [
        {"up_to": "5", "unit_price": "5.00", "flat_fee": "10.00"},
        {"up_to": "10", "unit_price": "4.00", "flat_fee": "20.00"},
        {"up_to": "15", "unit_price": "3.00", "flat_fee": "30.00"},
        {"up_to": "20", "unit_price": "2.00", "flat_fee": "40.00"},
        {"up_to": null, "unit_price": "1.00", "flat_fee": "50.00"},
    ]})
}

/// (event name, unit, price, free threshold) of each line of the examples product.
fn lines() -> Vec<(&'static str, &'static str, Value, &'static str)> {
    vec![
        ("volume", "seats", tiers_b("volume"), "0"),
        ("graduated", "seats", tiers_b("graduated"), "0"),
        // "$10 for every 5 users", round up (the default).
        (
            "users",
            "users",
            json!({"model": "package", "package_size": "5", "package_price": "10.00"}),
            "0",
        ),
        // Car rental: 10.00 per started hour, usage in minutes.
        (
            "rental",
            "minutes",
            json!({"model": "package", "package_size": "60", "package_price": "10.00", "round": "up"}),
            "0",
        ),
        // 0.10 for every full 1,000 emails.
        (
            "emails",
            "emails",
            json!({"model": "package", "package_size": "1000", "package_price": "0.10", "round": "down"}),
            "0",
        ),
        // SPEC's example: 100 free, then 0.50 per call.
        (
            "calls",
            "calls",
            json!({"model": "per_unit", "unit_price": "0.50"}),
            "100",
        ),
        // "Hypernian": the first 100,000 tokens at 0, then 0.001 each.
        (
            "tokens",
            "tokens",
            json!({"model": "graduated", "tiers": [
                {"up_to": "100000", "unit_price": "0"},
                {"up_to": null, "unit_price": "0.001"},
            ]}),
            "0",
        ),
    ]
}

/// The examples product (one line per example); returns (product id, meter ids by line).
async fn examples_product(api: &Api) -> (String, Vec<String>) {
    let mut meters = Vec::new();
    let mut body_lines = Vec::new();
    for (name, unit, price, free) in lines() {
        let id = meter(
            api,
            json!({"name": name, "event_name": name, "aggregation": {"type": "sum", "key": "n"}, "measurement_unit": unit}),
        )
        .await;
        body_lines.push(json!({"meter_id": id, "price": price, "free_threshold": free}));
        meters.push(id);
    }
    let (status, p) = api
        .post(
            "/api/v1/products",
            &json!({"name": "Stripe examples", "currency": "USD", "meters": body_lines}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    (p["id"].as_str().unwrap().to_string(), meters)
}

/// A customer subscribed to `product` since two days ago, with `quantities` of each line's
/// event (none when 0); returns the usage answer of the current cycle.
async fn customer_using(api: &Api, id: &str, product: &str, quantities: &[&str]) -> Value {
    customer(api, id).await;
    let start = (Utc::now() - Duration::days(2)).to_rfc3339();
    let sub = subscription(api, id, product, &start).await;
    let events: Vec<Value> = lines()
        .iter()
        .zip(quantities)
        .filter(|(_, q)| **q != "0")
        .map(|((name, ..), q)| event(&format!("{id}-{name}"), id, name, json!({"n": q})))
        .collect();
    ingest(api, events).await;
    let (status, u) = api.get(&format!("/api/v1/subscriptions/{sub}/usage")).await;
    assert_eq!(status, StatusCode::OK, "{u}");
    u
}

/// The charge of each line of a usage answer.
fn charges(u: &Value) -> Vec<String> {
    u["meters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["charge"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn stripe_and_spec_worked_examples_charge_to_the_cent_through_the_api() {
    let app = TestApp::spawn().await;
    let api = app.api();
    let (product, meters) = examples_product(&api).await;

    // Quantity 12 in tiers B; 7 users; 150 minutes; 2,500 emails; 250 calls; 150,000 tokens.
    let u = customer_using(
        &api,
        "c1",
        &product,
        &["12", "12", "7", "150", "2500", "250", "150000"],
    )
    .await;
    assert_eq!(
        charges(&u),
        ["66.00", "111.00", "20.00", "30.00", "0.20", "75.00", "50.00"]
    );
    assert_eq!(u["total"], "352.20");
    // Volume: all 12 units in the third tier, 12 × 3 + 30.
    let volume = &u["meters"][0];
    assert_eq!(volume["price"], tiers_b("volume"));
    assert_eq!(volume["price_per_unit"], Value::Null);
    let units: Vec<&str> = volume["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["units"].as_str().unwrap())
        .collect();
    assert_eq!(units, ["0", "0", "12", "0", "0"]);
    assert_eq!(
        volume["tiers"][2],
        json!({"up_to": "15", "units": "12", "unit_price": "3.00", "flat_fee": "30.00", "amount": "66.00"})
    );
    // Graduated: (5×5+10) + (5×4+20) + (2×3+30); fees only where units fall.
    assert_eq!(
        u["meters"][1]["tiers"],
        json!([
            {"up_to": "5", "units": "5", "unit_price": "5.00", "flat_fee": "10.00", "amount": "35.00"},
            {"up_to": "10", "units": "5", "unit_price": "4.00", "flat_fee": "20.00", "amount": "40.00"},
            {"up_to": "15", "units": "2", "unit_price": "3.00", "flat_fee": "30.00", "amount": "36.00"},
            {"up_to": "20", "units": "0", "unit_price": "2.00", "flat_fee": "0.00", "amount": "0.00"},
            {"up_to": null, "units": "0", "unit_price": "1.00", "flat_fee": "0.00", "amount": "0.00"},
        ])
    );
    // Packages: started (150 minutes → 3 hours) and complete only (2,500 emails → 2).
    assert_eq!(u["meters"][3]["packages"], "3");
    assert_eq!(u["meters"][4]["packages"], "2");
    assert!(u["meters"][3].get("tiers").is_none());
    // Per unit: the first phase's shape stays, with the price beside it.
    let calls = &u["meters"][5];
    assert_eq!(
        (
            &calls["consumed"],
            &calls["free_threshold"],
            &calls["chargeable"],
            &calls["price_per_unit"]
        ),
        (&json!("250"), &json!("100"), &json!("150"), &json!("0.50"))
    );
    assert_eq!(calls["price"], json!({"model": "per_unit", "unit_price": "0.50"}));
    assert_eq!(u["meters"][6]["tiers"][1]["units"], "50000");

    // The other side of each boundary: volume falls past 15 (16 → 72), a complete package of
    // users, one hour, 999 emails round down to nothing, within the free calls, no tokens.
    let u2 = customer_using(&api, "c2", &product, &["16", "16", "5", "60", "999", "80", "0"]).await;
    assert_eq!(
        charges(&u2),
        ["72.00", "162.00", "10.00", "10.00", "0.00", "0.00", "0.00"]
    );
    assert_eq!(u2["total"], "254.00");
    // Nothing billable charges nothing, even with a first tier's flat fee (Stripe bills it).
    assert!(
        u2["meters"][6]["tiers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["amount"] == "0.00")
    );

    // The customers table, its export and the overview show the same charges.
    let viewer = app.session(Role::Viewer).await;
    let (status, page) = viewer.get_text("/analytics/customers").await;
    assert_eq!(status, StatusCode::OK);
    let table = table_charges(&page);
    let (_, csv) = viewer.get_text("/analytics/customers/export.csv").await;
    let export = csv_charges(&csv);
    for (customer_id, usage) in [("c1", &u), ("c2", &u2)] {
        for (i, (name, ..)) in lines().iter().enumerate() {
            let want = usage["meters"][i]["charge"].as_str().unwrap();
            let key = (customer_id.to_string(), name.to_string());
            assert_eq!(table.get(&key).map(String::as_str), Some(want), "table {key:?}");
            let key = (customer_id.to_string(), meters[i].clone());
            assert_eq!(export.get(&key).map(String::as_str), Some(want), "export {key:?}");
        }
    }
    // The export's price columns: the price JSON, and the price per unit of per-unit lines.
    let prices = csv_column(&csv, "price");
    let per_unit = csv_column(&csv, "price_per_unit");
    let volume_price: Value = serde_json::from_str(&prices[&("c1".into(), meters[0].clone())]).unwrap();
    assert_eq!(volume_price, tiers_b("volume"));
    assert_eq!(per_unit[&("c1".into(), meters[0].clone())], "");
    assert_eq!(per_unit[&("c1".into(), meters[5].clone())], "0.50");
    let (_, overview) = viewer.get_text("/analytics").await;
    let at = overview.find("id=\"charges\"").unwrap();
    assert!(
        overview[at..].contains("<span class=\"money\">$606.20</span>"),
        "352.20 + 254.00"
    );
}

/// (customer id, meter name) → charge, from the customers table's cells.
fn table_charges(page: &str) -> std::collections::HashMap<(String, String), String> {
    let sort = |row: &str, col: &str| -> Option<String> {
        let marker = format!("data-col=\"{col}\" data-sort=\"");
        let at = row.find(&marker)? + marker.len();
        Some(row[at..].split('"').next()?.to_string())
    };
    page.split("<tr")
        .filter_map(|row| {
            Some((
                (sort(row, "customer")?, sort(row, "meter")?),
                sort(row, "charge")?,
            ))
        })
        .collect()
}

/// (customer id, meter id) → charge, from the export.
fn csv_charges(text: &str) -> std::collections::HashMap<(String, String), String> {
    csv_column(text, "charge")
}

/// (customer id, meter id) → the export's `column`.
fn csv_column(text: &str, column: &str) -> std::collections::HashMap<(String, String), String> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (c, m, v) = (col("customer_id"), col("meter_id"), col(column));
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            ((rec[c].to_string(), rec[m].to_string()), rec[v].to_string())
        })
        .collect()
}
