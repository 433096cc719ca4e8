//! A meter's page as an operator meets it (issue 13): the way to add usage is in view, a
//! refused manual entry shows why where the operator is looking, and the headline figures
//! follow the live stream.

use std::time::Duration;

use chrono::Utc;
use meterdesk::auth::model::Role;
use serde_json::json;

use crate::ensure;
use crate::meters::sign_in;
use crate::support::app::TestApp;
use crate::support::browser::Browser;
use crate::support::fixtures::{count_meter, customer, event, ingest, product, subscription};

/// A number from a script run in the page.
async fn number(b: &Browser, script: &str) -> Result<f64, Box<dyn std::error::Error>> {
    let v = b.client.execute(script, vec![]).await?;
    v.as_f64().ok_or_else(|| format!("{script} gave {v}").into())
}

#[actix_web::test]
async fn add_usage_is_in_view_and_a_refused_entry_brings_its_errors_into_view() {
    let app = TestApp::spawn().await;
    let api = app.api();
    let calls = count_meter(&api, "api.call").await;
    let prod = product(&api, "USD", &[(&calls, "0.5", "0")]).await;
    let start = (Utc::now() - chrono::Duration::days(1)).to_rfc3339();
    // Two full tables above where the form used to be: 20 customers this cycle, 20 events.
    let mut events = Vec::new();
    for i in 0..22 {
        let id = format!("cus_{i:02}");
        customer(&api, &id).await;
        subscription(&api, &id, &prod, &start).await;
        events.push(event(&format!("e{i}"), &id, "api.call", json!({})));
    }
    ingest(&api, events).await;
    app.create_operator("ed@example.com", Role::Editor);
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "ed@example.com").await?;
        b.goto(&format!("/meters/{calls}")).await?;
        let form_top = number(
            &b,
            "return document.getElementById('record-usage').getBoundingClientRect().bottom",
        )
        .await?;
        let height = number(&b, "return window.innerHeight").await?;
        let in_reach = form_top < height * 1.5;
        ensure!(
            in_reach,
            "the manual entry form ends {form_top} px down a {height} px window"
        );
        ensure!(
            b.text("#add-usage-link").await? == "Add usage data",
            "a link to the form at the top of the page"
        );

        b.fill("#f-customer_id", "cus_nobody").await?;
        b.click("#record-usage").await?;
        b.wait_for_path(|p| p.ends_with("/usage")).await?;
        let focused = b
            .client
            .execute(
                "return document.activeElement && document.activeElement.id",
                vec![],
            )
            .await?;
        ensure!(
            focused.as_str() == Some("manual-errors"),
            "focus should move to the errors, is on {focused}"
        );
        let top = number(
            &b,
            "return document.getElementById('manual-errors').getBoundingClientRect().top",
        )
        .await?;
        let height = number(&b, "return window.innerHeight").await?;
        let in_view = top >= 0.0 && top < height;
        ensure!(in_view, "the errors are at {top} px in a {height} px window");
        let errors = b.text("#manual-errors").await?;
        ensure!(
            errors.contains("No customer has the id “cus_nobody”") && !errors.contains("POST /api/v1"),
            "the error speaks the portal's language: {errors}"
        );
        let href = b
            .client
            .find(fantoccini::Locator::Css("#create-customer-link"))
            .await?
            .attr("href")
            .await?;
        ensure!(href.as_deref() == Some("/customers/new"), "link: {href:?}");
        Ok(())
    }
    .await;
    b.finish(
        "add_usage_is_in_view_and_a_refused_entry_brings_its_errors_into_view",
        result,
    )
    .await;
}

#[actix_web::test]
async fn the_headline_figures_follow_the_live_stream() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let calls = count_meter(&api, "api.call").await;
    ingest(
        &api,
        (0..3)
            .map(|i| event(&format!("a{i}"), "c1", "api.call", json!({})))
            .collect(),
    )
    .await;
    app.create_operator("v@example.com", Role::Viewer);
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "v@example.com").await?;
        b.goto(&format!("/meters/{calls}")).await?;
        ensure!(b.text("#period-events").await? == "3", "3 events to start");
        ingest(
            &api,
            (0..4)
                .map(|i| event(&format!("b{i}"), "c1", "api.call", json!({})))
                .collect(),
        )
        .await;
        let mut seen = String::new();
        for _ in 0..40 {
            seen = b.text("#period-events").await?;
            if seen == "7" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        ensure!(seen == "7", "the headline still reads {seen} events");
        let quantity = b.text("#period-quantity").await?;
        ensure!(quantity.starts_with('7'), "quantity: {quantity}");
        let stream = b.text("#event-stream").await?;
        ensure!(stream.contains("b3"), "the stream has the new events: {stream}");
        Ok(())
    }
    .await;
    b.finish("the_headline_figures_follow_the_live_stream", result)
        .await;
}
