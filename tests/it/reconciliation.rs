//! Reconciliation per upload and per meter, and the meter page's live stream and cycle table.

use meterdesk::auth::model::Role;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::support::app::TestApp;
use crate::support::fixtures::{customer, event, ingest, meter, product, subscription};

#[actix_web::test]
async fn uploads_reconcile_the_value_in_the_file_with_what_is_aggregated() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "a").await;
    let eu = meter(
        &api,
        json!({"name": "EU tokens", "event_name": "llm", "aggregation": {"type": "sum", "key": "tokens"}, "measurement_unit": "tokens",
               "filter": {"conjunction": "and", "clauses": [{"key": "region", "operator": "equals", "value": "eu"}]}}),
    )
    .await;
    let file = "timestamp,event_name,payload_customer_id,payload_tokens,payload_region\n\
2024-09-23,llm,a,100,eu\n\
2024-09-23,llm,a,40,us\n\
2024-09-23,llm,ghost,7,eu\n\
2024-02-30,llm,a,3,eu\n";
    let form = Form::new().part(
        "file",
        Part::bytes(file.as_bytes().to_vec()).file_name("sept.csv"),
    );
    let res = api
        .client
        .post(api.url(&format!("/api/v1/uploads?meter_id={eu}")))
        .bearer_auth(&api.key)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let up: Value = res.json().await.unwrap();
    assert_eq!(up["rows"]["accepted"], 2);
    let s = app.session(Role::Viewer).await;
    let (status, page) = s
        .get_text("/analytics/reconciliation?from=2020-01-01&to=2100-01-01")
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("sept.csv"), "{page}");
    assert!(
        page.contains("150 tokens"),
        "in the file: 100+40+7+3 = 150: {page}"
    );
    assert!(
        page.contains(r#"data-col="aggregated">100 tokens"#),
        "aggregated: only the EU row of a known customer"
    );
    assert!(
        page.contains("<code>unknown_customer</code> × 1")
            && page.contains("<code>invalid_timestamp</code> × 1"),
        "{page}"
    );
    assert!(page.contains("badge-warn\">50</span>"), "difference 50");
    let csv = s
        .get("/analytics/reconciliation/export.csv?from=2020-01-01&to=2100-01-01")
        .await
        .text()
        .await
        .unwrap();
    let line = csv.lines().nth(1).unwrap();
    assert!(
        line.contains("sept.csv") && line.contains(",150,100,1,50"),
        "{line}"
    );
}

#[actix_web::test]
async fn the_meter_page_shows_its_live_stream_and_each_customers_cycle() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "a").await;
    let calls = meter(&api, json!({"name": "Calls", "event_name": "api.call", "aggregation": {"type": "count"}, "measurement_unit": "calls"})).await;
    let prod = product(&api, "USD", &[(&calls, "1", "2")]).await;
    subscription(
        &api,
        "a",
        &prod,
        &(chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339(),
    )
    .await;
    ingest(
        &api,
        (0..5)
            .map(|i| event(&format!("call-{i}"), "a", "api.call", json!({})))
            .collect(),
    )
    .await;
    let s = app.session(Role::Viewer).await;
    let (_, page) = s.get_text(&format!("/meters/{calls}")).await;
    assert!(page.contains("id=\"meter-cycles\""), "{page}");
    assert!(
        page.contains("5 calls") && page.contains("$3.00"),
        "5 calls, 2 free, $1 each"
    );
    assert_eq!(
        page.matches("<code>call-").count(),
        5,
        "the stream lists the events"
    );
    let (status, fragment) = s.get_text(&format!("/meters/{calls}/stream")).await;
    assert_eq!(status, 200);
    assert!(fragment.trim_start().starts_with("<tr>") && fragment.contains("call-4"));
    ingest(&api, vec![event("call-new", "a", "api.call", json!({}))]).await;
    let (_, fragment) = s.get_text(&format!("/meters/{calls}/stream")).await;
    assert!(
        fragment.find("call-new") < fragment.find("call-4"),
        "newest first"
    );
}
