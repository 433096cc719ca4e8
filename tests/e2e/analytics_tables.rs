//! Analytics pages with many columns, at a laptop's 1440 px (issue 13): the customers table's
//! money columns and reconciliation's difference stay in view; the test bench keeps what was
//! pasted and says where it goes wrong.

use chrono::{Duration, Utc};
use fantoccini::Locator;
use meterdesk::auth::model::Role;
use serde_json::json;

use crate::ensure;
use crate::meters::sign_in;
use crate::support::app::TestApp;
use crate::support::browser::Browser;
use crate::support::fixtures::{customer, event, ingest, meter, product, subscription};

/// The page's answer to a script, as a number.
async fn number(b: &Browser, script: &str) -> Result<f64, Box<dyn std::error::Error>> {
    let v = b.client.execute(script, vec![]).await?;
    v.as_f64().ok_or_else(|| format!("{script} gave {v}").into())
}

/// How far right of the window's visible part (and of its scroll box) an element ends; ≤ 0 is
/// in view.
async fn past_right(b: &Browser, css: &str, boxed: &str) -> Result<f64, Box<dyn std::error::Error>> {
    number(
        b,
        &format!(
            "const r = document.querySelector({css:?}).getBoundingClientRect();
             const box = document.querySelector({boxed:?}).getBoundingClientRect();
             return Math.max(r.right - window.innerWidth, r.right - box.right);"
        ),
    )
    .await
}

#[actix_web::test]
async fn the_customers_table_keeps_charge_and_total_in_view_and_scrolls_in_its_own_box() {
    let app = TestApp::spawn().await;
    let api = app.api();
    let queries = meter(&api, json!({"name": "Search queries", "event_name": "search", "aggregation": {"type": "count"}, "measurement_unit": "queries"})).await;
    let storage = meter(&api, json!({"name": "Stored gigabytes", "event_name": "storage", "aggregation": {"type": "max", "key": "gb"}, "measurement_unit": "GB"})).await;
    let prod = product(&api, "USD", &[(&queries, "0.50", "10"), (&storage, "0.25", "1")]).await;
    let start = (Utc::now() - Duration::days(3)).to_rfc3339();
    let mut events = Vec::new();
    for i in 0..50 {
        let id = format!("customer_with_a_long_identifier_{i:03}");
        customer(&api, &id).await;
        subscription(&api, &id, &prod, &start).await;
        events.push(event(&format!("q{i}"), &id, "search", json!({})));
    }
    ingest(&api, events).await;
    app.create_operator("v@example.com", Role::Viewer);
    let b = Browser::start(&app.addr).await;
    let result = async {
        b.client.set_window_size(1440, 900).await?;
        sign_in(&b, "v@example.com").await?;
        b.goto("/analytics/customers").await?;
        let columns = b
            .client
            .find_all(Locator::Css("#customers-table thead th"))
            .await?
            .len();
        ensure!(columns == 13, "every column shows: {columns}");
        for col in ["charge", "total"] {
            let past = past_right(
                &b,
                &format!("#customers-table th[data-col='{col}']"),
                "#customers-box",
            )
            .await?;
            let in_view = past <= 0.0;
            ensure!(in_view, "the {col} column ends {past} px out of view");
        }
        let (box_height, window) = (
            number(
                &b,
                "return document.getElementById('customers-box').getBoundingClientRect().height",
            )
            .await?,
            number(&b, "return window.innerHeight").await?,
        );
        let fits = box_height <= window;
        ensure!(
            fits,
            "the table's box ({box_height} px) fits the window ({window} px), so its scrollbar is in reach"
        );
        let scrolls = b
            .client
            .execute(
                "const b = document.getElementById('customers-box'); return b.scrollHeight > b.clientHeight;",
                vec![],
            )
            .await?;
        ensure!(scrolls.as_bool() == Some(true), "100 lines scroll inside the box");
        let price = b.text("#customers-table td[data-col='price_per_unit']").await?;
        ensure!(
            price == "$0.50 per unit (queries)",
            "the unit as the meter names it: {price}"
        );
        let page = b.client.source().await?;
        ensure!(!page.contains("querie "), "no guessed singular");
        Ok(())
    }
    .await;
    b.finish(
        "the_customers_table_keeps_charge_and_total_in_view_and_scrolls_in_its_own_box",
        result,
    )
    .await;
}

#[actix_web::test]
async fn reconciliations_difference_is_in_view() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "cus_a").await;
    let tokens = meter(&api, json!({"name": "Tokens used by the assistant in production", "event_name": "llm.tokens", "aggregation": {"type": "sum", "key": "tokens"}, "measurement_unit": "tokens"})).await;
    let now = Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    let csv = format!(
        "timestamp,event_name,payload_customer_id,payload_tokens\n\
         {now},llm.tokens,cus_a,40\n{now},llm.tokens,cus_nobody,10\n{now},llm.token,cus_a,5\n\
         {now},llm.tokens,cus_a,abc\nnot-a-date,llm.tokens,cus_a,1\n"
    );
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(csv.into_bytes())
            .file_name("usage-export-from-the-billing-warehouse-2026-11-final-v2.csv"),
    );
    let res = api
        .client
        .post(api.url(&format!("/api/v1/uploads?meter_id={tokens}")))
        .bearer_auth(&api.key)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    app.create_operator("v@example.com", Role::Viewer);
    let b = Browser::start(&app.addr).await;
    let result = async {
        b.client.set_window_size(1440, 900).await?;
        sign_in(&b, "v@example.com").await?;
        b.goto("/analytics/reconciliation").await?;
        let past = past_right(
            &b,
            "#reconciliation-uploads td[data-col='difference']",
            "#reconciliation-uploads",
        )
        .await?;
        let in_view = past <= 0.0;
        ensure!(in_view, "the difference ends {past} px out of view");
        let hidden = number(
            &b,
            "const w = document.getElementById('reconciliation-uploads').parentElement; return w.scrollWidth - w.clientWidth;",
        )
        .await?;
        let none_hidden = hidden <= 0.0;
        ensure!(none_hidden, "{hidden} px of the table are scrolled out of view");
        Ok(())
    }
    .await;
    b.finish("reconciliations_difference_is_in_view", result).await;
}

#[actix_web::test]
async fn the_test_bench_keeps_json_that_does_not_parse_and_says_where() {
    let app = TestApp::spawn().await;
    let api = app.api();
    let calls = meter(&api, json!({"name": "Calls", "event_name": "api.call", "aggregation": {"type": "count"}, "measurement_unit": "calls"})).await;
    app.create_operator("v@example.com", Role::Viewer);
    let b = Browser::start(&app.addr).await;
    let pasted = r#"{"event_name": "api.call", "customer_id": "c1", "metadata": {"region": "eu"}"#;
    let result = async {
        sign_in(&b, "v@example.com").await?;
        b.goto(&format!("/meters/{calls}/test")).await?;
        b.fill("#f-json", pasted).await?;
        b.click("#test-pasted").await?;
        let error = b.text("#bench-error").await?;
        ensure!(
            error.contains("line 1, column 7") && error.contains("a closing } is missing"),
            "where and what: {error}"
        );
        ensure!(!error.contains("EOF"), "no parser jargon: {error}");
        let kept = b
            .client
            .find(Locator::Css("#f-json"))
            .await?
            .prop("value")
            .await?;
        ensure!(
            kept.as_deref() == Some(pasted),
            "the pasted text is kept: {kept:?}"
        );
        let focused = b
            .client
            .execute("return document.activeElement.id", vec![])
            .await?;
        ensure!(
            focused.as_str() == Some("f-json"),
            "focus on the text to fix: {focused}"
        );
        Ok(())
    }
    .await;
    b.finish(
        "the_test_bench_keeps_json_that_does_not_parse_and_says_where",
        result,
    )
    .await;
}
