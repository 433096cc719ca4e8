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

/// The overview's "usage charges" card as shown: its totals and its subscription count.
async fn charges_card(viewer: &Session) -> (String, String) {
    let (status, page) = viewer.get_text("/analytics").await;
    assert_eq!(status, 200);
    let card = page.split("id=\"charges\"").nth(1).expect("the charges card");
    let total = card
        .split("<span class=\"money\">")
        .nth(1)
        .and_then(|t| t.split('<').next())
        .unwrap_or("—")
        .to_string();
    let subs = card
        .split("stat-sub muted\">")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .unwrap_or("")
        .to_string();
    (total, subs)
}

/// Issue 13: the card stayed at its "as of" value for minutes while charges, subscriptions and
/// a rollback happened. With a long TTL, every such write shows on the next view.
#[actix_web::test]
async fn the_charges_card_follows_charges_subscriptions_and_rollbacks_at_once() {
    let app = TestApp::spawn_with(&[("METERDESK_CHARGES_CACHE_SECONDS", "600")]).await;
    let api = app.api();
    customer(&api, "acme").await;
    customer(&api, "zeta").await;
    let calls = count_meter(&api, "api.call").await;
    let prod = product(&api, "USD", &[(&calls, "2.00", "0")]).await;
    let start = (Utc::now() - chrono::Duration::days(1)).to_rfc3339();
    subscription(&api, "acme", &prod, &start).await;
    ingest(&api, vec![event("a1", "acme", "api.call", json!({}))]).await;
    let viewer = app.session(Role::Viewer).await;
    assert_eq!(charges_card(&viewer).await, ("$2.00".into(), "1".into()));

    ingest(&api, vec![event("a2", "acme", "api.call", json!({}))]).await;
    assert_eq!(charges_card(&viewer).await.0, "$4.00", "a charge shows at once");

    subscription(&api, "zeta", &prod, &start).await;
    ingest(&api, vec![event("z1", "zeta", "api.call", json!({}))]).await;
    assert_eq!(
        charges_card(&viewer).await,
        ("$6.00".into(), "2".into()),
        "a new subscription shows at once"
    );

    let now = Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    let csv = format!("timestamp,event_name,payload_customer_id\n{now},api.call,acme\n{now},api.call,zeta\n");
    let (status, upload) =
        crate::uploads_support::api_upload(&api, &format!("meter_id={calls}"), "more.csv", csv.as_bytes())
            .await;
    assert!(status.is_success(), "{upload}");
    assert_eq!(charges_card(&viewer).await.0, "$10.00", "an upload shows at once");
    let editor = app.session(Role::Editor).await;
    let id = upload["id"].as_i64().unwrap();
    let res = editor.post(&format!("/uploads/{id}/rollback"), &[]).await;
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER);
    assert_eq!(charges_card(&viewer).await.0, "$6.00", "a rollback shows at once");

    // Without any write, the figure is reused: what this process did not handle waits.
    store_behind_the_apps_back(&app, "b1");
    assert_eq!(charges_card(&viewer).await.0, "$6.00");
}
