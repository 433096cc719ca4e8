//! Catalog fixtures through the API: customers, meters, products, subscriptions.

use serde_json::{Value, json};

use super::app::Api;

pub async fn customer(api: &Api, id: &str) {
    let (status, body) = api
        .post(
            "/api/v1/customers",
            &json!({"id": id, "email": format!("{id}@example.com"), "name": id}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
}

/// Creates a meter; returns its id.
pub async fn meter(api: &Api, body: Value) -> String {
    let (status, m) = api.post("/api/v1/meters", &body).await;
    assert_eq!(status, 201, "{m}");
    m["id"].as_str().unwrap().to_string()
}

pub async fn count_meter(api: &Api, event_name: &str) -> String {
    meter(api, json!({"name": event_name, "event_name": event_name, "aggregation": {"type": "count"}, "measurement_unit": "calls"})).await
}

pub async fn sum_meter(api: &Api, event_name: &str, key: &str) -> String {
    meter(api, json!({"name": event_name, "event_name": event_name, "aggregation": {"type": "sum", "key": key}, "measurement_unit": key})).await
}

/// A product with (meter, price, free threshold) lines; returns its id.
pub async fn product(api: &Api, currency: &str, lines: &[(&str, &str, &str)]) -> String {
    let meters: Vec<Value> = lines
        .iter()
        .map(|(m, p, f)| json!({"meter_id": m, "price_per_unit": p, "free_threshold": f}))
        .collect();
    let (status, p) = api
        .post(
            "/api/v1/products",
            &json!({"name": "Usage plan", "currency": currency, "meters": meters}),
        )
        .await;
    assert_eq!(status, 201, "{p}");
    p["id"].as_str().unwrap().to_string()
}

pub async fn subscription(api: &Api, customer: &str, product: &str, start: &str) -> String {
    let (status, s) = api
        .post(
            "/api/v1/subscriptions",
            &json!({"customer_id": customer, "product_id": product, "start": start}),
        )
        .await;
    assert_eq!(status, 201, "{s}");
    s["id"].as_str().unwrap().to_string()
}

/// Sends one batch; panics unless it is answered 200.
pub async fn ingest(api: &Api, events: Vec<Value>) -> Value {
    let (status, body) = api
        .post("/api/v1/events/ingest", &json!({ "events": events }))
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

pub fn event(id: &str, customer: &str, name: &str, metadata: Value) -> Value {
    json!({"event_id": id, "customer_id": customer, "event_name": name, "metadata": metadata})
}
