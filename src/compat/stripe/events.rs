//! Stripe's meter events and cancel adjustments, v1 (form-encoded) and the mapping v2 shares.
//!
//! A meter event becomes a Meterdesk event through the one ingest pipeline, its lineage the
//! `stripe` surface and the API key: `identifier` → `event_id` (a generated `mev_…` when
//! absent), `payload[<customer key>]` → `customer_id` (the key of the active meters listening
//! to the event name; Stripe's default `stripe_customer_id` when they disagree or none
//! listens), the rest of `payload` → metadata, `timestamp` → timestamp. A repeated identifier
//! is counted once and answered with the stored event. A cancel adjustment voids the event
//! (its identifier stays taken), with an audit row.

use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::errors::StripeError;
use super::objects::{self, MeterEvent};
use super::params::Form;
use crate::analytics::events::repo as stored;
use crate::audit::Actor;
use crate::auth::model::ApiClient;
use crate::db::{self, Conn, Link};
use crate::error::AppError;
use crate::ingest::model::{Incoming, RawEvent, Rules, Source, Verdict};
use crate::ingest::pipeline;
use crate::ingest::together::Together;
use crate::ingest::void::{self, VoidError, VoidRequest};
use crate::meters::payload_keys::DEFAULT_CUSTOMER_KEY;
use crate::state::AppState;

/// The reason a cancel adjustment's void keeps.
pub const CANCEL_REASON: &str = "Stripe meter event adjustment (cancel)";

/// A meter event as sent, v1 or v2, before it is mapped.
#[derive(Debug, Clone)]
pub struct SentEvent {
    pub event_name: String,
    pub identifier: Option<String>,
    /// As sent: Unix seconds (v1) or RFC 3339 (v2).
    pub timestamp: Option<String>,
    pub payload: Map<String, Value>,
}

/// How the request names a field of its event: `@timestamp` stands for the event's own field
/// (`timestamp`, `events[3].timestamp`), a plain name for a payload key (`payload[k]`,
/// `events[3].payload.k`).
pub type ParamOf<'a> = &'a dyn Fn(&str) -> String;

/// The customer key of each event name: the active meters' key when they agree, else Stripe's
/// default.
pub fn customer_keys(conn: &mut Conn, names: &[&str]) -> Result<HashMap<String, String>, AppError> {
    let mut out = HashMap::new();
    for name in names {
        if out.contains_key(*name) {
            continue;
        }
        let keys = crate::meters::repo::customer_keys_for_event(conn, name)?;
        let key = match keys.as_slice() {
            [one] => one.clone(),
            _ => DEFAULT_CUSTOMER_KEY.to_string(),
        };
        out.insert(name.to_string(), key);
    }
    Ok(out)
}

/// The pipeline's event, or why the payload cannot be one: (code, message, param).
pub fn to_raw(
    sent: &SentEvent,
    customer_key: &str,
    param: ParamOf<'_>,
) -> Result<RawEvent, (String, String, String)> {
    let mut metadata = sent.payload.clone();
    let customer_id = match metadata.remove(customer_key) {
        Some(Value::String(s)) if !s.is_empty() => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => {
            return Err((
                "parameter_invalid".into(),
                format!(
                    "{} names the customer: give the customer's id as text.",
                    param(customer_key)
                ),
                param(customer_key),
            ));
        }
        None => {
            return Err((
                "parameter_missing".into(),
                format!(
                    "Missing required param: {}. The meters of {:?} find the customer under the payload key {customer_key:?}.",
                    param(customer_key),
                    sent.event_name
                ),
                param(customer_key),
            ));
        }
    };
    Ok(RawEvent {
        event_id: sent
            .identifier
            .clone()
            .unwrap_or_else(|| crate::ids::new_id("mev")),
        customer_id,
        event_name: sent.event_name.clone(),
        timestamp: sent.timestamp.clone(),
        metadata,
        upload_row: None,
    })
}

/// The request's name for the field a pipeline refusal is about.
pub fn param_of_refusal(code: &str, customer_key: &str, param: ParamOf<'_>) -> String {
    match code {
        "unknown_customer" | "missing_customer_id" => param(customer_key),
        "invalid_timestamp" | "timestamp_in_future" | "timestamp_too_old" => param("@timestamp"),
        "invalid_event_id" => param("@identifier"),
        "missing_event_name" | "invalid_event_name" => param("@event_name"),
        _ => param("@payload"),
    }
}

/// A pipeline message in Stripe's words: metadata is the payload.
pub fn stripe_words(message: &str) -> String {
    message.replace("metadata.", "payload.")
}

/// A stored event as Stripe shows it (a repeated identifier is answered with it).
fn stored_event(conn: &mut Conn, id: &str, customer_key: &str) -> Result<Option<MeterEvent>, AppError> {
    let row = match stored::find_event(conn, id)? {
        Some(row) => Some(row),
        None => stored::find_voided(conn, id, 1)?
            .into_iter()
            .next()
            .map(|v| v.split().0),
    };
    Ok(row.map(|r| MeterEvent {
        payload: objects::payload(
            customer_key,
            &r.customer_id,
            &crate::analytics::events::model::metadata_map(&r.metadata),
        ),
        event_name: r.event_name,
        identifier: r.event_id,
        timestamp: r.ts,
        created: r.received_at,
    }))
}

/// Ingests one meter event; answers it as stored (the earlier one for a repeated identifier).
pub fn ingest_one<L: Link + ?Sized>(
    link: &mut L,
    sent: SentEvent,
    api_key_id: i64,
    rules: &Rules,
    param: ParamOf<'_>,
    together: &Together,
) -> Result<MeterEvent, StripeError> {
    let keys = customer_keys(link.conn()?, &[sent.event_name.as_str()])?;
    let customer_key = keys
        .get(&sent.event_name)
        .cloned()
        .unwrap_or_else(|| DEFAULT_CUSTOMER_KEY.to_string());
    let raw = to_raw(&sent, &customer_key, param)
        .map_err(|(code, message, p)| StripeError::invalid(&code, message, Some(&p)))?;
    let event_id = raw.event_id.clone();
    let outcome = pipeline::run_together(
        link,
        vec![Incoming::Event(raw.clone())],
        Source::Stripe { api_key_id },
        rules,
        together,
    )?;
    match outcome.verdicts.first() {
        Some(Verdict::Ingested { .. }) => {
            let timestamp = match &raw.timestamp {
                Some(t) => crate::metering::parse_timestamp(t).unwrap_or(rules.now),
                None => rules.now,
            };
            Ok(MeterEvent {
                payload: objects::payload(&customer_key, &raw.customer_id, &raw.metadata),
                event_name: raw.event_name,
                identifier: event_id,
                timestamp,
                created: rules.now,
            })
        }
        Some(Verdict::Duplicate) => stored_event(link.conn()?, &event_id, &customer_key)?.ok_or_else(|| {
            AppError::internal(format!("event {event_id} is a duplicate but not stored")).into()
        }),
        Some(Verdict::Rejected { code, message }) => Err(StripeError::invalid(
            code,
            stripe_words(message),
            Some(&param_of_refusal(code, &customer_key, param)),
        )),
        None => Err(AppError::internal("ingest gave no verdict").into()),
    }
}

/// `POST /v1/billing/meter_events`: `event_name`, `identifier`, `timestamp` (Unix seconds),
/// `payload[…]`.
pub async fn create(
    state: web::Data<AppState>,
    client: ApiClient,
    form: Form,
) -> Result<HttpResponse, StripeError> {
    let mut p = form.0;
    let event_name = p.required("event_name")?;
    let identifier = p.text("identifier")?.filter(|i| !i.is_empty());
    let timestamp = p.integer("timestamp")?.map(|s| s.to_string());
    let payload = p
        .hash("payload")?
        .ok_or_else(|| StripeError::missing("payload"))?
        .into_texts()?
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    p.ignore("expand");
    p.finish()?;
    let sent = SentEvent {
        event_name,
        identifier,
        timestamp,
        payload,
    };
    let rules = Rules::api(Utc::now(), state.config.max_event_age_days);
    let key_id = client.key_id;
    let together = state.together.clone();
    let event = db::run_leased(&state.pool, move |lease| {
        let param = |k: &str| match k.strip_prefix('@') {
            Some(top) => top.to_string(),
            None => format!("payload[{k}]"),
        };
        ingest_one(lease, sent, key_id, &rules, &param, &together)
    })
    .await?;
    Ok(HttpResponse::Ok().json(event.v1()))
}

/// A cancel adjustment as sent: the event's name and identifier.
#[derive(Debug, Clone)]
pub struct Cancel {
    pub event_name: String,
    pub identifier: String,
}

/// Voids the event a cancel adjustment names. `param` names the request's fields
/// (`cancel[identifier]`, `cancel.identifier`).
pub fn cancel(
    conn: &mut Conn,
    actor: &Actor,
    c: &Cancel,
    param: ParamOf<'_>,
) -> Result<DateTime<Utc>, StripeError> {
    let request = VoidRequest {
        event_id: &c.identifier,
        reason: CANCEL_REASON,
        event_name: Some(&c.event_name),
    };
    match void::void(conn, actor, &request) {
        Ok(v) => Ok(v.voided_at),
        Err(e @ VoidError::NotFound { .. }) => Err(StripeError::not_found(
            format!("No such meter event: '{}'. {e}", c.identifier),
            &param("identifier"),
        )),
        Err(e @ VoidError::AlreadyVoided { .. }) => Err(StripeError::invalid(
            "meter_event_already_cancelled",
            e.to_string(),
            Some(&param("identifier")),
        )),
        Err(e @ VoidError::WrongEventName { .. }) => Err(StripeError::invalid(
            "parameter_invalid",
            e.to_string(),
            Some(&param("@event_name")),
        )),
        Err(VoidError::InvalidReason(m)) => Err(AppError::internal(m).into()),
        Err(VoidError::Other(e)) => Err(e.into()),
    }
}

/// The `type` of an adjustment: only `cancel` exists.
pub fn check_type(kind: &str, param: &str) -> Result<(), StripeError> {
    if kind == "cancel" {
        Ok(())
    } else {
        Err(StripeError::invalid(
            "parameter_invalid",
            format!("{param} is cancel, not {kind:?}: cancelling one event is the only adjustment."),
            Some(param),
        ))
    }
}

/// `POST /v1/billing/meter_event_adjustments`: `event_name`, `type=cancel`,
/// `cancel[identifier]`.
pub async fn adjust(
    state: web::Data<AppState>,
    client: ApiClient,
    form: Form,
) -> Result<HttpResponse, StripeError> {
    let mut p = form.0;
    let event_name = p.required("event_name")?;
    let kind = p.text("type")?.unwrap_or_else(|| "cancel".into());
    check_type(&kind, "type")?;
    let mut c = p
        .hash("cancel")?
        .ok_or_else(|| StripeError::missing("cancel[identifier]"))?;
    let identifier = c.required("identifier")?;
    c.finish()?;
    p.ignore("expand");
    p.finish()?;
    let cancel_of = Cancel {
        event_name,
        identifier,
    };
    let actor = client.actor();
    let done = cancel_of.clone();
    db::run(&state.pool, move |conn| {
        let param = |k: &str| match k.strip_prefix('@') {
            Some(top) => top.to_string(),
            None => format!("cancel[{k}]"),
        };
        cancel(conn, &actor, &cancel_of, &param)
    })
    .await?;
    Ok(HttpResponse::Ok().json(objects::adjustment_v1(&done.event_name, &done.identifier)))
}
