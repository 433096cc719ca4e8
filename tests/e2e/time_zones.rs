//! The operator's time zone in the browser: the chart's days in Asia/Kolkata, and the meter
//! stream's "Live — updated" time written as the rest of the page writes times.

use chrono::{TimeZone, Utc};
use fantoccini::Locator;
use meterdesk::auth::model::Role;
use serde_json::json;

use crate::ensure;
use crate::meters::sign_in;
use crate::support::app::TestApp;
use crate::support::backfill::{raw, store};
use crate::support::browser::Browser;
use crate::support::fixtures::{customer, meter};

#[actix_web::test]
async fn an_operator_in_kolkata_sees_ist_days_counted_from_the_raw_events() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let calls = meter(&api, json!({"name": "Calls", "event_name": "api.call", "aggregation": {"type": "count"}, "measurement_unit": "calls"})).await;
    // IST midnight starting 2026-11-01 is 2026-10-31 18:30 UTC.
    let at = |d: u32, h: u32, m: u32, s: u32| Utc.with_ymd_and_hms(2026, 10, d, h, m, s).single().unwrap();
    let sent = [
        at(30, 18, 30, 0),  // Oct 31 IST
        at(31, 18, 29, 59), // Oct 31 IST
        at(31, 18, 30, 0),  // Nov 1 IST
        at(31, 23, 0, 0),   // Nov 1 IST
    ];
    store(
        &app,
        sent.iter()
            .enumerate()
            .map(|(i, t)| raw(format!("e{i}"), "c1", "api.call", *t, &json!({}))),
    );
    app.create_operator("v@example.com", Role::Viewer);
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "v@example.com").await?;
        b.goto(&format!(
            "/analytics?range=custom&from=2026-10-30&to=2026-11-02&granularity=day&tz=Asia/Kolkata&meter={calls}"
        ))
        .await?;
        let mut shown = Vec::new();
        for mark in b.client.find_all(Locator::Css("#chart rect.mark")).await? {
            shown.push((
                mark.attr("data-bucket").await?.unwrap_or_default(),
                mark.attr("data-value").await?.unwrap_or_default(),
            ));
        }
        // An independent count: each event's local date in IST.
        let count = |day: &str| {
            sent.iter()
                .filter(|t| t.with_timezone(&chrono_tz::Asia::Kolkata).format("%Y-%m-%d").to_string() == day)
                .count()
                .to_string()
        };
        let want: Vec<(String, String)> = ["2026-10-30", "2026-10-31", "2026-11-01"]
            .iter()
            .map(|d| (d.to_string(), count(d)))
            .collect();
        ensure!(shown == want, "IST days: {shown:?}, counted {want:?}");
        ensure!(
            want[1].1 == "2" && want[2].1 == "2",
            "the boundary events split 2 / 2 in IST: {want:?}"
        );
        let labels = b.text("#chart .x-labels").await?;
        ensure!(
            labels.contains("Oct 30") && labels.contains("Nov 1"),
            "axis labels name IST days: {labels}"
        );
        Ok(())
    }
    .await;
    b.finish(
        "an_operator_in_kolkata_sees_ist_days_counted_from_the_raw_events",
        result,
    )
    .await;
}

#[actix_web::test]
async fn the_live_stream_says_when_it_updated_as_the_page_writes_times() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let calls = meter(&api, json!({"name": "Calls", "event_name": "api.call", "aggregation": {"type": "count"}, "measurement_unit": "calls"})).await;
    app.create_operator("v@example.com", Role::Viewer);
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "v@example.com").await?;
        b.goto(&format!("/meters/{calls}")).await?;
        let mut status = String::new();
        for _ in 0..30 {
            status = b.text("#live-status").await?;
            if status.starts_with("Live — updated") {
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(500)).await;
        }
        let time = status.trim_start_matches("Live — updated ");
        // `2026-11-30 05:03:32 +00:00`: the operator's zone (UTC until preferences exist).
        let shape_ok = time.len() == 26
            && time.char_indices().all(|(i, c)| match i {
                4 | 7 => c == '-',
                10 | 19 => c == ' ',
                13 | 16 | 23 => c == ':',
                20 => c == '+' || c == '-',
                _ => c.is_ascii_digit(),
            });
        ensure!(shape_ok, "status: {status:?}");
        ensure!(time.ends_with("+00:00"), "in UTC: {status:?}");
        Ok(())
    }
    .await;
    b.finish(
        "the_live_stream_says_when_it_updated_as_the_page_writes_times",
        result,
    )
    .await;
}
