//! A client of the Stripe surface as Stripe's SDKs talk to it: form-encoded v1 bodies (written
//! out by hand, so the brackets are exactly what the test says), JSON v2 bodies, a bearer key.

use chrono::{DateTime, Duration, DurationRound, Utc};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::support::app::{Api, TestApp};

pub struct Stripe {
    pub client: reqwest::Client,
    pub key: String,
    pub base: String,
}

/// Status, headers and the JSON body (a non-JSON body becomes a string).
pub type Answer = (StatusCode, HeaderMap, Value);

async fn answer(res: reqwest::Response) -> Answer {
    let status = res.status();
    let headers = res.headers().clone();
    let text = res.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, headers, body)
}

impl Stripe {
    pub fn new(app: &TestApp) -> (Stripe, Api) {
        let api = app.api();
        let stripe = Stripe {
            client: app.client(),
            key: api.key.clone(),
            base: app.addr.clone(),
        };
        (stripe, api)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/stripe{path}", self.base)
    }

    /// POST a form body as written (`a=1&payload[k]=v`; the brackets are sent unencoded, as
    /// they are valid in a form body).
    pub async fn post(&self, path: &str, form: &str) -> Answer {
        self.post_as(&self.key, path, form).await
    }

    pub async fn post_as(&self, key: &str, path: &str, form: &str) -> Answer {
        let res = self
            .client
            .post(self.url(path))
            .bearer_auth(key)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("idempotency-key", "ignored-by-meterdesk")
            .body(form.to_string())
            .send()
            .await
            .unwrap();
        answer(res).await
    }

    pub async fn get(&self, path_and_query: &str) -> Answer {
        let res = self
            .client
            .get(self.url(path_and_query))
            .bearer_auth(&self.key)
            .send()
            .await
            .unwrap();
        answer(res).await
    }

    /// POST a v2 JSON body with a bearer token (the API key, or a session's token).
    pub async fn post_json(&self, token: &str, path: &str, body: &Value) -> Answer {
        let res = self
            .client
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap();
        answer(res).await
    }
}

/// Form-encodes a value (for emails, RFC 3339 times, ids with reserved characters).
pub fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The start of the current UTC hour minus `h` hours.
pub fn hour_ago(h: i64) -> DateTime<Utc> {
    Utc::now().duration_trunc(Duration::hours(1)).unwrap() - Duration::hours(h)
}

/// Asserts a Stripe error: status, type, code and param.
#[track_caller]
pub fn assert_error(a: &Answer, status: u16, code: &str, param: Option<&str>) {
    let (s, headers, body) = a;
    assert_eq!(s.as_u16(), status, "{body}");
    let e = &body["error"];
    assert!(e["type"].is_string(), "{body}");
    assert_eq!(e["code"], code, "{body}");
    assert_eq!(e["param"].as_str(), param, "{body}");
    assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    if (400..500).contains(&status) {
        assert_eq!(headers["stripe-should-retry"], "false", "{body}");
    }
    assert!(headers.contains_key("request-id"), "{body}");
}
