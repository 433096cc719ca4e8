//! CSV uploads over the API, through the one ingest pipeline: the file forms read, rejected rows
//! and their error file, files refused whole, the same-file guard, identifiers and big files.

use diesel::prelude::*;
use meterdesk::db::schema::{events, uploads};
use reqwest::StatusCode;
use serde_json::json;

use crate::support::fixtures::meter;
use crate::uploads_support::{GOOD, api_upload, rollup_sum, setup, stored};

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
    assert!(
        lines[3].contains("No customer has the id \"\"nobody\"\" (column payload_customer_id)")
            && lines[3].contains("Customers → New customer")
            && !lines[3].contains("POST /api"),
        "in the portal's words: {}",
        lines[3]
    );
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
async fn a_file_of_several_chunks_counts_every_row_once_in_dry_run_and_for_real() {
    let s = setup().await;
    // 12,000 rows (several chunks); the last 1,000 repeat identifiers of the first 1,000.
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
    // Once rolled up, the day grains and activity counters agree.
    #[derive(diesel::QueryableByName)]
    struct Totals {
        #[diesel(sql_type = diesel::sql_types::Text)]
        daily: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        meter_days: String,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        meter_day_events: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        activity_days: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        customer_activity: i64,
    }
    let t: Totals = diesel::sql_query(
        "SELECT (SELECT sum(value_sum) FROM rollups_daily WHERE meter_id = $1)::text AS daily,
                (SELECT sum(value_sum) FROM meter_days WHERE meter_id = $1)::text AS meter_days,
                (SELECT sum(event_count) FROM meter_days WHERE meter_id = $1)::int8 AS meter_day_events,
                (SELECT sum(events) FROM activity_days)::int8 AS activity_days,
                (SELECT sum(events) FROM customer_activity)::int8 AS customer_activity",
    )
    .bind::<diesel::sql_types::Text, _>(&s.tokens)
    .get_result(&mut s.app.rolled_conn())
    .unwrap();
    assert_eq!(t.daily, expected.to_string());
    assert_eq!(t.meter_days, expected.to_string());
    assert_eq!(
        (t.meter_day_events, t.activity_days, t.customer_activity),
        (11_000, 11_000, 11_000)
    );
}
