//! CloudEvents at POST /api/v1/events: structured, batch and binary mode into the one ingest
//! pipeline (204, or 400 naming each refused event while the others are stored), the native
//! body on the same path, 415 for other types.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use meterdesk::db::schema::events;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::app::{Api, TestApp};
use crate::support::fixtures::{customer, sum_meter};

const ONE: &str = "application/cloudevents+json";
const BATCH: &str = "application/cloudevents-batch+json";

fn ce(id: &str, subject: &str, data: Value) -> Value {
    json!({"specversion": "1.0", "id": id, "source": "/billing", "type": "llm.tokens", "subject": subject,
           "time": (Utc::now() - Duration::minutes(3)).to_rfc3339(), "data": data})
}

async fn post(api: &Api, content_type: &str, body: &Value) -> (StatusCode, String) {
    let res = api
        .client
        .post(api.url("/api/v1/events"))
        .bearer_auth(&api.key)
        .header("content-type", content_type)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

type Stored = (String, String, String, DateTime<Utc>, Value, String);

fn stored(app: &TestApp) -> Vec<Stored> {
    events::table
        .select((
            events::event_id,
            events::customer_id,
            events::event_name,
            events::ts,
            events::metadata,
            events::source,
        ))
        .order(events::event_id)
        .load(&mut app.conn())
        .unwrap()
}

#[actix_web::test]
async fn cloudevents_map_onto_events_and_bad_ones_are_named_alone() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "cus_a").await;
    sum_meter(&api, "llm.tokens", "tokens").await;

    let one = ce("e1", "cus_a", json!({"tokens": 12, "model": "gpt"}));
    let (status, body) = post(&api, &format!("{ONE}; charset=utf-8"), &one).await;
    assert_eq!((status, body.as_str()), (StatusCode::NO_CONTENT, ""));
    let rows = stored(&app);
    assert_eq!(rows.len(), 1);
    let (id, customer_id, name, ts, metadata, source) = &rows[0];
    assert_eq!(
        (id.as_str(), customer_id.as_str(), name.as_str(), source.as_str()),
        ("e1", "cus_a", "llm.tokens", "cloudevents")
    );
    assert_eq!(
        ts.timestamp(),
        DateTime::parse_from_rfc3339(one["time"].as_str().unwrap())
            .unwrap()
            .timestamp()
    );
    assert_eq!(metadata, &json!({"tokens": 12, "model": "gpt"}));
    // A resend is a duplicate: still 204, stored once.
    assert_eq!(post(&api, ONE, &one).await.0, StatusCode::NO_CONTENT);

    // A batch: the good ones are stored, each bad one is named by index and id.
    let mut no_subject = ce("e-nosub", "cus_a", json!({}));
    no_subject.as_object_mut().unwrap().remove("subject");
    let mut old_spec = ce("e-v03", "cus_a", json!({"tokens": 1}));
    old_spec["specversion"] = json!("0.3");
    let batch = json!([
        ce("e2", "cus_a", json!({"tokens": 5})),
        ce("e-unknown", "cus_nobody", json!({"tokens": 5})),
        no_subject,
        ce("e-nested", "cus_a", json!({"deep": {"x": 1}})),
        old_spec,
        ce("e3", "cus_a", json!({"tokens": 7})),
        ce("e1", "cus_a", json!({"tokens": 12})),
        "not an object",
    ]);
    let (status, body) = post(&api, BATCH, &batch).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["error"]["code"], "events_rejected");
    assert_eq!(
        (
            body["error"]["ingested"].as_i64(),
            body["error"]["duplicates"].as_i64()
        ),
        (Some(2), Some(1))
    );
    let rejected: Vec<(i64, Value, String)> = body["error"]["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["index"].as_i64().unwrap(),
                r["event_id"].clone(),
                r["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        rejected,
        vec![
            (1, json!("e-unknown"), "unknown_customer".to_string()),
            (2, json!("e-nosub"), "invalid_event".to_string()),
            (3, json!("e-nested"), "invalid_metadata".to_string()),
            (4, json!("e-v03"), "invalid_event".to_string()),
            (7, json!(null), "invalid_event".to_string()),
        ]
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("5 of 8 events were refused")
    );
    let ids: Vec<String> = stored(&app).into_iter().map(|r| r.0).collect();
    assert_eq!(ids, vec!["e1", "e2", "e3"]);

    // Binary mode: the attributes in ce-* headers, the body is data.
    let res = api
        .client
        .post(api.url("/api/v1/events"))
        .bearer_auth(&api.key)
        .header("content-type", "application/json")
        .header("ce-specversion", "1.0")
        .header("ce-id", "e4")
        .header("ce-source", "/billing")
        .header("ce-type", "llm.tokens")
        .header("ce-subject", "cus_a")
        .body(json!({"tokens": 3}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(
        stored(&app)
            .iter()
            .any(|r| r.0 == "e4" && r.4 == json!({"tokens": 3}))
    );
}

#[actix_web::test]
async fn the_same_path_takes_the_native_body_and_refuses_other_types() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "cus_a").await;
    let native = json!({"events": [{"event_id": "n1", "customer_id": "cus_a", "event_name": "api.call"}]});
    let (status, body) = post(&api, "application/json", &native).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    let (_, same) = api.post("/api/v1/events/ingest", &native).await;
    assert_eq!(body["ingested"], 1);
    assert_eq!(same["duplicates"], 1, "the same pipeline: the id is taken");
    assert_eq!(stored(&app)[0].5, "api", "the native body is the native API's");

    for (content_type, raw, want) in [
        ("text/plain", "[]".to_string(), StatusCode::UNSUPPORTED_MEDIA_TYPE),
        (ONE, "{not json".to_string(), StatusCode::BAD_REQUEST),
        (BATCH, "{}".to_string(), StatusCode::BAD_REQUEST),
        (BATCH, "[]".to_string(), StatusCode::UNPROCESSABLE_ENTITY),
        (
            BATCH,
            Value::Array(vec![ce("x", "cus_a", json!({})); 1001]).to_string(),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
    ] {
        let res = api
            .client
            .post(api.url("/api/v1/events"))
            .bearer_auth(&api.key)
            .header("content-type", content_type)
            .body(raw)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), want, "{content_type}");
        let body: Value = res.json().await.unwrap();
        assert!(body["error"]["message"].is_string(), "{content_type}: {body}");
    }
    let res = app
        .client()
        .post(api.url("/api/v1/events"))
        .header("content-type", ONE)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(stored(&app).len(), 1, "nothing else was stored");
}
