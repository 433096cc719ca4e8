//! Stripe's meter events through the one ingest pipeline: v1 and the v2 stream, a repeated
//! identifier counted once, a cancel adjustment that voids, event summaries equal to the usage
//! API, meter event sessions that expire, and refused stream events named in a 400.

use chrono::{Duration, Utc};
use diesel::prelude::*;
use meterdesk::db::schema::{audit_log, events, meter_event_sessions};
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::stripe_support::{Stripe, assert_error, enc, hour_ago};
use crate::support::app::TestApp;
use crate::support::fixtures::{product, subscription};

fn dec(v: &Value) -> Decimal {
    v.to_string().trim_matches('"').parse().unwrap()
}

/// A customer and a sum meter made through the surface.
async fn setup(s: &Stripe) -> (String, String) {
    let (_, _, c) = s.post("/v1/customers", "email=k%40x.test&name=K").await;
    let (_, _, m) = s
        .post(
            "/v1/billing/meters",
            "display_name=Tokens&event_name=tok&default_aggregation[formula]=sum",
        )
        .await;
    (
        c["id"].as_str().unwrap().to_string(),
        m["id"].as_str().unwrap().to_string(),
    )
}

#[actix_web::test]
async fn meter_events_count_once_and_summaries_equal_the_usage_api() {
    let app = TestApp::spawn().await;
    let (s, api) = Stripe::new(&app);
    let (cust, meter) = setup(&s).await;
    let start = hour_ago(1);
    let prod = product(&api, "USD", &[(&meter, "0.01", "0")]).await;
    let sub = subscription(&api, &cust, &prod, &start.to_rfc3339()).await;
    let at = |min: i64| (start + Duration::minutes(min)).timestamp();
    let mut expected = Decimal::ZERO;
    for i in 0..5i64 {
        let (status, _, ev) = s
            .post(
                "/v1/billing/meter_events",
                &format!("event_name=tok&identifier=v1-{i}&timestamp={}&payload[stripe_customer_id]={cust}&payload[value]={}&payload[region]=eu", at(10 * i), i + 1),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{ev}");
        expected += Decimal::from(i + 1);
        if i == 0 {
            assert_eq!(ev["object"], "billing.meter_event");
            assert_eq!(ev["identifier"], "v1-0");
            assert_eq!(ev["timestamp"], at(0));
            assert_eq!(
                ev["payload"],
                json!({"stripe_customer_id": cust, "value": "1", "region": "eu"})
            );
        }
    }
    // Without identifier or timestamp: generated and now.
    let (_, _, anon) = s
        .post(
            "/v1/billing/meter_events",
            &format!("event_name=tok&payload[stripe_customer_id]={cust}&payload[value]=10"),
        )
        .await;
    assert!(anon["identifier"].as_str().unwrap().starts_with("mev_"));
    assert!((anon["timestamp"].as_i64().unwrap() - Utc::now().timestamp()).abs() < 60);
    expected += Decimal::from(10);
    // A repeated identifier is counted once and answered with the stored event.
    let (status, _, dup) = s
        .post(
            "/v1/billing/meter_events",
            &format!("event_name=tok&identifier=v1-2&payload[stripe_customer_id]={cust}&payload[value]=1000"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{dup}");
    assert_eq!(
        (dup["payload"]["value"].as_str(), dup["timestamp"].as_i64()),
        (Some("3"), Some(at(20)))
    );
    // v2 stream: a session token, JSON, RFC 3339 times.
    let (status, _, session) = s
        .post_json(&s.key, "/v2/billing/meter_event_session", &json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{session}");
    let token = session["authentication_token"].as_str().unwrap();
    let batch: Vec<Value> = (0..20)
        .map(|i| json!({"event_name": "tok", "identifier": format!("v2-{i}"), "timestamp": (start + Duration::minutes(i)).to_rfc3339(),
                        "payload": {"stripe_customer_id": cust, "value": "2"}}))
        .collect();
    let (status, _, body) = s
        .post_json(token, "/v2/billing/meter_event_stream", &json!({"events": batch}))
        .await;
    assert_eq!((status, body), (StatusCode::ACCEPTED, json!({})));
    expected += Decimal::from(40);
    // Cancel one: it stops counting.
    let (status, _, adj) = s
        .post(
            "/v1/billing/meter_event_adjustments",
            "event_name=tok&type=cancel&cancel[identifier]=v1-4",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{adj}");
    assert_eq!(adj["object"], "billing.meter_event_adjustment");
    assert_eq!(adj["cancel"], json!({"identifier": "v1-4"}));
    assert_eq!(adj["status"], "complete");
    expected -= Decimal::from(5);

    let (from, to) = (start.timestamp(), (hour_ago(0) + Duration::hours(1)).timestamp());
    let base =
        format!("/v1/billing/meters/{meter}/event_summaries?customer={cust}&start_time={from}&end_time={to}");
    let (status, _, whole) = s.get(&base).await;
    assert_eq!(status, StatusCode::OK, "{whole}");
    assert_eq!(
        whole["url"],
        format!("/v1/billing/meters/{meter}/event_summaries")
    );
    assert_eq!(whole["data"].as_array().unwrap().len(), 1);
    let summary = &whole["data"][0];
    assert_eq!(summary["object"], "billing.meter_event_summary");
    assert_eq!(
        (summary["start_time"].as_i64(), summary["end_time"].as_i64()),
        (Some(from), Some(to))
    );
    assert_eq!(summary["meter"], meter.as_str());
    assert!(summary["aggregated_value"].is_number());
    assert_eq!(dec(&summary["aggregated_value"]), expected);
    // The usage API says the same for the same customer and cycle.
    let (_, usage) = api.get(&format!("/api/v1/subscriptions/{sub}/usage")).await;
    assert_eq!(dec(&usage["meters"][0]["consumed"]), expected);
    // Per hour, newest first, paged one by one with starting_after and back with ending_before.
    let (_, _, h1) = s.get(&format!("{base}&value_grouping_window=hour&limit=1")).await;
    assert_eq!(
        (h1["has_more"].as_bool(), h1["data"][0]["start_time"].as_i64()),
        (Some(true), Some(to - 3600))
    );
    let after = h1["data"][0]["id"].as_str().unwrap();
    let (_, _, h2) = s
        .get(&format!(
            "{base}&value_grouping_window=hour&limit=1&starting_after={after}"
        ))
        .await;
    assert_eq!(
        (h2["has_more"].as_bool(), h2["data"][0]["start_time"].as_i64()),
        (Some(false), Some(from))
    );
    let (_, _, back) = s
        .get(&format!(
            "{base}&value_grouping_window=hour&ending_before={}",
            h2["data"][0]["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(
        (back["data"][0]["id"].as_str(), back["has_more"].as_bool()),
        (Some(after), Some(false))
    );
    let hourly = dec(&h1["data"][0]["aggregated_value"]) + dec(&h2["data"][0]["aggregated_value"]);
    assert_eq!(hourly, expected);
    let day = hour_ago(0)
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp();
    let (status, _, daily) = s
        .get(&format!("/v1/billing/meters/{meter}/event_summaries?customer={cust}&start_time={day}&end_time={}&value_grouping_window=day", day + 2 * 86_400))
        .await;
    assert_eq!(status, StatusCode::OK, "{daily}");
    assert_eq!(daily["data"].as_array().unwrap().len(), 2);

    let summaries = format!("/v1/billing/meters/{meter}/event_summaries");
    assert_error(
        &s.get(&format!("{summaries}?start_time={from}&end_time={to}"))
            .await,
        400,
        "parameter_missing",
        Some("customer"),
    );
    assert_error(
        &s.get(&format!(
            "{summaries}?customer={cust}&start_time={}&end_time={to}",
            from + 1
        ))
        .await,
        400,
        "parameter_invalid",
        Some("start_time"),
    );
    assert_error(
        &s.get(&format!(
            "{summaries}?customer={cust}&start_time={}&end_time={to}&value_grouping_window=hour",
            from + 60
        ))
        .await,
        400,
        "parameter_invalid",
        Some("start_time"),
    );
    assert_error(
        &s.get(&format!(
            "{summaries}?customer={cust}&start_time={to}&end_time={from}"
        ))
        .await,
        400,
        "parameter_invalid",
        Some("end_time"),
    );
    assert_error(
        &s.get(&format!(
            "{summaries}?customer=cus_nobody&start_time={from}&end_time={to}"
        ))
        .await,
        404,
        "resource_missing",
        Some("customer"),
    );
    assert_error(
        &s.get(&format!("{base}&value_grouping_window=week")).await,
        400,
        "parameter_invalid",
        Some("value_grouping_window"),
    );
    // Lineage names the surface and the key.
    let sources: Vec<String> = events::table
        .select(events::source)
        .distinct()
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(sources, vec!["stripe".to_string()]);
}

#[actix_web::test]
async fn custom_payload_keys_and_refused_events() {
    let app = TestApp::spawn().await;
    let (s, _) = Stripe::new(&app);
    let (_, _, c) = s.post("/v1/customers", "email=u%40x.test").await;
    let cust = c["id"].as_str().unwrap();
    s.post(
        "/v1/billing/meters",
        "display_name=T&event_name=gen&default_aggregation[formula]=sum&customer_mapping[event_payload_key]=user&value_settings[event_payload_key]=tokens",
    )
    .await;
    let (status, _, ev) = s
        .post(
            "/v1/billing/meter_events",
            &format!("event_name=gen&identifier=a&payload[user]={cust}&payload[tokens]=2.5"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{ev}");
    assert_eq!(ev["payload"], json!({"user": cust, "tokens": "2.5"}));
    // The meters of the name want "user": without it, the request names that key.
    assert_error(
        &s.post(
            "/v1/billing/meter_events",
            &format!("event_name=gen&payload[stripe_customer_id]={cust}&payload[tokens]=1"),
        )
        .await,
        400,
        "parameter_missing",
        Some("payload[user]"),
    );
    assert_error(
        &s.post(
            "/v1/billing/meter_events",
            "event_name=gen&payload[user]=cus_nobody&payload[tokens]=1",
        )
        .await,
        400,
        "unknown_customer",
        Some("payload[user]"),
    );
    let refused = s
        .post(
            "/v1/billing/meter_events",
            &format!("event_name=gen&payload[user]={cust}&payload[tokens]=lots"),
        )
        .await;
    assert_error(&refused, 400, "non_numeric_property", Some("payload"));
    assert!(
        refused.2["error"]["message"]
            .as_str()
            .unwrap()
            .contains("payload.tokens"),
        "{}",
        refused.2
    );
    let old = (Utc::now() - Duration::days(40)).timestamp();
    assert_error(
        &s.post(
            "/v1/billing/meter_events",
            &format!("event_name=gen&timestamp={old}&payload[user]={cust}&payload[tokens]=1"),
        )
        .await,
        400,
        "timestamp_too_old",
        Some("timestamp"),
    );
    assert_error(
        &s.post(
            "/v1/billing/meter_events",
            &format!("event_name=gen&timestamp=soon&payload[user]={cust}"),
        )
        .await,
        400,
        "parameter_invalid_integer",
        Some("timestamp"),
    );
    assert_error(
        &s.post(
            "/v1/billing/meter_events",
            &format!("event_name=gen&payload[user]={cust}&payload[t][x]=1"),
        )
        .await,
        400,
        "parameter_invalid",
        Some("payload[t]"),
    );
    assert_error(
        &s.post("/v1/billing/meter_events", "payload[user]=x").await,
        400,
        "parameter_missing",
        Some("event_name"),
    );
    // A NUL in a payload value: refused at the door by the text rule, by name.
    assert_error(
        &s.post(
            "/v1/billing/meter_events",
            &format!(
                "event_name=gen&payload[user]={cust}&payload[tokens]=1&payload[note]={}",
                enc("a\0b")
            ),
        )
        .await,
        400,
        "invalid_text",
        Some("payload[note]"),
    );
    let stored: i64 = events::table.count().get_result(&mut app.conn()).unwrap();
    assert_eq!(stored, 1, "only the good event is stored");
}

#[actix_web::test]
async fn stream_sessions_expire_and_refused_stream_events_are_named() {
    let app = TestApp::spawn().await;
    let (s, _) = Stripe::new(&app);
    let (cust, _) = setup(&s).await;
    let (_, _, session) = s
        .post_json(&s.key, "/v2/billing/meter_event_session", &json!({}))
        .await;
    assert_eq!(session["object"], "v2.billing.meter_event_session");
    assert!(session["id"].as_str().unwrap().starts_with("mes_"));
    let token = session["authentication_token"].as_str().unwrap().to_string();
    let expires = chrono::DateTime::parse_from_rfc3339(session["expires_at"].as_str().unwrap()).unwrap();
    let created = chrono::DateTime::parse_from_rfc3339(session["created"].as_str().unwrap()).unwrap();
    assert_eq!(expires - created, Duration::minutes(15));
    assert!(session["created"].as_str().unwrap().ends_with('Z'));
    let good = |id: &str| json!({"event_name": "tok", "identifier": id, "payload": {"stripe_customer_id": cust, "value": "1"}});
    let stream = "/v2/billing/meter_event_stream";

    // One unknown customer, one without the customer key, one malformed: named; the rest stored.
    let batch = json!({"events": [good("s-0"),
        {"event_name": "tok", "identifier": "s-bad", "payload": {"stripe_customer_id": "cus_nobody", "value": "1"}},
        {"event_name": "tok", "identifier": "s-nokey", "payload": {"value": "1"}},
        {"event_name": "tok", "payload": {"stripe_customer_id": cust}, "colour": "red"},
        good("s-4")]});
    let answer = s.post_json(&token, stream, &batch).await;
    assert_error(
        &answer,
        400,
        "meter_events_rejected",
        Some("events[1].payload.stripe_customer_id"),
    );
    let message = answer.2["error"]["message"].as_str().unwrap();
    for named in ["events[1] (s-bad)", "events[2] (s-nokey)", "events[3]:"] {
        assert!(message.contains(named), "{named} in {message}");
    }
    assert!(
        !message.contains("events[0]") && !message.contains("events[4]"),
        "{message}"
    );
    let ids: Vec<String> = events::table
        .select(events::event_id)
        .order(events::event_id)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(ids, vec!["s-0", "s-4"]);
    // A resend of the good ones is safe (duplicates), and all good now is a 202.
    let (status, _, _) = s
        .post_json(&token, stream, &json!({"events": [good("s-0"), good("s-4")]}))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let too_many: Vec<Value> = (0..101).map(|i| good(&format!("m-{i}"))).collect();
    assert_error(
        &s.post_json(&token, stream, &json!({"events": too_many})).await,
        400,
        "parameter_invalid",
        Some("events"),
    );
    assert_error(
        &s.post_json(&token, stream, &json!({"events": []})).await,
        400,
        "parameter_invalid_empty",
        Some("events"),
    );

    // The stream takes a session's token only; the API key, or nothing, is a 401.
    assert_error(
        &s.post_json(&s.key, stream, &json!({"events": [good("k")]})).await,
        401,
        "unauthorized",
        None,
    );
    let res = app
        .client()
        .post(s.url(stream))
        .json(&json!({"events": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // Expired: Stripe's temporary_session_expired (its SDK raises TemporarySessionExpiredError).
    diesel::update(meter_event_sessions::table)
        .set((
            meter_event_sessions::created_at.eq(Utc::now() - Duration::minutes(30)),
            meter_event_sessions::expires_at.eq(Utc::now() - Duration::minutes(15)),
        ))
        .execute(&mut app.conn())
        .unwrap();
    let expired = s
        .post_json(&token, stream, &json!({"events": [good("late")]}))
        .await;
    assert_error(&expired, 401, "billing_meter_event_session_expired", None);
    assert_eq!(expired.2["error"]["type"], "temporary_session_expired");
    // A revoked key ends its sessions.
    let (_, _, fresh) = s
        .post_json(&s.key, "/v2/billing/meter_event_session", &json!({}))
        .await;
    let fresh = fresh["authentication_token"].as_str().unwrap().to_string();
    assert_eq!(
        s.post_json(&fresh, stream, &json!({"events": [good("f")]}))
            .await
            .0,
        StatusCode::ACCEPTED
    );
    diesel::update(meterdesk::db::schema::api_keys::table)
        .set(meterdesk::db::schema::api_keys::revoked_at.eq(Utc::now()))
        .execute(&mut app.conn())
        .unwrap();
    assert_error(
        &s.post_json(&fresh, stream, &json!({"events": [good("g")]})).await,
        401,
        "unauthorized",
        None,
    );
    let hashes: Vec<Vec<u8>> = meter_event_sessions::table
        .select(meter_event_sessions::token_hash)
        .load(&mut app.conn())
        .unwrap();
    assert!(
        hashes.iter().all(|h| h.len() == 32 && *h != fresh.as_bytes()),
        "tokens are stored hashed"
    );
}

#[actix_web::test]
async fn adjustments_void_once_and_keep_the_identifier_taken() {
    let app = TestApp::spawn().await;
    let (s, _) = Stripe::new(&app);
    let (cust, meter) = setup(&s).await;
    for id in ["a", "b", "c"] {
        let (status, _, e) = s
            .post_json(&s.key, "/v2/billing/meter_events", &json!({"event_name": "tok", "identifier": id, "payload": {"stripe_customer_id": cust, "value": "4"}}))
            .await;
        assert_eq!(status, StatusCode::OK, "{e}");
        assert_eq!(e["object"], "v2.billing.meter_event");
        assert!(e["created"].as_str().unwrap().ends_with('Z'));
    }
    let cancel = |id: &str| format!("event_name=tok&type=cancel&cancel[identifier]={id}");
    assert_error(
        &s.post("/v1/billing/meter_event_adjustments", &cancel("zzz"))
            .await,
        404,
        "resource_missing",
        Some("cancel[identifier]"),
    );
    assert_error(
        &s.post(
            "/v1/billing/meter_event_adjustments",
            "event_name=other&type=cancel&cancel[identifier]=a",
        )
        .await,
        400,
        "parameter_invalid",
        Some("event_name"),
    );
    assert_error(
        &s.post(
            "/v1/billing/meter_event_adjustments",
            "event_name=tok&type=restore&cancel[identifier]=a",
        )
        .await,
        400,
        "parameter_invalid",
        Some("type"),
    );
    assert_error(
        &s.post(
            "/v1/billing/meter_event_adjustments",
            "event_name=tok&type=cancel",
        )
        .await,
        400,
        "parameter_missing",
        Some("cancel[identifier]"),
    );
    let (status, _, _) = s.post("/v1/billing/meter_event_adjustments", &cancel("a")).await;
    assert_eq!(status, StatusCode::OK);
    // Twice: a 400 (never a 409), in v1 and v2.
    assert_error(
        &s.post("/v1/billing/meter_event_adjustments", &cancel("a")).await,
        400,
        "meter_event_already_cancelled",
        Some("cancel[identifier]"),
    );
    let (status, _, v2) = s
        .post_json(
            &s.key,
            "/v2/billing/meter_event_adjustments",
            &json!({"event_name": "tok", "type": "cancel", "cancel": {"identifier": "b"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v2}");
    assert_eq!(v2["object"], "v2.billing.meter_event_adjustment");
    assert!(v2["id"].as_str().unwrap().starts_with("mea_"));
    assert_error(
        &s.post_json(
            &s.key,
            "/v2/billing/meter_event_adjustments",
            &json!({"event_name": "tok", "cancel": {"identifier": "b"}}),
        )
        .await,
        400,
        "meter_event_already_cancelled",
        Some("cancel.identifier"),
    );
    // The identifier stays taken: a resend is answered with the stored event and not counted.
    let (status, _, resent) = s
        .post(
            "/v1/billing/meter_events",
            &format!("event_name=tok&identifier=a&payload[stripe_customer_id]={cust}&payload[value]=99"),
        )
        .await;
    assert_eq!(
        (status, resent["payload"]["value"].as_str()),
        (StatusCode::OK, Some("4"))
    );
    let (from, to) = (hour_ago(1).timestamp(), hour_ago(-1).timestamp());
    let (_, _, sum) = s
        .get(&format!(
            "/v1/billing/meters/{meter}/event_summaries?customer={cust}&start_time={from}&end_time={to}"
        ))
        .await;
    assert_eq!(sum["data"][0]["aggregated_value"], json!(4));
    let audits: Vec<(String, Value)> = audit_log::table
        .filter(audit_log::action.eq("event.void"))
        .select((audit_log::target_id, audit_log::details))
        .order(audit_log::id)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(
        audits.iter().map(|a| a.0.as_str()).collect::<Vec<_>>(),
        vec!["a", "b"]
    );
    assert_eq!(audits[0].1["reason"], "Stripe meter event adjustment (cancel)");
    assert_eq!(audits[0].1["source"], "stripe");
}
