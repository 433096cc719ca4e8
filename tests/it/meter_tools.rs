//! The filter test bench and the change preview on a meter.

use chrono::{Duration, Utc};
use meterdesk::auth::model::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::support::app::TestApp;
use crate::support::fixtures::{customer, event, ingest, meter};

async fn eu_meter(app: &TestApp) -> String {
    let api = app.api();
    customer(&api, "c1").await;
    customer(&api, "c2").await;
    meter(
        &api,
        json!({"name": "EU tokens", "event_name": "llm", "aggregation": {"type": "sum", "key": "tokens"}, "measurement_unit": "tokens",
               "filter": {"conjunction": "and", "clauses": [{"key": "region", "operator": "equals", "value": "eu"},
                          {"conjunction": "or", "clauses": [{"key": "tier", "operator": "equals", "value": "pro"}, {"key": "tokens", "operator": "greater_than", "value": 100}]}]}}),
    )
    .await
}

#[actix_web::test]
async fn the_test_bench_explains_why_a_stored_event_is_not_counted() {
    let app = TestApp::spawn().await;
    let id = eu_meter(&app).await;
    let api = app.api();
    ingest(
        &api,
        vec![
            event("us-1", "c1", "llm", json!({"region": "us", "tokens": 500})),
            event("eu-1", "c1", "llm", json!({"region": "eu", "tokens": 500})),
        ],
    )
    .await;
    let s = app.session(Role::Viewer).await;
    let (status, page) = s.get_text(&format!("/meters/{id}/test?event_id=us-1")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("not counted"), "{page}");
    assert!(page.contains("region equals &#34;eu&#34;"), "{page}");
    assert!(page.contains("✗"), "the failing condition is marked");
    let (_, page) = s.get_text(&format!("/meters/{id}/test?event_id=eu-1")).await;
    assert!(
        page.contains("<span class=\"badge badge-ok\">counted</span>"),
        "{page}"
    );
    let (status, page) = s.get_text(&format!("/meters/{id}/test?event_id=nope")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("No stored event has the id"));
}

#[actix_web::test]
async fn the_test_bench_takes_a_pasted_event_and_names_each_problem() {
    let app = TestApp::spawn().await;
    let id = eu_meter(&app).await;
    let s = app.session(Role::Viewer).await;
    let old = (Utc::now() - Duration::days(70)).to_rfc3339();
    let pasted = json!({"event_name": "LLM", "customer_id": "ghost", "timestamp": old, "metadata": {"region": "eu", "tokens": "abc", "tier": "pro"}});
    let (status, page) = s
        .post_text(&format!("/meters/{id}/test"), &[("json", &pasted.to_string())])
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("not counted"));
    assert!(
        page.contains("differ only in case or punctuation"),
        "event name case: {page}"
    );
    assert!(page.contains("not a number"), "non-numeric property: {page}");
    assert!(page.contains("not a known customer"), "unknown customer: {page}");
    assert!(page.contains("outside this month"), "period: {page}");
    let (status, page) = s
        .post_text(&format!("/meters/{id}/test"), &[("json", "{not json")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("This is not JSON"));
}

#[actix_web::test]
async fn the_change_preview_shows_now_and_after_without_saving() {
    let app = TestApp::spawn().await;
    let id = eu_meter(&app).await;
    let api = app.api();
    ingest(
        &api,
        vec![
            event("a", "c1", "llm", json!({"region": "eu", "tokens": 500})),
            event("b", "c1", "llm", json!({"region": "us", "tokens": 700})),
            event("c", "c2", "llm", json!({"region": "us", "tokens": 40})),
        ],
    )
    .await;
    let s = app.session(Role::Editor).await;
    // The edit: count every region.
    let fields = [
        ("name", "EU tokens"),
        ("event_name", "llm"),
        ("aggregation", "sum"),
        ("aggregation_key", "tokens"),
        ("unit", "tokens"),
        ("action", "preview"),
    ];
    let (status, page) = s.post_text(&format!("/meters/{id}"), &fields).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"change-preview\""), "{page}");
    assert!(
        page.contains(
            r#"<td class="num">500</td><td class="num">1,200 <span class="badge badge-warn">changed</span>"#
        ),
        "c1: 500 → 1,200: {page}"
    );
    assert!(
        page.contains(r#"<td class="num">0</td><td class="num">40 "#),
        "c2: 0 → 40"
    );
    // Nothing saved: the meter still has its filter.
    let (_, m) = api.get(&format!("/api/v1/meters/{id}")).await;
    assert!(m["filter"].is_object());
    // A new meter can be previewed too.
    let new = [
        ("name", "All llm"),
        ("event_name", "llm"),
        ("aggregation", "count"),
        ("aggregation_key", ""),
        ("unit", "events"),
        ("action", "preview"),
    ];
    let (status, page) = s.post_text("/meters", &new).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(r#"<td class="num">0</td><td class="num">2 "#),
        "c1 would count 2 events: {page}"
    );
    let (_, list) = s.get_text("/meters").await;
    assert!(!list.contains("All llm"), "a preview creates nothing");
}
