//! Analytics in the browser: the chart, Edit columns, the test bench, the export.

use chrono::{Duration, Utc};
use fantoccini::Locator;
use meterdesk::auth::model::Role;
use serde_json::json;

use crate::ensure;
use crate::meters::sign_in;
use crate::support::app::TestApp;
use crate::support::browser::Browser;
use crate::support::fixtures::{customer, event, ingest, meter, product, subscription};

async fn marks(b: &Browser) -> Result<usize, fantoccini::error::CmdError> {
    Ok(b.client.find_all(Locator::Css("#chart rect.mark")).await?.len())
}

#[actix_web::test]
async fn the_chart_shows_one_mark_per_period_and_follows_the_granularity() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let calls = meter(&api, json!({"name": "Calls", "event_name": "api.call", "aggregation": {"type": "count"}, "measurement_unit": "calls"})).await;
    let now = Utc::now();
    let batch = (0..20)
        .map(|i| json!({"event_id": format!("e{i}"), "customer_id": "c1", "event_name": "api.call", "timestamp": (now - Duration::days(i % 10)).to_rfc3339()}))
        .collect();
    ingest(&api, batch).await;
    app.create_operator("v@example.com", Role::Viewer);
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "v@example.com").await?;
        b.goto(&format!("/analytics?meter={calls}")).await?;
        ensure!(
            marks(&b).await? == 30,
            "30 days by day: {} marks",
            marks(&b).await?
        );
        let nonzero = b
            .client
            .find_all(Locator::Css("#chart rect.mark:not([data-value='0'])"))
            .await?
            .len();
        ensure!(
            nonzero == 10,
            "events on 10 distinct days: {nonzero} non-zero marks"
        );
        b.click("#gran-week").await?;
        b.click("#update-chart").await?;
        b.wait_for_path(|p| p.contains("granularity=week")).await?;
        let weeks = marks(&b).await?;
        ensure!((5..=6).contains(&weeks), "30 days by week: {weeks} marks");
        b.click("#gran-month").await?;
        b.click("#update-chart").await?;
        b.wait_for_path(|p| p.contains("granularity=month")).await?;
        let months = marks(&b).await?;
        ensure!((1..=2).contains(&months), "30 days by month: {months} marks");
        // Hover titles name the period and the exact value.
        let title = b
            .client
            .find(Locator::Css("#chart rect.mark title"))
            .await?
            .attr("textContent")
            .await?;
        let text = match title {
            Some(t) => t,
            None => b
                .client
                .execute(
                    "return document.querySelector('#chart rect.mark title').textContent",
                    vec![],
                )
                .await?
                .as_str()
                .unwrap_or("")
                .to_string(),
        };
        ensure!(
            text.starts_with("Calls · ") && text.ends_with(" calls"),
            "title: {text}"
        );
        Ok(())
    }
    .await;
    b.finish(
        "the_chart_shows_one_mark_per_period_and_follows_the_granularity",
        result,
    )
    .await;
}

#[actix_web::test]
async fn edit_columns_survives_a_reload_and_the_export_downloads() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let calls = meter(&api, json!({"name": "Calls", "event_name": "api.call", "aggregation": {"type": "count"}, "measurement_unit": "calls"})).await;
    let prod = product(&api, "USD", &[(&calls, "0.5", "1")]).await;
    subscription(&api, "c1", &prod, &(Utc::now() - Duration::days(2)).to_rfc3339()).await;
    ingest(
        &api,
        (0..3)
            .map(|i| event(&format!("x{i}"), "c1", "api.call", json!({})))
            .collect(),
    )
    .await;
    app.create_operator("v@example.com", Role::Viewer);
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "v@example.com").await?;
        b.goto("/analytics/customers").await?;
        ensure!(
            b.client
                .find_all(Locator::Css("#customers-table th[data-col='email']"))
                .await?
                .len()
                == 1,
            "email shown by default"
        );
        b.click("#edit-columns summary").await?;
        b.click("#col-email").await?;
        b.click("#col-subscription").await?;
        b.click("#col-last_event").await?;
        b.click("#save-columns").await?;
        b.wait_for_path(|p| p.starts_with("/analytics/customers")).await?;
        b.client.refresh().await?;
        ensure!(
            b.client
                .find_all(Locator::Css("#customers-table th[data-col='email']"))
                .await?
                .is_empty(),
            "email hidden after reload"
        );
        ensure!(
            b.client
                .find_all(Locator::Css("#customers-table th[data-col='charge']"))
                .await?
                .len()
                == 1,
            "charge still shown"
        );
        b.click("#export-csv").await?;
        let csv = String::from_utf8(b.downloaded(".csv").await?)?;
        let header = csv.lines().next().unwrap_or("");
        // The export follows the columns, but always keeps the email, the subscription and
        // the billing period (issue 13).
        ensure!(
            !header.contains("last_event_at")
                && header.contains("charge")
                && header.contains("customer_email")
                && header.contains("subscription_id")
                && header.contains("period_start"),
            "export follows the columns, keeping the identifying ones: {header}"
        );
        ensure!(
            csv.contains("c1,") && csv.contains(",1.00"),
            "2 chargeable calls at $0.50: {csv}"
        );
        Ok(())
    }
    .await;
    b.finish("edit_columns_survives_a_reload_and_the_export_downloads", result)
        .await;
}

#[actix_web::test]
async fn the_test_bench_explains_an_excluded_event() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let eu = meter(
        &api,
        json!({"name": "EU calls", "event_name": "api.call", "aggregation": {"type": "count"}, "measurement_unit": "calls",
               "filter": {"conjunction": "and", "clauses": [{"key": "region", "operator": "equals", "value": "eu"}]}}),
    )
    .await;
    ingest(
        &api,
        vec![event("from-us", "c1", "api.call", json!({"region": "us"}))],
    )
    .await;
    app.create_operator("v@example.com", Role::Viewer);
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "v@example.com").await?;
        b.goto(&format!("/meters/{eu}")).await?;
        b.fill("#f-bench-event", "from-us").await?;
        b.client
            .find(Locator::Css("#f-bench-event"))
            .await?
            .send_keys("\u{E007}")
            .await?;
        b.wait_for_path(|p| p.contains("/test?event_id=from-us")).await?;
        let verdict = b.text("#verdict-title").await?;
        ensure!(verdict.contains("not counted"), "verdict: {verdict}");
        let why = b.text("#filter-explanation").await?;
        ensure!(
            why.contains("region equals \"eu\"") && why.contains("\"us\""),
            "explanation: {why}"
        );
        Ok(())
    }
    .await;
    b.finish("the_test_bench_explains_an_excluded_event", result)
        .await;
}

#[actix_web::test]
async fn an_editor_voids_an_event_from_its_page() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    meter(&api, json!({"name": "Tokens", "event_name": "llm", "aggregation": {"type": "sum", "key": "tokens"}, "measurement_unit": "tokens"})).await;
    ingest(
        &api,
        vec![
            event("keep", "c1", "llm", json!({"tokens": 5})),
            event("twice", "c1", "llm", json!({"tokens": 5})),
        ],
    )
    .await;
    app.create_operator("ed@example.com", Role::Editor);
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "ed@example.com").await?;
        b.goto("/analytics/events/twice").await?;
        b.fill("#void-reason-input", "sent twice by a retry").await?;
        b.click("#void-submit").await?;
        b.wait_for_path(|p| p == "/analytics/events/twice").await?;
        let badge = b.text("#voided-badge").await?;
        ensure!(badge == "voided", "badge: {badge}");
        let reason = b.text("#void-reason").await?;
        ensure!(reason == "sent twice by a retry", "reason: {reason}");
        let flash = b.text("#flash").await?;
        ensure!(flash.contains("is voided"), "flash: {flash}");
        ensure!(
            b.client.find(Locator::Css("#void-form")).await.is_err(),
            "no second void form"
        );
        Ok(())
    }
    .await;
    b.finish("an_editor_voids_an_event_from_its_page", result).await;
    let (_, again) = api
        .post("/api/v1/events/twice/void", &json!({"reason": "again"}))
        .await;
    assert_eq!(
        again["error"]["code"], "conflict",
        "voided in the browser: {again}"
    );
}
