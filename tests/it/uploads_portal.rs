//! Uploads in the portal (dry run then commit, errors on the form, corrected error files), manual
//! entry of usage, and the meter page after an upload.

use diesel::prelude::*;
use meterdesk::auth::model::Role;
use meterdesk::db::schema::events;
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use reqwest::multipart::{Form, Part};
use serde_json::json;

use crate::support::fixtures::{count_meter, meter};
use crate::uploads_support::{GOOD, portal_upload, rollup_sum, setup, stored};

#[actix_web::test]
async fn portal_dry_run_then_commit_and_the_same_file_guard() {
    let s = setup().await;
    let editor = s.app.session(Role::Editor).await;
    let res = portal_upload(
        &editor,
        &[("meter_id", &s.tokens), ("dry_run", "1")],
        "u.csv",
        GOOD.as_bytes(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page_url = res.headers()[LOCATION].to_str().unwrap().to_string();
    let (_, page) = editor.get_text(&page_url).await;
    assert!(
        page.contains("Dry run — nothing is stored yet") && page.contains("What each meter would gain"),
        "{page}"
    );
    assert!(
        page.contains("cus_a") && page.contains("305"),
        "cus_a would gain 100+200+5"
    );
    assert_eq!(stored(&s.app), 0);
    let id = page_url.rsplit('/').next().unwrap();
    let res = editor.post(&format!("/uploads/{id}/commit"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(stored(&s.app), 5);
    let res = editor.post(&format!("/uploads/{id}/commit"), &[]).await;
    let (_, page) = editor.get_text(res.headers()[LOCATION].to_str().unwrap()).await;
    assert!(page.contains("already committed"), "a dry run commits once");
    // The same file again: kept as a dry run with a warning, committed only when confirmed.
    let res = portal_upload(&editor, &[("meter_id", &s.tokens)], "u.csv", GOOD.as_bytes()).await;
    let url = res.headers()[LOCATION].to_str().unwrap().to_string();
    let (_, page) = editor.get_text(&url).await;
    assert!(
        page.contains("was uploaded before") && page.contains("same-file-warning"),
        "{page}"
    );
    assert_eq!(stored(&s.app), 5);
    let again = url.rsplit('/').next().unwrap();
    editor.post(&format!("/uploads/{again}/commit"), &[]).await;
    assert_eq!(stored(&s.app), 5, "not without the confirmation");
    editor
        .post(&format!("/uploads/{again}/commit"), &[("confirm_duplicate", "1")])
        .await;
    assert_eq!(stored(&s.app), 10);
}

#[actix_web::test]
async fn portal_upload_errors_render_the_form_with_the_reason() {
    let s = setup().await;
    let editor = s.app.session(Role::Editor).await;
    let res = portal_upload(&editor, &[("meter_id", &s.tokens)], "h.csv", b"time,event\n1,2\n").await;
    // A plain post is redirected to the form (no token in the address), the refusal kept.
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(to, format!("/uploads/new?meter_id={}", s.tokens));
    let (status, page) = editor.get_text(&to).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("upload-error") && page.contains("Expected header"),
        "{page}"
    );
    // Shown once: the form again is clean.
    let (_, again) = editor.get_text(&to).await;
    assert!(!again.contains("upload-error"), "{again}");
    // Without the CSRF token in the query, the upload is refused.
    let form = Form::new()
        .part("file", Part::bytes(GOOD.as_bytes().to_vec()).file_name("u.csv"))
        .text("meter_id", s.tokens.clone());
    let res = editor
        .client
        .post(editor.url("/uploads"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Viewers cannot upload.
    let viewer = s.app.session(Role::Viewer).await;
    let res = portal_upload(&viewer, &[("meter_id", &s.tokens)], "u.csv", GOOD.as_bytes()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn a_corrected_error_file_is_linked_and_the_original_shows_how_many_are_now_in() {
    let s = setup().await;
    let editor = s.app.session(Role::Editor).await;
    let file = "timestamp,event_name,payload_customer_id,payload_tokens\n2024-09-23,llm.tokens,cus_a,1\n2024-09-23,llm.tokens,cus_x,2\n2024-13-01,llm.tokens,cus_a,3\n";
    let res = portal_upload(&editor, &[("meter_id", &s.tokens)], "orig.csv", file.as_bytes()).await;
    let url = res.headers()[LOCATION].to_str().unwrap().to_string();
    let id = url.rsplit('/').next().unwrap().to_string();
    let errors = editor
        .get(&format!("/uploads/{id}/errors.csv"))
        .await
        .text()
        .await
        .unwrap();
    let fixed = errors
        .replace("cus_x", "cus_b")
        .replace("2024-13-01", "2024-12-01");
    let res = portal_upload(
        &editor,
        &[("meter_id", &s.tokens), ("fixes", &id)],
        "orig-errors.csv",
        fixed.as_bytes(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, fix_page) = editor.get_text(res.headers()[LOCATION].to_str().unwrap()).await;
    assert!(
        fix_page.contains(&format!("corrects <a href=\"/uploads/{id}\">upload #{id}</a>")),
        "{fix_page}"
    );
    let (_, page) = editor.get_text(&url).await;
    assert!(page.contains("2 of 2 rejected rows are now in"), "{page}");
    assert_eq!(rollup_sum(&s.app, &s.tokens), "6");
}

#[actix_web::test]
async fn manual_entry_records_usage_and_explains_refusals() {
    let s = setup().await;
    let editor = s.app.session(Role::Editor).await;
    let res = editor
        .post(
            &format!("/meters/{}/usage", s.tokens),
            &[
                ("customer_id", "cus_a"),
                ("value", "250"),
                ("timestamp", "2024-09-23 10:00:00"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(rollup_sum(&s.app, &s.tokens), "250");
    let (source, op): (String, Option<i64>) = events::table
        .select((events::source, events::operator_id))
        .first(&mut s.app.conn())
        .unwrap();
    assert_eq!(source, "manual");
    assert!(op.is_some());
    let (status, page) = editor
        .post_text(
            &format!("/meters/{}/usage", s.tokens),
            &[("customer_id", "ghost"), ("value", "1")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("No customer has the id “ghost”"), "{page}");
    assert!(
        page.contains("href=\"/customers/new\""),
        "a way to create it: {page}"
    );
    assert!(!page.contains("POST /api/v1/customers"), "{page}");
    let (status, page) = editor
        .post_text(
            &format!("/meters/{}/usage", s.tokens),
            &[("customer_id", "cus_a"), ("value", "abc")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("as a number"));
    // A count meter adds that many events.
    let calls = count_meter(&s.api, "api.call").await;
    editor
        .post(
            &format!("/meters/{calls}/usage"),
            &[("customer_id", "cus_b"), ("value", "3")],
        )
        .await;
    let (_, page) = editor.get_text(&format!("/meters/{calls}")).await;
    assert!(page.contains("Recorded 3 events."));
    // A filtered meter says why it would not count the event.
    let eu = meter(
        &s.api,
        json!({"name": "EU", "event_name": "eu.calls", "aggregation": {"type": "count"}, "measurement_unit": "calls",
               "filter": {"conjunction": "and", "clauses": [{"key": "region", "operator": "equals", "value": "eu"}]}}),
    )
    .await;
    let (status, page) = editor
        .post_text(
            &format!("/meters/{eu}/usage"),
            &[
                ("customer_id", "cus_a"),
                ("value", "1"),
                ("properties", "region=us"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("would not count the event"), "{page}");
    let res = editor
        .post(
            &format!("/meters/{eu}/usage"),
            &[
                ("customer_id", "cus_a"),
                ("value", "1"),
                ("properties", "region=eu"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn the_meter_page_shows_this_months_events_and_value_after_an_upload() {
    let s = setup().await;
    let editor = s.app.session(Role::Editor).await;
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let file = format!(
        "timestamp,event_name,payload_customer_id,payload_tokens\n{now},llm.tokens,cus_a,1200\n{now},llm.tokens,cus_b,34\n"
    );
    portal_upload(&editor, &[("meter_id", &s.tokens)], "now.csv", file.as_bytes()).await;
    let (_, page) = editor.get_text(&format!("/meters/{}", s.tokens)).await;
    assert!(page.contains(r#"id="period-events">2<"#), "{page}");
    assert!(page.contains(r#"id="period-quantity">1,234 "#), "{page}");
    assert!(page.contains("now.csv"), "recent uploads list it");
    let template = editor
        .get(&format!("/meters/{}/template.csv", s.tokens))
        .await
        .text()
        .await
        .unwrap();
    assert!(template.contains("timestamp,event_name,payload_customer_id,payload_tokens"));
    let (_, usage_page) = editor.get_text("/usage").await;
    assert!(usage_page.contains("now.csv") && usage_page.contains("succeeded"));
}
