//! Stripe's v2 meter events (JSON bodies, RFC 3339 times): the meter event session (a
//! short-lived token made with the API key), the high-throughput stream that takes that token,
//! single meter events and cancel adjustments.
//!
//! The stream answers 202 `{}` when every event was stored or was a duplicate. Stripe checks
//! streamed events later and reports problems asynchronously; Meterdesk checks them at once,
//! stores the good ones and answers 400 naming each refused event (a resend is safe: repeated
//! identifiers count once).

use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde_json::{Map, Value, json};

use super::errors::StripeError;
use super::events::{self, Cancel, SentEvent};
use super::objects::{self, v2_time};
use crate::auth::model::ApiClient;
use crate::auth::stream_tokens::{self, TokenCheck};
use crate::db::{self, Link};
use crate::error::AppError;
use crate::ingest::model::{Incoming, Rules, Source, Verdict};
use crate::ingest::pipeline;
use crate::meters::payload_keys::DEFAULT_CUSTOMER_KEY;
use crate::state::AppState;

/// Most events in one stream request (Stripe's limit).
pub const MAX_STREAM_EVENTS: usize = 100;

/// A v2 JSON body: an object (an empty body reads as `{}`).
async fn body(req: &HttpRequest, payload: Payload) -> Result<Map<String, Value>, StripeError> {
    let bytes = crate::web::body::read(req, payload, crate::web::json::JSON_LIMIT).await?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    if !crate::web::json::is_json(req) {
        return Err(StripeError {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ..StripeError::invalid(
                "unsupported_media_type",
                "Send v2 requests as JSON (Content-Type: application/json), as Stripe's SDKs do.",
                None,
            )
        });
    }
    match crate::web::json::parse(&bytes)? {
        Value::Object(m) => Ok(m),
        _ => Err(StripeError::invalid(
            "parameter_invalid",
            "The body must be a JSON object.",
            None,
        )),
    }
}

/// The JSON body of a v2 request, its text not checked here: events are checked one by one by
/// the ingest pipeline, so one bad event does not sink the others.
pub struct V2Body(pub Map<String, Value>);

impl FromRequest for V2Body {
    type Error = StripeError;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<V2Body, StripeError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let payload = payload.take();
        Box::pin(async move { body(&req, payload).await.map(V2Body) })
    }
}

/// The API key behind a meter event session's token (the stream's bearer token).
pub struct SessionClient {
    pub key_id: i64,
}

impl FromRequest for SessionClient {
    type Error = StripeError;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<SessionClient, StripeError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.get(..7)
                    .filter(|p| p.eq_ignore_ascii_case("bearer "))
                    .map(|_| v[7..].trim().to_string())
            })
            .filter(|t| !t.is_empty());
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let unknown = || {
                StripeError::unauthorized(
                    "invalid_request_error",
                    "unauthorized",
                    "The meter event stream takes the authentication_token of a meter event session as bearer token: make one with POST /stripe/v2/billing/meter_event_session (with your API key).",
                )
            };
            let (Some(token), Some(state)) = (token, state) else {
                return Err(unknown());
            };
            let now = Utc::now();
            match db::run(&state.pool, move |c| stream_tokens::check(c, &token, now)).await {
                Ok(TokenCheck::Valid { api_key_id, .. }) => Ok(SessionClient { key_id: api_key_id }),
                Ok(TokenCheck::Expired { expired_at }) => Err(StripeError::unauthorized(
                    "temporary_session_expired",
                    "billing_meter_event_session_expired",
                    format!(
                        "This meter event session expired at {}: make a new one with POST /stripe/v2/billing/meter_event_session.",
                        v2_time(expired_at)
                    ),
                )),
                Ok(TokenCheck::Unknown) => Err(unknown()),
                Err(e) => Err(AppError::from(e).into()),
            }
        })
    }
}

/// `POST /v2/billing/meter_event_session` (API key): a token for the stream, good for 15 minutes.
pub async fn session(
    state: web::Data<AppState>,
    client: ApiClient,
    body: V2Body,
) -> Result<HttpResponse, StripeError> {
    if let Some(k) = body.0.keys().next() {
        return Err(StripeError::invalid(
            "parameter_unknown",
            format!("Received unknown parameter: {k}."),
            Some(k),
        ));
    }
    let now = Utc::now();
    let made = db::run(&state.pool, move |c| stream_tokens::create(c, client.key_id, now)).await;
    let made = made.map_err(AppError::from)?;
    Ok(HttpResponse::Ok().json(json!({
        "id": made.session.id,
        "object": "v2.billing.meter_event_session",
        "authentication_token": made.token,
        "created": v2_time(made.session.created_at),
        "expires_at": v2_time(made.session.expires_at),
        "livemode": false,
    })))
}

fn text_of(
    obj: &Map<String, Value>,
    key: &str,
    at: &str,
) -> Result<Option<String>, (String, String, String)> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err((
            "parameter_invalid".into(),
            format!("{at}{key} must be a string."),
            format!("{at}{key}"),
        )),
    }
}

/// One v2 event object, or why it is not one: (code, message, param). `at` prefixes the
/// request's names (`events[3].`).
fn read_event(value: &Value, at: &str) -> Result<SentEvent, (String, String, String)> {
    let Value::Object(obj) = value else {
        return Err((
            "parameter_invalid".into(),
            format!("{} must be an object.", at.trim_end_matches('.')),
            at.trim_end_matches('.').to_string(),
        ));
    };
    if let Some(k) = obj
        .keys()
        .find(|k| !matches!(k.as_str(), "event_name" | "identifier" | "payload" | "timestamp"))
    {
        return Err((
            "parameter_unknown".into(),
            format!(
                "Received unknown parameter: {at}{k}. An event has event_name, identifier, payload and timestamp."
            ),
            format!("{at}{k}"),
        ));
    }
    let event_name = text_of(obj, "event_name", at)?
        .filter(|n| !n.is_empty())
        .ok_or_else(|| {
            (
                "parameter_missing".to_string(),
                format!("Missing required param: {at}event_name."),
                format!("{at}event_name"),
            )
        })?;
    let payload = match obj.get("payload") {
        Some(Value::Object(m)) => m.clone(),
        None | Some(Value::Null) => {
            return Err((
                "parameter_missing".into(),
                format!("Missing required param: {at}payload."),
                format!("{at}payload"),
            ));
        }
        Some(_) => {
            return Err((
                "parameter_invalid".into(),
                format!("{at}payload must be an object."),
                format!("{at}payload"),
            ));
        }
    };
    Ok(SentEvent {
        event_name,
        identifier: text_of(obj, "identifier", at)?.filter(|i| !i.is_empty()),
        timestamp: text_of(obj, "timestamp", at)?,
        payload,
    })
}

fn refused(e: (String, String, String)) -> StripeError {
    StripeError::invalid(&e.0, e.1, Some(&e.2))
}

/// `POST /v2/billing/meter_event_stream` (a session's token): up to 100 events; 202 `{}`.
pub async fn stream(
    state: web::Data<AppState>,
    client: SessionClient,
    body: V2Body,
) -> Result<HttpResponse, StripeError> {
    let mut obj = body.0;
    let events = match obj.remove("events") {
        Some(Value::Array(a)) if !a.is_empty() => a,
        Some(Value::Array(_)) => {
            return Err(StripeError::invalid(
                "parameter_invalid_empty",
                "events is empty: send 1 to 100 events.",
                Some("events"),
            ));
        }
        Some(_) => {
            return Err(StripeError::invalid(
                "parameter_invalid",
                "events must be an array.",
                Some("events"),
            ));
        }
        None => return Err(StripeError::missing("events")),
    };
    if let Some(k) = obj.keys().next() {
        return Err(StripeError::invalid(
            "parameter_unknown",
            format!("Received unknown parameter: {k}."),
            Some(k),
        ));
    }
    if events.len() > MAX_STREAM_EVENTS {
        return Err(StripeError::invalid(
            "parameter_invalid",
            format!(
                "A stream request holds at most {MAX_STREAM_EVENTS} events; this one has {}. Send them in several requests.",
                events.len()
            ),
            Some("events"),
        ));
    }
    let rules = Rules::api(Utc::now(), state.config.max_event_age_days);
    let key_id = client.key_id;
    let together = state.together.clone();
    let refusals = db::run_leased(&state.pool, move |lease| {
        let sent: Vec<Result<SentEvent, _>> = events
            .iter()
            .enumerate()
            .map(|(i, v)| read_event(v, &format!("events[{i}].")))
            .collect();
        let names: Vec<&str> = sent
            .iter()
            .filter_map(|s| s.as_ref().ok())
            .map(|s| s.event_name.as_str())
            .collect();
        let keys = events::customer_keys(lease.conn()?, &names)?;
        let key_of = |s: &SentEvent| {
            keys.get(&s.event_name)
                .cloned()
                .unwrap_or_else(|| DEFAULT_CUSTOMER_KEY.to_string())
        };
        let mut items = Vec::with_capacity(sent.len());
        // (identifier, request name prefix, customer key) per event, for naming refusals.
        let mut about = Vec::with_capacity(sent.len());
        for (i, s) in sent.iter().enumerate() {
            let at = format!("events[{i}].");
            let param = |k: &str| match k.strip_prefix('@') {
                Some(top) => format!("{at}{top}"),
                None => format!("{at}payload.{k}"),
            };
            match s {
                Ok(s) => {
                    let key = key_of(s);
                    about.push((s.identifier.clone(), key.clone()));
                    items.push(match events::to_raw(s, &key, &param) {
                        Ok(raw) => Incoming::Event(raw),
                        Err((code, message, _)) => Incoming::Refused {
                            event_id: s.identifier.clone(),
                            code: if code == "parameter_missing" {
                                "missing_customer_id"
                            } else {
                                "invalid_event"
                            },
                            message,
                        },
                    });
                }
                Err((_, message, _)) => {
                    about.push((None, DEFAULT_CUSTOMER_KEY.to_string()));
                    items.push(Incoming::Refused {
                        event_id: None,
                        code: "invalid_event",
                        message: message.clone(),
                    });
                }
            }
        }
        let outcome = pipeline::run_together(
            lease,
            items,
            Source::Stripe { api_key_id: key_id },
            &rules,
            &together,
        )?;
        let mut refusals = Vec::new();
        for (i, (verdict, (identifier, key))) in outcome.verdicts.iter().zip(about).enumerate() {
            if let Verdict::Rejected { code, message } = verdict {
                let at = format!("events[{i}].");
                let param = |k: &str| match k.strip_prefix('@') {
                    Some(top) => format!("{at}{top}"),
                    None => format!("{at}payload.{k}"),
                };
                refusals.push((
                    i,
                    identifier,
                    events::param_of_refusal(code, &key, &param),
                    events::stripe_words(message),
                ));
            }
        }
        Ok::<_, StripeError>(refusals)
    })
    .await?;
    if refusals.is_empty() {
        return Ok(HttpResponse::Accepted().json(json!({})));
    }
    let listed: Vec<String> = refusals
        .iter()
        .map(|(i, id, _, m)| match id {
            Some(id) => format!("events[{i}] ({id}): {m}"),
            None => format!("events[{i}]: {m}"),
        })
        .collect();
    Err(StripeError::invalid(
        "meter_events_rejected",
        format!(
            "{} event(s) were refused and not stored; the others were stored (a resend of the same identifiers is safe). {}",
            refusals.len(),
            listed.join(" | ")
        ),
        Some(&refusals[0].2),
    ))
}

/// `POST /v2/billing/meter_events` (API key): one event; answered as stored.
pub async fn create(
    state: web::Data<AppState>,
    client: ApiClient,
    body: V2Body,
) -> Result<HttpResponse, StripeError> {
    let sent = read_event(&Value::Object(body.0), "").map_err(refused)?;
    let rules = Rules::api(Utc::now(), state.config.max_event_age_days);
    let key_id = client.key_id;
    let together = state.together.clone();
    let event = db::run_leased(&state.pool, move |lease| {
        let param = |k: &str| match k.strip_prefix('@') {
            Some(top) => top.to_string(),
            None => format!("payload.{k}"),
        };
        events::ingest_one(lease, sent, key_id, &rules, &param, &together)
    })
    .await?;
    Ok(HttpResponse::Ok().json(event.v2()))
}

/// `POST /v2/billing/meter_event_adjustments` (API key): `{"event_name", "type": "cancel",
/// "cancel": {"identifier"}}`.
pub async fn adjust(
    state: web::Data<AppState>,
    client: ApiClient,
    body: V2Body,
) -> Result<HttpResponse, StripeError> {
    let mut obj = body.0;
    let text = |obj: &Map<String, Value>, key: &str, at: &str| text_of(obj, key, at).map_err(refused);
    let event_name = text(&obj, "event_name", "")?
        .filter(|n| !n.is_empty())
        .ok_or_else(|| StripeError::missing("event_name"))?;
    let kind = text(&obj, "type", "")?.unwrap_or_else(|| "cancel".into());
    events::check_type(&kind, "type")?;
    let identifier = match obj.remove("cancel") {
        Some(Value::Object(c)) => text(&c, "identifier", "cancel.")?.filter(|i| !i.is_empty()),
        _ => None,
    }
    .ok_or_else(|| StripeError::missing("cancel.identifier"))?;
    if let Some(k) = obj.keys().find(|k| !matches!(k.as_str(), "event_name" | "type")) {
        return Err(StripeError::invalid(
            "parameter_unknown",
            format!("Received unknown parameter: {k}."),
            Some(k),
        ));
    }
    let cancel_of = Cancel {
        event_name,
        identifier,
    };
    let actor = client.actor();
    let asked = cancel_of.clone();
    let voided_at = db::run(&state.pool, move |c| {
        let param = |k: &str| match k.strip_prefix('@') {
            Some(top) => top.to_string(),
            None => format!("cancel.{k}"),
        };
        events::cancel(c, &actor, &cancel_of, &param)
    })
    .await?;
    Ok(HttpResponse::Ok().json(objects::adjustment_v2(
        &asked.event_name,
        &asked.identifier,
        voided_at,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v2_events_are_read_with_their_names() {
        let ok = read_event(
            &json!({"event_name": "a", "payload": {"k": "v"}, "timestamp": "2026-01-01T00:00:00Z"}),
            "events[0].",
        )
        .unwrap();
        assert_eq!((ok.event_name.as_str(), ok.identifier), ("a", None));
        let e = read_event(&json!({"payload": {}}), "events[2].").unwrap_err();
        assert_eq!(e.2, "events[2].event_name");
        let e = read_event(
            &json!({"event_name": "a", "payload": {}, "extra": 1}),
            "events[1].",
        )
        .unwrap_err();
        assert_eq!(
            (e.0.as_str(), e.2.as_str()),
            ("parameter_unknown", "events[1].extra")
        );
        let e = read_event(&json!({"event_name": "a", "payload": "x"}), "").unwrap_err();
        assert_eq!(e.2, "payload");
        let e = read_event(&json!(3), "events[0].").unwrap_err();
        assert_eq!(e.2, "events[0]");
    }
}
