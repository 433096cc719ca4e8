//! Accessibility: axe-core finds no serious or critical violation on the main pages, in a real
//! browser, with real data on them.

use meterdesk::auth::model::Role;
use serde_json::json;

use crate::ensure;
use crate::support::app::{PASSWORD, TestApp};
use crate::support::browser::{Browser, TestResult};
use crate::support::fixtures::{customer, ingest, product, subscription, sum_meter};

async fn sign_in(b: &Browser, email: &str) -> TestResult {
    b.goto("/login").await?;
    b.fill("#email", email).await?;
    b.fill("#password", PASSWORD).await?;
    b.click("button[type=submit]").await?;
    b.wait_for_path(|p| p == "/").await?;
    Ok(())
}

#[actix_web::test]
async fn the_main_pages_have_no_serious_accessibility_violations() {
    let app = TestApp::spawn().await;
    app.create_operator("ana@example.com", Role::Admin);
    let api = app.api();
    customer(&api, "acme").await;
    let meter = sum_meter(&api, "tokens.used", "tokens").await;
    let prod = product(&api, "USD", &[(&meter, "0.50", "100")]).await;
    subscription(&api, "acme", &prod, "2026-01-01T00:00:00Z").await;
    let now = chrono::Utc::now().to_rfc3339();
    ingest(
        &api,
        vec![json!({"event_id": "a1", "customer_id": "acme", "event_name": "tokens.used", "timestamp": now, "metadata": {"tokens": 250}})],
    )
    .await;
    let b = Browser::start(&app.addr).await;
    let result = async {
        // The sign-in page first, signed out.
        b.goto("/login").await?;
        let mut found = Vec::new();
        for v in b.axe_violations().await? {
            found.push(format!("/login: {v}"));
        }
        sign_in(&b, "ana@example.com").await?;
        for path in [
            "/".to_string(),
            "/meters".into(),
            format!("/meters/{meter}"),
            "/meters/new".into(),
            "/products".into(),
            format!("/products/{prod}"),
            "/products/new".into(),
            "/customers".into(),
            "/customers/acme".into(),
            "/usage".into(),
            "/uploads/new".into(),
            "/analytics".into(),
            "/analytics/events".into(),
            "/analytics/events/a1".into(),
            "/analytics/customers".into(),
            "/analytics/reconciliation".into(),
            "/analytics/unmatched".into(),
            format!("/meters/{meter}/edit"),
            format!("/meters/{meter}/test"),
            "/customers/new".into(),
            "/settings".into(),
            "/settings/audit".into(),
            "/account/password".into(),
            "/settings/operators".into(),
            "/settings/api-keys".into(),
        ] {
            b.goto(&path).await?;
            for v in b.axe_violations().await? {
                found.push(format!("{path}: {v}"));
            }
        }
        ensure!(
            found.is_empty(),
            "{} violations:\n{}",
            found.len(),
            found.join("\n")
        );
        Ok(())
    }
    .await;
    b.finish("the_main_pages_have_no_serious_accessibility_violations", result)
        .await;
}
