//! Rough edges a new operator hit (issue 13), each observed through HTTP: the CSV template of a
//! filtered meter, the customers export, the test bench, the chart's range, and messages that
//! name what the operator sees.

use meterdesk::auth::model::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::support::app::TestApp;
use crate::support::fixtures::{customer, meter, product, subscription};
use crate::uploads_support::api_upload;

#[actix_web::test]
async fn a_filtered_meters_template_is_named_after_it_and_its_example_row_counts() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "cus_123").await;
    let tokens = meter(
        &api,
        json!({"name": "EU tokens (prod)", "event_name": "llm.tokens", "aggregation": {"type": "sum", "key": "tokens"},
               "measurement_unit": "tokens",
               "filter": {"conjunction": "and", "clauses": [
                   {"key": "region", "operator": "equals", "value": "eu"},
                   {"key": "tokens", "operator": "greater_than", "value": 1000}]}}),
    )
    .await;
    let prod = product(&api, "USD", &[(&tokens, "0.01", "0")]).await;
    let sub = subscription(&api, "cus_123", &prod, "2024-09-01T00:00:00Z").await;
    let viewer = app.session(Role::Viewer).await;
    let res = viewer.get(&format!("/meters/{tokens}/template.csv")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let disposition = res.headers()["content-disposition"].to_str().unwrap().to_string();
    assert_eq!(
        disposition,
        "attachment; filename=\"eu-tokens-prod-template.csv\""
    );
    let body = res.bytes().await.unwrap();
    let text = String::from_utf8(body.to_vec()).unwrap();
    assert!(
        text.starts_with(
            "\u{feff}timestamp,event_name,payload_customer_id,payload_tokens,payload_region\r\n"
        ),
        "{text}"
    );
    let (status, upload) = api_upload(&api, &format!("meter_id={tokens}"), "t.csv", &body).await;
    assert!(status.is_success(), "{upload}");
    assert_eq!(upload["rows"]["accepted"], 1, "{upload}");
    let (_, usage) = api
        .get(&format!(
            "/api/v1/subscriptions/{sub}/usage?at=2024-09-24T00:00:00Z"
        ))
        .await;
    assert_eq!(
        usage["meters"][0]["consumed"], "1001",
        "the row filled from the template is counted: {usage}"
    );
}

#[actix_web::test]
async fn the_export_keeps_email_subscription_and_period_when_the_page_hides_them() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let calls = meter(&api, json!({"name": "Search", "event_name": "search", "aggregation": {"type": "count"}, "measurement_unit": "queries"})).await;
    let prod = product(&api, "USD", &[(&calls, "0.5", "0")]).await;
    let sub = subscription(&api, "c1", &prod, "2024-01-01T00:00:00Z").await;
    let viewer = app.session(Role::Viewer).await;
    let res = viewer
        .post(
            "/analytics/customers/columns",
            &[("col", "charge"), ("col", "total"), ("col", "price_per_unit")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = viewer.get_text("/analytics/customers").await;
    assert!(!page.contains("data-col=\"email\""), "hidden on the page");
    assert!(page.contains("per unit (queries)"), "the unit as written");
    assert!(!page.contains("querie "), "no guessed singular");
    let text = viewer
        .get("/analytics/customers/export.csv")
        .await
        .text()
        .await
        .unwrap();
    let header = text.trim_start_matches('\u{feff}').lines().next().unwrap();
    for col in [
        "customer_email",
        "subscription_id",
        "period_start",
        "period_end",
        "charge",
        "total",
    ] {
        assert!(header.split(',').any(|h| h == col), "{col} in {header}");
    }
    assert!(
        !header.contains("last_event_at"),
        "a hidden detail stays out: {header}"
    );
    let row = text.lines().nth(1).unwrap();
    assert!(row.contains("c1@example.com") && row.contains(&sub), "{row}");
}

#[actix_web::test]
async fn an_inverted_chart_range_stays_chosen_with_its_error_beside_it() {
    let app = TestApp::spawn().await;
    let viewer = app.session(Role::Viewer).await;
    let (status, page) = viewer
        .get_text("/analytics?range=custom&from=2024-01-10&to=2024-01-01")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("value=\"custom\" checked"),
        "the custom range stays chosen"
    );
    assert!(page.contains("id=\"f-to\" name=\"to\" type=\"date\" value=\"2024-01-01\" aria-label=\"To (exclusive)\" aria-invalid=\"true\""), "{page}");
    assert!(page.contains(
        "<p class=\"field-error\" id=\"f-to-error\">To (exclusive): The end must be after the start.</p>"
    ));
    assert!(page.contains("id=\"chart-refused\""));
    assert!(!page.contains("Nothing to chart yet"));
}

#[actix_web::test]
async fn meter_form_errors_name_the_condition_and_the_property_field() {
    let app = TestApp::spawn().await;
    let editor = app.session(Role::Editor).await;
    let (status, page) = editor
        .post_text(
            "/meters",
            &[
                ("name", "Tokens"),
                ("event_name", "llm"),
                ("aggregation", "sum"),
                ("aggregation_key", ""),
                ("unit", "tokens"),
                ("filter_enabled", "1"),
                ("f.0.conj", "and"),
                ("f.0.0.key", "region"),
                ("f.0.0.op", "equals"),
                ("f.0.0.value", "eu"),
                ("f.0.1.key", ""),
                ("f.0.1.op", "equals"),
                ("f.0.1.value", "pro"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Condition 2: the key is empty — give the metadata key to test"),
        "{page}"
    );
    assert!(!page.contains("must not be empty; give"), "{page}");
    assert!(
        page.contains("Property: enter the metadata key to read — Sum needs one"),
        "{page}"
    );
    assert!(!page.contains("sum needs a key"), "{page}");
}

#[actix_web::test]
async fn a_pdf_upload_is_named_for_what_it_is() {
    let app = TestApp::spawn().await;
    let api = app.api();
    let calls = meter(&api, json!({"name": "Calls", "event_name": "api.call", "aggregation": {"type": "count"}, "measurement_unit": "calls"})).await;
    let (status, body) = api_upload(
        &api,
        &format!("meter_id={calls}"),
        "usage.pdf",
        b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let text = body.to_string();
    assert!(
        text.contains("This file is a PDF document, not a CSV file"),
        "{text}"
    );
    assert!(!text.contains("not UTF-8"), "{text}");
}
