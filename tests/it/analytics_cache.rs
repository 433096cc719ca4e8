//! The overview's and the customers table's figures are reused between views, but never past
//! a write made through the app: what an operator or the API just stored shows at once.

use chrono::Utc;
use meterdesk::auth::model::Role;
use serde_json::json;

use crate::support::app::{Session, TestApp};
use crate::support::backfill::{raw, store};
use crate::support::fixtures::{count_meter, customer, event, ingest, product, subscription};
use crate::support::html::text_by_id;

/// Stores an event without going through an HTTP request, as another instance would.
fn store_behind_the_apps_back(app: &TestApp, id: &str) {
    store(app, [raw(id, "acme", "api.call", Utc::now(), &json!({}))]);
}

async fn consumed(viewer: &Session) -> String {
    let (status, page) = viewer.get_text("/analytics/customers").await;
    assert_eq!(status, 200);
    let marker = "data-col=\"consumed\" data-sort=\"";
    let at = page.find(marker).expect("one line in the table") + marker.len();
    page[at..].split('"').next().unwrap().to_string()
}

async fn events_this_month(viewer: &Session) -> String {
    let (status, page) = viewer.get_text("/analytics").await;
    assert_eq!(status, 200);
    text_by_id(&page, "events-month").unwrap()
}

#[actix_web::test]
async fn figures_are_reused_until_the_next_write_through_the_app() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "acme").await;
    let calls = count_meter(&api, "api.call").await;
    let prod = product(&api, "USD", &[(&calls, "0.5", "0")]).await;
    subscription(&api, "acme", &prod, "2024-01-01T00:00:00Z").await;
    let viewer = app.session(Role::Viewer).await;
    assert_eq!(consumed(&viewer).await, "0");
    assert_eq!(events_this_month(&viewer).await, "0");

    ingest(
        &api,
        vec![
            event("a1", "acme", "api.call", json!({})),
            event("a2", "acme", "api.call", json!({})),
        ],
    )
    .await;
    assert_eq!(consumed(&viewer).await, "2", "an API write shows at once");
    assert_eq!(events_this_month(&viewer).await, "2");

    // A write this process did not handle is not seen until the entry expires or the app
    // handles a write: the figures were reused, not recomputed.
    store_behind_the_apps_back(&app, "b1");
    assert_eq!(consumed(&viewer).await, "2");
    assert_eq!(events_this_month(&viewer).await, "2");

    ingest(&api, vec![event("a3", "acme", "api.call", json!({}))]).await;
    assert_eq!(
        consumed(&viewer).await,
        "4",
        "the next write makes every entry stale"
    );
    assert_eq!(events_this_month(&viewer).await, "4");
}
