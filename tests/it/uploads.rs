//! CSV uploads (portal and API) and manual entry, through the one ingest pipeline.

use diesel::prelude::*;
use meterdesk::auth::model::Role;
use meterdesk::db::schema::{events, rollups, uploads};
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::support::app::{Api, Session, TestApp};
use crate::support::fixtures::{count_meter, customer, meter, product, subscription, sum_meter};

async fn api_upload(api: &Api, query: &str, name: &str, body: &[u8]) -> (StatusCode, Value) {
    let form = Form::new().part("file", Part::bytes(body.to_vec()).file_name(name.to_string()));
    let res = api
        .client
        .post(api.url(&format!("/api/v1/uploads?{query}")))
        .bearer_auth(&api.key)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn portal_upload(s: &Session, fields: &[(&str, &str)], name: &str, body: &[u8]) -> reqwest::Response {
    let mut form = Form::new().part("file", Part::bytes(body.to_vec()).file_name(name.to_string()));
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    s.client
        .post(s.url(&format!("/uploads?csrf_token={}", s.csrf)))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

fn stored(app: &TestApp) -> i64 {
    events::table.count().get_result(&mut app.conn()).unwrap()
}

fn rollup_sum(app: &TestApp, meter: &str) -> String {
    let s: Option<rust_decimal::Decimal> = rollups::table
        .filter(rollups::meter_id.eq(meter))
        .select(diesel::dsl::sum(rollups::value_sum))
        .first(&mut app.conn())
        .unwrap();
    s.map(|d| d.normalize().to_string()).unwrap_or_else(|| "0".into())
}

struct Setup {
    app: TestApp,
    api: Api,
    tokens: String,
}

async fn setup() -> Setup {
    let app = TestApp::spawn().await;
    let api = app.api();
    for c in ["cus_a", "cus_b", "boom"] {
        customer(&api, c).await;
    }
    let tokens = sum_meter(&api, "llm.tokens", "tokens").await;
    Setup { app, api, tokens }
}

const GOOD: &str = "timestamp,event_name,payload_customer_id,payload_tokens\n\
2024-09-23,llm.tokens,cus_a,100\n\
2024-09-23T16:22:25+0530,llm.tokens,cus_a,200\n\
2024-09-23T16:22:25Z,llm.tokens,cus_b,300\n\
2024-09-23 16:22:25,llm.tokens,cus_b,400\n\
1727108545,llm.tokens,cus_a,5\n";

#[actix_web::test]
async fn stripes_template_loads_with_every_timestamp_form() {
    let s = setup().await;
    let (status, body) = api_upload(
        &s.api,
        &format!("meter_id={}", s.tokens),
        "usage.csv",
        GOOD.as_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["status"], "succeeded");
    assert_eq!(
        body["rows"],
        json!({"total": 5, "accepted": 5, "duplicates": 0, "rejected": 0})
    );
    assert_eq!(rollup_sum(&s.app, &s.tokens), "1005");
    // Lineage: upload and row.
    let (upload_id, row): (Option<i64>, Option<i32>) = events::table
        .filter(events::customer_id.eq("cus_b"))
        .order(events::upload_row.asc())
        .select((events::upload_id, events::upload_row))
        .first(&mut s.app.conn())
        .unwrap();
    assert_eq!(upload_id, body["id"].as_i64());
    assert_eq!(row, Some(4));
}

#[actix_web::test]
async fn stripe_alias_bom_crlf_quotes_blank_lines_and_extra_payload_columns() {
    let s = setup().await;
    let eu = meter(
        &s.api,
        json!({"name": "EU tokens", "event_name": "llm.tokens", "aggregation": {"type": "sum", "key": "tokens"}, "measurement_unit": "tokens",
               "filter": {"conjunction": "and", "clauses": [{"key": "region", "operator": "equals", "value": "eu, west"}]}}),
    )
    .await;
    let file = "\u{feff}timestamp,event_name,payload_stripe_customer_id,payload_tokens,payload_region\r\n\
\r\n\
2024-09-23,llm.tokens,cus_a,10,\"eu, west\"\r\n\
\r\n\
2024-09-24,\"llm.tokens\",cus_a,\"20\",us\r\n";
    let (status, body) = api_upload(&s.api, &format!("meter_id={eu}"), "stripe.csv", file.as_bytes()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["rows"]["accepted"], 2);
    assert_eq!(
        rollup_sum(&s.app, &eu),
        "10",
        "the filter reads the extra payload column"
    );
    assert_eq!(rollup_sum(&s.app, &s.tokens), "30");
}

#[actix_web::test]
async fn bad_rows_go_to_the_error_file_with_their_reason() {
    let s = setup().await;
    let file = "timestamp,event_name,payload_customer_id,payload_tokens\n\
2024-09-23,llm.tokens,cus_a,100\n\
2024-13-01,llm.tokens,cus_a,1\n\
2024-02-30,llm.tokens,cus_a,1\n\
2024-09-23,llm.tokens,nobody,1\n\
2024-09-23,LLM.tokens,cus_a,1\n\
2024-09-23,llm.tokens,cus_a,abc\n\
2024-09-23,llm.tokens,cus_a,\n\
2024-09-23,llm.tokens,cus_a,=HYPERLINK(\"x\")\n\
2024-09-23,llm.tokens,cus_a,-5\n";
    let (status, body) = api_upload(
        &s.api,
        &format!("meter_id={}", s.tokens),
        "bad.csv",
        file.as_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["status"], "partially_failed");
    assert_eq!(body["rows"]["accepted"], 2);
    assert_eq!(body["rows"]["rejected"], 7);
    let res = s
        .api
        .client
        .get(s.api.url(body["errors_url"].as_str().unwrap()))
        .bearer_auth(&s.api.key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = res.text().await.unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "timestamp,event_name,payload_customer_id,payload_tokens,error"
    );
    assert_eq!(lines.len(), 8);
    assert!(
        lines[1].starts_with("2024-13-01,")
            && lines[1].contains("row 3:")
            && lines[1].contains("not a real date"),
        "{}",
        lines[1]
    );
    assert!(lines[2].contains("2024-02-30") && lines[2].contains("not a real date"));
    assert!(lines[3].contains("nobody") && lines[3].contains("not a known customer"));
    assert!(
        lines[4].contains("did you mean \"\"llm.tokens\"\"?"),
        "{}",
        lines[4]
    );
    assert!(
        lines[5].contains("\"\"abc\"\", not a number") || lines[5].contains("not a number"),
        "{}",
        lines[5]
    );
    assert!(lines[6].contains("missing"));
    assert!(
        lines[7].contains("'=HYPERLINK"),
        "formula injection is made inert: {}",
        lines[7]
    );
}

#[actix_web::test]
async fn a_wrong_header_refuses_the_whole_file_naming_the_expected_one() {
    let s = setup().await;
    let file = "timestamp,event_name,payload_customer_id\n2024-09-23,llm.tokens,cus_a\n";
    let (status, body) = api_upload(
        &s.api,
        &format!("meter_id={}", s.tokens),
        "h.csv",
        file.as_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let msg = body["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("payload_tokens")
            && msg.contains("timestamp,event_name,payload_customer_id,payload_tokens"),
        "{msg}"
    );
    assert_eq!(
        uploads::table
            .count()
            .get_result::<i64>(&mut s.app.conn())
            .unwrap(),
        0
    );
    assert_eq!(stored(&s.app), 0);
}

#[actix_web::test]
async fn a_file_over_5_mb_is_refused_before_it_is_stored() {
    let s = setup().await;
    let header = b"timestamp,event_name,payload_customer_id,payload_tokens\n".to_vec();
    let mut big = header.clone();
    while big.len() < 5 * 1024 * 1024 {
        big.extend_from_slice(b"2024-09-23,llm.tokens,cus_a,1\n");
    }
    big.truncate(5 * 1024 * 1024);
    big.push(b'\n');
    assert_eq!(big.len(), 5 * 1024 * 1024 + 1);
    let (status, body) = api_upload(&s.api, &format!("meter_id={}", s.tokens), "big.csv", &big).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("5 MB"));
    assert_eq!(
        uploads::table
            .count()
            .get_result::<i64>(&mut s.app.conn())
            .unwrap(),
        0
    );
    // Exactly 5 MB is fine.
    big.truncate(5 * 1024 * 1024);
    while big.last() != Some(&b'\n') {
        big.pop();
    }
    let (status, _) = api_upload(&s.api, &format!("meter_id={}", s.tokens), "max.csv", &big).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[actix_web::test]
async fn an_upload_whose_rows_are_all_bad_is_failed() {
    let s = setup().await;
    let file = "timestamp,event_name,payload_customer_id,payload_tokens\n2024-09-23,llm.tokens,ghost,1\nnope,llm.tokens,cus_a,1\n";
    let (_, body) = api_upload(
        &s.api,
        &format!("meter_id={}", s.tokens),
        "all-bad.csv",
        file.as_bytes(),
    )
    .await;
    assert_eq!(body["status"], "failed");
    assert_eq!(body["rows"]["rejected"], 2);
    assert_eq!(stored(&s.app), 0);
}

#[actix_web::test]
async fn the_same_file_needs_a_confirmation_and_dry_runs_never_trip_the_guard() {
    let s = setup().await;
    let q = format!("meter_id={}", s.tokens);
    let (status, dry) = api_upload(&s.api, &format!("{q}&dry_run=true"), "u.csv", GOOD.as_bytes()).await;
    assert_eq!(status, StatusCode::OK, "{dry}");
    assert_eq!(dry["status"], "dry_run");
    assert_eq!(dry["rows"]["accepted"], 5);
    assert_eq!(dry["gains"].as_array().unwrap().len(), 2);
    assert_eq!(stored(&s.app), 0, "a dry run stores nothing");
    assert_eq!(
        uploads::table
            .count()
            .get_result::<i64>(&mut s.app.conn())
            .unwrap(),
        0
    );
    let (status, first) = api_upload(&s.api, &q, "u.csv", GOOD.as_bytes()).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, again) = api_upload(&s.api, &q, "u.csv", GOOD.as_bytes()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert_eq!(again["error"]["earlier_upload_id"], first["id"]);
    let (_, dry2) = api_upload(&s.api, &format!("{q}&dry_run=true"), "u.csv", GOOD.as_bytes()).await;
    assert_eq!(dry2["status"], "dry_run", "dry runs skip the guard");
    let (status, confirmed) = api_upload(
        &s.api,
        &format!("{q}&confirm_duplicate=true"),
        "u.csv",
        GOOD.as_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        confirmed["rows"]["accepted"], 5,
        "derived ids: counted again, as confirmed"
    );
    assert_eq!(stored(&s.app), 10);
}

#[actix_web::test]
async fn an_identifier_column_makes_re_uploads_idempotent() {
    let s = setup().await;
    let q = format!("meter_id={}&confirm_duplicate=true", s.tokens);
    let file = "identifier,timestamp,event_name,payload_customer_id,payload_tokens\nid-1,2024-09-23,llm.tokens,cus_a,7\nid-2,2024-09-23,llm.tokens,cus_a,8\n";
    api_upload(&s.api, &q, "ids.csv", file.as_bytes()).await;
    let (_, again) = api_upload(&s.api, &q, "ids.csv", file.as_bytes()).await;
    assert_eq!(
        again["rows"],
        json!({"total": 2, "accepted": 0, "duplicates": 2, "rejected": 0})
    );
    assert_eq!(again["status"], "succeeded");
    assert_eq!(rollup_sum(&s.app, &s.tokens), "15");
}

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
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("upload-error") && page.contains("Expected header"),
        "{page}"
    );
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
    assert!(page.contains("not a known customer"), "{page}");
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
    assert!(page.contains("Recorded 3 event(s)."));
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

#[actix_web::test]
async fn a_file_of_several_chunks_counts_every_row_once_in_dry_run_and_for_real() {
    let s = setup().await;
    // 12,000 rows (three chunks of 5,000); the last 1,000 repeat identifiers of the first 1,000.
    let mut file = String::from("identifier,timestamp,event_name,payload_customer_id,payload_tokens\n");
    let mut expected = 0u64;
    for i in 0..12_000u64 {
        let id = if i >= 11_000 { i - 11_000 } else { i };
        let tokens = i % 7 + 1;
        if i < 11_000 {
            expected += tokens;
        }
        file.push_str(&format!(
            "id-{id},2024-09-{:02}T10:00:00Z,llm.tokens,{},{tokens}\n",
            i % 28 + 1,
            if i % 2 == 0 { "cus_a" } else { "cus_b" }
        ));
    }
    let q = format!("meter_id={}", s.tokens);
    let (status, dry) = api_upload(&s.api, &format!("{q}&dry_run=true"), "big.csv", file.as_bytes()).await;
    assert_eq!(status, StatusCode::OK, "{dry}");
    assert_eq!(
        dry["rows"],
        json!({"total": 12000, "accepted": 11000, "duplicates": 1000, "rejected": 0})
    );
    let would: u64 = dry["gains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["quantity"].as_str().unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(
        would, expected,
        "the dry run's gains add up to the file's first 11,000 rows"
    );
    let (status, real) = api_upload(&s.api, &q, "big.csv", file.as_bytes()).await;
    assert_eq!(status, StatusCode::CREATED, "{real}");
    assert_eq!(
        real["rows"],
        json!({"total": 12000, "accepted": 11000, "duplicates": 1000, "rejected": 0})
    );
    assert_eq!(rollup_sum(&s.app, &s.tokens), expected.to_string());
    assert_eq!(stored(&s.app), 11_000);
}
