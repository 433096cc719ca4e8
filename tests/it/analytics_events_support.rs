//! Helpers shared by the Analytics → Events tests: reading the pages, storing events by hand or by
//! upload, and a world of customers, meters and events to look at.

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::support::app::{Api, TestApp};
use crate::support::backfill::{raw, store};
use crate::support::fixtures::{count_meter, customer, event, ingest, meter, sum_meter};

/// The page's text with askama's HTML escapes undone, for assertions on messages.
pub(crate) fn unescape(html: &str) -> String {
    html.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The event ids of the table's rows, in order.
pub(crate) fn listed_ids(page: &str) -> Vec<String> {
    let marker = "class=\"event-link\" href=\"/analytics/events/";
    page.match_indices(marker)
        .map(|(at, _)| {
            let start = at + marker.len();
            let end = page[start..].find('"').unwrap() + start;
            percent_decode(&page[start..end])
        })
        .collect()
}

/// Stores events at given times by hand (operator #0), as a backfill would.
pub(crate) fn backfill(app: &TestApp, items: &[(&str, &str, &str, DateTime<Utc>, Value)]) {
    store(
        app,
        items
            .iter()
            .map(|(id, customer, name, ts, md)| raw(*id, customer, name, *ts, md)),
    );
}

pub(crate) fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

pub(crate) async fn api_upload(api: &Api, meter_id: &str, name: &str, body: &str) -> Value {
    let form = Form::new().part(
        "file",
        Part::bytes(body.as_bytes().to_vec()).file_name(name.to_string()),
    );
    let res = api
        .client
        .post(api.url(&format!("/api/v1/uploads?meter_id={meter_id}")))
        .bearer_auth(&api.key)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

pub(crate) fn sorted(ids: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

pub(crate) struct World {
    pub(crate) app: TestApp,
    pub(crate) api: Api,
    pub(crate) calls: String,
    pub(crate) eu: String,
    pub(crate) llm: String,
    pub(crate) llm2: String,
}

/// Customers c1, c2; meters: every api.call, EU api.call (filter region = "eu"), llm (sum of
/// tokens, archived after l1), llm2 (sum of tokens, created after n1 arrived).
pub(crate) async fn world() -> World {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    customer(&api, "c2").await;
    let calls = count_meter(&api, "api.call").await;
    let eu = meter(
        &api,
        json!({"name": "EU calls", "event_name": "api.call", "aggregation": {"type": "count"}, "measurement_unit": "calls",
               "filter": {"conjunction": "and", "clauses": [{"key": "region", "operator": "equals", "value": "eu"}]}}),
    )
    .await;
    let llm = sum_meter(&api, "llm", "tokens").await;
    ingest(
        &api,
        vec![
            event("a1", "c1", "api.call", json!({"region": "eu"})),
            event(
                "a2",
                "c1",
                "api.call",
                json!({"region": "us", "tier": "pro", "n": "400", "beta": true}),
            ),
            event("a3", "c2", "api.call", json!({"region": "eu"})),
            event("a4", "c2", "api.call", json!({})),
            event("l1", "c1", "llm", json!({"tokens": 5})),
            event("x1", "c2", "API.call", json!({})),
            event("x2", "c1", "API.call", json!({})),
            event("y1", "c1", "api-call", json!({})),
            event("n1", "c1", "llm2", json!({"tokens": "abc"})),
        ],
    )
    .await;
    let (status, _) = api
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/meters/{llm}"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    ingest(&api, vec![event("l2", "c2", "llm", json!({"tokens": 7}))]).await;
    let llm2 = sum_meter(&api, "llm2", "tokens").await;
    backfill(
        &app,
        &[
            (
                "b1",
                "c1",
                "api.call",
                at("2024-01-15T08:00:00Z"),
                json!({"region": "us"}),
            ),
            (
                "b2",
                "c2",
                "api.call",
                at("2024-02-15T00:00:00Z"),
                json!({"region": "eu"}),
            ),
        ],
    );
    World {
        app,
        api,
        calls,
        eu,
        llm,
        llm2,
    }
}
