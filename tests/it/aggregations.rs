//! The aggregations min, avg and unique_count over the API: definitions and their JSON,
//! refusals at ingest, a cycle that starts mid-hour priced through the usage API, an upload
//! rollback that leaves exactly what a rebuild from the events gives, and charts that count a
//! unique count over each whole bucket.

use chrono::{DateTime, TimeZone, Utc};
use diesel::prelude::*;
use diesel::sql_types::Text;
use meterdesk::auth::model::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::app::{Api, TestApp};
use crate::support::backfill::{raw, store};
use crate::support::db::dense_hours;
use crate::support::fixtures::{customer, ingest, meter, product, subscription};
use crate::uploads_support::api_upload;

fn visit_meter(name: &str, agg: &str, key: &str) -> Value {
    json!({"name": name, "event_name": "visit", "aggregation": {"type": agg, "key": key}, "measurement_unit": "u"})
}

#[actix_web::test]
async fn the_api_defines_and_shows_the_new_aggregations_and_refuses_them_without_a_key() {
    let app = TestApp::spawn().await;
    let api = app.api();
    for (agg, key, words) in [
        ("unique_count", "user_id", "number of distinct values of user_id"),
        ("min", "ms", "minimum of ms"),
        ("avg", "ms", "average of ms"),
    ] {
        let (status, m) = api.post("/api/v1/meters", &visit_meter(agg, agg, key)).await;
        assert_eq!(status, StatusCode::CREATED, "{m}");
        assert_eq!(m["aggregation"], json!({"type": agg, "key": key}));
        let (_, again) = api
            .get(&format!("/api/v1/meters/{}", m["id"].as_str().unwrap()))
            .await;
        assert_eq!(again["aggregation"], json!({"type": agg, "key": key}));
        let s = app.session(Role::Viewer).await;
        let (_, page) = s
            .get_text(&format!("/meters/{}", m["id"].as_str().unwrap()))
            .await;
        assert!(page.contains(words), "{words}: {page}");
        let (status, err) = api
            .post(
                "/api/v1/meters",
                &json!({"name": "x", "event_name": "visit", "aggregation": {"type": agg}, "measurement_unit": "u"}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(err["error"]["field"], "aggregation.key", "{err}");
        assert!(
            err["error"]["message"]
                .as_str()
                .unwrap()
                .contains(&format!("{agg} needs a key")),
            "{err}"
        );
    }
}

#[actix_web::test]
async fn ingest_refuses_what_min_avg_and_unique_count_cannot_read_and_keeps_the_rest() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    meter(&api, json!({"name": "fastest", "event_name": "req", "aggregation": {"type": "min", "key": "ms"}, "measurement_unit": "ms"})).await;
    meter(&api, json!({"name": "mean", "event_name": "job", "aggregation": {"type": "avg", "key": "ms"}, "measurement_unit": "ms"})).await;
    meter(&api, json!({"name": "users", "event_name": "seen", "aggregation": {"type": "unique_count", "key": "user"}, "measurement_unit": "users"})).await;
    let ev = |id: &str, name: &str, md: Value| json!({"event_id": id, "customer_id": "c1", "event_name": name, "metadata": md});
    let body = ingest(
        &api,
        vec![
            ev("r1", "req", json!({"ms": "12.5"})),
            ev("r2", "req", json!({})),
            ev("r3", "req", json!({"ms": "fast"})),
            ev("j1", "job", json!({"ms": 7})),
            ev("j2", "job", json!({"ms": true})),
            ev("j3", "job", json!({"other": 1})),
            ev("s1", "seen", json!({"user": "anna"})),
            ev("s2", "seen", json!({"user": 42})),
            ev("s3", "seen", json!({"user": false})),
            ev("s4", "seen", json!({"name": "anna"})),
        ],
    )
    .await;
    assert_eq!(body["ingested"], 5, "{body}");
    let rejected: Vec<(String, String, String)> = body["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["event_id"].as_str().unwrap().to_string(),
                r["code"].as_str().unwrap().to_string(),
                r["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let codes: Vec<(&str, &str)> = rejected
        .iter()
        .map(|(i, c, _)| (i.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("r2", "missing_property"),
            ("r3", "non_numeric_property"),
            ("j2", "non_numeric_property"),
            ("j3", "missing_property"),
            ("s4", "missing_property"),
        ]
    );
    assert!(
        rejected[1]
            .2
            .contains(r#"takes the min of metadata.ms: property "ms" is "fast", not a number"#),
        "{rejected:?}"
    );
    assert!(
        rejected[4]
            .2
            .contains(r#"takes the unique_count of metadata.user: property "user" is missing"#),
        "{rejected:?}"
    );
}

/// (consumed of each line) of a subscription's cycle containing `at`, in line order.
async fn consumed(api: &Api, sub: &str, at: &str) -> Vec<String> {
    let (status, usage) = api
        .get(&format!("/api/v1/subscriptions/{sub}/usage?at={at}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{usage}");
    usage["meters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["consumed"].as_str().unwrap().to_string())
        .collect()
}

#[derive(QueryableByName, Debug, PartialEq)]
struct Digest {
    #[diesel(sql_type = Text)]
    rows: String,
}

/// Every stored row of a meter, table by table, numbers without trailing zeros.
fn stored_rows(conn: &mut PgConnection, meter_id: &str) -> Vec<String> {
    let numbers = "event_count, trim_scale(value_sum), trim_scale(value_max), trim_scale(value_min), \
                   trim_scale(last_value), last_ts, last_seq, latest_ts";
    [
        // A customer's hours of its dense days: a sparse day keeps none, or stale ones.
        format!("SELECT customer_id, hour, {numbers} FROM rollups x WHERE meter_id = $1{}", dense_hours()),
        format!("SELECT customer_id, day, {numbers} FROM rollups_daily WHERE meter_id = $1"),
        format!("SELECT day, stripe, {numbers} FROM meter_days WHERE meter_id = $1"),
        format!("SELECT customer_id, anchor, months, period_start, {numbers} FROM cycle_rollups WHERE meter_id = $1"),
        "SELECT customer_id, hour, value FROM rollup_values WHERE meter_id = $1".into(),
        "SELECT customer_id, day, value FROM rollup_values_daily WHERE meter_id = $1".into(),
        "SELECT day, value FROM meter_day_values WHERE meter_id = $1".into(),
        "SELECT customer_id, anchor, months, period_start, value FROM cycle_values WHERE meter_id = $1".into(),
    ]
    .into_iter()
    .map(|q| {
        diesel::sql_query(format!(
            "SELECT COALESCE(string_agg(r::text, ';' ORDER BY r::text), '') AS rows FROM ({q}) r"
        ))
        .bind::<Text, _>(meter_id)
        .get_result::<Digest>(conn)
        .unwrap()
        .rows
    })
    .collect()
}

const HEADER: &str = "timestamp,event_name,payload_customer_id,payload_user,payload_ms\n";

#[actix_web::test]
async fn a_cycle_starting_mid_hour_is_exact_and_an_upload_rollback_leaves_what_a_rebuild_gives() {
    let app = TestApp::spawn().await;
    let api = app.api();
    for c in ["cus_a", "cus_b"] {
        customer(&api, c).await;
    }
    let users = meter(&api, visit_meter("users", "unique_count", "user")).await;
    let fastest = meter(&api, visit_meter("fastest", "min", "ms")).await;
    let mean = meter(&api, visit_meter("mean", "avg", "ms")).await;
    let prod = product(
        &api,
        "USD",
        &[(&users, "1", "0"), (&fastest, "1", "0"), (&mean, "1", "0")],
    )
    .await;
    // Cycles from 10:37:12 on the 1st: the hour before and the month after are outside.
    let sub = subscription(&api, "cus_a", &prod, "2024-09-01T10:37:12Z").await;
    let kept = format!(
        "{HEADER}2024-09-01T10:30:00Z,visit,cus_a,u1,1\n\
         2024-09-01T10:40:00Z,visit,cus_a,u2,50\n\
         2024-09-23T10:05:00Z,visit,cus_a,7,30\n\
         2024-09-30T23:59:00Z,visit,cus_a,u2,10\n\
         2024-10-01T10:40:00Z,visit,cus_a,u9,2\n\
         2024-09-23T10:05:00Z,visit,cus_b,u5,3\n"
    );
    let (status, up) = api_upload(&api, &format!("meter_id={users}"), "kept.csv", kept.as_bytes()).await;
    assert_eq!(status, StatusCode::CREATED, "{up}");
    let at = "2024-09-15T00:00:00Z";
    // u2 and 7; the smallest of 50, 30, 10; their mean.
    let before = consumed(&api, &sub, at).await;
    assert_eq!(before, ["2", "10", "30"]);
    drop(app.rolled_conn());
    assert_eq!(consumed(&api, &sub, at).await, before, "rolled up, the same");

    // "7.0" is the value 7 again; u3 is new; 5 is the new minimum.
    let later = format!(
        "{HEADER}2024-09-01T10:50:00Z,visit,cus_a,7.0,5\n\
         2024-09-23T10:30:00Z,visit,cus_a,u3,100\n\
         2024-09-01T10:20:00Z,visit,cus_a,u4,0.5\n\
         2024-09-23T10:20:00Z,visit,cus_b,u6,4\n"
    );
    let (_, upload) = api_upload(&api, &format!("meter_id={users}"), "later.csv", later.as_bytes()).await;
    assert_eq!(upload["rows"]["accepted"], 4, "{upload}");
    assert_eq!(consumed(&api, &sub, at).await, ["3", "5", "39"]);
    drop(app.rolled_conn());
    assert_eq!(consumed(&api, &sub, at).await, ["3", "5", "39"]);

    let editor = app.session(Role::Editor).await;
    let id = upload["id"].as_i64().unwrap();
    let res = editor.post(&format!("/uploads/{id}/rollback"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(consumed(&api, &sub, at).await, before);
    // The recount after the rollback left every row as a rebuild from the events makes it.
    let mut conn = app.rolled_conn();
    for m in [&users, &fastest, &mean] {
        let recounted = stored_rows(&mut conn, m);
        let meter = meterdesk::meters::service::get(&mut conn, m).unwrap();
        conn.transaction(|c| meterdesk::meters::rollups::repo::rebuild(c, &meter))
            .unwrap();
        assert_eq!(stored_rows(&mut conn, m), recounted, "meter {}", meter.row.name);
    }
    let values: Vec<String> = stored_rows(&mut conn, &users)[4..].to_vec();
    assert!(values.iter().all(|v| !v.is_empty()), "{values:?}");
    assert!(!values.concat().contains("u3"), "the rolled back value is gone");
}

fn day(d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, d, 12, 0, 0).single().unwrap()
}

/// The marks of a chart: (bucket, value).
fn marks(page: &str) -> Vec<(String, String)> {
    page.match_indices("class=\"mark\"")
        .map(|(i, _)| {
            let rest = &page[i..];
            let attr = |name: &str| {
                let start = rest.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                rest[start..start + rest[start..].find('"').unwrap()].to_string()
            };
            (attr("data-bucket"), attr("data-value"))
        })
        .collect()
}

#[actix_web::test]
async fn charts_count_distinct_values_over_each_whole_bucket() {
    let app = TestApp::spawn().await;
    let api = app.api();
    for c in ["a", "b"] {
        customer(&api, c).await;
    }
    let users = meter(&api, json!({"name": "Active users", "event_name": "seen", "aggregation": {"type": "unique_count", "key": "user"}, "measurement_unit": "users"})).await;
    // Fri 10, Sat 11 and Sun 12 May (one ISO week): anna+bob, bob+cy, anna+1 (1 = 1.0 = "1").
    let seen = |id: &str, c: &str, d: u32, user: Value| raw(id, c, "seen", day(d), &json!({ "user": user }));
    store(
        &app,
        [
            seen("1", "a", 10, json!("anna")),
            seen("2", "b", 10, json!("bob")),
            seen("3", "a", 11, json!("bob")),
            seen("4", "a", 11, json!("cy")),
        ],
    );
    drop(app.rolled_conn());
    store(
        &app,
        [
            seen("5", "b", 12, json!("anna")),
            seen("6", "a", 12, json!(1)),
            seen("7", "b", 12, json!("1.0")),
            seen("8", "a", 12, json!("1")),
        ],
    );
    let s = app.session(Role::Viewer).await;
    let chart = async |granularity: &str| {
        let (status, page) = s
            .get_text(&format!(
                "/analytics?range=custom&from=2024-05-01&to=2024-06-01&granularity={granularity}&meter={users}"
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        marks(&page)
    };
    let by_day = chart("day").await;
    assert_eq!(by_day.len(), 31);
    let nonzero: Vec<(String, String)> = by_day.into_iter().filter(|(_, v)| v != "0").collect();
    assert_eq!(
        nonzero,
        [
            ("2024-05-10".to_string(), "2".to_string()),
            ("2024-05-11".to_string(), "2".to_string()),
            ("2024-05-12".to_string(), "2".to_string()),
        ]
    );
    // A month (and the week) is anna, bob, cy and 1: four, not the six of its days.
    assert_eq!(
        chart("month").await,
        [("2024-05-01".to_string(), "4".to_string())]
    );
    let weeks: Vec<(String, String)> = chart("week")
        .await
        .into_iter()
        .filter(|(_, v)| v != "0")
        .collect();
    assert_eq!(weeks, [("2024-05-06".to_string(), "4".to_string())]);
    // The figures: none this month, four ever.
    let (_, page) = s.get_text("/analytics").await;
    assert!(page.contains("0 users</td><td class=\"num\">4 users"), "{page}");
}
