//! The Stripe surface's objects, lists and errors: customers and billing meters in Stripe's
//! shapes, bracketed form parameters, paging by object id, and Stripe's error shape for every
//! status under /stripe (the gate's too).

use reqwest::StatusCode;
use serde_json::json;

use crate::stripe_support::{Stripe, assert_error, enc};
use crate::support::app::TestApp;

#[actix_web::test]
async fn customers_have_stripes_shape_and_page_by_object_id() {
    let app = TestApp::spawn().await;
    let (s, api) = Stripe::new(&app);
    let mut ids = Vec::new();
    for i in 0..3 {
        let (status, headers, c) = s
            .post(
                "/v1/customers",
                &format!("email={}&name=Acme+{i}&expand[0]=x", enc("Ops@Acme.test")),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{c}");
        assert!(headers.contains_key("request-id"));
        assert_eq!(c["object"], "customer");
        assert!(c["id"].as_str().unwrap().starts_with("cus_"));
        assert_eq!(c["email"], "ops@acme.test");
        assert_eq!(c["name"], format!("Acme {i}"));
        assert_eq!(c["livemode"], false);
        assert_eq!(c["metadata"], json!({}));
        assert!(c["created"].is_i64());
        ids.push(c["id"].as_str().unwrap().to_string());
    }
    // Name defaults to the email; the customer is Meterdesk's own.
    let (_, _, solo) = s.post("/v1/customers", "email=solo%40x.test").await;
    assert_eq!(solo["name"], "solo@x.test");
    let (status, native) = api
        .get(&format!("/api/v1/customers/{}", solo["id"].as_str().unwrap()))
        .await;
    assert_eq!(status, StatusCode::OK, "{native}");
    let (_, _, got) = s.get(&format!("/v1/customers/{}", ids[0])).await;
    assert_eq!(
        (got["id"].as_str(), got["name"].as_str()),
        (Some(ids[0].as_str()), Some("Acme 0"))
    );

    // Newest first; starting_after and ending_before by object id; url without /stripe.
    let (_, _, page) = s.get("/v1/customers?email=ops%40acme.test&limit=2").await;
    assert_eq!(page["object"], "list");
    assert_eq!(page["url"], "/v1/customers");
    assert_eq!(page["has_more"], true);
    let first: Vec<&str> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(first, vec![ids[2].as_str(), ids[1].as_str()]);
    let (_, _, next) = s
        .get(&format!(
            "/v1/customers?email=ops%40acme.test&limit=2&starting_after={}",
            ids[1]
        ))
        .await;
    assert_eq!(next["data"].as_array().unwrap().len(), 1);
    assert_eq!(next["data"][0]["id"], ids[0].as_str());
    assert_eq!(next["has_more"], false);
    let (_, _, back) = s
        .get(&format!(
            "/v1/customers?email=ops%40acme.test&limit=1&ending_before={}",
            ids[0]
        ))
        .await;
    assert_eq!(back["data"][0]["id"], ids[1].as_str());
    assert_eq!(back["has_more"], true, "ids[2] is newer still");
    // created[gte] / created[lt] and an exact created.
    let created = got["created"].as_i64().unwrap();
    let (_, _, window) = s
        .get(&format!(
            "/v1/customers?created[gte]={created}&created[lt]={}&limit=100",
            created + 3600
        ))
        .await;
    assert_eq!(window["data"].as_array().unwrap().len(), 4);
    let (_, _, none) = s.get(&format!("/v1/customers?created[lt]={created}")).await;
    assert_eq!(none["data"], json!([]));

    assert_error(
        &s.get("/v1/customers/cus_nobody").await,
        404,
        "resource_missing",
        Some("id"),
    );
    assert_error(
        &s.get("/v1/customers?starting_after=cus_nobody").await,
        400,
        "resource_missing",
        Some("starting_after"),
    );
    assert_error(
        &s.get("/v1/customers?limit=101").await,
        400,
        "parameter_invalid_integer",
        Some("limit"),
    );
    assert_error(
        &s.get("/v1/customers?created[soon]=1").await,
        400,
        "parameter_unknown",
        Some("created[soon]"),
    );
    assert_error(
        &s.post("/v1/customers", "name=x").await,
        400,
        "parameter_missing",
        Some("email"),
    );
    // A validation error is a 400 naming the parameter (Stripe's SDKs read param from 400s).
    assert_error(
        &s.post("/v1/customers", "email=not-an-email").await,
        400,
        "parameter_invalid",
        Some("email"),
    );
    assert_error(
        &s.post("/v1/customers", "email=a%40b.test&description=vip").await,
        400,
        "parameter_unknown",
        Some("description"),
    );
    assert_error(
        &s.post("/v1/customers", "email=a%40b.test&metadata[crm][id]=1")
            .await,
        400,
        "parameter_invalid",
        Some("metadata[crm]"),
    );
    // metadata and phone are kept, as the native API keeps them
    let (status, _, kept) = s
        .post(
            "/v1/customers",
            "email=m%40b.test&phone=%2B33+1+23&metadata[crm]=42",
        )
        .await;
    assert_eq!(status, 200, "{kept}");
    assert_eq!(kept["metadata"], json!({"crm": "42"}));
    assert_eq!(kept["phone"], "+33 1 23");
}

#[actix_web::test]
async fn meters_take_bracketed_settings_and_keep_their_payload_keys() {
    let app = TestApp::spawn().await;
    let (s, api) = Stripe::new(&app);
    let (status, _, m) = s
        .post(
            "/v1/billing/meters",
            "display_name=Tokens&event_name=llm.tokens&default_aggregation[formula]=sum\
             &customer_mapping[type]=by_id&customer_mapping[event_payload_key]=user\
             &value_settings[event_payload_key]=tokens",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{m}");
    let id = m["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("mtr_"));
    assert_eq!(m["object"], "billing.meter");
    assert_eq!(m["status"], "active");
    assert_eq!(m["status_transitions"]["deactivated_at"], json!(null));
    assert_eq!(
        m["customer_mapping"],
        json!({"type": "by_id", "event_payload_key": "user"})
    );
    assert_eq!(m["default_aggregation"], json!({"formula": "sum"}));
    assert_eq!(m["value_settings"], json!({"event_payload_key": "tokens"}));
    assert_eq!(
        (m["event_time_window"].clone(), m["livemode"].clone()),
        (json!(null), json!(false))
    );
    // An ordinary Meterdesk meter.
    let (_, native) = api.get(&format!("/api/v1/meters/{id}")).await;
    assert_eq!(native["aggregation"], json!({"type": "sum", "key": "tokens"}));
    assert_eq!(native["measurement_unit"], "units");

    // A count meter keeps the value key it was given; defaults otherwise.
    let (_, _, c) = s
        .post("/v1/billing/meters", "display_name=Calls&event_name=api.call&default_aggregation[formula]=count&value_settings[event_payload_key]=n")
        .await;
    assert_eq!(c["value_settings"]["event_payload_key"], "n");
    assert_eq!(c["customer_mapping"]["event_payload_key"], "stripe_customer_id");
    let (_, native) = api
        .get(&format!("/api/v1/meters/{}", c["id"].as_str().unwrap()))
        .await;
    assert_eq!(native["aggregation"], json!({"type": "count"}));

    let (_, _, upd) = s
        .post(&format!("/v1/billing/meters/{id}"), "display_name=LLM+tokens")
        .await;
    assert_eq!(upd["display_name"], "LLM tokens");
    assert_error(
        &s.post(&format!("/v1/billing/meters/{id}"), "event_name=x").await,
        400,
        "parameter_unknown",
        Some("event_name"),
    );
    let (_, _, off) = s.post(&format!("/v1/billing/meters/{id}/deactivate"), "").await;
    assert_eq!(off["status"], "inactive");
    let at = off["status_transitions"]["deactivated_at"].as_i64().unwrap();
    let (status, _, again) = s.post(&format!("/v1/billing/meters/{id}/deactivate"), "").await;
    assert_eq!(
        (status, again["status_transitions"]["deactivated_at"].as_i64()),
        (StatusCode::OK, Some(at))
    );
    let (_, _, inactive) = s.get("/v1/billing/meters?status=inactive").await;
    assert_eq!(inactive["data"].as_array().unwrap().len(), 1);
    assert_eq!(inactive["url"], "/v1/billing/meters");
    let (_, _, on) = s.post(&format!("/v1/billing/meters/{id}/reactivate"), "").await;
    assert_eq!(
        (
            on["status"].as_str(),
            on["status_transitions"]["deactivated_at"].clone()
        ),
        (Some("active"), json!(null))
    );
    let (_, _, all) = s.get("/v1/billing/meters?limit=1").await;
    assert_eq!(
        (all["data"][0]["id"].as_str(), all["has_more"].as_bool()),
        (c["id"].as_str(), Some(true))
    );
    let (_, _, rest) = s
        .get(&format!(
            "/v1/billing/meters?limit=1&starting_after={}",
            c["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(
        (rest["data"][0]["id"].as_str(), rest["has_more"].as_bool()),
        (Some(id.as_str()), Some(false))
    );

    let create = |extra: &str| format!("display_name=x&event_name=x.y{extra}");
    assert_error(
        &s.post("/v1/billing/meters", &create("")).await,
        400,
        "parameter_missing",
        Some("default_aggregation[formula]"),
    );
    assert_error(
        &s.post(
            "/v1/billing/meters",
            &create("&default_aggregation[formula]=median"),
        )
        .await,
        400,
        "parameter_invalid",
        Some("default_aggregation[formula]"),
    );
    assert_error(
        &s.post(
            "/v1/billing/meters",
            &create("&default_aggregation[formula]=sum&event_time_window=hour"),
        )
        .await,
        400,
        "parameter_invalid",
        Some("event_time_window"),
    );
    assert_error(
        &s.post(
            "/v1/billing/meters",
            &create("&default_aggregation[formula]=sum&customer_mapping[type]=by_email"),
        )
        .await,
        400,
        "parameter_invalid",
        Some("customer_mapping[type]"),
    );
    assert_error(
        &s.post(
            "/v1/billing/meters",
            "display_name=x&default_aggregation[formula]=sum",
        )
        .await,
        400,
        "parameter_missing",
        Some("event_name"),
    );
    assert_error(
        &s.get("/v1/billing/meters/mtr_nobody").await,
        404,
        "resource_missing",
        Some("id"),
    );
    assert_error(
        &s.post("/v1/billing/meters/mtr_nobody/deactivate", "").await,
        404,
        "resource_missing",
        Some("id"),
    );
    assert_error(
        &s.get("/v1/billing/meters?status=archived").await,
        400,
        "parameter_invalid",
        Some("status"),
    );
}

#[actix_web::test]
async fn every_answer_under_stripe_is_a_stripe_error_with_its_headers() {
    let app = TestApp::spawn().await;
    let (s, _) = Stripe::new(&app);
    let client = app.client();
    // No key, a wrong key: 401 JSON (never the sign-in page), Stripe's shape.
    let res = client.get(s.url("/v1/customers")).send().await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["type"], "invalid_request_error");
    assert_eq!(headers["stripe-should-retry"], "false");
    assert_error(
        &s.post_as("md_wrong", "/v1/customers", "email=a%40b.test").await,
        401,
        "unauthorized",
        None,
    );
    // Unknown paths and methods.
    assert_error(&s.get("/v1/charges").await, 404, "resource_missing", None);
    assert_error(
        &s.get("/v1/billing/meter_events").await,
        405,
        "method_not_allowed",
        None,
    );
    // Malformed brackets, a parameter given twice, text the text rule refuses.
    assert_error(
        &s.post("/v1/customers", "email[=x").await,
        400,
        "parameter_invalid",
        Some("email["),
    );
    assert_error(
        &s.post("/v1/customers", "email=a&email=b").await,
        400,
        "parameter_invalid",
        Some("email"),
    );
    assert_error(
        &s.post("/v1/customers", "email=a&email[x]=b").await,
        400,
        "parameter_invalid",
        Some("email[x]"),
    );
    assert_error(
        &s.post("/v1/customers", "email=a%40b.test&name=A%00B").await,
        400,
        "invalid_text",
        Some("name"),
    );
    assert_error(
        &s.get("/v1/customers?email=a%01b").await,
        400,
        "invalid_text",
        Some("email"),
    );
    // v1 takes forms: a JSON body is refused (415), a malformed JSON v2 body is a 400.
    let res = client
        .post(s.url("/v1/customers"))
        .bearer_auth(&s.key)
        .json(&json!({"email": "a@b.test"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["type"], "invalid_request_error");
    let res = client
        .post(s.url("/v2/billing/meter_events"))
        .bearer_auth(&s.key)
        .header("content-type", "application/json")
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.json::<serde_json::Value>().await.unwrap()["error"]["type"].is_string());
    // A base URL with a trailing slash still works.
    let res = client
        .get(format!("{}/stripe//v1/customers?limit=1", s.base))
        .bearer_auth(&s.key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // Success answers carry a Request-Id too; the native API is untouched by all this.
    let (status, headers, _) = s.get("/v1/billing/meters").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["request-id"].to_str().unwrap().starts_with("req_"));
    let res = client.get(app.url("/api/v1/customers")).send().await.unwrap();
    let native: serde_json::Value = res.json().await.unwrap();
    assert_eq!(native["error"]["code"], "unauthorized");
    assert!(native["error"].get("type").is_none());
}
