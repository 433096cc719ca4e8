//! The native API as Dodo Payments' SDK sees it: what the Python SDK tests (tests/compat) do
//! not reach — refusals, headers, edges of paging, ended and future subscriptions.

use chrono::{Duration, DurationRound, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::app::{Api, TestApp};
use crate::support::fixtures::{count_meter, customer, event, ingest, product, sum_meter};

fn ids(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["customer_id"].as_str().unwrap().to_string())
        .collect()
}

async fn patch(api: &Api, path: &str, body: Value) -> (StatusCode, Value) {
    api.send(reqwest::Method::PATCH, path, &body).await
}

#[actix_web::test]
async fn lists_page_by_number_or_by_cursor_but_not_both() {
    let app = TestApp::spawn().await;
    let api = app.api();
    for i in 0..5 {
        customer(&api, &format!("pager{i}")).await;
    }
    let (_, all) = api.get("/api/v1/customers?page_size=100").await;
    let all = ids(&all);
    assert_eq!(all.len(), 5);
    let mut seen = Vec::new();
    for n in 1..=4 {
        let (status, page) = api
            .get(&format!("/api/v1/customers?page_size=2&page_number={n}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["has_more"], n < 3, "page {n}");
        seen.extend(ids(&page));
    }
    assert_eq!(seen, all, "1-based pages of 2: 2, 2, 1, then an empty one");
    let (_, zero) = api.get("/api/v1/customers?page_size=2&page_number=0").await;
    assert_eq!(ids(&zero), all[..2], "page 0 is the first page");
    let (_, default) = api.get("/api/v1/customers").await;
    assert_eq!(ids(&default), all, "10 per page by default");

    // A numbered page's cursor continues by keyset.
    let (_, first) = api.get("/api/v1/customers?page_size=2").await;
    let cursor = first["next_cursor"].as_str().unwrap();
    let (_, rest) = api
        .get(&format!("/api/v1/customers?limit=10&starting_after={cursor}"))
        .await;
    assert_eq!(ids(&rest), all[2..]);

    for (query, status, field) in [
        ("page_size=101", StatusCode::UNPROCESSABLE_ENTITY, "page_size"),
        ("page_size=0", StatusCode::UNPROCESSABLE_ENTITY, "page_size"),
        ("page_number=-1", StatusCode::UNPROCESSABLE_ENTITY, "page_number"),
        ("page_number=2&limit=5", StatusCode::BAD_REQUEST, "page_number"),
        (
            "page_size=2&starting_after=1.x",
            StatusCode::BAD_REQUEST,
            "page_size",
        ),
        ("page_number=two", StatusCode::BAD_REQUEST, "page_number"),
    ] {
        let (got, body) = api.get(&format!("/api/v1/customers?{query}")).await;
        assert_eq!(got, status, "{query}: {body}");
        assert_eq!(body["error"]["field"], field, "{query}: {body}");
    }
}

#[actix_web::test]
async fn refusals_tell_sdks_that_a_resend_would_not_help() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "taken").await;
    let send = |body: Value| {
        app.client()
            .post(app.url("/api/v1/customers"))
            .bearer_auth(&api.key)
            .json(&body)
            .send()
    };
    let retry = |res: &reqwest::Response| {
        res.headers()
            .get("x-should-retry")
            .map(|v| v.to_str().unwrap().to_string())
    };
    let conflict = send(json!({"id": "taken", "email": "a@b.test", "name": "A"}))
        .await
        .unwrap();
    assert_eq!(conflict.status(), StatusCode::CONFLICT);
    assert_eq!(retry(&conflict).as_deref(), Some("false"));
    let invalid = send(json!({"email": "nope", "name": "A"})).await.unwrap();
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(retry(&invalid).as_deref(), Some("false"));
    let created = send(json!({"email": "a@b.test", "name": "A"})).await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_eq!(retry(&created), None);
    let missing = app
        .client()
        .get(app.url("/api/v1/customers/nobody"))
        .bearer_auth(&api.key)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(retry(&missing).as_deref(), Some("false"));
}

#[actix_web::test]
async fn customers_keep_their_profile_and_a_patch_changes_only_what_it_sends() {
    let app = TestApp::spawn().await;
    let api = app.api();
    let (status, c) = api
        .post(
            "/api/v1/customers",
            &json!({"customer_id": "acme", "email": "AP@Acme.test", "name": "Acme",
                    "metadata": {"plan": "pro", "seats": 3, "beta": true},
                    "phone_number": "+1 415 555 0100", "preferred_locale": "fr"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    assert_eq!(
        (c["customer_id"].as_str(), c["email"].as_str()),
        (Some("acme"), Some("ap@acme.test"))
    );
    assert_eq!(c["metadata"], json!({"plan": "pro", "seats": 3, "beta": true}));
    let (_, got) = api.get("/api/v1/customers/acme").await;
    assert_eq!(got, c);

    let (status, renamed) = patch(&api, "/api/v1/customers/acme", json!({"name": "Acme Ltd"})).await;
    assert_eq!(status, StatusCode::OK, "{renamed}");
    assert_eq!(renamed["name"], "Acme Ltd");
    assert_eq!(renamed["metadata"], c["metadata"], "what is not sent stays");
    assert_eq!(renamed["phone_number"], "+1 415 555 0100");
    let (_, cleared) = patch(
        &api,
        "/api/v1/customers/acme",
        json!({"metadata": null, "phone_number": null, "preferred_locale": null}),
    )
    .await;
    assert_eq!(cleared["metadata"], json!({}));
    assert_eq!(
        (
            cleared["phone_number"].clone(),
            cleared["preferred_locale"].clone()
        ),
        (Value::Null, Value::Null)
    );
    let (_, by_email) = api.get("/api/v1/customers?email=ap@ACME.test").await;
    assert_eq!(ids(&by_email), ["acme"]);
    let (_, by_name) = api.get("/api/v1/customers?name=ME%20L").await;
    assert_eq!(ids(&by_name), ["acme"], "a part of the name, any case");

    for (body, field) in [
        (json!({"customer_id": "other"}), "customer_id"),
        (json!({"name": null}), "name"),
        (json!({"email": "nope"}), "email"),
        (json!({"preferred_locale": "hi"}), "preferred_locale"),
        (json!({"metadata": {"nested": {"a": 1}}}), "metadata"),
        (json!({"plan": "pro"}), "plan"),
    ] {
        let (status, err) = patch(&api, "/api/v1/customers/acme", body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {err}");
        assert_eq!(err["error"]["field"], field, "{body}: {err}");
    }
    let (status, _) = patch(&api, "/api/v1/customers/nobody", json!({"name": "X"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, err) = api
        .post(
            "/api/v1/customers",
            &json!({"id": "a", "customer_id": "b", "email": "a@b.test", "name": "A"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["field"], "customer_id");
    let (status, err) = api
        .post(
            "/api/v1/customers",
            &json!({"email": "a@b.test", "name": "A", "tax_id": "x"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown fields are refused, not dropped: {err}"
    );

    use diesel::prelude::*;
    use meterdesk::db::schema::audit_log;
    let updates: i64 = audit_log::table
        .filter(audit_log::action.eq("customer.update"))
        .filter(audit_log::target_id.eq("acme"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(updates, 2);
}

#[actix_web::test]
async fn event_lists_refuse_filters_that_cannot_match_and_find_odd_ids() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "acme").await;
    let meter = count_meter(&api, "api.call").await;
    let body = ingest(
        &api,
        vec![
            event("ev:1.a", "acme", "api.call", json!({"n": 1})),
            event("ingest", "acme", "api.call", json!({})),
        ],
    )
    .await;
    assert_eq!(
        (body["ingested_count"].clone(), body["ingested"].clone()),
        (json!(2), json!(2))
    );

    let (status, e) = api.get("/api/v1/events/ev:1.a").await;
    assert_eq!(status, StatusCode::OK, "{e}");
    assert_eq!(e["metadata"], json!({"n": 1}));
    assert!(e["business_id"].as_str().unwrap().starts_with("bus_"));
    assert!(e.get("voided_at").is_none());
    let (status, e) = api.get("/api/v1/events/ingest").await;
    assert_eq!(
        (status, e["event_id"].as_str()),
        (StatusCode::OK, Some("ingest")),
        "GET falls through to the event"
    );
    let (status, _) = api.get("/api/v1/events/nothing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (_, listed) = api
        .get(&format!("/api/v1/events?meter_id={meter}&event_name=api.call"))
        .await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 2);
    for (query, field) in [
        (format!("meter_id={meter}&event_name=other"), "event_name"),
        ("meter_id=mtr_nope".to_string(), "meter_id"),
        ("start=yesterday".to_string(), "start"),
        ("start=2026-01-02&end=2026-01-01".to_string(), "end"),
    ] {
        let (status, err) = api.get(&format!("/api/v1/events?{query}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {err}");
        assert_eq!(err["error"]["field"], field, "{query}: {err}");
    }
    let (_, page) = api.get("/api/v1/events?limit=1").await;
    let cursor = page["next_cursor"].as_str().unwrap();
    let (_, rest) = api
        .get(&format!("/api/v1/events?limit=1&starting_after={cursor}"))
        .await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert_ne!(rest["items"][0]["event_id"], page["items"][0]["event_id"]);
}

/// A subscription that ended: its cycles up to the end, the last one cut short at the end;
/// one that starts later: pending, no history yet.
#[actix_web::test]
async fn subscriptions_show_dodo_fields_before_during_and_after() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "acme").await;
    let tokens = sum_meter(&api, "llm.tokens", "tokens").await;
    let calls = count_meter(&api, "api.call").await;
    let plan = product(&api, "JPY", &[(&tokens, "2", "10.5"), (&calls, "1", "0")]).await;
    let now = Utc::now().duration_trunc(Duration::seconds(1)).unwrap();
    let start = now - Duration::days(50);
    let (status, sub) = api
        .post(
            "/api/v1/subscriptions",
            &json!({"customer_id": "acme", "product_id": plan, "start": start.to_rfc3339()}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{sub}");
    assert_eq!(sub["subscription_id"], sub["id"]);
    assert_eq!(sub["status"], "active");
    assert_eq!(sub["payment_frequency_interval"], "Month");
    assert_eq!(sub["subscription_period_count"], 0, "open-ended");
    assert_eq!(sub["currency"], "JPY");
    assert_eq!(
        sub["brand_id"].as_str().map(|b| b.starts_with("bus_")),
        Some(true)
    );
    assert_eq!(sub["meters"][0]["free_threshold"], 10);
    assert_eq!(sub["meters"][0]["free_threshold_decimal"], "10.5");
    assert_eq!(sub["meters"][0]["price_per_unit"], "2");
    let id = sub["id"].as_str().unwrap().to_string();

    let at = |d: i64| (now - Duration::days(d)).to_rfc3339();
    let mut events = vec![
        json!({"event_id": "t1", "customer_id": "acme", "event_name": "llm.tokens", "timestamp": at(15), "metadata": {"tokens": 30}}),
        json!({"event_id": "t2", "customer_id": "acme", "event_name": "llm.tokens", "timestamp": at(5), "metadata": {"tokens": 1000}}),
    ];
    events.push(
        json!({"event_id": "c1", "customer_id": "acme", "event_name": "api.call", "timestamp": at(30)}),
    );
    ingest(&api, events).await;
    let end = now - Duration::days(10);
    meterdesk::subscriptions::service::end(&mut app.conn(), &meterdesk::audit::Actor::Cli, &id, Some(end))
        .unwrap();

    let (_, ended) = api.get(&format!("/api/v1/subscriptions/{id}")).await;
    assert_eq!(ended["status"], "expired");
    assert_eq!(ended["subscription_period_count"], 2);
    assert_eq!(
        ended["expires_at"],
        end.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );

    let (status, history) = api
        .get(&format!("/api/v1/subscriptions/{id}/usage-history"))
        .await;
    assert_eq!(status, StatusCode::OK, "{history}");
    let items = history["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{history}");
    // Newest first; the event after the end is not counted.
    let last = &items[0]["meters"][0];
    assert_eq!(
        (
            last["consumed_units"].as_str(),
            last["chargeable_units"].as_str(),
            last["total_price"].as_i64()
        ),
        (Some("30"), Some("19.5"), Some(39)),
        "(30 − 10.5) × ¥2 = ¥39, in yen: {history}"
    );
    assert_eq!(
        items[1]["start_date"],
        start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    assert_eq!(items[1]["meters"][1]["consumed_units"], "1");
    let (_, calls_only) = api
        .get(&format!(
            "/api/v1/subscriptions/{id}/usage-history?meter_id={calls}"
        ))
        .await;
    assert_eq!(calls_only["items"][0]["meters"].as_array().unwrap().len(), 1);
    for (query, status, field) in [
        ("meter_id=mtr_other", StatusCode::UNPROCESSABLE_ENTITY, "meter_id"),
        ("starting_after=1.x", StatusCode::BAD_REQUEST, "starting_after"),
        ("start_date=soon", StatusCode::UNPROCESSABLE_ENTITY, "start_date"),
    ] {
        let (got, err) = api
            .get(&format!("/api/v1/subscriptions/{id}/usage-history?{query}"))
            .await;
        assert_eq!(got, status, "{query}: {err}");
        assert_eq!(err["error"]["field"], field, "{query}: {err}");
    }

    customer(&api, "later").await;
    let (_, pending) = api
        .post(
            "/api/v1/subscriptions",
            &json!({"customer_id": "later", "product_id": plan, "start": (now + Duration::days(3)).to_rfc3339()}),
        )
        .await;
    assert_eq!(pending["status"], "pending");
    assert_eq!(pending["previous_billing_date"], pending["start"]);
    let (_, none) = api
        .get(&format!(
            "/api/v1/subscriptions/{}/usage-history",
            pending["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(none["items"], json!([]));
}
