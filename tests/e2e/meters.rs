//! Building a meter with a nested filter in the browser.

use fantoccini::Locator;
use meterdesk::auth::model::Role;

use crate::ensure;
use crate::support::app::{PASSWORD, TestApp};
use crate::support::browser::{Browser, TestResult};

pub async fn sign_in(b: &Browser, email: &str) -> TestResult {
    b.goto("/login").await?;
    b.fill("#email", email).await?;
    b.fill("#password", PASSWORD).await?;
    b.click("button[type=submit]").await?;
    b.wait_for_path(|p| p == "/").await?;
    Ok(())
}

async fn select(b: &Browser, css: &str, value: &str) -> TestResult {
    b.client
        .find(Locator::Css(css))
        .await?
        .select_by_value(value)
        .await?;
    Ok(())
}

#[actix_web::test]
async fn an_editor_builds_a_meter_with_a_nested_filter_and_sees_it_in_words() {
    let app = TestApp::spawn().await;
    app.create_operator("ed@example.com", Role::Editor);
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "ed@example.com").await?;
        b.goto("/meters").await?;
        b.click("a[href='/meters/new']").await?;
        b.wait_for_path(|p| p == "/meters/new").await?;
        b.fill("#f-name", "API calls").await?;
        b.fill("#f-event_name", "api.call").await?;
        select(&b, "#f-aggregation", "count").await?;
        b.fill("#f-unit", "calls").await?;
        b.click("#f-filter_enabled").await?;
        b.fill("[name='f.0.0.key']", "region").await?;
        select(&b, "[name='f.0.0.op']", "equals").await?;
        b.fill("[name='f.0.0.value']", "eu").await?;
        // Add a group: in place, without a round trip to the server.
        b.click("fieldset[data-path='0'] > .fgroup-actions .fadd-group")
            .await?;
        ensure!(b.path().await? == "/meters/new", "Add group reloaded the page");
        let conj = b
            .client
            .find(Locator::Css("[name='f.0.1.conj']"))
            .await?
            .prop("value")
            .await?;
        ensure!(
            conj.as_deref() == Some("or"),
            "the nested group should default to OR, was {conj:?}"
        );
        b.fill("[name='f.0.1.0.key']", "tier").await?;
        b.fill("[name='f.0.1.0.value']", "pro").await?;
        b.click("fieldset[data-path='0.1'] > .fgroup-actions .fadd-cond")
            .await?;
        b.fill("[name='f.0.1.1.key']", "tier").await?;
        b.fill("[name='f.0.1.1.value']", "enterprise").await?;
        b.click("#save-meter").await?;
        let path = b.wait_for_path(|p| p.starts_with("/meters/mtr_")).await?;
        let definition = b.text("#meter-definition").await?;
        ensure!(definition.contains("api.call"), "definition: {definition}");
        b.goto("/meters").await?;
        let words = b.text("#meters-table .filter-words").await?;
        let expected = r#"region equals "eu" AND (tier equals "pro" OR tier equals "enterprise")"#;
        ensure!(
            words == expected,
            "listed as {words:?}, expected {expected:?} (meter page {path})"
        );
        Ok(())
    }
    .await;
    b.finish(
        "an_editor_builds_a_meter_with_a_nested_filter_and_sees_it_in_words",
        result,
    )
    .await;
}

#[actix_web::test]
async fn removing_a_condition_in_the_browser_renumbers_the_rest() {
    let app = TestApp::spawn().await;
    app.create_operator("ed@example.com", Role::Editor);
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "ed@example.com").await?;
        b.goto("/meters/new").await?;
        b.fill("#f-name", "Bytes").await?;
        b.fill("#f-event_name", "storage.write").await?;
        select(&b, "#f-aggregation", "sum").await?;
        b.fill("#f-aggregation_key", "bytes").await?;
        b.fill("#f-unit", "bytes").await?;
        b.click("#f-filter_enabled").await?;
        b.fill("[name='f.0.0.key']", "first").await?;
        b.fill("[name='f.0.0.value']", "1").await?;
        b.click("fieldset[data-path='0'] > .fgroup-actions .fadd-cond")
            .await?;
        b.fill("[name='f.0.1.key']", "second").await?;
        b.fill("[name='f.0.1.value']", "2").await?;
        b.click("[data-path='0.0'] .fremove").await?;
        let key = b
            .client
            .find(Locator::Css("[name='f.0.0.key']"))
            .await?
            .prop("value")
            .await?;
        ensure!(
            key.as_deref() == Some("second"),
            "after removal f.0.0 should be the second condition, got {key:?}"
        );
        b.click("#save-meter").await?;
        b.wait_for_path(|p| p.starts_with("/meters/mtr_")).await?;
        let definition = b.text("#meter-definition").await?;
        ensure!(
            definition.contains(r#"second equals "2""#) && !definition.contains("first"),
            "definition: {definition}"
        );
        Ok(())
    }
    .await;
    b.finish("removing_a_condition_in_the_browser_renumbers_the_rest", result)
        .await;
}
