//! Helpers shared by the upload tests: uploading over the API and through the portal, what got
//! stored, and a ready app (customers, a sum meter) with a good file for it.

use diesel::prelude::*;
use meterdesk::db::schema::{events, rollups_daily};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::support::app::{Api, Session, TestApp};
use crate::support::fixtures::{customer, sum_meter};

pub(crate) async fn api_upload(api: &Api, query: &str, name: &str, body: &[u8]) -> (StatusCode, Value) {
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

/// [`api_upload`] of a file that must be accepted (stored, partly stored or a dry run).
pub(crate) async fn api_upload_ok(api: &Api, query: &str, name: &str, body: &[u8]) -> Value {
    let (status, body) = api_upload(api, query, name, body).await;
    assert!(status.is_success(), "{body}");
    body
}

pub(crate) async fn portal_upload(
    s: &Session,
    fields: &[(&str, &str)],
    name: &str,
    body: &[u8],
) -> reqwest::Response {
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

pub(crate) fn stored(app: &TestApp) -> i64 {
    events::table.count().get_result(&mut app.conn()).unwrap()
}

pub(crate) fn rollup_sum(app: &TestApp, meter: &str) -> String {
    let s: Option<rust_decimal::Decimal> = rollups_daily::table
        .filter(rollups_daily::meter_id.eq(meter))
        .select(diesel::dsl::sum(rollups_daily::value_sum))
        .first(&mut app.rolled_conn())
        .unwrap();
    s.map(|d| d.normalize().to_string()).unwrap_or_else(|| "0".into())
}

pub(crate) struct Setup {
    pub(crate) app: TestApp,
    pub(crate) api: Api,
    pub(crate) tokens: String,
}

pub(crate) async fn setup() -> Setup {
    let app = TestApp::spawn().await;
    let api = app.api();
    for c in ["cus_a", "cus_b", "boom"] {
        customer(&api, c).await;
    }
    let tokens = sum_meter(&api, "llm.tokens", "tokens").await;
    Setup { app, api, tokens }
}

pub(crate) const GOOD: &str = "timestamp,event_name,payload_customer_id,payload_tokens\n\
2024-09-23,llm.tokens,cus_a,100\n\
2024-09-23T16:22:25+0530,llm.tokens,cus_a,200\n\
2024-09-23T16:22:25Z,llm.tokens,cus_b,300\n\
2024-09-23 16:22:25,llm.tokens,cus_b,400\n\
1727108545,llm.tokens,cus_a,5\n";
