//! Undoing uploads: a rollback restores the meters' usage, and an upload that fails mid-way
//! leaves nothing behind.

use diesel::prelude::*;
use meterdesk::auth::model::Role;
use reqwest::StatusCode;

use crate::support::app::Api;
use crate::support::fixtures::{count_meter, product, subscription};
use crate::uploads_support::{api_upload, rollup_sum, setup, stored};

#[actix_web::test]
async fn rollback_restores_the_meters_usage() {
    let s = setup().await;
    let calls = count_meter(&s.api, "api.call").await;
    let prod = product(&s.api, "USD", &[(&s.tokens, "0.01", "0"), (&calls, "1", "0")]).await;
    let sub = subscription(&s.api, "cus_a", &prod, "2024-09-01T00:00:00Z").await;
    // Usage before: one API event in the same hour as the upload's rows.
    let (_, first) = api_upload(&s.api, &format!("meter_id={}", s.tokens), "a.csv", b"timestamp,event_name,payload_customer_id,payload_tokens\n2024-09-23T10:05:00Z,llm.tokens,cus_a,40\n").await;
    assert_eq!(first["rows"]["accepted"], 1);
    let url = format!("/api/v1/subscriptions/{sub}/usage?at=2024-09-24T00:00:00Z");
    let usage = async |api: &Api| api.get(&url).await.1;
    let before = usage(&s.api).await;
    assert_eq!(before["meters"][0]["consumed"], "40");
    let (_, upload) = api_upload(
        &s.api,
        &format!("meter_id={}", s.tokens),
        "b.csv",
        b"timestamp,event_name,payload_customer_id,payload_tokens\n2024-09-23T10:30:00Z,llm.tokens,cus_a,60\n2024-09-23T11:00:00Z,llm.tokens,cus_a,5\n2024-09-23T10:10:00Z,llm.tokens,cus_b,9\n",
    )
    .await;
    assert_eq!(usage(&s.api).await["meters"][0]["consumed"], "105");
    let editor = s.app.session(Role::Editor).await;
    let id = upload["id"].as_i64().unwrap();
    let res = editor.post(&format!("/uploads/{id}/rollback"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let after = usage(&s.api).await;
    assert_eq!(after["meters"], before["meters"]);
    assert_eq!(rollup_sum(&s.app, &s.tokens), "40");
    let (_, page) = editor.get_text(&format!("/uploads/{id}")).await;
    assert!(page.contains("rolled back"));
    let voided: i64 = meterdesk::db::schema::voided_events::table
        .count()
        .get_result(&mut s.app.conn())
        .unwrap();
    assert_eq!(voided, 3);
    // Twice is refused; the audit log has it.
    let res = editor.post(&format!("/uploads/{id}/rollback"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = editor.get_text(&format!("/uploads/{id}")).await;
    assert!(page.contains("Only an upload that stored events can be rolled back"));
    let actions: Vec<String> = meterdesk::db::schema::audit_log::table
        .select(meterdesk::db::schema::audit_log::action)
        .load(&mut s.app.conn())
        .unwrap();
    assert!(actions.contains(&"upload.rollback".to_string()));
    // The same file can be uploaded again without confirmation after a rollback.
    let (status, _) = api_upload(
        &s.api,
        &format!("meter_id={}", s.tokens),
        "b.csv",
        b"timestamp,event_name,payload_customer_id,payload_tokens\n2024-09-23T10:30:00Z,llm.tokens,cus_a,60\n2024-09-23T11:00:00Z,llm.tokens,cus_a,5\n2024-09-23T10:10:00Z,llm.tokens,cus_b,9\n",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
}

#[actix_web::test]
async fn an_upload_that_fails_mid_way_leaves_nothing_behind_and_says_failed() {
    let s = setup().await;
    api_upload(
        &s.api,
        &format!("meter_id={}", s.tokens),
        "ok.csv",
        b"timestamp,event_name,payload_customer_id,payload_tokens\n2024-09-23,llm.tokens,cus_a,3\n",
    )
    .await;
    let before_events = stored(&s.app);
    let before_sum = rollup_sum(&s.app, &s.tokens);
    // Make the database refuse a statement part-way: inserting an event for 'boom' fails.
    diesel::connection::SimpleConnection::batch_execute(
        &mut s.app.conn(),
        "CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'refused for the test'; END $$;
         CREATE TRIGGER refuse_boom BEFORE INSERT ON events FOR EACH ROW WHEN (NEW.customer_id = 'boom')
         EXECUTE FUNCTION refuse_boom();",
    )
    .unwrap();
    let file = "timestamp,event_name,payload_customer_id,payload_tokens\n2024-09-23,llm.tokens,cus_a,10\n2024-09-23,llm.tokens,boom,20\n2024-09-23,llm.tokens,cus_b,30\n";
    let (status, body) = api_upload(
        &s.api,
        &format!("meter_id={}", s.tokens),
        "mid.csv",
        file.as_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["status"], "failed");
    assert!(
        body["failure"]
            .as_str()
            .unwrap()
            .contains("nothing from this file was stored")
    );
    assert_eq!(stored(&s.app), before_events);
    assert_eq!(rollup_sum(&s.app, &s.tokens), before_sum);
    let rejects: i64 = meterdesk::db::schema::upload_rejects::table
        .count()
        .get_result(&mut s.app.conn())
        .unwrap();
    assert_eq!(rejects, 0);
}
