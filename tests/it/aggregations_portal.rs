//! A unique count in the portal's meter tools: the form offers it, the test bench shows the
//! value it counts, the change preview counts distinct values, the CSV template names its
//! column, manual entry takes a text value, and a dry run says how many distinct values each
//! customer's rows hold.

use meterdesk::auth::model::Role;
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use serde_json::json;

use crate::support::app::TestApp;
use crate::support::fixtures::{customer, event, ingest, meter};
use crate::uploads_support::api_upload;

#[actix_web::test]
async fn the_form_creates_a_unique_count_and_the_bench_and_preview_read_its_values() {
    let app = TestApp::spawn().await;
    let api = app.api();
    for c in ["c1", "c2"] {
        customer(&api, c).await;
    }
    let editor = app.session(Role::Editor).await;
    let (_, form) = editor.get_text("/meters/new").await;
    for kind in ["unique_count", "min", "avg"] {
        assert!(
            form.contains(&format!("<option value=\"{kind}\"")),
            "{kind}: {form}"
        );
    }
    let fields = [
        ("name", "Active users"),
        ("event_name", "seen"),
        ("aggregation", "unique_count"),
        ("aggregation_key", "user"),
        ("unit", "users"),
    ];
    let res = editor.post("/meters", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{:?}", res.text().await);
    let id = res.headers()[LOCATION]
        .to_str()
        .unwrap()
        .trim_start_matches("/meters/")
        .to_string();
    let (_, m) = api.get(&format!("/api/v1/meters/{id}")).await;
    assert_eq!(m["aggregation"], json!({"type": "unique_count", "key": "user"}));
    // A kind that needs a property, without one: the form says so next to the field.
    let (status, page) = editor
        .post_text(
            "/meters",
            &[
                ("name", "Fastest"),
                ("event_name", "req"),
                ("aggregation", "min"),
                ("aggregation_key", ""),
                ("unit", "ms"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Property: enter the metadata key to read — Min needs one"),
        "{page}"
    );

    ingest(
        &api,
        vec![
            event("e1", "c1", "seen", json!({"user": "anna", "plan": "pro"})),
            event("e2", "c1", "seen", json!({"user": "1.50", "plan": "pro"})),
            event("e3", "c1", "seen", json!({"user": 1.5, "plan": "free"})),
            event("e4", "c2", "seen", json!({"user": "bob", "plan": "free"})),
            event("e5", "c2", "seen", json!({"user": "bob", "plan": "pro"})),
        ],
    )
    .await;
    let (_, page) = editor.get_text(&format!("/meters/{id}/test?event_id=e2")).await;
    assert!(
        page.contains("user = &#34;1.5&#34;"),
        "the value as counted: {page}"
    );
    assert!(page.contains("<span class=\"badge badge-ok\">counted</span>"));
    let (_, page) = editor.get_text(&format!("/meters/{id}")).await;
    assert!(
        page.contains("Number of distinct values of user this month"),
        "{page}"
    );

    // The preview lists the customers the rollups know.
    drop(app.rolled_conn());
    let preview = [
        ("name", "Active users"),
        ("event_name", "seen"),
        ("aggregation", "unique_count"),
        ("aggregation_key", "plan"),
        ("unit", "users"),
        ("action", "preview"),
    ];
    let (status, page) = editor.post_text(&format!("/meters/{id}"), &preview).await;
    assert_eq!(status, StatusCode::OK);
    // Now c1 has anna and 1.5 (2), c2 bob (1); counting plans instead: c1 pro+free, c2 free+pro.
    assert!(
        page.contains(r#"<td class="num">2</td><td class="num">2</td>"#),
        "c1: 2 → 2: {page}"
    );
    assert!(
        page.contains(
            r#"<td class="num">1</td><td class="num">2 <span class="badge badge-warn">changed</span>"#
        ),
        "c2: 1 → 2: {page}"
    );
}

#[actix_web::test]
async fn template_manual_entry_and_dry_run_gains_of_a_unique_count() {
    let app = TestApp::spawn().await;
    let api = app.api();
    for c in ["c1", "c2"] {
        customer(&api, c).await;
    }
    let id = meter(&api, json!({"name": "Active users", "event_name": "seen", "aggregation": {"type": "unique_count", "key": "user"}, "measurement_unit": "users"})).await;
    let editor = app.session(Role::Editor).await;
    let template = editor
        .get(&format!("/meters/{id}/template.csv"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        template.contains("timestamp,event_name,payload_customer_id,payload_user\r\n"),
        "{template}"
    );
    assert!(template.contains(",seen,cus_123,user_123"), "{template}");

    let (_, page) = editor.get_text(&format!("/meters/{id}")).await;
    assert!(page.contains("The value this event counts"), "{page}");
    let res = editor
        .post(
            &format!("/meters/{id}/usage"),
            &[("customer_id", "c1"), ("value", "anna")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (status, page) = editor
        .post_text(
            &format!("/meters/{id}/usage"),
            &[("customer_id", "c1"), ("value", " ")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Enter the user this event counts"), "{page}");

    let file = b"timestamp,event_name,payload_customer_id,payload_user\n\
2024-09-23,seen,c1,anna\n2024-09-23,seen,c1,1\n2024-09-24,seen,c1,1.0\n2024-09-24,seen,c2,bob\n2024-09-24,seen,c2,\n";
    let (status, dry) = api_upload(&api, &format!("meter_id={id}&dry_run=true"), "u.csv", file).await;
    assert_eq!(status, StatusCode::OK, "{dry}");
    assert_eq!(dry["rows"]["accepted"], 4, "{dry}");
    assert_eq!(dry["rejected"][0]["code"], "missing_property", "{dry}");
    let gains: Vec<(String, i64, String)> = dry["gains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["customer_id"].as_str().unwrap().to_string(),
                g["events"].as_i64().unwrap(),
                g["quantity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        gains,
        [
            ("c1".to_string(), 3, "2".to_string()),
            ("c2".to_string(), 1, "1".to_string())
        ]
    );
}
