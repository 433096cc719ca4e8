//! Building a graduated product in the browser and reading its worked example.

use fantoccini::Locator;
use meterdesk::auth::model::Role;
use serde_json::json;

use crate::ensure;
use crate::meters::sign_in;
use crate::support::app::TestApp;
use crate::support::browser::{Browser, TestResult};
use crate::support::fixtures::meter;

async fn select(b: &Browser, css: &str, value: &str) -> TestResult {
    b.client
        .find(Locator::Css(css))
        .await?
        .select_by_value(value)
        .await?;
    Ok(())
}

async fn shown(b: &Browser, css: &str) -> Result<bool, fantoccini::error::CmdError> {
    b.client.find(Locator::Css(css)).await?.is_displayed().await
}

async fn count(b: &Browser, css: &str) -> Result<usize, fantoccini::error::CmdError> {
    Ok(b.client.find_all(Locator::Css(css)).await?.len())
}

fn tier(t: usize, field: &str) -> String {
    format!("[name='meters[0].price.tiers[{t}].{field}']")
}

#[actix_web::test]
async fn an_editor_builds_a_graduated_product_and_sees_its_worked_example() {
    let app = TestApp::spawn().await;
    let api = app.api();
    let calls = meter(
        &api,
        json!({"name": "API calls", "event_name": "api.call", "aggregation": {"type": "count"}, "measurement_unit": "calls"}),
    )
    .await;
    app.create_operator("ed@example.com", Role::Editor);
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "ed@example.com").await?;
        b.goto("/products/new").await?;
        b.fill("#f-name", "Calls, graduated").await?;
        select(&b, "[name='meters[0].meter_id']", &calls).await?;
        // Per unit by default: its section shows, the tiers do not.
        ensure!(
            shown(&b, "[name='meters[0].price.unit_price']").await?,
            "the unit price shows for per unit"
        );
        ensure!(
            !shown(&b, &tier(0, "up_to")).await?,
            "tiers are hidden for per unit"
        );
        select(&b, "[name='meters[0].price.model']", "graduated").await?;
        ensure!(
            shown(&b, &tier(0, "up_to")).await? && !shown(&b, "[name='meters[0].price.unit_price']").await?,
            "choosing graduated shows the tiers instead"
        );
        b.fill(&tier(0, "up_to"), "1000").await?;
        b.fill(&tier(0, "unit_price"), "0.01").await?;
        b.fill(&tier(1, "unit_price"), "0.008").await?;
        b.fill(&tier(1, "flat_fee"), "2.00").await?;
        // A fifth row in place, then removed again: no round trip.
        ensure!(count(&b, "[data-tier]").await? == 4, "four tier rows to start");
        b.click("[data-add-tier]").await?;
        ensure!(b.path().await? == "/products/new", "Add a tier reloaded the page");
        ensure!(count(&b, "[data-tier]").await? == 5, "a fifth tier row");
        let focused = b.client.active_element().await?.attr("name").await?;
        ensure!(
            focused.as_deref() == Some("meters[0].price.tiers[4].up_to"),
            "the new row's first field has focus: {focused:?}"
        );
        b.click("[value='remove_tier:0:4']").await?;
        ensure!(count(&b, "[data-tier]").await? == 4, "back to four rows");
        b.click("button[value='save'].btn-primary").await?;
        b.wait_for_path(|p| p.starts_with("/products/prod_")).await?;
        let words = b.text("#price-0").await?;
        ensure!(
            words == "Graduated tiers: each tier prices the calls that fall in it",
            "price in words: {words:?}"
        );
        let second = b.text("#tiers-0 li:nth-child(2)").await?;
        ensure!(
            second == "Above 1,000: $0.008 per call + $2.00 flat fee",
            "second tier: {second:?}"
        );
        let charges = [
            b.text("#charge-0-0").await?,
            b.text("#charge-0-1").await?,
            b.text("#charge-0-2").await?,
        ];
        ensure!(
            charges == ["$10.00", "$20.00", "$84.00"],
            "1,000, 2,000 and 10,000 calls: {charges:?}"
        );
        let row = b.text("#example-0-1").await?;
        ensure!(
            row.contains("2,000 calls") && row.contains("1,000 × $0.008 + $2.00 = $10.00"),
            "the 2,000 calls row shows each tier's amount: {row:?}"
        );
        // Trying a usage adds a row.
        b.fill("#usage_0", "1500").await?;
        b.click("button[form='try-usage']").await?;
        b.wait_for_path(|p| p.contains("usage_0=1500")).await?;
        let tried = b.text("#charge-0-3").await?;
        ensure!(tried == "$16.00", "1,500 calls: {tried}");
        Ok(())
    }
    .await;
    b.finish(
        "an_editor_builds_a_graduated_product_and_sees_its_worked_example",
        result,
    )
    .await;
}
