//! A customer's statement in the browser, and a void of an event of a closed cycle showing
//! on the late-usage view and then as an adjustment on the next statement.

use chrono::{Duration, DurationRound, Months, Utc};
use fantoccini::Locator;
use meterdesk::auth::model::Role;
use meterdesk::metering::{Interval, nth_cycle_start, rfc3339};
use serde_json::json;

use crate::ensure;
use crate::meters::sign_in;
use crate::support::app::TestApp;
use crate::support::backfill::{raw, store};
use crate::support::browser::Browser;
use crate::support::fixtures::{customer, product, subscription, sum_meter};

#[actix_web::test]
async fn an_editor_opens_a_statement_voids_a_closed_cycles_event_and_sees_the_adjustment() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "cus_e").await;
    let tokens = sum_meter(&api, "llm.tokens", "tokens").await;
    let prod = product(&api, "USD", &[(&tokens, "0.5", "0")]).await;
    let hour = Utc::now().duration_trunc(Duration::hours(1)).unwrap();
    let anchor = (hour - Duration::days(2))
        .checked_sub_months(Months::new(2))
        .unwrap();
    subscription(&api, "cus_e", &prod, &rfc3339(anchor)).await;
    let c = |n: u32| nth_cycle_start(anchor, Interval::Monthly, n).unwrap();
    store(
        &app,
        [
            raw(
                "e0",
                "cus_e",
                "llm.tokens",
                c(0) + Duration::days(1),
                &json!({"tokens": 10}),
            ),
            raw(
                "e1",
                "cus_e",
                "llm.tokens",
                c(1) + Duration::days(1),
                &json!({"tokens": 4}),
            ),
        ],
    );
    let close = |n: u32| {
        let api = &api;
        async move {
            let (status, body) = api
                .post("/api/v1/statements/close", &json!({"until": rfc3339(c(n))}))
                .await;
            assert_eq!(status, 200, "{body}");
            assert_eq!(body["closed"], 1, "{body}");
            body["statements"][0]["id"].as_str().unwrap().to_string()
        }
    };
    let first = close(1).await;
    app.create_operator("ed@example.com", Role::Editor);
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "ed@example.com").await?;
        b.goto("/customers/cus_e").await?;
        b.click(&format!("a[href='/statements/{first}']")).await?;
        b.wait_for_path(|p| p.starts_with("/statements/st_")).await?;
        let total = b.text("#statement-total").await?;
        ensure!(total == "$5.00", "the first statement's total: {total}");
        ensure!(
            b.client.find(Locator::Css(".line-adjustment")).await.is_err(),
            "the first statement carries no adjustment"
        );

        // Void the closed cycle's event on its page.
        b.goto("/analytics/events/e0").await?;
        b.fill("#void-reason-input", "test traffic").await?;
        b.click("#void-submit").await?;
        b.wait_for_path(|p| p == "/analytics/events/e0").await?;
        let badge = b.text("#voided-badge").await?;
        ensure!(badge == "voided", "badge: {badge}");

        // Pending on the late-usage view (linked from the navigation).
        b.click("nav a[href='/statements/late']").await?;
        b.wait_for_path(|p| p == "/statements/late").await?;
        let pending = b.text("table[aria-label='Pending adjustments'] tbody").await?;
        ensure!(
            pending.contains("-10 tokens") && pending.contains("-$5.00"),
            "pending: {pending}"
        );
        Ok(())
    }
    .await;
    let result = match result {
        Ok(()) => {
            let second = close(2).await;
            async {
                b.goto("/customers/cus_e").await?;
                b.click(&format!("a[href='/statements/{second}']")).await?;
                b.wait_for_path(|p| p == format!("/statements/{second}")).await?;
                let adjustment = b.text(".line-adjustment").await?;
                ensure!(
                    adjustment.contains("-10") && adjustment.contains("-$5.00"),
                    "the adjustment line: {adjustment}"
                );
                let total = b.text("#statement-total").await?;
                ensure!(total == "-$3.00", "4 tokens × 0.5 − 5.00: {total}");
                b.goto(&format!("/statements/{first}")).await?;
                let total = b.text("#statement-total").await?;
                ensure!(total == "$5.00", "the first statement did not change: {total}");
                Ok(())
            }
            .await
        }
        Err(e) => Err(e),
    };
    b.finish(
        "an_editor_opens_a_statement_voids_a_closed_cycles_event_and_sees_the_adjustment",
        result,
    )
    .await;
}
